import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { app, type Files, ROUTE, routeApp, rowsOf, single, vercelJson } from './harness';
import { cronMiddleware, LIB_VERIFY_CRON, loginMiddleware } from './sources';

const CODE = ['middleware-redirects-cron'] as const;

/** A protected cron route: only the middleware is in question. */
const ROUTE_OK = `import { verifyCron } from '@/lib/cron';

export async function GET(request: Request) {
  if (!verifyCron(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`;

function withMiddleware(middleware: string, file = 'middleware.ts', extra: Files = {}): Files {
  return routeApp(ROUTE_OK, { [file]: middleware, 'lib/cron.ts': LIB_VERIFY_CRON, ...extra });
}

describe('middleware-redirects-cron: middlewares that leave the cron path alone', () => {
  const cases: [name: string, files: Files, todo?: string][] = [
    ['the next-auth docs matcher excludes /api', withMiddleware(loginMiddleware("['/((?!api|_next/static|_next/image|favicon.ico).*)']"))],
    ['a matcher for /dashboard/:path+ only', withMiddleware(loginMiddleware("['/dashboard/:path+']"))],
    ['a matcher that excludes exactly /api/cron', withMiddleware(loginMiddleware("['/((?!api/cron).*)']"))],
    ['a middleware covering the cron path that never redirects', withMiddleware(cronMiddleware("['/api/cron/:path*']"))],
    [
      'an unreadable matcher: cannot tell, so no warning',
      withMiddleware(loginMiddleware('MATCHER') + "\nconst MATCHER = ['/dashboard/:path*'];\n"),
    ],
    ['no middleware at all', routeApp(ROUTE_OK, { 'lib/cron.ts': LIB_VERIFY_CRON })],
    [
      'a custom-pattern parameter that excludes /api: /:path((?!api).*)',
      withMiddleware(loginMiddleware("['/:path((?!api).*)']"))],
    [
      'a middleware that lets cron requests through with the secret before redirecting others',
      withMiddleware(`import { NextResponse, type NextRequest } from 'next/server';
import { verifyCron } from '@/lib/cron';

export function middleware(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith('/api/cron/')) {
    return verifyCron(request) ? NextResponse.next() : NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
  if (!request.cookies.has('session')) return NextResponse.redirect(new URL('/login', request.url));
  return NextResponse.next();
}
`)],
  ];
  for (const [name, files, todo] of cases) {
    it(name, todo ? { todo } : {}, () => assert.deepEqual(rowsOf(CODE, files), []));
  }
});

describe('middleware-redirects-cron: a redirect can answer the cron request', () => {
  it('a login middleware without a matcher runs everywhere: warning on GET', () => {
    const files = withMiddleware(loginMiddleware(undefined));
    assert.deepEqual(rowsOf(CODE, files), [['middleware-redirects-cron', 'warning', 'GET']]);
    const finding = single('middleware-redirects-cron', files);
    assert.match(
      finding.message,
      /^middleware\.ts runs for \/api\/cron\/job and can answer with a redirect .*Vercel Cron does not follow redirects/,
    );
    assert.deepEqual(finding.fixes, []);
  });

  it("the matcher lists /api/:path* (the app's API is behind a login)", () => {
    assert.deepEqual(rowsOf(CODE, withMiddleware(loginMiddleware("['/dashboard/:path*', '/api/:path*']"))), [
      ['middleware-redirects-cron', 'warning', 'GET'],
    ]);
  });

  it('proxy.ts (Next 16) and src/middleware.ts are found too', () => {
    const proxy = loginMiddleware("['/api/:path*']").replace('export function middleware', 'export function proxy');
    assert.match(single('middleware-redirects-cron', withMiddleware(proxy, 'proxy.ts'), ROUTE).message, /^proxy\.ts runs for/);
    const src: Files = {
      'vercel.json': vercelJson(),
      'package.json': '{ "dependencies": { "next": "15.3.2" } }\n',
      'src/app/api/cron/job/route.ts': ROUTE_OK.replace('@/lib/cron', '@/lib/cron'),
      'src/lib/cron.ts': LIB_VERIFY_CRON,
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }\n',
      'src/middleware.ts': loginMiddleware(undefined),
    };
    assert.deepEqual(rowsOf(CODE, src, 'src/app/api/cron/job/route.ts'), [['middleware-redirects-cron', 'warning', 'GET']]);
  });

  it('the path vercel.json sends is what counts (a dynamic route, one matching path)', () => {
    const files = app({
      'vercel.json': vercelJson('/api/cron/daily-digest'),
      'app/api/cron/[job]/route.ts': ROUTE_OK,
      'lib/cron.ts': LIB_VERIFY_CRON,
      'middleware.ts': loginMiddleware("['/api/cron/:job']"),
    });
    assert.match(single('middleware-redirects-cron', files, 'app/api/cron/[job]/route.ts').message, /runs for \/api\/cron\/daily-digest/);
  });

  it('NextResponse.redirect and redirect() from next/navigation both count', () => {
    const navigation =
      "import { redirect } from 'next/navigation';\nimport type { NextRequest } from 'next/server';\n\nexport function middleware(request: NextRequest) {\n  if (!request.cookies.has('session')) redirect('/login');\n}\n";
    assert.deepEqual(rowsOf(CODE, withMiddleware(navigation)), [['middleware-redirects-cron', 'warning', 'GET']]);
  });

  it('off by the rules setting; severity raised by it', () => {
    const files = withMiddleware(loginMiddleware(undefined));
    assert.deepEqual(rowsOf(CODE, files, ROUTE, { rules: { 'middleware-redirects-cron': 'off' } }), []);
    assert.deepEqual(rowsOf(CODE, files, ROUTE, { rules: { 'middleware-redirects-cron': 'error' } }), [
      ['middleware-redirects-cron', 'error', 'GET'],
    ]);
  });
});
