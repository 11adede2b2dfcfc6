import type { ParsedSchedule } from './analysis';
import type { DaySpecial, ParsedField } from './fields';

/**
 * Which calendar days a schedule can fire on, from its field sets alone. The never-fires and
 * interval analysis read it, and the preview uses it to skip the days that cannot fire instead
 * of letting cron-parser step through them one by one (a fifth Friday of February is 28 years
 * of steps away).
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function monthLength(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** A day of one month, with what the day rules need to know about that month. */
export interface CalendarDay {
  day: number;
  /** 0 = Sunday. */
  weekday: number;
  monthLength: number;
  weekdayOfFirst: number;
}

function matchesSpecial(special: DaySpecial, { day, weekday, monthLength, weekdayOfFirst }: CalendarDay): boolean {
  switch (special.kind) {
    case 'last-day':
      return day === monthLength - special.offset;
    case 'last-weekday-of-month': {
      const lastWeekday = (weekdayOfFirst + monthLength - 1) % 7;
      const last = lastWeekday === 6 ? monthLength - 1 : lastWeekday === 0 ? monthLength - 2 : monthLength;
      return day === last;
    }
    case 'nearest-weekday': {
      const target = Math.min(special.day, monthLength);
      const targetWeekday = (weekdayOfFirst + target - 1) % 7;
      let nearest = target;
      if (targetWeekday === 6) nearest = target === 1 ? target + 2 : target - 1;
      else if (targetWeekday === 0) nearest = target === monthLength ? target - 2 : target + 1;
      return day === nearest;
    }
    case 'last-of-weekday':
      return weekday === special.weekday && day + 7 > monthLength;
    case 'nth-weekday':
      return weekday === special.weekday && Math.ceil(day / 7) === special.nth;
  }
}

function fieldMatchesDay(field: ParsedField, day: CalendarDay): boolean {
  if (field.values.has(field.name === 'dayOfWeek' ? day.weekday : day.day)) return true;
  return field.specials.some((s) => matchesSpecial(s, day));
}

/**
 * Whether the schedule fires on a day of a month its month field allows. Restricted day fields
 * combine with OR, as cron-parser (and so the preview) evaluates them.
 */
export function firesOnDay(schedule: ParsedSchedule, day: CalendarDay): boolean {
  const { dayOfMonth, dayOfWeek } = schedule;
  const domOk = fieldMatchesDay(dayOfMonth, day);
  const dowOk = fieldMatchesDay(dayOfWeek, day);
  return dayOfMonth.restricted && dayOfWeek.restricted ? domOk || dowOk : domOk && dowOk;
}

/** A civil date; `month` is 1-12. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The Gregorian calendar repeats its weekdays every 400 years (146,097 days = 20,871 weeks). */
export const CALENDAR_CYCLE_MONTHS = 400 * 12;

/**
 * The first date at or after `from` on which the schedule can fire, looking at most `maxMonths`
 * months ahead; undefined when none comes in that window. Work is bounded by the count of
 * months (and days of allowed months) looked at, never by time. Schedules whose day values
 * the platform picks ("H") have no knowable firing days: every day counts as possible.
 */
export function nextFiringDate(schedule: ParsedSchedule, from: CivilDate, maxMonths: number = CALENDAR_CYCLE_MONTHS): CivilDate | undefined {
  const { month: monthField, dayOfMonth, dayOfWeek } = schedule;
  const hashed = monthField.hashed || dayOfMonth.hashed || dayOfWeek.hashed;
  let { year, month } = from;
  let firstDay = from.day;
  for (let scanned = 0; scanned < maxMonths; scanned++) {
    if (hashed) return { year, month, day: firstDay };
    if (monthField.values.has(month)) {
      const length = monthLength(year, month);
      const weekdayOfFirst = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
      for (let day = firstDay; day <= length; day++) {
        if (firesOnDay(schedule, { day, weekday: (weekdayOfFirst + day - 1) % 7, monthLength: length, weekdayOfFirst })) {
          return { year, month, day };
        }
      }
    }
    firstDay = 1;
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return undefined;
}
