// `next-cron-routes trigger` end to end: a real `next dev` serving test/fixtures/trigger-app,
// one server for the whole file, requests through the CLI in-process and through the bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { freePort } from '../../../src/node/trigger/port';
import { type FixtureServer, startFixtureServer } from '../node/trigger/fixtureServer';
import { repoRoot } from '../support/repo';

const ROOT = repoRoot();
const LOCAL_SECRET = 'from-env-local-7f3c9a1e5b2d4c6e';
const DOT_ENV_SECRET = 'from-dot-env-0000000000000000';
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

let server: FixtureServer;
const TEMP: string[] = [];
const envBefore = { ...process.env };

before(async () => {
  server = await startFixtureServer(ROOT);
});
after(async () => {
  await server?.stop();
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

async function run(args: string[], cwd = server.dir) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, now: () => new Date() });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function json(args: string[], cwd?: string): Promise<{ code: number; body: TriggerJson; stderr: string }> {
  const result = await run([...args, '--json'], cwd);
  try {
    return { code: result.code, body: JSON.parse(result.stdout) as TriggerJson, stderr: result.stderr };
  } catch {
    assert.fail(`not one JSON object on stdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}

function trigger(cronPath: string, ...flags: string[]) {
  return json(['trigger', cronPath, '--base-url', server.baseUrl, ...flags]);
}

describe('trigger against next dev', () => {
  it('200: GET with the cron user agent, schedule and secret; the documented JSON', async () => {
    const { code, body } = await trigger('/api/cron/ok');
    assert.equal(code, 0);
    assert.deepEqual(Object.keys(body), KEYS);
    assert.equal(body.path, '/api/cron/ok');
    assert.equal(body.url, `${server.baseUrl}/api/cron/ok`);
    assert.equal(body.status, 200);
    assert.equal(body.error, null);
    assert.ok(Number.isInteger(body.durationMs));
    assert.ok(Object.keys(body.headers).every((name) => name === name.toLowerCase()));
    assert.match(body.headers['content-type']!, /application\/json/);
    assert.deepEqual(JSON.parse(body.body!), { ok: true, userAgent: 'vercel-cron/1.0', schedule: '0 3 * * *', hasAuthorization: true });
    assert.equal(body.bodyTruncated, false);
  });

  it('the secret route accepts the secret from .env.local, which wins over .env', async () => {
    const { code, body } = await trigger('/api/cron/secret');
    assert.equal(body.status, 200, body.explanation);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(body.body!), { authorized: true });
  });

  it('the text report masks the secret: its source and length, no character of it', async () => {
    const { code, stdout } = await run(['trigger', '/api/cron/secret', '--base-url', server.baseUrl]);
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`authorization: Bearer ‹hidden, ${LOCAL_SECRET.length} characters›`));
    assert.match(stdout, /CRON_SECRET from \.env\.local/);
    assert.ok(!stdout.includes(LOCAL_SECRET) && !stdout.includes(LOCAL_SECRET.slice(-4)), 'no part of the secret is printed');
  });

  it('401 when only .env is there: the route reads .env.local, and the report says which file was sent', async () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-trigger-app-'));
    TEMP.push(app);
    fs.copyFileSync(path.join(server.dir, 'vercel.json'), path.join(app, 'vercel.json'));
    fs.copyFileSync(path.join(server.dir, '.env'), path.join(app, '.env'));
    const { code, body } = await json(['trigger', '/api/cron/secret', '--folder', app, '--base-url', server.baseUrl]);
    assert.equal(code, 1);
    assert.equal(body.status, 401);
    assert.match(body.explanation, /refused the CRON_SECRET from \.env \(401\)/);
    assert.ok(!JSON.stringify(body).includes(DOT_ENV_SECRET));
  });

  it('405 for a route that exports only POST', async () => {
    const { code, body } = await trigger('/api/cron/post-only');
    assert.equal(code, 1);
    assert.equal(body.status, 405);
    assert.match(body.explanation, /no GET handler.*always send GET/);
  });

  it('307 is not followed: the explanation says where it pointed', async () => {
    const { code, body } = await trigger('/api/cron/redirect');
    assert.equal(code, 1);
    assert.equal(body.status, 307);
    assert.match(body.headers.location!, /\/login$/);
    assert.match(body.explanation, /does not follow redirects.*\/login/);
  });

  it('404 for a path no route serves', async () => {
    const { code, body } = await trigger('/api/cron/missing');
    assert.equal(code, 1);
    assert.equal(body.status, 404);
    assert.match(body.explanation, /Nothing serves \/api\/cron\/missing/);
  });

  it('a timeout: status null, error set, exit 1', async () => {
    const { code, body } = await trigger('/api/cron/sleep', '--timeout', '1');
    assert.equal(code, 1);
    assert.equal(body.status, null);
    assert.equal(body.error, 'TIMEOUT');
    assert.equal(body.body, null);
    assert.match(body.explanation, /No response within 1 s.*--timeout/);
  });

  it('reads nextCronRoutes.baseUrl and triggerTimeoutSeconds from .vscode/settings.json', async () => {
    fs.mkdirSync(path.join(server.dir, '.vscode'), { recursive: true });
    const settings = path.join(server.dir, '.vscode', 'settings.json');
    // 5 s: long enough for a busy machine's next dev to answer /ok, far short of /sleep's 30 s.
    fs.writeFileSync(settings, JSON.stringify({ 'nextCronRoutes.baseUrl': { '.': server.baseUrl }, 'nextCronRoutes.triggerTimeoutSeconds': 5 }));
    try {
      const ok = await json(['trigger', '/api/cron/ok']);
      assert.equal(ok.body.status, 200);
      const slow = await json(['trigger', '/api/cron/sleep']);
      assert.equal(slow.body.error, 'TIMEOUT');
      assert.match(slow.body.explanation, /No response within 5 s/);
    } finally {
      fs.rmSync(settings);
    }
  });

  it('through the bundle: exit 0 on 2xx, 1 otherwise', () => {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    const ok = spawnSync(process.execPath, [cli, 'trigger', '/api/cron/ok', '--base-url', server.baseUrl, '--json'], { cwd: server.dir, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).status, 200);
    const notGet = spawnSync(process.execPath, [cli, 'trigger', '/api/cron/post-only', '--base-url', server.baseUrl], { cwd: server.dir, encoding: 'utf8' });
    assert.equal(notGet.status, 1, notGet.stderr);
    assert.match(notGet.stdout, /405/);
  });

  it('process.env is untouched by loading env files', () => {
    assert.deepEqual({ ...process.env }, envBefore);
    assert.ok(!Object.values(process.env).some((v) => v === LOCAL_SECRET || v === DOT_ENV_SECRET));
  });

  it('--qstash: the delivery is signed with the env files\' key; the route\'s verifySignatureAppRouter (in next dev) accepts it', async () => {
    const { code, body } = await json(['trigger', '--qstash', '/api/qstash/digest', '--base-url', server.baseUrl]);
    assert.equal(code, 0, body.explanation);
    assert.deepEqual(Object.keys(body), KEYS);
    const answer = JSON.parse(body.body!) as { verified: boolean; messageId: string; retried: string; userAgent: string };
    assert.deepEqual([answer.verified, answer.retried, answer.userAgent], [true, '0', 'Upstash-QStash']);
    assert.match(answer.messageId, /^msg_local_/);
    assert.match(body.explanation, /QStash would count it as delivered/);
    const report = await run(['trigger', '--qstash', '/api/qstash/digest', '--base-url', server.baseUrl]);
    assert.match(report.stdout, /^ {2}upstash-signature: ‹hidden, \d+ characters›$/m);
    assert.match(report.stdout, /signed with QSTASH_CURRENT_SIGNING_KEY from \.env\.local/);
    assert.ok(!report.stdout.includes('sig_fixtureCurrentKey7Q2w9e4r1t6y'));
  });

  it('connection refused when the server is down (runs last: it stops the server)', async () => {
    const { baseUrl } = server;
    await server.stop();
    const { code, body } = await json(['trigger', '/api/cron/ok', '--base-url', baseUrl], path.join(ROOT, 'test', 'fixtures', 'trigger-app'));
    assert.equal(code, 1);
    assert.equal(body.status, null);
    assert.equal(body.error, 'ECONNREFUSED');
    assert.match(body.explanation, /dev server is not running.*--base-url/);
  });
});

describe('trigger --qstash without a key', () => {
  it('without a signing key nothing is sent, and the error says what to add where (exit 2)', async () => {
    const hits: string[] = [];
    const listener = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-trigger-qstash-'));
    TEMP.push(app);
    const fixture = path.join(ROOT, 'test', 'fixtures', 'trigger-app');
    for (const file of ['package.json', 'lib/qstash-schedules.ts', 'app/api/qstash/digest/route.ts']) {
      fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
      fs.copyFileSync(path.join(fixture, file), path.join(app, file));
    }
    fs.writeFileSync(path.join(app, '.env'), 'QSTASH_NEXT_SIGNING_KEY=sig_onlyTheNextKey000000\n');
    try {
      const result = await run(['trigger', '--qstash', '/api/qstash/digest', '--base-url', `http://127.0.0.1:${(listener.address() as AddressInfo).port}`], app);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /no QSTASH_CURRENT_SIGNING_KEY in .*QSTASH_NEXT_SIGNING_KEY is set/);
      assert.ok(!result.stderr.includes('sig_onlyTheNextKey'));
      const unknown = await run(['trigger', '--qstash', '/api/cron/ok'], app);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /not the destination of a QStash schedule/);
      assert.deepEqual(hits, []);
    } finally {
      listener.close();
    }
  });
});

describe('trigger: hosts other than this machine', () => {
  /** A non-loopback address of this machine, so "remote" can be tested without a network. */
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  it('refuses a non-loopback host without --allow-remote (exit 2, nothing sent) and sends with it', { skip: external ? false : 'no non-loopback interface' }, async () => {
    const hits: (string | undefined)[] = [];
    const listener = http.createServer((req, res) => {
      hits.push(req.headers.authorization);
      res.end('remote');
    });
    await new Promise<void>((resolve) => listener.listen(0, external, resolve));
    const remote = `http://${external}:${(listener.address() as AddressInfo).port}`;
    const app = path.join(ROOT, 'test', 'fixtures', 'trigger-app');
    try {
      const refused = await run(['trigger', '/api/cron/ok', '--base-url', remote], app);
      assert.equal(refused.code, 2);
      assert.equal(refused.stdout, '');
      assert.match(refused.stderr, new RegExp(`refusing to send .* to ${external!.replace(/\./g, '\\.')}.*--allow-remote ${external!.replace(/\./g, '\\.')}`));
      assert.equal(hits.length, 0);
      const wrongName = await run(['trigger', '/api/cron/ok', '--base-url', remote, '--allow-remote', 'example.com'], app);
      assert.equal(wrongName.code, 2);
      const allowed = await json(['trigger', '/api/cron/ok', '--base-url', remote, '--allow-remote', external!], app);
      assert.equal(allowed.code, 0);
      assert.equal(allowed.body.status, 200);
      assert.deepEqual(hits, [`Bearer ${LOCAL_SECRET}`]);
    } finally {
      listener.close();
    }
  });

  it('refuses a remote base URL from settings too', async () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-trigger-remote-'));
    TEMP.push(app);
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'trigger-app', 'vercel.json'), path.join(app, 'vercel.json'));
    fs.mkdirSync(path.join(app, '.vscode'));
    fs.writeFileSync(path.join(app, '.vscode', 'settings.json'), '{ "nextCronRoutes.baseUrl": "https://staging.example.com" }');
    const { code, stderr } = await run(['trigger', '/api/cron/ok'], app);
    assert.equal(code, 2);
    assert.match(stderr, /--allow-remote staging\.example\.com/);
  });
});

describe('trigger: usage errors exit 2 before anything is sent', () => {
  const app = path.join(ROOT, 'test', 'fixtures', 'trigger-app');
  const cases: [string[], RegExp][] = [
    [['trigger'], /needs a cron path/],
    [['trigger', '/a', '/b'], /one path/],
    [['trigger', 'api/cron/ok'], /must start with "\/"/],
    [['trigger', '/api/cron/nope'], /not a cron path of any vercel\.json.*cron paths: \/api\/cron\/ok/],
    [['trigger', '/api/cron/ok', '--folder', 'nowhere'], /no readable vercel\.json/],
    [['trigger', '/api/cron/ok', '--timeout', '0'], /--timeout/],
    [['trigger', '/api/cron/ok', '--timeout', 'soon'], /--timeout/],
    [['trigger', '/api/cron/ok', '--base-url', 'localhost:3000'], /--base-url: .*http:\/\//],
    [['trigger', '/api/cron/ok', '--bogus'], /bogus/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const { code, stdout, stderr } = await run(args, app);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
    });
  }

  it('finds the jobs of vercel.toml and vercel.ts apps, one configuration file per folder', async () => {
    const monorepo = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-trigger-configs-'));
    TEMP.push(monorepo);
    fs.mkdirSync(path.join(monorepo, 'apps', 'web'), { recursive: true });
    fs.mkdirSync(path.join(monorepo, 'apps', 'admin'), { recursive: true });
    fs.writeFileSync(path.join(monorepo, 'apps', 'web', 'vercel.toml'), '[[crons]]\npath = "/api/cron/ok"\nschedule = "0 3 * * *"\n');
    fs.writeFileSync(path.join(monorepo, 'apps', 'admin', 'vercel.ts'), "export default { crons: [{ path: '/api/cron/ok', schedule: '0 4 * * *' }, { path: '/api/cron/admin', schedule: '0 5 * * *' }] };\n");
    // vercel.json is the file read when a folder has several: its jobs, not vercel.ts's, count there.
    fs.writeFileSync(path.join(monorepo, 'apps', 'admin', 'vercel.json'), '{ "crons": [{ "path": "/api/cron/admin", "schedule": "0 5 * * *" }] }');
    fs.mkdirSync(path.join(monorepo, 'apps', 'jobs'), { recursive: true });
    fs.writeFileSync(path.join(monorepo, 'apps', 'jobs', 'vercel.ts'), "export const crons = [{ path: '/api/cron/ts-only', schedule: '0 6 * * *' }] as const;\n");
    // A module named vercel.ts deep in an app is code: its crons are no second app asking for --folder.
    fs.mkdirSync(path.join(monorepo, 'apps', 'web', 'src', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(monorepo, 'apps', 'web', 'src', 'lib', 'vercel.ts'), "export const crons = [{ path: '/api/cron/ok', schedule: '0 1 * * *' }];\n");
    const port = await freePort();
    const fromToml = await json(['trigger', '/api/cron/ok', '--base-url', `http://127.0.0.1:${port}`], monorepo);
    assert.equal(fromToml.body.error, 'ECONNREFUSED', 'found, in the vercel.toml app only, and sent');
    const fromTs = await json(['trigger', '/api/cron/ts-only', '--folder', 'apps/jobs', '--base-url', `http://127.0.0.1:${port}`], monorepo);
    assert.equal(fromTs.body.error, 'ECONNREFUSED', 'found in vercel.ts and sent');
    const unknown = await run(['trigger', '/api/cron/nope', '--folder', 'apps/web'], monorepo);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /not a cron path of .*vercel\.toml; cron paths: \/api\/cron\/ok/);
  });

  it('a path in several apps asks for --folder', async () => {
    const monorepo = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-trigger-mono-'));
    TEMP.push(monorepo);
    for (const name of ['web', 'admin']) {
      fs.mkdirSync(path.join(monorepo, 'apps', name), { recursive: true });
      fs.writeFileSync(path.join(monorepo, 'apps', name, 'vercel.json'), '{ "crons": [{ "path": "/api/cron/ok", "schedule": "0 3 * * *" }] }');
    }
    const { code, stderr } = await run(['trigger', '/api/cron/ok'], monorepo);
    assert.equal(code, 2);
    assert.match(stderr, /several apps \(apps\/admin, apps\/web\).*--folder/);
    const port = await freePort();
    const chosen = await json(['trigger', '/api/cron/ok', '--folder', 'apps/web', '--base-url', `http://127.0.0.1:${port}`], monorepo);
    assert.equal(chosen.body.error, 'ECONNREFUSED');
  });
});
