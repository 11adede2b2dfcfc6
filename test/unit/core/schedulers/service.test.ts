import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCronService } from '../../../../src/core/service';
import type { Settings } from '../../../../src/core/settings';
import { memoryHost as sharedMemoryHost } from '../../support/memoryHost';

const FOLDER = '/work/app';
const NOW = new Date('2026-03-02T10:00:00Z');

function memoryHost(initial: Record<string, string>, settings: Partial<Settings> = {}) {
  return sharedMemoryHost(FOLDER, initial, { settings: { plan: 'pro', rules: { 'no-idempotency-guard': 'off', 'no-monitoring': 'off' }, ...settings }, now: NOW });
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

  it('routeDiagnostics follows file events: a file that starts declaring a job is listed, one that stops is dropped, one created is seen', () => {
    const { host, disk, at } = memoryHost({ ...NEXT, 'lib/tasks.ts': 'export const run = () => undefined;\n', 'app/page.tsx': 'export default () => null;' });
    const service = createCronService(host, () => FOLDER);
    const listed = () => [...service.routeDiagnostics(at('app/page.tsx'))!.files.keys()];
    assert.deepEqual(listed(), []);
    disk.set(at('lib/tasks.ts'), "import cron from 'node-cron';\nexport const run = () => undefined;\ncron.schedule('0 25 * * *', run);\n");
    service.fileChanged(at('lib/tasks.ts'));
    assert.deepEqual(listed(), ['lib/tasks.ts']);
    disk.set(at('server/late.ts'), "import cron from 'node-cron';\ncron.schedule('61 * * * *', () => undefined);\n");
    service.fileCreated(at('server/late.ts'));
    assert.deepEqual(listed(), ['lib/tasks.ts', 'server/late.ts']);
    disk.set(at('lib/tasks.ts'), 'export const run = () => undefined;\n');
    service.fileChanged(at('lib/tasks.ts'));
    assert.deepEqual(listed(), ['server/late.ts']);
    disk.delete(at('server/late.ts'));
    service.fileDeleted(at('server/late.ts'));
    assert.deepEqual(listed(), []);
  });

  it('code nested too deep to parse declares nothing, and no reader throws: brackets, nested arrows, nested ifs', () => {
    const head = "import cron from 'node-cron';\ncron.schedule('0 25 * * *', run);\n";
    const { host } = memoryHost({
      ...NEXT,
      'server/brackets.ts': `${head}const x = ${'('.repeat(60000)};\n`,
      'server/arrows.ts': `${head}const y = ${'() => '.repeat(3000)}0;\n`,
      'server/ifs.ts': `${head}${'if (a) '.repeat(5000)}0;\n`,
      'netlify/functions/deep.ts': `export const config = { schedule: '@annually' };\nexport default ${'() => '.repeat(3000)}0;\n`,
    });
    const results = createCronService(host).checkProject(FOLDER);
    assert.deepEqual(results.filter((r) => r.internalError !== undefined).map((r) => r.reported), []);
    assert.deepEqual(createCronService(host).jobs(FOLDER).flatMap((p) => p.jobs.map((j) => j.declared.file)), []);
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

  it('a QStash destination resolves to the route of the app that answers its path; a route created later is seen', () => {
    const register = "import { Client } from '@upstash/qstash';\nconst q = new Client({ token: '' });\nq.schedules.create({ destination: `${process.env.APP_URL}/api/sync`, cron: '0 3 * * *' });\nq.schedules.create({ destination: `${base}/api/${name}`, cron: '0 4 * * *' });\n";
    const { host, disk, at } = memoryHost({ ...NEXT, 'scripts/register.ts': register });
    const service = createCronService(host, () => FOLDER);
    const routes = () => service.jobs(FOLDER)[0]!.jobs.map((job) => job.route);
    assert.deepEqual(routes(), [
      { file: undefined, why: 'no route of the app answers /api/sync' },
      { file: undefined, why: 'the path of the destination URL is computed' },
    ]);
    disk.set(at('app/api/sync/route.ts'), 'export async function POST() { return new Response(null); }\n');
    service.fileCreated(at('app/api/sync/route.ts'));
    assert.deepEqual(routes()[0], { file: 'app/api/sync/route.ts', kind: 'app-route' });
  });
});

/** A monorepo whose root is no project: GitHub's workflows at the root, the Next.js app in apps/web. */
const NIGHTLY = `name: Nightly backup
on:
  schedule:
    - cron: '0 5 * * 1-5'
      timezone: America/New_York
    - cron: '15 26 * * *'
jobs:
  backup:
    runs-on: ubuntu-latest
    steps:
      - run: npm run backup
`;
/** A workflow with a bad hour: GitHub's only at the repository root, or in a project of its own (as any of its files). */
const STRAY = "on:\n  schedule:\n    - cron: '0 24 * * *'\njobs:\n  stale:\n    runs-on: ubuntu-latest\n";
const MONOREPO = {
  'package.json': '{ "private": true, "workspaces": ["apps/*", "packages/*"] }',
  'apps/web/package.json': '{ "dependencies": { "next": "15.0.0" } }',
  'apps/web/vercel.json': '{ "crons": [{ "path": "/api/cron/digest", "schedule": "0 7 * * *" }] }',
  'apps/web/.github/workflows/web.yml': STRAY,
  'packages/tools/package.json': '{ "name": "tools" }',
  'packages/tools/.github/workflows/stale.yml': STRAY,
  '.github/workflows/nightly.yml': NIGHTLY,
  '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
};

describe("a monorepo's workflows at its root, which is no project", () => {
  const codes = (findings: readonly { code: string; span: { start: number; end: number } }[], text: string) => findings.map((f) => [f.code, text.slice(f.span.start, f.span.end)]);

  it('check and jobs read them with the folder as their root; a subfolder that is no project has no workflows of GitHub', () => {
    const { host, at } = memoryHost(MONOREPO);
    const service = createCronService(host);
    const checked = service.checkProject(FOLDER).filter((result) => result.file.endsWith('.yml'));
    assert.deepEqual(
      checked.map((result) => [result.reported, result.root, codes(result.findings, result.text)]),
      [
        ['.github/workflows/nightly.yml', FOLDER, [['invalid-schedule', '26']]],
        // apps/web is a project: its own .github/workflows is read as its files always were.
        ['apps/web/.github/workflows/web.yml', at('apps/web'), [['invalid-schedule', '24']]],
      ],
    );
    assert.deepEqual(
      service.jobs(FOLDER).map((project) => [project.root, project.jobs.map((job) => [job.source, job.declared.file, job.expression])]),
      [
        [FOLDER, [['github-actions', '.github/workflows/nightly.yml', '0 5 * * 1-5'], ['github-actions', '.github/workflows/nightly.yml', '15 26 * * *']]],
        [at('apps/web'), [['vercel-crons', 'vercel.json', '0 7 * * *'], ['github-actions', '.github/workflows/web.yml', '0 24 * * *']]],
      ],
    );
    // Checked from apps/, the folder holds no workflows of its own and is no project: nothing new.
    assert.deepEqual(service.jobs(at('apps')).map((project) => project.root), [at('apps/web')]);
  });

  it('the editor gives a root workflow the findings, hover and lenses of a single-app repository', () => {
    const { host, at } = memoryHost(MONOREPO);
    const service = createCronService(host, () => FOLDER);
    const nightly = at('.github/workflows/nightly.yml');
    assert.deepEqual(codes(service.diagnostics(nightly), NIGHTLY), [['invalid-schedule', '26']]);
    const hover = service.hover(nightly, NIGHTLY.indexOf('0 5 * * 1-5'), { displayTimeZone: 'UTC', fileLink: () => '' });
    assert.match(hover!.markdown, /^\*\*At 05:00, Monday through Friday\*\* \(America\/New\\_York\)/);
    assert.equal(NIGHTLY.slice(hover!.span.start, hover!.span.end), "'0 5 * * 1-5'");
    assert.deepEqual(service.codeLenses(nightly).map((lens) => lens.title), ['At 05:00, Monday through Friday America/New_York · next in 1 d', 'Not a valid GitHub Actions schedule']);
    assert.equal(service.projectRoot(nightly), FOLDER);
    assert.deepEqual([...service.routeDiagnostics(nightly)!.files].map(([name, findings]) => [name, findings.map((f) => f.code)]), [['.github/workflows/nightly.yml', ['invalid-schedule']]]);
    // Not GitHub's: a workflow below a folder that is no project.
    const stray = at('packages/tools/.github/workflows/stale.yml');
    assert.deepEqual(service.diagnostics(stray), []);
    assert.equal(service.hover(stray, STRAY.indexOf('0 24'), { displayTimeZone: 'UTC', fileLink: () => '' }), undefined);
    assert.equal(service.projectRoot(stray), undefined);
    // The app's own workflow stays the app's.
    assert.equal(service.projectRoot(at('apps/web/.github/workflows/web.yml')), at('apps/web'));
  });

  it('file events: an edit is seen, other files are not the root\'s, and a vercel.json at the root makes the workflows its project\'s', () => {
    const { host, disk, at } = memoryHost(MONOREPO);
    const service = createCronService(host, () => FOLDER);
    const nightly = at('.github/workflows/nightly.yml');
    assert.equal(service.diagnostics(nightly).length, 1);
    const fixed = NIGHTLY.replace('15 26', '15 2');
    disk.set(nightly, fixed);
    assert.deepEqual(service.fileChanged(nightly), [{ root: FOLDER, file: '.github/workflows/nightly.yml', kind: 'changed', routes: false }]);
    assert.deepEqual(service.diagnostics(nightly), []);
    // A script at the root is no workflow: the workflows root takes no event for it.
    disk.set(at('scripts/backup.ts'), 'export {};\n');
    assert.deepEqual(service.fileCreated(at('scripts/backup.ts')).filter((effect) => effect.root === FOLDER), []);
    disk.set(at('vercel.json'), '{ "crons": [{ "path": "/api/cron/digest", "schedule": "0 7 * * *" }] }');
    disk.set(nightly, NIGHTLY);
    const effects = service.fileCreated(at('vercel.json'));
    assert.ok(effects.some((effect) => effect.root === FOLDER && effect.dropped));
    service.fileChanged(nightly);
    assert.deepEqual(codes(service.diagnostics(nightly), NIGHTLY), [['invalid-schedule', '26']]);
    assert.equal(service.projectRoot(nightly), FOLDER);
  });

  it('a host that lists on demand lists the workspace folder for a root workflow, and nothing for a stray one', () => {
    const { host, disk, at } = memoryHost(MONOREPO);
    const names = (folder: string) => [...new Set([...disk.keys()].filter((file) => file.startsWith(`${folder}/`)).map((file) => file.slice(folder.length + 1).split('/')[0]!))];
    const service = createCronService({ ...host, folderNames: names }, () => FOLDER);
    assert.equal(service.projectFolder(at('.github/workflows/nightly.yml')), FOLDER);
    assert.equal(service.projectFolder(at('packages/tools/.github/workflows/stale.yml')), undefined);
    assert.deepEqual(codes(service.diagnostics(at('.github/workflows/nightly.yml')), NIGHTLY), [['invalid-schedule', '26']]);
  });
});
