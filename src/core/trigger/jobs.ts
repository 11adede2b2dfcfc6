import { explainCron } from '../cron/engine';
import type { RouteEntry } from '../next/types';
import { formatRelative } from '../time/zones';
import type { Span } from '../types';
import { stringValue, type VercelDoc } from '../vercel/model';
import { scheduleRequestMethod, type ScheduleMethod, scheduleTimeZone } from '../vercel/scheduleTargets';

/**
 * A job of one vercel.json that can be triggered: a `crons` entry (sent GET) or a Schedules
 * `path` target (sent its `requestMethod`, POST by default), with a path and a schedule, both strings.
 */
export interface CronJob {
  path: string;
  schedule: string;
  /** The whole entry, for the CodeLens. */
  span: Span;
  method: ScheduleMethod;
  /** A Schedules entry's name and zone; absent for a cron job (UTC). */
  schedules?: { name: string | undefined; timeZone: string };
}

/** A Schedules `function` target: private, invoked by the platform, so nothing can trigger it here. */
export interface PrivateScheduleTarget {
  name: string | undefined;
  function: string;
  schedule: string | undefined;
  span: Span;
}

export function cronJobsOf(doc: VercelDoc): CronJob[] {
  const jobs: CronJob[] = [];
  for (const entry of doc.crons) {
    const path = stringValue(entry.path);
    const schedule = stringValue(entry.schedule);
    if (path === undefined || schedule === undefined) continue;
    jobs.push({ path, schedule, span: entry.span, method: 'GET' });
  }
  for (const entry of doc.schedules) {
    const path = stringValue(entry.path);
    const schedule = stringValue(entry.schedule);
    const method = scheduleRequestMethod(entry);
    if (entry.target !== 'path' || path === undefined || schedule === undefined || !method) continue;
    jobs.push({ path, schedule, span: entry.span, method, schedules: { name: entry.name, timeZone: scheduleTimeZone(entry) } });
  }
  return jobs;
}

/** The Schedules function targets, which Trigger explains instead of sending. */
export function privateScheduleTargetsOf(doc: VercelDoc): PrivateScheduleTarget[] {
  return doc.schedules.flatMap((entry) => {
    const name = stringValue(entry.function);
    return entry.target === 'function' && name !== undefined ? [{ name: entry.name, function: name, schedule: stringValue(entry.schedule), span: entry.span }] : [];
  });
}

/** Why a function target cannot be triggered from here. */
export function privateTargetExplanation(target: PrivateScheduleTarget): string {
  return `${target.name ? `"${target.name}" runs` : 'This schedule runs'} the private function ${target.function}: it has no public URL, and only Vercel's scheduler invokes it (a schedule/v1beta trigger). Run it from the Vercel dashboard or CLI; nothing here can send its run.`;
}

/** "At 03:00 · next in 5 h 12 min" for a quick pick, or why the schedule does not parse; a Schedules entry's in its own zone. */
export function describeSchedule(schedule: string, now: Date, timeZone?: string): string {
  const explanation = timeZone === undefined
    ? explainCron(schedule, { dialect: 'vercel', from: now, runs: 1 })
    : explainCron(schedule, { dialect: 'vercel-schedules', scheduleTimeZone: timeZone, from: now, runs: 1 });
  if (!explanation.description) return `${schedule} (not a valid Vercel schedule)`;
  const next = explanation.nextRuns[0];
  return `${explanation.description} ${timeZone ?? 'UTC'}${next ? ` · next ${formatRelative(next, now)}` : ''}`;
}

/** The path inside the app, basePath and query removed; undefined when outside basePath. */
export function appPathOf(cronPath: string, basePath: string): string | undefined {
  const cut = cronPath.search(/[?#]/);
  const pathname = cut === -1 ? cronPath : cronPath.slice(0, cut);
  if (!basePath) return pathname;
  if (pathname === basePath) return '/';
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
}

/** What the route-file CodeLens needs of a project: its basePath and its route table. */
export interface RouteLookup {
  config: { basePath: string };
  matchRoute(appPath: string): RouteEntry | undefined;
}

/** The cron jobs whose path `file` (relative to the app, "/"-separated) serves. */
export function jobsServedBy(jobs: readonly CronJob[], project: RouteLookup, file: string): CronJob[] {
  return jobs.filter((job) => {
    if (!job.path.startsWith('/')) return false;
    const appPath = appPathOf(job.path, project.config.basePath);
    return appPath !== undefined && project.matchRoute(appPath)?.file === file;
  });
}

const HANDLER_PATTERNS = [
  /\bexport\s+(?:async\s+)?function\s*\*?\s*(GET)\b/,
  /\bexport\s+(?:const|let|var)\s+(GET)\b/,
  /\bexport\s*\{[^}]*?\bas\s+(GET)\b[^}]*\}/,
  /\bexport\s*\{[^}]*?(?:^|[\s,{])(GET)\s*(?:,|\})/,
];

/**
 * Where the `GET` handler of a route file is named, found by pattern rather than by parsing:
 * a CodeLens must not load TypeScript, and a lens a line off in odd code is harmless.
 * Falls back to `export default` (Pages Router API routes answer every method there).
 */
export function findGetHandler(text: string): Span | undefined {
  for (const pattern of HANDLER_PATTERNS) {
    const match = pattern.exec(text);
    if (match?.[1]) {
      const start = match.index + match[0].lastIndexOf(match[1]);
      return { start, end: start + match[1].length };
    }
  }
  const fallback = /\bexport\s+default\b/.exec(text);
  return fallback ? { start: fallback.index, end: fallback.index + fallback[0].length } : undefined;
}
