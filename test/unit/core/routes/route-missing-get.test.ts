import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkVercelJson } from '../../../../src/core/vercel/check';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { app, CRON_PATH, type Files, fixOnce, flagged, projectOf, ROUTE, routeApp, rowsIn, rowsOf, runRoutes, single } from '../../support/ruleHarness';
import { assertGuards, runAppGet } from '../../support/routeRunner';
import { LIB_VERIFY_CRON } from './sources';
import { assertTypeChecks } from './typecheck';

const TITLE = /^Add a GET handler$/;

/** A POST-only job whose logic reads no body, protected by the lib/ helper. */
const POST_ONLY = `import { NextResponse } from 'next/server';
import { verifyCron } from '@/lib/cron';

export async function POST(request: Request) {
  if (!verifyCron(request)) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  return NextResponse.json({ sent: 12 });
}
`;

describe('route-missing-get in the route file: routes that answer GET, or cannot be judged', () => {
  const cases: [name: string, files: Files, file?: string][] = [
    [
      'GET and POST',
      routeApp("export async function GET() { return new Response('ok'); }\nexport async function POST() { return new Response('ok'); }\n"),
    ],
    [
      'export { handler as GET }',
      routeApp("async function handler() { return new Response('ok'); }\nexport { handler as GET, handler as POST };\n"),
    ],
    [
      'export * from …: anything could be exported',
      routeApp("export * from '@/lib/handlers';\nexport async function POST() { return new Response('ok'); }\n", {
        'lib/handlers.ts': 'export async function GET() { return new Response(); }\n',
      }),
    ],
    ['no handler yet', routeApp('// TODO: the digest job\n')],
    [
      'Pages Router default export takes every method',
      app({
        'pages/api/cron/job.ts':
          'export default function handler(_req: unknown, res: { status(n: number): { end(): void } }) {\n  res.status(200).end();\n}\n',
      }),
      'pages/api/cron/job.ts',
    ],
  ];
  for (const [name, files, file] of cases) {
    it(name, () => assert.deepEqual(rowsOf(['route-missing-get'], files, file ?? ROUTE), []));
  }

  it('a POST-only route only the glob names is no cron route at all (not even checked)', () => {
    const files = app({ 'vercel.json': '{}\n', [ROUTE]: POST_ONLY, 'lib/cron.ts': LIB_VERIFY_CRON });
    assert.deepEqual(
      runRoutes(files).map((r) => r.file),
      [],
    );
  });

  it('a POST-only route that Schedules requests with POST is a public path target: checked through its POST, and no GET is asked for', () => {
    const vercel = JSON.stringify({ schedules: [{ name: 'digest', schedule: '0 5 * * *', path: '/api/cron/job', requestMethod: 'POST' }] }, null, 2);
    const files = app({ 'vercel.json': vercel, [ROUTE]: POST_ONLY, 'lib/cron.ts': LIB_VERIFY_CRON });
    assert.deepEqual(
      runRoutes(files).map((r) => r.file),
      [ROUTE],
    );
    assert.deepEqual(rowsIn(files), []);
  });
});

describe('route-missing-get in the route file: POST only, scheduled with GET', () => {
  it('error on the POST name; "Add a GET handler" reuses POST when it reads no body', async () => {
    const files = routeApp(POST_ONLY, { 'lib/cron.ts': LIB_VERIFY_CRON });
    assert.deepEqual(rowsIn(files), [['route-missing-get', 'error', 'POST']]);
    const finding = single('route-missing-get', files);
    assert.match(
      finding.message,
      /^vercel\.json schedules \/api\/cron\/job here, but this route exports POST and no GET: Vercel Cron sends GET, so every run gets 405\./,
    );
    assert.equal(finding.fixes[0]!.safe, false);
    const fixed = fixOnce('route-missing-get', files, TITLE);
    assert.equal(fixed, `${POST_ONLY}\n// Vercel Cron sends GET; the job's logic lives in POST.\nexport const GET = POST;\n`);
    assert.deepEqual(rowsIn({ ...files, [ROUTE]: fixed }), [], 'and GET = POST keeps the check POST has');
    assertTypeChecks({ [ROUTE]: fixed, 'lib/cron.ts': LIB_VERIFY_CRON });
    const verifyCron = (r: Request) =>
      r.headers.get('authorization') === 'Bearer a2f0c7d1e9b84c6aa1f3' && r.headers.get('authorization') !== 'Bearer undefined';
    await assertGuards((call) => runAppGet(fixed, call, { '@/lib/cron': { verifyCron } }));
  });

  it('a Schedules path target is sent POST by default (the vercel CLI schema): a POST-only route needs no GET', () => {
    const vercel = JSON.stringify({ schedules: [{ name: 'digest', schedule: '0 5 * * *', path: '/api/cron/job' }] }, null, 2);
    const files = app({ 'vercel.json': vercel, [ROUTE]: POST_ONLY, 'lib/cron.ts': LIB_VERIFY_CRON });
    assert.deepEqual(rowsIn(files), []);
  });

  it('a POST that reads the body: a new guarded GET, type-checked and run', async () => {
    const route = `export async function POST(request: Request) {
  const { ids } = (await request.json()) as { ids: string[] };
  return Response.json({ processed: ids.length });
}
`;
    const files = routeApp(route);
    const fixed = fixOnce('route-missing-get', files, TITLE);
    assert.ok(fixed.startsWith(`import { timingSafeEqual } from 'node:crypto';\n${route}`), fixed);
    assert.doesNotMatch(fixed, /export const GET = POST/, 'a body-reading POST cannot serve GET');
    assert.match(fixed, /\nexport async function GET\(request: Request\) \{\n {2}\/\/ Fail closed/);
    assert.deepEqual(rowsIn({ ...files, [ROUTE]: fixed }), [], 'the new GET is protected');
    assertTypeChecks({ [ROUTE]: fixed });
    await assertGuards((call) => runAppGet(fixed, call));
  });

  it('the project style: double quotes, no semicolons', () => {
    const route =
      'import { NextResponse } from "next/server"\n\nexport async function PUT(request: Request) {\n  const body = await request.text()\n  return NextResponse.json({ length: body.length })\n}\n';
    const fixed = fixOnce('route-missing-get', routeApp(route), TITLE);
    assert.ok(fixed.startsWith('import { timingSafeEqual } from "node:crypto"\nimport { NextResponse } from "next/server"\n'), fixed);
    assert.match(fixed, /request\.headers\.get\("authorization"\)/);
    assert.doesNotMatch(fixed, /;\n/);
    assertTypeChecks({ [ROUTE]: fixed });
  });

  it('one finding per problem: in the route file, with every requesting vercel.json entry as a related location, none in vercel.json', () => {
    const vercel = JSON.stringify(
      {
        crons: [
          { path: CRON_PATH, schedule: '0 5 * * *' },
          { path: `${CRON_PATH}?full=1`, schedule: '0 6 * * *' },
        ],
        // A Schedules entry sends POST, which the route answers: no related location of this problem.
        schedules: [{ name: 'digest', schedule: '0 7 * * *', path: CRON_PATH }],
      },
      null,
      2,
    );
    const files = app({ 'vercel.json': vercel, [ROUTE]: POST_ONLY, 'lib/cron.ts': LIB_VERIFY_CRON });
    const finding = single('route-missing-get', files);
    assert.deepEqual(
      finding.related?.map((r) => [r.file, flagged(vercel, r), r.message]),
      [
        ['vercel.json', `"${CRON_PATH}"`, `Vercel Cron sends GET ${CRON_PATH} to this route`],
        ['vercel.json', `"${CRON_PATH}?full=1"`, `Vercel Cron sends GET ${CRON_PATH}?full=1 to this route`],
      ],
    );
    const inVercelJson = checkVercelJson(parseVercelJson(vercel), { plan: 'unknown', now: new Date(0), project: projectOf(files), rules: { 'schedule-no-retry': 'off' } });
    assert.deepEqual(inVercelJson.map((f) => f.code), [], 'vercel.json repeats nothing');
  });

  it('a file without a final newline gets a blank line before the addition', () => {
    const route = 'export async function POST() {\n  return Response.json({ ok: true });\n}';
    assert.equal(fixOnce('route-missing-get', routeApp(route), TITLE), `${route}\n\n// Vercel Cron sends GET; the job's logic lives in POST.\nexport const GET = POST;\n`);
  });

  it('an existing timingSafeEqual import is not repeated', () => {
    const route =
      "import { timingSafeEqual } from 'node:crypto';\n\nexport async function PUT(request: Request) {\n  return Response.json(await request.json());\n}\n";
    const fixed = fixOnce('route-missing-get', routeApp(route), TITLE);
    assert.equal(fixed.match(/import \{ timingSafeEqual \}/g)?.length, 1);
    assert.ok(fixed.startsWith(route));
  });

  it('several methods are named; off by the rules setting', () => {
    const files = routeApp(
      "export async function PUT() { return new Response('ok'); }\nexport async function DELETE() { return new Response('ok'); }\n",
    );
    assert.deepEqual(rowsIn(files), [['route-missing-get', 'error', 'PUT']]);
    assert.match(single('route-missing-get', files).message, /exports PUT, DELETE and no GET/);
    assert.deepEqual(rowsIn(files, ROUTE, { rules: { 'route-missing-get': 'off' } }), []);
  });
});

describe('route-missing-get: crons only', () => {
  it('a Schedules path target sent GET to a POST-only route is route-missing-method\'s (in vercel.json), not this rule\'s', () => {
    const files = app({
      'vercel.json': JSON.stringify({ schedules: [{ name: 'job', schedule: '0 5 * * *', path: CRON_PATH, requestMethod: 'GET' }] }),
      [ROUTE]: `export async function POST(request: Request) {
  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
    });
    assert.deepEqual(rowsOf(['route-missing-get'], files), []);
  });
});
