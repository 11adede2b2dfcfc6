/**
 * Real redis-server and PostgreSQL instances for tests: started on free 127.0.0.1 ports in
 * temporary directories, awaited by polling their readiness (never a fixed sleep), and stopped
 * with their files removed. When a binary is missing the suite is skipped with the Debian package
 * to install, except in CI (CI=true), where that is a failure.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface Server {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Where a service comes from: its binary, or why the tests cannot use it. */
interface Availability {
  binDir: string | undefined;
  missing: string;
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, binary))) return dir;
  }
  return undefined;
}

function redisAvailability(): Availability {
  return { binDir: onPath('redis-server'), missing: 'redis-server is not installed (Debian: apt-get install redis-server)' };
}

/** Debian keeps initdb and postgres out of PATH, under /usr/lib/postgresql/<version>/bin. */
function postgresAvailability(): Availability {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  const binDir = newest ? path.join(root, newest, 'bin') : onPath('initdb');
  return { binDir, missing: 'PostgreSQL is not installed (Debian: apt-get install postgresql)' };
}

/**
 * The `skip` option for a suite that needs the service: a message naming the package when it is
 * missing, false when it is there or in CI (where starting it then fails the suite).
 */
export function skipUnless(service: 'redis' | 'postgres'): string | false {
  const availability = service === 'redis' ? redisAvailability() : postgresAvailability();
  if (availability.binDir || process.env.CI === 'true') return false;
  return availability.missing;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `ready` until it holds, failing early if the process exits; `log` explains a failure. */
async function waitUntil(child: ChildProcess, ready: () => Promise<boolean>, log: () => string, what: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${START_TIMEOUT_MS} ms:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Signals the process and waits for it to exit; if it takes too long, `then` (or SIGKILL) follows. */
async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, then: NodeJS.Signals[] = []): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const escalation = [...then, 'SIGKILL' as const];
  child.kill(signal);
  const timer = setInterval(() => child.kill(escalation.shift() ?? 'SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearInterval(timer);
}

function capture(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return () => output.split('\n').slice(-40).join('\n');
}

export async function startRedis(): Promise<Server> {
  const { binDir, missing } = redisAvailability();
  if (!binDir) throw new Error(`${missing}; CI=true makes this a failure`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nc-redis-'));
  const port = await freePort();
  const child = spawn(path.join(binDir, 'redis-server'), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = capture(child);
  const stop = async () => {
    await stopProcess(child, 'SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(child, () => accepts(port), log, 'redis-server');
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}

/** initdb refuses to run as root, so as root the cluster belongs to, and runs as, the postgres user. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function startPostgres(): Promise<Server> {
  const { binDir, missing } = postgresAvailability();
  if (!binDir) throw new Error(`${missing}; CI=true makes this a failure`);
  const user = postgresUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nc-postgres-'));
  const data = path.join(dir, 'data');
  const socketDir = path.join(dir, 'run');
  fs.mkdirSync(socketDir);
  if (user) for (const owned of [dir, socketDir]) fs.chownSync(owned, user.uid, user.gid);
  // The postgres user may not be able to read the working directory of the test.
  const asOwner = { cwd: dir, ...(user ?? {}), env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } };
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync(path.join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], { ...asOwner, stdio: 'pipe' });
  } catch (error) {
    removeDir();
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`initdb failed: ${output.stderr?.toString() ?? ''}${output.stdout?.toString() ?? ''}`, { cause: error });
  }
  const port = await freePort();
  const child = spawn(
    path.join(binDir, 'postgres'),
    ['-D', data, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
    { ...asOwner, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = capture(child);
  const stop = async () => {
    // SIGTERM, smart shutdown: clients the tests just ended may still be saying goodbye, and
    // cutting them off would surface as errors in the test. Fast shutdown (SIGINT) if that hangs.
    await stopProcess(child, 'SIGTERM', ['SIGINT']);
    removeDir();
  };
  const ready = () =>
    new Promise<boolean>((resolve) => {
      const probe = spawn(path.join(binDir, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-q'], { stdio: 'ignore' });
      probe.once('exit', (code) => resolve(code === 0));
      probe.once('error', () => resolve(false));
    });
  try {
    await waitUntil(child, ready, log, 'postgres');
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop };
}
