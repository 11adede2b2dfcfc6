import type { Source } from '../source';

/**
 * The slot computation inside the generated helper: the latest time at or before now that a
 * 5-field Vercel schedule fires, in UTC. It walks back a day at a time and only then picks the
 * hour and minute, so even a leap-day schedule costs a few thousand cheap day checks.
 */
export function slotCode({ t, typesOnly }: Source): string {
  return `${typesOnly(`/** Which values of each field fire. */
interface CronSchedule {
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** Standard cron: when both day fields are restricted, a day matching either one fires. */
  eitherDay: boolean;
}
`)}
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
// 29 February can be 8 years away (2096, then 2104), so the walk back covers 8 years and a day.
const MAX_DAYS_BACK = 8 * 366 + 1;

/**
 * The latest time at or before \`now\` that \`schedule\` fires, in UTC as Vercel runs cron jobs,
 * or on the clocks of \`timeZone\` as a Vercel Schedules entry with that \`timezone\` runs.
 * A schedule that never fires (30 February) yields the current minute, so concurrent
 * duplicates are still held apart.
 */
export function previousCronSlot(schedule${t(': string')}, now${t(': Date')}, timeZone${t('?: string')})${t(': Date')} {
  const parsed = parseCronSchedule(schedule);
  return timeZone === undefined ? latestSlot(parsed, now) : latestZonedSlot(parsed, zoneClock(timeZone), now);
}

function parseCronSchedule(expression${t(': string')})${t(': CronSchedule')} {
  const fields = expression.trim().split(/\\s+/);
  if (fields.length !== 5) throw new Error(\`Expected 5 cron fields (minute hour day month weekday): \${expression}\`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields${t(' as [string, string, string, string, string]')};
  return {
    minutes: parseField(minute, 0, 59),
    hours: parseField(hour, 0, 23),
    daysOfMonth: new Set(parseField(dayOfMonth, 1, 31)),
    months: new Set(parseField(month, 1, 12)),
    // 7 is Sunday as well as 0.
    daysOfWeek: new Set(parseField(dayOfWeek, 0, 7).map((day) => day % 7)),
    eitherDay: dayOfMonth !== '*' && dayOfWeek !== '*',
  };
}

/** Numbers, \`*\`, ranges, lists and steps: what Vercel accepts (no names, no L, W or #). */
function parseField(field${t(': string')}, min${t(': number')}, max${t(': number')})${t(': number[]')} {
  const values = new Set${t('<number>')}();
  for (const part of field.split(',')) {
    const match = /^(?:(\\*)|(\\d+)(?:-(\\d+))?)(?:\\/(\\d+))?$/.exec(part);
    if (!match) throw new Error(\`Unsupported cron field: \${field}\`);
    const [, star, from, to, step] = match;
    const first = star ? min : Number(from);
    // A stepped single value (5/15) runs to the end of the field, as in cron-parser.
    const last = star ? max : to !== undefined ? Number(to) : step !== undefined ? max : first;
    const stride = step === undefined ? 1 : Number(step);
    if (first < min || last > max || first > last || stride < 1) throw new Error(\`Cron field out of range: \${field}\`);
    for (let value = first; value <= last; value += stride) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

function latestSlot(schedule${t(': CronSchedule')}, now${t(': Date')})${t(': Date')} {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const minuteOfDay = now.getUTCHours() * 60 + now.getUTCMinutes();
  for (let back = 0; back <= MAX_DAYS_BACK; back++) {
    // Every UTC day is 24 hours long, so this lands on each midnight.
    const day = new Date(today - back * DAY_MS);
    if (!firesOn(schedule, day)) continue;
    const minute = lastMinuteOfDay(schedule, back === 0 ? minuteOfDay : 24 * 60 - 1);
    if (minute !== undefined) return new Date(day.getTime() + minute * MINUTE_MS);
  }
  return new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
}

function firesOn(schedule${t(': CronSchedule')}, day${t(': Date')})${t(': boolean')} {
  if (!schedule.months.has(day.getUTCMonth() + 1)) return false;
  const dayOfMonth = schedule.daysOfMonth.has(day.getUTCDate());
  const dayOfWeek = schedule.daysOfWeek.has(day.getUTCDay());
  return schedule.eitherDay ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
}

/** The last time the schedule fires in a day at or before \`limit\`, both in minutes since midnight. */
function lastMinuteOfDay(schedule${t(': CronSchedule')}, limit${t(': number')})${t(': number | undefined')} {
  for (let h = schedule.hours.length - 1; h >= 0; h--) {
    for (let m = schedule.minutes.length - 1; m >= 0; m--) {
      const time = schedule.hours[h]${t('!')} * 60 + schedule.minutes[m]${t('!')};
      if (time <= limit) return time;
    }
  }
  return undefined;
}

${typesOnly(`/** Reads the clocks of one time zone: an instant (ms) to its wall time as ms of a UTC date. */
type ZoneClock = (instant: number) => number;
`)}
/** What \`instant\` (ms) reads on the clocks of \`timeZone\`, as ms of a UTC date with those fields. */
function zoneClock(timeZone${t(': string')})${t(': ZoneClock')} {
  // Throws a RangeError for a zone the runtime does not know, so the route fails when it loads.
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  return (instant) => {
    const field${t(': Record<string, number>')} = {};
    for (const part of format.formatToParts(new Date(instant))) field[part.type] = Number(part.value);
    return Date.UTC(field.year${t('!')}, field.month${t('!')} - 1, field.day${t('!')}, field.hour${t('!')}, field.minute${t('!')});
  };
}

/**
 * The latest instant at or before \`now\` whose time on the zone clock the schedule names. A
 * Schedules run starts within its \`jitter\` minutes after that instant; the guard is only written
 * for a jitter shorter than the shortest interval of the schedule, so the latest instant is still
 * the one of the run. Around a DST change a local time can be missing (clocks jump forward) or
 * happen twice (clocks go back): a missing one keys by the earlier of its two readings, so a run
 * the platform moves past the jump keeps its own key, and each of a doubled pair keys by its own
 * instant. Vercel says each run keeps one execution ID across duplicate deliveries, but no
 * documented header carries it, so the scheduled instant is the key.
 */
function latestZonedSlot(schedule${t(': CronSchedule')}, clock${t(': ZoneClock')}, now${t(': Date')})${t(': Date')} {
  const nowMs = now.getTime();
  const wallNow = clock(nowMs);
  const today = Math.floor(wallNow / DAY_MS) * DAY_MS;
  const offsetAt = (instant${t(': number')}) => clock(instant) - Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  for (let back = 0; back <= MAX_DAYS_BACK; back++) {
    const day = new Date(today - back * DAY_MS);
    if (!firesOn(schedule, day)) continue;
    // The offsets on either side of the day: equal unless the clocks change on it (never twice within three days).
    const before = offsetAt(day.getTime() - DAY_MS);
    const after = offsetAt(day.getTime() + 2 * DAY_MS);
    for (let h = schedule.hours.length - 1; h >= 0; h--) {
      for (let m = schedule.minutes.length - 1; m >= 0; m--) {
        const wall = day.getTime() + (schedule.hours[h]${t('!')} * 60 + schedule.minutes[m]${t('!')}) * MINUTE_MS;
        for (const instant of instantsOf(wall, before, after, offsetAt)) if (instant <= nowMs) return new Date(instant);
      }
    }
  }
  return new Date(Math.floor(nowMs / MINUTE_MS) * MINUTE_MS);
}

/** The instants, latest first, that read \`wall\` on the zone clock; a missing wall time gives the earlier reading. */
function instantsOf(wall${t(': number')}, before${t(': number')}, after${t(': number')}, offsetAt${t(': (instant: number) => number')})${t(': number[]')} {
  if (before === after) return [wall - before];
  const readings = [wall - before, wall - after].sort((a, b) => b - a);
  const real = readings.filter((instant) => offsetAt(instant) === wall - instant);
  return real.length ? real : [readings[1]${t('!')}];
}`;
}
