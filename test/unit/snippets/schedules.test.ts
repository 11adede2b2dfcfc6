/**
 * The schedule each snippet suggests is valid for the platform that reads it, in the project's own
 * engine and its dialect for that platform.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainCron } from '../../../src/core/cron/engine';
import type { DialectId } from '../../../src/core/cron/dialects';
import { bodyText, tabstops } from './expand';
import { snippet } from './support';

const CASES: { file: string; prefix: string; cron: number; zone?: number; dialect: DialectId }[] = [
  { file: 'json.json', prefix: 'cron-vercel-json', cron: 2, dialect: 'vercel' },
  { file: 'json.json', prefix: 'cron-vercel-job', cron: 2, dialect: 'vercel' },
  { file: 'yaml.json', prefix: 'cron-github-actions', cron: 2, dialect: 'github-actions' },
  { file: 'typescript.json', prefix: 'cron-qstash-schedule', cron: 3, dialect: 'qstash' },
  { file: 'typescript.json', prefix: 'cron-trigger-task', cron: 3, zone: 4, dialect: 'trigger' },
  { file: 'typescript.json', prefix: 'cron-node-cron', cron: 1, zone: 3, dialect: 'node-cron' },
];

describe('snippets: suggested schedules', () => {
  for (const { file, prefix, cron, zone, dialect } of CASES) {
    it(`${prefix}: $${cron} is a valid ${dialect} schedule${zone ? ` in the zone of $${zone}` : ''}`, () => {
      const stops = tabstops(bodyText(snippet(file, prefix)));
      const expression = stops.get(cron)?.defaults[0];
      assert.ok(expression, `${prefix} has no default at $${cron}`);
      const scheduleTimeZone = zone === undefined ? undefined : stops.get(zone)?.defaults[0];
      const explanation = explainCron(expression, {
        dialect,
        scheduleTimeZone,
        plan: dialect === 'vercel' ? 'hobby' : undefined,
        from: new Date('2026-11-28T00:00:00Z'),
        runs: 1,
      });
      // Only notes (Hobby's "anywhere within the hour") may remain.
      const problems = explanation.problems.filter((p) => p.severity === 'error' || p.severity === 'warning');
      assert.deepEqual(
        problems.map((p) => `${p.code}: ${p.message}`),
        [],
      );
      assert.equal(explanation.nextRuns.length, 1);
    });
  }
});
