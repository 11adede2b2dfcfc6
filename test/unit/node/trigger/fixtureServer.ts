// Starts `next dev` on a temporary copy of test/fixtures/trigger-app, for the CLI tests and the
// editor tests (which run it from inside the extension host). Shared so both start the server
// the same way: one server per test file, warmed once.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { freePort, waitForPort } from '../../../../src/node/trigger/port';
import { runGuardModule, STORE_STUB_TS } from '../../../../src/core/wrappers/runGuard';

export interface FixtureServer {
  /** The temporary copy the server runs in (it has the fixture's env files and vercel.json). */
  dir: string;
  port: number;
  baseUrl: string;
  /** What next dev printed, for failure messages. */
  log(): string;
  /** Stops the server (its whole process group) and removes the copy. */
  stop(): Promise<void>;
}

export const FIXTURE_ROUTES = ['/api/cron/ok', '/api/cron/secret', '/api/cron/post-only', '/api/cron/redirect', '/api/cron/missing', '/api/cron/guarded'];

/**
 * The duplicate-run guard exactly as "Guard against duplicate runs" writes it with no store
 * package, its store implemented the way a user would for one long-running `next dev` process.
 * (On serverless a Map is per instance: the generator refuses to default to it, the test may.)
 */
function guardModule(): string {
  const inMemory = [
    'const claims = new Map<string, number>();',
    'export const cronRunStore: CronRunStore = {',
    '  async claim(key, ttlSeconds) {',
    '    if ((claims.get(key) ?? 0) > Date.now()) return false;',
    '    claims.set(key, Date.now() + ttlSeconds * 1000);',
    '    return true;',
    '  },',
    '  async release(key) {',
    '    claims.delete(key);',
    '  },',
    '};',
  ].join('\n');
  const generated = runGuardModule('interface', { typed: true });
  if (!generated.includes(STORE_STUB_TS)) throw new Error('the interface store stub moved: update the fixture server');
  return generated.replace(STORE_STUB_TS, inMemory);
}

/**
 * The copy lives under the repository's git-ignored .cache/, not in os.tmpdir(): Turbopack only
 * compiles files below its root (the folder with the nearest lock file), and the repository's
 * node_modules must be inside that root for `next` to resolve. `next dev` rewrites
 * tsconfig.json and next-env.d.ts, which is why it never runs in the fixture itself.
 */
function copyFixture(repo: string): string {
  const parent = path.join(repo, '.cache', 'trigger-next');
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, 'app-'));
  fs.cpSync(path.join(repo, 'test', 'fixtures', 'trigger-app'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'lib', 'cron-run-guard.ts'), guardModule());
  return dir;
}

/** The environment of next dev: ours minus anything that would change what it reads. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  // A CRON_SECRET (or QStash key) here would win over the env files and defeat the test of their order.
  for (const name of ['CRON_SECRET', 'QSTASH_CURRENT_SIGNING_KEY', 'QSTASH_NEXT_SIGNING_KEY', 'QSTASH_DEV', 'NODE_ENV', 'NODE_OPTIONS', 'PORT', '__NEXT_PRIVATE_ORIGIN', 'ELECTRON_RUN_AS_NODE']) delete env[name];
  return env;
}

function get(url: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => resolve());
    });
    request.on('timeout', () => request.destroy(new Error(`warming ${url} took over ${timeoutMs / 1000} s`)));
    request.on('error', reject);
  });
}

export async function startFixtureServer(repo: string, options: { warm?: readonly string[] } = {}): Promise<FixtureServer> {
  const dir = copyFixture(repo);
  const port = await freePort();
  const output: string[] = [];
  // The Node that runs the tests: in the extension host, the runner's Node 20 (NCR_E2E_NODE).
  const node = process.env.NCR_E2E_NODE || process.execPath;
  const child: ChildProcess = spawn(node, [path.join(repo, 'node_modules', 'next', 'dist', 'bin', 'next'), 'dev', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: dir,
    env: serverEnv(),
    // Its own process group, so stop() ends next dev and the workers it forks, and nothing else.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const killed = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 10_000);
      await exited;
      clearTimeout(killed);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const server: FixtureServer = { dir, port, baseUrl: `http://127.0.0.1:${port}`, log: () => output.join(''), stop };
  try {
    if (!(await waitForPort('127.0.0.1', port, { timeoutMs: 60_000, until: exited }))) throw new Error('next dev did not listen');
    // The first request of a route compiles it (seconds on a small machine): do it once here,
    // so test timeouts measure the trigger, not Turbopack.
    await Promise.all((options.warm ?? FIXTURE_ROUTES).map((route) => get(`${server.baseUrl}${route}`, 120_000)));
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output.join('')}`, { cause: error });
  }
  return server;
}
