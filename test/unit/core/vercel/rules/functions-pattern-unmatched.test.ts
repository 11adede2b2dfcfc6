import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionsPatternUnmatchedRule } from '../../../../../src/core/vercel/rules/functions-pattern-unmatched';
import { checkJson, type Files, fixtureFiles, flagged, jsonFindingsOf } from '../../../support/ruleHarness';

const ROUTE = 'export async function GET() {\n  return Response.json({ ok: true });\n}\n';

const APP: Files = {
  'package.json': '{}',
  'tsconfig.json': '{}',
  'middleware.ts': 'export function middleware() {}\n',
  'app/page.tsx': 'export default function Page() { return null; }\n',
  'app/api/cron/cleanup/route.ts': ROUTE,
  'app/api/sync-team/[id]/route.ts': ROUTE,
  'pages/api/legacy.ts': 'export default function handler() {}\n',
  'lib/jobs.ts': 'export const jobs = [];\n',
  'api/old.ts': 'export default function handler() {}\n',
};

function withFunctions(...patterns: string[]): string {
  return JSON.stringify({ functions: Object.fromEntries(patterns.map((p) => [p, { maxDuration: 60 }])) }, null, 2);
}

describe('functions-pattern-unmatched: keys that match a function', () => {
  const matching = [
    'app/api/cron/**/*',
    'app/api/cron/**',
    'app/api/**/*.ts',
    'app/**/*.tsx',
    'app/api/cron/cleanup/route.ts',
    // brackets are a character class for minimatch; the exact path still matches
    'app/api/sync-team/[id]/route.ts',
    'pages/api/*.ts',
    'pages/api/legacy.ts',
    'middleware.ts',
  ];
  for (const pattern of matching) {
    it(pattern, () => assert.deepEqual(jsonFindingsOf('functions-pattern-unmatched', withFunctions(pattern), { files: APP }), []));
  }
});

describe('functions-pattern-unmatched: keys that match nothing', () => {
  const cases: [string, RegExp][] = [
    ['app/api/nope/**', /No route or API file matches "app\/api\/nope\/\*\*"/],
    ['app/api/cron/*', /No route or API file matches/],
    ['app/api/sync-team/[id]/**', /No route or API file matches/],
    ['src/app/api/**', /No route or API file matches/],
    ['pages/api/cron/*.ts', /No route or API file matches/],
    // Vercel's prefixes only: anything else can never match in a Next.js project
    ['api/*.ts', /must start with app\/, src\/app\/, pages\/, src\/pages\/ or middleware/],
    ['./app/**', /must start with/],
    ['/app/api/**', /must start with/],
    ['lib/**', /must start with/],
  ];
  for (const [pattern, message] of cases) {
    it(pattern, () => {
      const text = withFunctions('app/api/cron/**/*', pattern);
      const findings = jsonFindingsOf('functions-pattern-unmatched', text, { files: APP });
      assert.equal(findings.length, 1);
      const [finding] = findings;
      assert.equal(flagged(text, finding!), JSON.stringify(pattern), 'the key is flagged, quotes included');
      assert.equal(finding!.severity, 'error');
      assert.match(finding!.message, message);
      assert.match(finding!.message, /doesn't match any Serverless Functions/);
      assert.deepEqual(finding!.fixes, []);
    });
  }
});

describe('functions-pattern-unmatched: fixtures', () => {
  const table: [string, string][] = [
    ['app-router', 'app/api/cron/**/*'],
    ['pages-router', 'pages/api/cron/*.ts'],
    ['src-dir', 'src/app/api/cron/**/*'],
  ];
  for (const [fixture, key] of table) {
    it(`${fixture}: "${key}" matches`, () => {
      const files = fixtureFiles(fixture);
      const text = files['vercel.json']!;
      assert.ok(text.includes(JSON.stringify(key)));
      assert.deepEqual(jsonFindingsOf('functions-pattern-unmatched', text, { files }), []);
    });
  }
  it('src-dir: the same key without src/ matches nothing', () => {
    const files = fixtureFiles('src-dir');
    const text = files['vercel.json']!.replace('"src/app/api/cron/**/*"', '"app/api/cron/**/*"');
    assert.deepEqual(
      jsonFindingsOf('functions-pattern-unmatched', text, { files }).map((f) => flagged(text, f)),
      ['"app/api/cron/**/*"'],
    );
  });
});

describe('functions-pattern-unmatched: folders named like build output', () => {
  it(
    'a route under app/api/dist/ is a function the key can match',
    {
    },
    () => {
      const files: Files = { ...APP, 'app/api/dist/cleanup/route.ts': ROUTE };
      assert.deepEqual(jsonFindingsOf('functions-pattern-unmatched', withFunctions('app/api/dist/**'), { files }), []);
    },
  );
});

describe('functions-pattern-unmatched: rule module', () => {
  it('project scope, one code; not reported without a project', () => {
    assert.deepEqual(functionsPatternUnmatchedRule.codes, ['functions-pattern-unmatched']);
    assert.equal(functionsPatternUnmatchedRule.scope, 'project');
    assert.deepEqual(checkJson(withFunctions('nowhere/**')), []);
  });
});

describe('functions-pattern-unmatched: a project without Next.js (issue #15, shape 12)', () => {
  const FUNCTIONS: Files = {
    'package.json': JSON.stringify({ name: 'functions', devDependencies: { '@vercel/node': '5.3.24' } }),
    'api/cron/cleanup.ts': ROUTE,
    'api/index.ts': ROUTE,
    'api/_lib/auth.ts': 'export const ok = true;\n',
  };
  const matching = ['api/cron/*.ts', 'api/**', 'api/**/*.ts', 'api/index.ts'];
  for (const pattern of matching) {
    it(`${pattern}: matches a function of api/`, () => assert.deepEqual(jsonFindingsOf('functions-pattern-unmatched', withFunctions(pattern), { files: FUNCTIONS }), []));
  }

  const unmatched = ['api/jobs/*.ts', 'api/cron/*.js', 'api/_lib/*.ts'];
  for (const pattern of unmatched) {
    it(`${pattern}: matches no function of api/; no Next.js wording`, () => {
      const text = withFunctions(pattern);
      const [finding, ...more] = jsonFindingsOf('functions-pattern-unmatched', text, { files: FUNCTIONS });
      assert.equal(more.length, 0);
      assert.equal(flagged(text, finding!), JSON.stringify(pattern));
      assert.equal(finding!.severity, 'error');
      assert.match(finding!.message, /^No function file in api\/ matches/);
      assert.match(finding!.message, /doesn't match any Serverless Functions/);
      assert.doesNotMatch(finding!.message, /Next|app\//);
    });
  }

  // Keys outside api/ belong to a framework's own build; a framework that routes itself is not told either.
  const silent: [name: string, files: Files, pattern: string][] = [
    ['a key outside api/ (the "In a Next.js project" error before)', FUNCTIONS, 'src/index.ts'],
    ['a Next.js prefix in a project without Next.js', FUNCTIONS, 'app/api/**'],
    ['Hono: its functions are its own build', { 'package.json': JSON.stringify({ dependencies: { hono: '4.10.4' } }), 'src/index.ts': ROUTE }, 'api/**'],
  ];
  for (const [name, files, pattern] of silent) {
    it(`says nothing: ${name}`, () => assert.deepEqual(jsonFindingsOf('functions-pattern-unmatched', withFunctions(pattern), { files }), []));
  }

  it('a Vite app with src/pages/ of its own is no Next.js app: api/ keys, no "In a Next.js project"', () => {
    const files: Files = { 'package.json': JSON.stringify({ devDependencies: { vite: '7.0.0' } }), 'src/pages/Home.tsx': ROUTE, 'api/cron/cleanup.ts': ROUTE };
    assert.deepEqual(jsonFindingsOf('functions-pattern-unmatched', withFunctions('api/cron/*.ts'), { files }), []);
    const [finding] = jsonFindingsOf('functions-pattern-unmatched', withFunctions('api/jobs/*.ts'), { files });
    assert.match(finding!.message, /^No function file in api\/ matches "api\/jobs\/\*\.ts"/);
  });

  it('a project without functions: an api/ key matches nothing', () => {
    const files: Files = { 'package.json': JSON.stringify({ name: 'site' }) };
    assert.equal(jsonFindingsOf('functions-pattern-unmatched', withFunctions('api/**'), { files }).length, 1);
  });
});
