import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidPathRule } from '../../../../../src/core/vercel/rules/invalid-path';
import { applyJsonFix, assertJsonFixSettles, cronJson, flagged, jsonFindingsOf, singleInJson, summary } from '../../../support/ruleHarness';

describe('invalid-path: valid paths', () => {
  const valid = ['/api/cron/cleanup', '/api/cron/cleanup?source=vercel', '/', '/api/sync-team/T123', `/${'a'.repeat(511)}`];
  for (const p of valid) {
    it(JSON.stringify(p.length > 40 ? `${p.slice(0, 20)}… (${p.length} chars)` : p), () => {
      const text = cronJson('0 3 * * *', p);
      assert.deepEqual(summary(text, jsonFindingsOf('invalid-path', text)), []);
    });
  }
});

describe('invalid-path: invalid paths', () => {
  const cases: { name: string; text: string; flagged: string; fixed: string | null; message: RegExp }[] = [
    {
      name: 'no path at all flags the entry',
      text: '{ "crons": [ { "schedule": "0 3 * * *" } ] }',
      flagged: '{ "schedule": "0 3 * * *" }',
      fixed: null,
      message: /no "path"/,
    },
    { name: 'a number', text: cronJson('0 3 * * *', 7), flagged: '7', fixed: null, message: /must be a string/ },
    { name: 'null', text: cronJson('0 3 * * *', null), flagged: 'null', fixed: null, message: /must be a string/ },
    { name: 'empty', text: cronJson('0 3 * * *', ''), flagged: '""', fixed: null, message: /empty/ },
    { name: 'blank', text: cronJson('0 3 * * *', '   '), flagged: '"   "', fixed: null, message: /empty/ },
    {
      name: 'no leading slash',
      text: cronJson('0 3 * * *', 'api/cron/cleanup'),
      flagged: '"api/cron/cleanup"',
      fixed: cronJson('0 3 * * *', '/api/cron/cleanup'),
      message: /must start with "\/"/,
    },
    {
      name: 'no leading slash, with a query',
      text: cronJson('0 3 * * *', 'api/cron/cleanup?dry=1'),
      flagged: '"api/cron/cleanup?dry=1"',
      fixed: cronJson('0 3 * * *', '/api/cron/cleanup?dry=1'),
      message: /must start with "\/"/,
    },
    {
      name: 'leading spaces before a relative path',
      text: cronJson('0 3 * * *', '  api/cron/cleanup'),
      flagged: '"  api/cron/cleanup"',
      fixed: cronJson('0 3 * * *', '/api/cron/cleanup'),
      message: /must start with "\/"/,
    },
    {
      name: 'an escaped first letter',
      text: '{ "crons": [ { "path": "\\u0061pi/cron/cleanup", "schedule": "0 3 * * *" } ] }',
      flagged: '"\\u0061pi/cron/cleanup"',
      fixed: '{ "crons": [ { "path": "/api/cron/cleanup", "schedule": "0 3 * * *" } ] }',
      message: /must start with "\/"/,
    },
    {
      name: 'longer than 512 characters',
      text: cronJson('0 3 * * *', `/${'a'.repeat(512)}`),
      flagged: `"/${'a'.repeat(512)}"`,
      fixed: null,
      message: /513 characters long; Vercel allows at most 512/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const finding = singleInJson('invalid-path', c.text);
      assert.equal(flagged(c.text, finding), c.flagged);
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, c.message);
      if (c.fixed === null) {
        assert.deepEqual(finding.fixes, []);
        return;
      }
      assert.equal(finding.fixes.length, 1);
      const fix = finding.fixes[0]!;
      assert.equal(fix.safe, true, 'adding the slash keeps the meaning, so fix applies it unasked');
      assert.equal(applyJsonFix(c.text, fix), c.fixed);
      assertJsonFixSettles('invalid-path', c.text, fix);
    });
  }

  it('reports each bad entry of several, and only those', () => {
    const text = JSON.stringify({
      crons: [
        { path: '/ok', schedule: '0 3 * * *' },
        { path: 'bad', schedule: '0 3 * * *' },
        { path: '', schedule: '0 4 * * *' },
      ],
    });
    assert.deepEqual(
      jsonFindingsOf('invalid-path', text).map((f) => flagged(text, f)),
      ['"bad"', '""'],
    );
  });

  it(
    'a leading space before an absolute path is trimmed, not doubled into "//"',
    () => {
      const text = cronJson('0 3 * * *', ' /api/cron/a');
      assert.equal(applyJsonFix(text, singleInJson('invalid-path', text).fixes[0]!), cronJson('0 3 * * *', '/api/cron/a'));
    },
  );

  it(
    'a full URL is not turned into "/https://…" by a safe fix',
    {
    },
    () => {
      const text = cronJson('0 3 * * *', 'https://example.com/api/cron/a');
      const finding = singleInJson('invalid-path', text);
      for (const fix of finding.fixes.filter((f) => f.safe)) assert.equal(applyJsonFix(text, fix), cronJson('0 3 * * *', '/api/cron/a'));
    },
  );

  it('rule module: file scope, one code', () => {
    assert.deepEqual(invalidPathRule.codes, ['invalid-path']);
    assert.equal(invalidPathRule.scope, 'file');
  });
});

describe('invalid-path: Schedules path targets', () => {
  const entry = (path: unknown) => JSON.stringify({ schedules: [{ name: 'a', schedule: '0 3 * * *', path }] });

  it('a path starting with "/" passes; other targets are not paths', () => {
    assert.deepEqual(jsonFindingsOf('invalid-path', entry('/api/a?x=1')), []);
    assert.deepEqual(jsonFindingsOf('invalid-path', '{ "schedules": [{ "name": "a", "schedule": "0 3 * * *", "function": "api/a" }] }'), []);
  });

  it('no leading slash: an error, fixed by adding it', () => {
    const text = entry('api/a');
    const finding = singleInJson('invalid-path', text);
    assert.equal(flagged(text, finding), '"api/a"');
    assert.match(finding.message, /must start with "\/"/);
    assert.equal(assertJsonFixSettles('invalid-path', text, finding.fixes[0]!), entry('/api/a'));
  });

  it('a full URL, a number and an over-long path', () => {
    assert.deepEqual(singleInJson('invalid-path', entry('https://example.com/api/a')).fixes.map((f) => [f.title, f.safe]), [['Change to "/api/a"', false]]);
    assert.match(singleInJson('invalid-path', entry(5)).message, /must be a string/);
    assert.match(singleInJson('invalid-path', entry(`/${'a'.repeat(600)}`)).message, /601 characters long; Vercel allows at most 512/);
  });
});
