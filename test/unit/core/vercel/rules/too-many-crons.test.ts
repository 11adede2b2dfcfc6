import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tooManyCronsRule } from '../../../../../src/core/vercel/rules/too-many-crons';
import { flagged, jsonFindingsOf } from '../../../support/ruleHarness';

function entries(n: number): { path: string; schedule: string }[] {
  return Array.from({ length: n }, (_, i) => ({ path: `/api/cron/job-${i}`, schedule: `${i % 60} ${Math.floor(i / 60)} * * *` }));
}

describe('too-many-crons', () => {
  for (const n of [0, 1, 99, 100]) {
    it(`${n} jobs: fine`, () => assert.deepEqual(jsonFindingsOf('too-many-crons', JSON.stringify({ crons: entries(n) })), []));
  }

  it('101 jobs: one error from the 101st entry to the last', () => {
    const text = JSON.stringify({ crons: entries(101) });
    const findings = jsonFindingsOf('too-many-crons', text);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(flagged(text, finding!), JSON.stringify(entries(101)[100]));
    assert.equal(finding!.severity, 'error');
    assert.match(finding!.message, /101 cron jobs; Vercel allows 100 per project/);
    assert.deepEqual(finding!.fixes, []);
  });

  it('130 jobs: the span covers entries 101 to 130', () => {
    const list = entries(130);
    const text = JSON.stringify({ crons: list });
    const [finding] = jsonFindingsOf('too-many-crons', text);
    assert.equal(
      flagged(text, finding!),
      list
        .slice(100)
        .map((e) => JSON.stringify(e))
        .join(','),
    );
  });

  it(
    "pretty-printed: the span ends at the last entry, not on the closing bracket's line",
    () => {
      const list = entries(101);
      const text = JSON.stringify({ crons: list }, null, 2);
      const [finding] = jsonFindingsOf('too-many-crons', text);
      assert.equal(flagged(text, finding!), JSON.stringify(list[100], null, 2).replace(/\n/g, '\n    '));
    },
  );

  it('rule module: file scope, one code', () => {
    assert.deepEqual(tooManyCronsRule.codes, ['too-many-crons']);
    assert.equal(tooManyCronsRule.scope, 'file');
  });
});

describe('too-many-crons: Schedules', () => {
  const schedules = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}`, schedule: '0 3 * * *', topic: `t${i}` }));
  const crons = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `/api/c${i}`, schedule: '0 3 * * *' }));

  it('100 schedules and no crons: no finding; 101: an error over the extra entry', () => {
    assert.deepEqual(jsonFindingsOf('too-many-crons', JSON.stringify({ schedules: schedules(100) })), []);
    const text = JSON.stringify({ schedules: schedules(101) });
    const [finding, ...rest] = jsonFindingsOf('too-many-crons', text);
    assert.deepEqual(rest, []);
    assert.equal(finding!.severity, 'error');
    assert.equal(flagged(text, finding!), '{"name":"s100","schedule":"0 3 * * *","topic":"t100"}');
    assert.match(finding!.message, /101 schedules; the vercel CLI accepts at most 100/);
  });

  it('crons and schedules each within 100 but over 100 together: a warning, since a shared cap is not documented', () => {
    assert.deepEqual(jsonFindingsOf('too-many-crons', JSON.stringify({ crons: crons(50), schedules: schedules(50) })), []);
    const text = JSON.stringify({ crons: crons(60), schedules: schedules(50) });
    const [finding, ...rest] = jsonFindingsOf('too-many-crons', text);
    assert.deepEqual(rest, []);
    assert.equal(finding!.severity, 'warning');
    assert.ok(flagged(text, finding!).startsWith('{"name":"s40"'));
    assert.match(finding!.message, /60 cron jobs and 50 schedules, 110 in all.*not documented/);
  });
});
