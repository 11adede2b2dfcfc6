import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeMissingGetRule } from '../../../../../src/core/vercel/rules/route-missing-get';
import { loadTypeScript } from '../../../../../src/node/loadTypeScript';
import { applyFixToProject, assertFixSettles, cronJson, type Files, findingsOf, fixtureFiles, flagged, single } from './harness';
import { runRouteGet } from './routeRunner';

const FILE = 'app/api/cron/job/route.ts';
const TEXT = cronJson('0 3 * * *', '/api/cron/job');

function app(route: string, extra: Files = {}): Files {
  return { 'tsconfig.json': '{}', [FILE]: route, ...extra };
}

function assertValidTypeScript(source: string): void {
  const ts = loadTypeScript();
  const out = ts.transpileModule(source, {
    fileName: 'route.ts',
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS },
  });
  assert.deepEqual(
    out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    [],
    source,
  );
}

describe('route-missing-get: routes that answer GET, or that cannot be judged', () => {
  const cases: [string, string][] = [
    ['export async function GET', 'export async function GET() {\n  return Response.json({ ok: true });\n}\n'],
    ['export const GET = arrow', 'export const GET = async () => Response.json({ ok: true });\n'],
    ['GET and POST', 'export async function GET() { return new Response(); }\nexport async function POST() { return new Response(); }\n'],
    ['export { handler as GET }', 'async function handler() { return new Response(); }\nexport { handler as GET, handler as POST };\n'],
    [
      'export const { GET, POST } = handlers',
      'const handlers = { GET: () => new Response(), POST: () => new Response() };\nexport const { GET, POST } = handlers;\n',
    ],
    ['re-exported GET', "export { GET } from '@/lib/cron-handler';\n"],
    ['export * (anything could be exported)', "export * from '@/lib/handlers';\nexport async function POST() { return new Response(); }\n"],
    ['no handlers at all (not a route handler yet)', '// TODO\n'],
  ];
  for (const [name, route] of cases) {
    it(name, () => assert.deepEqual(findingsOf('route-missing-get', TEXT, { files: app(route) }), []));
  }

  it('Pages Router API routes take every method through their default export', () => {
    const files: Files = {
      'pages/api/cron/job.ts':
        'export default function handler(_req: unknown, res: { status(n: number): { end(): void } }) {\n  res.status(200).end();\n}\n',
    };
    assert.deepEqual(findingsOf('route-missing-get', TEXT, { files }), []);
  });

  it("a path with no route is route-not-found's business", () => {
    assert.deepEqual(
      findingsOf('route-missing-get', cronJson('0 3 * * *', '/api/cron/other'), { files: app('export async function POST() {}\n') }),
      [],
    );
  });

  it('is not reported without a project', () => {
    assert.deepEqual(findingsOf('route-missing-get', TEXT), []);
  });
});

describe('route-missing-get: handlers without GET', () => {
  it('POST that does not read the body: GET reuses POST', () => {
    const route =
      "import { NextResponse } from 'next/server';\n\nexport async function POST(request: Request) {\n  if (request.headers.get('x-id') === null) return NextResponse.json({ ok: false });\n  return NextResponse.json({ ok: true });\n}\n";
    const files = app(route);
    const finding = single('route-missing-get', TEXT, { files });
    assert.equal(flagged(TEXT, finding), '"/api/cron/job"');
    assert.equal(finding.severity, 'error');
    assert.equal(
      finding.message,
      `${FILE} exports POST but no GET. Vercel Cron always sends GET, so every run gets 405 and the job never runs. Export a GET handler.`,
    );
    assert.equal(finding.fixes.length, 1);
    const fix = finding.fixes[0]!;
    assert.equal(fix.title, `Add a GET handler to ${FILE}`);
    assert.equal(fix.safe, false);
    assert.deepEqual(fix.edits, [], 'vercel.json is left alone');
    const { files: after } = applyFixToProject(TEXT, files, fix);
    assert.equal(after[FILE], `${route}\n// Vercel Cron sends GET; the job's logic lives in POST.\nexport const GET = POST;\n`);
    assertValidTypeScript(after[FILE]!);
    assertFixSettles('route-missing-get', TEXT, fix, { files });
  });

  it('a file without a final newline gets a blank line before the addition', () => {
    const route = 'export async function POST() {\n  return Response.json({ ok: true });\n}';
    const files = app(route);
    const { files: after } = applyFixToProject(TEXT, files, single('route-missing-get', TEXT, { files }).fixes[0]!);
    assert.equal(after[FILE], `${route}\n\n// Vercel Cron sends GET; the job's logic lives in POST.\nexport const GET = POST;\n`);
  });

  it('POST that reads the body: a new guarded GET, and the crypto import', async () => {
    const route =
      "import { NextResponse } from 'next/server';\n\nexport async function POST(request: Request) {\n  const { ids } = await request.json();\n  return NextResponse.json({ processed: ids.length });\n}\n";
    const files = app(route);
    const fix = single('route-missing-get', TEXT, { files }).fixes[0]!;
    const { files: after } = applyFixToProject(TEXT, files, fix);
    const fixed = after[FILE]!;
    assert.ok(fixed.startsWith(`import { timingSafeEqual } from 'node:crypto';\n${route}`), fixed);
    assert.doesNotMatch(fixed, /export const GET = POST/, 'a body-reading POST cannot serve GET');
    assert.match(fixed, /\nexport async function GET\(request: Request\) \{\n {2}\/\/ Fail closed[^\n]*\n {2}const cronSecret = process\.env\.CRON_SECRET;/);
    assertValidTypeScript(fixed);
    assertFixSettles('route-missing-get', TEXT, fix, { files });
    assert.equal(await runRouteGet(fixed, 'route.ts', { secret: undefined, authorization: 'Bearer undefined' }), 401);
    assert.equal(await runRouteGet(fixed, 'route.ts', { secret: 'k', authorization: 'Bearer x' }), 401);
    assert.equal(await runRouteGet(fixed, 'route.ts', { secret: 'k', authorization: 'Bearer k' }), 200);
  });

  it('an existing timingSafeEqual import is not repeated', () => {
    const route =
      "import { timingSafeEqual } from 'node:crypto';\n\nexport async function PUT(request: Request) {\n  return Response.json(await request.json());\n}\n";
    const files = app(route);
    const { files: after } = applyFixToProject(TEXT, files, single('route-missing-get', TEXT, { files }).fixes[0]!);
    assert.equal(after[FILE]!.match(/import \{ timingSafeEqual \}/g)?.length, 1);
    assert.ok(after[FILE]!.startsWith(route));
    assertValidTypeScript(after[FILE]!);
  });

  it('names every exported method in the message', () => {
    const route = 'export async function PUT() { return new Response(); }\nexport async function DELETE() { return new Response(); }\n';
    const finding = single('route-missing-get', TEXT, { files: app(route) });
    assert.match(finding.message, /exports PUT, DELETE but no GET/);
  });

  it("follows the file's style: no semicolons", () => {
    const route = 'export async function POST() {\n  return Response.json({ ok: true })\n}\n';
    const files = app(route);
    const { files: after } = applyFixToProject(TEXT, files, single('route-missing-get', TEXT, { files }).fixes[0]!);
    assert.ok(after[FILE]!.endsWith('export const GET = POST\n'), after[FILE]);
  });

  it('the app-router fixture: send-digest exports POST only', async () => {
    const files = fixtureFiles('app-router');
    const text = files['vercel.json']!;
    const finding = single('route-missing-get', text, { files });
    assert.equal(flagged(text, finding), '"/api/cron/send-digest"');
    const { files: after } = applyFixToProject(text, files, finding.fixes[0]!);
    const fixed = after['app/api/cron/send-digest/route.ts']!;
    assert.ok(fixed.endsWith("\n// Vercel Cron sends GET; the job's logic lives in POST.\nexport const GET = POST;\n"));
    // GET = POST keeps the route's own guard: the fixture's isAuthorizedCron.
    const cronAuth = { isAuthorizedCron: (r: Request) => r.headers.get('authorization') === 'Bearer k' };
    assert.equal(await runRouteGet(fixed, 'route.ts', { secret: 'k', authorization: 'Bearer k' }, { '@/lib/cron-auth': cronAuth }), 200);
    assert.equal(await runRouteGet(fixed, 'route.ts', { secret: 'k', authorization: undefined }, { '@/lib/cron-auth': cronAuth }), 401);
  });
});

describe('route-missing-get: rule module', () => {
  it('project scope, one code', () => {
    assert.deepEqual(routeMissingGetRule.codes, ['route-missing-get']);
    assert.equal(routeMissingGetRule.scope, 'project');
  });
});
