/**
 * in-process-scheduler-on-serverless through the service, as the editor asks: a file's diagnostics
 * and their code action, the Problems panel for a file not open, and file events that change
 * whether the file runs in the app (an import added or removed, a vercel.json created).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCronService } from '../../../../src/core/service';
import { memoryHost as sharedMemoryHost } from '../../support/memoryHost';

const FOLDER = '/work/app';
const NOW = new Date('2026-03-02T10:00:00Z');
const CODE = 'in-process-scheduler-on-serverless';

function memoryHost(initial: Record<string, string>) {
  return sharedMemoryHost(FOLDER, initial, { settings: { plan: 'pro', rules: { 'no-idempotency-guard': 'off', 'no-monitoring': 'off' } }, now: NOW });
}

const JOBS = "import cron from 'node-cron';\n\nexport async function rollup() {\n  console.log('rollup');\n}\n\ncron.schedule('0 * * * *', rollup);\n";
const PAGE = "import '../lib/jobs';\n\nexport default function Page() {\n  return null;\n}\n";
const APP = {
  'package.json': '{ "scripts": { "start": "next start" }, "dependencies": { "next": "15.3.0", "node-cron": "4.2.1" } }',
  'vercel.json': '{\n  "crons": []\n}\n',
  'lib/jobs.ts': JOBS,
  'app/page.tsx': PAGE,
};

describe(`${CODE} in the editor`, () => {
  it('diagnostics of the open file, and its code action from them', () => {
    const { host, at } = memoryHost(APP);
    const service = createCronService(host, () => FOLDER);
    const findings = service.diagnostics(at('lib/jobs.ts')).filter((f) => f.code === CODE);
    assert.deepEqual(findings.map((f) => JOBS.slice(f.span.start, f.span.end)), ['cron.schedule']);
    const actions = service.codeActions(at('lib/jobs.ts'), findings[0]!.span, CODE);
    assert.deepEqual(actions.map((fix) => fix.title), ['Move this schedule to vercel.json']);
    assert.deepEqual(actions[0]!.createFiles?.map((c) => c.file), ['app/api/cron/rollup/route.ts']);
    assert.deepEqual(actions[0]!.fileEdits?.map((e) => e.file), ['vercel.json']);
  });

  it('the Problems panel lists it for the file not open, and check reports the same', () => {
    const { host, at } = memoryHost(APP);
    const service = createCronService(host, () => FOLDER);
    const panel = service.routeDiagnostics(at('app/page.tsx'))!;
    assert.deepEqual(panel.files.get('lib/jobs.ts')?.map((f) => f.code), [CODE]);
    const checked = createCronService(host).checkProject(FOLDER).find((result) => result.reported === 'lib/jobs.ts');
    assert.deepEqual(checked?.findings.map((f) => f.code), [CODE]);
  });

  it('follows file events: the import removed silences it, added back reports it; without vercel.json nothing is said', () => {
    const { host, disk, at } = memoryHost(APP);
    const service = createCronService(host, () => FOLDER);
    const codes = () => service.diagnostics(at('lib/jobs.ts')).map((f) => f.code);
    assert.deepEqual(codes(), [CODE]);
    disk.set(at('app/page.tsx'), 'export default function Page() {\n  return null;\n}\n');
    service.fileChanged(at('app/page.tsx'));
    assert.deepEqual(codes(), [], 'no app code imports it: a worker of its own');
    disk.set(at('app/page.tsx'), PAGE);
    service.fileChanged(at('app/page.tsx'));
    assert.deepEqual(codes(), [CODE]);
    disk.delete(at('vercel.json'));
    service.fileDeleted(at('vercel.json'));
    assert.deepEqual(codes(), [], 'not deployed to Vercel as far as the files tell');
  });
});
