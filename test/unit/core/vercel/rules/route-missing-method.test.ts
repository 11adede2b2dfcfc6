import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeMissingMethodRule } from '../../../../../src/core/vercel/rules/route-missing-method';
import { applyFixToProject, assertJsonFixSettles, checkJson, type Files, fixTitled, jsonFindingsOf, singleInJson, summary } from '../../../support/ruleHarness';

const GET_ONLY = `export async function GET(request: Request) {
  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`;
const POST_ONLY = GET_ONLY.replace('GET', 'POST');
const PUT_ONLY = GET_ONLY.replace('GET', 'PUT');

function app(route: string): Files {
  return { 'package.json': '{ "dependencies": { "next": "16.0.0" } }', 'app/api/job/route.ts': route };
}

function schedule(extra = ''): string {
  return `{\n  "schedules": [\n    {\n      "name": "job",\n      "schedule": "0 3 * * *",\n      "path": "/api/job"${extra}\n    }\n  ]\n}\n`;
}

describe('route-missing-method', () => {
  it('registers its one code', () => assert.deepEqual(routeMissingMethodRule.codes, ['route-missing-method']));

  const quiet: [string, string, Files][] = [
    ['POST (the default) to a route with POST', schedule(), app(POST_ONLY)],
    ['GET to a route with GET', schedule(',\n      "requestMethod": "GET"'), app(GET_ONLY)],
    ['a route that is missing (route-not-found says so)', schedule(), { 'package.json': '{ "dependencies": { "next": "16.0.0" } }', 'app/other/route.ts': GET_ONLY }],
    ['a route whose methods are re-exported', schedule(), app("export * from '../../../lib/handlers';\n")],
    ['a route with no handler read', schedule(), app('export const dynamic = "force-dynamic";\n')],
    ['a requestMethod the schema refuses (schedule-target says so)', schedule(',\n      "requestMethod": "PUT"'), app(GET_ONLY)],
  ];
  for (const [name, text, files] of quiet) it(`no finding: ${name}`, () => assert.deepEqual(jsonFindingsOf('route-missing-method', text, { files }), []));
  it('no finding without the project (a text-only check)', () => assert.deepEqual(jsonFindingsOf('route-missing-method', schedule()), []));

  it('a migrated cron route with only GET, sent POST by default: an error on the path, fixed by either side', () => {
    const text = schedule();
    const files = app(GET_ONLY);
    const finding = singleInJson('route-missing-method', text, { files });
    assert.deepEqual(summary(text, [finding]), [['route-missing-method', 'error', '"/api/job"']]);
    assert.match(finding.message, /sends POST \/api\/job \("requestMethod" defaults to POST\), but app\/api\/job\/route\.ts exports GET and no POST, so every run gets 405/);
    assert.deepEqual(finding.related?.map((r) => [r.file, files[r.file]!.slice(r.span.start, r.span.end)]), [['app/api/job/route.ts', 'GET']]);
    const json = assertJsonFixSettles('route-missing-method', text, fixTitled(finding, /set "requestMethod": "GET"/), { files });
    assert.equal(json, schedule(',\n      "requestMethod": "GET"'));
    const handler = fixTitled(finding, /Add a POST/);
    const { files: fixed } = applyFixToProject(text, files, handler);
    assert.equal(fixed['app/api/job/route.ts'], `${GET_ONLY}\n// Vercel Schedules sends POST here; the job is the same as GET's.\nexport const POST = GET;\n`);
    assert.deepEqual(jsonFindingsOf('route-missing-method', text, { files: fixed }), []);
  });

  it('an explicit POST is rewritten, not duplicated', () => {
    const text = schedule(',\n      "requestMethod": "POST"');
    const finding = singleInJson('route-missing-method', text, { files: app(GET_ONLY) });
    assert.doesNotMatch(finding.message, /defaults/);
    assert.equal(assertJsonFixSettles('route-missing-method', text, fixTitled(finding, /"GET"/), { files: app(GET_ONLY) }), schedule(',\n      "requestMethod": "GET"'));
  });

  it('GET sent to a route with only POST: set POST', () => {
    const text = schedule(',\n      "requestMethod": "GET"');
    const finding = singleInJson('route-missing-method', text, { files: app(POST_ONLY) });
    assert.match(finding.message, /sends GET \/api\/job, but .* exports POST and no GET/);
    assert.deepEqual(finding.fixes.map((f) => f.title), ['Send POST: set "requestMethod": "POST"']);
    assertJsonFixSettles('route-missing-method', text, finding.fixes[0]!, { files: app(POST_ONLY) });
  });

  it('a route with neither: reported with no fix', () => {
    const finding = singleInJson('route-missing-method', schedule(), { files: app(PUT_ONLY) });
    assert.match(finding.message, /exports PUT and no POST.*Export POST from the route/);
    assert.deepEqual(finding.fixes, []);
  });

  it('crons keep route-missing-get: a cron to a GET-less route gives no route-missing-method', () => {
    const text = '{ "crons": [{ "path": "/api/job", "schedule": "0 3 * * *" }] }';
    assert.deepEqual(
      summary(text, checkJson(text, { files: app(POST_ONLY) })).filter(([code]) => code === 'route-missing-method'),
      [],
    );
  });
  describe('a project without Next.js: its api/ function', () => {
    const fn = (file: string, source: string, extra: Files = {}): Files => ({ 'package.json': '{ "type": "module" }', [file]: source, ...extra });
    const GET_FN = `export function GET(request: Request) {\n  return Response.json({ ok: request.url.length > 0 });\n}\n`;
    const quietFunctions: [string, string, Files][] = [
      ['a default export handles every method', schedule(), fn('api/job.ts', 'export default function handler(req, res) {\n  res.status(200).end();\n}\n')],
      ['an object with fetch handles every method', schedule(), fn('api/job.ts', 'export default {\n  fetch(request: Request) {\n    return new Response(request.method);\n  },\n};\n')],
      ['CommonJS module.exports handles every method', schedule(), fn('api/job.js', 'module.exports = (req, res) => res.end();\n')],
      ['a named fetch export', schedule(), fn('api/job.ts', 'export function fetch(request: Request) {\n  return new Response(request.method);\n}\n')],
      ['the method it is sent', schedule(',\n      "requestMethod": "GET"'), fn('api/job.ts', GET_FN)],
      ['rewrites may send the path elsewhere', schedule().replace('{\n  "schedules"', '{\n  "rewrites": [{ "source": "/api/(.*)", "destination": "/api/router" }],\n  "schedules"'), fn('api/job.ts', GET_FN)],
      ['a framework answers paths itself', schedule(), { 'package.json': '{ "dependencies": { "hono": "4.0.0" } }', 'api/job.ts': GET_FN }],
      ['a Python function is not read', schedule(), fn('api/job.py', 'def handler(): pass\n')],
      ['no file serves the path (route-not-found says so)', schedule(), fn('api/other.ts', GET_FN)],
    ];
    for (const [name, text, files] of quietFunctions) it(`no finding: ${name}`, () => assert.deepEqual(jsonFindingsOf('route-missing-method', text, { files }), []));

    it('a GET-only Web function sent POST by default: a warning on the path, fixed by either side', () => {
      const text = schedule();
      const files = fn('api/job.ts', GET_FN);
      const finding = singleInJson('route-missing-method', text, { files });
      assert.deepEqual(summary(text, [finding]), [['route-missing-method', 'warning', '"/api/job"']]);
      assert.match(finding.message, /sends POST \/api\/job \("requestMethod" defaults to POST\), but the function api\/job\.ts exports GET and no POST or default export/);
      assert.deepEqual(finding.related?.map((r) => [r.file, files[r.file]!.slice(r.span.start, r.span.end)]), [['api/job.ts', 'GET']]);
      assert.equal(assertJsonFixSettles('route-missing-method', text, fixTitled(finding, /set "requestMethod": "GET"/), { files }), schedule(',\n      "requestMethod": "GET"'));
      const { files: fixed } = applyFixToProject(text, files, fixTitled(finding, /Add a POST to api\/job\.ts/));
      assert.match(fixed['api/job.ts']!, /\nexport const POST = GET;\n$/);
      assert.deepEqual(jsonFindingsOf('route-missing-method', text, { files: fixed }), []);
    });

    it('a dynamic [name] function is the one that serves the path', () => {
      const text = schedule().replace('"/api/job"', '"/api/jobs/nightly"');
      assert.equal(singleInJson('route-missing-method', text, { files: fn('api/jobs/[name].ts', GET_FN) }).severity, 'warning');
    });
  });
});
