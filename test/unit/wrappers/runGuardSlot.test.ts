/**
 * The slot function inside the generated guard (`previousCronSlot`): readable cases, then a
 * property test against cron-parser over random Vercel expressions and instants. Seeded
 * (FC_SEED, default 20261128) so a failure reproduces; FC_NUM_RUNS goes deeper.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CronExpressionParser } from 'cron-parser';
import fc from 'fast-check';
import { loadRunGuard } from './support/runGuardHarness';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 400);
const MINUTE = 60_000;

const VARIANTS = {
  TypeScript: loadRunGuard('interface', { typed: true }).previousCronSlot,
  JavaScript: loadRunGuard('interface', { typed: false }).previousCronSlot,
};

/** cron-parser's prev() is strictly before its start: start it after the current minute ends. */
function reference(expression: string, now: Date): Date {
  const afterThisMinute = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE);
  return CronExpressionParser.parse(expression, { currentDate: afterThisMinute, tz: 'UTC' }).prev().toDate();
}

const CASES: [schedule: string, now: string, slot: string, why: string][] = [
  ['0 3 * * *', '2026-03-10T12:00:00.000Z', '2026-03-10T03:00:00.000Z', 'a daily job keys by its UTC date'],
  ['0 3 * * *', '2026-03-10T02:59:59.999Z', '2026-03-09T03:00:00.000Z', 'before today at 03:00, the slot is yesterday'],
  ['0 3 * * *', '2026-03-10T03:00:00.000Z', '2026-03-10T03:00:00.000Z', 'exactly on time belongs to that slot'],
  ['0 3 * * *', '2026-03-10T03:00:59.999Z', '2026-03-10T03:00:00.000Z', 'a late delivery keeps its slot'],
  ['*/15 * * * *', '2026-03-10T10:07:30.000Z', '2026-03-10T10:00:00.000Z', '*/15 keys by quarter hour'],
  ['*/15 * * * *', '2026-03-10T10:15:00.000Z', '2026-03-10T10:15:00.000Z', 'the quarter starts exactly on the boundary'],
  ['*/15 * * * *', '2026-03-10T10:14:59.999Z', '2026-03-10T10:00:00.000Z', 'a millisecond before the boundary'],
  ['*/15 * * * *', '2026-03-10T00:05:00.000Z', '2026-03-10T00:00:00.000Z', 'midnight is a quarter too'],
  ['59 23 31 12 *', '2026-01-01T00:00:00.000Z', '2025-12-31T23:59:00.000Z', 'back across a year'],
  ['0 0 13 * 5', '2026-01-14T12:00:00.000Z', '2026-01-13T00:00:00.000Z', 'both day fields: the 13th (a Tuesday) fires, cron OR'],
  ['0 0 13 * 5', '2026-01-12T12:00:00.000Z', '2026-01-09T00:00:00.000Z', 'both day fields: a Friday that is no 13th fires, cron OR'],
  ['0 9 * * 1', '2026-03-15T20:00:00.000Z', '2026-03-09T09:00:00.000Z', 'a weekly job on Sunday evening: last Monday'],
  ['0 12 * * 7', '2026-03-16T00:00:00.000Z', '2026-03-15T12:00:00.000Z', '7 is Sunday'],
  ['0 9-17/4 * * 1-5', '2026-03-14T10:00:00.000Z', '2026-03-13T17:00:00.000Z', 'ranges with steps, and a weekend'],
  ['30 8,20 1,15 * *', '2026-03-14T10:00:00.000Z', '2026-03-01T20:30:00.000Z', 'lists'],
  ['0 0 29 2 *', '2026-06-01T00:00:00.000Z', '2024-02-29T00:00:00.000Z', 'a leap-day job'],
  ['0 0 29 2 *', '2100-06-01T00:00:00.000Z', '2096-02-29T00:00:00.000Z', '2100 is no leap year: 8 years back'],
  ['0 0 30 2 *', '2026-03-10T12:34:56.789Z', '2026-03-10T12:34:00.000Z', 'a schedule that never fires keys by the minute'],
];

describe('run guard slot: readable cases', () => {
  for (const [language, previousCronSlot] of Object.entries(VARIANTS)) {
    for (const [schedule, now, slot, why] of CASES) {
      it(`${language}: ${why} (${schedule} at ${now})`, () => {
        assert.equal(previousCronSlot(schedule, new Date(now)).toISOString(), slot);
      });
    }
  }

  it('cron-parser agrees with every case that fires', () => {
    for (const [schedule, now, slot] of CASES.filter(([, , , why]) => !why.includes('never fires'))) {
      assert.equal(reference(schedule, new Date(now)).toISOString(), slot, `${schedule} at ${now}`);
    }
  });

  it('stays fast on the slowest input, a schedule that never fires (about 2,900 days walked)', () => {
    const started = performance.now();
    for (let i = 0; i < 50; i++) VARIANTS.TypeScript('0 0 30 2 *', new Date(Date.UTC(2026, 2, 10 + i)));
    const perCall = (performance.now() - started) / 50;
    assert.ok(perCall < 20, `${perCall.toFixed(2)} ms per call`);
  });
});

/** One Vercel cron field: `*`, a number, a range, a step on any of them, or a list of those. */
function field(min: number, max: number): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
  const step = fc.integer({ min: 1, max: Math.max(1, max - min) });
  const part = fc.oneof(
    fc.constant('*'),
    value.map(String),
    range,
    step.map((s) => `*/${s}`),
    fc.tuple(range, step).map(([r, s]) => `${r}/${s}`),
    fc.tuple(value, step).map(([v, s]) => `${v}/${s}`),
  );
  return fc.oneof({ weight: 3, arbitrary: part }, { weight: 1, arbitrary: fc.array(part, { minLength: 2, maxLength: 3 }).map((parts) => parts.join(',')) });
}

const expression = fc
  .tuple(field(0, 59), field(0, 23), fc.oneof({ weight: 2, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: field(1, 31) }), field(1, 12), fc.oneof({ weight: 2, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: field(0, 7) }))
  .map((fields) => fields.join(' '));

const instant = fc.integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms));

describe('run guard slot: property against cron-parser', () => {
  it(`previousCronSlot equals cron-parser prev() at or before now (seed ${SEED})`, () => {
    fc.assert(
      fc.property(expression, instant, (schedule, now) => {
        let expected: Date;
        try {
          expected = reference(schedule, now);
        } catch {
          // cron-parser gives up on schedules that (almost) never fire; the table covers those.
          fc.pre(false);
          return;
        }
        const actual = VARIANTS.TypeScript(schedule, now);
        assert.equal(actual.toISOString(), expected.toISOString(), `${schedule} at ${now.toISOString()}`);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('the slot is never after now, and fires: the next minute after it is past the slot', () => {
    fc.assert(
      fc.property(expression, instant, (schedule, now) => {
        const slot = VARIANTS.JavaScript(schedule, now);
        assert.ok(slot.getTime() <= now.getTime());
        assert.equal(slot.getTime() % MINUTE, 0);
        assert.equal(VARIANTS.JavaScript(schedule, slot).getTime(), slot.getTime(), 'at the slot itself, the slot is the same');
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});

/** A Schedules entry's zone: [schedule, zone, now, slot, why]. */
const ZONED_CASES: [schedule: string, zone: string, now: string, slot: string, why: string][] = [
  ['0 9 * * *', 'Europe/Berlin', '2026-07-01T08:30:00.000Z', '2026-07-01T07:00:00.000Z', 'summer: 09:00 in Berlin is 07:00 UTC'],
  ['0 9 * * *', 'Europe/Berlin', '2026-01-15T08:30:00.000Z', '2026-01-15T08:00:00.000Z', 'winter: 09:00 in Berlin is 08:00 UTC'],
  ['0 9 * * *', 'Europe/Berlin', '2026-07-01T06:59:59.999Z', '2026-06-30T07:00:00.000Z', 'before 09:00 local, the slot is yesterday'],
  ['30 2 * * *', 'Europe/Berlin', '2026-03-29T01:10:00.000Z', '2026-03-29T00:30:00.000Z', '02:30 does not exist on 29 March: the earlier reading, so a run moved past the jump keeps it'],
  ['30 2 * * *', 'Europe/Berlin', '2026-10-25T00:45:00.000Z', '2026-10-25T00:30:00.000Z', '02:30 happens twice on 25 October: the first (summer time)'],
  ['30 2 * * *', 'Europe/Berlin', '2026-10-25T01:45:00.000Z', '2026-10-25T01:30:00.000Z', '02:30 happens twice on 25 October: the second has its own key'],
  ['0 0 * * 1', 'America/New_York', '2026-03-10T12:00:00.000Z', '2026-03-09T04:00:00.000Z', 'the local Monday, after the US change on 8 March'],
  ['15 10 1 * *', 'Asia/Kolkata', '2026-05-01T04:45:00.000Z', '2026-05-01T04:45:00.000Z', 'a half-hour offset, exactly on time'],
  ['0 12 * * *', 'Australia/Lord_Howe', '2026-01-10T02:00:00.000Z', '2026-01-10T01:00:00.000Z', 'a zone whose summer time is half an hour'],
  ['59 23 31 12 *', 'Pacific/Kiritimati', '2026-12-31T10:00:00.000Z', '2026-12-31T09:59:00.000Z', 'UTC+14: the local New Year comes first'],
  ['0 3 * * *', 'UTC', '2026-03-10T12:00:00.000Z', '2026-03-10T03:00:00.000Z', 'UTC named is UTC'],
];

describe('run guard slot: a Schedules entry keys by the scheduled instant in its zone', () => {
  for (const [language, previousCronSlot] of Object.entries(VARIANTS)) {
    for (const [schedule, zone, now, slot, why] of ZONED_CASES) {
      it(`${language}: ${why} (${schedule} in ${zone} at ${now})`, () => {
        assert.equal(previousCronSlot(schedule, new Date(now), zone).toISOString(), slot);
      });
    }
  }

  it('an unknown zone fails when the route loads, not at its first run', () => {
    const { withCronRunGuard } = loadRunGuard('interface', { typed: true });
    assert.throws(() => withCronRunGuard({ job: 'x', schedule: '0 3 * * *', timeZone: 'Mars/Olympus', lockSeconds: 60 }, () => new Response()), RangeError);
  });

  it('stays fast on the slowest input in a zone, a schedule that never fires', () => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) VARIANTS.TypeScript('0 0 30 2 *', new Date(Date.UTC(2026, 2, 10 + i)), 'Europe/Berlin');
    const perCall = (performance.now() - started) / 20;
    assert.ok(perCall < 50, `${perCall.toFixed(2)} ms per call`);
  });

  const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Chatham'];
  /** The zone's offset at an instant, in minutes. */
  const offsetMinutes = (zone: string, at: number): number => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
        .formatToParts(new Date(at))
        .map((p) => [p.type, Number(p.value)]),
    );
    return (Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!) - Math.floor(at / MINUTE) * MINUTE) / MINUTE;
  };
  const DAY = 24 * 60 * MINUTE;

  it(`equals cron-parser prev() in the zone wherever no clock change lies near the slot or now (seed ${SEED})`, () => {
    fc.assert(
      fc.property(expression, instant, fc.constantFrom(...ZONES), (schedule, now, zone) => {
        let expected: Date;
        try {
          const afterThisMinute = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE);
          expected = CronExpressionParser.parse(schedule, { currentDate: afterThisMinute, tz: zone }).prev().toDate();
        } catch {
          fc.pre(false);
          return;
        }
        // How a missing or doubled local time is read is the readable cases' subject; cron-parser reads them its own way.
        const steady = (at: number) => offsetMinutes(zone, at - 2 * DAY) === offsetMinutes(zone, at + 2 * DAY);
        const actual = VARIANTS.TypeScript(schedule, now, zone);
        fc.pre(steady(expected.getTime()) && steady(actual.getTime()) && steady(now.getTime()) && now.getTime() - expected.getTime() < 300 * DAY);
        assert.equal(actual.toISOString(), expected.toISOString(), `${schedule} in ${zone} at ${now.toISOString()}`);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});
