import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkVercelJson } from '../../../../src/core/vercel/check';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { checkJson, fixtureFiles, NOW, projectOf, summary } from '../../support/ruleHarness';

/** One document with a finding for most file rules, in a deliberate order. */
const MIXED = `{
  // jobs
  "crons": [
    { "path": "/api/cron/a", "schedule": "0 0 * * MON", "timezone": "UTC" },
    { "path": "api/cron/b", "schedule": "*/10 * * * *" },
    { "path": "/api/cron/c", "schedule": "0 0 30 2 *" },
    { "path": "/api/cron/c", "schedule": "0 0 30 2 *" },
    { "path": "/api/cron/d", "schedule": "0 0 1 * 1" }
  ]
}
`;

describe('checkVercelJson: all rules together', () => {
  it('reports every problem once, sorted by position then code', () => {
    assert.deepEqual(summary(MIXED, checkJson(MIXED)), [
      ['invalid-json', 'error', '// jobs'],
      ['invalid-schedule', 'error', 'MON'],
      ['unknown-property', 'error', '"timezone": "UTC"'],
      ['invalid-path', 'error', '"api/cron/b"'],
      ['hobby-frequency', 'warning', '*/10 *'],
      ['never-fires', 'warning', '30 2'],
      ['duplicate-cron', 'warning', '{ "path": "/api/cron/c", "schedule": "0 0 30 2 *" }'],
      ['never-fires', 'warning', '30 2'],
      ['day-of-month-and-week', 'error', '1 * 1'],
    ]);
    const findings = checkJson(MIXED);
    for (let i = 1; i < findings.length; i++) {
      const [a, b] = [findings[i - 1]!, findings[i]!];
      assert.ok(
        a.span.start < b.span.start || (a.span.start === b.span.start && a.code.localeCompare(b.code) <= 0),
        `${a.code} before ${b.code}`,
      );
    }
  });

  it('findings at the same place are ordered by code', () => {
    const text = '{ "crons": [ { "method": "POST" } ] }';
    assert.deepEqual(summary(text, checkJson(text)), [
      ['invalid-path', 'error', '{ "method": "POST" }'],
      ['invalid-schedule', 'error', '{ "method": "POST" }'],
      ['unknown-property', 'error', '"method": "POST"'],
    ]);
  });

  it('the plan decides hobby-frequency and hobby-precision', () => {
    const codes = (plan: 'hobby' | 'pro') => checkJson(MIXED, { plan }).map((f) => `${f.code}:${f.severity}`);
    assert.ok(codes('hobby').includes('hobby-frequency:error'));
    assert.ok(codes('hobby').includes('hobby-precision:info'));
    assert.ok(!codes('pro').some((c) => c.startsWith('hobby-')));
  });

  it("now decides today's offset in the time-zone conversion", () => {
    const text = '{ "crons": [ { "path": "/a", "schedule": "0 9 * * *", "timezone": "Europe/Berlin" } ] }';
    const title = (now: Date) => checkJson(text, { now }).find((f) => f.code === 'unknown-property')!.fixes[0]!.title;
    assert.match(title(NOW), /"0 8 \* \* \*"/);
    assert.match(title(new Date('2026-07-01T00:00:00Z')), /"0 7 \* \* \*"/);
  });
});

describe('checkVercelJson: the rules setting', () => {
  it('"off" drops a code and leaves the others', () => {
    const all = checkJson(MIXED).map((f) => f.code);
    const without = checkJson(MIXED, { rules: { 'never-fires': 'off' } }).map((f) => f.code);
    assert.deepEqual(
      without,
      all.filter((c) => c !== 'never-fires'),
    );
  });

  it('a severity replaces the default and keeps message, span and fixes', () => {
    const plain = checkJson(MIXED).find((f) => f.code === 'invalid-path')!;
    const changed = checkJson(MIXED, { rules: { 'invalid-path': 'hint' } }).find((f) => f.code === 'invalid-path')!;
    assert.equal(changed.severity, 'hint');
    assert.deepEqual({ ...changed, severity: plain.severity }, plain);
  });

  it('turning off every code of a rule silences the whole rule', () => {
    const codes = [
      'invalid-schedule',
      'day-of-month-and-week',
      'never-fires',
      'hobby-frequency',
      'hobby-precision',
      'invalid-timezone',
    ] as const;
    const rules = Object.fromEntries(codes.map((c) => [c, 'off' as const]));
    const left = checkJson(MIXED, { plan: 'hobby', rules }).map((f) => f.code);
    assert.ok(
      left.every((c) => !(codes as readonly string[]).includes(c)),
      left.join(),
    );
    assert.ok(left.includes('invalid-path'));
  });

  it('unknown codes in the setting are harmless', () => {
    assert.deepEqual(checkJson(MIXED, { rules: { 'no-such-rule': 'off' } }), checkJson(MIXED));
  });
});

describe('checkVercelJson: project rules need a project', () => {
  const files = fixtureFiles('app-router');
  const text = files['vercel.json']!;

  it('without one, only file rules report', () => {
    assert.deepEqual(
      checkJson(text).map((f) => f.code),
      ['invalid-schedule', 'hobby-frequency', 'invalid-path'],
    );
  });

  it('with one, route rules join in (route-missing-get is the route file\'s, where it is fixed)', () => {
    assert.deepEqual(summary(text, checkJson(text, { files })), [
      ['invalid-schedule', 'error', 'MON'],
      ['hobby-frequency', 'warning', '*/15 *'],
      ['route-not-found', 'warning', '"/api/cron/rotate-keys"'],
      ['invalid-path', 'error', '"api/cron/cleanup-sessions"'],
    ]);
  });

  it('the same project model can check several texts', () => {
    const project = projectOf(files);
    const run = (t: string) => checkVercelJson(parseVercelJson(t), { plan: 'unknown', now: NOW, project, rules: {} }).map((f) => f.code);
    assert.deepEqual(run(text), ['invalid-schedule', 'hobby-frequency', 'route-not-found', 'invalid-path']);
    assert.deepEqual(run('{ "crons": [ { "path": "/api/cron/cleanup-sessions", "schedule": "0 3 * * *" } ] }'), []);
  });
});
