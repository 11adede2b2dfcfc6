import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createCronService, type CronServiceHost, type HostRead } from '../../../../src/core/service';
import { DEFAULT_SETTINGS, type Settings } from '../../../../src/core/settings';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';

const FOLDER = '/work/app';
const NOW = new Date('2026-03-02T10:00:00Z');

function memoryHost(initial: Record<string, string>, settings: Partial<Settings> = {}) {
  const disk = new Map(Object.entries(initial).map(([file, text]) => [path.posix.join(FOLDER, file), text]));
  const host: CronServiceHost = {
    listFiles: (folder) => ({ files: [...disk.keys()].filter((file) => file.startsWith(`${folder}/`)).map((file) => path.posix.relative(folder, file)).sort(), unread: new Map() }),
    readFile: (file): HostRead => {
      const text = disk.get(file);
      return text === undefined ? { missing: true } : { text };
    },
    inFolder: (folder) => (relative) => path.posix.join(folder, relative),
    relative: (folder, file) => path.posix.relative(folder, file),
    settings: () => ({ ...DEFAULT_SETTINGS, plan: 'pro', rules: { 'no-idempotency-guard': 'off', 'no-monitoring': 'off' }, ...settings }),
    mayReadSecrets: () => true,
    loadTypeScript,
    now: () => NOW,
  };
  return { host, disk, at: (file: string) => path.posix.join(FOLDER, file) };
}

const NEXT = { 'package.json': '{ "dependencies": { "next": "15.0.0" } }', 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }' };
const WORKER = "import cron from 'node-cron';\nimport { EVERY } from '@/lib/schedules';\ncron.schedule('0 25 * * *', run);\ncron.schedule(EVERY, run, { timezone: 'Europe/Paris' });\n";
const SCHEDULES = "export const EVERY = '*/5 * * * *';\n";
/** A cron route that also registers a QStash schedule: both its route findings and the job's. */
const ROUTE = `import { Client } from '@upstash/qstash';
const qstash = new Client({ token: '' });
export async function GET() {
  await qstash.schedules.create({ destination: 'https://x.dev/api/cron/sync', cron: '0 3 * * * *' });
  return Response.json({ ok: true });
}
`;

describe('the service answers for jobs declared in code', () => {
  it('jobs: an app without vercel.json lists its code jobs; with one, they follow the Vercel jobs', () => {
    const { host } = memoryHost({ ...NEXT, 'server/worker.ts': WORKER, 'lib/schedules.ts': SCHEDULES });
    const [project, ...rest] = createCronService(host).jobs(FOLDER);
    assert.deepEqual(rest, []);
    assert.deepEqual(project!.jobs.map((job) => [job.source, job.expression, job.timeZone]), [
      ['node-cron', '0 25 * * *', null],
      ['node-cron', '*/5 * * * *', 'Europe/Paris'],
    ]);
    const withVercel = memoryHost({ ...NEXT, 'vercel.json': '{ "crons": [{ "path": "/api/a", "schedule": "0 1 * * *" }] }', 'server/worker.ts': WORKER, 'lib/schedules.ts': SCHEDULES });
    assert.deepEqual(createCronService(withVercel.host).jobs(FOLDER)[0]!.jobs.map((job) => job.source), ['vercel-crons', 'node-cron', 'node-cron']);
    // A folder with nothing scheduled still lists nothing.
    assert.deepEqual(createCronService(memoryHost({ ...NEXT, 'app/page.tsx': 'export default () => null;' }).host).jobs(FOLDER), []);
  });

  it('diagnostics, hover and lenses of a file; an edit to the imported const is seen', () => {
    const { host, disk, at } = memoryHost({ ...NEXT, 'server/worker.ts': WORKER, 'lib/schedules.ts': SCHEDULES });
    const service = createCronService(host, () => FOLDER);
    const file = at('server/worker.ts');
    assert.deepEqual(service.diagnostics(file).map((f) => [f.code, WORKER.slice(f.span.start, f.span.end)]), [['invalid-schedule', '25']]);
    const hover = service.hover(file, WORKER.indexOf('EVERY, run'), { displayTimeZone: 'UTC', fileLink: () => '' });
    assert.match(hover!.markdown, /^\*\*Every 5 minutes\*\* \(Europe\/Paris\)/);
    assert.equal(WORKER.slice(hover!.span.start, hover!.span.end), 'EVERY');
    assert.equal(service.hover(file, WORKER.indexOf('run);'), { displayTimeZone: 'UTC', fileLink: () => '' }), undefined);
    assert.deepEqual(service.codeLenses(file).map((lens) => lens.title), ['Not a valid node-cron schedule', 'Every 5 minutes Europe/Paris · next in 5 min']);
    disk.set(at('lib/schedules.ts'), "export const EVERY = '*/5 * * * * * *';\n");
    service.fileChanged(at('lib/schedules.ts'));
    assert.deepEqual(service.diagnostics(file).map((f) => [f.code, WORKER.slice(f.span.start, f.span.end)]), [['invalid-schedule', '25'], ['invalid-schedule', 'EVERY']]);
  });

  it('a route file that declares a job gets both its route findings and the job findings, in check and in the editor', () => {
    const files = { ...NEXT, 'vercel.json': '{ "crons": [{ "path": "/api/cron/sync", "schedule": "0 1 * * *" }] }', 'app/api/cron/sync/route.ts': ROUTE };
    const { host, at } = memoryHost(files);
    const checked = createCronService(host).checkProject(FOLDER).find((result) => result.reported === 'app/api/cron/sync/route.ts');
    assert.deepEqual(checked!.findings.map((f) => f.code), ['missing-auth', 'invalid-schedule']);
    assert.equal(checked!.cronRoute, true);
    const editor = createCronService(host, () => FOLDER).diagnostics(at('app/api/cron/sync/route.ts'));
    assert.deepEqual(editor.map((f) => f.code), ['missing-auth', 'invalid-schedule']);
  });

  it("routeDiagnostics (the editor's Problems panel) lists the files declaring jobs, the same array while nothing changed", () => {
    const { host, disk, at } = memoryHost({ ...NEXT, 'server/worker.ts': WORKER, 'lib/schedules.ts': SCHEDULES, 'app/page.tsx': 'export default () => null;' });
    const service = createCronService(host, () => FOLDER);
    const first = service.routeDiagnostics(at('app/page.tsx'))!;
    assert.deepEqual([...first.files].map(([name, findings]) => [name, findings.map((f) => f.code)]), [['server/worker.ts', ['invalid-schedule']]]);
    const again = service.routeDiagnostics(at('app/page.tsx'))!;
    assert.equal(again.files.get('server/worker.ts'), first.files.get('server/worker.ts'));
    disk.set(at('server/worker.ts'), "import cron from 'node-cron';\ncron.schedule('0 2 * * *', run);\n");
    service.fileChanged(at('server/worker.ts'));
    assert.deepEqual(service.routeDiagnostics(at('app/page.tsx'))!.files.get('server/worker.ts'), []);
  });

  it('nextCronRoutes.rules turns a job rule off, or changes its severity', () => {
    const { host, at } = memoryHost({ ...NEXT, 'server/worker.ts': WORKER, 'lib/schedules.ts': SCHEDULES }, { rules: { 'invalid-schedule': 'off' } });
    assert.deepEqual(createCronService(host, () => FOLDER).diagnostics(at('server/worker.ts')), []);
    assert.deepEqual(createCronService(host).checkProject(FOLDER).flatMap((r) => r.findings), []);
    const warned = memoryHost({ ...NEXT, 'server/worker.ts': WORKER, 'lib/schedules.ts': SCHEDULES }, { rules: { 'invalid-schedule': 'warning' } });
    assert.deepEqual(createCronService(warned.host).checkProject(FOLDER).flatMap((r) => r.findings.map((f) => f.severity)), ['warning']);
  });

  it('a file that cannot be parsed, or names no scheduler, declares nothing', () => {
    const { host, at } = memoryHost({ ...NEXT, 'server/worker.ts': `import cron from 'node-cron';\n${'('.repeat(400)}` });
    const service = createCronService(host, () => FOLDER);
    assert.deepEqual(service.diagnostics(at('server/worker.ts')), []);
    assert.deepEqual(service.jobs(FOLDER), []);
  });
});
