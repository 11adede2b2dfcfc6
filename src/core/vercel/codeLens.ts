import { explainCron } from '../cron/engine';
import type { Plan } from '../settings';
import { formatRelative } from '../time/zones';
import type { Span } from '../types';
import { type ScheduleEntry, stringValue, type VercelDoc } from './model';
import { scheduleTimeZone } from './scheduleTargets';

export interface CoreCodeLens {
  span: Span;
  title: string;
  path: string | undefined;
}

/** One lens per cron entry ("At 03:00 UTC · next in 5 h 12 min") and per Schedules entry, in position order. */
export function getCodeLenses(doc: VercelDoc, plan: Plan, now: Date): CoreCodeLens[] {
  const lenses: CoreCodeLens[] = [];
  for (const entry of doc.crons) {
    const expression = stringValue(entry.schedule);
    if (expression === undefined) continue;
    const explanation = explainCron(expression, { dialect: 'vercel', plan, from: now, runs: 1 });
    const next = explanation.nextRuns[0];
    const title = explanation.description
      ? `${explanation.description} UTC${next ? ` · next ${formatRelative(next, now)}` : ''}${explanation.valid ? '' : ' · rejected by Vercel'}`
      : 'Not a valid Vercel schedule';
    lenses.push({ span: entry.span, title, path: stringValue(entry.path) });
  }
  for (const entry of doc.schedules) lenses.push(...scheduleLens(entry, now));
  return lenses.sort((a, b) => a.span.start - b.span.start);
}

/**
 * One lens per Schedules entry, read in its own zone: "At 03:00 America/New_York (+ up to 5 min)
 * · next in 5 h". `path` stays empty: Trigger's lens sends Cron's GET, not the entry's method.
 */
function scheduleLens(entry: ScheduleEntry, now: Date): CoreCodeLens[] {
  const expression = stringValue(entry.schedule);
  if (expression === undefined) return [];
  const zone = scheduleTimeZone(entry);
  const explanation = explainCron(expression, { dialect: 'vercel-schedules', scheduleTimeZone: zone, from: now, runs: 1 });
  const next = explanation.nextRuns[0];
  const jitter = entry.jitter?.node.value;
  const window = typeof jitter === 'number' && Number.isInteger(jitter) && jitter >= 1 && jitter <= 15 ? ` (+ up to ${jitter} min)` : '';
  const title = explanation.description
    ? `${explanation.description} ${zone}${window}${next ? ` · next ${formatRelative(next, now)}` : ''}${explanation.valid ? '' : ' · rejected by Vercel'}`
    : 'Not a valid Vercel Schedules schedule';
  return [{ span: entry.span, title, path: undefined }];
}
