/**
 * Property tests: whatever the input, explainCron keeps its contract. Seeded so a run is
 * reproducible; set FC_SEED to explore other inputs and FC_NUM_RUNS to go deeper.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isKnownCode } from '../../../../src/core/codes';
import { DIALECT_IDS, type DialectId } from '../../../../src/core/cron/dialects';
import { type CronExplanation, explainCron, type ExplainOptions, MAX_RUNS } from '../../../../src/core/cron/engine';
import { PLANS } from '../../../../src/core/settings';
import { show } from '../helpers';
import { countCronSteps } from './cronSteps';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;
const NUM_RUNS = process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : 300;
/** cron-parser's search steps per run: a few per day it looks at, and the calendar skips the days that cannot fire. */
const STEPS_PER_RUN = 30;

function expectedRunCount(runs: number | undefined): number {
  return Math.max(0, Math.min(MAX_RUNS, Math.floor(runs ?? 5)));
}

/** Every schedule a platform refuses for its syntax previews nothing; Hobby's refusal still previews. */
function refusedForSyntax(result: CronExplanation): boolean {
  return result.problems.some((p) => p.severity === 'error' && p.code !== 'hobby-frequency');
}

/**
 * cron-parser gives up after 10,000 steps ("loop limit exceeded"); it does so wrongly around
 * some zones' DST changes. A reported library bug, exempt from the step bound only: the
 * engine keeps the runs found and says why the rest are missing.
 */
function hitLoopLimit(result: CronExplanation): boolean {
  return result.problems.some((p) => p.code === 'next-runs-unavailable' && /loop limit/i.test(p.message));
}

function checkContract(expression: string, options: ExplainOptions): void {
  const context = () => `${JSON.stringify(expression)} ${JSON.stringify({ ...options, from: options.from.toISOString() })}`;
  let result: CronExplanation;
  let steps: number;
  try {
    ({ result, steps } = countCronSteps(() => explainCron(expression, options)));
  } catch (error) {
    assert.fail(`explainCron threw ${String(error)} for ${context()}`);
  }
  // Counted, not timed: a hang or an unbounded loop fails it, a busy machine does not.
  const stepBound = STEPS_PER_RUN * (expectedRunCount(options.runs) + 1);
  if (!hitLoopLimit(result)) assert.ok(steps <= stepBound, `${steps} cron-parser steps (bound ${stepBound}) for ${context()}`);

  const detail = () => `${context()} → ${show(expression, result.problems)}`;
  assert.equal(result.expression, expression);
  assert.equal(result.dialect, options.dialect ?? 'vercel');
  for (const p of result.problems) {
    assert.ok(isKnownCode(p.code), `unknown code ${p.code}: ${detail()}`);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(p.severity), `severity ${p.severity}: ${detail()}`);
    assert.ok(Number.isInteger(p.span.start) && Number.isInteger(p.span.end), `span ${JSON.stringify(p.span)}: ${detail()}`);
    assert.ok(
      0 <= p.span.start && p.span.start <= p.span.end && p.span.end <= expression.length,
      `span ${JSON.stringify(p.span)}: ${detail()}`,
    );
    assert.ok(p.message.trim().length > 0, `empty message: ${detail()}`);
  }
  assert.equal(result.valid, !result.problems.some((p) => p.severity === 'error'), `valid vs. errors: ${detail()}`);

  const runs = result.nextRuns;
  assert.ok(runs.length <= expectedRunCount(options.runs), `${runs.length} runs: ${detail()}`);
  for (let i = 0; i < runs.length; i++) {
    assert.ok(runs[i] instanceof Date && !Number.isNaN(runs[i]!.getTime()), `run ${i} is not a date: ${detail()}`);
    assert.ok(runs[i]!.getTime() > options.from.getTime(), `run ${runs[i]!.toISOString()} is not after from: ${detail()}`);
    if (i > 0) assert.ok(runs[i]!.getTime() > runs[i - 1]!.getTime(), `runs not strictly increasing at ${i}: ${detail()}`);
  }
  if (refusedForSyntax(result)) assert.deepEqual(runs, [], `a refused schedule previews runs: ${detail()}`);

  const codes = new Set(result.problems.map((p) => p.code));
  if (result.valid && !codes.has('never-fires') && !codes.has('next-runs-unavailable')) {
    assert.equal(runs.length, expectedRunCount(options.runs), `a previewable schedule gives exactly the runs asked for: ${detail()}`);
  }
  if (codes.has('never-fires')) {
    assert.deepEqual(runs, [], detail());
    assert.equal(result.shortestIntervalSeconds, undefined, detail());
  }
  // The field analysis and cron-parser's preview must agree: in UTC no two runs are closer
  // than the shortest interval, and no UTC day holds more runs than runsPerDay.
  if (result.scheduleTimeZone === 'UTC' && runs.length > 1) {
    assert.notEqual(result.shortestIntervalSeconds, undefined, `runs but no interval: ${detail()}`);
    for (let i = 1; i < runs.length; i++) {
      const gap = (runs[i]!.getTime() - runs[i - 1]!.getTime()) / 1000;
      assert.ok(gap >= result.shortestIntervalSeconds!, `gap ${gap} s < shortest ${result.shortestIntervalSeconds} s: ${detail()}`);
    }
    const perDay = new Map<string, number>();
    for (const run of runs) perDay.set(run.toISOString().slice(0, 10), (perDay.get(run.toISOString().slice(0, 10)) ?? 0) + 1);
    for (const [day, count] of perDay)
      assert.ok(count <= result.runsPerDay!, `${count} runs on ${day} > runsPerDay ${result.runsPerDay}: ${detail()}`);
  }
  if (result.valid && result.schedule) {
    assert.equal(typeof result.normalized, 'string', detail());
  }
}

// ---- generators ----

const TOKENS = [
  '0',
  '1',
  '2',
  '5',
  '7',
  '9',
  '12',
  '23',
  '29',
  '30',
  '31',
  '59',
  '60',
  '99',
  '*',
  ',',
  '-',
  '/',
  'L',
  'W',
  '#',
  '?',
  'H',
  '@',
  'MON',
  'JAN',
  'sun',
  'dec',
  ' ',
  ' ',
  ' ',
  '  ',
  '\t',
  '@daily',
  '@reboot',
  '@weekdays',
  'CRON_TZ=America/New_York ',
  'TZ=',
  'CRON_TZ=Mars/X ',
];
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 28 }).map((parts) => parts.join(''));

function fieldArb(min: number, max: number, names: readonly string[] = []): fc.Arbitrary<string> {
  const value = fc.oneof(fc.integer({ min, max }).map(String), ...(names.length ? [fc.constantFrom(...names)] : []));
  const item = fc.oneof(
    { weight: 4, arbitrary: value },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: max - min + 1 }).map((n) => `*/${n}`) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 12 })).map(([a, n]) => `${a}/${n}`) },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant('*') },
    { weight: 4, arbitrary: item },
    { weight: 2, arbitrary: fc.uniqueArray(item, { minLength: 2, maxLength: 4 }).map((items) => items.join(',')) },
  );
}
const dayOfMonthArb = fc.oneof(
  { weight: 6, arbitrary: fieldArb(1, 31) },
  { weight: 1, arbitrary: fc.constantFrom('L', 'L-2', '15W', 'LW', '?') },
);
const dayOfWeekArb = fc.oneof(
  { weight: 6, arbitrary: fieldArb(0, 7, ['MON', 'FRI', 'sun']) },
  { weight: 1, arbitrary: fc.constantFrom('5L', '5#2', '1#5', '?') },
);
const fiveFields = fc
  .tuple(fieldArb(0, 59), fieldArb(0, 23), dayOfMonthArb, fieldArb(1, 12, ['JAN', 'jun', 'DEC']), dayOfWeekArb)
  .map((fields) => fields.join(' '));
/** Mostly well-formed schedules, so the preview properties are exercised, not just rejection. */
const cronish = fc.oneof(
  { weight: 8, arbitrary: fiveFields },
  { weight: 2, arbitrary: fc.tuple(fieldArb(0, 59), fiveFields).map(([s, rest]) => `${s} ${rest}`) },
  { weight: 1, arbitrary: fiveFields.map((rest) => `CRON_TZ=America/New_York ${rest}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '@yearly',
      '@annually',
      '@monthly',
      '@weekly',
      '@daily',
      '@hourly',
      '@midnight',
      '@reboot',
      '@weekdays',
      '@weekends',
      '@minutely',
      '@garbage',
    ),
  },
);

function optionsFor(dialect: DialectId): fc.Arbitrary<ExplainOptions> {
  return fc.record({
    dialect: fc.constant(dialect),
    plan: fc.option(fc.constantFrom(...PLANS), { nil: undefined }),
    scheduleTimeZone: fc.option(fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Mars/Olympus'), {
      nil: undefined,
    }),
    from: fc.date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2085-12-31T23:59:59Z'), noInvalidDate: true }),
    // Mostly hover-sized previews; sometimes past the 100-run clamp, sometimes below zero.
    runs: fc.option(
      fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -3, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 90, max: 120 }) }),
      { nil: undefined },
    ),
  });
}

const GENERATORS: { name: string; arb: fc.Arbitrary<string>; runs: number }[] = [
  { name: 'arbitrary ASCII strings', arb: fc.string({ maxLength: 64 }), runs: NUM_RUNS },
  { name: 'arbitrary Unicode strings (any code point)', arb: fc.string({ unit: 'binary', maxLength: 48 }), runs: NUM_RUNS },
  { name: 'arbitrary grapheme strings', arb: fc.string({ unit: 'grapheme', maxLength: 24 }), runs: NUM_RUNS },
  { name: 'cron-ish token soup', arb: tokenSoup, runs: NUM_RUNS },
  { name: 'structured cron expressions', arb: cronish, runs: NUM_RUNS },
  { name: 'strings around the 1 kB limit', arb: fc.string({ minLength: 1000, maxLength: 1100 }), runs: Math.ceil(NUM_RUNS / 6) },
];

// Load cron-parser and cronstrue before timing anything.
explainCron('0 0 * * *', { from: new Date() });

describe(`explainCron properties (fast-check seed ${SEED})`, () => {
  for (const generator of GENERATORS) {
    describe(generator.name, () => {
      for (const dialect of DIALECT_IDS) {
        it(`keep the contract on ${dialect}`, () => {
          fc.assert(
            fc.property(generator.arb, optionsFor(dialect), (expression, options) => checkContract(expression, options)),
            { seed: SEED, numRuns: generator.runs },
          );
        });
      }
    });
  }

  it('the structured generator mostly yields schedules that preview runs', () => {
    // Guards the generator: if it stopped producing valid schedules, the preview
    // properties above would pass vacuously.
    const samples = fc.sample(cronish, { seed: SEED, numRuns: 200 });
    const from = new Date('2026-11-28T02:00:00Z');
    const previewed = samples.filter((expression) => explainCron(expression, { dialect: 'node-cron', from }).nextRuns.length > 0).length;
    assert.ok(previewed >= 40, `${previewed} of 200 previewed`);
  });

  it('is deterministic: the same input gives the same explanation', () => {
    fc.assert(
      fc.property(fc.oneof(cronish, tokenSoup), optionsFor('node-cron'), (expression, options) => {
        assert.deepEqual(explainCron(expression, options), explainCron(expression, options));
      }),
      { seed: SEED, numRuns: Math.ceil(NUM_RUNS / 3) },
    );
  });
});
