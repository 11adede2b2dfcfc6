import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, checkFile, rowsOf } from './qstashProject';

const CODE = 'route-missing-method';
const ROUTE = 'app/api/jobs/cleanup/route.ts';
const SCRIPT = 'scripts/schedules.ts';

const GET_ONLY = "export async function GET() {\n  return Response.json({ ok: true });\n}\n";
const GET_AND_POST = `${GET_ONLY}\nexport async function POST() {\n  return Response.json({ ok: true });\n}\n`;

function schedule(options: string): string {
  return `import { Client } from '@upstash/qstash';\n\nconst qstash = new Client({ token: process.env.QSTASH_TOKEN! });\n\nawait qstash.schedules.create({\n  destination: \`\${process.env.APP_URL}/api/jobs/cleanup\`,\n${options}  cron: '0 4 * * *',\n});\n`;
}

describe(`${CODE} (a QStash destination)`, () => {
  it('a route with only GET, sent the default POST: reported on the destination, fixed by sending GET; the fix applied again changes nothing', () => {
    const files = { [ROUTE]: GET_ONLY, [SCRIPT]: schedule('') };
    assert.deepEqual(rowsOf(files, SCRIPT, CODE), [[CODE, 'error', '`${process.env.APP_URL}/api/jobs/cleanup`']]);
    const [finding] = checkFile(files, SCRIPT).filter((f) => f.code === CODE);
    assert.match(finding!.message, /QStash sends POST \(the default when method is not set\), but app\/api\/jobs\/cleanup\/route\.ts exports GET and no POST/);
    assert.equal(finding!.related?.[0]?.file, ROUTE);
    const fixed = applyFix(files, SCRIPT, finding!.fixes[0]!);
    assert.equal(fixed[SCRIPT], schedule("  method: 'GET',\n"));
    assert.deepEqual(checkFile(fixed, SCRIPT).filter((f) => f.code === CODE), []);
  });

  it('a written method is rewritten in its quotes; a one-line object gets the key inline', () => {
    const written = { [ROUTE]: GET_ONLY, [SCRIPT]: schedule('  method: "POST",\n') };
    const [finding] = checkFile(written, SCRIPT).filter((f) => f.code === CODE);
    assert.equal(applyFix(written, SCRIPT, finding!.fixes[0]!)[SCRIPT], schedule("  method: 'GET',\n"));
    const inline = "import { Client } from '@upstash/qstash';\nconst q = new Client({ token: '' });\nq.publish({ url: `${process.env.APP_URL}/api/jobs/cleanup` });\n";
    const files = { [ROUTE]: GET_ONLY, [SCRIPT]: inline };
    const [published] = checkFile(files, SCRIPT).filter((f) => f.code === CODE);
    assert.equal(applyFix(files, SCRIPT, published!.fixes[0]!)[SCRIPT], inline.replace('/cleanup` }', "/cleanup`, method: 'GET' }"));
  });

  it('a method the route lacks when it exports more than GET: reported without a fix', () => {
    const files = { [ROUTE]: GET_AND_POST, [SCRIPT]: schedule("  method: 'PUT',\n") };
    const [finding] = checkFile(files, SCRIPT).filter((f) => f.code === CODE);
    assert.match(finding!.message, /exports GET, POST and no PUT/);
    assert.deepEqual(finding!.fixes, []);
  });

  it('an App Router route that exports only a default (the Pages Router shape): reported, with no fix to guess', () => {
    const pagesShape = 'export default async function handler(req: unknown, res: { status(code: number): { end(): void } }) {\n  res.status(200).end();\n}\n';
    const files = { [ROUTE]: pagesShape, [SCRIPT]: schedule('') };
    const [finding] = checkFile(files, SCRIPT).filter((f) => f.code === CODE);
    assert.match(finding!.message, /exports only a default function: an App Router route answers only the methods it exports by name/);
    assert.equal(finding!.related?.[0]?.file, ROUTE);
    assert.deepEqual(finding!.fixes, []);
  });

  const silent: [name: string, files: Record<string, string>][] = [
    ['the route exports the method', { [ROUTE]: GET_AND_POST, [SCRIPT]: schedule('') }],
    ['GET sent to a GET route', { [ROUTE]: GET_ONLY, [SCRIPT]: schedule("  method: 'GET',\n") }],
    ['a computed method', { [ROUTE]: GET_ONLY, [SCRIPT]: schedule('  method: process.env.METHOD as "GET",\n') }],
    ['export * (the methods are not visible)', { [ROUTE]: "export * from '@/lib/handlers';\n", [SCRIPT]: schedule('') }],
    ['a default beside other named exports (what they hold is not read)', { [ROUTE]: "export const handlers = {};\nexport default function legacy() {}\n", [SCRIPT]: schedule('') }],
    ['a route file that exports nothing readable', { [ROUTE]: 'const POST = () => new Response();\n', [SCRIPT]: schedule('') }],
    ['a Pages API route (it answers every method)', { 'pages/api/jobs/cleanup.ts': 'export default function handler(req: unknown, res: { end(): void }) { res.end(); }\n', [SCRIPT]: schedule('') }],
    ['another site', { [ROUTE]: GET_ONLY, [SCRIPT]: schedule('').replace('`${process.env.APP_URL}/api/jobs/cleanup`', "'https://other.example.com/api/jobs/cleanup'") }],
  ];
  for (const [name, files] of silent) {
    it(`says nothing for ${name}`, () => {
      assert.deepEqual(rowsOf(files, SCRIPT, CODE), []);
    });
  }
});
