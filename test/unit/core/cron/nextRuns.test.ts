/**
 * The engine's next runs: the same as cron-parser's own day-by-day search, however rare the
 * dates, and the same on a busy machine as on a quiet one.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { CronExpressionParser } from 'cron-parser';
import fc from 'fast-check';
import { type CivilDate, nextFiringDate } from '../../../../src/core/cron/calendar';
import type { DialectId } from '../../../../src/core/cron/dialects';
import { explainCron, MAX_RUNS } from '../../../../src/core/cron/engine';
import { DEFAULT_FROM, iso, show } from '../helpers';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;
const NUM_RUNS = process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : 400;

function scheduleOf(expression: string, dialect: DialectId = 'node-cron') {
  const schedule = explainCron(expression, { dialect, from: DEFAULT_FROM, runs: 0, describe: false }).schedule;
  assert.ok(schedule, `${expression} parses`);
  return schedule;
}

describe('nextFiringDate: the first day the field sets allow', () => {
  const cases: { expression: string; from: CivilDate; expected: CivilDate | undefined; maxMonths?: number }[] = [
    { expression: '0 3 * * *', from: { year: 2026, month: 12, day: 6 }, expected: { year: 2026, month: 12, day: 6 } },
    { expression: '0 0 29 2 *', from: { year: 2026, month: 12, day: 6 }, expected: { year: 2028, month: 2, day: 29 } },
    // A fifth Friday of February needs a leap year that starts February on a Friday.
    { expression: '0 0 * 2 5#5', from: { year: 2026, month: 12, day: 6 }, expected: { year: 2036, month: 2, day: 29 } },
    { expression: '0 0 * 2 5#5', from: { year: 2036, month: 3, day: 1 }, expected: { year: 2064, month: 2, day: 29 } },
    { expression: '0 0 L 2 *', from: { year: 2027, month: 2, day: 1 }, expected: { year: 2027, month: 2, day: 28 } },
    { expression: '0 0 * * 5L', from: { year: 2026, month: 12, day: 6 }, expected: { year: 2026, month: 12, day: 25 } },
    // Both day fields restricted: either one (the 13th, or any Friday).
    { expression: '0 0 13 * 5', from: { year: 2026, month: 12, day: 6 }, expected: { year: 2026, month: 12, day: 11 } },
    // The window is counted in months: nothing in 3 months, so no answer rather than a long search.
    { expression: '0 0 29 2 *', from: { year: 2026, month: 12, day: 6 }, expected: undefined, maxMonths: 3 },
  ];
  for (const { expression, from, expected, maxMonths } of cases) {
    it(`${expression} from ${from.year}-${from.month}-${from.day}${maxMonths ? ` within ${maxMonths} months` : ''}`, () => {
      assert.deepEqual(nextFiringDate(scheduleOf(expression), from, maxMonths), expected);
    });
  }
});

/** cron-parser alone, stepping day by day: what the engine's runs must equal. */
function referenceRuns(normalized: string, zone: string, from: Date, count: number): string[] | undefined {
  const expression = CronExpressionParser.parse(normalized, { currentDate: from, tz: zone, hashSeed: normalized });
  const runs: string[] = [];
  try {
    for (let i = 0; i < count; i++) runs.push(expression.next().toDate().toISOString());
  } catch {
    return undefined;
  }
  return runs;
}

describe('explainCron: next runs equal cron-parser stepping day by day', () => {
  const field = (min: number, max: number) =>
    fc.oneof(
      fc.constant('*'),
      fc.integer({ min, max }).map(String),
      fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 5 })).map(([a, b]) => `${a}-${Math.min(max, a + b)}`),
      fc.integer({ min: 2, max: 7 }).map((step) => `*/${step}`),
      fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 3 }).map((values) => values.join(',')),
    );
  const dayOfWeek = fc.oneof(
    field(0, 6),
    fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 5 })).map(([day, nth]) => `${day}#${nth}`),
    fc.integer({ min: 0, max: 6 }).map((day) => `${day}L`),
  );
  const dayOfMonth = fc.oneof(field(1, 31), fc.constant('L'));
  const seconds = fc.option(field(0, 59), { nil: undefined });
  const expression = fc
    .tuple(seconds, field(0, 59), field(0, 23), dayOfMonth, field(1, 12), dayOfWeek)
    .map(([second, ...rest]) => (second === undefined ? rest : [second, ...rest]).join(' '));
  // Zones with DST both ways, half-hour and 45-minute offsets, and the far ends of the offset range.
  const zone = fc.constantFrom('UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Sao_Paulo', 'Pacific/Chatham');
  const from = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true });

  it(`${NUM_RUNS} schedules in DST zones, 8 runs each (node-cron dialect: L, nL and # included)`, () => {
    fc.assert(
      fc.property(expression, zone, from, (text, scheduleTimeZone, start) => {
        const result = explainCron(text, { dialect: 'node-cron', scheduleTimeZone, from: start, runs: 8, describe: false });
        if (!result.valid || !result.normalized || result.problems.some((p) => p.code === 'next-runs-unavailable')) return;
        const expected = referenceRuns(result.normalized, scheduleTimeZone, start, 8);
        if (expected === undefined) return;
        assert.deepEqual(iso(result.nextRuns), expected, `${text} in ${scheduleTimeZone} from ${start.toISOString()}: ${show(text, result.problems)}`);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});

/** Previews whose cost differs most: common, rare, dense, and across DST changes. */
const LOAD_CASES: { expression: string; dialect: DialectId; zone?: string }[] = [
  { expression: '0 3 * * *', dialect: 'vercel' },
  { expression: '*/15 * * * *', dialect: 'vercel' },
  { expression: '* * * * * *', dialect: 'node-cron' },
  { expression: '0 0 29 2 *', dialect: 'vercel' },
  { expression: '0 0 * 2 5#5', dialect: 'node-cron' },
  { expression: '30 2 * * *', dialect: 'trigger', zone: 'America/New_York' },
  { expression: '0 1 2 * *', dialect: 'trigger', zone: 'Australia/Lord_Howe' },
];

function previewAll(): string[][] {
  return LOAD_CASES.map(({ expression, dialect, zone }) => {
    const result = explainCron(expression, { dialect, scheduleTimeZone: zone, from: new Date('2030-01-01T00:00:00Z'), runs: MAX_RUNS });
    return [...iso(result.nextRuns), ...result.problems.map((p) => `${p.code}: ${p.message}`)];
  });
}

describe('explainCron: the same answer on a busy machine', () => {
  const busy: ChildProcess[] = [];
  let quiet: string[][] = [];
  before(async () => {
    quiet = previewAll();
    // One busy loop per core of a 2-core CI machine, as the issue that found this used.
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, ['-e', 'process.stdout.write("ready\\n"); for (;;) {}'], { stdio: ['ignore', 'pipe', 'ignore'] });
      busy.push(child);
      await once(child.stdout!, 'data');
    }
  });
  after(() => {
    for (const child of busy) child.kill('SIGKILL');
  });

  it('previews every run of every case, identically, while two processes keep the cores busy', () => {
    for (const [i, runs] of quiet.entries()) assert.equal(runs.length, MAX_RUNS, `${LOAD_CASES[i]!.expression}: ${runs.slice(MAX_RUNS - 1).join('; ')}`);
    for (let round = 0; round < 3; round++) assert.deepEqual(previewAll(), quiet);
  });
});
