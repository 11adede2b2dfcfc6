import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODES, type ProblemCode } from '../../../src/core/codes';
import { AUTH_HARDENING_CODES, type Fix, isDefaultFix } from '../../../src/core/diagnostics';

const fix = (safe: boolean): Fix => ({ title: 'a fix', edits: [], safe });

/**
 * isDefaultFix, for every code: a meaning-preserving fix always runs unasked; a fix that changes
 * meaning only for the two auth hardening codes. test/unit/cli/fix.test.ts pins the codes whose
 * real fixes run by default.
 */
describe('isDefaultFix: the default fix set', () => {
  it('the auth hardening codes are exactly these two', () => {
    assert.deepEqual([...AUTH_HARDENING_CODES].sort(), ['auth-fails-open', 'auth-not-timing-safe']);
  });

  const hardening: ReadonlySet<string> = new Set(['auth-fails-open', 'auth-not-timing-safe']);
  for (const code of Object.keys(CODES) as ProblemCode[]) {
    it(`${code}: a safe fix runs by default; another fix ${hardening.has(code) ? 'too (auth hardening)' : 'waits for --only'}`, () => {
      assert.equal(isDefaultFix(code, fix(true)), true);
      assert.equal(isDefaultFix(code, fix(false)), hardening.has(code));
    });
  }
});
