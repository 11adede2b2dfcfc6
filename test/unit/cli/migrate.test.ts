import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/repo';
import { runSync, tempFolders } from '../support/cliRun';

const project = tempFolders('ncr-migrate-');
const NEXT = { 'package.json': '{ "dependencies": { "next": "15.0.0" } }' };
const GUARDED = `export function GET(request: Request) {
  if (!process.env.CRON_SECRET || request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ ok: true });
}
`;

describe('migrate: exit codes and what it says', () => {
  it('moves what it can, says why the rest stays (exit 1), and a second run changes nothing', () => {
    const vercelJson = '{\n  "crons": [\n    { "path": "/api/cron/a", "schedule": "0 3 * * *" },\n    { "path": 42, "schedule": "0 4 * * *" }\n  ]\n}\n';
    const folder = project({ ...NEXT, 'vercel.json': vercelJson, 'app/api/cron/a/route.ts': GUARDED });
    const first = runSync(['migrate'], folder);
    assert.equal(first.code, 1);
    assert.match(first.stdout, /^moved vercel.json crons\[0\] "\/api\/cron\/a" at "0 3 \* \* \*" to schedules as "api-cron-a"/);
    assert.match(first.stdout, /also run on preview and custom environments, which Cron Jobs never did/);
    assert.equal(first.stderr, 'vercel.json:4:5: crons[1] was not migrated: "path" is not a string');
    const written = fs.readFileSync(path.join(folder, 'vercel.json'), 'utf8');
    assert.notEqual(written, vercelJson);
    const second = runSync(['migrate'], folder);
    assert.equal(second.code, 1);
    assert.equal(fs.readFileSync(path.join(folder, 'vercel.json'), 'utf8'), written);
  });

  it('exits 0 with "nothing to migrate", 0 when all moved, 2 on a usage error', () => {
    assert.deepEqual(runSync(['migrate'], project(NEXT)), { code: 0, stdout: 'nothing to migrate', stderr: '' });
    const folder = project({ ...NEXT, 'vercel.json': '{ "crons": [{ "path": "/api/cron/a", "schedule": "0 3 * * *" }] }', 'app/api/cron/a/route.ts': GUARDED });
    assert.equal(runSync(['migrate', '--dry-run'], folder).code, 0);
    assert.equal(fs.readFileSync(path.join(folder, 'vercel.json'), 'utf8'), '{ "crons": [{ "path": "/api/cron/a", "schedule": "0 3 * * *" }] }', '--dry-run writes nothing');
    assert.equal(runSync(['migrate'], folder).code, 0);
    assert.equal(runSync(['migrate'], folder).stdout, 'nothing to migrate');
    assert.equal(runSync(['migrate', '--only', 'x'], folder).code, 2);
    assert.equal(runSync(['migrate', folder, folder], folder).code, 2);
  });

  it('names the file and why when vercel.json holds schedules as an object keyed by name', () => {
    const folder = project({ ...NEXT, 'vercel.json': '{ "crons": [{ "path": "/a", "schedule": "0 3 * * *" }], "schedules": { "b": { "schedule": "0 1 * * *", "path": "/b" } } }' });
    const { code, stderr } = runSync(['migrate'], folder);
    assert.equal(code, 1);
    assert.match(stderr, /^vercel.json:1:13: crons\[0\] was not migrated: "schedules" is an object keyed by name/);
  });
});

describe('migrate: the routes keep working', () => {
  for (const app of ['app-router', 'routes-protected']) {
    it(`${app}: check after migrate reports nothing new but schedule-no-retry, the hint every Schedules entry gets`, () => {
      const folder = project({});
      fs.cpSync(path.join(repoRoot(), 'test', 'fixtures', app), folder, { recursive: true });
      type Row = { file: string; code: string; severity: string };
      const findings = () => (JSON.parse(runSync(['check', '--format', 'json'], folder).stdout) as { diagnostics: Row[] }).diagnostics;
      const key = (d: Row) => `${d.file} ${d.code}`;
      const before = new Set(findings().map(key));
      // app-router holds entries Vercel would refuse: those stay as crons (exit 1), the rest move.
      assert.ok(runSync(['migrate'], folder).code <= 1);
      const schedules = (JSON.parse(fs.readFileSync(path.join(folder, 'vercel.json'), 'utf8')) as { schedules?: unknown[] }).schedules?.length ?? 0;
      assert.ok(schedules > 0, 'something moved');
      const after = findings();
      const added = after.filter((d) => !before.has(key(d)));
      // Vercel Cron does not retry either; Schedules says so once per entry (#18), as a hint.
      assert.deepEqual(
        added.map((d) => `${key(d)} ${d.severity}`),
        Array.from({ length: schedules }, () => 'vercel.json schedule-no-retry hint'),
      );
    });
  }
});

describe('migrate: vercel.toml and vercel.ts', () => {
  type Row = { file: string; code: string; severity: string };
  for (const [app, config] of [
    ['config-toml', 'vercel.toml'],
    ['config-ts', 'vercel.ts'],
  ] as const) {
    it(`${app}: moves the entries it can (exit 1 for the rest, with why), twice changes nothing, and check after reports nothing new but schedule-no-retry`, () => {
      const folder = project({});
      fs.cpSync(path.join(repoRoot(), 'test', 'fixtures', app), folder, { recursive: true });
      const findings = () => (JSON.parse(runSync(['check', '--format', 'json'], folder).stdout) as { diagnostics: Row[] }).diagnostics;
      const key = (d: Row) => `${d.file} ${d.code}`;
      const before = new Set(findings().map(key));
      const first = runSync(['migrate'], folder);
      assert.equal(first.code, 1);
      const moved = first.stdout.split('\n').filter((line) => line.startsWith(`moved ${config} crons[`));
      assert.equal(moved.length, 2, first.stdout);
      assert.match(first.stderr, new RegExp(`^${config.replace('.', '\\.')}:\\d+:\\d+: crons\\[\\d\\] was not migrated: `, 'm'));
      const written = fs.readFileSync(path.join(folder, config), 'utf8');
      const added = findings().filter((d) => !before.has(key(d)));
      assert.deepEqual(
        added.map((d) => `${key(d)} ${d.severity}`),
        moved.map(() => `${config} schedule-no-retry hint`),
      );
      const second = runSync(['migrate'], folder);
      assert.equal(second.code, 1);
      assert.equal(second.stdout, '');
      assert.equal(fs.readFileSync(path.join(folder, config), 'utf8'), written);
    });
  }

  it('a computed crons in vercel.ts is not migrated: exit 1 says why', () => {
    const folder = project({ ...NEXT, 'vercel.ts': 'export default { crons: makeCrons() };\n' });
    const { code, stderr, stdout } = runSync(['migrate'], folder);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^vercel\.ts:1:25: crons was not migrated: "crons" is computed \(makeCrons\(\)\)/);
  });

  it('a vercel.ts deep in the code is a module, not a configuration: nothing to migrate', () => {
    const folder = project({ ...NEXT, 'lib/vercel.ts': "export const crons = [{ path: '/a', schedule: '0 3 * * *' }];\n" });
    assert.deepEqual(runSync(['migrate'], folder), { code: 0, stdout: 'nothing to migrate', stderr: '' });
  });
});
