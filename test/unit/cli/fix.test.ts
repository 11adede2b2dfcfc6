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

describe('fix without --only: meaning-preserving fixes and auth hardening only', () => {
  it('app-router: names → numbers and the missing slash; routes untouched; exit as check on the rest', () => {
    const folder = copyFixture('app-router');
    const before = snapshot(folder);
    const { code, stdout, stderr } = run(['fix'], folder);
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
    run(['fix'], folder);
    const once = snapshot(folder);
    const again = run(['fix'], folder);
    assert.equal(again.stdout, 'nothing to fix');
    assert.equal(again.code, 1);
    assert.deepEqual(snapshot(folder), once);
  });

  it('pages-router: day of week 7 → 0, exit 0', () => {
    const folder = copyFixture('pages-router');
    const original = read(folder, 'vercel.json');
    const { code, stdout } = run(['fix'], folder);
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
      const { code, stdout } = run(['fix'], folder);
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
    const { stdout } = run(['fix'], folder);
    assert.equal(stdout, 'fixed vercel.json (invalid-path, trailing-slash-redirect)');
    assert.match(read(folder, 'vercel.json'), /"path": "\/api\/cron\/prune", "schedule"/);
    assert.deepEqual(remaining(folder), []);
  });

  it('comments and trailing commas are removed; macros become their fields', () => {
    const folder = tempFolder({
      'vercel.json':
        '{\n  // nightly jobs, UTC\n  "crons": [\n    { "path": "/api/cron/a", "schedule": "@daily" },\n    { "path": "/api/cron/b", "schedule": "0 0 0 * * *", }, /* seconds */\n  ],\n}\n',
    });
    const { code, stdout } = run(['fix'], folder);
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
    const { code, stdout } = run(['fix'], folder);
    assert.equal(stdout, 'nothing to fix');
    assert.equal(read(folder, 'vercel.json'), original);
    assert.equal(code, 1);
  });

  it('monorepo: nothing is meaning-preserving; exit 1 from the root settings (hobby)', () => {
    const folder = copyFixture('monorepo');
    const before = snapshot(folder);
    const { code, stdout } = run(['fix'], folder);
    assert.equal(stdout, 'nothing to fix');
    assert.equal(code, 1);
    assert.deepEqual(snapshot(folder), before);
  });
});

describe('fix without --only: the default set, pinned by code', () => {
  /**
   * Every code whose fixes `fix` applies unasked (core isDefaultFix): the meaning-preserving ones and the two auth
   * hardening ones. A code added here or dropped is a decision; README's `fix` paragraph lists the same codes.
   */
  const DEFAULT_FIX_CODES = ['auth-fails-open', 'auth-not-timing-safe', 'invalid-json', 'invalid-path', 'invalid-schedule', 'trailing-slash-redirect'];
  /** Every other code the project below shows with a fix: each waits for --only. */
  const ASKED_FIX_CODES = [
    'day-of-month-and-week',
    'force-static-cron-route',
    'hobby-frequency',
    'max-duration-exceeds-plan',
    'max-duration-on-edge',
    'missing-auth',
    'no-idempotency-guard',
    'no-monitoring',
    'auth-spoofable',
    'route-missing-get',
    'route-not-found',
    'static-cron-route',
    'unknown-property',
  ].sort();
  const PROTECTED =
    "import { verifyCron } from '@/lib/cron';\n\nexport async function GET(request: Request) {\n  if (!verifyCron(request)) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n";
  const project = {
    'package.json': '{ "dependencies": { "next": "14.2.33" } }\n',
    'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }\n',
    'lib/cron.ts':
      "import { timingSafeEqual } from 'node:crypto';\n\nexport function verifyCron(request: Request): boolean {\n  const secret = process.env.CRON_SECRET;\n  if (!secret) return false;\n  const actual = Buffer.from(request.headers.get('authorization') ?? '');\n  const expected = Buffer.from(`Bearer ${secret}`);\n  return actual.length === expected.length && timingSafeEqual(actual, expected);\n}\n",
    'vercel.json': `{
  // one job per fixable code (a comment: invalid-json)
  "crons": [
    { "path": "/api/cron/open", "schedule": "0 8 * * MON" },
    { "path": "api/cron/fails-open", "schedule": "0 5 * * *" },
    { "path": "/api/cron/slash/", "schedule": "0 6 * * *" },
    { "path": "/api/cron/frequent", "schedule": "*/15 * * * *" },
    { "path": "/api/cron/both-days", "schedule": "0 6 1-7 * 1" },
    { "path": "/api/cron/zoned", "schedule": "0 9 * * *", "timezone": "Europe/Berlin" },
    { "path": "/api/cron/missing", "schedule": "0 4 * * *" },
    { "path": "/api/cron/post-only", "schedule": "0 3 * * *" },
    { "path": "/api/cron/spoofable", "schedule": "0 2 * * *" },
    { "path": "/api/cron/long", "schedule": "0 1 * * *" },
    { "path": "/api/cron/edge", "schedule": "0 0 * * *" },
    { "path": "/api/cron/cached", "schedule": "30 0 * * *" }
  ]
}
`,
    // missing-auth, and on Next 14 a GET that reads no request is prerendered (static-cron-route)
    'app/api/cron/open/route.ts': 'export async function GET() {\n  await fetch(\'https://example.com/hooks/rebuild\', { method: \'POST\' });\n  return Response.json({ ok: true });\n}\n',
    // Vercel's docs snippet: fails open (its fix also makes the !== constant-time)
    'app/api/cron/fails-open/route.ts':
      "export async function GET(request: Request) {\n  if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) {\n    return new Response('Unauthorized', { status: 401 });\n  }\n  return Response.json({ ok: true });\n}\n",
    // Fail-closed, but compares with !== (auth-not-timing-safe; on the fail-open route's line the fail-closed fix covers it)
    'app/api/cron/slash/route.ts':
      "export async function GET(request: Request) {\n  const secret = process.env.CRON_SECRET;\n  if (!secret || request.headers.get('authorization') !== `Bearer ${secret}`) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n",
    'app/api/cron/frequent/route.ts': PROTECTED,
    'app/api/cron/both-days/route.ts': PROTECTED,
    'app/api/cron/zoned/route.ts': PROTECTED,
    'app/api/cron/post-only/route.ts': 'export async function POST() {\n  return Response.json({ ok: true });\n}\n',
    'app/api/cron/spoofable/route.ts':
      "export async function GET(request: Request) {\n  if (request.headers.get('user-agent') !== 'vercel-cron/1.0') return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n",
    'app/api/cron/long/route.ts': `export const maxDuration = 900;\n\n${PROTECTED}`,
    'app/api/cron/edge/route.ts': `export const runtime = 'edge';\nexport const maxDuration = 30;\n\n${PROTECTED}`,
    'app/api/cron/cached/route.ts': `export const dynamic = 'force-static';\n\n${PROTECTED}`,
  };

  /** The codes a run fixed, from its `fixed …`/`created …` lines. */
  const fixedCodes = (stdout: string) => [...new Set(stdout.split('\n').flatMap((line) => /\((.*)\)$/.exec(line)?.[1]?.split(', ') ?? []))].sort();
  /** The codes check still reports as fixable. */
  const fixableCodes = (folder: string) => {
    const { stdout } = run(['check', '.', '--format', 'json'], folder);
    return [...new Set((JSON.parse(stdout).diagnostics as { code: string; fixable: boolean }[]).filter((d) => d.fixable).map((d) => d.code))].sort();
  };

  it('before: the project shows every code of both lists with a fix', () => {
    const folder = tempFolder(project);
    assert.deepEqual(fixableCodes(folder), [...DEFAULT_FIX_CODES, ...ASKED_FIX_CODES].sort());
  });

  it('fix applies the fixes of exactly the default codes; every other fix is left for --only', () => {
    const folder = tempFolder(project);
    const { stdout, stderr } = run(['fix'], folder);
    assert.equal(stderr, '');
    assert.deepEqual(fixedCodes(stdout), DEFAULT_FIX_CODES);
    assert.deepEqual(fixableCodes(folder), ASKED_FIX_CODES);
    assert.equal(fs.existsSync(path.join(folder, 'app/api/cron/missing')), false, 'route-not-found creates nothing unasked');
    const failsOpen = read(folder, 'app/api/cron/fails-open/route.ts');
    assert.match(failsOpen, /if \(!process\.env\.CRON_SECRET\) \{\n {4}return /, 'fails closed');
    assert.match(failsOpen, /!isSameSecret\(request\.headers\.get\('authorization'\), `Bearer \$\{process\.env\.CRON_SECRET\}`\)/, 'compares in constant time');
    assert.equal(read(folder, 'app/api/cron/open/route.ts'), project['app/api/cron/open/route.ts'], 'no check is added where there was none');
  });
});

describe('fix --only: the named codes, behaviour-changing and file-creating fixes included', () => {
  it('route-not-found and route-missing-get: creates the route, adds GET, leaves vercel.json', () => {
    const folder = copyFixture('app-router');
    const original = read(folder, 'vercel.json');
    const { code, stdout } = run(['fix', '--only', 'route-not-found,route-missing-get'], folder);
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
    const again = run(['fix', '--only', 'route-not-found,route-missing-get'], folder);
    assert.equal(again.stdout, 'nothing to fix');
  });

  it('one named code: only its fixes, even among safe ones', () => {
    const folder = copyFixture('app-router');
    const { stdout } = run(['fix', '--only', 'invalid-path'], folder);
    assert.equal(stdout, 'fixed vercel.json (invalid-path)');
    const fixed = read(folder, 'vercel.json');
    assert.match(fixed, /"path": "\/api\/cron\/cleanup-sessions", "schedule": "30 3 \* \* \*"/);
    assert.match(fixed, /"0 8 \* \* MON"/, 'invalid-schedule was not named');
  });

  it('every code: the project ends clean, exit 0, and a second run has nothing to do', () => {
    const folder = copyFixture('app-router');
    const only = 'invalid-schedule,invalid-path,hobby-frequency,route-not-found,route-missing-get';
    const { code, stdout } = run(['fix', '--only', only], folder);
    assert.deepEqual(stdout.split('\n'), [
      'created app/api/cron/rotate-keys/route.ts (route-not-found)',
      'fixed app/api/cron/send-digest/route.ts (route-missing-get)',
      'fixed vercel.json (hobby-frequency, invalid-path, invalid-schedule)',
    ]);
    assert.equal(code, 0);
    assert.deepEqual(remaining(folder), []);
    assert.match(read(folder, 'vercel.json'), /"path": "\/api\/cron\/sync-inventory", "schedule": "0 0 \* \* \*"/);
    const once = snapshot(folder);
    assert.equal(run(['fix', '--only', only], folder).stdout, 'nothing to fix');
    assert.deepEqual(snapshot(folder), once);
  });

  it('src-dir: the new route goes to src/app', () => {
    const folder = copyFixture('src-dir');
    const { stdout, code } = run(['fix', '--only', 'route-not-found'], folder);
    assert.equal(stdout, 'created src/app/api/cron/expire-trials/route.ts (route-not-found)');
    assert.ok(fs.existsSync(path.join(folder, 'src/app/api/cron/expire-trials/route.ts')));
    assert.equal(fs.existsSync(path.join(folder, 'app')), false);
    assert.equal(code, 0);
    assert.deepEqual(remaining(folder), [['vercel.json', 'hobby-frequency', 'warning']]);
  });

  it('dynamic and base-path: the file path has neither parameters nor basePath', () => {
    const dynamic = copyFixture('dynamic');
    assert.equal(
      run(['fix', '--only', 'route-not-found'], dynamic).stdout,
      'created app/api/sync-team/route.ts (route-not-found)',
    );
    const basePath = copyFixture('base-path');
    assert.equal(
      run(['fix', '--only', 'route-not-found'], basePath).stdout,
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
    const { code, stdout } = run(['fix', '--only', 'hobby-frequency'], folder);
    assert.equal(stdout, 'fixed apps/admin/vercel.json (hobby-frequency)');
    assert.match(read(folder, 'apps/admin/vercel.json'), /"path": "\/api\/cron\/metrics", "schedule": "0 0 \* \* \*"/);
    assert.equal(code, 0);
    assert.equal(read(folder, 'apps/web/vercel.json'), fs.readFileSync(path.join(FIXTURES, 'monorepo/apps/web/vercel.json'), 'utf8'));
    // with --plan pro nothing is too frequent, so there is nothing to fix
    const pro = copyFixture('monorepo');
    assert.equal(run(['fix', '--only', 'hobby-frequency', '--plan', 'pro'], pro).stdout, 'nothing to fix');
  });

  it("unknown-property: a time zone is converted to UTC at today's offset", () => {
    const folder = tempFolder({
      'vercel.json': '{\n  "crons": [\n    { "path": "/api/a", "schedule": "0 9 * * *", "timezone": "Europe/Berlin" }\n  ]\n}\n',
    });
    const { code, stdout } = run(['fix', '--only', 'unknown-property'], folder);
    assert.equal(stdout, 'fixed vercel.json (unknown-property)');
    assert.equal(read(folder, 'vercel.json'), '{\n  "crons": [\n    { "path": "/api/a", "schedule": "0 8 * * *" }\n  ]\n}\n');
    assert.equal(code, 0);
  });

  it('day-of-month-and-week: one of its fixes, and the conflict is gone', () => {
    const folder = tempFolder({ 'vercel.json': '{ "crons": [ { "path": "/api/a", "schedule": "0 6 1-7 * 1" } ] }\n' });
    const { code } = run(['fix', '--only', 'day-of-month-and-week'], folder);
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
      const { stdout } = run(['fix', '--only', 'route-not-found'], folder);
      assert.match(stdout, /^created app\/api\/cron\/cleanup\/route\.page\.ts \(route-not-found\)$/m);
      assert.deepEqual(remaining(folder).filter(([, c]) => c === 'route-not-found').length, 0);
    },
  );
});

describe('fix --dry-run', () => {
  it('prints a unified diff, writes nothing, exits as check would after the fix', () => {
    const folder = copyFixture('app-router');
    const before = snapshot(folder);
    const { code, stdout } = run(['fix', '--dry-run'], folder);
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

  it('says on stderr what would remain, exactly as check prints it after a real run', () => {
    const folder = copyFixture('app-router');
    const { code, stdout, stderr } = run(['fix', '--dry-run'], folder);
    assert.ok(stdout.startsWith('--- a/vercel.json\n'), 'stdout is the diff alone');
    const lines = stderr.split('\n');
    assert.deepEqual(lines.slice(-3), ['1 vercel.json checked: 1 error, 2 warnings', '3 hints hidden; --hints shows them', '3 cron routes analysed']);
    // route-missing-get is one finding, in the route file (vercel.json's entry is its related link).
    assert.ok(!lines.some((l) => /^vercel\.json:\d+:\d+ +error +route-missing-get/.test(l)), stderr);
    assert.ok(lines.some((l) => /^app\/api\/cron\/send-digest\/route\.ts:6:23 {2}error {3}route-missing-get {2}/.test(l)), stderr);
    assert.ok(!lines.some((l) => / (invalid-schedule|invalid-path) /.test(l)), 'what the diff fixes is not listed');
    assert.equal(code, 1);
    const real = copyFixture('app-router');
    run(['fix'], real);
    assert.equal(stderr, run(['check'], real).stdout, "check's formatter, on what the real run leaves");
  });

  it('--hints lists the hints that would remain, as check --hints does', () => {
    const folder = copyFixture('app-router');
    const { stderr } = run(['fix', '--dry-run', '--hints'], folder);
    const lines = stderr.split('\n');
    assert.deepEqual(lines.slice(-2), ['1 vercel.json checked: 1 error, 2 warnings, 3 hints', '3 cron routes analysed']);
    assert.equal(lines.filter((l) => /^\S+:\d+:\d+ {2}hint {4}/.test(l)).length, 3);
    const real = copyFixture('app-router');
    run(['fix'], real);
    assert.equal(stderr, run(['check', '--hints'], real).stdout);
  });

  it('names the files from the current directory, and ends with the --max-warnings line when that decides the exit', () => {
    const root = mkTemp('ncr-fix-dry-');
    fs.cpSync(path.join(FIXTURES, 'pages-router'), path.join(root, 'web'), { recursive: true });
    const { code, stderr } = run(['fix', 'web', '--dry-run', '--max-warnings', '0'], root);
    assert.equal(code, 1);
    // Hidden hints never count toward --max-warnings (nor did shown ones).
    assert.deepEqual(stderr.split('\n').slice(-4), [
      '1 vercel.json checked: 1 warning',
      '4 hints hidden; --hints shows them',
      '2 cron routes analysed',
      'next-cron-routes: too many warnings: 1 (--max-warnings 0)',
    ]);
    assert.match(stderr, /^web\/vercel\.json:5:15 {2}warning route-not-found {2}/m);
  });

  it('a file the fix would create is a diff from /dev/null; nothing is created', () => {
    const folder = copyFixture('app-router');
    const before = snapshot(folder);
    const { code, stdout } = run(['fix', '--dry-run', '--only', 'route-not-found,route-missing-get'], folder);
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
    const { code, stdout } = run(['fix', '--dry-run'], folder);
    assert.match(stdout, /^- {4}\{ "path": "\/api\/cron\/digest", "schedule": "0 7 \* \* \*" \},$/m);
    assert.match(stdout, /^\+ {4}\{ "path": "\/api\/cron\/warm-cache\/\?region=iad1", "schedule": "0 8 \* \* \*" \},$/m);
    assert.equal(code, 0);
    assert.deepEqual(snapshot(folder), before);
  });

  it('with nothing to fix: "nothing to fix" and no diff; stderr still says what remains', () => {
    const folder = copyFixture('route-groups');
    const { code, stdout, stderr } = run(['fix', '--dry-run'], folder);
    assert.equal(stdout, 'nothing to fix');
    assert.equal(stderr, run(['check'], folder).stdout);
    assert.equal(code, 0);
  });
});

describe('fix --max-warnings: exits as check would on what remains', () => {
  it('pages-router: the schedule warning is fixed, route-not-found (a warning) remains', () => {
    const table: [flags: string[], exit: number, stderr: string][] = [
      [[], 0, ''],
      [['--max-warnings', '1'], 0, ''],
      [['--max-warnings', '0'], 1, 'next-cron-routes: too many warnings: 1 (--max-warnings 0)'],
    ];
    for (const [flags, exit, stderr] of table) {
      const folder = copyFixture('pages-router');
      const result = run(['fix', ...flags], folder);
      assert.equal(result.stdout, 'fixed vercel.json (invalid-schedule)', flags.join(' '));
      assert.equal(result.code, exit, flags.join(' '));
      assert.equal(result.stderr, stderr, flags.join(' '));
      assert.equal(run(['check', '.', ...flags], folder).code, exit, 'the same exit as check on the fixed project');
    }
  });
});

describe('fix: file names start from the current directory; the dry-run diff applies with git apply from there', () => {
  const hasGit = spawnSync('git', ['--version']).status === 0;
  /** A git repository whose apps/web is the app-router fixture, as in a monorepo. */
  function repo(): string {
    const root = mkTemp('ncr-fix-repo-');
    fs.cpSync(path.join(FIXTURES, 'app-router'), path.join(root, 'apps', 'web'), { recursive: true });
    if (hasGit) assert.equal(spawnSync('git', ['init', '-q'], { cwd: root }).status, 0);
    return root;
  }
  const git = (args: string[], cwd: string, input?: string) => spawnSync('git', args, { cwd, input, encoding: 'utf8' });
  const ONLY = ['--only', 'route-not-found,route-missing-get,invalid-schedule'];

  it('`fix apps/web` from the repository root: apps/web/…, as check prints them', () => {
    const root = repo();
    const { stdout } = run(['fix', 'apps/web', ...ONLY], root);
    assert.deepEqual(stdout.split('\n'), [
      'created apps/web/app/api/cron/rotate-keys/route.ts (route-not-found)',
      'fixed apps/web/app/api/cron/send-digest/route.ts (route-missing-get)',
      'fixed apps/web/vercel.json (invalid-schedule)',
    ]);
    for (const line of stdout.split('\n')) assert.ok(fs.existsSync(path.join(root, line.split(' ')[1]!)), line);
  });

  it('from a folder beside it: ../web/…', () => {
    const root = repo();
    fs.mkdirSync(path.join(root, 'apps', 'admin'));
    const { stdout } = run(['fix', '../web', '--only', 'invalid-schedule'], path.join(root, 'apps', 'admin'));
    assert.equal(stdout, 'fixed ../web/vercel.json (invalid-schedule)');
  });

  it('the diff names apps/web/…, and git apply at the root writes exactly what fix writes', { skip: hasGit ? false : 'git is not installed' }, () => {
    const root = repo();
    const before = snapshot(root);
    const { stdout } = run(['fix', 'apps/web', '--dry-run', ...ONLY], root);
    assert.deepEqual(stdout.match(/^(---|\+\+\+) .*$/gm), [
      '--- /dev/null',
      '+++ b/apps/web/app/api/cron/rotate-keys/route.ts',
      '--- a/apps/web/app/api/cron/send-digest/route.ts',
      '+++ b/apps/web/app/api/cron/send-digest/route.ts',
      '--- a/apps/web/vercel.json',
      '+++ b/apps/web/vercel.json',
    ]);
    assert.deepEqual(snapshot(root), before, 'a dry run writes nothing');
    const applied = git(['apply', '--verbose', '-'], root, `${stdout}\n`);
    assert.equal(applied.status, 0, applied.stderr);
    assert.equal(applied.stderr.match(/^Applied patch .* cleanly\.$/gm)?.length, 3, applied.stderr);
    const fixed = repo();
    run(['fix', 'apps/web', ...ONLY], fixed);
    const strip = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).filter(([file]) => !file.startsWith('.git/')));
    assert.deepEqual(strip(snapshot(root)), strip(snapshot(fixed)));
  });

  it('from a subfolder of the repository the diff names the folder from there, and git apply there applies it', { skip: hasGit ? false : 'git is not installed' }, () => {
    const root = repo();
    const apps = path.join(root, 'apps');
    const { stdout } = run(['fix', 'web', '--dry-run', '--only', 'invalid-schedule'], apps);
    assert.match(stdout, /^--- a\/web\/vercel\.json\n\+\+\+ b\/web\/vercel\.json$/m);
    const applied = git(['apply', '-'], apps, `${stdout}\n`);
    assert.equal(applied.status, 0, applied.stderr);
    assert.match(read(root, 'apps/web/vercel.json'), /"0 8 \* \* 1"/);
  });

  it('a folder outside the current directory: git refuses "..", so the diff names files from the folder (git -C <folder> apply)', { skip: hasGit ? false : 'git is not installed' }, () => {
    const root = repo();
    const elsewhere = mkTemp('ncr-fix-elsewhere-');
    const web = path.join(root, 'apps', 'web');
    const { stdout } = run(['fix', web, '--dry-run', '--only', 'invalid-schedule'], elsewhere);
    assert.match(stdout, /^--- a\/vercel\.json\n\+\+\+ b\/vercel\.json$/m);
    const applied = git(['-C', web, 'apply', '-'], elsewhere, `${stdout}\n`);
    assert.equal(applied.status, 0, applied.stderr);
    assert.match(read(web, 'vercel.json'), /"0 8 \* \* 1"/);
    assert.match(run(['fix', web, '--only', 'invalid-path'], elsewhere).stdout, /^fixed \.\.\/.*\/apps\/web\/vercel\.json \(invalid-path\)$/, 'text lines still start from the current directory');
  });
});

describe('fix: robustness and usage', () => {
  it('a malformed vercel.json is reported, not fixed, not a crash', () => {
    const text = '{ "crons": [ { "path": "/api/a" "schedule": "0 3 * * *" } ] }\n';
    const folder = tempFolder({ 'vercel.json': text });
    const { code, stdout } = run(['fix'], folder);
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
      const { code } = run(['fix'], folder);
      assert.equal(read(folder, 'vercel.json'), '{ "crons": [] }');
      assert.equal(code, 0);
    },
  );

  it('a route with a syntax error around its auth check gets no fix, and a second run changes nothing (#14 item 4)', () => {
    // The issue's route: each run of plain fix used to prepend ten more `if (!process.env.CRON_SECRET)` blocks.
    const route = 'export const GET = async (req => { if (req.headers.get("authorization") !== `Bearer ${process.env.CRON_SECRET}` return 1 }\n';
    const folder = tempFolder({
      'vercel.json': '{ "crons": [ { "path": "/api/cron/y", "schedule": "0 3 * * *" } ] }\n',
      'package.json': '{ "dependencies": { "next": "15.0.0" } }\n',
      'app/api/cron/y/route.ts': route,
    });
    const before = snapshot(folder);
    for (let run_ = 0; run_ < 2; run_++) {
      const { stdout, stderr } = run(['fix'], folder);
      assert.equal(stdout, 'nothing to fix');
      assert.equal(stderr, '');
      assert.deepEqual(snapshot(folder), before);
    }
    assert.match(run(['check', '--format', 'json'], folder).stdout, /"code":"auth-fails-open"[^}]*"fixable":false/, 'still reported, as not fixable');
  });

  const usage: [string, string[]][] = [
    ['--only without codes', ['fix', '.', '--only']],
    ['bad plan', ['fix', '.', '--plan', 'free']],
    ['fluid and no-fluid', ['fix', '.', '--fluid', '--no-fluid']],
    ['unknown flag', ['fix', '.', '--force']],
    ['missing folder', ['fix', 'no-such-folder']],
    ['two folders', ['fix', 'a', 'b']],
    ['max-warnings negative', ['fix', '.', '--max-warnings=-1']],
    ['max-warnings not a number', ['fix', '.', '--max-warnings', 'many']],
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

describe('fix writes inside the project only, all or nothing (#14 items 1 and 2)', () => {
  const PROTECTED_GET =
    "export async function GET(request: Request) {\n  const secret = process.env.CRON_SECRET;\n  if (!secret || request.headers.get('authorization') !== `Bearer ${secret}`) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n";
  const cronsFor = (...names: string[]) => `{ "crons": [${names.map((n) => ` { "path": "/api/cron/${n}", "schedule": "0 3 * * *" }`).join(',')} ] }\n`;
  /** A project in <base>/project beside an <base>/outside folder, which no run may write into. */
  function hostile(files: Record<string, string>): { folder: string; outside: string } {
    const base = fs.realpathSync(mkTemp('ncr-fix-hostile-'));
    const folder = path.join(base, 'project');
    const outside = path.join(base, 'outside');
    fs.mkdirSync(outside);
    for (const [file, content] of Object.entries({ 'package.json': '{ "dependencies": { "next": "15.0.0" } }\n', 'tsconfig.json': '{}\n', ...files })) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), content);
    }
    return { folder, outside };
  }
  const link = (target: string, folder: string, file: string) => {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.symlinkSync(target, path.join(folder, file));
  };
  /** Every file the run printed as written exists; and nothing is outside. */
  const assertPrintedExist = (folder: string, stdout: string) => {
    for (const line of stdout.split('\n').filter((l) => /^(created|fixed) /.test(l))) assert.ok(fs.existsSync(path.join(folder, line.split(' ')[1]!)), line);
  };

  it('(a) a pageExtensions entry with ../ : the route is created in the project, nothing outside', () => {
    // The issue's config: the only .ts entry is a path, which fix joined to `route.` and wrote outside.
    const { folder, outside } = hostile({ 'vercel.json': cronsFor('x'), 'next.config.js': "module.exports = { pageExtensions: ['../../../../../../../outside/ESCAPED.ts'] };\n" });
    const { code, stdout, stderr } = run(['fix', '--only', 'route-not-found'], folder);
    assert.equal(stdout, 'created app/api/cron/x/route.ts (route-not-found)');
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.deepEqual(fs.readdirSync(outside), []);
  });

  it('(b) a route folder and lib/ linked outside: both refused, one line each, nothing written outside, the rest applied', () => {
    const { folder, outside } = hostile({ 'vercel.json': cronsFor('x', 'y', 'z'), 'app/api/cron/y/route.ts': PROTECTED_GET });
    fs.mkdirSync(path.join(outside, 'x'));
    fs.mkdirSync(path.join(outside, 'lib'));
    link(path.join(outside, 'x'), folder, 'app/api/cron/x');
    link(path.join(outside, 'lib'), folder, 'lib');
    const { code, stdout, stderr } = run(['fix', '--only', 'route-not-found,no-monitoring'], folder);
    assert.deepEqual(stderr.split('\n'), [
      `next-cron-routes: refused to write app/api/cron/x/route.ts: app/api/cron/x is a symbolic link to ${outside}/x, outside the project (${folder})`,
      `next-cron-routes: refused to write lib/cron-monitoring.ts: lib is a symbolic link to ${outside}/lib, outside the project (${folder})`,
      // The walk does not follow the two links out of the project either.
      '2 files could not be analysed (--verbose lists them)',
    ]);
    // z is created; y is not wrapped, since its wrapper needs the refused helper
    assert.equal(stdout, 'created app/api/cron/z/route.ts (route-not-found)');
    assert.equal(read(folder, 'app/api/cron/y/route.ts'), PROTECTED_GET);
    assert.deepEqual(fs.readdirSync(outside, { recursive: true }).sort(), ['lib', 'x']);
    assert.equal(code, 1, 'a refused write fails the run');
  });

  it('a link inside the project to a folder inside it is fine', () => {
    const { folder } = hostile({ 'vercel.json': cronsFor('y'), 'app/api/cron/y/route.ts': PROTECTED_GET });
    fs.mkdirSync(path.join(folder, 'shared', 'lib'), { recursive: true });
    link(path.join(folder, 'shared', 'lib'), folder, 'lib');
    const { code, stdout, stderr } = run(['fix', '--only', 'no-monitoring'], folder);
    assert.equal(stderr, '');
    assert.deepEqual(stdout.split('\n'), ['fixed app/api/cron/y/route.ts (no-monitoring)', 'created lib/cron-monitoring.ts (no-monitoring)']);
    assert.ok(fs.existsSync(path.join(folder, 'shared', 'lib', 'cron-monitoring.ts')));
    assert.equal(code, 0);
  });

  it('the issue repro: a dangling link where a route folder goes is refused; what is printed was written, and every import resolves', () => {
    const { folder } = hostile({ 'vercel.json': cronsFor('x', 'y'), 'app/api/cron/y/route.ts': PROTECTED_GET });
    link('/nonexistent/target', folder, 'app/api/cron/x');
    const { code, stdout, stderr } = run(['fix', '--only', 'route-not-found,no-monitoring'], folder);
    assert.equal(stderr, 'next-cron-routes: refused to write app/api/cron/x/route.ts: app/api/cron/x is a symbolic link that leads nowhere');
    assert.deepEqual(stdout.split('\n'), ['fixed app/api/cron/y/route.ts (no-monitoring)', 'created lib/cron-monitoring.ts (no-monitoring)']);
    assertPrintedExist(folder, stdout);
    assert.match(read(folder, 'app/api/cron/y/route.ts'), /from '\.\.\/\.\.\/\.\.\/\.\.\/lib\/cron-monitoring';/);
    assert.equal(code, 1);
    const again = run(['fix', '--only', 'route-not-found,no-monitoring'], folder);
    assert.equal(again.stdout, '', 'nothing else to write: no "nothing to fix" while a write is refused');
    assert.equal(again.stderr, stderr);
  });

  it('a route file that is a dangling link is not written through', () => {
    const { folder, outside } = hostile({ 'vercel.json': cronsFor('x') });
    link(path.join(outside, 'route.ts'), folder, 'app/api/cron/x/route.ts');
    const { code, stdout, stderr } = run(['fix', '--only', 'route-not-found', '--verbose'], folder);
    // The walk lists the link as the route file, which cannot be read: not analysed, so no fix is
    // planned through it (the write guard would refuse one: see writes.test.ts).
    assert.equal(stderr, '0 cron routes analysed, 1 could not be\napp/api/cron/x/route.ts: not analysed: it is a symbolic link to nothing (its target does not exist)');
    assert.equal(stdout, 'nothing to fix');
    assert.deepEqual(fs.readdirSync(outside), []);
    assert.equal(code, 0);
  });

  it('a file where a folder must go is refused, not a crash', () => {
    const { folder } = hostile({ 'vercel.json': cronsFor('y'), 'app/api/cron/y/route.ts': PROTECTED_GET, lib: 'not a folder\n' });
    const { code, stdout, stderr } = run(['fix', '--only', 'no-monitoring'], folder);
    assert.equal(stderr, 'next-cron-routes: refused to write lib/cron-monitoring.ts: lib is not a folder');
    assert.equal(stdout, '');
    assert.equal(read(folder, 'app/api/cron/y/route.ts'), PROTECTED_GET);
    assert.equal(code, 1);
  });

  it('a cron path of 10,000 segments: the route its fix would create is refused in one line, dry run or not', () => {
    const deep = `/${Array.from({ length: 10_000 }, () => 's').join('/')}`;
    const { folder } = hostile({ 'vercel.json': JSON.stringify({ crons: [{ path: deep, schedule: '0 3 * * *' }] }) });
    for (const flags of [['--dry-run'], []]) {
      const { code, stdout, stderr } = run(['fix', '--only', 'route-not-found', ...flags], folder);
      const refusal = stderr.split('\n')[0]!;
      assert.match(refusal, /^next-cron-routes: refused to write app\/(s\/)+…(s\/)+route\.ts \(20012 characters\): its path would be \d+ bytes long, and file systems accept 4095$/);
      assert.ok(refusal.length < 400, 'the name is abbreviated');
      assert.equal(stdout, '');
      assert.equal(code, 1);
      assert.equal(fs.existsSync(path.join(folder, 'app')), false);
    }
  });

  it('--dry-run says what it would refuse, and its diff leaves the refused file out', () => {
    const { folder } = hostile({ 'vercel.json': cronsFor('x', 'z') });
    link('/nonexistent/target', folder, 'app/api/cron/x');
    const { code, stdout, stderr } = run(['fix', '--only', 'route-not-found', '--dry-run'], folder);
    assert.match(stderr, /^next-cron-routes: refused to write app\/api\/cron\/x\/route\.ts: app\/api\/cron\/x is a symbolic link that leads nowhere$/m);
    assert.deepEqual(stdout.match(/^\+\+\+ .*$/gm), ['+++ b/app/api/cron/z/route.ts']);
    assert.equal(code, 1);
  });

  it('the disk changes between the plan and the writes: nothing is written, exit 3, one line', () => {
    const { folder, outside } = hostile({ 'vercel.json': cronsFor('x', 'y'), 'app/api/cron/y/route.ts': PROTECTED_GET });
    link('/nonexistent/target', folder, 'app/api/cron/x');
    const before = snapshot(folder);
    const out: string[] = [];
    const err: string[] = [];
    // The refusal is said before anything is written: swap lib/ for a link out right then.
    const code = runCli(['fix', '--only', 'route-not-found,no-monitoring'], {
      stdout: (t) => out.push(t),
      stderr: (t) => {
        err.push(t);
        if (!fs.existsSync(path.join(folder, 'lib'))) fs.symlinkSync(outside, path.join(folder, 'lib'));
      },
      cwd: folder,
      now: () => NOW,
    });
    assert.equal(code, 3);
    assert.deepEqual(err.slice(1), [
      `next-cron-routes: could not write lib/cron-monitoring.ts: lib is a symbolic link to ${outside}, outside the project (${folder}); nothing was written`,
    ]);
    assert.deepEqual(out, [], 'nothing listed as written');
    assert.deepEqual(snapshot(folder), before, 'the route staged before the helper is not written either');
    assert.deepEqual(
      fs.readdirSync(path.join(folder, 'app/api/cron/y')),
      ['route.ts'],
      'no temporary file left',
    );
    assert.deepEqual(fs.readdirSync(outside), []);
  });

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  it(
    'a folder the system will not let fix write: nothing is written, exit 3',
    { skip: isRoot || process.platform === 'win32' ? 'permissions do not stop root (or Windows)' : false },
    () => {
      const { folder } = hostile({ 'vercel.json': cronsFor('y'), 'app/api/cron/y/route.ts': PROTECTED_GET });
      fs.mkdirSync(path.join(folder, 'lib'));
      fs.writeFileSync(path.join(folder, 'lib/other.ts'), 'export {};\n');
      fs.chmodSync(path.join(folder, 'lib'), 0o555);
      try {
        const before = snapshot(folder);
        const { code, stdout, stderr } = run(['fix', '--only', 'no-monitoring'], folder);
        assert.equal(code, 3);
        assert.equal(stdout, '');
        assert.match(stderr, /^next-cron-routes: could not write lib\/cron-monitoring\.ts: EACCES: .*; nothing was written$/);
        assert.deepEqual(snapshot(folder), before);
      } finally {
        fs.chmodSync(path.join(folder, 'lib'), 0o755);
      }
    },
  );

  it('an edited file keeps its permissions and no temporary file is left', () => {
    const { folder } = hostile({ 'vercel.json': '{ "crons": [ { "path": "/api/cron/y", "schedule": "0 3 * * MON" } ] }\n', 'app/api/cron/y/route.ts': PROTECTED_GET });
    fs.chmodSync(path.join(folder, 'vercel.json'), 0o640);
    assert.equal(run(['fix', '--only', 'invalid-schedule'], folder).stdout, 'fixed vercel.json (invalid-schedule)');
    assert.equal(fs.statSync(path.join(folder, 'vercel.json')).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(folder).sort(), ['app', 'package.json', 'tsconfig.json', 'vercel.json']);
  });
});

describe('fix: an internal error exits 3 with one line, never a stack trace', () => {
  it('a failure while planning names the file and says nothing was written', () => {
    const folder = copyFixture('app-router');
    const before = snapshot(folder);
    // A fault where fix decides which fix to apply (core isDefaultFix), as a bug there would be.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const types = require('../../../src/core/diagnostics') as { isDefaultFix: (...args: unknown[]) => boolean };
    const original = types.isDefaultFix;
    types.isDefaultFix = () => {
      throw new TypeError('boom\n    at somewhere (file.js:1:1)');
    };
    try {
      const { code, stdout, stderr } = run(['fix'], folder);
      assert.equal(code, 3);
      assert.equal(stdout, '');
      assert.equal(stderr, 'next-cron-routes: internal error while planning fixes for vercel.json: boom at somewhere (file.js:1:1); nothing was written');
    } finally {
      types.isDefaultFix = original;
    }
    assert.deepEqual(snapshot(folder), before);
  });

  /** Runs fix --only missing-auth with the core's "Add CRON_SECRET check" replaced by `fault`, as a bug there would be. */
  function withFaultyFix(fault: (text: string) => { offset: number; length: number; content: string }) {
    const folder = tempFolder({
      'vercel.json': '{ "crons": [ { "path": "/api/cron/open", "schedule": "0 3 * * *" } ] }\n',
      'package.json': '{ "dependencies": { "next": "15.0.0" } }\n',
      'app/api/cron/open/route.ts': 'export async function GET() {\n  await fetch(\'https://example.com/hooks/rebuild\', { method: \'POST\' });\n  return Response.json({ ok: true });\n}\n',
    });
    const before = snapshot(folder);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const shared = require('../../../src/core/routes/secretCheck') as { addSecretCheckFix: (ctx: { sourceFile: { text: string } }) => unknown };
    const original = shared.addSecretCheckFix;
    shared.addSecretCheckFix = (ctx) => ({ title: 'faulty', edits: [fault(ctx.sourceFile.text)], safe: false });
    try {
      for (const flags of [['--dry-run'], []]) {
        const result = run(['fix', '--only', 'missing-auth', ...flags], folder);
        assert.equal(result.code, 3, flags.join(' '));
        assert.equal(result.stdout, '', 'nothing listed, no diff');
        assert.deepEqual(snapshot(folder), before);
        if (flags.length === 0) return result.stderr;
      }
    } finally {
      shared.addSecretCheckFix = original;
    }
    return '';
  }

  it('a fix that would break a file that parses: nothing is written, and the line says where', () => {
    const stderr = withFaultyFix(() => ({ offset: 0, length: 0, content: ')' }));
    assert.equal(stderr, 'next-cron-routes: internal error: the fixes would leave a syntax error in app/api/cron/open/route.ts at 1:1 Declaration or statement expected., which parses now; nothing was written');
  });

  it('fixes that never settle: nothing is written, since a second run would change the files again', () => {
    const stderr = withFaultyFix((text) => ({ offset: text.length, length: 0, content: '// once more\n' }));
    assert.equal(stderr, 'next-cron-routes: internal error: the fixes did not settle in 10 passes (app/api/cron/open/route.ts still changed); nothing was written');
  });
});

describe('fix through the bundled CLI (dist/cli.js)', () => {
  const cli = path.join(repoRoot(), 'dist', 'cli.js');

  it('--dry-run prints the diff, writes nothing, exits 1 while an error would remain', () => {
    const folder = copyFixture('app-router');
    const before = snapshot(folder);
    const result = spawnSync(process.execPath, [cli, 'fix', '--dry-run'], { encoding: 'utf8', cwd: folder });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /^app\/api\/cron\/send-digest\/route\.ts:6:23 {2}error {3}route-missing-get {2}/m);
    assert.ok(result.stderr.endsWith('\n1 vercel.json checked: 1 error, 2 warnings\n3 hints hidden; --hints shows them\n3 cron routes analysed\n'), result.stderr);
    assert.ok(result.stdout.startsWith('--- a/vercel.json\n+++ b/vercel.json\n'), result.stdout);
    assert.deepEqual(snapshot(folder), before);
  });

  it('a real run writes, then exits 0 when only warnings remain; the file is named from the current directory', () => {
    const folder = copyFixture('trailing-slash-false');
    const result = spawnSync(process.execPath, [cli, 'fix', folder], { encoding: 'utf8', cwd: path.dirname(folder) });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `fixed ${path.basename(folder)}/vercel.json (trailing-slash-redirect)\n`);
    assert.match(read(folder, 'vercel.json'), /"\/api\/cron\/digest"/);
  });

  it('the crashes of #14 items 1 and 2 are refusals: one line each on stderr, no stack trace, exit 1', () => {
    const folder = tempFolder({
      'vercel.json': JSON.stringify({ crons: [{ path: `/${Array.from({ length: 10_000 }, () => 's').join('/')}`, schedule: '0 3 * * *' }, { path: '/api/cron/x', schedule: '0 3 * * *' }] }),
      'package.json': '{ "dependencies": { "next": "15.0.0" } }\n',
    });
    fs.mkdirSync(path.join(folder, 'app/api/cron'), { recursive: true });
    fs.symlinkSync('/nonexistent/target', path.join(folder, 'app/api/cron/x'));
    const result = spawnSync(process.execPath, [cli, 'fix', '--only', 'route-not-found'], { encoding: 'utf8', cwd: folder });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, result.stderr);
    assert.match(lines[0]!, /^next-cron-routes: refused to write app\/api\/cron\/x\/route\.js: app\/api\/cron\/x is a symbolic link that leads nowhere$/);
    assert.match(lines[1]!, /^next-cron-routes: refused to write app\/s\/s\/.* bytes long, and file systems accept 4095$/);
  });
});

describe('fix: a Next.js app without a vercel.json (issue #15)', () => {
  it('fixes its cron routes as in a project with one: the fail-open check fails closed by default, missing-auth with --only', () => {
    const folder = copyFixture('shapes-no-vercel-json');
    assert.deepEqual(remaining(folder), [
      ['app/api/cron/send-reminders/route.ts', 'auth-fails-open', 'warning'],
      ['app/api/cron/sync-inventory/route.ts', 'missing-auth', 'warning'],
    ]);
    const first = run(['fix'], folder);
    assert.equal(first.code, 0);
    assert.match(first.stdout, /^fixed app\/api\/cron\/send-reminders\/route\.ts \(auth-fails-open\)$/m);
    assert.ok(!fs.existsSync(path.join(folder, 'vercel.json')), 'no vercel.json is made for it');
    assert.deepEqual(remaining(folder), [['app/api/cron/sync-inventory/route.ts', 'missing-auth', 'warning']]);
    const second = run(['fix', '--only', 'missing-auth'], folder);
    assert.equal(second.code, 0);
    assert.match(read(folder, 'app/api/cron/sync-inventory/route.ts'), /CRON_SECRET/);
    assert.deepEqual(remaining(folder), []);
  });
});
