/**
 * Fixes in vercel.toml and vercel.ts (src/core/vercel/configFixes.ts): each fix the vercel.json
 * rules offer is written in the file's own syntax, or withheld when it cannot be; a fix applied
 * leaves nothing for a second round.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import type { ProblemCode } from '../../../../src/core/codes';
import type { Finding } from '../../../../src/core/diagnostics';
import { checkConfig, fixTitled, summary } from '../../support/ruleHarness';

function single(code: ProblemCode, name: string, text: string): Finding {
  const all = checkConfig(name, text);
  const mine = all.filter((f) => f.code === code);
  assert.equal(mine.length, 1, `expected one ${code}, got ${JSON.stringify(summary(text, all))}`);
  return mine[0]!;
}

/** Applies the fix titled so, asserts the result, and that the code is gone after (a second round has nothing to do). */
function fixes(name: string, code: ProblemCode, title: RegExp, before: string, after: string): void {
  const fix = fixTitled(single(code, name, before), title);
  const fixed = applyEdits(before, fix.edits);
  assert.equal(fixed, after);
  assert.deepEqual(summary(fixed, checkConfig(name, fixed).filter((f) => f.code === code)), [], 'nothing left to fix');
}

describe('fixes in vercel.toml', () => {
  it('a basic string stays basic, a literal string stays literal', () => {
    fixes('vercel.toml', 'invalid-schedule', /Rewrite/, '[[crons]]\npath = "/api/cron/a"\nschedule = "0 3 * * MON"\n', '[[crons]]\npath = "/api/cron/a"\nschedule = "0 3 * * 1"\n');
    fixes('vercel.toml', 'invalid-schedule', /Rewrite/, "[[crons]]\npath = '/api/cron/a'\nschedule = '0 3 * * MON' # weekly\n", "[[crons]]\npath = '/api/cron/a'\nschedule = '0 3 * * 1' # weekly\n");
  });

  it('a path fixed in an inline table keeps its quotes', () => {
    fixes('vercel.toml', 'invalid-path', /Change to/, "crons = [{ path = 'api/cron/a', schedule = '0 3 * * *' }]\n", "crons = [{ path = '/api/cron/a', schedule = '0 3 * * *' }]\n");
  });

  it('a key removed from a table takes its line and its own comment, and no other', () => {
    const before = '[[crons]]\npath = "/api/cron/a" # the cleanup\nschedule = "0 3 * * *"\ntimezone = "UTC" # ours\n\n[[crons]]\npath = "/api/cron/b"\nschedule = "0 4 * * *"\n';
    fixes('vercel.toml', 'unknown-property', /Remove "timezone"/, before, '[[crons]]\npath = "/api/cron/a" # the cleanup\nschedule = "0 3 * * *"\n\n[[crons]]\npath = "/api/cron/b"\nschedule = "0 4 * * *"\n');
  });

  it('a key removed from the middle of a table, and the UTC conversion that rewrites the schedule too', () => {
    const before = '[[crons]]\npath = "/api/cron/a"\ntimezone = "Asia/Tokyo"\nschedule = "0 9 * * *"\n';
    fixes('vercel.toml', 'unknown-property', /Convert to UTC/, before, '[[crons]]\npath = "/api/cron/a"\nschedule = "0 0 * * *"\n');
  });

  it('a key removed from an inline table takes its comma', () => {
    fixes('vercel.toml', 'unknown-property', /Remove "tz"/, 'crons = [{ path = "/a", schedule = "0 3 * * *", tz = "UTC" }]\n', 'crons = [{ path = "/a", schedule = "0 3 * * *" }]\n');
  });

  it('strict-JSON problems do not apply: comments are TOML', () => {
    assert.deepEqual(summary('', checkConfig('vercel.toml', '# all fine\n[[crons]]\npath = "/a" # here too\nschedule = "0 3 * * *"\n')), []);
  });
});

describe('fixes in vercel.ts', () => {
  it("each quote style is kept: 'single', \"double\", `template`", () => {
    fixes('vercel.ts', 'invalid-schedule', /Rewrite/, "export default { crons: [{ path: '/a', schedule: '0 3 * * MON' }] };\n", "export default { crons: [{ path: '/a', schedule: '0 3 * * 1' }] };\n");
    fixes('vercel.ts', 'invalid-schedule', /Rewrite/, 'export default { crons: [{ path: "/a", schedule: "0 3 * * MON" }] };\n', 'export default { crons: [{ path: "/a", schedule: "0 3 * * 1" }] };\n');
    fixes('vercel.ts', 'invalid-schedule', /Rewrite/, 'export default { crons: [{ path: `/a`, schedule: `0 3 * * MON` }] };\n', 'export default { crons: [{ path: `/a`, schedule: `0 3 * * 1` }] };\n');
  });

  it('a property on its own line goes with its line and comma; one inline with its comma', () => {
    const before = "export default {\n  crons: [\n    {\n      path: '/a',\n      timezone: 'UTC', // ours\n      schedule: '0 3 * * *',\n    },\n  ],\n};\n";
    fixes('vercel.ts', 'unknown-property', /Remove "timezone"/, before, "export default {\n  crons: [\n    {\n      path: '/a',\n      schedule: '0 3 * * *',\n    },\n  ],\n};\n");
    fixes('vercel.ts', 'unknown-property', /Remove "tz"/, "export const crons = [{ path: '/a', schedule: '0 3 * * *', tz: 'UTC' }];\n", "export const crons = [{ path: '/a', schedule: '0 3 * * *' }];\n");
  });

  it('a fix is withheld, not written wrong: a shared const, a comment the removal would take', () => {
    const shared = "const WEEKLY = '0 3 * * MON';\nexport default { crons: [{ path: '/a', schedule: WEEKLY }, { path: '/b', schedule: WEEKLY }] };\n";
    const findings = checkConfig('vercel.ts', shared).filter((f) => f.code === 'invalid-schedule');
    assert.ok(findings.length >= 1, 'the problem is still reported, on the const');
    for (const finding of findings) assert.deepEqual(finding.fixes, [], 'rewriting the const would change every job that uses it');
    const commented = "export const crons = [{ path: '/a', /* why */ tz: 'UTC', schedule: '0 3 * * *' }];\n";
    assert.deepEqual(single('unknown-property', 'vercel.ts', commented).fixes.filter((f) => /Remove/.test(f.title)), []);
  });

  it('a spread entry is reported where it is written, and not fixed there', () => {
    const text = "const legacy = [{ path: '/a', schedule: '0 3 * * SUN' }];\nexport default { crons: [...legacy] };\n";
    const finding = single('invalid-schedule', 'vercel.ts', text);
    assert.equal(text.slice(finding.span.start, finding.span.end), 'SUN');
    assert.deepEqual(finding.fixes, []);
  });
});
