import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { app, type Files, fixOnce, NODE_HELPER, ROUTE, routeApp, rowsIn, rowsOf, single } from '../../support/ruleHarness';
import { assertGuards, runAppGet, runPagesHandler } from '../../support/routeRunner';
import { cronMiddleware, LIB_DIGESTS, LIB_VERIFY_CRON } from './sources';
import { assertTypeChecks } from './typecheck';

const TITLE = /^Add CRON_SECRET check/;

describe('auth-spoofable: a header check next to a real one is fine', () => {
  const cases: [name: string, files: Files][] = [
    [
      'user-agent and the secret (defence in depth)',
      routeApp(
        `import { verifyCron } from '@/lib/cron';

export async function GET(request: Request) {
  if (request.headers.get('user-agent') !== 'vercel-cron/1.0' || !verifyCron(request)) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
        { 'lib/cron.ts': LIB_VERIFY_CRON },
      ),
    ],
    [
      'x-vercel-cron header only, but a middleware checks the secret for /api/cron',
      routeApp(
        `export async function GET(request: Request) {
  if (!request.headers.get('x-vercel-cron')) return new Response('Forbidden', { status: 403 });
  return Response.json({ ok: true });
}
`,
        { 'middleware.ts': cronMiddleware("['/api/cron/:path*']"), 'lib/cron.ts': LIB_VERIFY_CRON },
      ),
    ],
    [
      'user-agent plus a helper from a package that cannot be followed',
      routeApp(`import { verifyCronRequest } from '@acme/cron-kit';

export async function GET(request: Request) {
  if (!request.headers.get('user-agent')?.startsWith('vercel-cron/') || !verifyCronRequest(request)) {
    return new Response(null, { status: 401 });
  }
  return Response.json({ ok: true });
}
`),
    ],
    [
      'user-agent logged by a protected route',
      routeApp(
        `import { verifyCron } from '@/lib/cron';

export async function GET(request: Request) {
  if (!verifyCron(request)) return new Response(null, { status: 401 });
  console.info('cron run', request.headers.get('user-agent'));
  return Response.json({ ok: true });
}
`,
        { 'lib/cron.ts': LIB_VERIFY_CRON },
      ),
    ],
  ];
  for (const [name, files] of cases) {
    it(name, () => assert.deepEqual(rowsOf(['auth-spoofable', 'missing-auth', 'auth-fails-open'], files), []));
  }
});

describe('auth-spoofable: only a header anyone can send', () => {
  it('names the header the code tests: x-vercel-cron-signature, a header Vercel never sends and anyone can', () => {
    const route = `export async function GET(request: Request) {
  if (!request.headers.get('x-vercel-cron-signature')) {
    return new Response('Forbidden', { status: 403 });
  }
  return Response.json({ ok: true });
}
`;
    const finding = single('auth-spoofable', routeApp(route));
    assert.match(finding.message, /a header anyone can send \(x-vercel-cron-signature\), so anyone can run the job/);
  });

  it('user-agent === vercel-cron/1.0: flagged on the header read; the fix adds the real check', async () => {
    const route = `export async function GET(request: Request) {
  if (request.headers.get('user-agent') !== 'vercel-cron/1.0') {
    return new Response('Forbidden', { status: 403 });
  }
  return Response.json({ ok: true });
}
`;
    const files = routeApp(route);
    assert.deepEqual(rowsIn(files), [['auth-spoofable', 'warning', "request.headers.get('user-agent')"]]);
    const finding = single('auth-spoofable', files);
    // The header the code tests, named as it names it.
    assert.match(finding.message, /a header anyone can send \(user-agent "vercel-cron\/1\.0"\), so anyone can run the job/);
    assert.equal(
      await runAppGet(route, { secret: 'a2f0c7d1e9b84c6aa1f3', authorization: undefined }),
      200,
      'no secret needed: anyone with the user-agent gets in',
    );
    const fixed = fixOnce('auth-spoofable', files, TITLE);
    assert.equal(
      fixed,
      `import { timingSafeEqual } from 'node:crypto';

export async function GET(request: Request) {
  // Fail closed: without a secret, "Bearer undefined" would otherwise get in.
  const cronSecret = process.env.CRON_SECRET;
  if (!cronSecret || !isSameSecret(request.headers.get('authorization'), \`Bearer \${cronSecret}\`)) {
    return Response.json({ error: 'Unauthorized' }, { status: 401 });
  }

  if (request.headers.get('user-agent') !== 'vercel-cron/1.0') {
    return new Response('Forbidden', { status: 403 });
  }
  return Response.json({ ok: true });
}

${NODE_HELPER}
`,
    );
    assert.deepEqual(rowsIn({ ...files, [ROUTE]: fixed }), [], 'no missing-auth either');
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it('x-vercel-cron through headers() from next/headers', () => {
    const files = routeApp(`import { headers } from 'next/headers';

export async function GET() {
  const h = await headers();
  if (!h.get('x-vercel-cron')) return new Response('Forbidden', { status: 403 });
  return Response.json({ ok: true });
}
`);
    assert.deepEqual(rowsIn(files), [['auth-spoofable', 'warning', "h.get('x-vercel-cron')"]]);
    const fixed = fixOnce('auth-spoofable', files, TITLE);
    assert.match(fixed, /export async function GET\(request: Request\) \{\n {2}\/\/ Fail closed/);
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it("User-Agent?.includes('vercel-cron') with double quotes, no semicolons", () => {
    const files = routeApp(`import { NextResponse, type NextRequest } from "next/server"

export async function GET(req: NextRequest) {
  if (!req.headers.get("User-Agent")?.includes("vercel-cron")) {
    return NextResponse.json({ error: "Forbidden" }, { status: 403 })
  }
  return NextResponse.json({ ok: true })
}
`);
    assert.deepEqual(rowsIn(files), [['auth-spoofable', 'warning', 'req.headers.get("User-Agent")']]);
    const fixed = fixOnce('auth-spoofable', files, TITLE);
    assert.match(
      fixed,
      /\n {2}if \(!cronSecret \|\| !isSameSecret\(req\.headers\.get\("authorization"\), `Bearer \$\{cronSecret\}`\)\) \{\n {4}return NextResponse\.json\(\{ error: "Unauthorized" \}, \{ status: 401 \}\)\n/,
    );
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it("Pages Router: req.headers['user-agent']", async () => {
    const file = 'pages/api/cron/job.ts';
    const route = `import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.headers['user-agent'] !== 'vercel-cron/1.0') return res.status(403).end();
  res.status(200).json({ ok: true });
}
`;
    const files = app({ [file]: route });
    assert.deepEqual(rowsIn(files, file), [['auth-spoofable', 'warning', "req.headers['user-agent']"]]);
    const fixed = fixOnce('auth-spoofable', files, TITLE, file);
    assertTypeChecks({ [file]: fixed });
    await assertGuards((call) => runPagesHandler(fixed, call));
  });

  it('the header check in a helper of lib/: flagged on GET, naming the file', () => {
    const files = routeApp(
      `import { isVercelCron } from '@/lib/cron';

export async function GET(request: Request) {
  if (!isVercelCron(request)) return new Response('Forbidden', { status: 403 });
  return Response.json({ ok: true });
}
`,
      {
        'lib/cron.ts':
          "export function isVercelCron(request: Request): boolean {\n  return request.headers.get('user-agent')?.startsWith('vercel-cron/') ?? false;\n}\n",
      },
    );
    assert.deepEqual(rowsIn(files), [['auth-spoofable', 'warning', 'GET']]);
    assert.match(single('auth-spoofable', files).message, /, in lib\/cron\.ts\)/);
  });

  it('severity follows the rules setting', () => {
    const files = routeApp(
      "export async function GET(request: Request) {\n  if (!request.headers.get('x-vercel-cron-signature')) return new Response(null, { status: 403 });\n  return new Response('ok');\n}\n",
    );
    assert.deepEqual(rowsIn(files, ROUTE, { rules: { 'auth-spoofable': 'error' } }), [
      ['auth-spoofable', 'error', "request.headers.get('x-vercel-cron-signature')"],
    ]);
    assert.deepEqual(rowsIn(files, ROUTE, { rules: { 'auth-spoofable': 'off' } }), []);
  });

  it(
    'a user-agent that is only logged is no check at all: missing-auth, not auth-spoofable',
    {
    },
    () => {
      const files = routeApp(
        "export async function GET(request: Request) {\n  console.log('cron run from', request.headers.get('user-agent'));\n  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });\n  return Response.json({ ok: true });\n}\n",
      );
      assert.deepEqual(rowsIn(files), [['missing-auth', 'error', 'GET']]);
    },
  );
});

describe('auth-spoofable: the work after the decision decides nothing (#15)', () => {
  const cases: [name: string, files: Files][] = [
    [
      'a package call named like tokens after the header check',
      routeApp(`import { refreshAccessTokens } from '@acme/platform';

export async function GET(request: Request) {
  if (request.headers.get('user-agent') !== 'vercel-cron/1.0') return new Response(null, { status: 403 });
  await refreshAccessTokens();
  return Response.json({ ok: true });
}
`),
    ],
    [
      "the job's work four calls deep after the header check",
      routeApp(
        `import { sendDigests } from '@/lib/digests';

export async function GET(request: Request) {
  if (!request.headers.get('x-vercel-cron')) return new Response(null, { status: 403 });
  await sendDigests();
  return Response.json({ ok: true });
}
`,
        LIB_DIGESTS,
      ),
    ],
    [
      'a header anyone can send, or a bearer of another secret: either lets the request in',
      routeApp(`export async function GET(request: Request) {
  if (request.headers.get('x-vercel-cron') !== '1' && request.headers.get('authorization') !== \`Bearer \${process.env.JOBS_TOKEN}\`) {
    return new Response(null, { status: 403 });
  }
  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
  return Response.json({ ok: true });
}
`),
    ],
  ];
  for (const [name, files] of cases) {
    it(`reported: ${name}`, () => assert.deepEqual(rowsOf(['auth-spoofable', 'missing-auth'], files).map(([code]) => code), ['auth-spoofable']));
  }

  it('silent: a package check in the same refusal as the header', () => {
    const files = routeApp(`import { checkRequest } from '@acme/platform';

export async function GET(request: Request) {
  if (request.headers.get('user-agent') !== 'vercel-cron/1.0' || !checkRequest(request)) return new Response(null, { status: 403 });
  return Response.json({ ok: true });
}
`);
    assert.deepEqual(rowsOf(['auth-spoofable', 'missing-auth'], files), []);
  });
});

describe('auth-spoofable: a header anyone can send, accepted as an alternative to the secret (#15)', () => {
  const JOB = "  await fetch('https://example.com/hooks/reindex', { method: 'POST' });\n  return Response.json({ ok: true });";
  const handler = (test: string, head = '') => `${head}export async function GET(request: Request) {\n  ${test}\n${JOB}\n}\n`;
  const FORBID = "return new Response('Forbidden', { status: 403 });";
  // The helper the refusal tests: true lets the request in.
  const helper = (body: string, name = 'isAllowed') => `function ${name}(req: Request): boolean {\n${body}\n}\n\n`;
  const JOB_KEY = "  const key = req.headers.get('x-job-key');\n  return !!process.env.CRON_SECRET && key === process.env.CRON_SECRET;";
  const SCHEDULER = "  if (req.headers.get('x-vercel-cron') === '1') return true;\n";
  const AGENT = "  const agent = req.headers.get('user-agent') ?? '';\n  if (agent.startsWith('vercel-cron/')) {\n    return true;\n  }\n";

  const reported: [name: string, files: Files, flaggedText: string][] = [
    ['x-vercel-cron, or a key header compared with the secret', routeApp(handler(`if (!isAllowed(request)) ${FORBID}`, helper(`${SCHEDULER}${JOB_KEY}`))), "req.headers.get('x-vercel-cron')"],
    [
      'the user-agent, or the Authorization header compared fail-closed',
      routeApp(
        handler(
          `if (!(await isAllowed(request))) ${FORBID}`,
          `async ${helper(`${AGENT}  const secret = process.env.CRON_SECRET;\n  if (!secret) return false;\n  return req.headers.get('authorization') === \`Bearer \${secret}\`;`).replace(': boolean', ': Promise<boolean>')}`,
        ),
      ),
      // The condition's read: the name bound to the header.
      'agent',
    ],
  ];
  for (const [name, files, text] of reported) {
    it(`reported: ${name}`, () => {
      assert.deepEqual(rowsOf(['auth-spoofable', 'missing-auth', 'auth-fails-open'], files), [['auth-spoofable', 'warning', text]]);
      assert.match(single('auth-spoofable', files).message, /lets a request in by itself, whatever the CRON_SECRET comparison beside it says/);
      fixOnce('auth-spoofable', files, TITLE);
    });
  }

  it('reported on GET when the helper is in another file, naming it', () => {
    const files = routeApp(handler(`if (!isAllowed(request)) ${FORBID}`, "import { isAllowed } from '@/lib/job-access';\n\n"), {
      'lib/job-access.ts': `export ${helper(`${SCHEDULER}${JOB_KEY}`)}`,
    });
    assert.deepEqual(rowsOf(['auth-spoofable', 'missing-auth', 'auth-fails-open'], files), [['auth-spoofable', 'warning', 'GET']]);
    assert.match(single('auth-spoofable', files).message, /x-vercel-cron, in lib\/job-access\.ts\) lets a request in by itself/);
  });

  const silent: [name: string, files: Files][] = [
    ['the header accepted only after the secret is checked', routeApp(handler(`if (!isAllowed(request)) ${FORBID}`, helper(`  const key = req.headers.get('x-job-key');\n  if (!process.env.CRON_SECRET || key !== process.env.CRON_SECRET) return false;\n${SCHEDULER}  return false;`)))],
    ["a helper whose true refuses (the handler's polarity is not the accept's)", routeApp(handler(`if (isBlocked(request)) ${FORBID}`, helper(`${SCHEDULER}${JOB_KEY}`, 'isBlocked')))],
    [
      'the handler also compares the Authorization header itself',
      routeApp(
        handler(
          `const secret = process.env.CRON_SECRET;\n  if (!secret || request.headers.get('authorization') !== \`Bearer \${secret}\`) ${FORBID}\n  if (!isAllowed(request)) ${FORBID}`,
          helper(`${SCHEDULER}${JOB_KEY}`),
        ),
      ),
    ],
    ['both headers required (defence in depth)', routeApp(handler(`if (!isAllowed(request)) ${FORBID}`, helper(`  if (req.headers.get('x-vercel-cron') !== '1') return false;\n${JOB_KEY}`)))],
  ];
  for (const [name, files] of silent) {
    it(`silent: ${name}`, () => assert.deepEqual(rowsOf(['auth-spoofable', 'missing-auth'], files), []));
  }
});
