import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { repoRoot } from '../support/repo';

/**
 * The CLI's output on every fixture app, byte for byte, against test/golden/cli/. A restructuring
 * that should change no behaviour (the core facade of #16) proves it here: any difference fails
 * with the first lines that differ. A deliberate change of output is made by regenerating the
 * files with NCR_GOLDEN_UPDATE=1 and reading the diff before committing it.
 */

const ROOT = repoRoot();
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const GOLDEN = path.join(ROOT, 'test', 'golden', 'cli');
const UPDATE = process.env.NCR_GOLDEN_UPDATE === '1';
const NOW = new Date('2026-11-28T01:48:00Z');

/** Each command run in every fixture app, with its golden file's name. */
const COMMANDS: ReadonlyArray<{ name: string; args: string[] }> = [
  { name: 'check.txt', args: ['check', '.', '--hints', '--verbose'] },
  { name: 'check.json', args: ['check', '.', '--format', 'json'] },
  { name: 'check-hobby.json', args: ['check', '.', '--format', 'json', '--plan', 'hobby', '--no-fluid'] },
  { name: 'check.sarif', args: ['check', '.', '--format', 'sarif', '--plan', 'pro'] },
  { name: 'fix-dry-run.txt', args: ['fix', '.', '--dry-run'] },
];

/**
 * `jobs` and `migrate --dry-run` on a few fixture apps: a Next.js app, basePath, a monorepo, api/
 * functions, trailing slashes, Vercel Schedules in both shapes (zones, jitter, every target), and
 * crons in vercel.toml and vercel.ts, schedulers declared in workflows, netlify.toml and Netlify
 * functions (schedulers-files), and the schedulers an app declares in code (schedulers-code).
 */
const JOB_APPS = ['app-router', 'base-path', 'config-toml', 'config-ts', 'monorepo', 'monorepo-workflows', 'schedules-object', 'schedulers-code', 'schedulers-files', 'shapes-not-next', 'shapes-schedules', 'trailing-slash-true'];
const JOB_COMMANDS: ReadonlyArray<{ name: string; args: string[] }> = [
  { name: 'jobs.json', args: ['jobs', '.', '--json', '--from', '2026-01-01T00:00:00Z'] },
  { name: 'jobs.txt', args: ['jobs', '.', '--from', '2026-01-01T00:00:00Z', '--runs', '3'] },
  { name: 'migrate-dry-run.txt', args: ['migrate', '.', '--dry-run'] },
];

/** `fix --only` on an app whose findings have fixes `fix` does not apply unasked. */
const ONLY_FIXES: ReadonlyArray<{ app: string; name: string; args: string[] }> = [
  { app: 'workflows-cron-calls', name: 'fix-only-dry-run.txt', args: ['fix', '.', '--dry-run', '--only', 'workflow-calls-cron-without-secret'] },
];

/** Schedules whose explanation is fixed by --from and --tz. */
const EXPLAINED: ReadonlyArray<{ name: string; args: string[] }> = [
  { name: 'daily-9.txt', args: ['explain', '0 9 * * *', '--from', '2026-11-28T01:48:00Z', '--tz', 'Europe/Berlin', '--runs', '3'] },
  { name: 'every-minute-hobby.json', args: ['explain', '* * * * *', '--plan', 'hobby', '--from', '2026-11-28T01:48:00Z', '--tz', 'UTC', '--json'] },
  { name: 'dom-dow.txt', args: ['explain', '0 0 13 * 5', '--from', '2026-11-28T01:48:00Z', '--tz', 'America/New_York'] },
  { name: 'node-cron-seconds.txt', args: ['explain', '*/30 * * * * *', '--dialect', 'node-cron', '--schedule-tz', 'Asia/Tokyo', '--from', '2026-11-28T01:48:00Z', '--tz', 'UTC'] },
  { name: 'invalid.txt', args: ['explain', '61 25 * * *', '--from', '2026-11-28T01:48:00Z', '--tz', 'UTC'] },
];

/** What one command printed: its exit code, then stdout and stderr as the real binary writes them. */
function transcript(args: string[], cwd: string): string {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = runCli(args, { stdout: (text) => stdout.push(`${text}\n`), stderr: (text) => stderr.push(`${text}\n`), cwd, now: () => NOW });
  assert.equal(typeof code, 'number', `${args.join(' ')} returned a promise`);
  return `$ next-cron-routes ${args.map(quoted).join(' ')}\n# exit ${String(code)}\n# stdout\n${stdout.join('')}# stderr\n${stderr.join('')}`;
}

function quoted(arg: string): string {
  return /^[\w./:=-]+$/.test(arg) ? arg : `'${arg}'`;
}

/** Compares with the golden file, or writes it under NCR_GOLDEN_UPDATE=1. */
function matchesGolden(file: string, actual: string): void {
  if (UPDATE) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `no golden file ${path.relative(ROOT, file)}: run the unit tests with NCR_GOLDEN_UPDATE=1 and read the result`);
  const expected = fs.readFileSync(file, 'utf8');
  if (actual === expected) return;
  const actualLines = actual.split('\n');
  const expectedLines = expected.split('\n');
  const first = actualLines.findIndex((line, index) => line !== expectedLines[index]);
  const at = first === -1 ? Math.min(actualLines.length, expectedLines.length) : first;
  assert.fail(
    `${path.relative(ROOT, file)} differs from line ${at + 1}:\n` +
      `  golden: ${JSON.stringify(expectedLines.slice(at, at + 3).join('\n').slice(0, 600))}\n` +
      `  now:    ${JSON.stringify(actualLines.slice(at, at + 3).join('\n').slice(0, 600))}`,
  );
}

const fixtureApps = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('CLI output on the fixture apps matches test/golden/cli byte for byte', () => {
  it('covers every fixture app and no golden folder is left without one', () => {
    assert.ok(fixtureApps.length >= 20, `only ${fixtureApps.length} fixture apps found`);
    if (UPDATE || !fs.existsSync(GOLDEN)) return;
    const stale = fs.readdirSync(GOLDEN).filter((name) => name !== 'explain' && !fixtureApps.includes(name));
    assert.deepEqual(stale, [], 'golden folders whose fixture app is gone');
  });

  for (const app of fixtureApps) {
    it(app, () => {
      const folder = path.join(FIXTURES, app);
      const before = snapshotOfTree(folder);
      for (const { name, args } of COMMANDS) matchesGolden(path.join(GOLDEN, app, name), transcript(args, folder));
      assert.equal(snapshotOfTree(folder), before, 'a command changed the fixture app');
    });
  }

  for (const app of JOB_APPS) {
    it(`${app}: jobs and migrate --dry-run`, () => {
      const folder = path.join(FIXTURES, app);
      const before = snapshotOfTree(folder);
      for (const { name, args } of JOB_COMMANDS) matchesGolden(path.join(GOLDEN, app, name), transcript(args, folder));
      assert.equal(snapshotOfTree(folder), before, 'a command changed the fixture app');
    });
  }

  for (const { app, name, args } of ONLY_FIXES) {
    it(`${app}: ${args.join(' ')}`, () => {
      const folder = path.join(FIXTURES, app);
      const before = snapshotOfTree(folder);
      matchesGolden(path.join(GOLDEN, app, name), transcript(args, folder));
      assert.equal(snapshotOfTree(folder), before, 'a command changed the fixture app');
    });
  }

  it('explain', () => {
    for (const { name, args } of EXPLAINED) matchesGolden(path.join(GOLDEN, 'explain', name), transcript(args, FIXTURES));
  });
});

/** Names, sizes and modification times: enough to see that nothing was written. */
function snapshotOfTree(folder: string): string {
  return fs
    .readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      const stat = fs.statSync(file);
      return `${path.relative(folder, file)} ${stat.size} ${stat.mtimeMs}`;
    })
    .sort()
    .join('\n');
}
