import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duplicateCronRule } from '../../../../../src/core/vercel/rules/duplicate-cron';
import { flagged, jsonFindingsOf } from '../../../support/ruleHarness';

function doc(entries: { path?: unknown; schedule?: unknown }[]): string {
  return `{\n  "crons": [\n${entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]\n}\n`;
}

describe('duplicate-cron', () => {
  const distinct: [string, { path?: unknown; schedule?: unknown }[]][] = [
    [
      'one path at several schedules',
      [
        { path: '/api/a', schedule: '0 3 * * *' },
        { path: '/api/a', schedule: '0 15 * * *' },
      ],
    ],
    [
      'several paths at one schedule',
      [
        { path: '/api/a', schedule: '0 3 * * *' },
        { path: '/api/b', schedule: '0 3 * * *' },
      ],
    ],
    [
      'a trailing slash makes another path',
      [
        { path: '/api/a', schedule: '0 3 * * *' },
        { path: '/api/a/', schedule: '0 3 * * *' },
      ],
    ],
    [
      'another query makes another path',
      [
        { path: '/api/a?team=1', schedule: '0 3 * * *' },
        { path: '/api/a?team=2', schedule: '0 3 * * *' },
      ],
    ],
    [
      'entries without a string path or schedule are not compared',
      [{ schedule: '0 3 * * *' }, { schedule: '0 3 * * *' }, { path: '/a', schedule: 1 }, { path: '/a', schedule: 1 }],
    ],
  ];
  for (const [name, entries] of distinct) {
    it(`no finding: ${name}`, () => assert.deepEqual(jsonFindingsOf('duplicate-cron', doc(entries)), []));
  }

  it('flags the repeat, not the first, as a warning naming the first index', () => {
    const text = doc([
      { path: '/api/a', schedule: '0 3 * * *' },
      { path: '/api/b', schedule: '0 4 * * *' },
      { path: '/api/a', schedule: '0 3 * * *' },
    ]);
    const findings = jsonFindingsOf('duplicate-cron', text);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(flagged(text, finding!), '{"path":"/api/a","schedule":"0 3 * * *"}');
    assert.equal(finding!.span.start, text.lastIndexOf('{"path":"/api/a"'));
    assert.equal(finding!.severity, 'warning');
    assert.match(finding!.message, /repeats crons\[0\]/);
    assert.deepEqual(finding!.fixes, [], "which copy to drop is the author's call");
  });

  it('whitespace inside the schedule does not make another job', () => {
    const text = doc([
      { path: '/api/a', schedule: '0 3 * * *' },
      { path: '/api/a', schedule: ' 0  3 *\t* * ' },
    ]);
    const findings = jsonFindingsOf('duplicate-cron', text);
    assert.deepEqual(
      findings.map((f) => flagged(text, f)),
      ['{"path":"/api/a","schedule":" 0  3 *\\t* * "}'],
    );
  });

  it('three copies give two findings, both pointing at the first', () => {
    const entry = { path: '/api/a', schedule: '0 3 * * *' };
    const findings = jsonFindingsOf('duplicate-cron', doc([entry, entry, entry]));
    assert.equal(findings.length, 2);
    assert.ok(findings.every((f) => /crons\[0\]/.test(f.message)));
  });

  it('rule module: file scope, one code', () => {
    assert.deepEqual(duplicateCronRule.codes, ['duplicate-cron']);
    assert.equal(duplicateCronRule.scope, 'file');
  });
});

describe('duplicate-cron: Schedules', () => {
  const entry = (name: string, extra: Record<string, unknown>) => ({ name, schedule: '0 3 * * *', ...extra });
  const text = (...entries: Record<string, unknown>[]) => JSON.stringify({ schedules: entries }, null, 2);

  it('the same target at the same schedule in the same zone: a warning on the repeat', () => {
    const doc = text(entry('a', { path: '/api/a' }), entry('b', { path: '/api/a', timezone: 'UTC', requestMethod: 'POST' }));
    const [finding, ...rest] = jsonFindingsOf('duplicate-cron', doc);
    assert.deepEqual(rest, []);
    assert.ok(flagged(doc, finding!).includes('"name": "b"'));
    assert.match(finding!.message, /repeats "a" \(path \/api\/a at "0 3 \* \* \*" in UTC\)/);
  });

  const distinct: [string, Record<string, unknown>[]][] = [
    ['another zone is another time', [entry('a', { topic: 't' }), entry('b', { topic: 't', timezone: 'Europe/Berlin' })]],
    ['another method is another request', [entry('a', { path: '/a' }), entry('b', { path: '/a', requestMethod: 'GET' })]],
    ['another kind of target', [entry('a', { function: 'x' }), entry('b', { topic: 'x' })]],
  ];
  for (const [name, entries] of distinct) it(`no finding: ${name}`, () => assert.deepEqual(jsonFindingsOf('duplicate-cron', text(...entries)), []));
});
