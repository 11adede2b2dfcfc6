import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { app, applyFix, type Files, fixOnce, fixTitled, ROUTE, routeApp, rowsOf, single } from '../../support/ruleHarness';
import { cronMiddleware, LIB_SESSIONS, LIB_VERIFY_CRON } from './sources';
import { assertTypeChecks } from './typecheck';

const CODES = ['static-cron-route', 'force-static-cron-route'] as const;
const OPT_OUT = /^Opt out of static rendering \(export const dynamic = 'force-dynamic'\)$/;

/** A GET that reads neither the request nor a dynamic API: protected by the middleware only. */
const STATIC_GET = `import { NextResponse } from 'next/server';
import { purgeExpiredSessions } from '@/lib/sessions';

export async function GET() {
  const { count } = await purgeExpiredSessions();
  return NextResponse.json({ purged: count });
}
`;

function next(version: string, route: string, extra: Files = {}): Files {
  return routeApp(
    route,
    { 'lib/sessions.ts': LIB_SESSIONS, 'middleware.ts': cronMiddleware("['/api/cron/:path*']"), 'lib/cron.ts': LIB_VERIFY_CRON, ...extra },
    version,
  );
}

describe('static-cron-route: dynamic routes and versions that do not prerender', () => {
  const cases: [name: string, files: Files, todo?: string][] = [
    ['Next 15 does not prerender GET', next('15.0.0', STATIC_GET)],
    ['Next 16 does not prerender GET', next('^16.1.0', STATIC_GET)],
    [
      'Next version unknown (no next in package.json)',
      routeApp(STATIC_GET, { 'package.json': '{ "name": "app" }\n', 'lib/sessions.ts': LIB_SESSIONS }),
    ],
    [
      'Next 14, reads request.headers',
      next(
        '14.2.3',
        "export async function GET(request: Request) {\n  const region = request.headers.get('x-vercel-id');\n  return Response.json({ region });\n}\n",
      ),
    ],
    [
      'Next 14, reads req.nextUrl',
      next(
        '14.2.3',
        "import type { NextRequest } from 'next/server';\n\nexport async function GET(req: NextRequest) {\n  return Response.json({ dry: req.nextUrl.searchParams.has('dry') });\n}\n",
      ),
    ],
    [
      "Next 14, export const dynamic = 'force-dynamic'",
      next(
        '14.2.3',
        STATIC_GET.replace(
          "import { purgeExpiredSessions } from '@/lib/sessions';\n",
          "import { purgeExpiredSessions } from '@/lib/sessions';\n\nexport const dynamic = 'force-dynamic';\n",
        ),
      ),
    ],
    ['Next 14, export const revalidate = 0', next('14.2.3', STATIC_GET + '\nexport const revalidate = 0;\n')],
    ["Next 14, export const fetchCache = 'force-no-store'", next('14.2.3', STATIC_GET + "\nexport const fetchCache = 'force-no-store';\n")],
    [
      'Next 14, cookies()',
      next(
        '14.2.3',
        "import { cookies } from 'next/headers';\n\nexport async function GET() {\n  const debug = cookies().get('debug');\n  return Response.json({ debug: !!debug });\n}\n",
      ),
    ],
    [
      'Next 14, headers()',
      next(
        '14.2.3',
        "import { headers } from 'next/headers';\n\nexport async function GET() {\n  return Response.json({ id: headers().get('x-vercel-id') });\n}\n",
      ),
    ],
    [
      'Next 14, unstable_noStore()',
      next(
        '14.2.3',
        "import { unstable_noStore } from 'next/cache';\n\nexport async function GET() {\n  unstable_noStore();\n  return Response.json({ at: Date.now() });\n}\n",
      ),
    ],
    [
      'Next 14 Pages Router API routes are never prerendered',
      app(
        {
          'pages/api/cron/job.ts':
            'export default function handler(_req: unknown, res: { status(n: number): { end(): void } }) {\n  res.status(200).end();\n}\n',
        },
        '14.2.3',
      ),
    ],
    [
      'Next 14, the secret is checked in a lib/ helper that calls headers()',
      next(
        '14.2.3',
        "import { isCronRequest } from '@/lib/cron-headers';\n\nexport async function GET() {\n  if (!isCronRequest()) return new Response('Unauthorized', { status: 401 });\n  return Response.json({ ok: true });\n}\n",
        {
          'lib/cron-headers.ts':
            "import { headers } from 'next/headers';\n\nexport function isCronRequest(): boolean {\n  const secret = process.env.CRON_SECRET;\n  return !!secret && headers().get('authorization') === `Bearer ${secret}`;\n}\n",
        },
      )],
    [
      'Next 14, a wrapper reads the request: export const GET = withCronAuth(async () => …)',
      next(
        '14.2.3',
        "import { withCronAuth } from '@/lib/with-cron-auth';\n\nexport const GET = withCronAuth(async () => Response.json({ ok: true }));\n",
        {
          'lib/with-cron-auth.ts':
            "type Handler = (request: Request) => Promise<Response>;\n\nexport function withCronAuth(handler: () => Promise<Response>): Handler {\n  return async (request) => {\n    const secret = process.env.CRON_SECRET;\n    if (!secret || request.headers.get('authorization') !== `Bearer ${secret}`) return new Response(null, { status: 401 });\n    return handler();\n  };\n}\n",
        },
      )],
  ];
  for (const [name, files, todo] of cases) {
    it(name, todo ? { todo } : {}, () => {
      const file = Object.keys(files).find((f) => /^(app|pages)\/api\/cron\//.test(f))!;
      assert.deepEqual(rowsOf(CODES, files, file), []);
    });
  }
});

describe('static-cron-route: Next 13/14 prerenders the GET', () => {
  it('Next 14.2: warning on GET; the fix exports dynamic after the imports', () => {
    const files = next('14.2.3', STATIC_GET);
    assert.deepEqual(rowsOf(CODES, files), [['static-cron-route', 'warning', 'GET']]);
    assert.deepEqual(rowsOf(['missing-auth'], files), [], 'the middleware checks the secret');
    const finding = single('static-cron-route', files);
    assert.match(finding.message, /^On Next\.js 14 a GET that reads neither the request nor headers\/cookies is prerendered at build/);
    const fixed = fixOnce('static-cron-route', files, OPT_OUT);
    assert.equal(
      fixed,
      `import { NextResponse } from 'next/server';
import { purgeExpiredSessions } from '@/lib/sessions';

export const dynamic = 'force-dynamic';

export async function GET() {
  const { count } = await purgeExpiredSessions();
  return NextResponse.json({ purged: count });
}
`,
    );
    assert.deepEqual(rowsOf(CODES, { ...files, [ROUTE]: fixed }), []);
    assertTypeChecks({ [ROUTE]: fixed, 'lib/sessions.ts': LIB_SESSIONS });
  });

  it('Next ^13.5 in devDependencies, double quotes and no semicolons', () => {
    const route =
      'import { NextResponse } from "next/server"\n\nexport async function GET() {\n  return NextResponse.json({ ok: true })\n}\n';
    const files = next('0', route, { 'package.json': JSON.stringify({ devDependencies: { next: '^13.5.6' } }) });
    assert.match(single('static-cron-route', files).message, /^On Next\.js 13 /);
    const fixed = fixOnce('static-cron-route', files, OPT_OUT);
    assert.equal(
      fixed,
      'import { NextResponse } from "next/server"\n\nexport const dynamic = "force-dynamic"\n\nexport async function GET() {\n  return NextResponse.json({ ok: true })\n}\n',
    );
  });

  it('a file without imports gets the export at the top', () => {
    const route = 'export async function GET() {\n  return Response.json({ ok: true });\n}\n';
    const fixed = fixOnce('static-cron-route', next('14.0.4', route), OPT_OUT);
    assert.equal(fixed, `export const dynamic = 'force-dynamic';\n\n${route}`);
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it('the installed next (node_modules/next/package.json) when package.json has no version number', () => {
    const files = next('catalog:', STATIC_GET, { 'node_modules/next/package.json': '{ "name": "next", "version": "14.1.0" }' });
    assert.deepEqual(rowsOf(CODES, files), [['static-cron-route', 'warning', 'GET']]);
  });

  it('a GET without a request parameter and without a check: missing-auth too, and the auth fix makes it dynamic', () => {
    const route = 'let runs = 0;\n\nexport async function GET() {\n  runs += 1;\n  return Response.json({ runs });\n}\n';
    const files = routeApp(route, {}, '14.2.3');
    assert.deepEqual(
      rowsOf(['static-cron-route', 'missing-auth'], files)
        .map(([code]) => code)
        .sort(),
      ['missing-auth', 'static-cron-route'],
    );
    const authFixed = applyFix(route, fixTitled(single('missing-auth', files), /Add CRON_SECRET check/));
    assert.deepEqual(rowsOf(CODES, { ...files, [ROUTE]: authFixed }), [], 'reading the Authorization header makes the GET dynamic');
  });
});

describe('force-static-cron-route', () => {
  const cases: [name: string, config: string, flagged: string, title: RegExp][] = [
    ["dynamic = 'force-static'", "export const dynamic = 'force-static';", 'dynamic', /^Remove the dynamic export$/],
    ['revalidate = 3600', 'export const revalidate = 3600;', 'revalidate', /^Remove the revalidate export$/],
    ['revalidate = false (cache forever)', 'export const revalidate = false;', 'revalidate', /^Remove the revalidate export$/],
  ];
  for (const version of ['14.2.3', '16.0.3']) {
    for (const [name, config, text, title] of cases) {
      it(`Next ${version}: ${name} is an error; removing the export fixes it`, () => {
        const route = `import { verifyCron } from '@/lib/cron';\n\n${config}\n\nexport async function GET(request: Request) {\n  if (!verifyCron(request)) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n`;
        const files = next(version, route);
        assert.deepEqual(
          rowsOf(CODES, files),
          [['force-static-cron-route', 'error', text]],
          'force-static only, not also static-cron-route',
        );
        assert.match(single('force-static-cron-route', files).message, /the job never runs/);
        const fixed = fixOnce('force-static-cron-route', files, title);
        assert.equal(fixed, route.replace(`${config}\n`, ''));
        assertTypeChecks({ [ROUTE]: fixed, 'lib/cron.ts': LIB_VERIFY_CRON });
      });
    }
  }

  it('both exports: two errors, each with its own removal', () => {
    const route =
      "export const dynamic = 'force-static';\nexport const revalidate = 86400;\n\nexport async function GET(request: Request) {\n  return Response.json({ ok: !!request.headers.get('authorization') });\n}\n";
    const files = next('16.0.3', route);
    assert.deepEqual(rowsOf(CODES, files), [
      ['force-static-cron-route', 'error', 'dynamic'],
      ['force-static-cron-route', 'error', 'revalidate'],
    ]);
  });

  it("revalidate = 0 and dynamic = 'error'/'auto' are not caching", () => {
    for (const config of ['export const revalidate = 0;', "export const dynamic = 'auto';", "export const dynamic = 'force-dynamic';"]) {
      assert.deepEqual(
        rowsOf(
          CODES,
          next('16.0.3', `${config}\n\nexport async function GET(request: Request) {\n  return Response.json({ ok: !!request.url });\n}\n`),
        ),
        [],
        config,
      );
    }
  });

  it('not for a POST-only route (that is route-missing-get)', () => {
    const files = next(
      '16.0.3',
      "export const dynamic = 'force-static';\n\nexport async function POST() {\n  return Response.json({ ok: true });\n}\n",
    );
    assert.deepEqual(rowsOf(CODES, files), []);
  });

  it('off by the rules setting', () => {
    const files = next(
      '16.0.3',
      "export const dynamic = 'force-static';\n\nexport async function GET() {\n  return Response.json({ ok: true });\n}\n",
    );
    assert.deepEqual(rowsOf(CODES, files, ROUTE, { rules: { 'force-static-cron-route': 'off' } }), []);
  });
});

// ─── Next ≥ 16 with cacheComponents: a GET that touches nothing uncached is prerendered ─────────

const CACHE_COMPONENTS = "import type { NextConfig } from 'next';\n\nconst nextConfig: NextConfig = {\n  cacheComponents: true,\n};\n\nexport default nextConfig;\n";
const CONNECTION = /^Render at request time \(await connection\(\)\)$/;

/** A keep-warm ping: it logs and answers, reading nothing. The proxy checks the secret. */
const PING = `import { NextResponse } from 'next/server';

export async function GET() {
  console.log('keep-warm ping');
  return NextResponse.json({ ok: true, region: process.env.VERCEL_REGION ?? 'local' });
}
`;

function cached(route: string, extra: Files = {}, version = '^16.1.0'): Files {
  return routeApp(route, { 'next.config.ts': CACHE_COMPONENTS, 'proxy.ts': cronMiddleware("['/api/cron/:path*']", 'proxy'), 'lib/sessions.ts': LIB_SESSIONS, 'lib/cron.ts': LIB_VERIFY_CRON, ...extra }, version);
}

describe('static-cron-route with cacheComponents: dynamic, or cannot tell', () => {
  const cases: [name: string, files: Files][] = [
    ['cacheComponents off on Next 16', routeApp(PING, { 'proxy.ts': cronMiddleware("['/api/cron/:path*']", 'proxy') }, '^16.1.0')],
    ['cacheComponents on, but Next 15', cached(PING, {}, '15.3.2')],
    [
      'a fail-closed CRON_SECRET check reads the request headers',
      cached(
        "import { verifyCron } from '@/lib/cron';\n\nexport async function GET(request: Request) {\n  if (!verifyCron(request)) return new Response('Unauthorized', { status: 401 });\n  console.log('ping');\n  return Response.json({ ok: true });\n}\n",
      ),
    ],
    ['await headers()', cached("import { headers } from 'next/headers';\n\nexport async function GET() {\n  const id = (await headers()).get('x-vercel-id');\n  return Response.json({ id });\n}\n")],
    ['await cookies()', cached("import { cookies } from 'next/headers';\n\nexport async function GET() {\n  const jar = await cookies();\n  return Response.json({ debug: jar.has('debug') });\n}\n")],
    ['await connection() already', cached("import { connection } from 'next/server';\n\nexport async function GET() {\n  await connection();\n  return Response.json({ ok: true });\n}\n")],
    ['the job is a helper (it may query a database)', cached(STATIC_GET)],
    ["fetch (a network request stops prerendering)", cached("export async function GET() {\n  const response = await fetch('https://example.com/api/rebuild', { method: 'POST' });\n  return Response.json({ status: response.status });\n}\n")],
    ['Math.random() (non-deterministic)', cached('export async function GET() {\n  return Response.json({ sample: Math.random() });\n}\n')],
    ['new Date() (the clock)', cached('export async function GET() {\n  return Response.json({ at: new Date().toISOString() });\n}\n')],
    ['await of a promise made elsewhere', cached("import { ready } from '@/lib/ready';\n\nexport async function GET() {\n  await ready;\n  return Response.json({ ok: true });\n}\n", { 'lib/ready.ts': 'export const ready: Promise<void> = Promise.resolve();\n' })],
    ['a wrapper', cached("import { withCronAuth } from '@/lib/with-cron-auth';\n\nexport const GET = withCronAuth(async () => Response.json({ ok: true }));\n", { 'lib/with-cron-auth.ts': "type Handler = (request: Request) => Promise<Response>;\n\nexport function withCronAuth(handler: () => Promise<Response>): Handler {\n  return async () => handler();\n}\n" })],
    ['searchParams of the request', cached("import type { NextRequest } from 'next/server';\n\nexport async function GET(req: NextRequest) {\n  return Response.json({ dry: req.nextUrl.searchParams.has('dry') });\n}\n")],
  ];
  for (const [name, files] of cases) it(name, () => assert.deepEqual(rowsOf(CODES, files), []));
});

describe('static-cron-route with cacheComponents: prerendered; the fix awaits connection()', () => {
  it('warning on GET; connection joins the next/server import and is awaited first', () => {
    const files = cached(PING);
    assert.deepEqual(rowsOf(CODES, files), [['static-cron-route', 'warning', 'GET']]);
    assert.deepEqual(rowsOf(['missing-auth'], files), [], 'the proxy checks the secret');
    const finding = single('static-cron-route', files);
    assert.match(finding.message, /^With cacheComponents on in next\.config\.ts, Next\.js 16 prerenders a GET that reads no request data/);
    assert.doesNotMatch(finding.fixes.map((f) => f.title).join('\n'), /force-dynamic/, 'cacheComponents refuses dynamic');
    const fixed = fixOnce('static-cron-route', files, CONNECTION);
    assert.equal(
      fixed,
      `import { NextResponse, connection } from 'next/server';

export async function GET() {
  await connection();
  console.log('keep-warm ping');
  return NextResponse.json({ ok: true, region: process.env.VERCEL_REGION ?? 'local' });
}
`,
    );
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it('a synchronous handler with a declared Response becomes async, returning Promise<Response>', () => {
    const route = "export function GET(): Response {\n  return Response.json({ ok: true });\n}\n";
    const fixed = fixOnce('static-cron-route', cached(route), CONNECTION);
    assert.equal(fixed, "import { connection } from 'next/server';\n\nexport async function GET(): Promise<Response> {\n  await connection();\n  return Response.json({ ok: true });\n}\n");
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it('an arrow with an expression body gets a block that returns it', () => {
    const route = "import { NextResponse } from 'next/server';\n\nexport const GET = () => NextResponse.json({ ok: true });\n";
    const fixed = fixOnce('static-cron-route', cached(route), CONNECTION);
    assert.equal(
      fixed,
      "import { NextResponse, connection } from 'next/server';\n\nexport const GET = async () => {\n  await connection();\n  return NextResponse.json({ ok: true });\n};\n",
    );
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it('double quotes, no semicolons, tabs; a type-only next/server import gets a value import beside it', () => {
    const route = 'import type { NextRequest } from "next/server"\n\nexport async function GET(_request: NextRequest) {\n\tconsole.info("tick")\n\treturn Response.json({ ok: true })\n}\n';
    const fixed = fixOnce('static-cron-route', cached(route), CONNECTION);
    assert.equal(
      fixed,
      'import type { NextRequest } from "next/server"\nimport { connection } from "next/server"\n\nexport async function GET(_request: NextRequest) {\n\tawait connection()\n\tconsole.info("tick")\n\treturn Response.json({ ok: true })\n}\n',
    );
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it("a refused dynamic = 'force-dynamic' does not keep it dynamic: both problems, and fixing both settles", () => {
    const route = PING.replace("import { NextResponse } from 'next/server';\n", "import { NextResponse } from 'next/server';\n\nexport const dynamic = 'force-dynamic';\n");
    const files = cached(route);
    assert.deepEqual(rowsOf([...CODES, 'segment-config-with-cache-components'], files), [
      ['segment-config-with-cache-components', 'error', 'dynamic'],
      ['static-cron-route', 'warning', 'GET'],
    ]);
    const withoutExport = fixOnce('segment-config-with-cache-components', files, /^Remove the dynamic export$/);
    assert.equal(withoutExport, PING);
    const fixed = fixOnce('static-cron-route', { ...files, [ROUTE]: withoutExport }, CONNECTION);
    assert.deepEqual(rowsOf([...CODES, 'segment-config-with-cache-components'], { ...files, [ROUTE]: fixed }), []);
  });

  it("dynamic = 'force-static' is the build error there, not force-static-cron-route", () => {
    const route = "export const dynamic = 'force-static';\n\nexport async function GET(request: Request) {\n  return Response.json({ ok: !!request.headers.get('authorization') });\n}\n";
    assert.deepEqual(rowsOf([...CODES, 'segment-config-with-cache-components'], cached(route)), [['segment-config-with-cache-components', 'error', 'dynamic']]);
  });
});
