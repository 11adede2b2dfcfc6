import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CronService, createCronService, isVercelConfigName, positionedDiagnostics, type PositionedDiagnostic, type ProjectFileResult, type ProjectFinding } from '../core/service';
import type { Settings } from '../core/service';
import { cliHost, type FileOverlay } from './workspace';

/** A finding of a one-shot run, as plain data (core/service/projectCheck.ts). */
export type CliFinding = ProjectFinding;

/** The findings of one file of a run, or why it was not analysed (core/service/projectCheck.ts). */
export type FileFindings = ProjectFileResult;

export type CliDiagnostic = PositionedDiagnostic;

/** The core's service over the disk as `overlay` shows it, with one set of settings and one "now" for the whole run. */
export function cliService(settings: Settings, overlay: FileOverlay, now: Date): CronService {
  return createCronService(cliHost(overlay, settings, now));
}

/**
 * Runs exactly the editor's rules on every project below `folder` (the core's checkProject):
 * each vercel.json with its app's cron routes, and each Next.js app without a vercel.json;
 * `withFixes` builds every finding's fixes.
 */
export function checkFolder(folder: string, settings: Settings, overlay: FileOverlay, now: Date, withFixes = false): FileFindings[] {
  return cliService(settings, overlay, now).checkProject(folder, { withFixes });
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
  /** Projects configured by vercel.toml or vercel.ts…, by file name. */
  otherConfigs: ReadonlyMap<string, number>;
}

/** The projects a run checked (a project whose check failed outright is not counted: it is an internal error). */
export function projectCounts(results: readonly FileFindings[]): ProjectCounts {
  const checked = results.filter((r) => r.internalError === undefined && r.notAnalysed === undefined);
  return {
    vercelJson: checked.filter((r) => !r.app && /(^|[\\/])vercel\.json$/.test(r.file)).length,
    appsWithoutVercelJson: checked.filter((r) => r.app).length,
    otherConfigs: otherConfigCounts(checked),
  };
}

function otherConfigCounts(checked: readonly FileFindings[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const result of checked) {
    const name = result.file.slice(Math.max(result.file.lastIndexOf('/'), result.file.lastIndexOf('\\')) + 1);
    if (!result.app && name !== 'vercel.json' && isVercelConfigName(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return new Map([...counts].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Every finding of a run with its position, by file, line, column and code. */
export function toCliDiagnostics(results: FileFindings[]): CliDiagnostic[] {
  return positionedDiagnostics(results);
}

export function isReadableFolder(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory() && (fs.readdirSync(folder), true);
  } catch {
    return false;
  }
}
