/**
 * The CLI against generated hostile projects (issue #14): deep and huge JSON and TypeScript,
 * FIFOs, symlinks in and out, odd encodings, header-unsafe values. For every input, `check`,
 * `fix` (twice), `fix --dry-run`, `explain` and `trigger` (against a local server that echoes
 * what it gets) must exit with a documented code, print no stack trace, keep `--json`/`--format
 * json` valid, write nothing outside the project, never print the secret, and the second `fix`
 * must change nothing. Bounded by counts (a fixed seed and number of projects); the per-command
 * timeout only reports a hang.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { repoRoot } from '../support/repo';
import { FUZZ_SECRET, materialize, project, type ProjectSpec, secretForms, snapshot } from './projects';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;
const PROJECTS = process.env.NCR_FUZZ_PROJECTS ? Number(process.env.NCR_FUZZ_PROJECTS) : 24;
/** Only to report a hang: no result depends on it. */
const HANG_MS = 30_000;
const EXIT_CODES = new Set([0, 1, 2, 3]);
const CLI = path.join(repoRoot(), 'dist', 'cli.js');

interface Outcome {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  hung: boolean;
}

function runCli(args: string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NCR_DEBUG: '' } });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, HANG_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ command: args.join(' ').slice(0, 120), code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), ms: Number(process.hrtime.bigint() - started) / 1e6, hung });
    });
  });
}

/** A local server that answers the way a careless route might: echoing the secret everywhere. */
function echoServer(): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const auth = request.headers.authorization ?? '';
    const n = Number(/\/(\d+)$/.exec(request.url ?? '')?.[1] ?? 0) % 4;
    if (n === 0) {
      response.writeHead(302, `Found ${auth}`, { location: `/login?next=${encodeURIComponent(auth)}`, [`x-${auth.replace(/[^A-Za-z0-9-]/g, '')}`.slice(0, 60)]: auth.replace(/[^\x20-\x7e]/g, '') });
      response.end();
    } else if (n === 1) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ got: auth, pad: 'x'.repeat(65_536 - 20) + auth }));
    } else if (n === 2) {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`${'y'.repeat(65_530)}${auth}${auth}`);
    } else {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`ok ${auth}`);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('CLI against hostile projects (fuzz, fixed seed)', () => {
  let root = '';
  let server: http.Server | undefined;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-fuzz-'));
    server = await echoServer();
  });
  after(() => {
    server?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it(`${PROJECTS} projects × check, fix ×2, fix --dry-run, explain, trigger`, { timeout: 15 * 60_000 }, async () => {
    const specs: ProjectSpec[] = fc.sample(project, { seed: SEED, numRuns: PROJECTS });
    const problems: string[] = [];
    const counts = { commands: 0, crashes: 0, hangs: 0, internalErrors: 0, leaks: 0, outsideWrites: 0, unstableFixes: 0, badJson: 0 };
    let worst = { ms: 0, command: '' };
    const port = (server!.address() as AddressInfo).port;

    for (const [index, spec] of specs.entries()) {
      const base = path.join(root, `case${index}`);
      const folder = path.join(base, 'project');
      const outside = path.join(base, 'outside');
      fs.mkdirSync(outside, { recursive: true });
      fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside the project\n');
      materialize(spec, folder, outside);
      const outsideBefore = snapshot(outside);
      const describeCase = () => `case ${index}: ${spec.entries.map((e) => `${e.kind} ${e.path}${e.kind === 'symlink' ? ` -> ${e.target}` : e.kind === 'file' ? ` (${e.content.length} ${typeof e.content === 'string' ? 'chars' : 'bytes'})` : ''}`).join('; ')}`;

      const record = (outcome: Outcome, json: boolean) => {
        counts.commands++;
        if (outcome.ms > worst.ms) worst = { ms: outcome.ms, command: `case ${index}: ${outcome.command}` };
        const where = `${describeCase()}\n  $ next-cron-routes ${outcome.command}`;
        if (outcome.hung) {
          counts.hangs++;
          problems.push(`${where}\n  hung (killed after ${HANG_MS / 1000} s)`);
          return;
        }
        if (outcome.code === null || !EXIT_CODES.has(outcome.code)) {
          counts.crashes++;
          problems.push(`${where}\n  exit ${outcome.code}`);
        }
        if (/^\s+at .+(:\d+:\d+\)?|\(native\))$/m.test(outcome.stderr)) {
          counts.crashes++;
          problems.push(`${where}\n  stack trace on stderr: ${outcome.stderr.slice(0, 600)}`);
        }
        if (outcome.code === 3) {
          counts.internalErrors++;
          problems.push(`${where}\n  internal error: ${outcome.stderr.slice(0, 400)}`);
        }
        if (json && outcome.code !== 2) {
          try {
            JSON.parse(outcome.stdout);
          } catch {
            counts.badJson++;
            problems.push(`${where}\n  stdout is not one JSON value: ${JSON.stringify(outcome.stdout.slice(0, 200))}`);
          }
        }
        for (const form of secretForms()) {
          if (outcome.stdout.includes(form) || outcome.stderr.includes(form)) {
            counts.leaks++;
            problems.push(`${where}\n  the secret (${JSON.stringify(form)}) is in the output`);
            break;
          }
        }
      };

      record(await runCli(['check', folder, '--format', 'json'], base), true);
      record(await runCli(['check', 'project'], base), false);
      record(await runCli(['fix', folder, '--dry-run'], base), false);
      record(await runCli(['fix', folder], base), false);
      const afterFirstFix = fs.existsSync(folder) ? snapshot(folder) : new Map();
      record(await runCli(['fix', folder], base), false);
      const afterSecondFix = fs.existsSync(folder) ? snapshot(folder) : new Map();
      if (JSON.stringify([...afterFirstFix]) !== JSON.stringify([...afterSecondFix])) {
        counts.unstableFixes++;
        const changed = [...afterSecondFix.keys()].filter((k) => afterFirstFix.get(k) !== afterSecondFix.get(k));
        problems.push(`${describeCase()}\n  a second fix changed ${changed.slice(0, 5).join(', ')}`);
      }
      record(await runCli(['explain', '0 3 * * *\n', '--json'], folder), true);
      record(await runCli(['explain', '0 0 * 2 5#5', '--dialect', 'node-cron', '--runs', '100', '--from', '9990-01-01T00:00:00Z', '--json'], folder), true);
      record(await runCli(['trigger', `/api/cron/${index}`, '--folder', folder, '--base-url', `http://127.0.0.1:${port}`, '--timeout', '10', '--json'], base), true);
      record(await runCli(['trigger', `/api/cron/${index + 1}`, '--folder', folder, '--base-url', `http://127.0.0.1:${port}`, '--timeout', '10'], base), false);

      if (JSON.stringify([...snapshot(outside)]) !== JSON.stringify([...outsideBefore])) {
        counts.outsideWrites++;
        problems.push(`${describeCase()}\n  a command wrote outside the project: ${[...snapshot(outside).keys()].join(', ')}`);
      }
    }

    console.log(`# hostile CLI fuzz: ${specs.length} projects, ${counts.commands} commands; crashes ${counts.crashes}, hangs ${counts.hangs}, internal errors ${counts.internalErrors}, secret leaks ${counts.leaks}, writes outside ${counts.outsideWrites}, unstable fixes ${counts.unstableFixes}, bad JSON ${counts.badJson}; slowest ${worst.ms.toFixed(0)} ms (${worst.command})`);
    assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
    assert.ok(!FUZZ_SECRET.includes('\n'));
  });
});
