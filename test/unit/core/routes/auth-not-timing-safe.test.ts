import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDefaultFix } from '../../../../src/core/diagnostics';
import { app, applyFix, doubleQuotesNoSemis, EDGE_HELPER, type Files, findingsIn, fixOnce, fixTitled, NODE_HELPER, ROUTE, routeApp, rowsIn, rowsOf, single } from '../../support/ruleHarness';
import { assertGuards, runAppGet, runPagesHandler } from '../../support/routeRunner';
import { LIB_ASSERT_CRON, LIB_SAFE_COMPARE } from './sources';
import { assertTypeChecks, diagnosticsOf } from './typecheck';

const TITLE = /^Use a timing-safe comparison$/;

describe('auth-not-timing-safe: constant-time comparisons are silent', () => {
  const cases: [name: string, files: Files, todo?: string][] = [
    [
      'safeCompare() from lib/',
      routeApp(
        `import { safeCompare } from '@/lib/safe-compare';

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (!secret || !safeCompare(request.headers.get('authorization') ?? '', \`Bearer \${secret}\`)) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`,
        { 'lib/safe-compare.ts': LIB_SAFE_COMPARE },
      ),
    ],
    [
      'crypto.timingSafeEqual through a default import, inside try (it throws on length mismatch)',
      routeApp(`import crypto from 'node:crypto';

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (!secret) return new Response('misconfigured', { status: 500 });
  try {
    if (!crypto.timingSafeEqual(Buffer.from(request.headers.get('authorization') ?? ''), Buffer.from(\`Bearer \${secret}\`))) throw new Error('mismatch');
  } catch {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`),
    ],
    [
      '=== inside a helper of lib/ (not this file: nothing to point at or fix here)',
      routeApp(
        `import { assertCronRequest } from '@/lib/cron-auth';

export async function GET(request: Request) {
  assertCronRequest(request);
  return Response.json({ ok: true });
}
`,
        { 'lib/cron-auth.ts': LIB_ASSERT_CRON },
      ),
    ],
    [
      'timingSafeEqual with the usual length check first',
      routeApp(`import { timingSafeEqual } from 'node:crypto';

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (!secret) return new Response('misconfigured', { status: 500 });
  const actual = Buffer.from(request.headers.get('authorization') ?? '');
  const expected = Buffer.from(\`Bearer \${secret}\`);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`)],
  ];
  for (const [name, files, todo] of cases) {
    it(name, todo ? { todo } : {}, () => assert.deepEqual(rowsIn(files), []));
  }
});

describe('auth-not-timing-safe: === / !== on the secret', () => {
  const ROUTE_NE = `export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  const authHeader = request.headers.get('authorization');
  if (!secret || authHeader !== \`Bearer \${secret}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`;

  it('!==: hint on the comparison; the fix calls isSameSecret and adds the helper and import', async () => {
    const files = routeApp(ROUTE_NE);
    assert.deepEqual(rowsIn(files), [['auth-not-timing-safe', 'hint', 'authHeader !== `Bearer ${secret}`']]);
    const finding = single('auth-not-timing-safe', files);
    assert.match(finding.message, /^!== on a secret returns as soon as a character differs/);
    assert.equal(fixTitled(finding, TITLE).safe, false, 'adds a helper and an import: more than keeping the meaning');
    assert.ok(isDefaultFix('auth-not-timing-safe', fixTitled(finding, TITLE)), 'auth hardening: fix applies it unasked');
    const fixed = fixOnce('auth-not-timing-safe', files, TITLE);
    assert.equal(
      fixed,
      `import { timingSafeEqual } from 'node:crypto';

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  const authHeader = request.headers.get('authorization');
  if (!secret || !isSameSecret(authHeader, \`Bearer \${secret}\`)) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}

${NODE_HELPER}
`,
    );
    assert.deepEqual(rowsIn({ ...files, [ROUTE]: fixed }), [], 'nothing left at all');
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it('===, NextResponse, double quotes and no semicolons', async () => {
    const route = `import { NextResponse } from "next/server"

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET
  const ok = !!secret && request.headers.get("authorization") === \`Bearer \${secret}\`
  if (!ok) return NextResponse.json({ error: "Unauthorized" }, { status: 401 })
  return NextResponse.json({ ok: true })
}
`;
    const fixed = fixOnce('auth-not-timing-safe', routeApp(route), TITLE);
    assert.equal(
      fixed,
      `import { NextResponse } from "next/server"
import { timingSafeEqual } from "node:crypto"

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET
  const ok = !!secret && isSameSecret(request.headers.get("authorization"), \`Bearer \${secret}\`)
  if (!ok) return NextResponse.json({ error: "Unauthorized" }, { status: 401 })
  return NextResponse.json({ ok: true })
}

${doubleQuotesNoSemis(NODE_HELPER)}
`,
    );
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it('a file that already has isSameSecret and the import gets neither again', () => {
    const route = `import { timingSafeEqual } from 'node:crypto';

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (!secret || request.headers.get('authorization') !== \`Bearer \${secret}\`) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}

${NODE_HELPER}
`;
    const fixed = fixOnce('auth-not-timing-safe', routeApp(route), TITLE);
    assert.equal(
      fixed,
      route.replace(
        "request.headers.get('authorization') !== `Bearer ${secret}`",
        "!isSameSecret(request.headers.get('authorization'), `Bearer ${secret}`)",
      ),
    );
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it('edge runtime, async GET: the awaited Web Crypto helper', async () => {
    const route = `export const runtime = 'edge';

export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (!secret || request.headers.get('authorization') !== \`Bearer \${secret}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`;
    const fixed = fixOnce('auth-not-timing-safe', routeApp(route), TITLE);
    assert.equal(
      fixed,
      route.replace(
        "request.headers.get('authorization') !== `Bearer ${secret}`",
        "!(await isSameSecret(request.headers.get('authorization'), `Bearer ${secret}`))",
      ) + `\n${EDGE_HELPER}\n`,
    );
    assert.doesNotMatch(fixed, /node:crypto/);
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it(
    'edge runtime, GET not async: the fixed file must still compile',
    () => {
      const route = `import { NextResponse, type NextRequest } from 'next/server';

export const runtime = 'edge';

export function GET(request: NextRequest) {
  const secret = process.env.CRON_SECRET;
  if (!secret || request.headers.get('authorization') !== \`Bearer \${secret}\`) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
  return NextResponse.json({ ok: true });
}
`;
      const fixed = applyFix(route, fixTitled(single('auth-not-timing-safe', routeApp(route)), TITLE));
      assert.deepEqual(diagnosticsOf({ [ROUTE]: fixed }), []);
    },
  );

  it(
    'edge runtime, comparison in a synchronous helper of the same file: the fixed file must still compile',
    async () => {
      const route = `function isCron(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  return !!secret && request.headers.get('authorization') === \`Bearer \${secret}\`;
}

export const runtime = 'edge';

export async function GET(request: Request) {
  if (!isCron(request)) return new Response(null, { status: 401 });
  return Response.json({ ok: true });
}
`;
      const files = routeApp(route);
      assert.deepEqual(rowsIn(files), [['auth-not-timing-safe', 'hint', "request.headers.get('authorization') === `Bearer ${secret}`"]]);
      const fixed = applyFix(route, fixTitled(single('auth-not-timing-safe', files), TITLE));
      assert.deepEqual(diagnosticsOf({ [ROUTE]: fixed }), []);
      assert.deepEqual(rowsIn({ ...files, [ROUTE]: fixed }), [], 'the synchronous helper counts as constant-time');
      await assertGuards((call) => runAppGet(fixed, call));
    },
  );

  it('Pages Router: req.headers.authorization', async () => {
    const file = 'pages/api/cron/job.ts';
    const route = `import type { NextApiRequest, NextApiResponse } from 'next';

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const { CRON_SECRET } = process.env;
  if (!CRON_SECRET || req.headers.authorization !== \`Bearer \${CRON_SECRET}\`) {
    return res.status(401).json({ error: 'Unauthorized' });
  }
  res.status(200).json({ ok: true });
}
`;
    const files = app({ [file]: route });
    assert.deepEqual(rowsIn(files, file), [['auth-not-timing-safe', 'hint', 'req.headers.authorization !== `Bearer ${CRON_SECRET}`']]);
    const fixed = fixOnce('auth-not-timing-safe', files, TITLE, file);
    assert.ok(fixed.includes('if (!CRON_SECRET || !isSameSecret(req.headers.authorization, `Bearer ${CRON_SECRET}`)) {'), fixed);
    assertTypeChecks({ [file]: fixed });
    await assertGuards((call) => runPagesHandler(fixed, call));
  });

  it('the secret on the left: `Bearer ${secret}` !== header keeps the operand order', () => {
    const files = routeApp(`export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (!secret) return new Response(null, { status: 500 });
  if (\`Bearer \${secret}\` !== request.headers.get('authorization')) return new Response(null, { status: 401 });
  return new Response('ok');
}
`);
    assert.deepEqual(rowsOf(['auth-not-timing-safe'], files), [
      ['auth-not-timing-safe', 'hint', "`Bearer ${secret}` !== request.headers.get('authorization')"],
    ]);
    const fixed = fixOnce('auth-not-timing-safe', files, TITLE);
    assert.ok(fixed.includes("if (!isSameSecret(`Bearer ${secret}`, request.headers.get('authorization'))) return"), fixed);
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it('two comparisons in one file: two hints, one helper and one import after fixing both', () => {
    const route = `export async function GET(request: Request) {
  const secret = process.env.CRON_SECRET;
  if (!secret) return new Response(null, { status: 500 });
  const auth = request.headers.get('authorization');
  if (auth !== \`Bearer \${secret}\` && auth !== secret) return new Response(null, { status: 401 });
  return new Response('ok');
}
`;
    const files = routeApp(route);
    assert.deepEqual(rowsOf(['auth-not-timing-safe'], files), [
      ['auth-not-timing-safe', 'hint', 'auth !== `Bearer ${secret}`'],
      ['auth-not-timing-safe', 'hint', 'auth !== secret'],
    ]);
    const hints = (text: string) => findingsIn({ ...files, [ROUTE]: text }).filter((f) => f.code === 'auth-not-timing-safe');
    let text = applyFix(route, fixTitled(hints(route)[0]!, TITLE));
    assert.equal(hints(text).length, 1, 'the other comparison is still there');
    text = applyFix(text, fixTitled(hints(text)[0]!, TITLE));
    assert.deepEqual(rowsIn({ ...files, [ROUTE]: text }), []);
    assert.equal(text.match(/function isSameSecret/g)?.length, 1, text);
    assert.equal(text.match(/import \{ timingSafeEqual \}/g)?.length, 1, text);
    assertTypeChecks({ [ROUTE]: text });
  });

  it('turned off by the rules setting', () => {
    assert.deepEqual(rowsIn(routeApp(ROUTE_NE), ROUTE, { rules: { 'auth-not-timing-safe': 'off' } }), []);
  });
});

describe('auth-not-timing-safe: one line, one finding (#15)', () => {
  const cases: [name: string, route: string, expected: [code: string, text: string][]][] = [
    [
      'the Vercel docs comparison fails open: only auth-fails-open on its line',
      "export async function GET(request: Request) {\n  if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n",
      [['auth-fails-open', "request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`"]],
    ],
    [
      'the expected header built at module scope, compared with no refusal: only auth-fails-open',
      "const expected = `Bearer ${process.env.CRON_SECRET}`;\n\nexport async function GET(request: Request) {\n  if (request.headers.get('authorization') !== expected) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n",
      [['auth-fails-open', "request.headers.get('authorization') !== expected"]],
    ],
    [
      'the same header refused first when the secret is unset: the hint is the finding',
      "const expected = `Bearer ${process.env.CRON_SECRET}`;\n\nexport async function GET(request: Request) {\n  if (!process.env.CRON_SECRET) return new Response(null, { status: 500 });\n  if (request.headers.get('authorization') !== expected) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n",
      [['auth-not-timing-safe', "request.headers.get('authorization') !== expected"]],
    ],
    [
      'a skipped check on one line, the comparison on the next: both, one per line',
      "export async function GET(request: Request) {\n  if (process.env.CRON_SECRET) {\n    if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) return new Response(null, { status: 401 });\n  }\n  return Response.json({ ok: true });\n}\n",
      [
        ['auth-fails-open', 'process.env.CRON_SECRET'],
        ['auth-not-timing-safe', "request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`"],
      ],
    ],
  ];
  for (const [name, route, expected] of cases) {
    it(name, () => {
      assert.deepEqual(
        rowsOf(['auth-fails-open', 'auth-not-timing-safe'], routeApp(route)).map(([code, , text]) => [code, text]),
        expected,
      );
    });
  }

  it('with auth-fails-open turned off, the hint is the line\'s one finding', () => {
    const [, route] = cases[1]!;
    assert.deepEqual(
      rowsOf(['auth-fails-open', 'auth-not-timing-safe'], routeApp(route), ROUTE, { rules: { 'auth-fails-open': 'off' } }).map(([code]) => code),
      ['auth-not-timing-safe'],
    );
  });
});
