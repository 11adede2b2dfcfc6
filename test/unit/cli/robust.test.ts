/**
 * Hostile and broken projects (issue #14): an internal error is never a finding (exit 3), a file
 * that was not analysed is listed and never reported clean, no file hangs or floods a run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { missingAuthRule } from '../../../src/core/routes/rules/missing-auth';
import { invalidJsonRule } from '../../../src/core/vercel/rules/invalid-json';
import { tempFolders, runSync } from '../support/cliRun';
import { repoRoot } from '../support/repo';

const CLI = path.join(repoRoot(), 'dist', 'cli.js');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const noFifos = process.platform === 'win32' ? 'no FIFOs or /dev/zero on Windows' : false;

const tempFolder = tempFolders('ncr-robust-');
const run = runSync;

interface Body {
  version: number;
  diagnostics: { file: string; code: string; severity: string }[];
  internalErrors?: { file: string; message: string }[];
  notAnalysed?: { file: string; reason: string }[];
}

function json(folder: string, flags: string[] = []) {
  const result = run(['check', folder, '--format', 'json', ...flags], os.tmpdir());
  return { ...result, body: JSON.parse(result.stdout) as Body };
}

/** The bundled CLI in a child process: a run that would hang is killed, and fails the test, instead of hanging the suite. */
function bundled(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NCR_DEBUG: '', ...env } });
  assert.equal(result.signal, null, `killed by ${result.signal}: the command hung (stderr: ${result.stderr})`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const OPEN = 'export async function GET() {\n  await fetch(\'https://example.com/hooks/rebuild\', { method: \'POST\' });\n  return Response.json({ ok: true });\n}\n';
const cronsFor = (...names: string[]) => JSON.stringify({ crons: names.map((n) => ({ path: `/api/cron/${n}`, schedule: '0 5 * * *' })) }, null, 2) + '\n';
/** Only the codes of these tests: the wrapper hints fire on every handler and have suites of their own. */
const SETTINGS = { '.vscode/settings.json': JSON.stringify({ 'nextCronRoutes.rules': { 'no-monitoring': 'off', 'no-idempotency-guard': 'off' } }) };
const handlerWith = (expression: string) => `export async function GET() {\n  const value = ${expression};\n  return Response.json({ value });\n}\n`;
const DEEP_CALLS = handlerWith('f('.repeat(700) + '1' + ')'.repeat(700));
const LONG_SUM = handlerWith(Array.from({ length: 200_000 }, () => '1').join(' + '));

/** Makes `rule.check` throw on one file for the length of `body`. */
function throwingOn<C extends { file?: string; doc?: { text: string } }>(rule: { check: (ctx: C) => unknown[] }, when: (ctx: C) => boolean, error: Error, body: () => void): void {
  const check = rule.check;
  rule.check = (ctx: C) => {
    if (when(ctx)) throw error;
    return check(ctx);
  };
  try {
    body();
  } finally {
    rule.check = check;
  }
}

describe('exit 3: an internal error is never a finding', () => {
  const app = () => tempFolder({ ...SETTINGS, 'vercel.json': cronsFor('a', 'b'), 'app/api/cron/a/route.ts': OPEN, 'app/api/cron/b/route.ts': OPEN });
  const onRouteA = (ctx: { file?: string }) => ctx.file === 'app/api/cron/a/route.ts';
  const boom = () => Object.assign(new RangeError('Maximum call stack size exceeded'), { stack: 'RangeError: Maximum call stack size exceeded\n    at analyse (fake.js:1:1)' });

  it('check: a throw in one route is an internal error for that file; the other route is still reported; exit 3', () => {
    const folder = app();
    throwingOn(missingAuthRule, onRouteA, boom(), () => {
      const text = run(['check', '.'], folder);
      assert.equal(text.code, 3);
      assert.equal(text.stderr, 'next-cron-routes: internal error while checking app/api/cron/a/route.ts: RangeError: Maximum call stack size exceeded');
      assert.deepEqual(text.stdout.split('\n'), [
        text.stdout.split('\n')[0]!,
        '1 vercel.json checked: 1 error',
        // Route a failed (an internal error), so only b counts as analysed.
        '1 cron route analysed',
        '1 file could not be checked: internal error (see stderr)',
      ]);
      assert.match(text.stdout.split('\n')[0]!, /^app\/api\/cron\/b\/route\.ts:1:23 {2}error {3}missing-auth {2}/);

      const { code, body, stderr } = json(folder);
      assert.equal(code, 3);
      assert.equal(stderr.split('\n').length, 1);
      assert.deepEqual(Object.keys(body), ['version', 'diagnostics', 'internalErrors']);
      assert.deepEqual(body.diagnostics.map((d) => [d.file, d.code]), [['app/api/cron/b/route.ts', 'missing-auth']]);
      assert.deepEqual(body.internalErrors, [{ file: 'app/api/cron/a/route.ts', message: 'RangeError: Maximum call stack size exceeded' }]);

      const sarif = JSON.parse(run(['check', folder, '--format', 'sarif'], os.tmpdir()).stdout);
      assert.deepEqual(sarif.runs[0].invocations, [
        {
          executionSuccessful: false,
          toolExecutionNotifications: [
            {
              level: 'error',
              descriptor: { id: 'internal-error' },
              message: { text: 'Internal error while checking this file: RangeError: Maximum call stack size exceeded' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'app/api/cron/a/route.ts' } } }],
            },
          ],
        },
      ]);
      assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['missing-auth']);
    });
  });

  it('NCR_DEBUG=1 adds the stack after the line', () => {
    const folder = app();
    const previous = process.env.NCR_DEBUG;
    process.env.NCR_DEBUG = '1';
    try {
      throwingOn(missingAuthRule, onRouteA, boom(), () => {
        const { code, stderr } = run(['check', '.'], folder);
        assert.equal(code, 3);
        assert.deepEqual(stderr.split('\n'), [
          'next-cron-routes: internal error while checking app/api/cron/a/route.ts: RangeError: Maximum call stack size exceeded',
          'RangeError: Maximum call stack size exceeded',
          '    at analyse (fake.js:1:1)',
        ]);
      });
    } finally {
      if (previous === undefined) delete process.env.NCR_DEBUG;
      else process.env.NCR_DEBUG = previous;
    }
  });

  it("check: a throw in one vercel.json's rules is that file's; the other project is still checked", () => {
    const folder = tempFolder({
      ...SETTINGS,
      'apps/a/vercel.json': '{ "crons": [] }\n',
      'apps/b/vercel.json': '{ "crons": [] } // b\n',
    });
    throwingOn(invalidJsonRule, (ctx) => ctx.doc?.text.startsWith('{ "crons": [] }\n') === true, new Error('rule failed'), () => {
      const { code, stdout, stderr } = run(['check', '.'], folder);
      assert.equal(code, 3);
      assert.equal(stderr, 'next-cron-routes: internal error while checking apps/a/vercel.json: rule failed');
      const lines = stdout.split('\n');
      assert.match(lines[0]!, /^apps\/b\/vercel\.json:1:17 {2}error {3}invalid-json {2}/);
      assert.deepEqual(lines.slice(1), ['1 vercel.json checked: 1 error', '1 file could not be checked: internal error (see stderr)']);
    });
  });

  it('fix: the same failure exits 3 with the same line, after fixing what it can elsewhere', () => {
    const folder = tempFolder({ ...SETTINGS, 'vercel.json': cronsFor('a', 'b'), 'app/api/cron/a/route.ts': OPEN, 'app/api/cron/b/route.ts': OPEN });
    throwingOn(missingAuthRule, onRouteA, boom(), () => {
      const { code, stdout, stderr } = run(['fix', '.', '--only', 'missing-auth'], folder);
      assert.equal(code, 3);
      assert.equal(stdout, 'fixed app/api/cron/b/route.ts (missing-auth)');
      assert.equal(stderr, 'next-cron-routes: internal error while checking app/api/cron/a/route.ts: RangeError: Maximum call stack size exceeded');
      assert.equal(fs.readFileSync(path.join(folder, 'app/api/cron/a/route.ts'), 'utf8'), OPEN, 'the failed file is left alone');
    });
  });

  it('an unexpected throw anywhere in a command: one line with the message, exit 3 (in-process)', () => {
    const now = () => {
      throw new TypeError('clock\nbroken');
    };
    const err: string[] = [];
    const code = runCli(['check', '.'], { stdout: () => {}, stderr: (t) => err.push(t), cwd: tempFolder({}), now });
    assert.equal(code, 3);
    assert.deepEqual(err, ['next-cron-routes: internal error in check: TypeError: clock broken (NCR_DEBUG=1 shows the stack)']);
  });

  it('an unexpected throw through the bundle: one line, exit 3, the stack only with NCR_DEBUG=1', () => {
    const folder = tempFolder({ 'break-dates.js': "Date.prototype.toISOString = () => { throw new Error('toISOString\\nfailed'); };\n" });
    const args = ['--require', path.join(folder, 'break-dates.js'), CLI, 'explain', '0 3 * * *', '--json'];
    const quiet = spawnSync(process.execPath, args, { cwd: folder, encoding: 'utf8', env: { ...process.env, NCR_DEBUG: '' } });
    assert.equal(quiet.status, 3, quiet.stderr);
    assert.equal(quiet.stdout, '');
    assert.equal(quiet.stderr, 'next-cron-routes: internal error in explain: toISOString failed (NCR_DEBUG=1 shows the stack)\n');
    const debug = spawnSync(process.execPath, args, { cwd: folder, encoding: 'utf8', env: { ...process.env, NCR_DEBUG: '1' } });
    assert.equal(debug.status, 3);
    const [line, ...stack] = debug.stderr.trimEnd().split('\n');
    assert.equal(line, 'next-cron-routes: internal error in explain: toISOString failed');
    assert.match(stack.join('\n'), /^Error: toISOString\nfailed\n {4}at /);
  });

  it('the usage text and the README name exit code 3', () => {
    assert.match(run(['--help'], os.tmpdir()).stdout, /^2 usage error, 3 internal error \(a bug, or a write the system refused: one stderr line names the file;/m);
    assert.match(fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8'), /3 on an internal error/);
  });
});

describe('not analysed, never clean: routes too deep for the analysis', () => {
  const app = () =>
    tempFolder({
      ...SETTINGS,
      'vercel.json': cronsFor('deep', 'sum', 'open'),
      'app/api/cron/deep/route.ts': DEEP_CALLS,
      'app/api/cron/sum/route.ts': LONG_SUM,
      'app/api/cron/open/route.ts': OPEN,
    });

  it('JSON lists both with why; the other route is reported; exit 1 from its error, never 3', () => {
    const { code, body, stderr } = json(app());
    assert.equal(code, 1);
    assert.equal(stderr, '');
    assert.deepEqual(Object.keys(body), ['version', 'diagnostics', 'notAnalysed']);
    assert.deepEqual(body.diagnostics.map((d) => [d.file, d.code]), [['app/api/cron/open/route.ts', 'missing-auth']]);
    assert.deepEqual(body.notAnalysed, [
      { file: 'app/api/cron/deep/route.ts', reason: 'it nests brackets more than 256 levels deep (at offset 557), deeper than TypeScript can parse' },
      { file: 'app/api/cron/sum/route.ts', reason: 'the handler nests its code more than 400 levels deep' },
    ]);
  });

  it('alone they exit 0: a file not analysed is neither an error nor clean', () => {
    const folder = tempFolder({ ...SETTINGS, 'vercel.json': cronsFor('deep', 'sum'), 'app/api/cron/deep/route.ts': DEEP_CALLS, 'app/api/cron/sum/route.ts': LONG_SUM });
    const text = run(['check', '.'], folder);
    assert.equal(text.code, 0);
    assert.equal(text.stdout, '1 vercel.json checked: no problems\n0 cron routes analysed, 2 could not be (--verbose lists them)');
    const verbose = run(['check', '.', '--verbose'], folder);
    assert.equal(
      verbose.stdout,
      [
        'app/api/cron/deep/route.ts: not analysed: it nests brackets more than 256 levels deep (at offset 557), deeper than TypeScript can parse',
        'app/api/cron/sum/route.ts: not analysed: the handler nests its code more than 400 levels deep',
        '1 vercel.json checked: no problems',
        '0 cron routes analysed, 2 could not be',
      ].join('\n'),
    );
  });

  it('SARIF: a warning notification per file, on the file; the run succeeded', () => {
    const sarif = JSON.parse(run(['check', app(), '--format', 'sarif'], os.tmpdir()).stdout);
    const [invocation] = sarif.runs[0].invocations;
    assert.equal(invocation.executionSuccessful, true);
    assert.deepEqual(
      invocation.toolExecutionNotifications.map((n: { level: string; descriptor: { id: string }; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [
        n.level,
        n.descriptor.id,
        n.locations[0]!.physicalLocation.artifactLocation.uri,
        n.message.text.split(':')[0],
      ]),
      [
        ['warning', 'not-analysed', 'app/api/cron/deep/route.ts', 'Not analysed'],
        ['warning', 'not-analysed', 'app/api/cron/sum/route.ts', 'Not analysed'],
      ],
    );
  });

  it('fix: the 200,000-term route no longer crashes the duplicate-run guard fix; it is left alone and said so', () => {
    const folder = tempFolder({ 'vercel.json': cronsFor('sum'), 'app/api/cron/sum/route.ts': LONG_SUM });
    const { code, stdout, stderr } = run(['fix', '.', '--only', 'no-idempotency-guard,no-monitoring,missing-auth'], folder);
    assert.equal(code, 0);
    assert.equal(stdout, 'nothing to fix');
    assert.equal(stderr, '0 cron routes analysed, 1 could not be (--verbose lists them)');
    assert.equal(fs.readFileSync(path.join(folder, 'app/api/cron/sum/route.ts'), 'utf8'), LONG_SUM);
    const dry = run(['fix', '.', '--dry-run', '--verbose'], folder);
    assert.equal(dry.code, 0);
    assert.equal(
      dry.stderr,
      'app/api/cron/sum/route.ts: not analysed: the handler nests its code more than 400 levels deep\n1 vercel.json checked: no problems\n0 cron routes analysed, 1 could not be',
    );
  });
});

describe('reading only regular files, within limits', { skip: noFifos }, () => {
  const app = (files: Record<string, string> = {}) => tempFolder({ ...SETTINGS, 'vercel.json': cronsFor('a'), 'app/api/cron/a/route.ts': OPEN, ...files });

  // The route calls a helper through the tsconfig alias, so resolving it reads tsconfig.json.
  const ROUTE_WITH_HELPER = "import { log } from '@/lib/log';\n\nexport async function GET() {\n  log('run');\n  return Response.json({ ok: true });\n}\n";
  const helperFiles = { 'app/api/cron/a/route.ts': ROUTE_WITH_HELPER, 'lib/log.ts': 'export function log(text: string) {\n  console.log(text);\n}\n', 'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }) };
  for (const file of ['tsconfig.json', 'package.json', '.vscode/settings.json', 'next.config.js']) {
    it(`a FIFO named ${file}: check and fix finish, and list it`, () => {
      const folder = app(helperFiles);
      fs.rmSync(path.join(folder, file), { force: true });
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      spawnSync('mkfifo', [path.join(folder, file)]);
      const check = bundled(['check', '.', '--format', 'json'], folder);
      const body = JSON.parse(check.stdout) as Body;
      assert.deepEqual(body.notAnalysed, [{ file, reason: 'it is a FIFO (named pipe), not a regular file' }]);
      // Without the alias the helper cannot be followed, but `log('run')`, neither handed the request
      // nor named like a check, is no possible check (#15): missing-auth all the same. Without the
      // settings the wrapper hints are back.
      const expected = { '.vscode/settings.json': ['missing-auth', 'no-idempotency-guard', 'no-monitoring'] }[file] ?? ['missing-auth'];
      assert.deepEqual(body.diagnostics.map((d) => d.code), expected);
      assert.equal(check.code, expected.length ? 1 : 0, check.stderr);
      const fix = bundled(['fix', '.', '--dry-run', '--verbose'], folder);
      assert.equal(fix.code, check.code, fix.stderr);
      assert.match(fix.stderr, new RegExp(`^${file.replace(/\./g, '\\.')}: not analysed: it is a FIFO \\(named pipe\\), not a regular file$`, 'm'));
    });
  }

  it('a FIFO .vscode/settings.json: explain (which reads the current folder\'s settings) finishes with a warning', () => {
    const folder = tempFolder({});
    fs.mkdirSync(path.join(folder, '.vscode'));
    spawnSync('mkfifo', [path.join(folder, '.vscode', 'settings.json')]);
    const result = bundled(['explain', '0 3 * * *', '--tz', 'UTC', '--runs', '1'], folder);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^0 3 \* \* \* {2}\(Vercel Cron Jobs, UTC\)/);
    assert.equal(result.stderr, `warning: ${path.join(folder, '.vscode', 'settings.json')}: not read: it is a FIFO (named pipe), not a regular file; using the defaults\n`);
  });

  it('a tsconfig.json linked to /dev/zero is refused, not read until memory runs out', () => {
    const folder = app({ 'app/api/cron/a/route.ts': "import { verify } from '@/lib/auth';\n\nexport async function GET(request: Request) {\n  if (!verify(request)) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n" });
    fs.symlinkSync('/dev/zero', path.join(folder, 'tsconfig.json'));
    // In a child process with a timeout: a reader that regresses eats memory there, not in the suite.
    const { code, stdout } = bundled(['check', '.', '--format', 'json'], folder);
    assert.equal(code, 0);
    assert.deepEqual((JSON.parse(stdout) as Body).notAnalysed, [{ file: 'tsconfig.json', reason: 'it is a character device, not a regular file' }]);
  });

  it('size limits: 1 MiB for config and env files, 4 MiB for sources; at the limit is read', () => {
    const big = (bytes: number) => `// ${'x'.repeat(bytes - 4)}\n`;
    const folder = app({
      'package.json': JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }),
      '.env.local': `CRON_SECRET=${'a'.repeat(1024 * 1024)}\n`,
      'vercel.json': cronsFor('a', 'b', 'c'),
      'app/api/cron/b/route.ts': OPEN + big(4 * 1024 * 1024 + 1 - OPEN.length),
      'app/api/cron/c/route.ts': OPEN + big(4 * 1024 * 1024 - OPEN.length),
    });
    assert.equal(fs.statSync(path.join(folder, 'app/api/cron/c/route.ts')).size, 4 * 1024 * 1024);
    const { body } = json(folder);
    assert.deepEqual(body.notAnalysed, [
      { file: '.env.local', reason: 'it is larger than 1 MiB, the most read of such a file' },
      { file: 'app/api/cron/b/route.ts', reason: 'it is larger than 4 MiB, the most read of such a file' },
      { file: 'package.json', reason: 'it is larger than 1 MiB, the most read of such a file' },
    ]);
    assert.deepEqual(body.diagnostics.map((d) => [d.file, d.code]), [
      ['app/api/cron/a/route.ts', 'missing-auth'],
      ['app/api/cron/c/route.ts', 'missing-auth'],
    ]);
  });

  it('symbolic links to folders: followed inside the project, never out of it or round a loop', () => {
    const outside = tempFolder({ 'app/api/cron/x/route.ts': OPEN });
    const folder = tempFolder({ ...SETTINGS, 'vercel.json': cronsFor('a'), 'jobs/a/route.ts': OPEN });
    fs.mkdirSync(path.join(folder, 'app', 'api'), { recursive: true });
    fs.symlinkSync(path.join(folder, 'jobs'), path.join(folder, 'app', 'api', 'cron'));
    fs.symlinkSync('..', path.join(folder, 'jobs', 'loop'));
    fs.symlinkSync(outside, path.join(folder, 'elsewhere'));
    const { code, body } = json(folder);
    assert.equal(code, 1);
    // The route behind the link is found (route-not-found before) and checked.
    assert.deepEqual(body.diagnostics.map((d) => [d.file, d.code]), [['app/api/cron/a/route.ts', 'missing-auth']]);
    assert.deepEqual(body.notAnalysed, [{ file: 'elsewhere', reason: 'it is a symbolic link to a folder outside the project, which is not followed' }]);
  });
});

describe('silent gaps: a vercel.json or env file that exists and was not read', { skip: noFifos }, () => {
  const kinds: [name: string, make: (file: string) => void, reason: string][] = [
    ['a FIFO', (file) => spawnSync('mkfifo', [file]), 'it is a FIFO (named pipe), not a regular file'],
    ['a folder', (file) => fs.mkdirSync(file), 'it is a directory, not a regular file'],
    ['a link to nothing', (file) => fs.symlinkSync('/nonexistent/vercel.json', file), 'it is a symbolic link to nothing (its target does not exist)'],
    ['a link to a folder', (file) => fs.symlinkSync(os.tmpdir(), file), 'it is a directory, not a regular file'],
  ];
  for (const [name, make, reason] of kinds) {
    it(`vercel.json is ${name}: config-unreadable at 1:1, exit 1 (was "0 vercel.json checked: no problems", exit 0)`, () => {
      const folder = tempFolder({ ...SETTINGS });
      make(path.join(folder, 'vercel.json'));
      const result = bundled(['check', '.'], folder);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, `vercel.json:1:1  error   config-unreadable  vercel.json could not be read: ${reason}. Nothing in it was checked; make it a readable regular file.\n1 vercel.json checked: 1 error\n`);
    });
  }

  it('vercel.json without read permission: config-unreadable', { skip: isRoot ? 'permissions do not stop root' : false }, () => {
    const folder = tempFolder({ ...SETTINGS, 'vercel.json': '{}' });
    fs.chmodSync(path.join(folder, 'vercel.json'), 0o000);
    const { body } = json(folder);
    assert.deepEqual(body.diagnostics.map((d) => [d.file, d.code]), [['vercel.json', 'config-unreadable']]);
  });

  it('a vercel.json linked to a regular file is read, as before it was skipped', () => {
    const folder = tempFolder({ ...SETTINGS, 'config/vercel.base.json': '{ "crons": {} }' });
    fs.symlinkSync('config/vercel.base.json', path.join(folder, 'vercel.json'));
    const { body } = json(folder);
    assert.deepEqual(body.diagnostics.map((d) => [d.file, d.code]), [['vercel.json', 'invalid-config-shape']]);
  });

  it('a FIFO .env.local is listed as not analysed (it was skipped silently)', () => {
    const folder = tempFolder({ ...SETTINGS, 'vercel.json': '{}' });
    spawnSync('mkfifo', [path.join(folder, '.env.local')]);
    const result = bundled(['check', '.', '--format', 'json'], folder);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((JSON.parse(result.stdout) as Body).notAnalysed, [{ file: '.env.local', reason: 'it is a FIFO (named pipe), not a regular file' }]);
  });

  for (const [name, text, flagged] of [
    ['crons as an object', '{ "crons": { "path": "/api/cron/a", "schedule": "0 5 * * *" } }', 'crons'],
    ['crons as a string', '{ "crons": "0 5 * * *" }', 'crons'],
    ['crons as null', '{ "crons": null }', 'crons'],
    ['a top-level array', '[{ "path": "/api/cron/a", "schedule": "0 5 * * *" }]', 'vercel.json'],
  ] as const) {
    it(`${name}: invalid-config-shape, exit 1 (was no problems)`, () => {
      const { code, body } = json(tempFolder({ ...SETTINGS, 'vercel.json': text }));
      assert.equal(code, 1);
      assert.deepEqual(body.diagnostics.map((d) => d.code), ['invalid-config-shape']);
      assert.ok((body.diagnostics[0] as unknown as { message: string }).message.startsWith(flagged === 'crons' ? '"crons" must be an array' : 'vercel.json must be a JSON object'));
    });
  }
});
