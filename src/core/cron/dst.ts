import { zonedParts } from '../time/zones';
import type { ParsedSchedule } from './analysis';
import { firesOnDay, monthLength } from './calendar';

/**
 * Where a schedule read in a zone with daylight saving time meets a clock change: a run whose
 * wall-clock time the change skips (spring forward) or repeats (fall back). Vercel Schedules
 * read the expression in the entry's zone, so "every day at 02:30 America/New_York" has no 02:30
 * one day a year and "01:30" happens twice another.
 */
export interface DstChange {
  kind: 'skipped' | 'repeated';
  /** The local date of the change, YYYY-MM-DD. */
  date: string;
  /** The wall-clock window the change skips or repeats, HH:MM (end exclusive). */
  from: string;
  to: string;
  /** The schedule's local run times inside that window, HH:MM. */
  times: string[];
}

interface Transition {
  /** The first instant with the new offset. */
  at: number;
  before: number;
  after: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

function offsetMinutes(instant: number, zone: string): number {
  const offset = zonedParts(new Date(instant), zone).offset;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/** Transitions by zone and month: a zone's changes are the same for every schedule hovered that month. */
const transitionCache = new Map<string, Transition[]>();

const WEEK_MS = 7 * DAY_MS;

/**
 * The zone's offset changes from the start of `from`'s UTC month through `days` days after it:
 * one offset read a week (real zones change at most twice a year, months apart), then a binary
 * search to the minute inside each week whose offset differs (about 14 reads). Bounded by
 * counts: 60 weeks at most, whatever the zone.
 */
function transitions(zone: string, from: number, days: number): Transition[] {
  const date = new Date(from);
  const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const weeks = Math.min(60, Math.ceil((days + 31) / 7));
  const key = `${zone}|${monthStart}|${weeks}`;
  const cached = transitionCache.get(key);
  if (cached) return cached;
  const found: Transition[] = [];
  let previous = offsetMinutes(monthStart, zone);
  for (let week = 1; week <= weeks; week++) {
    const end = monthStart + week * WEEK_MS;
    const offset = offsetMinutes(end, zone);
    if (offset === previous) continue;
    let low = end - WEEK_MS;
    let high = end;
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / MINUTE_MS / 2) * MINUTE_MS;
      if (offsetMinutes(middle, zone) === previous) low = middle;
      else high = middle;
    }
    found.push({ at: high, before: previous, after: offset });
    previous = offset;
  }
  if (transitionCache.size > 500) transitionCache.clear();
  transitionCache.set(key, found);
  return found;
}

const two = (n: number) => String(n).padStart(2, '0');
const clock = (minutes: number) => `${two(Math.floor(minutes / 60) % 24)}:${two(minutes % 60)}`;

/**
 * The clock changes in the next `days` days (at most a year and a bit) at which the schedule has a run inside the skipped
 * or repeated window, in order. UTC and fixed-offset zones have none.
 */
export function dstChanges(schedule: ParsedSchedule, zone: string, from: Date, days = 366): DstChange[] {
  if (zone === 'UTC' || zone === 'Etc/UTC' || !Number.isFinite(from.getTime())) return [];
  const changes: DstChange[] = [];
  const until = from.getTime() + days * DAY_MS;
  for (const transition of transitions(zone, from.getTime(), days)) {
    if (transition.at <= from.getTime() || transition.at > until) continue;
    // The wall clock just before the change, and the window it skips or repeats.
    const local = new Date(transition.at + transition.before * MINUTE_MS);
    const start = local.getUTCHours() * 60 + local.getUTCMinutes();
    const width = Math.abs(transition.after - transition.before);
    const kind = transition.after > transition.before ? 'skipped' : 'repeated';
    // Fall back repeats the window that ends where the clock was set back to.
    const windowStart = kind === 'skipped' ? start : start - width;
    const year = local.getUTCFullYear();
    const month = local.getUTCMonth() + 1;
    const day = local.getUTCDate();
    if (!schedule.month.values.has(month)) continue;
    const weekdayOfFirst = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    if (!firesOnDay(schedule, { day, weekday: local.getUTCDay(), monthLength: monthLength(year, month), weekdayOfFirst })) continue;
    const times: string[] = [];
    for (let minute = Math.max(0, windowStart); minute < Math.min(1440, windowStart + width); minute++) {
      if (schedule.hour.values.has(Math.floor(minute / 60)) && schedule.minute.values.has(minute % 60)) times.push(clock(minute));
    }
    if (!times.length) continue;
    changes.push({ kind, date: `${year}-${two(month)}-${two(day)}`, from: clock(windowStart), to: clock(windowStart + width), times });
  }
  return changes;
}
