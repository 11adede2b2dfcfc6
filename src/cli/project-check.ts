import { compareCodes } from '../core/codes';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkCronRoutes, type ProjectFileFindings } from '../core/routes/check';
import { isEnvFile } from '../core/routes/envSecret';
import { checkVercelJson } from '../core/vercel/check';
import { absentVercelJson, parseVercelJson, unreadableVercelJson, type VercelDoc } from '../core/vercel/model';
import type { ProjectModel } from '../core/vercel/projectModel';
import { projectRoots } from '../core/vercel/projectRoots';
import { type Finding, type Fix, hasFixes } from '../core/vercel/rules/types';
import type { Settings } from '../core/settings';
import { LineMap } from '../core/positions';
import { type FileOverlay, filesUnder, findWorkspace, loadProject, peekProjectFile, projectPaths, walkFiles } from './workspace';

/**
 * A finding of a one-shot run, as plain data: its syntax tree is released as soon as the file is
 * checked. `fixes` is built only for `fix`; `check` reports whether there is one.
 */
export interface CliFinding extends Omit<Finding, 'fixes'> {
  fixable: boolean;
  fixes?: Fix[];
}

export interface FileFindings {
  /** Absolute path of the vercel.json, route or env file the findings are about (an app's folder for `app`). */
  file: string;
  /** The same file as reports name it: relative to the checked folder, with `/`. */
  reported: string;
  /** The project root (the folder of its vercel.json, or the app's): fixes name other files relative to it. */
  root: string;
  text: string;
  findings: CliFinding[];
  /** Why the file was not analysed (unread, unparsable, too deep for the analysis): no findings, and not clean. */
  notAnalysed?: string;
  /** What checking the file threw: a failure of ours, reported as such and never as a finding. */
  internalError?: unknown;
  /** A cron route file: the text summary counts them (every one checked has an entry, clean or not). */
  cronRoute?: boolean;
  /** Why the route's handler was not analysed (the rest of the file was): listed as not analysed beside its findings. */
  handlerNotAnalysed?: string;
  /**
   * A Next.js app without a vercel.json, checked as a project of its own: the entry stands for the
   * app (the text summary counts them), with no findings; its internal error when its route list failed.
   */
  app?: true;
}

/** What a run keeps of a finding: the fixes themselves when it applies them. */
function settler(withFixes: boolean): (finding: Finding) => CliFinding {
  return withFixes
    ? ({ code, severity, message, span, fixes }) => ({ code, severity, message, span, fixable: fixes.length > 0, fixes })
    : (finding) => ({ code: finding.code, severity: finding.severity, message: finding.message, span: finding.span, fixable: hasFixes(finding) });
}

export interface CliDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Finding['severity'];
  code: string;
  message: string;
  fixable: boolean;
}

/**
 * Runs exactly the editor's rules on every project below `folder`: each vercel.json with its
 * app's cron routes, and each Next.js app without a vercel.json (core/vercel/projectRoots.ts)
 * with the cron routes `cronRouteGlob` names (nothing schedules them); `withFixes` builds every
 * finding's fixes. Each file is checked on its own: what one file throws is that file's internal
 * error, and the others are still checked. Files that were not analysed (not readable as regular
 * files, not parsable, too deep for the analysis) are listed with why.
 */
export function checkFolder(folder: string, settings: Settings, overlay: FileOverlay, now: Date, withFixes = false): FileFindings[] {
  const settle = settler(withFixes);
  const files = walkFiles(folder, overlay.unread);
  const results: FileFindings[] = [];
  const inFolder = projectPaths(folder);
  const reportedIn = (file: string) => path.relative(folder, file).split(path.sep).join('/');
  let listed: Set<string> | undefined;
  const isListed = (file: string) => (listed ??= new Set(files)).has(file);
  // Whether a package.json names next is asked without listing it as unread: a folder that is no
  // project says nothing, as before; an app's own check reads it again and says why it could not.
  for (const { dir: prefix, kind } of projectRoots(files, (file) => peekProjectFile(overlay, inFolder(file)))) {
    const root = path.join(folder, prefix);
    const inRoot = projectPaths(root);
    const app = kind === 'app';
    const reported = app ? prefix || '.' : prefix ? `${prefix}/vercel.json` : 'vercel.json';
    const file = app ? root : path.join(root, 'vercel.json');
    let project: ProjectModel;
    let doc: VercelDoc;
    try {
      const text = app ? undefined : overlay.read(file);
      const unread = app ? undefined : overlay.unread.get(file);
      // Gone since the walk: nothing to check. Unreadable: config-unreadable says so, on the file.
      if (!app && text === undefined && unread === undefined) continue;
      if (!app) overlay.unread.delete(file);
      const rootFiles = prefix ? filesUnder(files, prefix) : files;
      // The app's workspace, if any, up to the folder checked: its packages' imports are followed.
      project = loadProject(root, overlay, rootFiles, findWorkspace(folder, prefix, files, isListed, overlay));
      if (app) {
        // No vercel.json: nothing schedules a route, and there is no file to report on.
        doc = absentVercelJson();
        results.push({ file, reported, root, text: '', findings: [], app: true });
      } else {
        doc = text === undefined ? unreadableVercelJson(unread!) : parseVercelJson(text);
        const findings = checkVercelJson(doc, { plan: settings.plan, now, project, rules: settings.rules });
        results.push({ file, reported, root, text: doc.text, findings: findings.map(settle) });
      }
    } catch (error) {
      results.push({ file, reported, root, text: '', findings: [], internalError: error, ...(app ? { app: true as const } : {}) });
      continue;
    }
    let routes: ProjectFileFindings<CliFinding>[];
    try {
      routes = checkCronRoutes(
        doc,
        project,
        { plan: settings.plan, fluidCompute: settings.fluidCompute, rules: settings.rules, cronRouteGlob: settings.cronRouteGlob, readSecrets: true },
        settle,
      );
    } catch (error) {
      // Outside any one route (the middleware, the route list): the project's routes went unchecked.
      results.push({ file, reported, root, text: '', findings: [], internalError: error });
      continue;
    }
    for (const route of routes) {
      const absolute = inRoot(route.file);
      // The route check's results are its cron route files, then the app's env files.
      const cronRoute = !isEnvFile(route.file);
      const shown = prefix ? `${prefix}/${route.file}` : route.file;
      if (route.internalError !== undefined || route.notAnalysed !== undefined) {
        // The reader knows better than the core why a file was not read (a FIFO, too large).
        const notAnalysed = route.notAnalysed === undefined ? undefined : (overlay.unread.get(absolute) ?? route.notAnalysed);
        overlay.unread.delete(absolute);
        results.push({ file: absolute, reported: shown, root, text: '', findings: [], notAnalysed, internalError: route.internalError, cronRoute });
        continue;
      }
      const handlerNotAnalysed = route.handlerNotAnalysed;
      const routeText = route.findings.length ? project.readFile(route.file) : undefined;
      if (routeText !== undefined) results.push({ file: absolute, reported: shown, root, text: routeText, findings: route.findings, cronRoute, handlerNotAnalysed });
      // A clean route still counts as analysed (or not) in the summary: an entry without findings.
      else if (cronRoute || handlerNotAnalysed !== undefined) results.push({ file: absolute, reported: shown, root, text: '', findings: [], cronRoute, handlerNotAnalysed });
    }
  }
  // Other files the checks needed and could not read: package.json, tsconfig.json, a helper, next.config.
  for (const [file, reason] of [...overlay.unread].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    results.push({ file, reported: reportedIn(file), root: path.dirname(file), text: '', findings: [], notAnalysed: reason });
  }
  return results;
}

/** A file that could not be analysed, or whose check failed: named as reports name files. */
export interface FileNotice {
  file: string;
  reason: string;
  /** A cron route (text output counts them apart from other files); not part of the JSON. */
  cronRoute?: boolean;
}

/** How many cron route files a run analysed, and how many it could not (wholly or their handler). */
export interface CronRouteCounts {
  analysed: number;
  notAnalysed: number;
}

/**
 * What a run could not check, beside its diagnostics: its internal errors, and the files it did
 * not analyse (with the settings file when it exists and was not read), by file name.
 */
export function runNotices(
  results: readonly FileFindings[],
  folder: string,
  settingsFile?: { file: string; reason: string },
): { internalErrors: InternalError[]; notAnalysed: FileNotice[]; cronRoutes: CronRouteCounts } {
  const notAnalysed = notAnalysedOf(results);
  if (settingsFile) notAnalysed.push({ file: path.relative(folder, settingsFile.file).split(path.sep).join('/'), reason: settingsFile.reason });
  return { internalErrors: internalErrorsOf(results), notAnalysed: notAnalysed.sort(byFileName), cronRoutes: cronRouteCounts(results) };
}

/**
 * What a run could not analyse, by file (as reports name them); one entry per file. A cron route
 * whose handler could not be read is one, with why, although the rest of it was checked.
 */
export function notAnalysedOf(results: readonly FileFindings[]): FileNotice[] {
  const byFile = new Map<string, FileNotice>();
  for (const result of results) {
    const reason = result.notAnalysed ?? result.handlerNotAnalysed;
    if (reason !== undefined && !byFile.has(result.reported)) byFile.set(result.reported, { file: result.reported, reason, ...(result.cronRoute ? { cronRoute: true } : {}) });
  }
  return [...byFile.values()].sort(byFileName);
}

/** Cron routes analysed, and not (wholly, or their handler); a route whose check failed is neither: it is an internal error. */
export function cronRouteCounts(results: readonly FileFindings[]): CronRouteCounts {
  const analysed = new Set<string>();
  const notAnalysed = new Set<string>();
  for (const result of results) {
    if (!result.cronRoute || result.internalError !== undefined) continue;
    if (result.notAnalysed !== undefined || result.handlerNotAnalysed !== undefined) notAnalysed.add(result.reported);
    else analysed.add(result.reported);
  }
  for (const file of notAnalysed) analysed.delete(file);
  return { analysed: analysed.size, notAnalysed: notAnalysed.size };
}

export interface InternalError {
  file: string;
  message: string;
  /** The thrown value's stack, for NCR_DEBUG. */
  stack: string | undefined;
}

/** What a run failed to check, by file: each a bug of ours, never a finding. */
export function internalErrorsOf(results: readonly FileFindings[]): InternalError[] {
  const errors: InternalError[] = [];
  for (const result of results) {
    if (result.internalError === undefined) continue;
    const error = result.internalError;
    errors.push({ file: result.reported, message: errorMessage(error), stack: error instanceof Error ? error.stack : undefined });
  }
  return errors.sort(byFileName);
}

/** A thrown value as one line of text. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim() || 'unknown error';
}

function byFileName(a: { file: string }, b: { file: string }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/**
 * How text output names a file reports call `reported` (relative to the checked folder, with /):
 * relative to the current directory, as ESLint does, so a terminal or an editor opens
 * `apps/web/vercel.json:3:5` from where the command ran. JSON and SARIF keep `reported`.
 */
export function shownPaths(cwd: string, folder: string): (reported: string) => string {
  const prefix = path.relative(cwd, folder).split(path.sep).join('/');
  return prefix ? (reported) => `${prefix}/${reported}` : (reported) => reported;
}

/**
 * The a/ and b/ names of `fix --dry-run`'s diff, so that `git apply` run where the command ran
 * applies it: the shown paths when the folder is the current directory or below it. git refuses
 * paths with "..", so for a folder elsewhere they stay relative to the folder (`git -C <folder> apply`).
 */
export function diffPaths(cwd: string, folder: string): (reported: string) => string {
  const prefix = path.relative(cwd, folder).split(path.sep).join('/');
  return prefix === '..' || prefix.startsWith('../') || path.isAbsolute(prefix) ? (reported) => reported : shownPaths(cwd, folder);
}

/** How many projects a run checked, for the text summary: vercel.json files, and Next.js apps without one. */
export interface ProjectCounts {
  vercelJson: number;
  appsWithoutVercelJson: number;
}

/** The projects a run checked (a project whose check failed outright is not counted: it is an internal error). */
export function projectCounts(results: readonly FileFindings[]): ProjectCounts {
  const checked = results.filter((r) => r.internalError === undefined && r.notAnalysed === undefined);
  return {
    vercelJson: checked.filter((r) => !r.app && /(^|[\\/])vercel\.json$/.test(r.file)).length,
    appsWithoutVercelJson: checked.filter((r) => r.app).length,
  };
}

export function toCliDiagnostics(results: FileFindings[]): CliDiagnostic[] {
  const diagnostics: CliDiagnostic[] = [];
  for (const result of results) {
    const lines = new LineMap(result.text);
    const file = result.reported;
    for (const finding of result.findings) {
      const start = lines.position(finding.span.start);
      const end = lines.position(finding.span.end);
      diagnostics.push({
        file,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        severity: finding.severity,
        code: finding.code,
        message: finding.message,
        fixable: finding.fixable,
      });
    }
  }
  return diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || compareCodes(a.code, b.code));
}

export function isReadableFolder(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory() && (fs.readdirSync(folder), true);
  } catch {
    return false;
  }
}
