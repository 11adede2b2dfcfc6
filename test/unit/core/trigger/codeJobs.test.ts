import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { codeTriggerEntries, type CodeTriggerEntry } from '../../../../src/core/facade/codeTrigger';
import { createCronService } from '../../../../src/core/service';
import { workflowDispatchable } from '../../../../src/core/schedulers/triggerable';
import { memoryHost } from '../../support/memoryHost';

const FOLDER = '/work/app';
const NOW = new Date('2026-03-02T10:00:00Z');

function entriesOf(files: Record<string, string>): CodeTriggerEntry[] {
  const { host, disk } = memoryHost(FOLDER, files, { settings: { plan: 'pro' }, now: NOW });
  return createCronService(host).jobs(FOLDER).flatMap((project) => codeTriggerEntries(project.root, project.jobs, NOW, (file) => disk.get(path.posix.join(project.root, file))));
}

const NEXT = { 'package.json': '{ "dependencies": { "next": "15.0.0" } }' };
const QSTASH = `import { Client } from '@upstash/qstash';
const q = new Client({ token: process.env.QSTASH_TOKEN! });
export async function register() {
  await q.schedules.create({ destination: \`\${process.env.APP_URL}/api/qstash/digest\`, cron: '0 3 * * *', scheduleId: 'nightly-digest' });
  await q.schedules.create({ destination: 'http://localhost:3000/api/qstash/sync', cron: '*/10 * * * *', method: 'PUT' });
  await q.schedules.create({ destination: \`\${base}/api/\${name}\`, cron: '0 4 * * *' });
  await q.schedules.create({ destination: 'https://example.com/api/missing', cron: '0 5 * * *' });
}
`;
const ROUTE = 'export async function POST() { return Response.json({ ok: true }); }\nexport async function PUT() { return Response.json({ ok: true }); }\n';
const TRIGGER_DEV = "import { schedules } from '@trigger.dev/sdk';\nexport const nightly = schedules.task({ id: 'nightly-report', cron: '0 2 * * *', run: async () => {} });\n";
const WORKFLOW = (on: string) => `name: sweep\non:\n${on}\njobs:\n  sweep:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo sweep\n`;

describe('Trigger Cron Route lists the jobs of the code: QStash destinations to send, the others with how they run', () => {
  it('a QStash schedule whose destination a route answers is sendable, with its method, route and scheduleId', () => {
    const entries = entriesOf({ ...NEXT, 'lib/schedules.ts': QSTASH, 'app/api/qstash/digest/route.ts': ROUTE, 'app/api/qstash/sync/route.ts': ROUTE });
    const sendable = entries.filter((entry) => entry.kind === 'qstash');
    assert.deepEqual(
      sendable.map((entry) => [entry.path, entry.method, entry.routeFile, entry.scheduleId, entry.declaredIn]),
      [
        ['/api/qstash/digest', 'POST', 'app/api/qstash/digest/route.ts', 'nightly-digest', 'lib/schedules.ts'],
        ['/api/qstash/sync', 'PUT', 'app/api/qstash/sync/route.ts', undefined, 'lib/schedules.ts'],
      ],
    );
    assert.match(sendable[0]!.schedule, /^At 03:00 UTC/);
    // A computed path and a path no route answers are listed with why, never sent.
    const explained = entries.filter((entry) => entry.kind === 'explained');
    assert.equal(explained.length, 2);
    assert.match(explained[0]!.kind === 'explained' ? explained[0]!.howToRun : '', /computed/);
    assert.match(explained[1]!.kind === 'explained' ? explained[1]!.howToRun : '', /https:\/\/example\.com\/api\/missing/);
  });

  it('a Trigger.dev task says to use its dev CLI and dashboard test, naming the task', () => {
    const [entry] = entriesOf({ ...NEXT, 'trigger/nightly.ts': TRIGGER_DEV });
    assert.equal(entry?.kind, 'explained');
    assert.equal(entry!.label, 'nightly-report');
    assert.match(entry!.kind === 'explained' ? entry!.howToRun : '', /npx trigger\.dev@latest dev.*Test page/);
  });

  it('a workflow says `gh workflow run` only when it has workflow_dispatch', () => {
    const withDispatch = entriesOf({ ...NEXT, '.github/workflows/sweep.yml': WORKFLOW("  schedule:\n    - cron: '0 1 * * *'\n  workflow_dispatch:") });
    const without = entriesOf({ ...NEXT, '.github/workflows/sweep.yml': WORKFLOW("  schedule:\n    - cron: '0 1 * * *'") });
    const how = (entries: CodeTriggerEntry[]) => (entries[0]?.kind === 'explained' ? entries[0].howToRun : '');
    assert.match(how(withDispatch), /It has workflow_dispatch, so run it now with `gh workflow run sweep\.yml`/);
    assert.match(how(without), /has no workflow_dispatch trigger/);
  });

  it('workflow_dispatch is read from every form of `on`, and nothing is claimed of a file that does not parse', () => {
    assert.equal(workflowDispatchable('on: workflow_dispatch\n'), true);
    assert.equal(workflowDispatchable('on: [push, workflow_dispatch]\n'), true);
    assert.equal(workflowDispatchable('on:\n  push:\n# workflow_dispatch:\n'), false);
    assert.equal(workflowDispatchable('on: [push\n'), undefined);
    assert.equal(workflowDispatchable(undefined), undefined);
  });

  it('node-cron says there is no request to send, and Vercel jobs are left to the configuration list', () => {
    const entries = entriesOf({ ...NEXT, 'vercel.json': '{ "crons": [{ "path": "/api/a", "schedule": "0 1 * * *" }] }', 'server/worker.ts': "import cron from 'node-cron';\ncron.schedule('0 1 * * *', () => {});\n" });
    assert.deepEqual(entries.map((entry) => entry.source), ['node-cron']);
    assert.match(entries[0]!.kind === 'explained' ? entries[0]!.howToRun : '', /no request to send/);
  });
});
