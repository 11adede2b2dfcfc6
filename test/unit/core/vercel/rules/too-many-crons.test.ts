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
