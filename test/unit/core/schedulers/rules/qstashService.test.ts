/**
 * The QStash rules through the service, as the editor meets them: the Problems panel lists a
 * declaring file's finding while the file is not open, and a quick fix comes from its diagnostics.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { createCronService } from '../../../../../src/core/service';
import { memoryHost as sharedMemoryHost } from '../../../support/memoryHost';

const FOLDER = '/work/qstash-app';

function memoryHost(initial: Record<string, string>) {
  return sharedMemoryHost(FOLDER, initial, { settings: { plan: 'pro' } });
}

const FILES = {
  'package.json': '{ "dependencies": { "next": "16.0.0", "@upstash/qstash": "2.12.0" } }\n',
  'app/page.tsx': 'export default () => null;\n',
  'app/api/jobs/digest/route.ts': 'export async function POST(req: Request) {\n  return Response.json(await req.json());\n}\n',
  'scripts/schedules.ts': "import { Client } from '@upstash/qstash';\n\nconst qstash = new Client({ token: '' });\n\nawait qstash.schedules.create({ destination: `${process.env.APP_URL}/api/jobs/digest`, cron: '0 3 * * *' });\n",
};

describe('QStash rules in the editor service', () => {
  it("the Problems panel lists a declaring file's finding while it is not open, and drops it once the route verifies", () => {
    const { host, disk, at } = memoryHost(FILES);
    const service = createCronService(host, () => FOLDER);
    const listed = () =>
      [...service.routeDiagnostics(at('app/page.tsx'))!.files].filter(([, findings]) => findings.length).map(([name, findings]) => [name, findings.map((f) => f.code)]);
    assert.deepEqual(listed(), [['scripts/schedules.ts', ['qstash-missing-verification']]]);
    const route = at('app/api/jobs/digest/route.ts');
    disk.set(route, "import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';\nexport const POST = verifySignatureAppRouter(async () => new Response('ok'));\n");
    service.fileChanged(route);
    assert.deepEqual(listed(), []);
  });

  it("the open file's diagnostics carry the fix, and its code action edits the route", () => {
    const { host, disk, at } = memoryHost(FILES);
    const service = createCronService(host, () => FOLDER);
    const [finding] = service.diagnostics(at('scripts/schedules.ts'));
    assert.equal(finding?.code, 'qstash-missing-verification');
    const [fix] = service.codeActions(at('scripts/schedules.ts'), finding.span, finding.code);
    assert.equal(fix?.fileEdits?.[0]?.file, 'app/api/jobs/digest/route.ts');
    const route = at('app/api/jobs/digest/route.ts');
    disk.set(route, applyEdits(disk.get(route)!, fix.fileEdits[0]!.edits));
    service.fileChanged(route);
    assert.deepEqual(service.diagnostics(at('scripts/schedules.ts')), []);
  });
});
