import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { app, type Files, ROUTE, routeApp, rowsOf, single, vercelJson } from '../../support/ruleHarness';
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
    assert.equal(
      finding.message,
      "middleware.ts runs for /api/cron/job (it has no matcher, so it runs for every path) and answers it with a redirect at line 5: `NextResponse.redirect(new URL('/login', request.url))`. " +
        "Nothing before that line returns early for /api/cron/job, and its condition `!request.cookies.has('session')` holds or can hold for Vercel's cron request, which sends no cookies and no session (only the Authorization header). " +
        'Vercel Cron does not follow redirects: the run "succeeds" with a 3xx and the job never executes. Exclude /api/cron/job from the matcher, or return NextResponse.next() for it before line 5.',
    );
    assert.deepEqual(finding.fixes, []);
    // The redirect itself is linked from the finding.
    const middleware = files['middleware.ts']!;
    assert.deepEqual(
      finding.related?.map((r) => [r.file, middleware.slice(r.span.start, r.span.end), r.message]),
      [['middleware.ts', "NextResponse.redirect(new URL('/login', request.url))", "Vercel's cron request for /api/cron/job reaches this redirect"]],
    );
  });

  it("the matcher lists /api/:path* (the app's API is behind a login)", () => {
    assert.deepEqual(rowsOf(CODE, withMiddleware(loginMiddleware("['/dashboard/:path*', '/api/:path*']"))), [
      ['middleware-redirects-cron', 'warning', 'GET'],
    ]);
  });

  it('proxy.ts (Next 16) and src/middleware.ts are found too', () => {
    const proxy = loginMiddleware("['/api/:path*']").replace('export function middleware', 'export function proxy');
    assert.match(single('middleware-redirects-cron', withMiddleware(proxy, 'proxy.ts'), ROUTE).message, /^proxy\.ts runs for \/api\/cron\/job \(its matcher '\/api\/:path\*' covers it\)/);
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

/** A middleware.ts: the given imports, a body over `request` (NextRequest), then an optional config. */
function mw(body: string, options: { imports?: string; matcher?: string; top?: string } = {}): string {
  return `import { NextResponse, type NextRequest } from 'next/server';
${options.imports ?? ''}
${options.top ?? ''}
export async function middleware(request: NextRequest) {
  const { pathname } = request.nextUrl;
${body}
  return NextResponse.next();
}
${options.matcher === undefined ? '' : `\nexport const config = {\n  matcher: ${options.matcher},\n};\n`}`;
}

const SESSION_REDIRECT = `  const session = request.cookies.get('session')?.value;
  if (!session) return NextResponse.redirect(new URL('/login', request.url));`;

const CLERK_IMPORT = "import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server';";
const CLERK_MATCHER = "['/((?!_next|[^?]*\\\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)', '/(api|trpc)(.*)']";

describe('middleware-redirects-cron: shapes where the cron path cannot reach the redirect (#15)', () => {
  const cases: [name: string, middleware: string][] = [
    [
      'a public-path prefix list that holds /api/cron',
      mw(`  const publicPaths = ['/api/cron', '/login'];
  if (publicPaths.some((p) => pathname.startsWith(p))) return NextResponse.next();
${SESSION_REDIRECT}`),
    ],
    ['a module-level public list, includes() on the first segment', mw(`  if (PUBLIC.includes('/' + pathname.split('/')[1])) return NextResponse.next();\n${SESSION_REDIRECT}`, { top: "const PUBLIC = ['/api', '/login'];\n" })],
    ["pathname.startsWith('/api') returns early", mw(`  if (pathname.startsWith('/api')) return;\n${SESSION_REDIRECT}`)],
    ['a regex test of the path returns early', mw(`  if (/^\\/api\\/cron/.test(pathname)) return NextResponse.next();\n${SESSION_REDIRECT}`)],
    ['new RegExp over the path returns early', mw(`  if (new RegExp('^/api/(cron|webhooks)/').test(pathname)) return NextResponse.next();\n${SESSION_REDIRECT}`)],
    ['the exact cron path returns NextResponse.next()', mw(`  if (pathname === '/api/cron/job') {\n    return NextResponse.next();\n  }\n${SESSION_REDIRECT}`)],
    ['request.url.includes the cron prefix', mw(`  if (request.url.includes('/api/cron/')) return NextResponse.next();\n${SESSION_REDIRECT}`)],
    [
      'a loop over public prefixes',
      mw(`  for (const prefix of ['/api/cron', '/login']) {\n    if (pathname.startsWith(prefix)) return NextResponse.next();\n  }\n${SESSION_REDIRECT}`),
    ],
    [
      'a local isPublic helper with a flag set in a loop',
      mw(SESSION_REDIRECT.replace('if (!session)', 'if (!session && !isPublic(pathname))'), {
        top: `const PUBLIC_PREFIXES = ['/login', '/api/'];

function isPublic(path: string): boolean {
  let allowed = false;
  for (const prefix of PUBLIC_PREFIXES) {
    if (path.startsWith(prefix)) {
      allowed = true;
      break;
    }
  }
  return allowed;
}
`,
      }),
    ],
    [
      'the redirect sits in a branch only /dashboard reaches',
      mw(`  const session = request.cookies.get('session')?.value;
  if (pathname.startsWith('/dashboard') && !session) {
    return NextResponse.redirect(new URL('/login', request.url));
  }`),
    ],
    [
      'signed-in visitors of /login go to /dashboard (the cron request is never signed in)',
      mw(`  const session = request.cookies.get('session')?.value;
  if (session) return NextResponse.redirect(new URL('/dashboard', request.url));`),
    ],
    [
      'a switch on the first segment',
      mw(`  switch (pathname.split('/')[1]) {
    case 'api':
      return NextResponse.next();
    case 'dashboard':
      break;
  }
${SESSION_REDIRECT}`),
    ],
    [
      "Clerk: createRouteMatcher(['/api/cron(.*)']) makes it public, redirectToSignIn for the rest",
      `${CLERK_IMPORT}

const isPublicRoute = createRouteMatcher(['/sign-in(.*)', '/api/cron(.*)']);

export default clerkMiddleware(async (auth, req) => {
  const { userId, redirectToSignIn } = await auth();
  if (!userId && !isPublicRoute(req)) return redirectToSignIn();
});

export const config = { matcher: ${CLERK_MATCHER} };
`,
    ],
    [
      "Clerk: auth.protect() for a non-public cron path (a 404 for API requests, a redirect for pages: cannot tell)",
      `${CLERK_IMPORT}

const isPublicRoute = createRouteMatcher(['/sign-in(.*)']);

export default clerkMiddleware(async (auth, req) => {
  if (!isPublicRoute(req)) await auth.protect();
});

export const config = { matcher: ${CLERK_MATCHER} };
`,
    ],
    [
      'Clerk: protect() first, a redirect after it the cron request never gets to',
      `${CLERK_IMPORT}
import { NextResponse } from 'next/server';

export default clerkMiddleware(async (auth, req) => {
  await auth.protect();
  if (req.nextUrl.pathname === '/') return NextResponse.redirect(new URL('/home', req.url));
});
`,
    ],
    [
      "next-auth's withAuth whose authorized callback lets /api/cron through",
      `import { withAuth } from 'next-auth/middleware';

export default withAuth({
  callbacks: {
    authorized: ({ req, token }) => req.nextUrl.pathname.startsWith('/api/cron') || !!token,
  },
});
`,
    ],
    [
      "next-auth v5's auth() wrapper returning early for /api",
      `import { auth } from '@/auth';

export default auth((req) => {
  if (req.nextUrl.pathname.startsWith('/api')) return;
  if (!req.auth) return Response.redirect(new URL('/login', req.nextUrl));
});
`,
    ],
    [
      'a matcher whose has-condition needs a cookie the cron request does not send',
      mw(SESSION_REDIRECT, { matcher: "[{ source: '/api/:path*', has: [{ type: 'cookie', key: 'session' }] }]" }),
    ],
    ['config.matcher array listing other paths only', mw(SESSION_REDIRECT, { matcher: "['/dashboard/:path*', '/account/:path*', '/api/admin/:path*']" })],
  ];
  for (const [name, middleware] of cases) {
    it(name, () => assert.deepEqual(rowsOf(CODE, withMiddleware(middleware)), []));
  }
});

describe('middleware-redirects-cron: shapes the analysis cannot tell, so nothing is said', () => {
  const cases: [name: string, middleware: string][] = [
    [
      'the cron request is let through when it carries the secret (whether it does is not known here)',
      mw(`  const isCron = request.headers.get('authorization') === \`Bearer \${process.env.CRON_SECRET}\`;\n  if (isCron) return NextResponse.next();\n${SESSION_REDIRECT}`),
    ],
    [
      'a redirect for cron paths whose secret is wrong',
      mw(`  if (pathname.startsWith('/api/cron/')) {
    if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return NextResponse.redirect(new URL('/login', request.url));
    return NextResponse.next();
  }`),
    ],
    ['a public-path helper imported from another file', mw(`  if (isPublicPath(pathname)) return NextResponse.next();\n${SESSION_REDIRECT}`, { imports: "import { isPublicPath } from '@/lib/routes';" })],
    ['a public list imported from another file', mw(`  if (PUBLIC_ROUTES.some((p) => pathname.startsWith(p))) return NextResponse.next();\n${SESSION_REDIRECT}`, { imports: "import { PUBLIC_ROUTES } from '@/lib/routes';" })],
    ["a user-agent test (the cron request's headers beyond Authorization are not documented)", mw(`  if (request.headers.get('user-agent')?.includes('vercel-cron')) return NextResponse.next();\n${SESSION_REDIRECT}`)],
    ['a project helper that is given the request', mw(`  if (await isAllowed(request)) return NextResponse.next();\n${SESSION_REDIRECT}`, { imports: "import { isAllowed } from './lib/access';" })],
    ['a matcher with a header condition the cron request may meet', mw(SESSION_REDIRECT, { matcher: "[{ source: '/api/:path*', missing: [{ type: 'header', key: 'x-api-key' }] }]" })],
    ["next-auth v5's `export { auth as middleware }` (the authorized callback lives in auth.ts)", "export { auth as middleware } from '@/auth';\n"],
    [
      'a wrapper chain whose parts live elsewhere',
      "import { chain } from '@/middlewares/chain';\nimport { withSession } from '@/middlewares/session';\n\nexport default chain([withSession]);\n// withSession may redirect(…) to /login\n",
    ],
    [
      'a labelled loop (not modelled)',
      mw(`  outer: for (const a of ['/x']) {\n    for (const b of ['/y']) {\n      if (pathname === a + b) break outer;\n    }\n  }\n${SESSION_REDIRECT}`),
    ],
  ];
  for (const [name, middleware] of cases) {
    it(name, () => assert.deepEqual(rowsOf(CODE, withMiddleware(middleware)), []));
  }
});

describe('middleware-redirects-cron: shapes where the cron request reaches the redirect (#15)', () => {
  const cases: [name: string, middleware: string, message: RegExp][] = [
    [
      'a public-path list without /api/cron',
      mw(`  const publicPaths = ['/login', '/signup'];
  if (publicPaths.some((p) => pathname.startsWith(p))) return NextResponse.next();
${SESSION_REDIRECT}`),
      /redirect at line 9: `NextResponse\.redirect\(new URL\('\/login', request\.url\)\)`\. Nothing before that line returns early for \/api\/cron\/job, and its condition `!session` holds or can hold/,
    ],
    [
      "next-auth's own API returns early, the cron path does not",
      mw(`  if (pathname.startsWith('/api/auth')) return NextResponse.next();\n${SESSION_REDIRECT}`, { matcher: "['/api/:path*', '/dashboard/:path*']" }),
      /\(its matcher '\/api\/:path\*' covers it\)/,
    ],
    ['a regex that exempts other paths only', mw(`  if (/^\\/(login|signup)/.test(pathname)) return NextResponse.next();\n${SESSION_REDIRECT}`), /line 8/],
    [
      'the Supabase template: no user and not /login → redirect',
      mw(
        `  const supabase = createServerClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!, {
    cookies: { getAll: () => request.cookies.getAll(), setAll: () => {} },
  });
  const {
    data: { user },
  } = await supabase.auth.getUser();
  if (!user && !pathname.startsWith('/login') && !pathname.startsWith('/auth')) {
    const url = request.nextUrl.clone();
    url.pathname = '/login';
    return NextResponse.redirect(url);
  }`,
        { imports: "import { createServerClient } from '@supabase/ssr';" },
      ),
      /redirect at line 15: `NextResponse\.redirect\(url\)`\. Nothing before that line returns early for \/api\/cron\/job, and its condition `!user && !pathname\.startsWith\('\/login'\) && !pathname\.starts…` holds or can hold/,
    ],
    [
      "next-auth's getToken: no token → sign-in",
      mw(`  const token = await getToken({ req: request });\n  if (!token) return NextResponse.redirect(new URL('/api/auth/signin', request.url));`, { imports: "import { getToken } from 'next-auth/jwt';" }),
      /its condition `!token` holds/,
    ],
    [
      'the redirect is built by a local helper',
      mw(`  if (!request.cookies.has('token')) return toLogin(request);`, {
        top: "function toLogin(request: NextRequest) {\n  return NextResponse.redirect(new URL('/login', request.url));\n}\n",
      }),
      /redirect at line 4: `NextResponse\.redirect\(new URL\('\/login', request\.url\)\)`\. Nothing before that line returns early for \/api\/cron\/job, and its condition `!request\.cookies\.has\('token'\)` holds/,
    ],
    [
      'an exception from verifying a missing token ends in a redirect',
      mw(`  try {
    await jwtVerify(request.cookies.get('token')?.value ?? '', SECRET);
  } catch {
    return NextResponse.redirect(new URL('/login', request.url));
  }`, { imports: "import { jwtVerify } from 'jose';", top: 'const SECRET = new TextEncoder().encode(process.env.JWT_SECRET);\n' }),
      /its condition `an error in the try block` holds or can hold/,
    ],
    [
      'a secret check for /api/admin only: it does not let /api/cron/job through',
      mw(`  if (pathname.startsWith('/api/admin')) {
    const ok = request.headers.get('authorization') === \`Bearer \${process.env.CRON_SECRET}\`;
    return ok ? NextResponse.next() : NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
${SESSION_REDIRECT}`),
      /redirect at line 11: `NextResponse\.redirect\(new URL\('\/login', request\.url\)\)`/,
    ],
    [
      'a maintenance switch read from the environment: can hold, nothing about sessions',
      mw(`  if (process.env.MAINTENANCE === 'on') return NextResponse.redirect(new URL('/maintenance', request.url));`),
      /its condition `process\.env\.MAINTENANCE === 'on'` holds or can hold for Vercel's cron request\. Vercel Cron does not follow/,
    ],
    [
      "a locale prefix redirect: /api/cron/job has no locale, so it goes to /en/api/cron/job",
      mw(`  const hasLocale = LOCALES.some((locale) => pathname.startsWith(\`/\${locale}/\`) || pathname === \`/\${locale}\`);
  if (!hasLocale) return NextResponse.redirect(new URL(\`/en\${pathname}\`, request.url));`, { top: "const LOCALES = ['en', 'de'];\n", matcher: "['/((?!_next).*)']" }),
      /redirect at line 8: `NextResponse\.redirect\(new URL\(`\/en\$\{pathname\}`, request\.url\)\)`\. Nothing before that line returns early for \/api\/cron\/job\. Vercel Cron/,
    ],
    [
      'a hand-built 307',
      mw(`  if (!request.cookies.has('session')) return new NextResponse(null, { status: 307, headers: { Location: '/login' } });`),
      /redirect at line 6: `new NextResponse\(null, \{ status: 307/,
    ],
    [
      'a matcher object whose missing-conditions are router prefetch headers',
      mw(SESSION_REDIRECT, {
        matcher: "[{ source: '/((?!_next/static|_next/image|favicon.ico).*)', missing: [{ type: 'header', key: 'next-router-prefetch' }, { type: 'header', key: 'purpose', value: 'prefetch' }] }]",
      }),
      /its matcher '\/\(\(\?!_next\/static\|_next\/image\|favicon\.ico\)\.\*\)' covers it/,
    ],
    [
      "Clerk: /api/cron is not public and signed-out requests get redirectToSignIn()",
      `${CLERK_IMPORT}

const isPublicRoute = createRouteMatcher(['/sign-in(.*)', '/sign-up(.*)']);

export default clerkMiddleware(async (auth, req) => {
  const { userId, redirectToSignIn } = await auth();
  if (!userId && !isPublicRoute(req)) return redirectToSignIn();
});

export const config = { matcher: ${CLERK_MATCHER} };
`,
      /redirect at line 7: `redirectToSignIn\(\)`\. Nothing before that line returns early for \/api\/cron\/job, and its condition `!userId && !isPublicRoute\(req\)` holds/,
    ],
    [
      "next-auth v5's auth() wrapper with no exemption for /api",
      `import { auth } from '@/auth';

export default auth((req) => {
  if (!req.auth && req.nextUrl.pathname !== '/login') return Response.redirect(new URL('/login', req.nextUrl));
});
`,
      /`Response\.redirect\(new URL\('\/login', req\.nextUrl\)\)`/,
    ],
  ];
  for (const [name, middleware, message] of cases) {
    it(name, () => {
      const files = withMiddleware(middleware);
      assert.deepEqual(rowsOf(CODE, files), [['middleware-redirects-cron', 'warning', 'GET']]);
      assert.match(single('middleware-redirects-cron', files).message, message);
    });
  }
});

describe("middleware-redirects-cron: next-auth's middleware redirects every request without a session", () => {
  const NEXT_AUTH_FIX = /Exclude \/api\/cron\/job from the matcher, or return true for it from the authorized callback\.$/;

  it("`export { default } from 'next-auth/middleware'` with a matcher that covers /api", () => {
    const middleware = "export { default } from 'next-auth/middleware';\n\nexport const config = { matcher: ['/dashboard/:path*', '/api/:path*'] };\n";
    const finding = single('middleware-redirects-cron', withMiddleware(middleware));
    assert.match(finding.message, /redirect at line 1: `export \{ default \} from 'next-auth\/middleware';`\. next-auth's middleware sends every request its authorized callback refuses/);
    assert.match(finding.message, NEXT_AUTH_FIX);
  });

  it('`export default withAuth` (the bare function): the export line', () => {
    const middleware = "import { withAuth } from 'next-auth/middleware';\n\nexport default withAuth;\n";
    assert.match(single('middleware-redirects-cron', withMiddleware(middleware)).message, /redirect at line 3: `export default withAuth;`/);
  });

  it('the same with a matcher that leaves /api out: nothing', () => {
    const middleware = "export { default } from 'next-auth/middleware';\n\nexport const config = { matcher: ['/((?!api|_next/static|_next/image|favicon.ico).*)'] };\n";
    assert.deepEqual(rowsOf(CODE, withMiddleware(middleware)), []);
  });

  it('withAuth(fn, { callbacks: { authorized: ({ token }) => !!token } }): the line of withAuth', () => {
    const middleware = `import { withAuth } from 'next-auth/middleware';
import { NextResponse } from 'next/server';

export default withAuth(
  function middleware() {
    return NextResponse.next();
  },
  { callbacks: { authorized: ({ token }) => !!token } },
);
`;
    assert.match(single('middleware-redirects-cron', withMiddleware(middleware)).message, /redirect at line 4: `withAuth\(…\)`\. next-auth's middleware/);
  });

  it('withAuth with a role check in authorized: the cron request has no token either', () => {
    const middleware = `import { withAuth } from 'next-auth/middleware';

export default withAuth({ callbacks: { authorized: ({ token }) => token?.role === 'admin' } });
`;
    assert.equal(rowsOf(CODE, withMiddleware(middleware)).length, 1);
  });

  it('an authorized callback imported from elsewhere: cannot tell', () => {
    const middleware = `import { withAuth } from 'next-auth/middleware';
import { authorized } from '@/lib/authorized';

export default withAuth({ callbacks: { authorized } });
`;
    assert.deepEqual(rowsOf(CODE, withMiddleware(middleware)), []);
  });
});

describe('middleware-redirects-cron: bounded work', () => {
  it('a helper that calls itself forever, and a list longer than the analysis reads: no finding, no hang', () => {
    const recursive = mw(`  if (loop(pathname)) return NextResponse.next();\n${SESSION_REDIRECT}`, { top: 'function loop(p: string): boolean {\n  return loop(p + "/");\n}\n' });
    assert.deepEqual(rowsOf(CODE, withMiddleware(recursive)), []);
    const long = mw(`  if (PUBLIC.some((p) => pathname.startsWith(p))) return NextResponse.next();\n${SESSION_REDIRECT}`, {
      top: `const PUBLIC = [${Array.from({ length: 300 }, (_, i) => `'/p${i}'`).join(', ')}];\n`,
    });
    assert.deepEqual(rowsOf(CODE, withMiddleware(long)), []);
  });

  it('lists of lists shared many times over, and thousands of statements: the step count ends it, "cannot tell"', () => {
    const shared = mw(`  if (C.some((b) => b.some((a) => a.some((p) => pathname.startsWith(p))))) return NextResponse.next();\n${SESSION_REDIRECT}`, {
      top: ['A', 'B', 'C'].map((name, i) => `const ${name} = [${Array.from({ length: 150 }, () => (i === 0 ? "'/x'" : 'ABC'[i - 1])).join(', ')}];`).join('\n') + '\n',
    });
    assert.deepEqual(rowsOf(CODE, withMiddleware(shared)), []);
    const long = mw(`${Array.from({ length: 25_000 }, (_, i) => `  const v${i} = pathname;`).join('\n')}\n${SESSION_REDIRECT}`);
    assert.deepEqual(rowsOf(CODE, withMiddleware(long)), []);
  });
});
