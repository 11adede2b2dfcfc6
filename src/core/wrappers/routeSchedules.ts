import { explainCron } from '../cron/engine';
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
