import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canEverFire, type ParsedSchedule, runsPerFiringDay, shortestIntervalSeconds } from '../../../../src/core/cron/analysis';
import { type DialectId, DIALECTS } from '../../../../src/core/cron/dialects';
import { type FieldName, parseField } from '../../../../src/core/cron/fields';

const DAY = 86_400;

/** Builds a schedule from fields alone, without the engine, failing on any field error. */
function schedule(expression: string, dialect: DialectId = 'node-cron'): ParsedSchedule {
  const texts = expression.trim().split(/\s+/);
  const names: FieldName[] =
    texts.length === 6
      ? ['second', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek']
      : ['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'];
  assert.equal(texts.length, names.length, expression);
  let offset = 0;
  const fields = texts.map((text, i) => {
    const start = expression.indexOf(text, offset);
    offset = start + text.length;
    return parseField(names[i]!, text, start, DIALECTS[dialect], (p) => {
      if (p.severity === 'error') assert.fail(`${expression}: ${p.message}`);
    });
  });
  const byName = (name: FieldName) => fields[names.indexOf(name)]!;
  return {
    second: names.length === 6 ? fields[0] : undefined,
    minute: byName('minute'),
    hour: byName('hour'),
    dayOfMonth: byName('dayOfMonth'),
    month: byName('month'),
    dayOfWeek: byName('dayOfWeek'),
  };
}

describe('shortestIntervalSeconds', () => {
  const cases: [string, number, string][] = [
    ['0 0,23 * * *', 3600, 'two runs an hour apart'],
    ['*/15 * * * *', 900, 'every quarter hour'],
    ['0 3 * * *', DAY, 'daily'],
    ['0 0 * * 1', 7 * DAY, 'weekly'],
    ['* * * * *', 60, 'every minute'],
    ['*/10 * * * * *', 10, 'every ten seconds'],
    ['* * * * * *', 1, 'every second'],
    ['0 22,2 * * *', 4 * 3600, 'the gap across midnight (22:00 → 02:00) is the shortest'],
    ['0,59 0,23 * * *', 60, '23:59 → 00:00 next day'],
    ['0,30 23 * * *', 1800, 'within the hour'],
    ['0 9-17 * * 1-5', 3600, 'office hours'],
    ['0 12 * * 1,4', 3 * DAY, 'Monday → Thursday beats Thursday → Monday'],
    ['0 0 * * 0,6', DAY, 'Saturday → Sunday wraps the week'],
    ['0 0 * * 1-5', DAY, 'weekdays'],
    ['0 0 */2 * *', DAY, 'the 31st → the 1st'],
    ['0 0 1 * *', 28 * DAY, 'February is the shortest month'],
    ['0 0 31 * *', 31 * DAY, 'July 31 → August 31'],
    ['0 0 1 1 *', 365 * DAY, 'yearly'],
    ['0 0 29 2 *', 1461 * DAY, 'leap days, four years apart'],
    ['0 0 L * *', 28 * DAY, 'last day of the month'],
    ['0 0 * * 5L', 28 * DAY, 'last Friday of the month'],
    ['0 0 * * 5#2', 28 * DAY, 'second Friday of the month'],
    ['0 0 1 * 1', DAY, 'OR: the 1st or a Monday can be consecutive days'],
    ['0 0 31 2 1-5', DAY, 'OR with an impossible date: weekdays of February'],
    ['0 0 29 2 5L', 4 * DAY, 'last Friday of February (25th) and leap day (29th)'],
  ];
  for (const [expression, expected, why] of cases) {
    it(`${expression} → ${expected} s (${why})`, () => {
      assert.equal(shortestIntervalSeconds(schedule(expression)), expected);
    });
  }

  it('is undefined for a schedule that never fires', () => {
    assert.equal(shortestIntervalSeconds(schedule('0 0 30 2 *')), undefined);
    assert.equal(shortestIntervalSeconds(schedule('0 0 31 4,6,9,11 *')), undefined);
  });

  it(
    'is defined for a schedule that repeats only every 28 years (fifth Friday of February)',
    () => {
      // 2036-02-29 and 2064-02-29 are the next two fifth Fridays of February.
      assert.equal(shortestIntervalSeconds(schedule('0 0 * 2 5#5')), (Date.UTC(2064, 1, 29) - Date.UTC(2036, 1, 29)) / 1000);
    },
  );
});

describe('runsPerFiringDay', () => {
  const cases: [string, number][] = [
    ['0 3 * * *', 1],
    ['0 0,12 * * *', 2],
    ['0 21,9 * * *', 2],
    ['*/15 * * * *', 96],
    ['* * * * *', 1440],
    ['0 9-17 * * 1-5', 9],
    ['0 * * * *', 24],
    ['*/10 * * * * *', 8640],
    ['0 0 30 2 *', 1],
    ['0,30 9 * * *', 2],
  ];
  for (const [expression, expected] of cases) {
    it(`${expression} → ${expected}`, () => {
      assert.equal(runsPerFiringDay(schedule(expression)), expected);
    });
  }
});

describe('canEverFire', () => {
  const never = ['0 0 30 2 *', '0 0 31 2 *', '0 0 31 4 *', '0 0 31 4,6 *', '0 0 30,31 2 *', '0 0 31 2,4,6,9,11 *'];
  const fires: [string, DialectId][] = [
    ['0 0 29 2 *', 'node-cron'],
    ['0 0 31 * *', 'node-cron'],
    ['0 0 30 1-2 *', 'node-cron'],
    ['0 0 31 2 1-5', 'node-cron'],
    ['0 0 L 2 *', 'node-cron'],
    ['0 0 * 2 5#5', 'node-cron'],
    ['0 0 * * *', 'node-cron'],
  ];
  for (const expression of never) it(`${expression} never fires`, () => assert.equal(canEverFire(schedule(expression)), false));
  for (const [expression, dialect] of fires)
    it(`${expression} fires`, () => assert.equal(canEverFire(schedule(expression, dialect)), true));
});
