import { explainCron } from '../cron/engine';
import { isValidTimeZone } from '../time/zones';
import type { RouteRuleContext } from '../routes/context';
import { stringValue, type JsonValue, type VercelDoc } from '../vercel/model';
import { appPathOf, splitCronPath } from '../vercel/projectRoutes';

export interface RouteSchedule {
  schedule: string;
  value: JsonValue;
}

/**
 * The `crons` schedules of every vercel.json entry that requests this route file (`cronPaths` are
 * the paths the route check resolved to it). Vercel Schedules entries are left out: they run in
 * their own time zone, which the UTC slot keys do not model.
 */
export function routeSchedules(ctx: RouteRuleContext): RouteSchedule[] {
  const found: RouteSchedule[] = [];
  if (ctx.cronPaths.length === 0) return found;
  const byPath = schedulesByPath(ctx.doc, ctx.project.config.basePath);
  // In vercel.json order, whichever path of the route each entry requests; the first of equal schedules.
  const entries = ctx.cronPaths.flatMap((path) => byPath.get(path) ?? []).sort((a, b) => a.order - b.order);
  for (const { schedule, value } of entries) if (!found.some((f) => f.schedule === schedule)) found.push({ schedule, value });
  return found;
}

interface IndexedSchedule extends RouteSchedule {
  /** Position in `crons`. */
  order: number;
}

/**
 * The doc's cron schedules by app path, built once per parsed vercel.json: every cron route asks,
 * and scanning every entry per route made a check quadratic in the number of crons.
 */
const scheduleIndexes = new WeakMap<VercelDoc, { basePath: string; byPath: Map<string, IndexedSchedule[]> }>();

function schedulesByPath(doc: VercelDoc, basePath: string): Map<string, IndexedSchedule[]> {
  const cached = scheduleIndexes.get(doc);
  if (cached && cached.basePath === basePath) return cached.byPath;
  const byPath = new Map<string, IndexedSchedule[]>();
  doc.crons.forEach((cron, order) => {
    const path = stringValue(cron.path);
    const schedule = stringValue(cron.schedule);
    if (!path?.startsWith('/') || schedule === undefined || !cron.schedule) return;
    const appPath = appPathOf(splitCronPath(path).pathname, basePath);
    if (appPath === undefined) return;
    const list = byPath.get(appPath) ?? [];
    list.push({ schedule, value: cron.schedule, order });
    byPath.set(appPath, list);
  });
  scheduleIndexes.set(doc, { basePath, byPath });
  return byPath;
}

/** Validity and interval per expression: every check of every route asks, and they never change. */
const readings = new Map<string, { valid: boolean; intervalSeconds: number | undefined }>();

function reading(schedule: string): { valid: boolean; intervalSeconds: number | undefined } {
  let found = readings.get(schedule);
  if (!found) {
    if (readings.size > 500) readings.clear();
    const explanation = explainCron(schedule, { dialect: 'vercel', plan: 'pro', runs: 0, from: new Date(0) });
    found = { valid: explanation.valid, intervalSeconds: explanation.shortestIntervalSeconds };
    readings.set(schedule, found);
  }
  return found;
}

/** The one valid schedule a guard or monitor can carry; undefined when there is none or several. */
export function singleSchedule(ctx: RouteRuleContext): { schedule: string; intervalSeconds: number | undefined } | undefined {
  const schedules = routeSchedules(ctx);
  if (schedules.length !== 1) return undefined;
  const { valid, intervalSeconds } = reading(schedules[0]!.schedule);
  return valid ? { schedule: schedules[0]!.schedule, intervalSeconds } : undefined;
}

/** What the duplicate-run guard carries: the schedule, and the zone of a Schedules entry that is not UTC. */
export interface GuardSchedule {
  schedule: string;
  intervalSeconds: number | undefined;
  /** The Schedules entry's `timezone`; undefined for crons and for entries in UTC, whose slots are UTC's. */
  timeZone: string | undefined;
}

/** Zone names that are UTC itself: such an entry keys its runs as a cron's. */
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu']);

/**
 * The Schedules `path` entries that request this route, as guard schedules; null when one of them
 * cannot be keyed by its scheduled time: a timezone or jitter that is no valid value, or a jitter
 * of at least the schedule's shortest interval (a late run could then start after the next slot).
 */
function pathScheduleEntries(ctx: RouteRuleContext): GuardSchedule[] | null {
  const found: GuardSchedule[] = [];
  if (ctx.cronPaths.length === 0 || !ctx.doc.schedules.length) return found;
  const basePath = ctx.project.config.basePath;
  for (const entry of ctx.doc.schedules) {
    const path = stringValue(entry.path);
    if (entry.target !== 'path' || !path?.startsWith('/')) continue;
    const appPath = appPathOf(splitCronPath(path).pathname, basePath);
    if (appPath === undefined || !ctx.cronPaths.includes(appPath)) continue;
    const schedule = stringValue(entry.schedule);
    const zone = entry.timezone ? stringValue(entry.timezone) : 'UTC';
    const jitter = entry.jitter ? entry.jitter.node.value : 0;
    if (schedule === undefined || zone === undefined || !isValidTimeZone(zone) || typeof jitter !== 'number' || !Number.isInteger(jitter) || jitter < 0 || jitter > 15) return null;
    const { valid, intervalSeconds } = reading(schedule);
    if (!valid) return null;
    if (jitter > 0 && (intervalSeconds === undefined || jitter * 60 >= intervalSeconds)) return null;
    found.push({ schedule, intervalSeconds, timeZone: UTC_NAMES.has(zone) ? undefined : zone });
  }
  return found;
}

/**
 * The one schedule the duplicate-run guard keys this route's runs by, from its crons entries and
 * the Schedules entries whose `path` requests it; undefined when there is none, several, or one
 * whose runs cannot be told apart by their scheduled time.
 */
export function guardSchedule(ctx: RouteRuleContext): GuardSchedule | undefined {
  const fromSchedules = pathScheduleEntries(ctx);
  if (fromSchedules === null) return undefined;
  const candidates: GuardSchedule[] = routeSchedules(ctx).map(({ schedule }) => ({ schedule, ...reading(schedule), timeZone: undefined }));
  for (const entry of fromSchedules) if (!candidates.some((c) => c.schedule === entry.schedule && c.timeZone === entry.timeZone)) candidates.push(entry);
  if (candidates.length !== 1) return undefined;
  const [only] = candidates;
  return reading(only!.schedule).valid ? { schedule: only!.schedule, intervalSeconds: only!.intervalSeconds, timeZone: only!.timeZone } : undefined;
}
