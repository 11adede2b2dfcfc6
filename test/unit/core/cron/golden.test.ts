/**
 * The golden table: test/golden/explain.jsonl holds one verdict per fact of
 * platform-facts.md (§1.2 schedule syntax, §1.3 plans, §4 libraries, §4.4 the star rule,
 * §5 other schedulers). The verdicts come from the facts, not from the engine's output:
 * a row whose verdict the engine does not reach yet carries `suspectedBug` with the reason,
 * and runs as a TODO test so the suite stays green while the disagreement stays visible.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CODES, isKnownCode } from '../../../../src/core/codes';
import { DIALECT_IDS, type DialectId, isDialectId } from '../../../../src/core/cron/dialects';
import { explainCron } from '../../../../src/core/cron/engine';
import { isPlan, type Plan } from '../../../../src/core/settings';
import type { Severity } from '../../../../src/core/types';
import { DEFAULT_FROM, iso, repoRoot, show } from '../helpers';

interface GoldenRow {
  case: string;
  expression: string;
  dialect: DialectId;
  plan?: Plan;
  scheduleTimeZone?: string;
  from?: string;
  valid: boolean;
  codes: string[];
  severities?: Record<string, Severity>;
  nextRuns?: string[];
  shortestIntervalSeconds?: number;
  suspectedBug?: string;
}

/** The codes explainCron reports (the registry also holds vercel.json and route codes). */
const CRON_CODES = [
  'invalid-schedule',
  'invalid-timezone',
  'day-of-month-and-week',
  'never-fires',
  'hobby-frequency',
  'hobby-precision',
  'interval-too-short',
  'next-runs-unavailable',
] as const;

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'hint'];
const ROW_KEYS = new Set([
  'case',
  'expression',
  'dialect',
  'plan',
  'scheduleTimeZone',
  'from',
  'valid',
  'codes',
  'severities',
  'nextRuns',
  'shortestIntervalSeconds',
  'suspectedBug',
]);

/** Parses and checks one line, so a typo in the table fails loudly instead of testing nothing. */
function parseRow(line: string, lineNumber: number): GoldenRow {
  const where = `explain.jsonl:${lineNumber}`;
  const raw = JSON.parse(line) as Record<string, unknown>;
  for (const key of Object.keys(raw)) assert.ok(ROW_KEYS.has(key), `${where}: unknown key "${key}"`);
  assert.equal(typeof raw.case, 'string', `${where}: case`);
  assert.equal(typeof raw.expression, 'string', `${where}: expression`);
  assert.ok(typeof raw.dialect === 'string' && isDialectId(raw.dialect), `${where}: dialect ${String(raw.dialect)}`);
  assert.ok(raw.plan === undefined || isPlan(raw.plan), `${where}: plan`);
  assert.ok(raw.scheduleTimeZone === undefined || typeof raw.scheduleTimeZone === 'string', `${where}: scheduleTimeZone`);
  assert.ok(raw.from === undefined || (typeof raw.from === 'string' && !Number.isNaN(Date.parse(raw.from))), `${where}: from`);
  assert.equal(typeof raw.valid, 'boolean', `${where}: valid`);
  assert.ok(Array.isArray(raw.codes), `${where}: codes`);
  for (const code of raw.codes as unknown[])
    assert.ok(typeof code === 'string' && isKnownCode(code), `${where}: unknown code ${String(code)}`);
  if (raw.severities !== undefined) {
    for (const [code, severity] of Object.entries(raw.severities as Record<string, unknown>)) {
      assert.ok((raw.codes as string[]).includes(code), `${where}: severity given for ${code}, which the row does not expect`);
      assert.ok(typeof severity === 'string' && SEVERITIES.includes(severity), `${where}: severity ${String(severity)}`);
    }
  }
  if (raw.nextRuns !== undefined) {
    assert.ok(Array.isArray(raw.nextRuns), `${where}: nextRuns`);
    for (const run of raw.nextRuns as unknown[]) {
      assert.ok(
        typeof run === 'string' && new Date(run).toISOString() === run,
        `${where}: nextRuns entry ${String(run)} is not a UTC ISO string`,
      );
    }
  }
  assert.ok(
    raw.shortestIntervalSeconds === undefined || typeof raw.shortestIntervalSeconds === 'number',
    `${where}: shortestIntervalSeconds`,
  );
  assert.ok(
    raw.suspectedBug === undefined || (typeof raw.suspectedBug === 'string' && raw.suspectedBug.length > 0),
    `${where}: suspectedBug`,
  );
  // A row that says "valid" cannot expect an error-only verdict, and vice versa.
  const severities = (raw.severities ?? {}) as Record<string, string>;
  if (raw.valid === true) {
    for (const code of Object.keys(severities)) assert.notEqual(severities[code], 'error', `${where}: valid row with an error severity`);
  } else {
    assert.ok((raw.codes as string[]).length > 0, `${where}: an invalid row must name the codes that make it invalid`);
  }
  return raw as unknown as GoldenRow;
}

function loadRows(): GoldenRow[] {
  const file = path.join(repoRoot(), 'test', 'golden', 'explain.jsonl');
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const rows: GoldenRow[] = [];
  lines.forEach((line, index) => {
    if (line.trim() !== '') rows.push(parseRow(line, index + 1));
  });
  return rows;
}

const rows = loadRows();

describe('golden table test/golden/explain.jsonl', () => {
  it('is a table of 70-130 facts with unique case names', () => {
    assert.ok(rows.length >= 70 && rows.length <= 130, `${rows.length} rows`);
    const seen = new Set<string>();
    for (const row of rows) {
      assert.ok(!seen.has(row.case), `duplicate case "${row.case}"`);
      seen.add(row.case);
    }
  });

  it('covers every dialect, with valid and invalid rows for the strict ones', () => {
    for (const dialect of DIALECT_IDS) {
      const mine = rows.filter((r) => r.dialect === dialect);
      assert.ok(mine.length >= 3, `${dialect}: ${mine.length} rows`);
    }
    for (const dialect of ['vercel', 'github-actions', 'netlify', 'node-cron', 'trigger', 'qstash', 'standard', 'croner', 'node-schedule', 'inngest'] as const) {
      assert.ok(
        rows.some((r) => r.dialect === dialect && r.valid),
        `${dialect} has no valid row`,
      );
      assert.ok(
        rows.some((r) => r.dialect === dialect && !r.valid),
        `${dialect} has no invalid row`,
      );
    }
  });

  it('uses every problem code the cron engine emits at least once', () => {
    const used = new Set(rows.flatMap((r) => r.codes));
    for (const code of CRON_CODES) {
      assert.ok(code in CODES, `${code} is not in the registry`);
      assert.ok(used.has(code), `no row expects ${code}`);
    }
  });

  for (const row of rows) {
    const options = row.suspectedBug ? { todo: `suspected engine bug: ${row.suspectedBug}` } : {};
    it(`${row.case} [${row.dialect}${row.plan ? `, ${row.plan}` : ''}]`, options, () => {
      const from = row.from ? new Date(row.from) : DEFAULT_FROM;
      const result = explainCron(row.expression, {
        dialect: row.dialect,
        plan: row.plan,
        scheduleTimeZone: row.scheduleTimeZone,
        from,
        runs: row.nextRuns ? row.nextRuns.length : 5,
      });
      const context = `${JSON.stringify(row.expression.length > 80 ? `${row.expression.slice(0, 80)}…` : row.expression)} → ${show(row.expression, result.problems)}`;

      assert.equal(result.valid, row.valid, `valid; ${context}`);
      assert.deepEqual(result.problems.map((p) => p.code).sort(), [...row.codes].sort(), `problem codes; ${context}`);
      for (const [code, severity] of Object.entries(row.severities ?? {})) {
        const withCode = result.problems.filter((p) => p.code === code);
        assert.ok(withCode.length > 0, `no ${code}; ${context}`);
        for (const p of withCode) assert.equal(p.severity, severity, `severity of ${code}; ${context}`);
      }
      if (row.nextRuns) assert.deepEqual(iso(result.nextRuns), row.nextRuns, `next runs; ${context}`);
      if (row.shortestIntervalSeconds !== undefined) {
        assert.equal(result.shortestIntervalSeconds, row.shortestIntervalSeconds, `shortest interval; ${context}`);
      }
      // Whatever the verdict, the engine's own contract holds.
      assert.equal(result.valid, !result.problems.some((p) => p.severity === 'error'), `valid must mean "no error"; ${context}`);
      for (const p of result.problems) {
        assert.ok(
          0 <= p.span.start && p.span.start <= p.span.end && p.span.end <= row.expression.length,
          `span ${JSON.stringify(p.span)}; ${context}`,
        );
        assert.ok(p.message.length > 0, `empty message for ${p.code}`);
      }
      // A schedule the platform refuses for its syntax previews no runs; one refused only by the
      // Hobby plan still shows when it would run on Pro.
      if (result.problems.some((p) => p.severity === 'error' && p.code !== 'hobby-frequency')) {
        assert.deepEqual(result.nextRuns, [], `a refused schedule previews no runs; ${context}`);
      }
    });
  }
});
