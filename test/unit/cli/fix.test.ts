import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { applyPatch } from 'diff';
import { runCli } from '../../../src/cli/main';
import { repoRoot } from '../support/repo';

const NOW = new Date('2026-11-28T01:48:00Z');
const FIXTURES = path.join(repoRoot(), 'test', 'fixtures');

/** Temporary folders this file made, removed when it ends. */
const TEMP: string[] = [];
after(() => {
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

function mkTemp(prefix: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  TEMP.push(folder);
  return folder;
}

function run(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, now: () => NOW });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** A fixture copied to a fresh temporary folder, so fixes can write. */
function copyFixture(name: string): string {
  const folder = mkTemp(`ncr-fix-${name}-`);
  fs.cpSync(path.join(FIXTURES, name), folder, { recursive: true });
  return folder;
}

function tempFolder(files: Record<string, string>): string {
  const folder = mkTemp('ncr-fix-');
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), content);
  }
  return folder;
}

/** Every file of a folder and its content, to prove what a run did and did not write. */
function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(folder, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return files;
}

function read(folder: string, file: string): string {
  return fs.readFileSync(path.join(folder, file), 'utf8');
}

/**
 * The wrapper hints fire on every cron handler; test/unit/wrappers covers them and their fixes. Their fixes change
 * behaviour, so they wait for --only and no test here names them: they would remain after every fix below, so
 * `remaining` leaves out exactly these two codes ("clean" means nothing but them). Never add another code here.
 */
const WRAPPER_HINTS: ReadonlySet<string> = new Set(['no-monitoring', 'no-idempotency-guard']);

/** What check still reports after a fix, as [file, code, severity], the wrapper hints left out. */
function remaining(folder: string, flags: string[] = []): [string, string, string][] {
  const { stdout } = run(['check', folder, '--format', 'json', ...flags], os.tmpdir());
  return (JSON.parse(stdout).diagnostics as { file: string; code: string; severity: string }[])
    .filter((d) => !WRAPPER_HINTS.has(d.code))
    .map((d) => [d.file, d.code, d.severity]);
}

const APP_ROUTER_SAFE = `{
  "$schema": "https://openapi.vercel.sh/vercel.json",
  "crons": [
    { "path": "/api/cron/cleanup-sessions", "schedule": "0 3 * * *" },
    { "path": "/api/cron/send-digest", "schedule": "0 8 * * 1" },
    { "path": "/api/cron/sync-inventory", "schedule": "*/15 * * * *" },
    { "path": "/api/cron/rotate-keys", "schedule": "0 4 1 * *" },
    { "path": "/api/cron/cleanup-sessions", "schedule": "30 3 * * *" }
  ],
  "functions": {
    "app/api/cron/**/*": { "maxDuration": 60 }
  }
}
`;

describe('fix without --only: meaning-preserving fixes only', () => {
  it('app-router: names → numbers and the missing slash; routes untouched; exit as check on the rest', () => {
    const folder = copyFixture('app-router');
    const before = snapshot(folder);
    const { code, stdout, stderr } = run(['fix', folder], os.tmpdir());
    assert.equal(stderr, '');
    assert.equal(stdout, 'fixed vercel.json (invalid-path, invalid-schedule)');
    assert.equal(read(folder, 'vercel.json'), APP_ROUTER_SAFE);
    const after = snapshot(folder);
    assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort(), 'no file created');
    for (const file of Object.keys(before)) if (file !== 'vercel.json') assert.equal(after[file], before[file], `${file} untouched`);
    // route-missing-get (an error) remains, so fix exits 1 as check would
    assert.equal(code, 1);
    assert.deepEqual(remaining(folder), [
      ['app/api/cron/send-digest/route.ts', 'route-missing-get', 'error'],
      ['vercel.json', 'hobby-frequency', 'warning'],
      ['vercel.json', 'route-not-found', 'warning'],
    ]);
  });

  it('a second run prints "nothing to fix", changes nothing and exits the same', () => {
    const folder = copyFixture('app-router');
    run(['fix', folder], os.tmpdir());
    const once = snapshot(folder);
    const again = run(['fix', folder], os.tmpdir());
    assert.equal(again.stdout, 'nothing to fix');
    assert.equal(again.code, 1);
    assert.deepEqual(snapshot(folder), once);
  });

  it('pages-router: day of week 7 → 0, exit 0', () => {
    const folder = copyFixture('pages-router');
    const original = read(folder, 'vercel.json');
    const { code, stdout } = run(['fix', folder], os.tmpdir());
    assert.equal(stdout, 'fixed vercel.json (invalid-schedule)');
    assert.equal(read(folder, 'vercel.json'), original.replace('"0 0 * * 7"', '"0 0 * * 0"'));
    assert.equal(code, 0);
    assert.equal(fs.existsSync(path.join(folder, 'app')), false, 'route-not-found creates nothing unasked');
  });

  it('trailing-slash-true and -false: the slash is fixed, before the query string', () => {
    const table: [string, [string, string][]][] = [
      [
        'trailing-slash-true',
        [
          ['"/api/cron/digest"', '"/api/cron/digest/"'],
          ['"/api/cron/warm-cache?region=iad1"', '"/api/cron/warm-cache/?region=iad1"'],
        ],
      ],
      [
        'trailing-slash-false',
        [
          ['"/api/cron/digest/"', '"/api/cron/digest"'],
          ['"/api/cron/warm-cache/?region=iad1"', '"/api/cron/warm-cache?region=iad1"'],
        ],
      ],
    ];
    for (const [name, replacements] of table) {
      const folder = copyFixture(name);
      const expected = replacements.reduce((text, [from, to]) => text.replace(from, to), read(folder, 'vercel.json'));
      const { code, stdout } = run(['fix', folder], os.tmpdir());
      assert.equal(stdout, 'fixed vercel.json (trailing-slash-redirect)', name);
      assert.equal(read(folder, 'vercel.json'), expected, name);
      assert.equal(code, 0);
      assert.deepEqual(remaining(folder), [], name);
    }
  });

  it('repeats passes: a relative path with the wrong slash needs two', () => {
    const folder = copyFixture('trailing-slash-false');
    const original = read(folder, 'vercel.json');
    fs.writeFileSync(path.join(folder, 'vercel.json'), original.replace('"/api/cron/prune"', '"api/cron/prune/"'));
    const { stdout } = run(['fix', folder], os.tmpdir());
    assert.equal(stdout, 'fixed vercel.json (invalid-path, trailing-slash-redirect)');
    assert.match(read(folder, 'vercel.json'), /"path": "\/api\/cron\/prune", "schedule"/);
    assert.deepEqual(remaining(folder), []);
  });

  it('comments and trailing commas are removed; macros become their fields', () => {
    const folder = tempFolder({
      'vercel.json':
        '{\n  // nightly jobs, UTC\n  "crons": [\n    { "path": "/api/cron/a", "schedule": "@daily" },\n    { "path": "/api/cron/b", "schedule": "0 0 0 * * *", }, /* seconds */\n  ],\n}\n',
    });
    const { code, stdout } = run(['fix', folder], os.tmpdir());
    assert.equal(stdout, 'fixed vercel.json (invalid-json, invalid-schedule)');
    const fixed = read(folder, 'vercel.json');
    assert.equal(
      fixed,
      '{\n  "crons": [\n    { "path": "/api/cron/a", "schedule": "0 0 * * *" },\n    { "path": "/api/cron/b", "schedule": "0 0 * * *" }\n  ]\n}\n',
    );
    assert.doesNotThrow(() => JSON.parse(fixed));
    assert.equal(code, 0);
  });

  it('behaviour-changing fixes wait for --only', () => {
    const original =
      '{\n  "crons": [\n    { "path": "/api/a", "schedule": "0 9 * * *", "timezone": "Europe/Berlin" },\n    { "path": "/api/b", "schedule": "0 0 1 * 1" },\n    { "path": "/api/c", "schedule": "*/5 * * * *" }\n  ]\n}\n';
    const folder = tempFolder({ 'vercel.json': original });
    const { code, stdout } = run(['fix', folder], os.tmpdir());
    assert.equal(stdout, 'nothing to fix');
    assert.equal(read(folder, 'vercel.json'), original);
    assert.equal(code, 1);
  });

  it('monorepo: nothing is meaning-preserving; exit 1 from the root settings (hobby)', () => {
    const folder = copyFixture('monorepo');
    const before = snapshot(folder);
    const { code, stdout } = run(['fix', folder], os.tmpdir());
    assert.equal(stdout, 'nothing to fix');
    assert.equal(code, 1);
    assert.deepEqual(snapshot(folder), before);
  });
});

describe('fix --only: the named codes, behaviour-changing and file-creating fixes included', () => {
  it('route-not-found and route-missing-get: creates the route, adds GET, leaves vercel.json', () => {
    const folder = copyFixture('app-router');
    const original = read(folder, 'vercel.json');
    const { code, stdout } = run(['fix', folder, '--only', 'route-not-found,route-missing-get'], os.tmpdir());
    assert.deepEqual(stdout.split('\n'), [
      'created app/api/cron/rotate-keys/route.ts (route-not-found)',
      'fixed app/api/cron/send-digest/route.ts (route-missing-get)',
    ]);
    assert.equal(read(folder, 'vercel.json'), original, 'safe fixes of other codes wait');
    const created = read(folder, 'app/api/cron/rotate-keys/route.ts');
    assert.match(created, /^import \{ timingSafeEqual \} from 'node:crypto';/);
    assert.match(created, /export async function GET\(request: Request\)/);
    assert.match(created, /if \(!cronSecret \|\| !isSameSecret\(request\.headers\.get\(.authorization.\), `Bearer \$\{cronSecret\}`\)\)/);
    assert.match(created, /status: 401/);
    const digest = read(folder, 'app/api/cron/send-digest/route.ts');
    assert.ok(digest.startsWith(fs.readFileSync(path.join(FIXTURES, 'app-router', 'app/api/cron/send-digest/route.ts'), 'utf8')));
    assert.ok(digest.endsWith("\n// Vercel Cron sends GET; the job's logic lives in POST.\nexport const GET = POST;\n"));
    // what remains: the codes not named, two of them errors
    assert.equal(code, 1);
    assert.deepEqual(remaining(folder), [
      ['vercel.json', 'invalid-schedule', 'error'],
      ['vercel.json', 'hobby-frequency', 'warning'],
      ['vercel.json', 'invalid-path', 'error'],
    ]);
    const again = run(['fix', folder, '--only', 'route-not-found,route-missing-get'], os.tmpdir());
    assert.equal(again.stdout, 'nothing to fix');
  });

  it('one named code: only its fixes, even among safe ones', () => {
    const folder = copyFixture('app-router');
    const { stdout } = run(['fix', folder, '--only', 'invalid-path'], os.tmpdir());
    assert.equal(stdout, 'fixed vercel.json (invalid-path)');
    const fixed = read(folder, 'vercel.json');
    assert.match(fixed, /"path": "\/api\/cron\/cleanup-sessions", "schedule": "30 3 \* \* \*"/);
    assert.match(fixed, /"0 8 \* \* MON"/, 'invalid-schedule was not named');
  });

  it('every code: the project ends clean, exit 0, and a second run has nothing to do', () => {
    const folder = copyFixture('app-router');
    const only = 'invalid-schedule,invalid-path,hobby-frequency,route-not-found,route-missing-get';
    const { code, stdout } = run(['fix', folder, '--only', only], os.tmpdir());
    assert.deepEqual(stdout.split('\n'), [
      'created app/api/cron/rotate-keys/route.ts (route-not-found)',
      'fixed app/api/cron/send-digest/route.ts (route-missing-get)',
      'fixed vercel.json (hobby-frequency, invalid-path, invalid-schedule)',
    ]);
    assert.equal(code, 0);
    assert.deepEqual(remaining(folder), []);
    assert.match(read(folder, 'vercel.json'), /"path": "\/api\/cron\/sync-inventory", "schedule": "0 0 \* \* \*"/);
    const once = snapshot(folder);
    assert.equal(run(['fix', folder, '--only', only], os.tmpdir()).stdout, 'nothing to fix');
    assert.deepEqual(snapshot(folder), once);
  });

  it('src-dir: the new route goes to src/app', () => {
    const folder = copyFixture('src-dir');
    const { stdout, code } = run(['fix', folder, '--only', 'route-not-found'], os.tmpdir());
    assert.equal(stdout, 'created src/app/api/cron/expire-trials/route.ts (route-not-found)');
    assert.ok(fs.existsSync(path.join(folder, 'src/app/api/cron/expire-trials/route.ts')));
    assert.equal(fs.existsSync(path.join(folder, 'app')), false);
    assert.equal(code, 0);
    assert.deepEqual(remaining(folder), [['vercel.json', 'hobby-frequency', 'warning']]);
  });

  it('dynamic and base-path: the file path has neither parameters nor basePath', () => {
    const dynamic = copyFixture('dynamic');
    assert.equal(
      run(['fix', dynamic, '--only', 'route-not-found'], os.tmpdir()).stdout,
      'created app/api/sync-team/route.ts (route-not-found)',
    );
    const basePath = copyFixture('base-path');
    assert.equal(
      run(['fix', basePath, '--only', 'route-not-found'], os.tmpdir()).stdout,
      'created app/api/cron/broken-links/route.ts (route-not-found)',
    );
    assert.deepEqual(
      remaining(basePath).map(([, c]) => c),
      ['route-not-found'],
      'the path outside basePath has no fix',
    );
  });

  it("monorepo: fixes in the app whose vercel.json needs it, with the root settings' plan", () => {
    const folder = copyFixture('monorepo');
    const { code, stdout } = run(['fix', folder, '--only', 'hobby-frequency'], os.tmpdir());
    assert.equal(stdout, 'fixed apps/admin/vercel.json (hobby-frequency)');
    assert.match(read(folder, 'apps/admin/vercel.json'), /"path": "\/api\/cron\/metrics", "schedule": "0 0 \* \* \*"/);
    assert.equal(code, 0);
    assert.equal(read(folder, 'apps/web/vercel.json'), fs.readFileSync(path.join(FIXTURES, 'monorepo/apps/web/vercel.json'), 'utf8'));
    // with --plan pro nothing is too frequent, so there is nothing to fix
    const pro = copyFixture('monorepo');
    assert.equal(run(['fix', pro, '--only', 'hobby-frequency', '--plan', 'pro'], os.tmpdir()).stdout, 'nothing to fix');
  });

  it("unknown-property: a time zone is converted to UTC at today's offset", () => {
    const folder = tempFolder({
      'vercel.json': '{\n  "crons": [\n    { "path": "/api/a", "schedule": "0 9 * * *", "timezone": "Europe/Berlin" }\n  ]\n}\n',
    });
    const { code, stdout } = run(['fix', folder, '--only', 'unknown-property'], os.tmpdir());
    assert.equal(stdout, 'fixed vercel.json (unknown-property)');
    assert.equal(read(folder, 'vercel.json'), '{\n  "crons": [\n    { "path": "/api/a", "schedule": "0 8 * * *" }\n  ]\n}\n');
    assert.equal(code, 0);
  });

  it('day-of-month-and-week: one of its fixes, and the conflict is gone', () => {
    const folder = tempFolder({ 'vercel.json': '{ "crons": [ { "path": "/api/a", "schedule": "0 6 1-7 * 1" } ] }\n' });
    const { code } = run(['fix', folder, '--only', 'day-of-month-and-week'], os.tmpdir());
    assert.equal(code, 0);
    assert.ok(
      [
        '{ "crons": [ { "path": "/api/a", "schedule": "0 6 1-7 * *" } ] }\n',
        '{ "crons": [ { "path": "/api/a", "schedule": "0 6 * * 1" } ] }\n',
      ].includes(read(folder, 'vercel.json')),
    );
  });

  it(
    'page-extensions: the created route uses the configured extension',
    {
    },
    () => {
      const folder = copyFixture('page-extensions');
      const { stdout } = run(['fix', folder, '--only', 'route-not-found'], os.tmpdir());
      assert.match(stdout, /^created app\/api\/cron\/cleanup\/route\.page\.ts \(route-not-found\)$/m);
      assert.deepEqual(remaining(folder).filter(([, c]) => c === 'route-not-found').length, 0);
    },
  );
});

describe('fix --dry-run', () => {
  it('prints a unified diff, writes nothing, exits as check would after the fix', () => {
    const folder = copyFixture('app-router');
    const before = snapshot(folder);
    const { code, stdout } = run(['fix', folder, '--dry-run'], os.tmpdir());
    assert.equal(
      stdout,
      [
        '--- a/vercel.json',
        '+++ b/vercel.json',
        '@@ -2,10 +2,10 @@',
        '   "$schema": "https://openapi.vercel.sh/vercel.json",',
        '   "crons": [',
        '     { "path": "/api/cron/cleanup-sessions", "schedule": "0 3 * * *" },',
        '-    { "path": "/api/cron/send-digest", "schedule": "0 8 * * MON" },',
        '+    { "path": "/api/cron/send-digest", "schedule": "0 8 * * 1" },',
        '     { "path": "/api/cron/sync-inventory", "schedule": "*/15 * * * *" },',
        '     { "path": "/api/cron/rotate-keys", "schedule": "0 4 1 * *" },',
        '-    { "path": "api/cron/cleanup-sessions", "schedule": "30 3 * * *" }',
        '+    { "path": "/api/cron/cleanup-sessions", "schedule": "30 3 * * *" }',
        '   ],',
        '   "functions": {',
        '     "app/api/cron/**/*": { "maxDuration": 60 }',
      ].join('\n'),
    );
    assert.deepEqual(snapshot(folder), before, 'nothing written');
    assert.equal(code, 1, 'route-missing-get would remain');
    assert.equal(applyPatch(before['vercel.json']!, `${stdout}\n`), APP_ROUTER_SAFE, 'the diff is what a real run writes');
  });

  it('a file the fix would create is a diff from /dev/null; nothing is created', () => {
    const folder = copyFixture('app-router');
    const before = snapshot(folder);
    const { code, stdout } = run(['fix', folder, '--dry-run', '--only', 'route-not-found,route-missing-get'], os.tmpdir());
    assert.match(
      stdout,
      /^--- \/dev\/null\n\+\+\+ b\/app\/api\/cron\/rotate-keys\/route\.ts\n@@ -0,0 \+1,\d+ @@\n\+import \{ timingSafeEqual \} from 'node:crypto';$/m,
    );
    assert.match(stdout, /^--- a\/app\/api\/cron\/send-digest\/route\.ts\n\+\+\+ b\/app\/api\/cron\/send-digest\/route\.ts\n/m);
    assert.match(stdout, /^\+export const GET = POST;$/m);
    assert.doesNotMatch(stdout, /vercel\.json/);
    assert.deepEqual(snapshot(folder), before);
    assert.equal(code, 1, 'invalid-schedule and invalid-path would remain');
  });

  it('after a dry run of every fix the exit code is that of the clean result', () => {
    const folder = copyFixture('trailing-slash-true');
    const before = snapshot(folder);
    const { code, stdout } = run(['fix', folder, '--dry-run'], os.tmpdir());
    assert.match(stdout, /^- {4}\{ "path": "\/api\/cron\/digest", "schedule": "0 7 \* \* \*" \},$/m);
    assert.match(stdout, /^\+ {4}\{ "path": "\/api\/cron\/warm-cache\/\?region=iad1", "schedule": "0 8 \* \* \*" \},$/m);
    assert.equal(code, 0);
    assert.deepEqual(snapshot(folder), before);
  });

  it('with nothing to fix: "nothing to fix" and no diff', () => {
    const folder = copyFixture('route-groups');
    const { code, stdout } = run(['fix', folder, '--dry-run'], os.tmpdir());
    assert.equal(stdout, 'nothing to fix');
    assert.equal(code, 0);
  });
});

describe('fix: robustness and usage', () => {
  it('a malformed vercel.json is reported, not fixed, not a crash', () => {
    const text = '{ "crons": [ { "path": "/api/a" "schedule": "0 3 * * *" } ] }\n';
    const folder = tempFolder({ 'vercel.json': text });
    const { code, stdout } = run(['fix', folder], os.tmpdir());
    assert.equal(stdout, 'nothing to fix');
    assert.equal(code, 1);
    assert.equal(read(folder, 'vercel.json'), text);
  });

  it(
    'an unterminated comment at the end of vercel.json does not crash fix',
    {
    },
    () => {
      const folder = tempFolder({ 'vercel.json': '{ "crons": [] } /*' });
      const { code } = run(['fix', folder], os.tmpdir());
      assert.equal(read(folder, 'vercel.json'), '{ "crons": [] }');
      assert.equal(code, 0);
    },
  );

  const usage: [string, string[]][] = [
    ['--only without codes', ['fix', '.', '--only']],
    ['bad plan', ['fix', '.', '--plan', 'free']],
    ['fluid and no-fluid', ['fix', '.', '--fluid', '--no-fluid']],
    ['unknown flag', ['fix', '.', '--force']],
    ['missing folder', ['fix', 'no-such-folder']],
    ['two folders', ['fix', 'a', 'b']],
  ];
  for (const [name, args] of usage) {
    it(`usage error: ${name} → exit 2, one line on stderr, nothing on stdout, nothing written`, () => {
      const folder = copyFixture('app-router');
      const before = snapshot(folder);
      const { code, stdout, stderr } = run(args, folder);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr.split('\n').length, 1, stderr);
      assert.match(stderr, /^next-cron-routes: /);
      assert.deepEqual(snapshot(folder), before);
    });
  }
});

describe('fix through the bundled CLI (dist/cli.js)', () => {
  const cli = path.join(repoRoot(), 'dist', 'cli.js');

  it('--dry-run prints the diff, writes nothing, exits 1 while an error would remain', () => {
    const folder = copyFixture('app-router');
    const before = snapshot(folder);
    const result = spawnSync(process.execPath, [cli, 'fix', '--dry-run'], { encoding: 'utf8', cwd: folder });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    assert.ok(result.stdout.startsWith('--- a/vercel.json\n+++ b/vercel.json\n'), result.stdout);
    assert.deepEqual(snapshot(folder), before);
  });

  it('a real run writes, then exits 0 when only warnings remain', () => {
    const folder = copyFixture('trailing-slash-false');
    const result = spawnSync(process.execPath, [cli, 'fix', folder], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'fixed vercel.json (trailing-slash-redirect)\n');
    assert.match(read(folder, 'vercel.json'), /"\/api\/cron\/digest"/);
  });
});
