/**
 * A vercel.toml or vercel.ts project is told about that file: findings, fix titles, hovers and
 * the trigger's advice name it where they named vercel.json. vercel.json projects keep their
 * words (the rule tables and the golden CLI files hold them).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createCronService, type CronServiceHost, type HostRead } from '../../../../src/core/service';
import { DEFAULT_SETTINGS } from '../../../../src/core/settings';
import { explainOutcome } from '../../../../src/core/trigger/explain';
import type { HttpOutcome } from '../../../../src/core/trigger/outcome';
import { checkVercelJson } from '../../../../src/core/vercel/check';
import { parseVercelConfig, unreadableVercelConfig } from '../../../../src/core/vercel/configFiles';
import { getPathHover } from '../../../../src/core/vercel/pathHover';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';
import { checkConfig, NOW, projectOf } from '../../support/ruleHarness';

const NEXT_APP = { 'package.json': '{ "dependencies": { "next": "15.3.2" } }' };

function messagesOf(code: string, name: string, text: string, files?: Record<string, string>): string[] {
  return checkConfig(name, text, files ? { files } : {})
    .filter((f) => f.code === code)
    .map((f) => f.message);
}

describe('messages name the configuration file they are about', () => {
  it('config-unreadable: the file that could not be read', () => {
    for (const name of ['vercel.toml', 'vercel.mts']) {
      const findings = checkVercelJson(unreadableVercelConfig(name, 'permission denied'), { plan: 'unknown', now: NOW, project: undefined, rules: {} });
      assert.deepEqual(findings.map((f) => f.message), [`${name} could not be read: permission denied. Nothing in it was checked; make it a readable regular file.`]);
    }
    const json = checkVercelJson(unreadableVercelConfig('vercel.json', 'permission denied'), { plan: 'unknown', now: NOW, project: undefined, rules: {} });
    assert.match(json[0]!.message, /^vercel\.json could not be read/);
  });

  it('invalid-config-shape: a script must export an object', () => {
    assert.deepEqual(messagesOf('invalid-config-shape', 'vercel.ts', 'export default 5;\n'), [
      'vercel.ts must export an object ({ crons: [ … ] }), not a number: Vercel refuses the file, so the deploy fails and none of its cron jobs runs.',
    ]);
  });

  it("unknown-property quotes the CLI's error with the file it read", () => {
    const toml = '[[crons]]\npath = "/api/cron/a"\nschedule = "0 3 * * *"\nmethod = "POST"\n';
    const [message] = messagesOf('unknown-property', 'vercel.toml', toml);
    assert.match(message!, /"Invalid vercel\.toml - `crons\[0\]` should NOT have additional property `method`\."/);
    const ts = "export default { crons: [{ path: '/api/cron/a', schedule: '0 3 * * *', timezone: 'Europe/Berlin' }] };\n";
    assert.match(messagesOf('unknown-property', 'vercel.ts', ts)[0]!, /"Invalid vercel\.ts - `crons\[0\]` should NOT have additional property `timezone`\."/);
  });

  it("vercel-json-outside-app: this file, and the app's own configuration file when it has one", () => {
    const toml = '[[crons]]\npath = "/api/cron/a"\nschedule = "0 3 * * *"\n';
    const app = { 'package.json': '{ "private": true, "workspaces": ["apps/*"] }', 'apps/web/package.json': NEXT_APP['package.json'], 'apps/web/app/api/cron/a/route.ts': 'export async function GET() {}\n' };
    const [alone] = messagesOf('vercel-json-outside-app', 'vercel.toml', toml, { ...app, 'vercel.toml': toml });
    assert.match(alone!, /^Vercel never reads this vercel\.toml, so its crons never run: it reads vercel\.toml from the project's Root Directory/);
    assert.match(alone!, /Move it to apps\/web\/vercel\.toml and set/);
    const [beside] = messagesOf('vercel-json-outside-app', 'vercel.toml', toml, { ...app, 'vercel.toml': toml, 'apps/web/vercel.ts': 'export default {};\n' });
    assert.match(beside!, /Move its contents into apps\/web\/vercel\.ts and set/);
    const twoApps = { ...app, 'apps/admin/package.json': NEXT_APP['package.json'], 'vercel.toml': toml };
    assert.match(messagesOf('vercel-json-outside-app', 'vercel.toml', toml, twoApps)[0]!, /Move each job into the vercel\.toml of the app that serves it/);
  });

  it("the path hover names the file whose functions set maxDuration", () => {
    const toml = '[[crons]]\npath = "/api/cron/a"\nschedule = "0 3 * * *"\n\n[functions."app/api/**/*.ts"]\nmaxDuration = 60\n';
    const files = { ...NEXT_APP, 'vercel.toml': toml, 'app/api/cron/a/route.ts': 'export async function GET() {}\n' };
    const hover = getPathHover(parseVercelConfig('vercel.toml', toml, loadTypeScript), toml.indexOf('/api/cron/a') + 1, projectOf(files), (file) => file);
    assert.match(hover!.markdown, /maxDuration: 60 s, from the vercel\.toml functions `app\/api\/\\\*\\\*\/\\\*\\\.ts`/);
  });

  it('schedule-drift: the route is scheduled by vercel.toml, and the fix takes the schedule from it', () => {
    const folder = '/work/app';
    const route = "export const GET = withCronRunGuard({ job: 'a', schedule: '0 4 * * *', lockSeconds: 300 }, async () => Response.json({}));\n";
    const files: Record<string, string> = { ...NEXT_APP, 'vercel.toml': '[[crons]]\npath = "/api/cron/a"\nschedule = "0 5 * * *"\n', 'app/api/cron/a/route.ts': route };
    const host: CronServiceHost = {
      listFiles: () => ({ files: Object.keys(files).sort(), unread: new Map() }),
      readFile: (file): HostRead => {
        const text = files[path.posix.relative(folder, file)];
        return text === undefined ? { missing: true } : { text };
      },
      inFolder: (root) => (relative) => path.posix.join(root, relative),
      relative: (root, file) => path.posix.relative(root, file),
      settings: () => DEFAULT_SETTINGS,
      mayReadSecrets: () => true,
      loadTypeScript,
      now: () => NOW,
    };
    const cron = createCronService(host, () => folder);
    const routeFile = path.posix.join(folder, 'app/api/cron/a/route.ts');
    const drift = cron.diagnostics(routeFile).find((f) => f.code === 'schedule-drift');
    assert.ok(drift);
    assert.match(drift.message, /but vercel\.toml schedules this route at "0 5 \* \* \*"\..* Update the literal to the schedule in vercel\.toml\.$/);
    assert.deepEqual(cron.codeActions(routeFile, drift.span, 'schedule-drift').map((fix) => fix.title), ['Use the schedule from vercel.toml ("0 5 * * *")']);
  });

  it("the trigger's advice names the file the job is declared in, vercel.json when not told", () => {
    const ctx = { path: '/api/cron/a', url: new URL('http://127.0.0.1:3000/api/cron/a'), secret: { kind: 'none', searched: ['.env'] } as const, timeoutSeconds: 60, surface: 'cli' as const };
    const response = (status: number, headers: Record<string, string> = {}): HttpOutcome => ({ kind: 'response', status, statusText: '', headers, body: new Uint8Array(), bodyTruncated: false, durationMs: 1 });
    const badSchedule: HttpOutcome = { kind: 'error', code: 'INVALID_HEADER_VALUE', header: 'x-vercel-cron-schedule', message: 'x', durationMs: 0 };
    for (const [outcome, said] of [
      [response(404), /exactly as vercel\.toml writes it/],
      [response(308, { location: '/api/cron/a/' }), /write the path in vercel\.toml as \/api\/cron\/a\//],
      [badSchedule, /correct it in vercel\.toml/],
    ] as const) {
      const explanation = explainOutcome(outcome, { ...ctx, configFile: 'vercel.toml' }).explanation;
      assert.match(explanation, said);
      assert.doesNotMatch(explanation, /vercel\.json/);
      assert.match(explainOutcome(outcome, ctx).explanation, /vercel\.json/);
    }
  });
});
