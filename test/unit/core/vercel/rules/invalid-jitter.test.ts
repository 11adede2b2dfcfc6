import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidJitterRule } from '../../../../../src/core/vercel/rules/invalid-jitter';
import { applyJsonFix, assertJsonFixSettles, jsonFindingsOf, singleInJson, summary } from '../../../support/ruleHarness';

function withJitter(jitter: string): string {
  return `{\n  "schedules": [\n    { "name": "a", "schedule": "0 3 * * *", "path": "/api/a", "jitter": ${jitter} }\n  ]\n}\n`;
}

describe('invalid-jitter', () => {
  it('registers its one code', () => assert.deepEqual(invalidJitterRule.codes, ['invalid-jitter']));

  for (const jitter of ['1', '5', '15']) {
    it(`no finding: ${jitter}`, () => assert.deepEqual(jsonFindingsOf('invalid-jitter', withJitter(jitter)), []));
  }
  it('no finding without jitter', () => assert.deepEqual(jsonFindingsOf('invalid-jitter', '{ "schedules": [{ "name": "a", "schedule": "0 3 * * *", "path": "/a" }] }'), []));

  const bad: [jitter: string, why: RegExp, fixedTo: string | undefined][] = [
    ['0', /0 is outside 1–15/, '1'],
    ['16', /16 is outside 1–15/, '15'],
    ['90', /90 is outside 1–15/, '15'],
    ['-3', /-3 is outside 1–15/, '1'],
    ['2.5', /2\.5 is not a whole number/, '3'],
    ['"5"', /"5" is a string/, '5'],
    ['"soon"', /"soon" is not a number/, undefined],
    ['null', /null is not a number/, undefined],
    ['1e400', /outside 1–15/, undefined],
  ];
  for (const [jitter, why, fixedTo] of bad) {
    it(`${jitter}: an error on the value${fixedTo ? `, fixed to ${fixedTo}` : ', no fix'}`, () => {
      const text = withJitter(jitter);
      const finding = singleInJson('invalid-jitter', text);
      assert.deepEqual(summary(text, [finding]), [['invalid-jitter', 'error', jitter]]);
      assert.match(finding.message, why);
      assert.match(finding.message, /whole number of minutes from 1 to 15 \(as of 2026-10-13; the vercel CLI 64\.0\.2/);
      if (!fixedTo) return assert.deepEqual(finding.fixes, []);
      const fixed = assertJsonFixSettles('invalid-jitter', text, finding.fixes[0]!);
      assert.equal(fixed, withJitter(fixedTo));
      assert.equal(applyJsonFix(fixed, { title: '', edits: [], safe: true }), fixed);
    });
  }

  it('the object shape is checked too', () => {
    const text = '{ "schedules": { "a": { "schedule": "0 3 * * *", "topic": "t", "jitter": 20 } } }';
    assert.deepEqual(summary(text, jsonFindingsOf('invalid-jitter', text)), [['invalid-jitter', 'error', '20']]);
  });
});
