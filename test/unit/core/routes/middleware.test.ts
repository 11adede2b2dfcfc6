/**
 * middleware.ts / proxy.ts facts: which paths a matcher covers (checked against Next.js's own
 * path-to-regexp compilation as the oracle), whether it checks the secret, whether it redirects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tryToParsePath } from 'next/dist/lib/try-to-parse-path';
import { matcherRegExp, middlewareCovers, middlewareFacts, type MiddlewareFacts } from '../../../../src/core/routes/middleware';
import { app, type Files, projectOf, TSCONFIG_SRC_ALIAS } from '../../support/ruleHarness';
import { cronMiddleware, LIB_VERIFY_CRON, loginMiddleware } from './sources';

const PATHS = [
  '/api/cron/job',
  '/api/cron/sync-users',
  '/api/cron',
  '/api',
  '/api/v1/cron',
  '/apis',
  '/dashboard',
  '/dashboard/settings',
  '/',
  '/en/dashboard',
  '/favicon.ico',
  '/_next/static/chunk.js',
  '/api/cron.json',
];

/** Whether Next.js's own matcher compilation (without its data-route prefix and suffix) matches. */
function nextMatches(matcher: string, path: string): boolean {
  const parsed = tryToParsePath(matcher);
  assert.ok(parsed.regexStr, `Next.js cannot parse ${matcher}: ${String(parsed.error)}`);
  return new RegExp(parsed.regexStr).test(path);
}

describe('matcherRegExp: real matcher strings, compared with Next.js', () => {
  const matchers: [matcher: string, covers: string[], todo?: string][] = [
    ['/api/:path*', ['/api/cron/job', '/api/cron/sync-users', '/api/cron', '/api', '/api/v1/cron', '/api/cron.json']],
    ['/api/cron/:path*', ['/api/cron/job', '/api/cron/sync-users', '/api/cron']],
    ['/api/cron/:job', ['/api/cron/job', '/api/cron/sync-users']],
    ['/api/cron/:job?', ['/api/cron/job', '/api/cron/sync-users', '/api/cron']],
    ['/api/cron', ['/api/cron']],
    ['/dashboard/:path+', ['/dashboard/settings']],
    ['/dashboard/:path*', ['/dashboard', '/dashboard/settings']],
    ['/:locale/dashboard', ['/en/dashboard']],
    ['/((?!api|_next/static|_next/image|favicon.ico).*)', ['/dashboard', '/dashboard/settings', '/', '/en/dashboard']],
    [
      '/((?!api/cron).*)',
      [
        '/api',
        '/api/v1/cron',
        '/apis',
        '/dashboard',
        '/dashboard/settings',
        '/',
        '/en/dashboard',
        '/favicon.ico',
        '/_next/static/chunk.js',
      ],
    ],
    ['/(api|trpc)(.*)', ['/api/cron/job', '/api/cron/sync-users', '/api/cron', '/api', '/api/v1/cron', '/apis', '/api/cron.json']],
    [
      // Clerk's documented matcher: everything but Next internals and static files.
      '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
      [
        '/api/cron/job',
        '/api/cron/sync-users',
        '/api/cron',
        '/api',
        '/api/v1/cron',
        '/apis',
        '/dashboard',
        '/dashboard/settings',
        '/',
        '/en/dashboard',
        '/api/cron.json',
      ],
    ],
    ['/:path*', PATHS],
    ['/', ['/']],
    [
      '/:path((?!api).*)',
      ['/dashboard', '/dashboard/settings', '/', '/en/dashboard', '/favicon.ico', '/_next/static/chunk.js']],
    [
      '/api/:version(v1|v2)/cron',
      ['/api/v1/cron']],
  ];
  for (const [matcher, covers, todo] of matchers) {
    it(matcher, todo ? { todo } : {}, () => {
      const regexp = matcherRegExp(matcher);
      assert.ok(regexp, 'compiles');
      assert.deepEqual(
        PATHS.filter((p) => regexp.test(p)),
        covers,
      );
      // The oracle: Next.js's own compilation agrees on every path.
      assert.deepEqual(
        PATHS.filter((p) => regexp.test(p)),
        PATHS.filter((p) => nextMatches(matcher, p)),
      );
    });
  }

  it('a matcher that is not a valid regular expression gives undefined, not a throw', () => {
    assert.equal(matcherRegExp('/api/((?!cron'), undefined);
  });
});

describe('middlewareCovers', () => {
  const facts = (matchers: string[] | undefined, unreadableMatcher = false): MiddlewareFacts => ({
    file: 'middleware.ts',
    matchers,
    conditionalMatchers: [],
    unreadableMatcher,
    redirects: false,
    checksSecret: true,
    redirectFor: () => ({ reaches: undefined, why: 'not-reached' }),
  });

  it('no matcher: every path', () => {
    assert.equal(middlewareCovers(facts(undefined), '/api/cron/job'), true);
  });

  it('one of several matchers is enough', () => {
    assert.equal(middlewareCovers(facts(['/dashboard/:path*', '/api/cron/:path*']), '/api/cron/job'), true);
    assert.equal(middlewareCovers(facts(['/dashboard/:path*', '/account']), '/api/cron/job'), false);
  });

  it('an unreadable matcher makes "does not cover" unknown, never false', () => {
    assert.equal(middlewareCovers(facts(['/dashboard/:path*'], true), '/api/cron/job'), 'unknown');
    assert.equal(middlewareCovers(facts(['/api/((?!cron'], false), '/api/cron/job'), 'unknown');
    assert.equal(middlewareCovers(facts(['/api/:path*'], true), '/api/cron/job'), true, 'a readable matcher that covers still counts');
  });
});

describe('middlewareFacts', () => {
  function factsOf(files: Files): MiddlewareFacts[] {
    return middlewareFacts(projectOf(app(files)));
  }

  it('reads string, array and { source } matchers', () => {
    assert.deepEqual(factsOf({ 'middleware.ts': cronMiddleware("'/api/cron/:path*'"), 'lib/cron.ts': LIB_VERIFY_CRON })[0]!.matchers, [
      '/api/cron/:path*',
    ]);
    assert.deepEqual(
      factsOf({ 'middleware.ts': cronMiddleware("['/api/cron/:path*', '/admin/:path*']"), 'lib/cron.ts': LIB_VERIFY_CRON })[0]!.matchers,
      ['/api/cron/:path*', '/admin/:path*'],
    );
    const withSource = cronMiddleware("[{ source: '/api/cron/:path*', missing: [{ type: 'header', key: 'next-action' }] }]");
    assert.deepEqual(factsOf({ 'middleware.ts': withSource, 'lib/cron.ts': LIB_VERIFY_CRON })[0]!.matchers, ['/api/cron/:path*']);
  });

  it("has/missing: a cookie the cron request lacks drops the matcher, router headers keep it, other headers make it conditional", () => {
    const facts = factsOf({
      'middleware.ts': loginMiddleware(
        `[
    { source: '/api/:path*', has: [{ type: 'cookie', key: 'session' }] },
    { source: '/dashboard/:path*', missing: [{ type: 'header', key: 'next-router-prefetch' }, { type: 'header', key: 'purpose', value: 'prefetch' }] },
    { source: '/api/cron/:path*', missing: [{ type: 'header', key: 'authorization' }] },
    { source: '/account/:path*', missing: [{ type: 'cookie', key: 'session' }] },
  ] as const`,
      ),
    })[0]!;
    assert.deepEqual(facts.matchers, ['/dashboard/:path*', '/account/:path*']);
    assert.deepEqual(facts.conditionalMatchers, ['/api/cron/:path*']);
    assert.equal(middlewareCovers(facts, '/api/cron/job'), 'unknown');
    assert.equal(middlewareCovers(facts, '/api/other'), false);
  });

  it('no config: matchers undefined (every path); a computed matcher: unreadable', () => {
    const none = factsOf({ 'middleware.ts': loginMiddleware(undefined) })[0]!;
    assert.equal(none.matchers, undefined);
    assert.equal(none.unreadableMatcher, false);
    const computed = factsOf({
      'middleware.ts': loginMiddleware('PROTECTED.map((p) => `${p}/:path*`)') + "\nconst PROTECTED = ['/dashboard'];\n",
    })[0]!;
    assert.equal(computed.unreadableMatcher, true);
  });

  it('checksSecret through a helper of lib/; redirects when it can answer with a redirect', () => {
    const cron = factsOf({ 'middleware.ts': cronMiddleware("['/api/cron/:path*']"), 'lib/cron.ts': LIB_VERIFY_CRON })[0]!;
    assert.deepEqual([cron.checksSecret, cron.redirects], [true, false]);
    const login = factsOf({ 'middleware.ts': loginMiddleware("['/dashboard/:path*']") })[0]!;
    assert.deepEqual([login.checksSecret, login.redirects], [false, true]);
  });

  it('proxy.ts (Next 16), default exports and the src/ folder are found', () => {
    const proxy = factsOf({ 'proxy.ts': cronMiddleware("'/api/cron/:path*'", 'proxy'), 'lib/cron.ts': LIB_VERIFY_CRON });
    assert.deepEqual(
      proxy.map((f) => [f.file, f.checksSecret]),
      [['proxy.ts', true]],
    );
    const defaultExport = factsOf({
      'middleware.ts':
        "import { NextResponse } from 'next/server';\n\nexport default function (request: Request) {\n  const secret = process.env.CRON_SECRET;\n  if (!secret || request.headers.get('authorization') !== `Bearer ${secret}`) return new NextResponse(null, { status: 401 });\n}\n\nexport const config = { matcher: '/api/cron/:path*' };\n",
    });
    assert.equal(defaultExport[0]!.checksSecret, true);
    const src = middlewareFacts(
      projectOf({
        ...app({}),
        'tsconfig.json': TSCONFIG_SRC_ALIAS,
        'src/middleware.ts': cronMiddleware("['/api/cron/:path*']"),
        'src/lib/cron.ts': LIB_VERIFY_CRON,
      }),
    );
    assert.deepEqual(
      src.map((f) => [f.file, f.checksSecret]),
      [['src/middleware.ts', true]],
    );
  });

  it('a wrapped middleware (export default withAuth(…)) is analysed through the wrapped function', () => {
    const facts = factsOf({
      'middleware.ts':
        "import { withAuth } from 'next-auth/middleware';\n\nexport default withAuth(function middleware(req) {\n  if (req.nextUrl.pathname.startsWith('/admin') && req.nextauth.token?.role !== 'admin') return Response.redirect(new URL('/', req.url));\n});\n\nexport const config = { matcher: ['/admin/:path*'] };\n",
    })[0]!;
    assert.deepEqual([facts.checksSecret, facts.redirects, facts.matchers], [false, true, ['/admin/:path*']]);
  });
});

describe('redirectFor: reached, not reached, cannot tell', () => {
  const answer = (middleware: string) => middlewareFacts(projectOf(app({ 'middleware.ts': middleware })))[0]!.redirectFor('/api/cron/job');
  const body = (guard: string, imports = '') =>
    `import { NextResponse, type NextRequest } from 'next/server';\n${imports}\nexport function middleware(request: NextRequest) {\n${guard}\n  if (!request.cookies.has('session')) return NextResponse.redirect(new URL('/login', request.url));\n}\n`;

  it('a redirect the cron request reaches: its line, code and the condition it meets', () => {
    const { reaches } = answer(body(''));
    assert.ok(reaches);
    assert.deepEqual([reaches.line, reaches.code, reaches.conditions, reaches.readsSession, reaches.nextAuth], [
      5,
      "NextResponse.redirect(new URL('/login', request.url))",
      ["!request.cookies.has('session')"],
      true,
      false,
    ]);
  });

  it('an early return for the path: not reached', () => {
    assert.deepEqual(answer(body("  if (request.nextUrl.pathname.startsWith('/api/cron/')) return NextResponse.next();")), { reaches: undefined, why: 'not-reached' });
  });

  it('an early return behind a helper of another file: cannot tell', () => {
    assert.deepEqual(answer(body('  if (isPublic(request.nextUrl.pathname)) return NextResponse.next();', "import { isPublic } from '@/lib/public';")), {
      reaches: undefined,
      why: 'cannot-tell',
    });
  });

  it('a middleware the analysis cannot find the entry of: cannot tell', () => {
    assert.deepEqual(answer("export { middleware } from '@/lib/middleware';\n// NextResponse.redirect(…)\n"), { reaches: undefined, why: 'cannot-tell' });
  });

  it('no redirect text at all: not reached, without running the analysis', () => {
    assert.deepEqual(answer(cronMiddleware("['/api/cron/:path*']")), { reaches: undefined, why: 'not-reached' });
  });
});
