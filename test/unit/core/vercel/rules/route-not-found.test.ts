import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeNotFoundRule } from '../../../../../src/core/vercel/rules/route-not-found';
import { loadTypeScript } from '../../../../../src/node/loadTypeScript';
import { applyFixToProject, assertJsonFixSettles, checkJson, cronJson, type Files, fixtureFiles, flagged, jsonFindingsOf, singleInJson } from '../../../support/ruleHarness';
import { runAppGet } from '../../../support/routeRunner';

const GET_ROUTE = `import { NextResponse } from 'next/server';

export async function GET() {
  return NextResponse.json({ ok: true });
}
`;

const PAGES_HANDLER = `import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(_req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json({ ok: true });
}
`;

/** A small App Router + Pages Router app with the shapes route matching has to get right. */
const APP: Files = {
  'package.json': '{ "name": "app", "private": true }',
  'tsconfig.json': '{}',
  'next.config.ts': 'export default {};\n',
  'app/layout.tsx': 'export default function Layout({ children }: { children: React.ReactNode }) { return children; }\n',
  'app/page.tsx': 'export default function Page() { return null; }\n',
  'app/api/cron/cleanup/route.ts': GET_ROUTE,
  'app/(jobs)/api/cron/backup/route.ts': GET_ROUTE,
  'app/api/sync-team/[id]/route.ts': GET_ROUTE,
  'app/api/files/[...slug]/route.ts': GET_ROUTE,
  'app/api/reports/[[...slug]]/route.ts': GET_ROUTE,
  'app/api/_lib/route.ts': GET_ROUTE,
  'app/api/cron/cleanup/helpers.ts': 'export const batch = 100;\n',
  'pages/api/legacy/digest.ts': PAGES_HANDLER,
  'pages/api/legacy/index.ts': PAGES_HANDLER,
};

describe('route-not-found: paths a route serves', () => {
  const served = [
    '/api/cron/cleanup',
    '/api/cron/cleanup?source=vercel',
    '/api/cron/cleanup#top',
    '/api/cron/backup',
    '/api/sync-team/T123',
    '/api/files/uploads/tmp',
    '/api/reports',
    '/api/reports/2026/11',
    '/api/legacy/digest',
    '/api/legacy',
    // a trailing slash still reaches the route; whether it redirects is another rule
    '/api/cron/cleanup/',
  ];
  for (const p of served) {
    it(p, () => assert.deepEqual(jsonFindingsOf('route-not-found', cronJson('0 3 * * *', p), { files: APP }), []));
  }
});

describe('route-not-found: paths no route serves', () => {
  const cases: { path: string; create: string | null }[] = [
    { path: '/api/cron/rotate-keys', create: 'app/api/cron/rotate-keys/route.ts' },
    { path: '/api/cron/rotate-keys?dry=1', create: 'app/api/cron/rotate-keys/route.ts' },
    { path: '/api/sync-team', create: 'app/api/sync-team/route.ts' },
    { path: '/api/files', create: 'app/api/files/route.ts' },
    { path: '/api/cron/cleanup/helpers', create: 'app/api/cron/cleanup/helpers/route.ts' },
    { path: '/api/legacy/digest/extra', create: 'app/api/legacy/digest/extra/route.ts' },
    // not plain segments: no file to create
    { path: '/api/_lib', create: null },
    { path: '/(jobs)/api/cron/backup', create: null },
    { path: '/api/cron/%20job', create: null },
  ];
  for (const c of cases) {
    it(`${c.path} → ${c.create ?? 'no fix'}`, () => {
      const text = cronJson('0 3 * * *', c.path);
      const finding = singleInJson('route-not-found', text, { files: APP });
      assert.equal(flagged(text, finding), JSON.stringify(c.path));
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, /every run gets 404/);
      if (c.create === null) {
        assert.deepEqual(finding.fixes, []);
        return;
      }
      assert.equal(finding.fixes.length, 1);
      const fix = finding.fixes[0]!;
      assert.equal(fix.safe, false, 'creating a file is never applied unasked');
      assert.deepEqual(fix.edits, [], 'vercel.json is left alone');
      assert.deepEqual(
        fix.createFiles?.map((f) => f.file),
        [c.create],
      );
      assert.equal(fix.title, `Create ${c.create} with a GET that checks CRON_SECRET`);
      assertJsonFixSettles('route-not-found', text, fix, { files: APP });
    });
  }

  it(
    'an empty segment ("//") is not "fixed" by a route the path still cannot reach',
    {
    },
    () => {
      const text = cronJson('0 3 * * *', '/api//cron');
      const finding = singleInJson('route-not-found', text, { files: APP });
      for (const fix of finding.fixes) assertJsonFixSettles('route-not-found', text, fix, { files: APP });
    },
  );

  it(
    'route folders named like build output ("out", "dist") are still routes',
    {
    },
    () => {
      const files: Files = { ...APP, 'app/api/cron/out/route.ts': GET_ROUTE, 'app/api/dist/cleanup/route.ts': GET_ROUTE };
      assert.deepEqual(jsonFindingsOf('route-not-found', cronJson('0 3 * * *', '/api/cron/out'), { files }), []);
      assert.deepEqual(jsonFindingsOf('route-not-found', cronJson('0 3 * * *', '/api/dist/cleanup'), { files }), []);
    },
  );

  it('is not reported without a project, nor for paths invalid-path reports', () => {
    assert.deepEqual(jsonFindingsOf('route-not-found', cronJson('0 3 * * *', '/api/cron/missing')), []);
    assert.deepEqual(jsonFindingsOf('route-not-found', cronJson('0 3 * * *', 'api/cron/missing'), { files: APP }), []);
    assert.deepEqual(jsonFindingsOf('route-not-found', cronJson('0 3 * * *', ''), { files: APP }), []);
  });
});

describe('route-not-found: the created route', () => {
  const text = cronJson('0 3 * * *', '/api/cron/rotate-keys');

  it("is a fail-closed CRON_SECRET GET in the project's style", () => {
    const fix = singleInJson('route-not-found', text, { files: APP }).fixes[0]!;
    const content = fix.createFiles![0]!.content;
    assert.match(content, /^import \{ timingSafeEqual \} from 'node:crypto';\n/);
    assert.match(content, /export async function GET\(request: Request\) \{/);
    assert.match(content, /const cronSecret = process\.env\.CRON_SECRET;/);
    assert.match(
      content,
      /if \(!cronSecret \|\| !isSameSecret\(request\.headers\.get\('authorization'\), `Bearer \$\{cronSecret\}`\)\) \{\n {4}return Response\.json\(\{ error: 'Unauthorized' \}, \{ status: 401 \}\);/,
    );
    assert.match(content, /job: 'rotate-keys'/);
    const ts = loadTypeScript();
    const out = ts.transpileModule(content, {
      fileName: 'route.ts',
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.CommonJS },
    });
    assert.deepEqual(
      out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      [],
      'valid TypeScript',
    );
  });

  it('refuses every request without the secret and admits exactly "Bearer <secret>"', async () => {
    const content = singleInJson('route-not-found', text, { files: APP }).fixes[0]!.createFiles![0]!.content;
    assert.equal(await runAppGet(content, { secret: undefined, authorization: 'Bearer undefined' }), 401);
    assert.equal(await runAppGet(content, { secret: undefined, authorization: undefined }), 401);
    assert.equal(await runAppGet(content, { secret: '', authorization: 'Bearer ' }), 401);
    assert.equal(await runAppGet(content, { secret: 's3cret', authorization: 'Bearer wrong!' }), 401);
    assert.equal(await runAppGet(content, { secret: 's3cret', authorization: 'Bearer s3cret' }), 200);
  });

  it('follows the code style of the existing routes (double quotes, no semicolons)', () => {
    const files: Files = {
      'tsconfig.json': '{}',
      'app/api/cron/a/route.ts':
        'import { NextResponse } from "next/server"\n\nexport async function GET() {\n  return NextResponse.json({ ok: true })\n}\n',
    };
    const content = singleInJson('route-not-found', text, { files }).fixes[0]!.createFiles![0]!.content;
    assert.match(content, /^import \{ timingSafeEqual \} from "node:crypto"\n/);
    assert.doesNotMatch(content, /;$/m);
    assert.doesNotMatch(content, /'/);
  });

  it('a JavaScript project gets route.js without type annotations', () => {
    const files: Files = {
      'jsconfig.json': '{}',
      'app/api/cron/a/route.js': 'export async function GET() {\n  return Response.json({ ok: true });\n}\n',
    };
    const fix = singleInJson('route-not-found', text, { files }).fixes[0]!;
    assert.equal(fix.createFiles![0]!.file, 'app/api/cron/rotate-keys/route.js');
    assert.match(fix.createFiles![0]!.content, /export async function GET\(request\) \{/);
    assert.doesNotMatch(fix.createFiles![0]!.content, /: string|: Request|: boolean/);
  });

  it('goes to src/app in a src/ project', () => {
    const files = fixtureFiles('src-dir');
    const finding = singleInJson('route-not-found', files['vercel.json']!, { files });
    assert.deepEqual(
      finding.fixes[0]!.createFiles!.map((f) => f.file),
      ['src/app/api/cron/expire-trials/route.ts'],
    );
    const { files: after } = applyFixToProject(files['vercel.json']!, files, finding.fixes[0]!);
    assert.deepEqual(jsonFindingsOf('route-not-found', files['vercel.json']!, { files: after }), []);
  });
});

describe('route-not-found: basePath', () => {
  const files = fixtureFiles('base-path');
  const text = files['vercel.json']!;

  it('a path outside basePath is named with the path to write instead, and has no fix', () => {
    const findings = jsonFindingsOf('route-not-found', text, { files });
    assert.deepEqual(
      findings.map((f) => flagged(text, f)),
      ['"/api/cron/reindex"', '"/docs/api/cron/broken-links"'],
    );
    const [outside, missing] = findings;
    assert.match(outside!.message, /basePath "\/docs".*Write "\/docs\/api\/cron\/reindex"/);
    assert.deepEqual(outside!.fixes, []);
    assert.match(missing!.message, /\(basePath "\/docs"\)/);
    assert.deepEqual(
      missing!.fixes[0]!.createFiles!.map((f) => f.file),
      ['app/api/cron/broken-links/route.ts'],
      'the file path has no basePath',
    );
    assertJsonFixSettles('route-not-found', text.replace('"/api/cron/reindex"', '"/docs/api/cron/reindex"'), missing!.fixes[0]!, { files });
  });

  it('basePath itself is the root route', () => {
    const withRoot: Files = { ...files, 'app/route.ts': GET_ROUTE };
    assert.deepEqual(jsonFindingsOf('route-not-found', cronJson('0 3 * * *', '/docs'), { files: withRoot }), []);
    assert.equal(jsonFindingsOf('route-not-found', cronJson('0 3 * * *', '/docsx/api/cron/reindex'), { files }).length, 1);
  });
});

describe('route-not-found: pageExtensions', () => {
  const files = fixtureFiles('page-extensions');
  const text = files['vercel.json']!;

  it('route.page.ts is a route and route.ts is not', () => {
    const findings = jsonFindingsOf('route-not-found', text, { files });
    assert.deepEqual(
      findings.map((f) => flagged(text, f)),
      ['"/api/cron/notify"', '"/api/cron/cleanup"'],
    );
  });

  it(
    'the created file uses the configured page extension, so it becomes a route',
    () => {
      const finding = jsonFindingsOf('route-not-found', text, { files }).find((f) => flagged(text, f) === '"/api/cron/cleanup"')!;
      assert.deepEqual(
        finding.fixes[0]!.createFiles!.map((f) => f.file),
        ['app/api/cron/cleanup/route.page.ts'],
      );
      // /api/cron/notify (a route.ts, not a route here) stays flagged; cleanup must not.
      const { files: after } = applyFixToProject(text, files, finding.fixes[0]!);
      assert.deepEqual(
        jsonFindingsOf('route-not-found', text, { files: after }).map((f) => flagged(text, f)),
        ['"/api/cron/notify"'],
      );
    },
  );
});

describe('route-not-found: a pageExtensions entry that is a path (#14 item 1)', () => {
  // The next.config: joined to `route.`, the entry named a file outside the project, which fix created.
  const text = cronJson('0 3 * * *', '/api/cron/x');
  const withExtensions = (extensions: string[]): Files => ({
    'package.json': '{ "dependencies": { "next": "15.0.0" } }',
    'tsconfig.json': '{}',
    'next.config.js': `module.exports = { pageExtensions: ${JSON.stringify(extensions)} };\n`,
  });
  const created = (extensions: string[]) => singleInJson('route-not-found', text, { files: withExtensions(extensions) }).fixes.flatMap((f) => (f.createFiles ?? []).map((c) => c.file));

  it('is passed over: the route is created under app/, with a plain extension', () => {
    assert.deepEqual(created(['../../../../../../../outside/ESCAPED.ts', 'ts']), ['app/api/cron/x/route.ts']);
    assert.deepEqual(created(['page/../../x.ts', 'page.ts']), ['app/api/cron/x/route.page.ts']);
    assert.deepEqual(created(['..\\..\\x.ts', 'ts']), ['app/api/cron/x/route.ts']);
  });

  it('alone, it gives no name with a separator or a dot segment', () => {
    for (const file of created(['../../../../../../../outside/ESCAPED.ts'])) {
      assert.doesNotMatch(file, /\.\.|\\/, file);
      assert.match(file, /^app\/api\/cron\/x\/route\.[a-z]+$/, file);
    }
  });
});

describe('route-not-found: rule module', () => {
  it('project scope, one code; the whole check skips it without a project', () => {
    assert.deepEqual(routeNotFoundRule.codes, ['route-not-found']);
    assert.equal(routeNotFoundRule.scope, 'project');
    assert.deepEqual(
      checkJson(cronJson('0 3 * * *', '/nowhere')).map((f) => f.code),
      [],
    );
  });
});

/** A Vercel project without Next.js: plain functions in api/ (issue #15, shape 12). */
const FUNCTIONS: Files = {
  'package.json': JSON.stringify({ name: 'functions', private: true, devDependencies: { '@vercel/node': '5.3.24' } }),
  'tsconfig.json': '{}',
  'api/cron/cleanup.ts': 'export function GET() {\n  return Response.json({ ok: true });\n}\n',
  'api/cron/index.ts': 'export function GET() {\n  return Response.json({ ok: true });\n}\n',
  'api/users/[id].ts': 'export function GET() {\n  return Response.json({ ok: true });\n}\n',
  'api/_lib/auth.ts': 'export const ok = true;\n',
};

describe('route-not-found: a project without Next.js (api/ functions answer /api/<file>)', () => {
  const served = ['/api/cron/cleanup', '/api/cron/cleanup?x=1', '/api/cron', '/api/users/42'];
  for (const p of served) {
    it(`${p}: served`, () => assert.deepEqual(jsonFindingsOf('route-not-found', cronJson('0 3 * * *', p), { files: FUNCTIONS }), []));
  }

  const missing: [path: string, file: string][] = [
    ['/api/cron/rotate-keys', 'api/cron/rotate-keys.ts'],
    ['/api/cron/cleanup/extra', 'api/cron/cleanup/extra.ts'],
    ['/api', 'api/index.ts'],
  ];
  for (const [p, file] of missing) {
    it(`${p}: no function serves it; no Next.js wording, no file created`, () => {
      const text = cronJson('0 3 * * *', p);
      const finding = singleInJson('route-not-found', text, { files: FUNCTIONS });
      assert.equal(flagged(text, finding), JSON.stringify(p));
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, new RegExp(`^No function in api/ serves "${p.replace(/[/?]/g, '\\$&')}": Vercel still calls it and every run gets 404`));
      assert.ok(finding.message.includes(`add ${file} or fix the path`), finding.message);
      assert.doesNotMatch(finding.message, /Next|next\.config|route file|app\//);
      assert.deepEqual(finding.fixes, []);
    });
  }

  // Cannot tell: say nothing.
  const silent: [name: string, files: Files, text?: string][] = [
    ['a path outside /api (a static file, a rewrite, a framework)', FUNCTIONS, cronJson('0 3 * * *', '/cron/cleanup')],
    ['Hono routes its own paths', { ...FUNCTIONS, 'package.json': JSON.stringify({ dependencies: { hono: '4.10.4' } }) }],
    ['Express routes its own paths', { 'package.json': JSON.stringify({ dependencies: { express: '5.1.0' } }), 'src/index.ts': 'export default {};\n' }],
    ['rewrites send paths elsewhere', FUNCTIONS, JSON.stringify({ rewrites: [{ source: '/(.*)', destination: '/api' }], crons: [{ path: '/api/cron/rotate-keys', schedule: '0 3 * * *' }] })],
    ['no api/ functions at all', { 'package.json': JSON.stringify({ name: 'site' }), 'index.html': '<!doctype html>' }],
    ['nothing but vercel.json', {}],
  ];
  for (const [name, files, text = cronJson('0 3 * * *', '/api/cron/rotate-keys')] of silent) {
    it(`cannot tell, says nothing: ${name}`, () => assert.deepEqual(jsonFindingsOf('route-not-found', text, { files }), []));
  }

  it('the shapes-not-next fixture: only /api/cron/rotate-keys', () => {
    const files = fixtureFiles('shapes-not-next');
    const text = files['vercel.json']!;
    assert.deepEqual(
      jsonFindingsOf('route-not-found', text, { files }).map((f) => flagged(text, f)),
      ['"/api/cron/rotate-keys"'],
    );
  });
});
