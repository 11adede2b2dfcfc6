/**
 * Hostile and broken projects (issue #14): an internal error is never a finding (exit 3), a file
 * that was not analysed is listed and never reported clean.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { missingAuthRule } from '../../../src/core/routes/rules/missing-auth';
import { jsonSyntaxRule } from '../../../src/core/vercel/rules/json-syntax';
import { repoRoot } from '../support/repo';

const NOW = new Date('2026-11-28T01:48:00Z');
const CLI = path.join(repoRoot(), 'dist', 'cli.js');

const TEMP: string[] = [];
after(() => {
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

function tempFolder(files: Record<string, string>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-robust-'));
  TEMP.push(folder);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), content);
  }
  return folder;
}

function run(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, now: () => NOW });
  assert.equal(typeof code, 'number');
  return { code: code as number, stdout: out.join('\n'), stderr: err.join('\n') };
}

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

const OPEN = 'export async function GET() {\n  return Response.json({ ok: true });\n}\n';
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
    throwingOn(jsonSyntaxRule, (ctx) => ctx.doc?.text.startsWith('{ "crons": [] }\n') === true, new Error('rule failed'), () => {
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
    assert.match(run(['--help'], os.tmpdir()).stdout, /^3 internal error \(a bug: one stderr line names the file;/m);
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
    assert.equal(text.stdout, '1 vercel.json checked: no problems\n2 files could not be analysed (--verbose lists them)');
    const verbose = run(['check', '.', '--verbose'], folder);
    assert.equal(
      verbose.stdout,
      [
        'app/api/cron/deep/route.ts: not analysed: it nests brackets more than 256 levels deep (at offset 557), deeper than TypeScript can parse',
        'app/api/cron/sum/route.ts: not analysed: the handler nests its code more than 400 levels deep',
        '1 vercel.json checked: no problems',
        '2 files could not be analysed',
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
    assert.equal(stderr, '1 file could not be analysed (--verbose lists them)');
    assert.equal(fs.readFileSync(path.join(folder, 'app/api/cron/sum/route.ts'), 'utf8'), LONG_SUM);
    const dry = run(['fix', '.', '--dry-run', '--verbose'], folder);
    assert.equal(dry.code, 0);
    assert.equal(
      dry.stderr,
      'app/api/cron/sum/route.ts: not analysed: the handler nests its code more than 400 levels deep\n1 vercel.json checked: no problems\n1 file could not be analysed',
    );
  });
});
