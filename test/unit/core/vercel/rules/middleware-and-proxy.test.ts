import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronJson, type Files, flagged, jsonFindingsOf, packageJson, singleInJson } from '../../../support/ruleHarness';

const ROUTE = 'export async function GET() {\n  return Response.json({ ok: true });\n}\n';
const MIDDLEWARE = "import { NextResponse } from 'next/server';\n\nexport function middleware() {\n  return NextResponse.next();\n}\n";
const PROXY = "import { NextResponse } from 'next/server';\n\nexport function proxy() {\n  return NextResponse.next();\n}\n";

interface Case {
  name: string;
  next: string | undefined;
  files: readonly string[];
  /** The middleware and proxy files each finding names, in order; empty when the rule stays silent. */
  pairs: readonly (readonly [string, string])[];
}

const CASES: readonly Case[] = [
  // The build failure: both files in the folder Next reads, on Next 16 and later.
  { name: 'both at the root on Next 16', next: '16.0.1', files: ['middleware.ts', 'proxy.ts'], pairs: [['middleware.ts', 'proxy.ts']] },
  { name: 'both in src/ on Next ^16', next: '^16.1.0', files: ['src/middleware.ts', 'src/proxy.ts'], pairs: [['src/middleware.ts', 'src/proxy.ts']] },
  { name: 'JavaScript middleware beside a TypeScript proxy on Next 17', next: '17.0.0', files: ['middleware.js', 'proxy.ts'], pairs: [['middleware.js', 'proxy.ts']] },
  { name: 'a pair at the root and one in src/', next: '16.0.0', files: ['middleware.ts', 'proxy.ts', 'src/middleware.ts', 'src/proxy.js'], pairs: [['middleware.ts', 'proxy.ts'], ['src/middleware.ts', 'src/proxy.js']] },
  // What builds.
  { name: 'only proxy.ts (the Next 16 name)', next: '16.0.1', files: ['proxy.ts'], pairs: [] },
  { name: 'only middleware.ts (deprecated, still runs)', next: '16.0.1', files: ['middleware.ts'], pairs: [] },
  { name: 'both on Next 15, where proxy.ts is an ordinary file', next: '15.3.2', files: ['middleware.ts', 'proxy.ts'], pairs: [] },
  { name: 'one at the root and one in src/: which folder Next reads depends on the app', next: '16.0.1', files: ['middleware.ts', 'src/proxy.ts'], pairs: [] },
  // What cannot be told: no version, so say nothing.
  { name: 'both, with no next version anywhere', next: undefined, files: ['middleware.ts', 'proxy.ts'], pairs: [] },
];

function project(c: Case): Files {
  const files: Record<string, string> = { 'app/api/cron/job/route.ts': ROUTE, 'tsconfig.json': '{}' };
  files['package.json'] = c.next === undefined ? JSON.stringify({ name: 'app', private: true, dependencies: { react: '19.0.0' } }) + '\n' : packageJson(c.next);
  if (c.next === undefined) files['next.config.js'] = 'module.exports = {};\n';
  for (const file of c.files) files[file] = /proxy\./.test(file) ? PROXY : MIDDLEWARE;
  return files;
}

describe('middleware-and-proxy', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.pairs.length ? c.pairs.map((p) => p.join(' + ')).join(', ') : 'silent'}`, () => {
      const text = cronJson('0 3 * * *');
      const findings = jsonFindingsOf('middleware-and-proxy', text, { files: project(c) });
      assert.deepEqual(
        findings.map((f) => f.related?.map((r) => r.file)),
        c.pairs.map((p) => [...p]),
      );
      for (const finding of findings) {
        assert.equal(flagged(text, finding), '"crons"', 'on the key of the deploy the failure stops');
        assert.equal(finding.severity, 'error');
        assert.match(finding.message, /fails the build/);
        assert.match(finding.message, new RegExp(`delete ${finding.related![0]!.file.replace('.', '\\.')}`));
        assert.deepEqual(finding.fixes, [], 'which file to keep is the user’s merge, not an edit');
      }
    });
  }

  it('says nothing without crons: the finding names the cron deploy it stops', () => {
    const files = project(CASES[0]!);
    assert.deepEqual(jsonFindingsOf('middleware-and-proxy', '{ "functions": {} }\n', { files }), []);
  });

  it('says nothing for a project that is not a Next.js app', () => {
    const files: Files = { 'package.json': JSON.stringify({ name: 'fn', dependencies: { hono: '4.0.0' } }), 'middleware.ts': MIDDLEWARE, 'proxy.ts': PROXY, 'api/cron.ts': ROUTE };
    assert.deepEqual(jsonFindingsOf('middleware-and-proxy', cronJson('0 3 * * *', '/api/cron'), { files }), []);
  });

  it('names the files in one finding on the crons key', () => {
    const text = cronJson('0 3 * * *');
    const finding = singleInJson('middleware-and-proxy', text, { files: project(CASES[0]!) });
    assert.match(finding.message, /^middleware\.ts and proxy\.ts both exist, and Next\.js 16 fails the build/);
  });
});
