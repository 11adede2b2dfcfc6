import { compareCodes } from '../core/codes';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkCronRoutes } from '../core/routes/check';
import { checkVercelJson } from '../core/vercel/check';
import { parseVercelJson } from '../core/vercel/model';
import { type Finding, type Fix, hasFixes } from '../core/vercel/rules/types';
import type { Settings } from '../core/settings';
import { LineMap } from '../core/positions';
import { type FileOverlay, findVercelJsonFiles, loadProject, projectPaths, walkFiles } from './workspace';

/**
 * A finding of a one-shot run, as plain data: its syntax tree is released as soon as the file is
 * checked. `fixes` is built only for `fix`; `check` reports whether there is one.
 */
export interface CliFinding extends Omit<Finding, 'fixes'> {
  fixable: boolean;
  fixes?: Fix[];
}

export interface FileFindings {
  /** Absolute path of the vercel.json, route or env file the findings are about. */
  file: string;
  /** The same file as reports name it: relative to the checked folder, with `/`. */
  reported: string;
  /** The project root (the folder of its vercel.json): fixes name other files relative to it. */
  root: string;
  text: string;
  findings: CliFinding[];
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

/** Runs exactly the editor's rules on every vercel.json below `folder`; `withFixes` builds every finding's fixes. */
export function checkFolder(folder: string, settings: Settings, overlay: FileOverlay, now: Date, withFixes = false): FileFindings[] {
  const settle = settler(withFixes);
  const files = walkFiles(folder);
  const results: FileFindings[] = [];
  for (const file of findVercelJsonFiles(folder, files)) {
    const text = overlay.read(file);
    if (text === undefined) continue;
    const root = path.dirname(file);
    const prefix = path.relative(folder, root).split(path.sep).join('/');
    const rootFiles = prefix ? files.filter((f) => f.startsWith(`${prefix}/`)).map((f) => f.slice(prefix.length + 1)) : files;
    const project = loadProject(root, overlay, rootFiles);
    const doc = parseVercelJson(text);
    const inRoot = projectPaths(root);
    const findings = checkVercelJson(doc, { plan: settings.plan, now, project, rules: settings.rules });
    results.push({ file, reported: prefix ? `${prefix}/vercel.json` : 'vercel.json', root, text, findings: findings.map(settle) });
    const routes = checkCronRoutes(
      doc,
      project,
      { plan: settings.plan, fluidCompute: settings.fluidCompute, rules: settings.rules, cronRouteGlob: settings.cronRouteGlob, readSecrets: true },
      settle,
    );
    for (const route of routes) {
      const routeText = project.readFile(route.file);
      if (routeText === undefined || !route.findings.length) continue;
      results.push({ file: inRoot(route.file), reported: prefix ? `${prefix}/${route.file}` : route.file, root, text: routeText, findings: route.findings });
    }
  }
  return results;
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

/** How many vercel.json files a run checked, for the text summary. */
export function vercelJsonCount(results: readonly FileFindings[]): number {
  return results.filter((r) => /(^|[\\/])vercel\.json$/.test(r.file)).length;
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
