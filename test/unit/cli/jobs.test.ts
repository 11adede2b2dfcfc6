import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobTargetRecord } from '../../../src/cli/jobs';
import type { JobTarget } from '../../../src/core/service';
import { runSync, tempFolders } from '../support/cliRun';

const project = tempFolders('ncr-jobs-');
const NULLS = { path: null, method: null, function: null, topic: null, entrypoint: null, url: null, task: null, workflow: null };

describe('jobs: the target of every kind of job, as the JSON names it', () => {
  it('fills the fields of its kind and leaves the others null', () => {
    const cases: [JobTarget, object][] = [
      [{ kind: 'path', path: '/api/cron/a', method: 'GET' }, { kind: 'path', path: '/api/cron/a', method: 'GET' }],
      [{ kind: 'function', name: 'api/cleanup' }, { kind: 'function', function: 'api/cleanup' }],
      [{ kind: 'topic', topic: 'orders' }, { kind: 'topic', topic: 'orders' }],
      [{ kind: 'entrypoint', file: 'scripts/run.ts' }, { kind: 'entrypoint', entrypoint: 'scripts/run.ts' }],
      [{ kind: 'url', url: 'https://example.com/hook', method: 'POST', path: '/hook' }, { kind: 'url', url: 'https://example.com/hook', method: 'POST', path: null }],
      [{ kind: 'task', id: 'daily-sync' }, { kind: 'task', task: 'daily-sync' }],
      [{ kind: 'workflow', file: '.github/workflows/nightly.yml', job: 'build' }, { kind: 'workflow', workflow: '.github/workflows/nightly.yml#build' }],
      [{ kind: 'handler', file: 'src/jobs.ts', span: { start: 3, end: 9 } }, { kind: 'handler' }],
    ];
    for (const [target, expected] of cases) {
      const record = jobTargetRecord(target);
      assert.deepEqual(record, { ...NULLS, ...expected }, target.kind);
      assert.deepEqual(Object.keys(record), ['kind', 'path', 'method', 'function', 'topic', 'entrypoint', 'url', 'task', 'workflow']);
    }
  });
});

describe('jobs: flags', () => {
  const folder = project({ 'package.json': '{ "dependencies": { "next": "15.0.0" } }', 'vercel.json': '{ "crons": [{ "path": "/api/cron/a", "schedule": "0 3 * * *" }] }', 'app/api/cron/a/route.ts': 'export function GET() {}\n' });

  it('rejects absurd --runs with exit 2 and one line', () => {
    for (const runs of ['0', '-1', '1e9', 'x', '101', '']) {
      const { code, stdout, stderr } = runSync(['jobs', folder, `--runs=${runs}`], folder);
      assert.equal(code, 2, runs);
      assert.equal(stdout, '');
      assert.equal(stderr, `next-cron-routes: --runs must be a whole number from 1 to 100, got ${JSON.stringify(runs)}`);
    }
  });

  it('rejects a --from that is no instant, and a second folder', () => {
    assert.equal(runSync(['jobs', folder, '--from', '2026-02-30T00:00:00Z'], folder).code, 2);
    assert.equal(runSync(['jobs', folder, '--from', 'yesterday'], folder).code, 2);
    assert.equal(runSync(['jobs', folder, folder], folder).code, 2);
  });

  it('prints the JSON shape with keys in the contract order, runs after --from', () => {
    const { code, stdout } = runSync(['jobs', '--json', '--from', '2026-01-01T03:00:00Z', '--runs', '2'], folder);
    assert.equal(code, 0);
    const [job] = (JSON.parse(stdout) as { jobs: Record<string, unknown>[] }).jobs;
    assert.deepEqual(Object.keys(job!), ['source', 'file', 'line', 'column', 'name', 'schedule', 'dialect', 'timeZone', 'jitter', 'target', 'routeFile', 'nextRuns']);
    assert.deepEqual(job!.nextRuns, ['2026-01-02T03:00:00.000Z', '2026-01-03T03:00:00.000Z']);
    assert.equal(job!.routeFile, 'app/api/cron/a/route.ts');
    assert.deepEqual([job!.line, job!.column, job!.name], [1, 13, null]);
  });

  it('says so when nothing is scheduled', () => {
    const empty = project({ 'package.json': '{ "dependencies": { "next": "15.0.0" } }' });
    assert.deepEqual(runSync(['jobs', '--json'], empty), { code: 0, stdout: '{"version":1,"jobs":[]}', stderr: '' });
    assert.deepEqual(runSync(['jobs'], empty), { code: 0, stdout: 'no scheduled jobs below .', stderr: '' });
  });
});
