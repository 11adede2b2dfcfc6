// `next-cron-routes trigger` against hostile and broken projects (issue #14): answers built to
// leak the secret, header values HTTP cannot carry, env files that are not files, and responses
// no HTTP server should send. Each server here is a raw local TCP server (rawServer.ts), so the
// tests do not need next dev.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { type RawServer, startRawServer } from '../node/trigger/rawServer';

const CRON_PATH = '/api/cron/x';
const KEYS = ['path', 'url', 'status', 'error', 'durationMs', 'headers', 'body', 'bodyTruncated', 'explanation'];

interface TriggerJson {
  path: string;
  url: string;
  status: number | null;
  error: string | null;
  durationMs: number;
  headers: Record<string, string>;
  body: string | null;
  bodyTruncated: boolean;
  explanation: string;
}

let server: RawServer;
const TEMP: string[] = [];

before(async () => {
  server = await startRawServer();
});
after(async () => {
  await server?.close();
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

/** CRON_SECRET in backticks: dotenv keeps quotes, backslashes and spaces inside them as they are. */
function envLine(secret: string): string {
  assert.ok(!secret.includes('`') && !secret.includes('\n'), 'backtick quoting cannot hold this secret');
  return `CRON_SECRET=\`${secret}\`\n`;
}

/** An app folder with one cron job and the given env files. */
function app(files: Record<string, string>, schedule = '0 3 * * *'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-hostile-'));
  TEMP.push(dir);
  fs.writeFileSync(path.join(dir, 'vercel.json'), JSON.stringify({ crons: [{ path: CRON_PATH, schedule }] }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

async function run(dir: string, ...flags: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['trigger', CRON_PATH, '--folder', dir, '--base-url', server.baseUrl, ...flags], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir, now: () => new Date() });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function json(dir: string, ...flags: string[]): Promise<{ code: number; body: TriggerJson; stdout: string; stderr: string }> {
  const result = await run(dir, ...flags, '--json');
  let body: TriggerJson;
  try {
    body = JSON.parse(result.stdout) as TriggerJson;
  } catch {
    assert.fail(`not one JSON object on stdout: ${result.stdout.slice(0, 500)}\nstderr: ${result.stderr.slice(0, 500)}`);
  }
  return { ...result, body };
}

const SECRET = 'Tok3n-AbCdEf-7f3c9a1e5b2d4c6e';

describe('trigger: header values HTTP cannot carry are not sent', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ['a schedule ending in a line break', { '.env.local': envLine(SECRET) }, '0 3 * * *\n', 'x-vercel-cron-schedule'],
    ['a schedule with €', { '.env.local': envLine(SECRET) }, '0 3 * * * €', 'x-vercel-cron-schedule'],
    ['a quoted secret with \\n', { '.env.local': 'CRON_SECRET="abcdefgh\\nijklmnop"\n' }, '0 3 * * *', 'authorization'],
    ['a secret with €', { '.env.local': envLine('abcdefgh€ijklmnop') }, '0 3 * * *', 'authorization'],
  ];
  for (const [name, files, schedule, header] of cases) {
    it(name, async () => {
      const dir = app(files, schedule);
      const before = server.requests.length;
      const { code, body, stdout, stderr } = await json(dir);
      assert.equal(code, 1);
      assert.deepEqual(Object.keys(body), KEYS);
      assert.equal(body.status, null);
      assert.equal(body.error, 'INVALID_HEADER_VALUE');
      assert.equal(body.body, null);
      assert.ok(body.explanation.includes(header), body.explanation);
      assert.equal(server.requests.length, before, 'nothing was sent');
      for (const part of ['abcdefgh', 'ijklmnop']) assert.ok(!(stdout + stderr).includes(part), 'no part of the secret is printed');
      const text = await run(dir);
      assert.equal(text.code, 1);
      assert.match(text.stdout, /Nothing was sent/);
      for (const part of ['abcdefgh', 'ijklmnop']) assert.ok(!(text.stdout + text.stderr).includes(part), 'no part of the secret is printed');
    });
  }
});

describe('trigger: a secret too short to keep out of the output is not sent', () => {
  it('a usage error (exit 2) that does not print it, and no request', async () => {
    const dir = app({ '.env.local': 'CRON_SECRET=Zq9\n' });
    const before = server.requests.length;
    const { code, stdout, stderr } = await run(dir, '--json');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^next-cron-routes: CRON_SECRET is only 3 characters long; .*at least 4 characters/);
    assert.ok(!stderr.includes('Zq9'));
    assert.equal(server.requests.length, before, 'nothing was sent');
  });
});
