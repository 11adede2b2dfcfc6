/**
 * Handlers the route check cannot read (issue #15, shape 13): a GET that is the result of a call
 * (`handle(app)`, `frameworkHandler(config)`), imported, re-exported or taken from an object. No
 * finding says anything about such a handler (as before), and the route is listed as not analysed
 * with why (`handlerNotAnalysed`), so a run never reports it clean. The rest of the file is still
 * checked: what its exports say (maxDuration, dynamic) stands.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { app, type Files, ROUTE, runRoutes, vercelJson } from '../../support/ruleHarness';

const cases: [name: string, source: string, reason: string][] = [
  [
    "Hono's handle(app)",
    "import { Hono } from 'hono';\nimport { handle } from 'hono/vercel';\n\nconst app = new Hono().basePath('/api');\napp.get('/cron/job', (c) => c.json({ ok: true }));\n\nexport const GET = handle(app);\n",
    "GET is the result of handle(app): the handler's code is not visible",
  ],
  [
    'a framework handler over a config object',
    "import { frameworkHandler } from '@acme/cron-kit';\n\nconst config = { job: 'sync' };\n\nexport const GET = frameworkHandler(config);\n",
    "GET is the result of frameworkHandler(config): the handler's code is not visible",
  ],
  [
    'a call with an object holding the function',
    "import { createJob } from '@acme/jobs';\n\nexport const GET = createJob({ run: async () => Response.json({ ok: true }) });\n",
    "GET is the result of createJob({ run: async () => Response.json({ ok: true }) }): the handler's code is not visible",
  ],
  [
    'a long call is cut',
    "import { defineCronHandlerWithAVeryLongName } from '@acme/jobs';\n\nexport const GET = defineCronHandlerWithAVeryLongName({ name: 'nightly-cleanup', retries: 3, timeoutMs: 60000 });\n",
    // 60 characters of code at most, the last an ellipsis.
    "GET is the result of defineCronHandlerWithAVeryLongName({ name: 'nightly-cleanup…: the handler's code is not visible",
  ],
  ['re-exported from another module', "export { GET } from '@/lib/cron/handler';\n", "GET is re-exported from '@/lib/cron/handler': the handler's code is not visible"],
  ['imported, then exported', "import { cronGet } from '@acme/cron-kit';\n\nexport { cronGet as GET };\n", "GET is cronGet, imported from '@acme/cron-kit': the handler's code is not visible"],
  ['an imported value assigned', "import { handler } from '@acme/cron-kit';\n\nexport const GET = handler;\n", "GET is handler, imported from '@acme/cron-kit': the handler's code is not visible"],
  [
    'a local made by a call',
    "import { handle } from 'hono/vercel';\nimport { app } from '@/server/app';\n\nconst handler = handle(app);\n\nexport const GET = handler;\n",
    "GET is handler, the result of handle(app): the handler's code is not visible",
  ],
  ['taken from an object (NextAuth-style handlers)', "import { handlers } from '@/auth';\n\nexport const { GET, POST } = handlers;\n", "GET is taken from handlers: the handler's code is not visible"],
  ['a member', "import { app } from '@/server/app';\n\nexport const GET = app.fetch;\n", "GET is app.fetch: the handler's code is not visible"],
  ['only export *', "export * from '@/lib/cron/routes';\n", "GET can only come from export * from '@/lib/cron/routes': the handler's code is not visible"],
];

describe('a GET the check cannot read: listed as not analysed, no finding about it', () => {
  for (const [name, source, reason] of cases) {
    it(name, () => {
      const [result, ...others] = runRoutes(app({ [ROUTE]: source }));
      assert.equal(others.length, 0);
      assert.equal(result!.file, ROUTE);
      assert.equal(result!.notAnalysed, undefined, 'the file itself was read and parsed');
      assert.equal(result!.handlerNotAnalysed, reason);
      assert.deepEqual(result!.findings, []);
    });
  }

  it('a Pages API route whose default export is a call', () => {
    const files: Files = app({
      'vercel.json': vercelJson('/api/cron/job'),
      'pages/api/cron/job.ts': "import { handle } from 'hono/vercel';\nimport { app } from '@/server/app';\n\nexport default handle(app);\n",
    });
    const [result] = runRoutes(files);
    assert.equal(result!.file, 'pages/api/cron/job.ts');
    assert.equal(result!.handlerNotAnalysed, "the default export is the result of handle(app): the handler's code is not visible");
  });

  it("what the exports say still stands: maxDuration over the plan's limit", () => {
    const source = "import { handle } from 'hono/vercel';\nimport { app } from '@/server/app';\n\nexport const maxDuration = 900;\nexport const GET = handle(app);\n";
    const [result] = runRoutes(app({ [ROUTE]: source }), { plan: 'hobby' });
    assert.deepEqual(result!.findings.map((f) => f.code), ['max-duration-exceeds-plan']);
    assert.match(result!.handlerNotAnalysed!, /^GET is the result of handle\(app\)/);
  });
});

describe('handlers the check reads are not listed', () => {
  const readable: [name: string, source: string][] = [
    ['a function', 'export async function GET() {\n  return Response.json({ ok: true });\n}\n'],
    ['an arrow', 'export const GET = async () => Response.json({ ok: true });\n'],
    ['a wrapper around a function', "import { withCron } from '@/lib/cron';\n\nexport const GET = withCron(async () => Response.json({ ok: true }));\n"],
    ['a wrapper around a local function', "import { withCron } from '@/lib/cron';\n\nasync function handler() {\n  return Response.json({ ok: true });\n}\n\nexport const GET = withCron(handler);\n"],
    ['a local function exported as GET', 'async function run() {\n  return Response.json({ ok: true });\n}\n\nexport { run as GET };\n'],
  ];
  for (const [name, source] of readable) {
    it(name, () => {
      const [result] = runRoutes(app({ [ROUTE]: source }));
      assert.equal(result!.handlerNotAnalysed, undefined);
    });
  }

  it('no GET at all is route-missing-get, not "not analysed"', () => {
    const [result] = runRoutes(app({ [ROUTE]: 'export async function POST() {\n  return Response.json({ ok: true });\n}\n' }));
    assert.equal(result!.handlerNotAnalysed, undefined);
    assert.deepEqual(result!.findings.map((f) => f.code), ['route-missing-get']);
  });

  it('a file only the cron-route glob names, with an unreadable GET: no cron route, not listed', () => {
    const files = app({ 'vercel.json': '{}', [ROUTE]: "import { handle } from 'hono/vercel';\nimport { app } from '@/server/app';\n\nexport const GET = handle(app);\n" });
    assert.deepEqual(runRoutes(files), []);
  });
});

describe('a project without Next.js has no Next.js route files (its scheduled api/ functions: functions.test.ts)', () => {
  it('api/ functions and a Hono app: no route is checked (Hono routes the paths; the Next.js rules stay silent), the scheduled function is listed', () => {
    const files: Files = {
      'vercel.json': vercelJson('/api/cron/job'),
      'package.json': JSON.stringify({ dependencies: { hono: '4.10.4' } }),
      'api/cron/job.ts': 'export function GET() {\n  return Response.json({ ok: true });\n}\n',
      // Astro-style endpoints under src/pages are not Next's Pages Router.
      'src/pages/api/cron/job.ts': 'export function GET() {\n  return Response.json({ ok: true });\n}\n',
    };
    assert.deepEqual(runRoutes(files), [
      { file: 'api/cron/job.ts', findings: [], notAnalysed: "the project uses hono, which may answer the path itself before Vercel's functions, so whether this function serves the cron cannot be told" },
    ]);
  });

  it('a monorepo root above the app: no route of the app is checked against the root', () => {
    const files: Files = {
      'vercel.json': vercelJson('/api/cron/job'),
      'package.json': JSON.stringify({ private: true, workspaces: ['apps/*'] }),
      'apps/web/package.json': JSON.stringify({ dependencies: { next: '16.0.0' } }),
      'apps/web/app/api/cron/job/route.ts': 'export function GET() {\n  return Response.json({ ok: true });\n}\n',
    };
    assert.deepEqual(runRoutes(files), []);
  });

  it('the env files are still checked (CRON_SECRET holds for every Vercel project), beside the scheduled function', () => {
    const files: Files = {
      'vercel.json': vercelJson('/api/cron/job'),
      'package.json': JSON.stringify({ devDependencies: { '@vercel/node': '5.3.24' } }),
      // It does work (a fetch), so its missing check is missing-auth: a handler that only answers runs no job.
      'api/cron/job.ts': "export async function GET() {\n  await fetch('https://example.com/hooks/rebuild');\n  return Response.json({ ok: true });\n}\n",
      '.env': 'CRON_SECRET= short \n',
    };
    const results = runRoutes(files);
    assert.deepEqual(
      results.map((r) => [r.file, r.findings.map((f) => f.code)]),
      [
        ['api/cron/job.ts', ['missing-auth']],
        ['.env', ['cron-secret-format']],
      ],
    );
  });
});
