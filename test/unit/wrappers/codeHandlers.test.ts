/**
 * The wrapper refactors on QStash destinations and Trigger.dev tasks (#20), through the service as
 * the editor asks them: offered on the handler a job points at, applied (edits and the created
 * helper), and not offered again once applied, so applying twice changes nothing.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { createCronService, type Fix } from '../../../src/core/service';
import { memoryHost } from '../support/memoryHost';

const FOLDER = '/work/app';

function serviceOver(files: Record<string, string>) {
  return createCronService(memoryHost(FOLDER, files, { settings: { plan: 'pro' }, now: new Date('2026-03-02T10:00:00Z') }).host, () => FOLDER);
}

/** The refactors at `marker` (its first occurrence) in `file`. */
function refactorsAt(files: Record<string, string>, file: string, marker: string): Fix[] {
  const text = files[file]!;
  const at = text.indexOf(marker);
  assert.ok(at >= 0, marker);
  return serviceOver(files).refactors(path.posix.join(FOLDER, file), { start: at, end: at });
}

function apply(files: Record<string, string>, file: string, fix: Fix): Record<string, string> {
  const next = { ...files, [file]: applyEdits(files[file]!, fix.edits) };
  for (const created of fix.createFiles ?? []) {
    assert.equal(next[created.file], undefined, `${created.file} exists already`);
    next[created.file] = created.content;
  }
  return next;
}

const PACKAGE = '{ "dependencies": { "next": "15.0.0", "@upstash/qstash": "2.12.0", "@upstash/redis": "1.35.0" } }';
const SCHEDULES = `import { Client } from '@upstash/qstash';
const qstash = new Client({ token: process.env.QSTASH_TOKEN! });
export async function register() {
  await qstash.schedules.create({ destination: \`\${process.env.APP_URL}/api/qstash/digest\`, cron: '0 3 * * *' });
}
`;
const DESTINATION = `import { verifySignatureAppRouter } from "@upstash/qstash/nextjs"

// Sends the nightly digest.
async function handler(request: Request) {
  const body = await request.text()
  return Response.json({ ok: true, length: body.length })
}

export const POST = verifySignatureAppRouter(handler)
`;
const TASK = `import { schedules } from "@trigger.dev/sdk";

export const nightly = schedules.task({
  id: "nightly-report",
  cron: "0 2 * * *",
  run: async (payload) => {
    console.log(payload.timestamp);
  },
});
`;

describe('wrapper refactors on a QStash destination route', () => {
  const files = { 'package.json': PACKAGE, 'lib/schedules.ts': SCHEDULES, 'app/api/qstash/digest/route.ts': DESTINATION };
  const route = 'app/api/qstash/digest/route.ts';

  it('offers monitoring and the delivery guard (per store) on the handler QStash calls, nowhere else', () => {
    assert.deepEqual(
      refactorsAt(files, route, 'export const POST').map((fix) => fix.title),
      ['Wrap POST with cron monitoring (QStash destination)', 'Guard against duplicate QStash deliveries (@upstash/redis)', 'Guard against duplicate QStash deliveries (store to implement)'],
    );
    assert.deepEqual(refactorsAt(files, route, '// Sends'), []);
    // A route no schedule delivers to gets nothing.
    assert.deepEqual(refactorsAt({ ...files, 'lib/schedules.ts': '' }, route, 'export const POST'), []);
  });

  it('monitoring wraps the export in the file style, creates the helper once, and is not offered again', () => {
    const [monitoring] = refactorsAt(files, route, 'export const POST');
    const fixed = apply(files, route, monitoring!);
    assert.equal(fixed[route], `import { verifySignatureAppRouter } from "@upstash/qstash/nextjs"
import { withCronMonitoring } from "../../../../lib/cron-monitoring"

// Sends the nightly digest.
async function handler(request: Request) {
  const body = await request.text()
  return Response.json({ ok: true, length: body.length })
}

export const POST = withCronMonitoring("qstash-digest", verifySignatureAppRouter(handler))
`);
    assert.ok(fixed['lib/cron-monitoring.ts']?.includes('export function withCronMonitoring'));
    assert.deepEqual(refactorsAt(fixed, route, 'export const POST').map((fix) => fix.title), ['Guard against duplicate QStash deliveries (@upstash/redis)', 'Guard against duplicate QStash deliveries (store to implement)']);
  });

  it('the guard keys by the message id, and after it neither action offers it twice', () => {
    const guard = refactorsAt(files, route, 'export const POST')[1]!;
    const fixed = apply(files, route, guard);
    assert.match(fixed[route]!, /export const POST = withQStashIdempotency\(\{ job: "qstash-digest", lockSeconds: 300 \}, verifySignatureAppRouter\(handler\)\)\n/);
    assert.match(fixed['lib/qstash-idempotency.ts']!, /qstash:\$\{options\.job\}:\$\{messageId\}/);
    assert.match(fixed['lib/qstash-idempotency.ts']!, /@upstash\/redis/);
    const again = apply(fixed, route, refactorsAt(fixed, route, 'export const POST')[0]!);
    assert.deepEqual(refactorsAt(again, route, 'export const POST'), []);
  });

  it('a schedule sending PUT wraps the PUT export', () => {
    const put = { ...files, 'lib/schedules.ts': SCHEDULES.replace("cron: '0 3 * * *'", "cron: '0 3 * * *', method: 'PUT'"), [route]: 'export async function PUT() {\n  return new Response(null, { status: 204 });\n}\n' };
    const [monitoring] = refactorsAt(put, route, 'export async function PUT');
    assert.equal(monitoring?.title, 'Wrap PUT with cron monitoring (QStash destination)');
    assert.match(apply(put, route, monitoring!)[route]!, /export const PUT = withCronMonitoring\('qstash-digest', async \(\) => \{\n {2}return new Response\(null, \{ status: 204 \}\);\n\}\);\n/);
  });
});

describe('wrapper refactors on a Trigger.dev scheduled task', () => {
  const files = { 'package.json': '{ "dependencies": { "next": "15.0.0", "@trigger.dev/sdk": "4.0.0" } }', 'trigger/nightly.ts': TASK };
  const file = 'trigger/nightly.ts';

  it('offers task monitoring inside the task call only, and wraps run in place', () => {
    assert.deepEqual(refactorsAt(files, file, 'import').map((fix) => fix.title), []);
    const [fix, ...rest] = refactorsAt(files, file, 'id: "nightly-report"');
    assert.deepEqual(rest, []);
    assert.equal(fix?.title, 'Wrap run of nightly-report with task monitoring');
    const fixed = apply(files, file, fix!);
    assert.match(fixed[file]!, /run: withTaskMonitoring\("nightly-report", async \(payload\) => \{\n {4}console\.log\(payload\.timestamp\);\n {2}\}\),\n/);
    assert.match(fixed[file]!, /^import \{ schedules \} from "@trigger\.dev\/sdk";\nimport \{ withTaskMonitoring \} from "[^"]*lib\/task-monitoring";\n/);
    assert.ok(fixed['lib/task-monitoring.ts']?.includes('export function withTaskMonitoring<Args extends unknown[], Result>('));
    assert.deepEqual(refactorsAt(fixed, file, 'id: "nightly-report"'), []);
  });

  it('a run given by name, or a method, is not rewritten', () => {
    const named = TASK.replace(/run: async \(payload\) => \{\n {4}console\.log\(payload\.timestamp\);\n {2}\},/, 'run: runReport,');
    assert.deepEqual(refactorsAt({ ...files, [file]: `${named}declare function runReport(): Promise<void>;\n` }, file, 'id: "nightly-report"'), []);
    const method = TASK.replace('run: async (payload) => {', 'async run(payload) {');
    assert.deepEqual(refactorsAt({ ...files, [file]: method }, file, 'id: "nightly-report"'), []);
  });
});
