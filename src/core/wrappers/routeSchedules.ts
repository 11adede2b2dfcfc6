import { explainCron } from '../cron/engine';
import type { RouteRuleContext } from '../routes/context';
import { stringValue, type JsonValue } from '../vercel/model';
import { appPathOf, splitCronPath } from '../vercel/rules/project-routes';

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
  for (const cron of ctx.doc.crons) {
    const path = stringValue(cron.path);
    const schedule = stringValue(cron.schedule);
    if (!path?.startsWith('/') || schedule === undefined || !cron.schedule) continue;
    const appPath = appPathOf(splitCronPath(path).pathname, ctx.project.config.basePath);
    if (appPath === undefined || !ctx.cronPaths.includes(appPath)) continue;
    if (!found.some((f) => f.schedule === schedule)) found.push({ schedule, value: cron.schedule });
  }
  return found;
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
