import { firesOnDay, monthLength } from './calendar';
import type { ParsedField } from './fields';

/**
 * Facts derived from the expanded field sets alone, without stepping through runs: how often
 * a schedule fires per day, the shortest gap between runs, and whether it can fire at all.
 */
export interface ParsedSchedule {
  second: ParsedField | undefined;
  minute: ParsedField;
  hour: ParsedField;
  dayOfMonth: ParsedField;
  month: ParsedField;
  dayOfWeek: ParsedField;
}

const SECONDS_PER_DAY = 86_400;

function sorted(values: Set<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Seconds after midnight at which the schedule fires on a day it fires at all. */
function timesOfDayStats(schedule: ParsedSchedule): { count: number; first: number; last: number; minGap: number } {
  const seconds = schedule.second ? sorted(schedule.second.values) : [0];
  const minutes = sorted(schedule.minute.values);
  const hours = sorted(schedule.hour.values);
  // Times within one hour (at most 3,600), then the gaps between hours follow from the first
  // and last of them: bounded work whatever the expression.
  const withinHour: number[] = [];
  for (const m of minutes) for (const s of seconds) withinHour.push(m * 60 + s);
  let minGap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < withinHour.length; i++) minGap = Math.min(minGap, withinHour[i]! - withinHour[i - 1]!);
  const firstInHour = withinHour[0]!;
  const lastInHour = withinHour[withinHour.length - 1]!;
  for (let i = 1; i < hours.length; i++) {
    minGap = Math.min(minGap, (hours[i]! - hours[i - 1]!) * 3600 + firstInHour - lastInHour);
  }
  return {
    count: withinHour.length * hours.length,
    first: hours[0]! * 3600 + firstInHour,
    last: hours[hours.length - 1]! * 3600 + lastInHour,
    minGap,
  };
}

export function runsPerFiringDay(schedule: ParsedSchedule): number {
  return timesOfDayStats(schedule).count;
}

/**
 * Calendar days on which the schedule fires, as day numbers in a fixed window that starts on
 * Monday 2024-01-01 and covers leap years. Restricted day fields combine with OR, as
 * cron-parser (and so the preview) evaluates them.
 */
function firingDays(schedule: ParsedSchedule, years: number, limit: number): number[] {
  const days: number[] = [];
  let dayNumber = 0;
  let weekday = 1;
  for (let year = 2024; year < 2024 + years; year++) {
    for (let m = 1; m <= 12; m++) {
      const length = monthLength(year, m);
      const weekdayOfFirst = weekday;
      const monthMatches = schedule.month.values.has(m);
      for (let day = 1; day <= length; day++) {
        if (monthMatches && firesOnDay(schedule, { day, weekday, monthLength: length, weekdayOfFirst })) {
          days.push(dayNumber);
          if (days.length >= limit) return days;
        }
        dayNumber++;
        weekday = (weekday + 1) % 7;
      }
    }
  }
  return days;
}

function daysUnrestricted(schedule: ParsedSchedule): boolean {
  return !schedule.dayOfMonth.restricted && !schedule.dayOfWeek.restricted && schedule.month.values.size === 12;
}

function usesNthWeekday(schedule: ParsedSchedule): boolean {
  return schedule.dayOfWeek.specials.some((s) => s.kind === 'nth-weekday');
}

/**
 * How many years of calendar show every gap: a fifth weekday of February recurs every 28
 * years (two need 57); days 29-31 and nearest-weekday rules depend on leap years and
 * weekdays (8 years hold two leap days); anything else repeats every year, so three (one leap year) do.
 */
function scanYears(schedule: ParsedSchedule): number {
  if (usesNthWeekday(schedule)) return 57;
  const { dayOfMonth } = schedule;
  const yearly = [...dayOfMonth.values].every((d) => d <= 28) && dayOfMonth.specials.every((s) => s.kind === 'last-day' && s.offset === 0);
  return yearly && schedule.dayOfWeek.specials.length === 0 ? 3 : 8;
}

const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function canEverFire(schedule: ParsedSchedule): boolean {
  const { dayOfMonth, dayOfWeek, month } = schedule;
  // A restricted day of week fires every week, alone or ORed with day of month; L and its
  // kin exist in every month.
  if (!dayOfMonth.restricted || dayOfWeek.restricted || dayOfMonth.specials.length) return true;
  for (const m of month.values) for (const day of dayOfMonth.values) if (day <= LONGEST_MONTH[m - 1]!) return true;
  return false;
}

/** The fewest days between two consecutive firing days, or undefined if it fires on at most one. */
function minDayGap(schedule: ParsedSchedule): number | undefined {
  if (daysUnrestricted(schedule)) return 1;
  const { dayOfMonth, dayOfWeek, month } = schedule;
  if (!dayOfMonth.restricted && month.values.size === 12 && dayOfWeek.specials.length === 0) {
    // Weekdays only: the gap is the shortest step around the week.
    const days = sorted(dayOfWeek.values);
    let gap = 7 - days[days.length - 1]! + days[0]!;
    for (let i = 1; i < days.length; i++) gap = Math.min(gap, days[i]! - days[i - 1]!);
    return gap;
  }
  const days = firingDays(schedule, scanYears(schedule), Number.POSITIVE_INFINITY);
  let gap: number | undefined;
  for (let i = 1; i < days.length; i++) {
    const d = days[i]! - days[i - 1]!;
    if (gap === undefined || d < gap) gap = d;
    if (gap === 1) break;
  }
  return gap;
}

/** The shortest interval in seconds between two consecutive runs, or undefined if it never repeats. */
export function shortestIntervalSeconds(schedule: ParsedSchedule): number | undefined {
  const times = timesOfDayStats(schedule);
  const dayGap = minDayGap(schedule);
  const acrossDays = dayGap === undefined ? Number.POSITIVE_INFINITY : dayGap * SECONDS_PER_DAY - (times.last - times.first);
  const shortest = Math.min(times.minGap, acrossDays);
  return Number.isFinite(shortest) ? shortest : undefined;
}
