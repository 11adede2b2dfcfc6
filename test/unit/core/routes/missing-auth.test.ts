import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { app, CRON_PATH, doubleQuotesNoSemis, EDGE_HELPER, type Files, fixOnce, flagged, NODE_HELPER, ROUTE, routeApp, type Row, rowsIn, rowsOf, runRoutes, single, TSCONFIG_SRC_ALIAS, vercelJson } from '../../support/ruleHarness';
import { assertGuards, GUARD_CASES, runAppGet, runPagesHandler } from '../../support/routeRunner';
import {
  cronMiddleware,
  LIB_ASSERT_CRON,
  LIB_AUTH_CRON,
  LIB_CONFIG,
  LIB_DIGESTS,
  LIB_MODULE_SECRET,
  LIB_PAGES_AUTH,
  LIB_SAFE_COMPARE,
  LIB_SECRETS,
  LIB_SESSIONS,
  LIB_VERIFY_BEARER,
  LIB_VERIFY_CRON,
  LIB_WITH_CRON_AUTH,
  LIB_WITH_LOGGING,
  loginMiddleware,
} from './sources';
import { assertTypeChecks } from './typecheck';
import type { RuleSetting } from '../../../../src/core/settings';

const TITLE = /^Add CRON_SECRET check \(fail-closed, constant-time\)$/;
const SESSIONS = { '@/lib/sessions': { purgeExpiredSessions: async () => ({ count: 3 }) } };
// A job with no check: it calls out (a handler that only answers runs no job, and missing-auth is silent on it).
const BARE_GET = "export async function GET() {\n  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });\n  return Response.json({ ok: true });\n}\n";

describe('missing-auth: routes that check the secret somewhere are silent', () => {
  const cases: [name: string, files: Files, todo?: string][] = [
    [
      'boolean helper in lib/ through the @/ alias',
      routeApp(
        `import { verifyCron } from '@/lib/cron';

export async function GET(request: Request) {
  if (!verifyCron(request)) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
        { 'lib/cron.ts': LIB_VERIFY_CRON },
      ),
    ],
    [
      'the same helper through a relative import',
      routeApp(
        `import { verifyCron } from '../../../../lib/cron';

export async function GET(request: Request) {
  if (!verifyCron(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
        { 'lib/cron.ts': LIB_VERIFY_CRON },
      ),
    ],
    [
      'helper two hops away (lib/auth/cron.ts → lib/secrets.ts), awaited',
      routeApp(
        `import { isAuthorized } from '@/lib/auth/cron';

export async function GET(request: Request) {
  if (!(await isAuthorized(request))) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
        { 'lib/auth/cron.ts': LIB_AUTH_CRON, 'lib/secrets.ts': LIB_SECRETS },
      ),
    ],
    [
      'namespace import: cronAuth.verifyCron(request)',
      routeApp(
        `import * as cronAuth from '@/lib/cron';

export async function GET(request: Request) {
  if (!cronAuth.verifyCron(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
        { 'lib/cron.ts': LIB_VERIFY_CRON },
      ),
    ],
    [
      'helper that throws, called in try/catch',
      routeApp(
        `import { assertCronRequest, UnauthorizedError } from '@/lib/cron-auth';

export async function GET(request: Request) {
  try {
    assertCronRequest(request);
  } catch (error) {
    if (error instanceof UnauthorizedError) return new Response('Unauthorized', { status: 401 });
    throw error;
  }
  return Response.json({ ok: true });
}
`,
        { 'lib/cron-auth.ts': LIB_ASSERT_CRON },
      ),
    ],
    [
      'wrapper: export const GET = withCronAuth(async () => …)',
      routeApp(
        `import { withCronAuth } from '@/lib/with-cron-auth';
import { purgeExpiredSessions } from '@/lib/sessions';

export const GET = withCronAuth(async () => {
  const { count } = await purgeExpiredSessions();
  return Response.json({ purged: count });
});
`,
        { 'lib/with-cron-auth.ts': LIB_WITH_CRON_AUTH, 'lib/cron.ts': LIB_VERIFY_CRON, 'lib/sessions.ts': LIB_SESSIONS },
      ),
    ],
    [
      'wrapper defined in the route file itself',
      routeApp(
        `import { safeCompare } from '@/lib/safe-compare';

type Handler = (request: Request) => Promise<Response>;

function cronOnly(handler: Handler): Handler {
  return async (request) => {
    const secret = process.env.CRON_SECRET;
    if (!secret || !safeCompare(request.headers.get('authorization') ?? '', \`Bearer \${secret}\`)) {
      return Response.json({ error: 'Unauthorized' }, { status: 401 });
    }
    return handler(request);
  };
}

export const GET = cronOnly(async () => Response.json({ ok: true }));
`,
        { 'lib/safe-compare.ts': LIB_SAFE_COMPARE },
      ),
    ],
    [
      'local helper function taking the header, destructured secret',
      routeApp(
        `import { NextResponse, type NextRequest } from 'next/server';
import { safeCompare } from '@/lib/safe-compare';

function isCron(authorization: string | null): boolean {
  const { CRON_SECRET } = process.env;
  return !!CRON_SECRET && safeCompare(authorization ?? '', \`Bearer \${CRON_SECRET}\`);
}

export async function GET(request: NextRequest) {
  if (!isCron(request.headers.get('authorization'))) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
  return NextResponse.json({ ok: true });
}
`,
        { 'lib/safe-compare.ts': LIB_SAFE_COMPARE },
      )],
    [
      "headers() from next/headers, process.env['CRON_SECRET']",
      routeApp(
        `import { headers } from 'next/headers';
import { safeCompare } from '@/lib/safe-compare';

export async function GET() {
  const secret = process.env['CRON_SECRET'];
  const authorization = (await headers()).get('authorization');
  if (!secret || !authorization || !safeCompare(authorization, \`Bearer \${secret}\`)) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
        { 'lib/safe-compare.ts': LIB_SAFE_COMPARE },
      ),
    ],
    [
      'export { handler as GET, handler as POST }',
      routeApp(
        `import { verifyCron } from '@/lib/cron';

async function handler(request: Request) {
  if (!verifyCron(request)) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}

export { handler as GET, handler as POST };
`,
        { 'lib/cron.ts': LIB_VERIFY_CRON },
      ),
    ],
    [
      'helper from a package that cannot be followed (might check: silent)',
      routeApp(`import { verifyCronRequest } from '@acme/cron-kit';

export async function GET(request: Request) {
  if (!verifyCronRequest(request)) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`),
    ],
    [
      'edge runtime comparing SHA-256 digests with Web Crypto',
      routeApp(`export const runtime = 'edge';

async function digest(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
}

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (!secret) return new Response('Unauthorized', { status: 401 });
  const [a, b] = await Promise.all([digest(request.headers.get('authorization') ?? ''), digest(\`Bearer \${secret}\`)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  if (diff !== 0) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`),
    ],
    [
      'middleware.ts whose matcher covers /api/cron/:path* checks the secret',
      routeApp(
        `export async function GET(request: Request) {
  return Response.json({ ok: true, at: new URL(request.url).pathname });
}
`,
        { 'middleware.ts': cronMiddleware("['/api/cron/:path*']"), 'lib/cron.ts': LIB_VERIFY_CRON },
      ),
    ],
    [
      'proxy.ts (Next 16) with export function proxy',
      app({ [ROUTE]: BARE_GET, 'proxy.ts': cronMiddleware("'/api/cron/:path*'", 'proxy'), 'lib/cron.ts': LIB_VERIFY_CRON }, '16.0.3'),
    ],
    [
      'src/ layout: src/middleware.ts with the @/ alias to ./src',
      {
        'vercel.json': vercelJson(),
        'package.json': '{ "dependencies": { "next": "15.3.2" } }\n',
        'tsconfig.json': TSCONFIG_SRC_ALIAS,
        'src/app/api/cron/job/route.ts': BARE_GET,
        'src/middleware.ts': cronMiddleware("['/api/cron/:path*']"),
        'src/lib/cron.ts': LIB_VERIFY_CRON,
      },
    ],
    [
      'middleware whose matcher cannot be read statically (might cover: silent)',
      routeApp(BARE_GET, {
        'middleware.ts': cronMiddleware('MATCHERS').replace(
          'export const config',
          "const MATCHERS = ['/api/cron/:path*'];\n\nexport const config",
        ),
        'lib/cron.ts': LIB_VERIFY_CRON,
      }),
    ],
    [
      'Pages Router: boolean helper on req',
      app({
        'pages/api/cron/job.ts': `import type { NextApiRequest, NextApiResponse } from 'next';
import { isAuthorized } from '@/lib/cron-pages';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (!isAuthorized(req)) return res.status(401).json({ error: 'Unauthorized' });
  res.status(200).json({ ok: true });
}
`,
        'lib/cron-pages.ts': LIB_PAGES_AUTH,
        'lib/safe-compare.ts': LIB_SAFE_COMPARE,
      }),
    ],
    [
      "Pages Router: req.headers['authorization'] and a destructured secret",
      app({
        'pages/api/cron/job.ts': `import type { NextApiRequest, NextApiResponse } from 'next';
import { safeCompare } from '@/lib/safe-compare';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { CRON_SECRET } = process.env;
  const authorization = req.headers['authorization'];
  if (!CRON_SECRET || !authorization || !safeCompare(authorization, \`Bearer \${CRON_SECRET}\`)) {
    return res.status(401).json({ error: 'Unauthorized' });
  }
  res.status(200).json({ ok: true });
}
`,
        'lib/safe-compare.ts': LIB_SAFE_COMPARE,
      }),
    ],
  ];
  for (const [name, files, todo] of cases) {
    it(name, todo ? { todo } : {}, () => {
      const file = Object.keys(files).find((f) => /(^|\/)(app|pages)\/api\/cron\//.test(f))!;
      assert.deepEqual(rowsIn(files, file), []);
    });
  }

  it('the silent cases are real code: they type-check against the real next types', () => {
    const project: Record<string, string> = {};
    cases.forEach(([name, files], i) => {
      if (/package|src\/ layout/.test(name)) return;
      for (const [file, text] of Object.entries(files)) {
        if (/\.ts$/.test(file)) project[/^(app|pages)\//.test(file) ? file.replace('/job', `/job${i}`) : file] = text;
      }
    });
    assertTypeChecks(project);
  });
});

describe('missing-auth: severity follows what schedules the route', () => {
  const schedules = (entry: Record<string, string>) => JSON.stringify({ schedules: { job: { schedule: '0 5 * * *', ...entry } } }, null, 2);
  const cases: [name: string, files: Files, rules: Record<string, RuleSetting>, expected: Row[]][] = [
    ['a crons entry schedules it: the job is live, so an error', routeApp(BARE_GET), {}, [['missing-auth', 'error', 'GET']]],
    ['a Schedules path target (GET by default) schedules it: an error', routeApp(BARE_GET, { 'vercel.json': schedules({ path: CRON_PATH }) }), {}, [['missing-auth', 'error', 'GET']]],
    ['only the cron-route glob names it: a warning', routeApp(BARE_GET, { 'vercel.json': '{}\n' }), {}, [['missing-auth', 'warning', 'GET']]],
    ['a crons entry for another path: glob only, a warning', routeApp(BARE_GET, { 'vercel.json': vercelJson('/api/cron/other') }), {}, [['missing-auth', 'warning', 'GET']]],
    ['the rules setting lowers the scheduled route', routeApp(BARE_GET), { 'missing-auth': 'warning' }, [['missing-auth', 'warning', 'GET']]],
    ['the rules setting raises the glob-only route', routeApp(BARE_GET, { 'vercel.json': '{}\n' }), { 'missing-auth': 'error' }, [['missing-auth', 'error', 'GET']]],
    ['the rules setting turns it off', routeApp(BARE_GET), { 'missing-auth': 'off' }, []],
  ];
  for (const [name, files, rules, expected] of cases) {
    it(name, () => assert.deepEqual(rowsIn(files, ROUTE, { rules }), expected));
  }
});

describe('missing-auth: routes that never check', () => {
  it('GET() without a request: the fix adds `request: Request`, the guard and the helper', async () => {
    const route = `import { purgeExpiredSessions } from '@/lib/sessions';

export async function GET() {
  const { count } = await purgeExpiredSessions();
  return Response.json({ purged: count });
}
`;
    const files = routeApp(route, { 'lib/sessions.ts': LIB_SESSIONS });
    assert.deepEqual(rowsIn(files), [['missing-auth', 'error', 'GET']]);
    const finding = single('missing-auth', files);
    assert.match(
      finding.message,
      /never checks the Authorization header against CRON_SECRET, so anyone who finds \/api\/cron\/job can run the job/,
    );
    assert.equal(finding.fixes.length, 1);
    assert.equal(finding.fixes[0]!.safe, false, 'adding a check changes behaviour: never applied unasked');
    const fixed = fixOnce('missing-auth', files, TITLE);
    assert.equal(
      fixed,
      `import { purgeExpiredSessions } from '@/lib/sessions';
import { timingSafeEqual } from 'node:crypto';

export async function GET(request: Request) {
  // Fail closed: without a secret, "Bearer undefined" would otherwise get in.
  const cronSecret = process.env.CRON_SECRET;
  if (!cronSecret || !isSameSecret(request.headers.get('authorization'), \`Bearer \${cronSecret}\`)) {
    return Response.json({ error: 'Unauthorized' }, { status: 401 });
  }

  const { count } = await purgeExpiredSessions();
  return Response.json({ purged: count });
}

${NODE_HELPER}
`,
    );
    assert.deepEqual(rowsIn({ ...files, [ROUTE]: fixed }), [], 'the fixed route is clean');
    assertTypeChecks({ [ROUTE]: fixed, 'lib/sessions.ts': LIB_SESSIONS });
    await assertGuards((call) => runAppGet(fixed, call, SESSIONS));
  });

  it('NextRequest/NextResponse file with double quotes and no semicolons keeps its style', async () => {
    const route = `import { NextResponse, type NextRequest } from "next/server"
import { purgeExpiredSessions } from "@/lib/sessions"

export async function GET(req: NextRequest) {
  const dryRun = req.nextUrl.searchParams.has("dry-run")
  const { count } = dryRun ? { count: 0 } : await purgeExpiredSessions()
  return NextResponse.json({ purged: count })
}
`;
    const files = routeApp(route, { 'lib/sessions.ts': LIB_SESSIONS });
    const fixed = fixOnce('missing-auth', files, TITLE);
    assert.equal(
      fixed,
      `import { NextResponse, type NextRequest } from "next/server"
import { purgeExpiredSessions } from "@/lib/sessions"
import { timingSafeEqual } from "node:crypto"

export async function GET(req: NextRequest) {
  // Fail closed: without a secret, "Bearer undefined" would otherwise get in.
  const cronSecret = process.env.CRON_SECRET
  if (!cronSecret || !isSameSecret(req.headers.get("authorization"), \`Bearer \${cronSecret}\`)) {
    return NextResponse.json({ error: "Unauthorized" }, { status: 401 })
  }

  const dryRun = req.nextUrl.searchParams.has("dry-run")
  const { count } = dryRun ? { count: 0 } : await purgeExpiredSessions()
  return NextResponse.json({ purged: count })
}

${doubleQuotesNoSemis(NODE_HELPER)}
`,
    );
    assertTypeChecks({ [ROUTE]: fixed, 'lib/sessions.ts': LIB_SESSIONS });
    for (const [name, call, expected] of GUARD_CASES) {
      // The runner's plain Request has no nextUrl: only the refusals, which answer before the body reads it.
      if (expected === 'refused') assert.equal(await runAppGet(fixed, call, SESSIONS), 401, name);
    }
  });

  it('an existing crypto import gets timingSafeEqual added, not a second import', () => {
    const route = `import { randomUUID } from 'crypto';

export async function GET() {
  const runId = randomUUID();
  return Response.json({ runId });
}
`;
    const fixed = fixOnce('missing-auth', routeApp(route), TITLE);
    assert.ok(
      fixed.startsWith("import { randomUUID, timingSafeEqual } from 'crypto';\n\nexport async function GET(request: Request) {\n"),
      fixed,
    );
    assert.equal(fixed.match(/timingSafeEqual \}/g)?.length, 1);
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it('edge runtime: async added, the comparison awaited, Web Crypto instead of node:crypto', async () => {
    const route = `import { NextResponse, type NextRequest } from 'next/server';

export const runtime = 'edge';

export function GET(request: NextRequest) {
  runs += 1;
  return NextResponse.json({ ok: true, region: request.headers.get('x-vercel-id'), runs });
}

let runs = 0;
`;
    const fixed = fixOnce('missing-auth', routeApp(route), TITLE);
    assert.equal(
      fixed,
      `import { NextResponse, type NextRequest } from 'next/server';

export const runtime = 'edge';

export async function GET(request: NextRequest) {
  // Fail closed: without a secret, "Bearer undefined" would otherwise get in.
  const cronSecret = process.env.CRON_SECRET;
  if (!cronSecret || !(await isSameSecret(request.headers.get('authorization'), \`Bearer \${cronSecret}\`))) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }

  runs += 1;
  return NextResponse.json({ ok: true, region: request.headers.get('x-vercel-id'), runs });
}

let runs = 0;

${EDGE_HELPER}
`,
    );
    assert.doesNotMatch(fixed, /node:crypto|Buffer/, 'the edge runtime has neither');
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it('edge arrow without parameters: `async (request: Request) =>`', async () => {
    const route = "export const runtime = 'edge';\n\nexport const GET = () => {\n  runs += 1;\n  return new Response('ok');\n};\n\nlet runs = 0;\n";
    const fixed = fixOnce('missing-auth', routeApp(route), TITLE);
    assert.ok(
      fixed.startsWith("export const runtime = 'edge';\n\nexport const GET = async (request: Request) => {\n  // Fail closed"),
      fixed,
    );
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it('a JavaScript route gets no type annotations; tab indentation is kept for the helper', async () => {
    const file = 'app/api/cron/job/route.js';
    const route = 'export async function GET() {\n\truns += 1;\n\treturn Response.json({ ok: true, runs });\n}\n\nlet runs = 0;\n';
    const fixed = fixOnce('missing-auth', app({ [file]: route }), TITLE, file);
    assert.ok(
      fixed.startsWith("import { timingSafeEqual } from 'node:crypto';\n\nexport async function GET(request) {\n\t// Fail closed"),
      fixed,
    );
    assert.ok(
      fixed.endsWith(
        "function isSameSecret(actual, expected) {\n\tif (typeof actual !== 'string' || typeof expected !== 'string') return false;\n\tconst left = Buffer.from(actual);\n\tconst right = Buffer.from(expected);\n\treturn left.length === right.length && timingSafeEqual(left, right);\n}\n",
      ),
      fixed,
    );
    assert.doesNotMatch(fixed, /: Request|: string|: boolean/);
    await assertGuards((call) => runAppGet(fixed, call, {}, 'route.js'));
  });

  it(
    'a JavaScript route indented with tabs: the guard body uses tabs too',
    {
    },
    () => {
      const file = 'app/api/cron/job/route.js';
      const fixed = fixOnce(
        'missing-auth',
        app({ [file]: 'export async function GET() {\n\truns += 1;\n\treturn Response.json({ ok: true });\n}\n\nlet runs = 0;\n' }),
        TITLE,
        file,
      );
      assert.match(fixed, /\n\t\treturn Response\.json\(\{ error: 'Unauthorized' \}, \{ status: 401 \}\);\n\t\}\n/);
    },
  );

  it(
    'a file without imports but with double quotes gets double quotes',
    () => {
      const route = 'export const runtime = "edge"\n\nexport const GET = () => {\n  runs += 1\n  return new Response("ok")\n}\n\nlet runs = 0\n';
      assert.doesNotMatch(fixOnce('missing-auth', routeApp(route), TITLE), /'/);
    },
  );

  it(
    "a leading 'use server' directive stays the first statement",
    {
    },
    () => {
      const route = "'use server';\n\nexport async function GET() {\n  runs += 1;\n  return Response.json({ ok: true });\n}\n\nlet runs = 0;\n";
      assert.ok(fixOnce('missing-auth', routeApp(route), TITLE).startsWith("'use server';\n"));
    },
  );

  it('Pages Router: the guard answers with res.status(401) and reads req.headers.authorization', async () => {
    const file = 'pages/api/cron/job.ts';
    const route = `import type { NextApiRequest, NextApiResponse } from 'next';
import { purgeExpiredSessions } from '@/lib/sessions';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { count } = await purgeExpiredSessions();
  res.status(200).json({ purged: count });
}
`;
    const files = app({ [file]: route, 'lib/sessions.ts': LIB_SESSIONS });
    assert.deepEqual(rowsIn(files, file), [['missing-auth', 'error', 'handler']]);
    const fixed = fixOnce('missing-auth', files, TITLE, file);
    assert.equal(
      fixed,
      `import type { NextApiRequest, NextApiResponse } from 'next';
import { purgeExpiredSessions } from '@/lib/sessions';
import { timingSafeEqual } from 'node:crypto';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  // Fail closed: without a secret, "Bearer undefined" would otherwise get in.
  const cronSecret = process.env.CRON_SECRET;
  if (!cronSecret || !isSameSecret(req.headers.authorization, \`Bearer \${cronSecret}\`)) {
    return res.status(401).json({ error: 'Unauthorized' });
  }

  const { count } = await purgeExpiredSessions();
  res.status(200).json({ purged: count });
}

${NODE_HELPER}
`,
    );
    assertTypeChecks({ [file]: fixed, 'lib/sessions.ts': LIB_SESSIONS });
    await assertGuards((call) => runPagesHandler(fixed, call, SESSIONS));
  });

  it('Pages Router arrow default export without semicolons, response named `response`', async () => {
    const file = 'pages/api/cron/job.ts';
    const route = `import type { NextApiRequest, NextApiResponse } from 'next'

let runs = 0

const handler = async (request: NextApiRequest, response: NextApiResponse) => {
  runs++
  response.status(200).json({ ok: true, method: request.method, runs })
}

export default handler
`;
    const files = app({ [file]: route });
    assert.deepEqual(rowsIn(files, file), [['missing-auth', 'error', 'handler']]);
    const fixed = fixOnce('missing-auth', files, TITLE, file);
    assert.match(
      fixed,
      /\n {2}if \(!cronSecret \|\| !isSameSecret\(request\.headers\.authorization, `Bearer \$\{cronSecret\}`\)\) \{\n {4}return response\.status\(401\)\.json\(\{ error: 'Unauthorized' \}\)\n {2}\}\n/,
    );
    assert.doesNotMatch(fixed, /;\n/, 'no semicolons anywhere');
    assertTypeChecks({ [file]: fixed });
    await assertGuards((call) => runPagesHandler(fixed, call));
  });

  it('a wrapper that checks nothing: the fix goes into the wrapped function', async () => {
    const route = `import { withLogging } from '@/lib/with-logging';
import { purgeExpiredSessions } from '@/lib/sessions';

export const GET = withLogging(async () => {
  const { count } = await purgeExpiredSessions();
  return Response.json({ purged: count });
});
`;
    const files = routeApp(route, { 'lib/with-logging.ts': LIB_WITH_LOGGING, 'lib/sessions.ts': LIB_SESSIONS });
    assert.deepEqual(rowsIn(files), [['missing-auth', 'error', 'GET']]);
    const fixed = fixOnce('missing-auth', files, TITLE);
    assert.match(fixed, /export const GET = withLogging\(async \(request: Request\) => \{\n {2}\/\/ Fail closed/);
    assertTypeChecks({ [ROUTE]: fixed, 'lib/with-logging.ts': LIB_WITH_LOGGING, 'lib/sessions.ts': LIB_SESSIONS });
    const modules = { ...SESSIONS, '@/lib/with-logging': { withLogging: (h: (r: Request) => Promise<Response>) => h } };
    await assertGuards((call) => runAppGet(fixed, call, modules));
  });

  it('a followed helper that only logs is no check', () => {
    const files = routeApp(
      `import { logCronRun } from '@/lib/log';

export async function GET(request: Request) {
  logCronRun(request);
  return Response.json({ ok: true });
}
`,
      {
        'lib/log.ts':
          "export function logCronRun(request: Request): void {\n  console.log('cron', request.url, request.headers.get('x-vercel-id'));\n}\n",
      },
    );
    assert.deepEqual(rowsIn(files), [['missing-auth', 'error', 'GET']]);
  });

  const middlewares: [name: string, middleware: string][] = [
    ['a secret-checking middleware that only matches /dashboard/:path+', cronMiddleware("['/dashboard/:path+']")],
    [
      'a middleware matching everything but /api (the next-auth docs matcher)',
      cronMiddleware("['/((?!api|_next/static|_next/image|favicon.ico).*)']"),
    ],
    [
      'a middleware that checks a session, not the secret',
      loginMiddleware("['/api/:path*']").replace(
        "NextResponse.redirect(new URL('/login', request.url))",
        "NextResponse.json({ error: 'Sign in' }, { status: 401 })",
      ),
    ],
  ];
  for (const [name, middleware] of middlewares) {
    it(`not covered by ${name}`, () => {
      const files = routeApp(BARE_GET, { 'middleware.ts': middleware, 'lib/cron.ts': LIB_VERIFY_CRON });
      assert.deepEqual(rowsIn(files), [['missing-auth', 'error', 'GET']]);
    });
  }

  const unfixable: [name: string, files: Files, file: string, flaggedText: string][] = [
    ['an arrow with an expression body has no block for the guard', routeApp("export const GET = async () => Response.json(await fetch('https://example.com').then((r) => r.json()));\n"), ROUTE, 'GET'],
    [
      'a destructured first parameter has no request name to read',
      routeApp('export async function GET({ headers }: Request) {\n  await fetch(\'https://example.com\');\n  return Response.json({ ok: headers.has(\'x\') });\n}\n'),
      ROUTE,
      'GET',
    ],
    [
      'a Pages handler without the response parameter cannot answer 401',
      app({ 'vercel.json': vercelJson(), 'pages/api/cron/job.ts': 'export default async function handler(req) {\n  console.log(req.url);\n  await fetch(\'https://example.com/hook\');\n}\n' }),
      'pages/api/cron/job.ts',
      'handler',
    ],
  ];
  for (const [name, files, file, flaggedText] of unfixable) {
    // The harness also holds the rule's fixable predicate (what `check` reports) to these empty fixes.
    it(`reported without a fix: ${name}`, () => {
      const finding = single('missing-auth', files, file);
      assert.equal(flagged(files[file]!, finding), flaggedText);
      assert.deepEqual(finding.fixes, []);
    });
  }

  it('turned off by the rules setting; raised to error by it', () => {
    const files = routeApp(BARE_GET);
    assert.deepEqual(rowsIn(files, ROUTE, { rules: { 'missing-auth': 'off' } }), []);
    assert.deepEqual(rowsIn(files, ROUTE, { rules: { 'missing-auth': 'error' } }), [['missing-auth', 'error', 'GET']]);
  });
});

describe('missing-auth: suspected false positives (the route does check)', () => {
  it(
    'secret read through getRequiredEnv("CRON_SECRET") and compared in the route',
    () => {
      const files = routeApp(
        `import { getRequiredEnv } from '@/lib/env';
import { safeCompare } from '@/lib/safe-compare';

export async function GET(request: Request) {
  const secret = getRequiredEnv('CRON_SECRET');
  if (!safeCompare(request.headers.get('authorization') ?? '', \`Bearer \${secret}\`)) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
        {
          'lib/env.ts':
            'export function getRequiredEnv(name: string): string {\n  const value = process.env[name];\n  if (!value) throw new Error(`${name} is not set`);\n  return value;\n}\n',
          'lib/safe-compare.ts': LIB_SAFE_COMPARE,
        },
      );
      assert.deepEqual(rowsIn(files), []);
    },
  );

  it(
    'helper re-exported through a barrel (export * from)',
    {
    },
    () => {
      const files = routeApp(
        `import { fromScheduler } from '@/lib/server';

export async function GET(request: Request) {
  if (!fromScheduler(request)) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`,
        {
          'lib/server/index.ts': "export * from './scheduler';\n",
          'lib/server/scheduler.ts': `import { safeCompare } from '../safe-compare';

export function fromScheduler(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  return !!secret && safeCompare(request.headers.get('authorization') ?? '', \`Bearer \${secret}\`);
}
`,
          'lib/safe-compare.ts': LIB_SAFE_COMPARE,
        },
      );
      assert.deepEqual(rowsIn(files), []);
    },
  );
});

describe('missing-auth: no handler, no finding', () => {
  it('GET re-exported from another module cannot be judged', () => {
    assert.deepEqual(rowsIn(routeApp("export { GET } from '@/lib/cron-handler';\n", { 'lib/cron-handler.ts': BARE_GET })), []);
  });

  it('a Hono app mounted with handle(app) cannot be judged', () => {
    const file = 'app/api/[[...route]]/route.ts';
    const files = app({
      [file]: `import { Hono } from 'hono';
import { handle } from 'hono/vercel';

const app = new Hono().basePath('/api');
app.get('/cron/job', (c) => c.json({ ok: true }));

export const GET = handle(app);
`,
    });
    assert.deepEqual(rowsIn(files, file), []);
  });
});

describe('missing-auth: where real projects read the secret (#15)', () => {
  const cases: [name: string, files: Files][] = [
    [
      'the secret read at the top of the route file, compared in the handler',
      routeApp(
        `import { safeCompare } from '@/lib/safe-compare';

const CRON_SECRET = process.env.CRON_SECRET;

export async function GET(request: Request) {
  if (!CRON_SECRET || !safeCompare(request.headers.get('authorization') ?? '', \`Bearer \${CRON_SECRET}\`)) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
        { 'lib/safe-compare.ts': LIB_SAFE_COMPARE },
      ),
    ],
    [
      'destructured from process.env at the top of the route file',
      routeApp(`const { CRON_SECRET } = process.env;

export async function GET(request: Request) {
  if (!CRON_SECRET || request.headers.get('authorization') !== \`Bearer \${CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`),
    ],
    [
      'the expected header built at the top of the route file, the secret required in the handler',
      routeApp(`const EXPECTED = \`Bearer \${process.env.CRON_SECRET}\`;

export async function GET(request: Request) {
  if (!process.env.CRON_SECRET) return new Response('CRON_SECRET is not set', { status: 500 });
  if (request.headers.get('authorization') !== EXPECTED) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`),
    ],
    [
      'a helper module that reads the secret at its top',
      routeApp(
        `import { isCronRequest } from '@/lib/cron-auth';

export async function GET(request: Request) {
  if (!isCronRequest(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
        { 'lib/cron-auth.ts': LIB_MODULE_SECRET, 'lib/safe-compare.ts': LIB_SAFE_COMPARE },
      ),
    ],
    [
      'the secret imported as a constant: import { CRON_SECRET } from @/lib/config',
      routeApp(
        `import { CRON_SECRET } from '@/lib/config';
import { safeCompare } from '@/lib/safe-compare';

export async function GET(request: Request) {
  if (!CRON_SECRET || !safeCompare(request.headers.get('authorization') ?? '', \`Bearer \${CRON_SECRET}\`)) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
        { 'lib/config.ts': LIB_CONFIG, 'lib/safe-compare.ts': LIB_SAFE_COMPARE },
      ),
    ],
    [
      "the variable's name as a default parameter: verifyBearer(request, envKey = 'CRON_SECRET')",
      routeApp(
        `import { verifyBearer } from '@/lib/verify-bearer';

export async function GET(request: Request) {
  if (!verifyBearer(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
        { 'lib/verify-bearer.ts': LIB_VERIFY_BEARER, 'lib/safe-compare.ts': LIB_SAFE_COMPARE },
      ),
    ],
    [
      "the variable's name passed as a constant: verifyBearer(request, SECRET_ENV)",
      routeApp(
        `import { verifyBearer } from '@/lib/verify-bearer';

const SECRET_ENV = 'CRON_SECRET';

export async function GET(request: Request) {
  if (!verifyBearer(request, SECRET_ENV)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
        { 'lib/verify-bearer.ts': LIB_VERIFY_BEARER, 'lib/safe-compare.ts': LIB_SAFE_COMPARE },
      ),
    ],
    [
      "the variable's name in a local constant: process.env[key]",
      routeApp(`export async function GET(request: Request) {
  const key = 'CRON_SECRET';
  const secret = process.env[key];
  if (!secret || request.headers.get('authorization') !== \`Bearer \${secret}\`) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`),
    ],
  ];
  for (const [name, files] of cases) {
    it(`silent: ${name}`, () => assert.deepEqual(rowsOf(['missing-auth'], files), []));
  }

  it('silent cases are real code: they type-check', () => {
    const project: Record<string, string> = {};
    cases.forEach(([, files], i) => {
      for (const [file, text] of Object.entries(files)) if (/\.ts$/.test(file)) project[file.replace('/job/', `/job${i}/`)] = text;
    });
    assertTypeChecks(project);
  });

  it('before this, the module-scope secret read as "never checks": the runner proves the route refuses', async () => {
    const [, files] = cases[1]!;
    for (const [name, call, expected] of GUARD_CASES) {
      assert.equal(await runAppGet(files[ROUTE]!, call), expected === 'refused' ? 401 : 200, name);
    }
  });
});

describe('missing-auth: calls it cannot follow count only where they can decide the response (#15)', () => {
  const silent: [name: string, route: string][] = [
    [
      'in the condition of a refusal, whatever its name: if (!(await checkRequest(request))) return 401',
      `import { checkRequest } from '@acme/platform';

export async function GET(request: Request) {
  if (!(await checkRequest(request))) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
    ],
    [
      'a statement before the work that may throw: await requireCronAuth(request)',
      `import { requireCronAuth } from '@acme/platform';
import { purgeExpiredSessions } from '@/lib/sessions';

export async function GET(request: Request) {
  await requireCronAuth(request);
  return Response.json(await purgeExpiredSessions());
}
`,
    ],
    [
      'its result tested by a refusal: const session = await getSession(); if (!session) return 401',
      `import { getSession } from '@acme/platform';

export async function GET() {
  const session = await getSession();
  if (!session) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
    ],
    [
      'a wrapper: export const GET = withCronAuth(async () => …)',
      `import { withCronAuth } from '@acme/platform';

export const GET = withCronAuth(async () => Response.json({ ok: true }));
`,
    ],
  ];
  for (const [name, route] of silent) {
    it(`silent: ${name}`, () => assert.deepEqual(rowsOf(['missing-auth'], routeApp(route, { 'lib/sessions.ts': LIB_SESSIONS })), []));
  }

  const reported: [name: string, files: Files, unread: RegExp | undefined][] = [
    [
      "the job's own work from a package, named like tokens: const refreshed = await refreshAccessTokens()",
      routeApp(`import { refreshAccessTokens } from '@acme/platform';

export async function GET() {
  const refreshed = await refreshAccessTokens();
  return Response.json({ refreshed });
}
`),
      /refreshAccessTokens\(\) could not be read, but it runs as the job's work, not as a check before it\./,
    ],
    [
      'a statement that is the work, named like cron: await runCronTasks()',
      routeApp(`import { runCronTasks } from '@acme/platform';

export async function GET() {
  await runCronTasks();
  return Response.json({ ok: true });
}
`),
      /runCronTasks\(\) could not be read/,
    ],
    [
      "the job's work four calls deep (past the walk's hops): await sendDigests()",
      routeApp(
        `import { sendDigests } from '@/lib/digests';

export async function GET() {
  const sent = await sendDigests();
  return Response.json({ sent });
}
`,
        LIB_DIGESTS,
      ),
      undefined,
    ],
    [
      'a helper doing the work calls a package it cannot read: await syncAccounts()',
      routeApp(
        `import { syncAccounts } from '@/lib/accounts';

export async function GET() {
  await syncAccounts();
  return Response.json({ ok: true });
}
`,
        {
          'lib/accounts.ts':
            "import { verifyWebhookSignature } from '@acme/platform';\n\nexport async function syncAccounts(): Promise<void> {\n  if (!verifyWebhookSignature('accounts')) throw new Error('bad signature');\n}\n",
        },
      ),
      /verifyWebhookSignature\(\) could not be read, but it runs as the job's work/,
    ],
  ];
  for (const [name, files, unread] of reported) {
    it(`reported: ${name}`, () => {
      assert.deepEqual(rowsOf(['missing-auth'], files), [['missing-auth', 'error', 'GET']]);
      const { message } = single('missing-auth', files);
      if (unread) assert.match(message, unread);
      else assert.doesNotMatch(message, /could not be read/);
    });
  }
});

describe('missing-auth: a handler that runs no job is silent; any work speaks (#15)', () => {
  const route = (body: string, head = '') => routeApp(`${head}export async function GET(request: Request) {\n${body}\n}\n`);
  const NEXT = "import { NextResponse } from 'next/server';\n";
  const inert: [name: string, files: Files][] = [
    ['logs a timestamp, answers a fixed message', route("  console.log('cron ran at', new Date().toISOString());\n  return NextResponse.json({ message: 'Cron job executed' });", NEXT)],
    [
      'loops logging and sleeping, then answers 200',
      route("  for (let i = 0; i < 3; i++) {\n    console.info(`tick ${i}`);\n    await new Promise((r) => setTimeout(r, 5000));\n  }\n  return new Response('done', { status: 200 });"),
    ],
    ['returns a static status object', route("  return NextResponse.json({ status: 'ok', jobs: ['digest', 'cleanup'], at: Date.now() });", NEXT)],
    ['a local sleep helper and a local logger', route('  await sleep(1000);\n  log(JSON.stringify({ at: new Date() }));\n  return Response.json({ ok: true });', "const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));\nfunction log(message: string) {\n  console.log(`[cron] ${message}`);\n}\n\n")],
    [
      'reads the request and echoes it',
      route("  const { searchParams } = new URL(request.url);\n  const ua = request.headers.get('user-agent') ?? 'unknown';\n  let count = Number(searchParams.get('n') ?? '1');\n  count += Math.max(0, 1);\n  return Response.json({ ua, count, at: new Date().toISOString() });"),
    ],
    ['redirects', route("  return NextResponse.redirect(new URL('/', request.url));", NEXT)],
  ];
  for (const [name, files] of inert) it(`silent: ${name}`, () => assert.deepEqual(rowsOf(['missing-auth'], files), []));

  const work: [name: string, files: Files][] = [
    ['a fetch', route("  await fetch('https://example.com/hook');\n  return Response.json({ ok: true });")],
    ['an imported function', routeApp("import { purgeExpiredSessions } from '@/lib/sessions';\n\nexport async function GET() {\n  console.log('purging');\n  await purgeExpiredSessions();\n  return Response.json({ ok: true });\n}\n", { 'lib/sessions.ts': LIB_SESSIONS })],
    ['a db client method', route("  const rows = await db.select();\n  return Response.json({ rows });", "declare const db: { select(): Promise<unknown[]> };\n")],
    ['a method on a value not in the list', route("  const jobs = ['a', 'b'].map((j) => j.toUpperCase());\n  return Response.json({ jobs });")],
    ['a write to module state', route("  runs++;\n  return Response.json({ runs });", 'let runs = 0;\n')],
    ['a sleep whose callback is outside code', route("  await new Promise(() => setTimeout(rebuild, 10));\n  return Response.json({ ok: true });", 'declare function rebuild(): void;\n')],
    ['a local helper that fetches', route("  await ping();\n  return Response.json({ ok: true });", "async function ping() {\n  console.log('ping');\n  await fetch('https://example.com');\n}\n")],
    ['a dynamic import', route("  await import('../../../../lib/sessions');\n  return Response.json({ ok: true });")],
    ['reads the body (code of its own)', route('  const body = await request.json();\n  return Response.json({ body });')],
    ['a wrapper', routeApp("export const GET = withLogging(async () => Response.json({ ok: true }));\ndeclare function withLogging<T>(fn: T): T;\n")],
  ];
  for (const [name, files] of work) it(`reported: ${name}`, () => assert.deepEqual(rowsOf(['missing-auth'], files), [['missing-auth', 'error', 'GET']]));

  // Pages Router: the answer is a chain of calls on `res` (`res.status(200).json(…)`).
  const PAGES_FILE = 'pages/api/cron/job.ts';
  const pages = (body: string, head = '') =>
    app({ 'pages/api/cron/job.ts': `import type { NextApiRequest, NextApiResponse } from 'next';\n\n${head}export default async function handler(req: NextApiRequest, res: NextApiResponse) {\n${body}\n}\n` });
  it('silent: a Pages handler that loops logging and sleeping, then answers through res', () =>
    assert.deepEqual(rowsOf(['missing-auth'], pages("  for (let i = 0; i < 3; i++) {\n    console.log(`tick ${i}`);\n    await new Promise((resolve) => setTimeout(resolve, 5000));\n  }\n  res.status(200).json({ message: 'done' });"), PAGES_FILE), []));
  it('reported: a Pages handler that answers through res after real work', () =>
    assert.equal(rowsOf(['missing-auth'], pages("  await fetch('https://example.com/hook');\n  res.status(200).json({ ok: true });"), PAGES_FILE).length, 1));
  it('reported: a call chained on something other than res', () =>
    assert.equal(rowsOf(['missing-auth'], pages("  queue.status(1).send('go');\n  res.status(200).end();", 'declare const queue: { status(n: number): { send(s: string): void } };\n'), PAGES_FILE).length, 1));
});

describe('missing-auth: a scheduled route with no GET is checked on the handlers anyone can call (#15)', () => {
  const JOB = "  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });\n  return Response.json({ ok: true });";
  const cases: [name: string, files: Files, expected: Row[]][] = [
    ['POST runs the job unchecked', routeApp(`export async function POST() {\n${JOB}\n}\n`), [['missing-auth', 'error', 'POST'], ['route-missing-get', 'error', 'POST']]],
    [
      'PUT and DELETE both run it: each is reported on its name',
      routeApp(`export async function PUT() {\n${JOB}\n}\n\nexport const DELETE = async () => {\n${JOB}\n};\n`),
      [['missing-auth', 'error', 'PUT'], ['route-missing-get', 'error', 'PUT'], ['missing-auth', 'error', 'DELETE']],
    ],
    ['POST that runs no job: only the missing GET', routeApp("export async function POST() {\n  console.log('ping');\n  return Response.json({ ok: true });\n}\n"), [['route-missing-get', 'error', 'POST']]],
    [
      'POST that checks the secret: only the missing GET',
      routeApp(
        `export async function POST(request: Request) {\n  const secret = process.env.CRON_SECRET;\n  if (!secret || request.headers.get('authorization') !== \`Bearer \${secret}\`) return new Response(null, { status: 401 });\n${JOB}\n}\n`,
      ),
      [['route-missing-get', 'error', 'POST']],
    ],
  ];
  for (const [name, files, expected] of cases) {
    it(name, () => {
      const file = files[ROUTE]!;
      const rows = rowsIn(files).filter(([code]) => code === 'missing-auth' || code === 'route-missing-get');
      assert.deepEqual(
        [...rows].sort((a, b) => file.indexOf(a[2]) - file.indexOf(b[2]) || a[0].localeCompare(b[0])),
        [...expected].sort((a, b) => file.indexOf(a[2]) - file.indexOf(b[2]) || a[0].localeCompare(b[0])),
      );
    });
  }

  it('only the glob names it: not a cron route, as before (no GET, no cron request)', () => {
    const results = runRoutes(routeApp(`export async function POST() {\n${JOB}\n}\n`, { 'vercel.json': '{}\n' }));
    assert.equal(results.find((r) => r.file === ROUTE), undefined);
  });

  it('the message names the method and how anyone runs the job', () => {
    const finding = single('missing-auth', routeApp(`export async function POST() {\n${JOB}\n}\n`));
    assert.match(finding.message, /^POST \(this route has no GET\) never checks the Authorization header against CRON_SECRET, so anyone who sends a POST to \/api\/cron\/job can run the job\./);
  });

  it('the add-check fix works on the POST handler, settles and type-checks', () => {
    const files = routeApp(`export async function POST() {\n${JOB}\n}\n`);
    const fixed = fixOnce('missing-auth', files, TITLE);
    assert.match(fixed, /export async function POST\(request: Request\) \{\n {2}\/\/ Fail closed/);
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it('a POST whose check fails open when the secret is unset: auth-fails-open, as for GET', () => {
    const files = routeApp(
      `export async function POST(request: Request) {\n  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response(null, { status: 401 });\n${JOB}\n}\n`,
    );
    const rows = rowsIn(files);
    assert.deepEqual(rows.filter(([code]) => code !== 'auth-fails-open'), [['route-missing-get', 'error', 'POST']]);
    assert.deepEqual(rows.filter(([code]) => code === 'auth-fails-open').map(([code, , text]) => [code, text.startsWith("request.headers.get('authorization') !==")]), [['auth-fails-open', true]]);
  });
});

describe('missing-auth: a header test without the secret is no check (#15)', () => {
  const JOB = "  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });\n  return Response.json({ ok: true });";
  const get = (body: string, head = '') => routeApp(`${head}export async function GET(request: Request) {\n${body}\n${JOB}\n}\n`);
  const DENY = "return new Response('Unauthorized', { status: 401 });";
  const REQUIRE_SECRET = "  const secret = process.env.CRON_SECRET;\n  if (!secret) return new Response('CRON_SECRET is not set', { status: 500 });\n";
  const compares: [name: string, files: Files][] = [
    ['compared with the secret directly', get(`${REQUIRE_SECRET}  if (request.headers.get('authorization') !== \`Bearer \${secret}\`) ${DENY}`)],
    ['compared through a helper', get(`  if (!verifyCron(request)) ${DENY}`, "import { verifyCron } from '@/lib/cron';\n\n")],
    [
      'compared as hashes with timingSafeEqual',
      get(
        `${REQUIRE_SECRET}  const digest = (value: string) => createHash('sha256').update(value).digest();\n  if (!timingSafeEqual(digest(request.headers.get('authorization') ?? ''), digest(\`Bearer \${secret}\`))) ${DENY}`,
        "import { createHash, timingSafeEqual } from 'node:crypto';\n\n",
      ),
    ],
    ['the header must contain the secret', get(`${REQUIRE_SECRET}  if (!request.headers.get('authorization')?.includes(secret)) ${DENY}`)],
  ];
  for (const [name, files] of compares) {
    it(`a check: ${name}`, () => assert.deepEqual(rowsOf(['missing-auth'], name.includes('helper') ? { ...files, 'lib/cron.ts': LIB_VERIFY_CRON } : files), []));
  }

  const headerOnly: [name: string, files: Files][] = [
    ["any header containing 'Bearer'", get(`  const auth = request.headers.get('authorization');\n  if (!auth?.includes('Bearer')) ${DENY}`)],
    ['any non-empty header', get(`  if (!request.headers.get('authorization')) ${DENY}`)],
    ["'Bearer ' and a token, while the secret is only required to be set", get(`${REQUIRE_SECRET}  const auth = request.headers.get('authorization') ?? '';\n  if (!auth.startsWith('Bearer ') || !auth.slice(7)) ${DENY}`)],
    ['the secret only logged', get(`  console.log('secret configured:', !!process.env.CRON_SECRET);\n  if (!request.headers.get('authorization')) ${DENY}`)],
  ];
  for (const [name, files] of headerOnly) {
    it(`no check: ${name}`, () => {
      assert.deepEqual(rowsOf(['missing-auth'], files), [['missing-auth', 'error', 'GET']]);
      const finding = single('missing-auth', files);
      assert.match(finding.message, /^This cron route tests the Authorization header but never compares it with CRON_SECRET: .* so anyone who finds \/api\/cron\/job can run the job\./);
      // The fix adds the real comparison, and the route is then clean of missing-auth.
      fixOnce('missing-auth', files, TITLE);
    });
  }
});

describe('missing-auth: a header test that lets the request skip the refusal (#15)', () => {
  const JOB = "  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });\n  return Response.json({ ok: true });";
  const DENY = "return new Response('Unauthorized', { status: 401 });";
  const SESSION = "import { getStaffSession } from '@acme/session';\n\n";
  const get = (body: string, head = SESSION) => routeApp(`${head}export async function GET(request: Request) {\n${body}\n${JOB}\n}\n`);
  const HAS_BEARER = "  const hasBearer = request.headers.get('authorization')?.startsWith('Bearer ');\n  const staff = await getStaffSession(request);\n";
  // A helper of the app whose session lookup calls a package that cannot be read.
  const LIB_SESSION = `import { decodeSessionCookie } from '@acme/cookies';

export async function readStaff(request: Request) {
  return decodeSessionCookie(request.headers.get('cookie') ?? '');
}
`;

  const reported: [name: string, files: Files, flaggedTest: string][] = [
    ['a Bearer scheme test before a session test', get(`${HAS_BEARER}  if (!hasBearer && !staff) ${DENY}`), '!hasBearer'],
    ['any Authorization header, read inline', get(`  if (!request.headers.get('authorization') && !(await getStaffSession(request))) ${DENY}`), "!request.headers.get('authorization')"],
    ["includes('Bearer') through a name bound to the header", get(`  const header = request.headers.get('authorization');\n  const isJob = header?.includes('Bearer');\n  const staff = await getStaffSession(request);\n  if (!isJob && (!staff || staff.role !== 'owner')) ${DENY}`), '!isJob'],
    [
      "a session helper of the app, whose package call is the session's, not the job's",
      {
        ...get(`  const hasBearer = request.headers.get('authorization')?.startsWith('Bearer ');\n  const staff = await readStaff(request);\n  if (!hasBearer && !staff) ${DENY}`, "import { readStaff } from '@/lib/staff';\n\n"),
        'lib/staff.ts': LIB_SESSION,
      },
      '!hasBearer',
    ],
  ];
  for (const [name, files, test] of reported) {
    it(`reported: ${name}`, () => {
      assert.deepEqual(rowsOf(['missing-auth', 'auth-fails-open', 'auth-spoofable'], files), [['missing-auth', 'error', 'GET']]);
      const message = single('missing-auth', files).message;
      assert.ok(message.includes(`skip its refusal (line `) && message.includes(`: \`${test}\`)`), message);
      assert.match(message, /never compares the header with CRON_SECRET, so anyone who finds \/api\/cron\/job can run the job\./);
      assert.doesNotMatch(message, /could not be read/);
      fixOnce('missing-auth', files, TITLE);
    });
  }

  const silent: [name: string, files: Files][] = [
    ['either test refuses (||): the session is checked whatever the header', get(`${HAS_BEARER}  if (!hasBearer || !staff) ${DENY}`)],
    ['the bypassed request is checked by a package afterwards', get(`${HAS_BEARER}  if (!hasBearer && !staff) ${DENY}\n  if (hasBearer && !(await verifyJobToken(request))) ${DENY}`, "import { getStaffSession } from '@acme/session';\nimport { verifyJobToken } from '@acme/jobs';\n\n")],
    [
      'the bypassed request is compared with the secret afterwards',
      get(`${HAS_BEARER}  if (!hasBearer && !staff) ${DENY}\n  const secret = process.env.CRON_SECRET;\n  if (hasBearer && (!secret || request.headers.get('authorization') !== \`Bearer \${secret}\`)) ${DENY}`),
    ],
    [
      'the header compared with the secret, not only tested',
      get(`  const isJob = request.headers.get('authorization') === \`Bearer \${process.env.CRON_SECRET}\`;\n  const staff = await getStaffSession(request);\n  if (!isJob && !staff) ${DENY}`),
    ],
    ['a token a package verifies, not the header as sent', get(`  const job = await verifyJobToken(request.headers.get('authorization'));\n  const staff = await getStaffSession(request);\n  if (!job && !staff) ${DENY}`, "import { getStaffSession } from '@acme/session';\nimport { verifyJobToken } from '@acme/jobs';\n\n")],
    ['the test negated as a whole (both must hold)', get(`${HAS_BEARER}  if (!(hasBearer && staff)) ${DENY}`)],
    ["a branch that does not refuse (the header only picks what runs)", get(`${HAS_BEARER}  if (!hasBearer && !staff) {\n    console.info('manual run');\n  }\n  if (!staff) ${DENY}`)],
  ];
  for (const [name, files] of silent) {
    it(`silent: ${name}`, () => assert.deepEqual(rowsOf(['missing-auth'], files), []));
  }
});

describe("missing-auth: a helper's value tested without a refusal is a value, not a verdict", () => {
  // Real handlers build a client in a local helper and answer 400/500 when its query fails: that
  // decides the response, but it is no check, as the same package call made inline is none.
  const reported: [name: string, files: Files, method: string][] = [
    [
      'a scheduled POST-only route whose local helper returns a package client; the failed query answers 400',
      app({
        'vercel.json': vercelJson('/api/reminders/send'),
        'app/api/reminders/send/route.ts': `import { cookies } from 'next/headers';
import { createStoreClient } from '@acme/store';

function store() {
  const jar = cookies();
  return createStoreClient(process.env.STORE_URL ?? '', { cookies: { get: (name: string) => jar.get(name)?.value } });
}

export async function POST() {
  const client = store();
  const { data, error } = await client.from('reminders').select('id');
  if (error) return Response.json({ ok: false, error: error.message }, { status: 400 });
  await client.from('reminders').update({ sent: true }).in('id', data.map((row: { id: number }) => row.id));
  return Response.json({ ok: true, sent: data.length });
}
`,
      }),
      'POST',
    ],
    [
      "the client comes from lib/, one more helper deep; an empty result answers early, not with a refusal",
      routeApp(
        `import { openLedger } from '@/lib/ledger';

export async function GET() {
  const ledger = openLedger();
  const entries = await ledger.pending();
  if (entries.length === 0) return Response.json({ settled: 0 });
  await ledger.settle(entries);
  return Response.json({ settled: entries.length });
}
`,
        {
          'lib/ledger.ts': `import { connect } from '@acme/ledger';

function connection() {
  return connect(process.env.LEDGER_URL ?? '');
}

export function openLedger() {
  return connection();
}
`,
        },
      ),
      'GET',
    ],
  ];
  for (const [name, files, method] of reported) {
    it(`reported: ${name}`, () => {
      const file = Object.keys(files).find((f) => f.endsWith('route.ts'))!;
      assert.deepEqual(rowsOf(['missing-auth'], files, file), [['missing-auth', 'error', method]]);
    });
  }

  const silent: [name: string, route: string][] = [
    [
      'the helper\'s value tested by a refusal: const caller = currentCaller(); if (!caller) return 401',
      `import { resolveCaller } from '@acme/platform';

function currentCaller() {
  return resolveCaller();
}

export async function GET() {
  const caller = currentCaller();
  if (!caller) return new Response('Unauthorized', { status: 401 });
  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
  return Response.json({ ok: true });
}
`,
    ],
    [
      'the helper is handed the request: its value may be a verdict, whatever answers after it',
      `import { inspect } from '@acme/platform';

function verdictFor(request: Request) {
  return inspect(request);
}

export async function GET(request: Request) {
  const verdict = verdictFor(request);
  if (verdict.ok) {
    await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
    return Response.json({ ok: true });
  }
  return Response.json({ ok: false }, { status: 400 });
}
`,
    ],
  ];
  for (const [name, route] of silent) {
    it(`silent: ${name}`, () => assert.deepEqual(rowsOf(['missing-auth'], routeApp(route)), []));
  }
});

describe('missing-auth: a check of another secret is a check', () => {
  // The job is not open to anyone when the request must carry another secret; whether the cron
  // itself can pass is another question (Vercel sends only CRON_SECRET).
  const silent: [name: string, files: Files][] = [
    [
      "a header compared with another secret-named variable: x-jobs-key !== process.env.JOBS_KEY",
      routeApp(`export async function GET(request: Request) {
  if ((request.headers.get('x-jobs-key') ?? '') !== process.env.JOBS_KEY) return new Response('Forbidden', { status: 403 });
  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
  return Response.json({ ok: true });
}
`),
    ],
    [
      'through a module constant, trimmed, and a local helper answering the refusal',
      routeApp(`const WORKER_TOKEN = (process.env.WORKER_TOKEN || '').trim();

function refuse(reason: string) {
  return Response.json({ error: reason }, { status: 403 });
}

export async function POST(request: Request) {
  if (!WORKER_TOKEN) return refuse('forbidden: no token configured');
  const presented = (request.headers.get('x-worker-token') || '').trim();
  if (presented !== WORKER_TOKEN) return refuse('forbidden');
  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
  return Response.json({ ok: true });
}
`),
    ],
    [
      "a Pages Router handler: req.headers['x-jobs-key'] against process.env.JOBS_SECRET",
      app({
        'vercel.json': vercelJson('/api/cron/job'),
        'pages/api/cron/job.ts': `import type { NextApiRequest, NextApiResponse } from 'next';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.headers['x-jobs-key'] !== process.env.JOBS_SECRET) return res.status(401).end();
  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
  res.status(200).json({ ok: true });
}
`,
      }),
    ],
  ];
  for (const [name, files] of silent) {
    it(`silent: ${name}`, () => {
      const file = Object.keys(files).find((f) => /route\.ts$|pages\/api\//.test(f))!;
      assert.deepEqual(rowsOf(['missing-auth'], files, file), []);
    });
  }

  it('reported: compared with a variable not named like a secret (a region anyone can guess)', () => {
    const files = routeApp(`export async function GET(request: Request) {
  if (request.headers.get('x-region') !== process.env.DEPLOY_REGION) return new Response('Forbidden', { status: 403 });
  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
  return Response.json({ ok: true });
}
`);
    assert.deepEqual(rowsOf(['missing-auth'], files), [['missing-auth', 'error', 'GET']]);
  });
});

describe('missing-auth: Vercel Schedules targets', () => {
  const CHECKED_GET = `import { sendDigests } from '@/lib/jobs';

export async function GET(request: Request) {
  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });
  await sendDigests();
  return Response.json({ ok: true });
}
`;
  const OPEN_POST = `
export async function POST() {
  await sendDigests();
  return Response.json({ ok: true });
}
`;
  const JOBS = 'export async function sendDigests() {\n  await fetch("https://example.com/digests", { method: "POST" });\n}\n';
  const schedules = (entry: Record<string, unknown>, functions?: Record<string, unknown>) =>
    JSON.stringify({ schedules: [{ name: 'job', schedule: '0 5 * * *', ...entry }], ...(functions ? { functions } : {}) }, null, 2) + '\n';

  it('a path target sent POST (the default) is read through its POST: an open POST is an error, a checked GET does not hide it', () => {
    const files = app({ 'vercel.json': schedules({ path: CRON_PATH }), [ROUTE]: CHECKED_GET + OPEN_POST, 'lib/jobs.ts': JOBS });
    const finding = single('missing-auth', files);
    assert.equal(flagged(files[ROUTE]!, finding), 'POST');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /^POST \(the method Vercel Schedules sends\) never checks/);
  });

  it('a path target sent GET is read through its GET, exactly as a cron', () => {
    const open = app({ 'vercel.json': schedules({ path: CRON_PATH, requestMethod: 'GET' }), [ROUTE]: `import { sendDigests } from '@/lib/jobs';\n${OPEN_POST.replace('POST', 'GET')}`, 'lib/jobs.ts': JOBS });
    assert.equal(single('missing-auth', open).severity, 'error');
    const checked = app({ 'vercel.json': schedules({ path: CRON_PATH, requestMethod: 'GET' }), [ROUTE]: CHECKED_GET + OPEN_POST, 'lib/jobs.ts': JOBS });
    assert.deepEqual(rowsOf(['missing-auth'], checked), []);
  });

  it('a function target is private: its file is no cron route, and gets no missing-auth', () => {
    const files = app({
      'vercel.json': schedules({ function: 'api/cleanup' }, { 'api/cleanup.ts': { experimentalTriggers: [{ type: 'schedule/v1beta' }] } }),
      'api/cleanup.ts': `import { sendDigests } from '../lib/jobs';\n${OPEN_POST}`,
      'lib/jobs.ts': JOBS,
    });
    assert.deepEqual(
      runRoutes(files).filter((r) => r.file === 'api/cleanup.ts'),
      [],
    );
  });
});
