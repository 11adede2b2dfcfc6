/**
 * `npm run bench`: every performance claim of the project, as ratios against a baseline
 * measured in the same run on the same machine.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { explainCron } from '../../src/core/cron/engine';
import { repoRoot } from '../unit/support/repo';
import { type BenchLine, compare, median, printLines } from './measure';
import { benchLanguageServer } from './lspBench';
import { benchEdit, benchFullCheck, benchMemory, benchOneRoute } from './routeBench';
import { benchSchedulerScan } from './schedulerBench';
import { benchHover, benchReanalysis, benchRouteTable, benchSchedulesHover } from './vercelBench';

const root = repoRoot();
const FROM = new Date('2026-11-28T02:00:00Z');
const RUNS = 5;

/** Schedules as people write them in vercel.json. */
const EXPRESSIONS = [
  '0 3 * * *',
  '*/15 * * * *',
  '0 9 * * 1-5',
  '0 0 1 * *',
  '30 2 * * 0',
  '0 */6 * * *',
  '15 10 1,15 * *',
  '0 0 * * 1',
  '5 4 * 1-6 *',
  '0 12 L * *',
];

function benchEngine(): BenchLine {
  let next = 0;
  const { ratio, spread, subjectNs, baselineNs } = compare(
    () => {
      const expression = EXPRESSIONS[next++ % EXPRESSIONS.length]!;
      explainCron(expression, { dialect: expression.includes('L') ? 'trigger' : 'vercel', from: FROM, runs: RUNS });
    },
    () => {
      const expression = EXPRESSIONS[next++ % EXPRESSIONS.length]!;
      const parsed = CronExpressionParser.parse(expression, { currentDate: FROM, tz: 'UTC' });
      for (let i = 0; i < RUNS; i++) parsed.next();
    },
    EXPRESSIONS.length * 10,
  );
  return {
    name: 'explain vs cron-parser parse + 5 next()',
    ratio,
    spread,
    budget: 1.5,
    detail: `engine ${(subjectNs / 1000).toFixed(0)} µs/expr, bare ${(baselineNs / 1000).toFixed(0)} µs/expr`,
  };
}

function benchActivation(): BenchLine[] {
  const probe = path.join(__dirname, 'activation-probe.js');
  const bundle = path.join(root, 'dist', 'extension.js');
  const samples = Array.from({ length: 7 }, () => JSON.parse(execFileSync(process.execPath, [probe, bundle], { encoding: 'utf8' })) as { requireMs: number; activateMs: number });
  const requireMs = median(samples.map((s) => s.requireMs));
  const activateMs = median(samples.map((s) => s.activateMs));
  const size = fs.statSync(bundle).size;
  return [
    { name: 'dist/extension.js size', detail: `${(size / 1024).toFixed(0)} KiB` },
    { name: 'activate() vs require(dist/extension.js)', ratio: activateMs / requireMs, detail: `activate ${activateMs.toFixed(2)} ms, require ${requireMs.toFixed(2)} ms (medians of 7 fresh processes)` },
  ];
}

async function main(): Promise<void> {
  console.log(`Next Cron Routes bench — node ${process.version}, ${new Date().toISOString()}\n`);
  const ok = printLines([
    benchEngine(),
    ...benchActivation(),
    benchReanalysis(),
    benchHover(),
    benchSchedulesHover(),
    ...benchRouteTable(),
    benchOneRoute(),
    benchFullCheck(),
    ...benchSchedulerScan(),
    benchEdit(),
    ...benchMemory(),
    ...(await benchLanguageServer()),
  ]);
  if (!ok) process.exitCode = 1;
}

void main();
