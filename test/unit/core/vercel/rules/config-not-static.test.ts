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
  // Where nothing the checks read can hide: helpers building headers, rewrites, related projects.
  [
    'literal crons beside rewrites and headers built by helpers',
    'vercel.ts',
    "import { routes } from '@vercel/config/v1';\nexport const config = {\n  crons: [{ path: '/api/cron/sweep', schedule: '0 4 * * *' }],\n  rewrites: [routes.rewrite('/docs/:path*', '/help/:path*')],\n  headers: [routes.cacheControl('/static/(.*)', { public: true, maxAge: '1 week' })],\n};\n",
    [],
  ],
  ['a list of related projects filtered', 'vercel.mts', "const preview = process.env.PREVIEW_ID;\nexport default { relatedProjects: ['prj_main', preview].filter(Boolean), crons: [] };\n", []],
  ['a route object built by a helper, under a key nothing reads', 'vercel.ts', "const hop = (from: string) => ({ source: from, destination: '/' });\nexport default { headers: [hop('/a')], regions: pickRegions() };\n", []],
  ['named exports the platform reads', 'vercel.mjs', "export const crons = [{ path: '/a', schedule: '0 3 * * *' }];\nexport const regions = nearest();\n", []],
  // Where it could: under a key the checks read, the whole configuration, a key that cannot be told.
  ['crons built by a function', 'vercel.ts', 'export default { crons: buildCrons() };\n', [['config-not-static', 'info', 'buildCrons()']]],
  [
    'a schedule held by an imported const',
    'vercel.ts',
    "import { SCHEDULES } from './lib/schedules';\nexport default { crons: [{ path: '/api/cron/a', schedule: SCHEDULES.daily }] };\n",
    [['config-not-static', 'info', 'SCHEDULES.daily']],
  ],
  ['a spread of an imported base at the top', 'vercel.ts', "import base from './vercel.base';\nexport default { ...base, headers: [] };\n", [['config-not-static', 'info', '...base']]],
  ['a whole configuration made by a call', 'vercel.ts', "import { createConfig } from './config';\nexport default createConfig();\n", [['config-not-static', 'info', 'createConfig()']]],
  ['a computed key at the top', 'vercel.ts', "const key = pick();\nexport default { [key]: [] };\n", [['config-not-static', 'info', '[key]: []']]],
  ['fluid computed', 'vercel.ts', "export default { fluid: process.env.FLUID === '1' };\n", [['config-not-static', 'info', "process.env.FLUID === '1'"]]],
  ['a redirect built by a helper', 'vercel.ts', "export default { redirects: [moved('/old', '/new')] };\n", [['config-not-static', 'info', "moved('/old', '/new')"]]],
  ['rewrites computed whole: whether the project has any is hidden', 'vercel.ts', 'export default { rewrites: allRewrites() };\n', [['config-not-static', 'info', 'allRewrites()']]],
  ['a functions setting computed', 'vercel.ts', "export default { functions: { 'app/api/**/*.ts': { maxDuration: limit() } } };\n", [['config-not-static', 'info', 'limit()']]],
  ['a const used under headers and under crons: said, once', 'vercel.ts', "const s = pick();\nexport default { headers: [s], crons: [{ path: '/a', schedule: s }] };\n", [['config-not-static', 'info', 'pick()']]],
  ['a spread of a literal at the top keeps each key', 'vercel.ts', "const base = { headers: [h()], crons: [{ path: '/a', schedule: daily() }] };\nexport default { ...base };\n", [['config-not-static', 'info', 'daily()']]],
];

describe('config-not-static', () => {
  for (const [name, file, text, rows] of CASES) {
    it(`${name}: ${rows.length ? 'reported' : 'silent'}`, () => {
      const findings = checkConfig(file, text).filter((f) => f.code === 'config-not-static');
      assert.deepEqual(summary(text, findings), rows);
      for (const finding of findings) {
        assert.match(finding.message, new RegExp(`${file.replace('.', '\\.')} is computed.*without running it: [^.]+ (checked|read)`));
        assert.deepEqual(finding.fixes, []);
      }
    });
  }

  it('an entry holding a computed value is skipped whole: no rule judges it as missing that value', () => {
    const text = "export default { crons: [{ path: '/a', schedule: daily() }] };\n";
    assert.deepEqual(summary(text, checkConfig('vercel.ts', text)), [['config-not-static', 'info', 'daily()']]);
  });
});
