import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkConfig, type Row, summary } from '../../../support/ruleHarness';

/** [file, text, the flagged values]: vercel.ts read without running it. */
const CASES: readonly [name: string, file: string, text: string, rows: Row[]][] = [
  ['a literal configuration', 'vercel.ts', "export default { crons: [{ path: '/a', schedule: '0 3 * * *' }] } as const;\n", []],
  ['consts and spreads of literals are read', 'vercel.mts', "const S = '0 3 * * *';\nconst more = [{ path: '/b', schedule: S }];\nexport default { crons: [{ path: '/a', schedule: S }, ...more] };\n", []],
  ['a call', 'vercel.ts', "export default { crons: [{ path: '/a', schedule: daily() }] };\n", [['config-not-static', 'info', 'daily()']]],
  ['a template with a substitution', 'vercel.js', 'const h = 3;\nexport default { crons: [{ path: `/a`, schedule: `0 ${h} * * *` }] };\n', [['config-not-static', 'info', '`0 ${h} * * *`']]],
  ['an imported binding', 'vercel.ts', "import { crons } from './crons';\nexport default { crons };\n", [['config-not-static', 'info', 'crons']]],
  ['a spread of something computed', 'vercel.ts', 'export default { crons: [...jobs()] };\n', [['config-not-static', 'info', '...jobs()']]],
  ['a const computed once, used twice: reported once', 'vercel.ts', "const s = pick();\nexport const crons = [{ path: '/a', schedule: s }, { path: '/b', schedule: s }];\n", [['config-not-static', 'info', 'pick()']]],
  ['a computed key', 'vercel.ts', 'export default { functions: { [pattern]: { maxDuration: 60 } } };\n', [['config-not-static', 'info', '[pattern]: { maxDuration: 60 }']]],
  ['vercel.toml has nothing computed', 'vercel.toml', '[[crons]]\npath = "/a"\nschedule = "0 3 * * *"\n', []],
];

describe('config-not-static', () => {
  for (const [name, file, text, rows] of CASES) {
    it(`${name}: ${rows.length ? 'reported' : 'silent'}`, () => {
      const findings = checkConfig(file, text).filter((f) => f.code === 'config-not-static');
      assert.deepEqual(summary(text, findings), rows);
      for (const finding of findings) {
        assert.match(finding.message, new RegExp(`${file.replace('.', '\\.')} is computed.*without running it`));
        assert.deepEqual(finding.fixes, []);
      }
    });
  }

  it('an entry holding a computed value is skipped whole: no rule judges it as missing that value', () => {
    const text = "export default { crons: [{ path: '/a', schedule: daily() }] };\n";
    assert.deepEqual(summary(text, checkConfig('vercel.ts', text)), [['config-not-static', 'info', 'daily()']]);
  });
});
