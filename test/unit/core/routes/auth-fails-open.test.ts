import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Finding, isDefaultFix } from '../../../../src/core/diagnostics';
import { app, applyFix, assertFixSettles, doubleQuotesNoSemis, type Files, findingsIn, fixTitled, flagged, NODE_HELPER, ROUTE, routeApp, rowsIn, rowsOf, runRoutes, single } from '../../support/ruleHarness';
import { assertGuards, GUARD_CASES, runAppGet, runPagesHandler } from '../../support/routeRunner';
import {
  ENV_PLAIN,
  ENV_T3,
  LIB_AUTH_CRON,
  LIB_CRON_REQUEST,
  LIB_HAS_BEARER,
  LIB_MODULE_HEADER_OPEN,
  LIB_MODULE_SECRET,
  LIB_RESULT_RETURNED,
  LIB_SAFE_COMPARE,
  LIB_SECRETS,
  LIB_SETTINGS,
  LIB_VERIFY_CRON,
} from './sources';
import { assertTypeChecks } from './typecheck';

const FAIL_CLOSED = /^Make the check fail closed/;
const REFUSE_UNSET = /^Refuse the request when CRON_SECRET is unset/;
const UNSET_FORGED = { secret: undefined, authorization: 'Bearer undefined' };

/** The snippet of https://vercel.com/docs/cron-jobs/manage-cron-jobs#securing-cron-jobs, as copied. */
export const VERCEL_DOCS_SNIPPET = `import type { NextRequest } from 'next/server';

export function GET(request: NextRequest) {
  const authHeader = request.headers.get('authorization');
  if (authHeader !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return new Response('Unauthorized', {
      status: 401,
    });
  }

  return Response.json({ success: true });
}
`;

/** The auth-fails-open finding that flags exactly `text`. */
function findingOn(files: Files, text: string, file = ROUTE): Finding {
  const finding = findingsIn(files, file).find((f) => f.code === 'auth-fails-open' && flagged(files[file]!, f) === text);
  assert.ok(finding, `no auth-fails-open on ${text}: ${JSON.stringify(rowsIn(files, file))}`);
  return finding;
}

describe('auth-fails-open: checks that refuse when the secret is missing are silent', () => {
  const cases: [name: string, files: Files, todo?: string][] = [
    [
      'early return when process.env.CRON_SECRET is missing, then the template',
      routeApp(`export async function GET(request: Request) {
  if (!process.env.CRON_SECRET) {
    return new Response('CRON_SECRET is not configured', { status: 500 });
  }
  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`),
    ],
    [
      '!secret || … in one condition, aliased header',
      routeApp(`export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  const authHeader = request.headers.get('authorization');
  if (!secret || authHeader !== \`Bearer \${secret}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`),
    ],
    [
      "typeof process.env.CRON_SECRET !== 'string'",
      routeApp(`export async function GET(request: Request) {
  if (typeof process.env.CRON_SECRET !== 'string' || request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`),
    ],
    [
      'process.env.CRON_SECRET === undefined throws',
      routeApp(`export async function GET(request: Request) {
  if (process.env.CRON_SECRET === undefined) throw new Error('CRON_SECRET is not set');
  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`),
    ],
    [
      'positive form: !!secret && header === template',
      routeApp(`export async function GET(request: Request) {
  const cronSecret = process.env.CRON_SECRET;
  const authorized = !!cronSecret && request.headers.get('authorization') === \`Bearer \${cronSecret}\`;
  if (!authorized) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`),
    ],
    [
      'destructured secret required first',
      routeApp(`export async function GET(request: Request) {
  const { CRON_SECRET } = process.env;
  if (!CRON_SECRET) return new Response('misconfigured', { status: 500 });
  if (request.headers.get('authorization') !== \`Bearer \${CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`),
    ],
    [
      'invariant(process.env.CRON_SECRET) before comparing',
      routeApp(`import invariant from 'tiny-invariant';

export async function GET(request: Request) {
  invariant(process.env.CRON_SECRET, 'CRON_SECRET must be set');
  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`),
    ],
    [
      'secret from a helper that throws when it is unset (two hops)',
      routeApp(
        `import { isAuthorized } from '@/lib/auth/cron';

export async function GET(request: Request) {
  if (!(await isAuthorized(request))) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
        { 'lib/auth/cron.ts': LIB_AUTH_CRON, 'lib/secrets.ts': LIB_SECRETS },
      ),
    ],
    [
      'only enforced in production, but fail-closed there',
      routeApp(`export async function GET(request: Request) {
  if (process.env.NODE_ENV === 'production') {
    const secret = process.env.CRON_SECRET;
    if (!secret || request.headers.get('authorization') !== \`Bearer \${secret}\`) {
      return new Response('Unauthorized', { status: 401 });
    }
  }
  return Response.json({ ok: true });
}
`),
    ],
    [
      'Pages Router: 500 when unset, then the comparison',
      app({
        'pages/api/cron/job.ts': `import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  if (!process.env.CRON_SECRET) return res.status(500).json({ error: 'CRON_SECRET is not set' });
  if (req.headers.authorization !== \`Bearer \${process.env.CRON_SECRET}\`) return res.status(401).end();
  res.status(200).json({ ok: true });
}
`,
      }),
    ],
    [
      'else branch refuses when the secret is unset',
      routeApp(`export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (secret) {
    if (request.headers.get('authorization') !== \`Bearer \${secret}\`) return new Response('Unauthorized', { status: 401 });
  } else {
    return new Response('CRON_SECRET is not configured', { status: 500 });
  }
  return Response.json({ ok: true });
}
`)],
    [
      "`?? ''` then an empty-secret check",
      routeApp(`export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET ?? '';
  if (secret.length === 0 || request.headers.get('authorization') !== \`Bearer \${secret}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`)],
    [
      't3-env module that requires CRON_SECRET (z.string().min(16))',
      routeApp(
        `import { env } from '@/env';

export async function GET(request: Request) {
  if (request.headers.get('authorization') !== \`Bearer \${env.CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
        { 'env.ts': ENV_T3 },
      )],
    [
      // A name of the handler (its `header`) says nothing of the same name in another file: here
      // an imported mail helper whose result feeds an early return in the job's own code.
      'the handler names the header `header`; the job calls a mail helper named header() and returns early on what it parsed',
      routeApp(
        `import { syncInbox } from '@/lib/inbox';

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (!secret) return new Response('Not configured', { status: 500 });
  const header = request.headers.get('authorization') ?? '';
  if (header !== \`Bearer \${secret}\`) return new Response('Unauthorized', { status: 401 });
  return Response.json(await syncInbox());
}
`,
        {
          'lib/mail.ts': `export function header(headers: { name: string; value: string }[], name: string): string {
  return headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
}
`,
          'lib/inbox.ts': `import { header } from './mail';

function ticketOf(subject: string): string | null {
  const match = subject.match(/#(\\d+)/);
  if (match) return match[1];
  return null;
}

export async function syncInbox() {
  const messages: { headers: { name: string; value: string }[] }[] = await fetch('https://mail.example.com/messages').then((r) => r.json());
  return messages.map((message) => ticketOf(header(message.headers, 'subject')));
}
`,
        },
      )],
  ];
  for (const [name, files, todo] of cases) {
    it(name, todo ? { todo } : {}, () => {
      const file = Object.keys(files).find((f) => /^(app|pages)\/api\/cron\//.test(f))!;
      assert.deepEqual(rowsOf(['auth-fails-open'], files, file), []);
    });
  }
});

describe('auth-fails-open: said once per place', () => {
  it('two checks of one helper that both skip when CRON_SECRET is unset: one finding on the handler', () => {
    const files = routeApp(
      `import { isCronRequest } from '@/lib/cron-auth';

export async function GET(request: Request) {
  if (!isCronRequest(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
      {
        'lib/cron-auth.ts': `export function isCronRequest(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  const header = request.headers.get('authorization');
  if (secret && header !== \`Bearer \${secret}\`) return false;
  if (secret && request.headers.get('x-cron-key') !== secret) return false;
  return true;
}
`,
      },
    );
    const rows = rowsOf(['auth-fails-open'], files);
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.deepEqual(rows[0]!.slice(0, 2), ['auth-fails-open', 'error']);
  });
});

describe('auth-fails-open: "Bearer undefined" gets in', () => {
  it('the Vercel docs snippet: fails open (error); no second finding for !== on the same line', async () => {
    const files = routeApp(VERCEL_DOCS_SNIPPET);
    const template = 'authHeader !== `Bearer ${process.env.CRON_SECRET}`';
    // One line, one finding: the fail-closed fix makes the comparison constant-time as well.
    assert.deepEqual(rowsIn(files), [['auth-fails-open', 'error', template]]);
    const finding = single('auth-fails-open', files);
    assert.match(finding.message, /compares with "Bearer undefined", so anyone sending that value passes/);
    // What the finding claims, proven: unset secret + forged header = 200.
    assert.equal(await runAppGet(VERCEL_DOCS_SNIPPET, UNSET_FORGED), 200);
    const fix = fixTitled(finding, FAIL_CLOSED);
    assert.equal(fix.safe, false, 'a forged request now gets 401: not meaning-preserving');
    assert.ok(isDefaultFix('auth-fails-open', fix), 'refusing without a secret only turns away forged requests: fix applies it unasked');
    const fixed = assertFixSettles('auth-fails-open', files, fix);
    assert.equal(
      fixed,
      `import type { NextRequest } from 'next/server';
import { timingSafeEqual } from 'node:crypto';

export function GET(request: NextRequest) {
  const authHeader = request.headers.get('authorization');
  if (!process.env.CRON_SECRET) {
    return Response.json({ error: 'Unauthorized' }, { status: 401 });
  }
  if (!isSameSecret(authHeader, \`Bearer \${process.env.CRON_SECRET}\`)) {
    return new Response('Unauthorized', {
      status: 401,
    });
  }

  return Response.json({ success: true });
}

${NODE_HELPER}
`,
    );
    assert.deepEqual(rowsIn({ ...files, [ROUTE]: fixed }), [], 'nothing is left, the hint included');
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  const DOUBLE_QUOTED = `import { NextResponse } from "next/server"

export async function GET(request: Request) {
  const authHeader = request.headers.get("authorization")
  if (!authHeader || authHeader !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return NextResponse.json({ error: "Unauthorized" }, { status: 401 })
  }
  return NextResponse.json({ ok: true })
}
`;

  it('NextResponse file: the guard answers with NextResponse, settles, type-checks and runs', async () => {
    const files = routeApp(DOUBLE_QUOTED);
    assert.deepEqual(rowsOf(['auth-fails-open'], files), [
      ['auth-fails-open', 'error', 'authHeader !== `Bearer ${process.env.CRON_SECRET}`'],
    ]);
    const fixed = assertFixSettles('auth-fails-open', files, fixTitled(single('auth-fails-open', files), FAIL_CLOSED));
    assert.match(
      fixed,
      /\n {2}if \(!process\.env\.CRON_SECRET\) \{\n {4}return NextResponse\.json\(\{ error: ["']Unauthorized["'] \}, \{ status: 401 \}\);?\n {2}\}\n {2}if \(!authHeader/,
    );
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it(
    'double quotes and no semicolons: the inserted guard follows the file',
    {
    },
    () => {
      const files = routeApp(DOUBLE_QUOTED);
      const fixed = applyFix(DOUBLE_QUOTED, fixTitled(single('auth-fails-open', files), FAIL_CLOSED));
      assert.equal(
        fixed,
        DOUBLE_QUOTED.replace('from "next/server"\n', 'from "next/server"\nimport { timingSafeEqual } from "node:crypto"\n')
          .replace(
            '  if (!authHeader || authHeader !== `Bearer ${process.env.CRON_SECRET}`)',
            '  if (!process.env.CRON_SECRET) {\n    return NextResponse.json({ error: "Unauthorized" }, { status: 401 })\n  }\n  if (!authHeader || !isSameSecret(authHeader, `Bearer ${process.env.CRON_SECRET}`))',
          )
          .concat(`\n${doubleQuotesNoSemis(NODE_HELPER)}\n`),
      );
    },
  );

  it('aliased secret without a requirement is still "Bearer undefined"', () => {
    const files = routeApp(`export async function GET(request: Request) {
  const cronSecret = process.env.CRON_SECRET;
  if (request.headers.get('authorization') !== \`Bearer \${cronSecret}\`) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`);
    assert.deepEqual(rowsOf(['auth-fails-open'], files), [
      ['auth-fails-open', 'error', "request.headers.get('authorization') !== `Bearer ${cronSecret}`"],
    ]);
    const fixed = assertFixSettles('auth-fails-open', files, fixTitled(single('auth-fails-open', files), FAIL_CLOSED));
    assert.ok(
      fixed.includes(
        "  const cronSecret = process.env.CRON_SECRET;\n  if (!process.env.CRON_SECRET) {\n    return Response.json({ error: 'Unauthorized' }, { status: 401 });\n  }\n  if (!isSameSecret(request",
      ),
      fixed,
    );
  });

  it('headers() from next/headers', async () => {
    const route = `import { headers } from 'next/headers';

export async function GET() {
  const headersList = await headers();
  if (headersList.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`;
    const files = routeApp(route);
    assert.deepEqual(rowsOf(['auth-fails-open'], files), [
      ['auth-fails-open', 'error', "headersList.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`"],
    ]);
    assert.equal(await runAppGet(route, UNSET_FORGED), 200);
    const fixed = assertFixSettles('auth-fails-open', files, fixTitled(single('auth-fails-open', files), FAIL_CLOSED));
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it('a plain env module: env.CRON_SECRET may be undefined', () => {
    const files = routeApp(
      `import { env } from '@/env';

export async function GET(request: Request) {
  if (request.headers.get('authorization') !== \`Bearer \${env.CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
      { 'env.ts': ENV_PLAIN },
    );
    assert.deepEqual(rowsOf(['auth-fails-open'], files), [
      ['auth-fails-open', 'error', "request.headers.get('authorization') !== `Bearer ${env.CRON_SECRET}`"],
    ]);
  });

  it('Pages Router: the guard answers with res.status(401)', async () => {
    const file = 'pages/api/cron/job.ts';
    const route = `import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.headers.authorization !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return res.status(401).end('Unauthorized');
  }
  res.status(200).json({ success: true });
}
`;
    const files = app({ [file]: route });
    assert.deepEqual(rowsIn(files, file), [['auth-fails-open', 'error', 'req.headers.authorization !== `Bearer ${process.env.CRON_SECRET}`']]);
    assert.equal(await runPagesHandler(route, UNSET_FORGED), 200);
    const fixed = assertFixSettles('auth-fails-open', files, fixTitled(single('auth-fails-open', files, file), FAIL_CLOSED), file);
    assert.ok(
      fixed.includes(
        "  if (!process.env.CRON_SECRET) {\n    return res.status(401).json({ error: 'Unauthorized' });\n  }\n  if (!isSameSecret(req.headers",
      ),
      fixed,
    );
    assertTypeChecks({ [file]: fixed });
    await assertGuards((call) => runPagesHandler(fixed, call));
  });

  it('in a helper of lib/: reported on the handler, naming the helper file, with no fix', () => {
    const files = routeApp(
      `import { isCronRequest } from '@/lib/cron-open';

export async function GET(request: Request) {
  if (!isCronRequest(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
      {
        'lib/cron-open.ts':
          "export function isCronRequest(request: Request): boolean {\n  return request.headers.get('authorization') === `Bearer ${process.env.CRON_SECRET}`;\n}\n",
      },
    );
    assert.deepEqual(rowsIn(files), [['auth-fails-open', 'error', 'GET']]);
    const finding = single('auth-fails-open', files);
    assert.match(finding.message, /\(the check is in lib\/cron-open\.ts\)/);
    assert.deepEqual(finding.fixes, []);
  });

  it('severity follows the rules setting', () => {
    const files = routeApp(VERCEL_DOCS_SNIPPET);
    assert.deepEqual(
      rowsOf(['auth-fails-open'], files, ROUTE, { rules: { 'auth-fails-open': 'warning' } }).map(([, severity]) => severity),
      ['warning'],
    );
    assert.deepEqual(rowsOf(['auth-fails-open'], files, ROUTE, { rules: { 'auth-fails-open': 'off' } }), []);
  });
});

describe('auth-fails-open: the check is skipped when CRON_SECRET is unset', () => {
  const SKIP = `export async function GET(request: Request) {
  if (process.env.CRON_SECRET) {
    const authHeader = request.headers.get('authorization');
    if (authHeader !== \`Bearer \${process.env.CRON_SECRET}\`) {
      return new Response('Unauthorized', { status: 401 });
    }
  }
  return Response.json({ ok: true });
}
`;

  it('flags the condition; "Refuse the request when CRON_SECRET is unset" adds the else', async () => {
    const files = routeApp(SKIP);
    const skip = findingOn(files, 'process.env.CRON_SECRET');
    assert.equal(skip.severity, 'error');
    assert.match(skip.message, /only runs when CRON_SECRET is set/);
    assert.equal(await runAppGet(SKIP, { secret: undefined, authorization: undefined }), 200, 'open to anyone while unset');
    const fixed = applyFix(SKIP, fixTitled(skip, REFUSE_UNSET));
    assert.equal(
      fixed,
      SKIP.replace(
        "      return new Response('Unauthorized', { status: 401 });\n    }\n  }\n",
        "      return new Response('Unauthorized', { status: 401 });\n    }\n  } else {\n    return Response.json({ error: 'Unauthorized' }, { status: 401 });\n  }\n",
      ),
    );
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it(
    'one finding for the skipped check, not a second "Bearer undefined" one',
    {
    },
    () => {
      assert.deepEqual(rowsOf(['auth-fails-open'], routeApp(SKIP)), [['auth-fails-open', 'error', 'process.env.CRON_SECRET']]);
    },
  );

  it(
    'after "Refuse the request when CRON_SECRET is unset" no auth-fails-open is left',
    {
    },
    () => {
      const files = routeApp(SKIP);
      assertFixSettles('auth-fails-open', files, fixTitled(findingOn(files, 'process.env.CRON_SECRET'), REFUSE_UNSET));
    },
  );

  it('aliased secret: if (secret) { … }', () => {
    const files = routeApp(
      `import { safeCompare } from '@/lib/safe-compare';

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (secret) {
    if (!safeCompare(request.headers.get('authorization') ?? '', \`Bearer \${secret}\`)) return new Response(null, { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
      { 'lib/safe-compare.ts': LIB_SAFE_COMPARE },
    );
    assert.deepEqual(rowsOf(['auth-fails-open'], files), [['auth-fails-open', 'error', 'secret']]);
  });

  it('Pages Router: the else answers with res', async () => {
    const file = 'pages/api/cron/job.ts';
    const route = `import type { NextApiRequest, NextApiResponse } from 'next'

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (process.env.CRON_SECRET) {
    if (req.headers.authorization !== \`Bearer \${process.env.CRON_SECRET}\`) return res.status(401).end()
  }
  res.status(200).json({ ok: true })
}
`;
    const files = app({ [file]: route });
    const fixed = applyFix(route, fixTitled(findingOn(files, 'process.env.CRON_SECRET', file), REFUSE_UNSET));
    assert.ok(fixed.includes('  } else {\n    return res.status(401).json({ error: '), fixed);
    assertTypeChecks({ [file]: fixed });
    await assertGuards((call) => runPagesHandler(fixed, call));
  });
});

describe('auth-fails-open: checks that fail open in less obvious ways', () => {
  const misses: [name: string, route: string, todo?: string][] = [
    [
      'calcom-style: [CRON_API_KEY, `Bearer ${CRON_SECRET}`].includes(`${apiKey}`)',
      `import { NextResponse, type NextRequest } from "next/server";

export async function GET(request: NextRequest) {
  const apiKey = request.headers.get("authorization") || request.nextUrl.searchParams.get("apiKey");
  if (![process.env.CRON_API_KEY, \`Bearer \${process.env.CRON_SECRET}\`].includes(\`\${apiKey}\`)) {
    return NextResponse.json({ message: "Not authenticated" }, { status: 401 });
  }
  return NextResponse.json({ ok: true });
}
`],
    [
      "'Bearer ' + process.env.CRON_SECRET (concatenation, not a template)",
      `export async function GET(request: Request) {
  if (request.headers.get('authorization') !== 'Bearer ' + process.env.CRON_SECRET) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`],
    [
      'the template in a const: const expected = `Bearer ${process.env.CRON_SECRET}`',
      `export async function GET(request: Request) {
  const expected = \`Bearer \${process.env.CRON_SECRET}\`;
  if (request.headers.get('authorization') !== expected) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`],
    [
      "token compared with the bare secret: authHeader?.split(' ')[1] !== process.env.CRON_SECRET",
      `export async function GET(request: Request) {
  const authHeader = request.headers.get('authorization');
  const token = authHeader?.split(' ')[1];
  if (token !== process.env.CRON_SECRET) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
    ],
    [
      'one-line skip: if (process.env.CRON_SECRET && header !== template) return 401',
      `export async function GET(request: Request) {
  if (process.env.CRON_SECRET && request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
    ],
    [
      '!safeCompare(header, `Bearer ${process.env.CRON_SECRET}`) with no requirement',
      `import { safeCompare } from '@/lib/safe-compare';

export async function GET(request: Request) {
  if (!safeCompare(request.headers.get('authorization') ?? '', \`Bearer \${process.env.CRON_SECRET}\`)) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`],
  ];
  for (const [name, route, todo] of misses) {
    it(name, todo ? { todo } : {}, async () => {
      // Proven open first, so the expectation is about a real hole.
      const modules = { '@/lib/safe-compare': { safeCompare: (a: string, b: string) => a === b } };
      const call = /split/.test(route) ? { secret: undefined, authorization: undefined } : UNSET_FORGED;
      assert.equal(await runAppGet(route, call, modules), 200, 'the route lets the request in');
      assert.equal(rowsOf(['auth-fails-open'], routeApp(route, { 'lib/safe-compare.ts': LIB_SAFE_COMPARE })).length, 1);
    });
  }

  it(
    'the docs snippet made constant-time by hand, still without a refusal: still fail-open',
    {
    },
    async () => {
      const files = routeApp(VERCEL_DOCS_SNIPPET);
      const timingSafe = `import { timingSafeEqual } from 'node:crypto';\n${VERCEL_DOCS_SNIPPET.replace(
        'authHeader !== `Bearer ${process.env.CRON_SECRET}`',
        '!isSameSecret(authHeader, `Bearer ${process.env.CRON_SECRET}`)',
      )}\n${NODE_HELPER}\n`;
      assert.equal(await runAppGet(timingSafe, UNSET_FORGED), 200, 'still open');
      assert.equal(rowsOf(['auth-fails-open'], { ...files, [ROUTE]: timingSafe }).length, 1);
    },
  );

  it(
    'helper in lib/ that takes the header string: isValidCronAuth(authHeader)',
    {
    },
    () => {
      const files = routeApp(
        `import { isValidCronAuth } from '@/lib/cron-open';

export async function GET(request: Request) {
  if (!isValidCronAuth(request.headers.get('authorization'))) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
        {
          'lib/cron-open.ts':
            'export function isValidCronAuth(authHeader: string | null): boolean {\n  return authHeader === `Bearer ${process.env.CRON_SECRET}`;\n}\n',
        },
      );
      assert.deepEqual(rowsOf(['auth-fails-open'], files), [['auth-fails-open', 'error', 'GET']]);
    },
  );

  it(
    'helper in lib/ building the expected Buffer from an unchecked template',
    () => {
      const files = routeApp(
        `import { isCronRequest } from '@/lib/cron-open';

export async function GET(request: Request) {
  if (!isCronRequest(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
        {
          'lib/cron-open.ts': `import { timingSafeEqual } from 'node:crypto';

export function isCronRequest(request: Request): boolean {
  const expected = Buffer.from(\`Bearer \${process.env.CRON_SECRET}\`);
  const actual = Buffer.from(request.headers.get('authorization') ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
`,
        },
      );
      assert.deepEqual(rowsOf(['auth-fails-open'], files), [['auth-fails-open', 'error', 'GET']]);
    },
  );

  it('Pages: req.headers.authorization !== the bare secret is undefined !== undefined without either', async () => {
    const file = 'pages/api/cron/job.ts';
    const route = `import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.headers.authorization !== process.env.CRON_SECRET) return res.status(401).end();
  res.status(200).json({ ok: true });
}
`;
    assert.equal(await runPagesHandler(route, { secret: undefined, authorization: undefined }), 200, 'the route lets the request in');
    assert.deepEqual(rowsOf(['auth-fails-open'], app({ [file]: route }), file), [['auth-fails-open', 'error', 'req.headers.authorization !== process.env.CRON_SECRET']]);
  });

  it('headers.get() is null, not undefined: !== the bare secret refuses when it is unset (silent)', async () => {
    const route = `export async function GET(request: Request) {
  if (request.headers.get('authorization') !== process.env.CRON_SECRET) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`;
    assert.equal(await runAppGet(route, { secret: undefined, authorization: undefined }), 401);
    assert.deepEqual(rowsOf(['auth-fails-open'], routeApp(route)), []);
  });
});

describe('auth-fails-open: the secret read at module scope (#15)', () => {
  const MODULE_HEADER = `const expected = \`Bearer \${process.env.CRON_SECRET}\`;

export async function GET(request: Request) {
  if (request.headers.get('authorization') !== expected) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`;

  it('the expected header built at the top of the route: fails open; the fix refuses first and compares in constant time', async () => {
    const files = routeApp(MODULE_HEADER);
    assert.equal(await runAppGet(MODULE_HEADER, UNSET_FORGED), 200, 'open while unset');
    assert.deepEqual(rowsIn(files), [['auth-fails-open', 'error', "request.headers.get('authorization') !== expected"]], 'one line, one finding');
    const fixed = assertFixSettles('auth-fails-open', files, fixTitled(single('auth-fails-open', files), FAIL_CLOSED));
    assert.equal(
      fixed,
      `import { timingSafeEqual } from 'node:crypto';

const expected = \`Bearer \${process.env.CRON_SECRET}\`;

export async function GET(request: Request) {
  if (!process.env.CRON_SECRET) {
    return Response.json({ error: 'Unauthorized' }, { status: 401 });
  }
  if (!isSameSecret(request.headers.get('authorization'), expected)) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}

${NODE_HELPER}
`,
    );
    assert.deepEqual(rowsIn({ ...files, [ROUTE]: fixed }), [], 'nothing left');
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it('the secret read at the top of the route, the template in the handler: fails open, fixed the same way', async () => {
    const route = `const CRON_SECRET = process.env.CRON_SECRET;

export async function GET(request: Request) {
  const authHeader = request.headers.get('authorization');
  if (authHeader !== \`Bearer \${CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`;
    const files = routeApp(route);
    assert.deepEqual(rowsIn(files), [['auth-fails-open', 'error', 'authHeader !== `Bearer ${CRON_SECRET}`']]);
    const fixed = assertFixSettles('auth-fails-open', files, fixTitled(single('auth-fails-open', files), FAIL_CLOSED));
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it('in a helper module that builds the header at its top: reported on GET, naming the helper, no fix', () => {
    const files = routeApp(
      `import { fromVercelCron } from '@/lib/cron-open';

export async function GET(request: Request) {
  if (!fromVercelCron(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
      { 'lib/cron-open.ts': LIB_MODULE_HEADER_OPEN },
    );
    assert.deepEqual(rowsIn(files), [['auth-fails-open', 'error', 'GET']]);
    const finding = single('auth-fails-open', files);
    assert.match(finding.message, /\(the check is in lib\/cron-open\.ts\)/);
    assert.deepEqual(finding.fixes, []);
  });

  it("the variable's name as a default parameter, compared with no refusal: reported on GET", () => {
    const files = routeApp(
      `import { hasBearer } from '@/lib/has-bearer';

export async function GET(request: Request) {
  if (!hasBearer(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
      { 'lib/has-bearer.ts': LIB_HAS_BEARER },
    );
    assert.deepEqual(rowsIn(files), [['auth-fails-open', 'error', 'GET']]);
    assert.match(single('auth-fails-open', files).message, /\(the check is in lib\/has-bearer\.ts\)/);
  });

  const silent: [name: string, files: Files][] = [
    [
      'the secret at the top, required in the handler before the comparison',
      routeApp(`const CRON_SECRET = process.env.CRON_SECRET;

export async function GET(request: Request) {
  if (!CRON_SECRET) return new Response('CRON_SECRET is not set', { status: 500 });
  if (request.headers.get('authorization') !== \`Bearer \${CRON_SECRET}\`) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`),
    ],
    [
      'the module throws at import when the secret is missing',
      routeApp(`if (!process.env.CRON_SECRET) {
  throw new Error('CRON_SECRET is required');
}

const expected = \`Bearer \${process.env.CRON_SECRET}\`;

export async function GET(request: Request) {
  if (request.headers.get('authorization') !== expected) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`),
    ],
    [
      'a helper module that reads the secret at its top and refuses without it',
      routeApp(
        `import { isCronRequest } from '@/lib/cron-auth';

export async function GET(request: Request) {
  if (!isCronRequest(request)) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`,
        { 'lib/cron-auth.ts': LIB_MODULE_SECRET, 'lib/safe-compare.ts': LIB_SAFE_COMPARE },
      ),
    ],
  ];
  for (const [name, files] of silent) {
    it(`silent: ${name}`, () => assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files), []));
  }
});

describe('auth-fails-open: a check skipped when a value is unset (#15)', () => {
  const CRON_REQUEST_STUB = {
    '@/lib/cron-request': { isValidCronRequest: (request: Request, secret: string) => request.headers.get('authorization') === `Bearer ${secret}` },
  };
  const SKIP_AND = `import { isValidCronRequest } from '@/lib/cron-request';

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (secret && !isValidCronRequest(request, secret)) {
    return Response.json({ error: 'Unauthorized' }, { status: 401 });
  }
  return Response.json({ ok: true });
}
`;

  it('secret && !isValid(request, secret): the check is skipped when unset; the fix makes it !secret || …', async () => {
    const files = routeApp(SKIP_AND, { 'lib/cron-request.ts': LIB_CRON_REQUEST, 'lib/safe-compare.ts': LIB_SAFE_COMPARE });
    assert.equal(await runAppGet(SKIP_AND, { secret: undefined, authorization: undefined }, CRON_REQUEST_STUB), 200, 'open while unset');
    assert.deepEqual(rowsIn(files), [['auth-fails-open', 'error', 'secret && !isValidCronRequest(request, secret)']]);
    const finding = single('auth-fails-open', files);
    assert.match(finding.message, /only runs when CRON_SECRET is set/);
    const fixed = assertFixSettles('auth-fails-open', files, fixTitled(finding, REFUSE_UNSET));
    assert.equal(fixed, SKIP_AND.replace('if (secret && !isValid', 'if (!secret || !isValid'));
    assertTypeChecks({ [ROUTE]: fixed, 'lib/cron-request.ts': LIB_CRON_REQUEST, 'lib/safe-compare.ts': LIB_SAFE_COMPARE });
    await assertGuards((call) => runAppGet(fixed, call, CRON_REQUEST_STUB));
  });

  it('the helper it skips is no second finding: one skip, not a "Bearer undefined" in the helper too', () => {
    const route = `function matches(request: Request, secret: string): boolean {
  return request.headers.get('authorization') === \`Bearer \${secret}\`;
}

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (secret && !matches(request, secret)) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`;
    assert.deepEqual(rowsOf(['auth-fails-open'], routeApp(route)), [['auth-fails-open', 'error', 'secret && !matches(request, secret)']]);
  });

  it('a switch that turns the check off: settings.requireCronAuth && !verifyCron(request), with no fix', async () => {
    const route = `import { verifyCron } from '@/lib/cron';
import { settings } from '@/lib/settings';

export async function GET(request: Request) {
  if (settings.requireCronAuth && !verifyCron(request)) {
    return Response.json({ error: 'Unauthorized' }, { status: 401 });
  }
  return Response.json({ ok: true });
}
`;
    const files = routeApp(route, { 'lib/cron.ts': LIB_VERIFY_CRON, 'lib/settings.ts': LIB_SETTINGS });
    const modules = { '@/lib/cron': { verifyCron: () => false }, '@/lib/settings': { settings: { requireCronAuth: false } } };
    assert.equal(await runAppGet(route, { secret: undefined, authorization: undefined }, modules), 200, 'open with the switch off');
    assert.deepEqual(rowsIn(files), [['auth-fails-open', 'error', 'settings.requireCronAuth && !verifyCron(request)']]);
    const finding = single('auth-fails-open', files);
    assert.match(finding.message, /only runs when `settings\.requireCronAuth` is set: when it is unset or false the request is not checked/);
    assert.deepEqual(finding.fixes, [], 'whether to drop the switch is the app\'s decision');
  });

  it("a switch from the environment: process.env.CRON_AUTH_ENABLED === 'true' && …, and a switch around a block", () => {
    const inline = routeApp(
      `import { verifyCron } from '@/lib/cron';

export async function GET(request: Request) {
  if (process.env.CRON_AUTH_ENABLED === 'true' && !verifyCron(request)) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`,
      { 'lib/cron.ts': LIB_VERIFY_CRON },
    );
    assert.deepEqual(rowsOf(['auth-fails-open'], inline), [['auth-fails-open', 'error', "process.env.CRON_AUTH_ENABLED === 'true' && !verifyCron(request)"]]);
    const block = routeApp(
      `import { verifyCron } from '@/lib/cron';
import { settings } from '@/lib/settings';

export async function GET(request: Request) {
  if (settings.requireCronAuth) {
    if (!verifyCron(request)) return new Response(null, { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
      { 'lib/cron.ts': LIB_VERIFY_CRON, 'lib/settings.ts': LIB_SETTINGS },
    );
    assert.deepEqual(rowsOf(['auth-fails-open'], block), [['auth-fails-open', 'error', 'settings.requireCronAuth']]);
    assert.deepEqual(single('auth-fails-open', block).fixes, []);
  });

  it('a missing header skips the check: authorization && !safeCompare(…); the fix refuses without it', async () => {
    const route = `import { safeCompare } from '@/lib/safe-compare';

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (!secret) return Response.json({ error: 'CRON_SECRET is not set' }, { status: 500 });
  const authorization = request.headers.get('authorization');
  if (authorization && !safeCompare(authorization, \`Bearer \${secret}\`)) {
    return Response.json({ error: 'Unauthorized' }, { status: 401 });
  }
  return Response.json({ ok: true });
}
`;
    const files = routeApp(route, { 'lib/safe-compare.ts': LIB_SAFE_COMPARE });
    const modules = { '@/lib/safe-compare': { safeCompare: (a: string, b: string) => a === b } };
    assert.equal(await runAppGet(route, { secret: 'a2f0c7d1e9b84c6aa1f3', authorization: undefined }, modules), 200, 'no header, no check');
    const finding = single('auth-fails-open', files);
    assert.match(finding.message, /only runs when the request sends an Authorization header: a request without one is not checked and runs the job\. Refuse requests without the header\.$/);
    const fixed = assertFixSettles('auth-fails-open', files, finding.fixes[0]!);
    assert.ok(fixed.includes('  if (!authorization || !safeCompare(authorization, `Bearer ${secret}`)) {'), fixed);
    assertTypeChecks({ [ROUTE]: fixed, 'lib/safe-compare.ts': LIB_SAFE_COMPARE });
    // The route answers 500 when the secret is unset: every forged call is refused, the right one passes.
    for (const [name, call, expected] of GUARD_CASES) {
      const status = await runAppGet(fixed, call, modules);
      if (expected === 200) assert.equal(status, 200, name);
      else assert.ok(status === 401 || (call.secret === undefined && status === 500), `${name}: ${status}`);
    }
  });

  it('a missing header skips a "Bearer undefined" comparison: one finding; the fix refuses without either, in constant time', async () => {
    const route = `export async function GET(request: Request) {
  const authHeader = request.headers.get('authorization');
  if (authHeader && authHeader !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`;
    const files = routeApp(route);
    assert.deepEqual(rowsIn(files), [['auth-fails-open', 'error', 'authHeader && authHeader !== `Bearer ${process.env.CRON_SECRET}`']]);
    assert.match(single('auth-fails-open', files).message, /Refuse requests without the header, and when CRON_SECRET is unset\.$/);
    const fixed = assertFixSettles('auth-fails-open', files, single('auth-fails-open', files).fixes[0]!);
    assert.ok(fixed.includes('  if (!process.env.CRON_SECRET || !authHeader || !isSameSecret(authHeader, `Bearer ${process.env.CRON_SECRET}`)) {'), fixed);
    assert.deepEqual(rowsIn({ ...files, [ROUTE]: fixed }), []);
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  const silent: [name: string, files: Files][] = [
    [
      '!secret || !isValid(request, secret): fail-closed',
      routeApp(SKIP_AND.replace('if (secret && !isValid', 'if (!secret || !isValid'), { 'lib/cron-request.ts': LIB_CRON_REQUEST, 'lib/safe-compare.ts': LIB_SAFE_COMPARE }),
    ],
    [
      "the deployment stage is no switch: process.env.NODE_ENV === 'production' && !verifyCron(request)",
      routeApp(
        `import { verifyCron } from '@/lib/cron';

export async function GET(request: Request) {
  if (process.env.NODE_ENV === 'production' && !verifyCron(request)) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`,
        { 'lib/cron.ts': LIB_VERIFY_CRON },
      ),
    ],
    [
      'nor isProduction && !verifyCron(request)',
      routeApp(
        `import { verifyCron } from '@/lib/cron';

const isProduction = process.env.VERCEL_ENV === 'production';

export async function GET(request: Request) {
  if (isProduction && !verifyCron(request)) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`,
        { 'lib/cron.ts': LIB_VERIFY_CRON },
      ),
    ],
    [
      "the secret's format checked only when it is set: !secret.startsWith('sk_') checks no request",
      routeApp(`export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (secret && !secret.startsWith('cron_')) throw new Error('CRON_SECRET must start with cron_');
  if (!secret || request.headers.get('authorization') !== \`Bearer \${secret}\`) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`),
    ],
    [
      'a switch around a package check that cannot be read: nothing known to skip',
      routeApp(`import { verifyCronRequest } from '@acme/platform';

export async function GET(request: Request) {
  if (process.env.REQUIRE_CRON_AUTH && !verifyCronRequest(request)) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`),
    ],
  ];
  for (const [name, files] of silent) {
    it(`silent: ${name}`, () => assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files), []));
  }
});

describe("auth-fails-open: a comparison's result used later (#15)", () => {
  const RESULT_LATER = `export async function GET(request: Request) {
  const authHeader = request.headers.get('authorization');
  const isAuthorized = authHeader === \`Bearer \${process.env.CRON_SECRET}\`;
  if (!isAuthorized) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`;

  it('!valid negates the comparison, not the secret: fails open; the fix refuses before the comparison', async () => {
    const files = routeApp(RESULT_LATER);
    assert.equal(await runAppGet(RESULT_LATER, UNSET_FORGED), 200, 'open while unset');
    assert.deepEqual(rowsIn(files), [['auth-fails-open', 'error', 'authHeader === `Bearer ${process.env.CRON_SECRET}`']]);
    const fixed = assertFixSettles('auth-fails-open', files, fixTitled(single('auth-fails-open', files), FAIL_CLOSED));
    assert.ok(
      fixed.includes(
        "  if (!process.env.CRON_SECRET) {\n    return Response.json({ error: 'Unauthorized' }, { status: 401 });\n  }\n  const isAuthorized = isSameSecret(authHeader, `Bearer ${process.env.CRON_SECRET}`);\n",
      ),
      fixed,
    );
    assert.deepEqual(rowsIn({ ...files, [ROUTE]: fixed }), []);
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it('a helper that keeps the result, logs a rejection and returns it: reported on GET', () => {
    const files = routeApp(
      `import { isCronAuthorized } from '@/lib/cron-token';

export async function GET(request: Request) {
  if (!isCronAuthorized(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
      { 'lib/cron-token.ts': LIB_RESULT_RETURNED },
    );
    assert.deepEqual(rowsIn(files), [['auth-fails-open', 'error', 'GET']]);
    assert.match(single('auth-fails-open', files).message, /\(the check is in lib\/cron-token\.ts\)/);
  });

  it('silent: the result of a fail-closed comparison (!!secret && …) used later', () => {
    const route = RESULT_LATER.replace(
      "  const isAuthorized = authHeader === `Bearer ${process.env.CRON_SECRET}`;",
      '  const secret = process.env.CRON_SECRET;\n  const isAuthorized = !!secret && authHeader === `Bearer ${secret}`;',
    );
    assert.deepEqual(rowsOf(['auth-fails-open'], routeApp(route)), []);
  });
});

describe('auth-fails-open: another header or a query parameter compared with the secret (#15)', () => {
  const refuse = "    return new Response('Unauthorized', { status: 401 });";
  const route = (body: string, head = '') => `${head}export async function GET(request: Request) {\n${body}\n  return Response.json({ ok: true });\n}\n`;
  const reported: [name: string, files: Files, flaggedText: string, message: RegExp][] = [
    [
      'x-cron-secret checked only when process.env.CRON_SECRET is set',
      routeApp(
        route(`  if (process.env.CRON_SECRET && request.headers.get('x-cron-secret') !== process.env.CRON_SECRET) {\n${refuse}\n  }`),
      ),
      "process.env.CRON_SECRET && request.headers.get('x-cron-secret') !== process.env.CRON_SECRET",
      /only runs when CRON_SECRET is set/,
    ],
    [
      "module-scope `secret = process.env.CRON_SECRET ?? ''`, aliased header, `if (secret && header !== secret)`",
      routeApp(
        route(`  const header = request.headers.get('x-cron-secret');\n  if (secret && header !== secret) {\n${refuse}\n  }`, "const secret = process.env.CRON_SECRET ?? '';\n\n"),
      ),
      'secret && header !== secret',
      /only runs when CRON_SECRET is set/,
    ],
    [
      'query parameter checked only when the secret is set',
      routeApp(
        route(
          `  const key = new URL(request.url).searchParams.get('key');\n  if (process.env.CRON_SECRET && key !== process.env.CRON_SECRET) {\n${refuse}\n  }`,
        ),
      ),
      'process.env.CRON_SECRET && key !== process.env.CRON_SECRET',
      /only runs when CRON_SECRET is set/,
    ],
    [
      'a custom header against `Bearer ${secret}`: "Bearer undefined" gets in',
      routeApp(route(`  if (request.headers.get('x-cron-key') !== \`Bearer \${process.env.CRON_SECRET}\`) {\n${refuse}\n  }`)),
      "request.headers.get('x-cron-key') !== `Bearer ${process.env.CRON_SECRET}`",
      /"Bearer undefined", so anyone sending that value passes/,
    ],
    [
      'a query parameter against a template of the secret alone',
      routeApp(route(`  const key = new URL(request.url).searchParams.get('key');\n  if (key !== \`\${process.env.CRON_SECRET}\`) {\n${refuse}\n  }`)),
      'key !== `${process.env.CRON_SECRET}`',
      /a string containing "undefined"/,
    ],
  ];
  for (const [name, files, text, message] of reported) {
    it(name, () => {
      assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files), [['auth-fails-open', 'error', text]]);
      assert.match(single('auth-fails-open', files).message, message);
    });
  }

  it('Pages API: a header and req.query compared with the bare secret (undefined when missing) are each reported', () => {
    const file = 'pages/api/cron/job.ts';
    const files = app({
      [file]: `import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.headers['x-cron-secret'] !== process.env.CRON_SECRET) return res.status(401).end();
  if (req.query.token !== process.env.CRON_SECRET) return res.status(401).end();
  res.json({ ok: true });
}
`,
      'vercel.json': `{ "crons": [{ "path": "/api/cron/job", "schedule": "0 5 * * *" }] }\n`,
    });
    assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files, file), [
      ['auth-fails-open', 'error', "req.headers['x-cron-secret'] !== process.env.CRON_SECRET"],
      ['auth-fails-open', 'error', 'req.query.token !== process.env.CRON_SECRET'],
    ]);
  });

  it('the fix of a skipped custom-header check refuses when the secret is unset and compares in constant time', () => {
    const files = routeApp(route(`  if (process.env.CRON_SECRET && request.headers.get('x-cron-secret') !== process.env.CRON_SECRET) {\n${refuse}\n  }`));
    const fixed = assertFixSettles('auth-fails-open', files, fixTitled(single('auth-fails-open', files), REFUSE_UNSET));
    assert.ok(fixed.includes("if (!process.env.CRON_SECRET || !isSameSecret(request.headers.get('x-cron-secret'), process.env.CRON_SECRET)) {"), fixed);
    assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], { ...files, [ROUTE]: fixed }), []);
    assertTypeChecks({ [ROUTE]: fixed });
  });

  const silent: [name: string, files: Files][] = [
    [
      'fail closed: `if (!secret || header !== secret)`',
      routeApp(
        route(`  const header = request.headers.get('x-cron-secret');\n  if (!secret || header !== secret) {\n${refuse}\n  }`, 'const secret = process.env.CRON_SECRET;\n\n'),
      ),
    ],
    [
      'fail closed: the secret required first, then a query parameter',
      routeApp(
        route(
          `  if (!process.env.CRON_SECRET) {\n${refuse}\n  }\n  if (new URL(request.url).searchParams.get('key') !== process.env.CRON_SECRET) {\n${refuse}\n  }`,
        ),
      ),
    ],
    [
      "the header (null when missing) against the bare secret: with the secret unset nothing matches",
      routeApp(route(`  if (request.headers.get('x-cron-secret') !== process.env.CRON_SECRET) {\n${refuse}\n  }`)),
    ],
  ];
  for (const [name, files] of silent) {
    it(`no missing-auth nor auth-fails-open: ${name}`, () => {
      assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files), []);
    });
  }
});

describe('auth-fails-open: an env schema that requires CRON_SECRET in production (#15)', () => {
  const route = (specifier: string) => `import { env } from '${specifier}';

export async function GET(request: Request) {
  if (request.headers.get('authorization') !== \`Bearer \${env.CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`;
  const envModule = (schema: string, options = '') => `import { createEnv } from '@t3-oss/env-nextjs';
import { z } from 'zod';

export const env = createEnv({
  server: {
    CRON_SECRET: ${schema},
    DATABASE_URL: z.string().url(),
  },
  runtimeEnv: {
    CRON_SECRET: process.env.CRON_SECRET,
    DATABASE_URL: process.env.DATABASE_URL,
  },${options}
});
`;
  const TEMPLATE = "request.headers.get('authorization') !== `Bearer ${env.CRON_SECRET}`";
  const SRC_TILDE = JSON.stringify({ compilerOptions: { strict: true, paths: { '~/*': ['./src/*'] } } }, null, 2) + '\n';
  /** The route under src/app importing `~/env…` from a JS module. */
  const srcApp = (envFile: string, specifier: string, schema: string): Files =>
    app({
      'src/app/api/cron/job/route.ts': route(specifier),
      [envFile]: envModule(schema),
      'tsconfig.json': SRC_TILDE,
      'vercel.json': `{ "crons": [{ "path": "/api/cron/job", "schedule": "0 5 * * *" }] }\n`,
    });
  const required: [name: string, files: Files][] = [
    ["NODE_ENV === 'production' ? z.string() : z.string().optional()", routeApp(route('@/env'), { 'env.ts': envModule("process.env.NODE_ENV === 'production' ? z.string() : z.string().optional()") })],
    ["NODE_ENV !== 'development' ? z.string().min(1) : z.string().optional()", routeApp(route('@/env'), { 'env.ts': envModule("process.env.NODE_ENV !== 'development' ? z.string().min(1) : z.string().optional()") })],
    ["NODE_ENV === 'development' ? z.string().optional() : z.string()", routeApp(route('@/env'), { 'env.ts': envModule("process.env.NODE_ENV === 'development' ? z.string().optional() : z.string()") })],
    ['z.string().min(1) with emptyStringAsUndefined', routeApp(route('@/env'), { 'env.ts': envModule('z.string().min(1)', '\n  emptyStringAsUndefined: true,') })],
    ['a JS env module (src/env.js) with the production ternary', srcApp('src/env.js', '~/env', "process.env.NODE_ENV === 'production' ? z.string() : z.string().optional()")],
    ['an env.mjs imported with its extension', srcApp('src/env.mjs', '~/env.mjs', 'z.string().min(32)')],
  ];
  for (const [name, files] of required) {
    it(`silent: ${name}`, () => {
      const file = Object.keys(files).find((f) => f.endsWith('route.ts'))!;
      assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files, file), []);
    });
  }
  const optional: [name: string, schema: string][] = [
    ['optional in every branch', "process.env.NODE_ENV === 'production' ? z.string().optional() : z.string().optional()"],
    ['optional in production only', "process.env.NODE_ENV === 'production' ? z.string().optional() : z.string()"],
    ['.min(1).optional()', 'z.string().min(1).optional()'],
    ['a ternary on another switch, optional in one branch', "process.env.SKIP_CRON === '1' ? z.string().optional() : z.string()"],
  ];
  for (const [name, schema] of optional) {
    it(`reported: ${name}`, () => {
      const files = routeApp(route('@/env'), { 'env.ts': envModule(schema) });
      assert.deepEqual(rowsOf(['auth-fails-open'], files), [['auth-fails-open', 'error', TEMPLATE]]);
    });
  }
});

describe('auth-fails-open: the only check is a fail-open one in middleware (#15)', () => {
  // The counter is the job's work: a handler that only answers runs no job, and is not missing-auth.
  const ROUTE_NO_CHECK = `let runs = 0;

export async function GET() {
  runs += 1;
  return Response.json({ ok: true, runs });
}
`;
  const middleware = (body: string, matcher = "'/api/cron/:path*'") => `import { NextResponse, type NextRequest } from 'next/server';

export function middleware(request: NextRequest) {
${body}
  return NextResponse.next();
}

export const config = { matcher: [${matcher}] };
`;
  const refuse = "return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });";
  const OPEN = `  if (request.nextUrl.pathname.startsWith('/api/cron/')) {
    const authHeader = request.headers.get('authorization');
    if (authHeader !== \`Bearer \${process.env.CRON_SECRET}\`) {
      ${refuse}
    }
  }`;

  it('reported on GET, naming the middleware line, with the comparison as the related place; no fix', () => {
    const files = routeApp(ROUTE_NO_CHECK, { 'middleware.ts': middleware(OPEN) });
    assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files), [['auth-fails-open', 'error', 'GET']]);
    const finding = single('auth-fails-open', files);
    assert.match(finding.message, /the check for \/api\/cron\/job is in middleware\.ts line 6, and when CRON_SECRET is unset that check compares the header with "Bearer undefined"/);
    assert.deepEqual(finding.fixes, []);
    assert.equal(finding.related?.length, 1);
    assert.equal(flagged(files['middleware.ts']!, finding.related![0]!), 'authHeader !== `Bearer ${process.env.CRON_SECRET}`');
    assert.equal(finding.related![0]!.file, 'middleware.ts');
  });

  const reported: [name: string, files: Files][] = [
    ['proxy.ts (Next 16), the check at the top of the function', routeApp(ROUTE_NO_CHECK, { 'proxy.ts': middleware(`  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {\n    ${refuse}\n  }`).replace('function middleware', 'function proxy') })],
    ['the path test and the comparison in one condition', routeApp(ROUTE_NO_CHECK, { 'middleware.ts': middleware(`  if (request.nextUrl.pathname.startsWith('/api/cron') && request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {\n    ${refuse}\n  }`) })],
  ];
  for (const [name, files] of reported) {
    it(`reported: ${name}`, () => {
      assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files), [['auth-fails-open', 'error', 'GET']]);
    });
  }

  const silent: [name: string, files: Files][] = [
    [
      'the middleware refuses when the secret is unset',
      routeApp(ROUTE_NO_CHECK, { 'middleware.ts': middleware(`  if (!process.env.CRON_SECRET) {\n    ${refuse}\n  }\n${OPEN}`) }),
    ],
    [
      'the check runs for another prefix only (cannot be said to guard this path)',
      routeApp(ROUTE_NO_CHECK, { 'middleware.ts': middleware(OPEN.replace("'/api/cron/'", "'/api/jobs/'")) }),
    ],
    [
      'an early return before the check',
      routeApp(ROUTE_NO_CHECK, { 'middleware.ts': middleware(`  if (request.cookies.has('session')) return NextResponse.next();\n${OPEN}`) }),
    ],
    [
      'a path test the analysis cannot read',
      routeApp(ROUTE_NO_CHECK, { 'middleware.ts': middleware(OPEN.replace("request.nextUrl.pathname.startsWith('/api/cron/')", 'isCronPath(request)')) }),
    ],
    [
      'the route checks fail-closed itself',
      routeApp(
        `export async function GET(request: Request) {
  if (!process.env.CRON_SECRET || request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
        { 'middleware.ts': middleware(OPEN) },
      ),
    ],
  ];
  for (const [name, files] of silent) {
    it(`no auth-fails-open: ${name}`, () => {
      assert.deepEqual(rowsOf(['auth-fails-open'], files), []);
    });
  }

  it('a matcher that does not cover the cron path: the route is unprotected (missing-auth), not fail-open', () => {
    const files = routeApp(ROUTE_NO_CHECK, { 'middleware.ts': middleware(OPEN, "'/dashboard/:path*'") });
    assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files), [['missing-auth', 'error', 'GET']]);
  });

  // Routes nothing schedules, outside the glob: the middleware's CRON_SECRET check is what says the
  // app means a cron to call them. Checked like the glob's routes (GET only, at most a warning).
  const TASKS_OPEN = OPEN.replace("'/api/cron/'", "'/api/tasks/'");
  const tasksApp = (extra: Files, matcher = "'/api/tasks/:slug*'", body = TASKS_OPEN) =>
    routeApp(ROUTE_NO_CHECK, { 'middleware.ts': middleware(body, matcher), ...extra });
  it('an unscheduled route the fail-open check covers is a cron route: auth-fails-open, a warning, naming its own path', () => {
    const files = tasksApp({ 'app/api/tasks/rebuild-index/route.ts': ROUTE_NO_CHECK });
    assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files, 'app/api/tasks/rebuild-index/route.ts'), [['auth-fails-open', 'warning', 'GET']]);
    assert.match(single('auth-fails-open', files, 'app/api/tasks/rebuild-index/route.ts').message, /the check for \/api\/tasks\/rebuild-index is in middleware\.ts line 6/);
  });
  it('the check without a path test, the matcher alone saying where it runs', () => {
    const files = tasksApp(
      { 'app/api/tasks/rebuild-index/route.ts': ROUTE_NO_CHECK },
      "'/api/tasks/:slug*'",
      `  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {\n    ${refuse}\n  }`,
    );
    assert.deepEqual(rowsOf(['auth-fails-open'], files, 'app/api/tasks/rebuild-index/route.ts'), [['auth-fails-open', 'warning', 'GET']]);
  });

  const notCronRoutes: [name: string, files: Files, file: string][] = [
    ['outside the matcher', tasksApp({ 'app/api/reports/summary/route.ts': ROUTE_NO_CHECK }, "'/api/tasks/:slug*'"), 'app/api/reports/summary/route.ts'],
    [
      'inside the matcher, outside the path test around the check',
      tasksApp({ 'app/api/reports/summary/route.ts': ROUTE_NO_CHECK }, "'/api/:slug*'"),
      'app/api/reports/summary/route.ts',
    ],
    ['a dynamic route (no path Vercel calls: cannot tell)', tasksApp({ 'app/api/tasks/[task]/route.ts': ROUTE_NO_CHECK }), 'app/api/tasks/[task]/route.ts'],
    [
      'the middleware refuses when the secret is unset (no fail-open check to report)',
      tasksApp({ 'app/api/tasks/rebuild-index/route.ts': ROUTE_NO_CHECK }, "'/api/tasks/:slug*'", `  if (!process.env.CRON_SECRET) {\n    ${refuse}\n  }\n${TASKS_OPEN}`),
      'app/api/tasks/rebuild-index/route.ts',
    ],
    [
      'a check the analysis cannot place (behind an early return)',
      tasksApp({ 'app/api/tasks/rebuild-index/route.ts': ROUTE_NO_CHECK }, "'/api/tasks/:slug*'", `  if (request.cookies.has('session')) return NextResponse.next();\n${TASKS_OPEN}`),
      'app/api/tasks/rebuild-index/route.ts',
    ],
  ];
  for (const [name, files, file] of notCronRoutes) {
    it(`not a cron route: ${name}`, () => {
      assert.ok(file in files);
      assert.deepEqual(
        runRoutes(files).map((r) => r.file),
        [ROUTE],
      );
    });
  }
});

describe('auth-fails-open: a helper that lets the request through when no secret is configured', () => {
  /** The route: awaits the helper in lib/gate.ts, then does its work. */
  const AWAITS_GATE = `import { ensureScheduler } from '@/lib/gate';

export async function GET() {
  await ensureScheduler();
  await fetch('https://example.com/rebuild', { method: 'POST' });
  return Response.json({ rebuilt: true });
}
`;
  /** The route: refuses when the boolean helper in lib/gate.ts says no. */
  const ASKS_GATE = `import { isScheduler } from '@/lib/gate';

export async function GET(request: Request) {
  if (!(await isScheduler(request))) return new Response('Unauthorized', { status: 401 });
  await fetch('https://example.com/rebuild', { method: 'POST' });
  return Response.json({ rebuilt: true });
}
`;
  const TOKEN_LIST = (accept: string, filter = '.filter(Boolean) as string[]') => `import { headers } from 'next/headers';

async function verdict(): Promise<{ allowed: boolean; reason?: string }> {
  const presented = (await headers()).get('authorization');
  const accepted = [process.env['CRON_SECRET'], process.env.DEPLOY_HOOK_TOKEN]${filter};
  ${accept}
  if (!presented) return { allowed: false, reason: 'no header' };
  if (!accepted.some((entry) => presented === \`Bearer \${entry}\`)) return { allowed: false, reason: 'wrong token' };
  return { allowed: true };
}

export async function ensureScheduler(): Promise<void> {
  const result = await verdict();
  if (!result.allowed) throw new Error(result.reason);
}
`;

  const open: [name: string, gate: string, route: string, message: RegExp][] = [
    [
      'a list of tokens, none configured: { allowed: true } before comparing each',
      TOKEN_LIST("if (accepted.length === 0) {\n    console.warn('no token configured');\n    return { allowed: true };\n  }"),
      AWAITS_GATE,
      /only runs when CRON_SECRET or another accepted secret \(DEPLOY_HOOK_TOKEN\) is set \(in lib\/gate\.ts\): with none of them set every request runs the job/,
    ],
    ['!tokens.length, returning the verdict', TOKEN_LIST('if (!accepted.length) return { allowed: true };'), AWAITS_GATE, /another accepted secret \(DEPLOY_HOOK_TOKEN\)/],
    [
      'each token tested: !cronSecret && !hookToken',
      `export function isScheduler(request: Request): boolean {
  const cronSecret = process.env.CRON_SECRET;
  const hookToken = process.env.DEPLOY_HOOK_TOKEN;
  const admin = process.env.OPS_TOKEN;
  if (!cronSecret && !hookToken && !admin) return true;
  const presented = request.headers.get('authorization');
  return presented === \`Bearer \${cronSecret}\` || presented === \`Bearer \${hookToken}\` || presented === \`Bearer \${admin}\`;
}
`,
      ASKS_GATE,
      /CRON_SECRET or one of the other accepted secrets \(DEPLOY_HOOK_TOKEN, OPS_TOKEN\) is set/,
    ],
    [
      'one secret, a boolean helper: if (!secret) return true',
      `export function isScheduler(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return true;
  return request.headers.get('authorization') === \`Bearer \${secret}\`;
}
`,
      ASKS_GATE,
      /^The check only runs when CRON_SECRET is set \(in lib\/gate\.ts\): without it every request runs the job/,
    ],
    [
      'one secret, a helper that refuses by throwing: if (secret === undefined) return;',
      `import { headers } from 'next/headers';

export async function ensureScheduler(): Promise<void> {
  const secret = process.env['CRON_SECRET'];
  if (secret === undefined) return;
  if ((await headers()).get('authorization') !== \`Bearer \${secret}\`) throw new Error('Unauthorized');
}
`,
      AWAITS_GATE,
      /^The check only runs when CRON_SECRET is set/,
    ],
    [
      'a helper answering a 401 or null: if (!secret) return null',
      `export function refusal(request: Request): Response | null {
  if (!process.env.CRON_SECRET) return null;
  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });
  return null;
}
`,
      `import { refusal } from '@/lib/gate';

export async function GET(request: Request) {
  const refused = refusal(request);
  if (refused) return refused;
  await fetch('https://example.com/rebuild', { method: 'POST' });
  return Response.json({ rebuilt: true });
}
`,
      /^The check only runs when CRON_SECRET is set/,
    ],
    [
      'an unfiltered list: each entry may be undefined, so "Bearer undefined" passes',
      TOKEN_LIST('', ''),
      AWAITS_GATE,
      /compares with "Bearer undefined"/,
    ],
  ];
  for (const [name, gate, route, message] of open) {
    it(`reported on GET, with no fix: ${name}`, () => {
      const files = routeApp(route, { 'lib/gate.ts': gate });
      assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files), [['auth-fails-open', 'error', 'GET']]);
      const finding = single('auth-fails-open', files);
      assert.match(finding.message, message);
      assert.deepEqual(finding.fixes, []);
    });
  }

  it('in a helper of the route file: flagged on the condition, still with no fix (the pass value is the helper\'s)', () => {
    const route = `function isScheduler(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return true;
  return request.headers.get('authorization') === \`Bearer \${secret}\`;
}

export async function GET(request: Request) {
  if (!isScheduler(request)) return new Response('Unauthorized', { status: 401 });
  await fetch('https://example.com/rebuild', { method: 'POST' });
  return Response.json({ rebuilt: true });
}
`;
    const files = routeApp(route);
    assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files), [['auth-fails-open', 'error', '!secret']]);
    assert.deepEqual(single('auth-fails-open', files).fixes, []);
  });

  const closed: [name: string, gate: string, route: string][] = [
    ['a list of tokens, none configured: refused', TOKEN_LIST('if (accepted.length === 0) return { allowed: false, reason: "no token configured" };'), AWAITS_GATE],
    ['a filtered list with no early answer: an empty list matches nothing', TOKEN_LIST(''), AWAITS_GATE],
    [
      'if (!secret) return false: the helper refuses',
      `export function isScheduler(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return false;
  return request.headers.get('authorization') === \`Bearer \${secret}\`;
}
`,
      ASKS_GATE,
    ],
    [
      'the early value is another property than the verdict: { configured: true } is no pass',
      TOKEN_LIST('if (accepted.length === 0) return { allowed: false, configured: true } as { allowed: boolean };'),
      AWAITS_GATE,
    ],
    [
      'an early return without the secret, but nothing after it refuses: no check is skipped',
      `import { headers } from 'next/headers';

export async function ensureScheduler(): Promise<void> {
  const secret = process.env.CRON_SECRET;
  if (!secret) return;
  const presented = (await headers()).get('authorization');
  console.info('scheduler call', presented === \`Bearer \${secret}\`);
}
`,
      AWAITS_GATE,
    ],
    [
      'the handler itself returns early without the secret: it answers, the job does not run',
      `export function unused(): void {}
`,
      `export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (!secret) return Response.json({ skipped: true });
  if (request.headers.get('authorization') !== \`Bearer \${secret}\`) return new Response('Unauthorized', { status: 401 });
  await fetch('https://example.com/rebuild', { method: 'POST' });
  return Response.json({ rebuilt: true });
}
`,
    ],
  ];
  for (const [name, gate, route] of closed) {
    it(`silent: ${name}`, () => assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], routeApp(route, { 'lib/gate.ts': gate })), []));
  }
});

describe('auth-fails-open: GET answering with a POST that a factory of the project builds', () => {
  const JOB = `async function rebuildIndex() {
  await fetch('https://example.com/rebuild', { method: 'POST' });
  return { rebuilt: true };
}
`;
  const FORWARD = `
export async function GET(request: Request) {
  return POST(request);
}
`;
  /** lib/scheduled.ts: the factory returns handlers that run a fail-open check (three calls deep) before the job. */
  const FACTORY = `async function isScheduler(request: Request): Promise<boolean> {
  return request.headers.get('authorization') === \`Bearer \${process.env.CRON_SECRET}\`;
}

async function guarded(label: string, run: () => Promise<object>, request: Request): Promise<Response> {
  if (!(await isScheduler(request))) return new Response('Unauthorized', { status: 401 });
  return Response.json({ label, ...(await run()) });
}

export function scheduledTask(label: string, run: () => Promise<object>) {
  const POST = async (request: Request): Promise<Response> => guarded(label, run, request);
  return {
    POST,
    async HEAD(): Promise<Response> {
      return new Response(null, { status: 200 });
    },
  };
}

export function scheduledPost(label: string, run: () => Promise<object>) {
  return async (request: Request): Promise<Response> => guarded(label, run, request);
}
`;
  const shapes: [name: string, route: string][] = [
    ['export const { POST, HEAD } = task, task = scheduledTask(…)', `import { scheduledTask } from '@/lib/scheduled';\n\n${JOB}\nconst task = scheduledTask('rebuild', rebuildIndex);\n\nexport const { POST, HEAD } = task;\n${FORWARD}`],
    ['export const { POST } = scheduledTask(…)', `import { scheduledTask } from '@/lib/scheduled';\n\n${JOB}\nexport const { POST } = scheduledTask('rebuild', rebuildIndex);\n${FORWARD}`],
    ['export const POST = scheduledPost(…), returning the handler', `import { scheduledPost } from '@/lib/scheduled';\n\n${JOB}\nexport const POST = scheduledPost('rebuild', rebuildIndex);\n${FORWARD}`],
  ];
  for (const [name, route] of shapes) {
    it(`followed into the factory's handler: ${name}`, () => {
      const files = routeApp(route, { 'lib/scheduled.ts': FACTORY });
      assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files), [['auth-fails-open', 'error', 'GET']]);
      assert.match(single('auth-fails-open', files).message, /\(the check is in lib\/scheduled\.ts\)/);
    });
  }

  it('a factory whose handler refuses an unset secret: silent, not missing-auth', () => {
    const closed = FACTORY.replace("return request.headers.get('authorization')", "if (!process.env.CRON_SECRET) return false;\n  return request.headers.get('authorization')");
    assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], routeApp(shapes[0]![1], { 'lib/scheduled.ts': closed })), []);
  });

  it('a factory from a package: the route is listed as not analysed, never missing-auth', () => {
    const route = `import { scheduledTask } from '@acme/task-kit';\n\n${JOB}\nexport const { POST } = scheduledTask('rebuild', rebuildIndex);\n${FORWARD}`;
    const [result] = runRoutes(routeApp(route)).filter((r) => r.file === ROUTE);
    assert.equal(result!.notAnalysed, 'the handler answers with POST, built by a call whose code is not visible');
    assert.deepEqual(result!.findings, []);
  });
});

describe('auth-fails-open: a GET that only answers, the job in POST', () => {
  const STATUS_GET = `
export async function GET() {
  return Response.json({ service: 'rebuild', ready: true });
}
`;
  const POST_WITH = (check: string) => `export async function POST(request: Request) {
${check}
  await fetch('https://example.com/rebuild', { method: 'POST' });
  return Response.json({ rebuilt: true });
}
${STATUS_GET}`;
  const OPEN = "  if (request.headers.get('authorization') !== `Bearer ${process.env['CRON_SECRET']}`) return new Response('Unauthorized', { status: 401 });";

  it("POST's comparison fails open: reported on it, and the fix refuses first in POST", () => {
    const route = POST_WITH(OPEN);
    const files = routeApp(route);
    assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], files), [['auth-fails-open', 'error', "request.headers.get('authorization') !== `Bearer ${process.env['CRON_SECRET']}`"]]);
    const fixed = applyFix(route, fixTitled(single('auth-fails-open', files), FAIL_CLOSED));
    assert.match(fixed, /export async function POST\(request: Request\) \{\n {2}if \(!process\.env\.CRON_SECRET\) \{/);
    assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], routeApp(fixed)), []);
  });

  const silent: [name: string, route: string][] = [
    ['POST refuses an unset secret first', POST_WITH("  if (!process.env.CRON_SECRET) return new Response('not configured', { status: 500 });\n" + OPEN)],
    ['POST checks nothing: a POST may be for a signed-in user, so no missing-auth from it', POST_WITH('')],
  ];
  for (const [name, route] of silent) it(`silent: ${name}`, () => assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], routeApp(route)), []));

  it('a GET that does work is the cron route, as before: missing-auth on it, nothing from POST', () => {
    const route = POST_WITH(OPEN).replace("return Response.json({ service: 'rebuild', ready: true });", "await fetch('https://example.com/warm');\n  return Response.json({ warmed: true });");
    assert.deepEqual(rowsOf(['auth-fails-open', 'missing-auth'], routeApp(route)), [['missing-auth', 'error', 'GET']]);
  });
});
