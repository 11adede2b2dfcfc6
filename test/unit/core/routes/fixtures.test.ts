/**
 * The routes-* fixture projects through the real CLI, in-process: `next-cron-routes check
 * --format json` must report exactly these diagnostics per file, and `fix` must leave code that
 * type-checks against the real `next` types. routes-protected holds protected styles (no auth
 * finding may appear); routes-broken holds each problem once.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../../../src/cli/main';
import { repoRoot } from '../../support/repo';
import { diagnosticsOf } from './typecheck';
import { ISSUE_ROUTE_CODES } from '../../support/routeCodes';

const FIXTURES = path.join(repoRoot(), 'test', 'fixtures');
const NOW = new Date('2026-11-28T01:48:00Z');

const TEMP: string[] = [];
after(() => {
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

interface Diagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  fixable: boolean;
}

type Row = [line: number, column: number, severity: string, code: string, fixable: boolean, text: string];

async function cli(args: string[], cwd = FIXTURES): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, now: () => NOW });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const WRAPPER_HINTS = new Set(['no-monitoring', 'no-idempotency-guard']);

async function check(folder: string, flags: string[] = []): Promise<{ code: number; byFile: Map<string, Row[]> }> {
  const { code, stdout, stderr } = await cli(['check', folder, '--format', 'json', ...flags]);
  assert.equal(stderr, '');
  const root = path.resolve(FIXTURES, folder);
  const byFile = new Map<string, Row[]>();
  for (const d of (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics) {
    // The wrapper hints fire on every handler; test/unit/wrappers checks them on these fixtures.
    if (WRAPPER_HINTS.has(d.code)) continue;
    const lines = fs.readFileSync(path.join(root, d.file), 'utf8').split(/\r?\n/);
    const text = d.line === d.endLine ? lines[d.line - 1]!.slice(d.column - 1, d.endColumn - 1) : '(several lines)';
    byFile.set(d.file, [...(byFile.get(d.file) ?? []), [d.line, d.column, d.severity, d.code, d.fixable, text]]);
  }
  return { code, byFile };
}

function sourceFiles(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return files;
}

/** Declarations for the packages routes-protected imports that this repository does not install. */
const PACKAGE_STUBS = `declare module '@t3-oss/env-nextjs' {
  export function createEnv<S extends Record<string, unknown>>(options: { server: S; runtimeEnv: Record<string, string | undefined> }): { [K in keyof S]: string };
}
declare module 'zod' {
  interface ZodString { min(length: number): ZodString; url(): ZodString }
  export const z: { string(): ZodString };
}
declare module '@upstash/qstash' {
  export class Receiver {
    constructor(options: { currentSigningKey: string; nextSigningKey: string });
    verify(options: { signature: string; body: string }): Promise<boolean>;
  }
}
`;

describe('routes-protected: protected styles, no auth finding', () => {
  /** Every file expected to have diagnostics, with them; the others must have none. */
  const EXPECTED: Record<string, { rows: Row[]; todo?: string }> = {
    'src/app/api/cron/timing-safe/route.ts': {
      rows: [],
    },
    'src/app/api/cron/t3-env/route.ts': {
      rows: [[6, 7, 'hint', 'auth-not-timing-safe', true, "request.headers.get('authorization') !== `Bearer ${env.CRON_SECRET}`"]],
    },
    'src/app/api/cron/else-refuse/route.ts': {
      rows: [],
    },
  };

  it('every other route, helper and env file: no diagnostics at all, vercel.json included', async () => {
    const { byFile } = await check('routes-protected');
    const unexpected = [...byFile].filter(([file]) => !(file in EXPECTED));
    assert.deepEqual(unexpected, []);
  });

  for (const [file, { rows, todo }] of Object.entries(EXPECTED)) {
    it(file, todo ? { todo } : {}, async () => {
      const { byFile } = await check('routes-protected');
      assert.deepEqual(byFile.get(file) ?? [], rows);
    });
  }

  it(
    'exit 0: nothing at error level',
    {},
    async () => {
      assert.equal((await check('routes-protected')).code, 0);
    },
  );

  it(
    '`fix` (the default set, applied unasked) changes only the one === on the secret, to a constant-time comparison',
    {
    },
    async () => {
      const { code, stdout } = await cli(['fix', 'routes-protected', '--dry-run']);
      assert.deepEqual(stdout.match(/^\+\+\+ .*$/gm), ['+++ b/routes-protected/src/app/api/cron/t3-env/route.ts']);
      assert.match(stdout, /^\+ {2}if \(!isSameSecret\(request\.headers\.get\('authorization'\), `Bearer \$\{env\.CRON_SECRET\}`\)\) \{$/m);
      assert.equal(code, 0);
    },
  );

  it('glob-only QStash and POST-only routes are not cron routes; .env.example is not read', async () => {
    const { byFile } = await check('routes-protected', ['--plan', 'hobby']);
    for (const file of ['src/app/api/cron/qstash-sync/route.ts', 'src/app/api/cron/webhook-ingest/route.ts', '.env.example', '.env.local'])
      assert.equal(byFile.get(file), undefined, file);
  });

  it('on Hobby, the 800 s from vercel.json functions exceeds the limit (the only plan-dependent finding)', async () => {
    const { byFile } = await check('routes-protected', ['--plan', 'hobby']);
    assert.deepEqual(byFile.get('src/app/api/cron/helper/route.ts'), [[5, 23, 'error', 'max-duration-exceeds-plan', false, 'GET']]);
  });

  it('the fixture is real code: it type-checks against the real next types', () => {
    const files = sourceFiles(path.join(FIXTURES, 'routes-protected'));
    assert.ok(Object.keys(files).length >= 20);
    assert.deepEqual(diagnosticsOf({ ...files, 'types/packages.d.ts': PACKAGE_STUBS }, './src/*'), []);
  });
});

describe('routes-broken: each problem once', () => {
  const EXPECTED: Record<string, { rows: Row[]; todo?: string }> = {
    '.env.local': { rows: [[2, 13, 'warning', 'cron-secret-format', false, 'changeme']] },
    'app/api/cron/backfill/route.ts': { rows: [[5, 28, 'error', 'max-duration-exceeds-plan', true, '3600']] },
    'app/api/cron/cached-feed/route.ts': { rows: [[4, 14, 'error', 'force-static-cron-route', true, 'revalidate']] },
    // One line, one finding: the fail-closed fix there also makes the comparison constant-time.
    'app/api/cron/docs-snippet/route.ts': { rows: [[5, 7, 'error', 'auth-fails-open', true, 'authHeader !== `Bearer ${process.env.CRON_SECRET}`']] },
    'app/api/cron/edge-warmup/route.ts': { rows: [[2, 28, 'warning', 'max-duration-on-edge', true, '30']] },
    'app/api/cron/send-digest/route.ts': { rows: [[4, 23, 'error', 'route-missing-get', true, 'POST']] },
    'app/api/cron/static-report/route.ts': {
      rows: [
        [5, 23, 'error', 'missing-auth', true, 'GET'],
        [5, 23, 'warning', 'static-cron-route', true, 'GET'],
      ],
    },
    'app/api/cron/sync-crm/route.ts': { rows: [[4, 23, 'warning', 'middleware-redirects-cron', false, 'GET']] },
    'app/api/cron/tunable/route.ts': {
      rows: [[4, 28, 'info', 'max-duration-not-static', false, 'Number(process.env.TUNABLE_MAX_DURATION ?? 120)']],
    },
    'app/api/cron/user-agent/route.ts': { rows: [[4, 7, 'warning', 'auth-spoofable', true, "request.headers.get('user-agent')"]] },
    'pages/api/cron/legacy-cleanup.ts': {
      rows: [
        [6, 7, 'error', 'auth-fails-open', true, 'process.env.CRON_SECRET'],
        [8, 9, 'hint', 'auth-not-timing-safe', true, 'authorization !== `Bearer ${process.env.CRON_SECRET}`'],
      ],
    },
    // vercel.json: nothing. route-missing-get is reported once, in send-digest's route file (where
    // "Add a GET handler" is), with the vercel.json entry as its related location.
  };

  it('exactly these files have diagnostics; exit 1', async () => {
    const { code, byFile } = await check('routes-broken');
    assert.deepEqual([...byFile.keys()].sort(), Object.keys(EXPECTED).sort());
    assert.equal(code, 1);
  });

  for (const [file, { rows, todo }] of Object.entries(EXPECTED)) {
    it(file, todo ? { todo } : {}, async () => {
      const { byFile } = await check('routes-broken');
      assert.deepEqual(byFile.get(file), rows);
    });
  }

  it('every cron-route code of the feature appears', async () => {
    const { byFile } = await check('routes-broken');
    const codes = new Set([...byFile.values()].flat().map((row) => row[3]));
    for (const code of ISSUE_ROUTE_CODES) {
      assert.ok(codes.has(code), code);
    }
  });

  it('the folder settings say Pro; --plan unknown makes the plan-dependent error a warning', async () => {
    const { byFile } = await check('routes-broken', ['--plan', 'unknown']);
    assert.deepEqual(byFile.get('app/api/cron/backfill/route.ts'), [[5, 28, 'warning', 'max-duration-exceeds-plan', true, '3600']]);
  });

  it('the fixture is real code: it type-checks against the real next types', () => {
    assert.deepEqual(diagnosticsOf(sourceFiles(path.join(FIXTURES, 'routes-broken'))), []);
  });

  it(
    '`fix` leaves no dead `if (!process.env.CRON_SECRET)` inside `if (process.env.CRON_SECRET)`',
    {
    },
    async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-routes-broken-'));
      TEMP.push(folder);
      fs.cpSync(path.join(FIXTURES, 'routes-broken'), folder, { recursive: true });
      await cli(['fix', '.'], folder);
      const fixed = fs.readFileSync(path.join(folder, 'pages/api/cron/legacy-cleanup.ts'), 'utf8');
      assert.doesNotMatch(fixed, /if \(process\.env\.CRON_SECRET\) \{[^}]*if \(!process\.env\.CRON_SECRET\)/);
    },
  );

  it('`fix` with every fixable route code: what remains, and the fixed app still type-checks', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-routes-broken-'));
    TEMP.push(folder);
    fs.cpSync(path.join(FIXTURES, 'routes-broken'), folder, { recursive: true });
    const only = [
      'missing-auth',
      'auth-fails-open',
      'auth-spoofable',
      'max-duration-exceeds-plan',
      'max-duration-on-edge',
      'static-cron-route',
      'force-static-cron-route',
      'route-missing-get',
    ];
    const fixed = await cli(['fix', '.', '--only', only.join(',')], folder);
    assert.equal(fixed.stderr, '');
    const { stdout } = await cli(['check', '.', '--format', 'json'], folder);
    const remaining = (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics.map((d) => `${d.file} ${d.severity} ${d.code}`);
    assert.deepEqual(
      remaining.filter((r) => only.some((code) => r.endsWith(` ${code}`))),
      [],
      'every fixed code is gone',
    );
    assert.ok(remaining.includes('app/api/cron/tunable/route.ts info max-duration-not-static'));
    assert.ok(remaining.includes('app/api/cron/sync-crm/route.ts warning middleware-redirects-cron'));
    assert.equal(fixed.code, remaining.some((r) => / error /.test(r)) ? 1 : 0);
    assert.deepEqual(diagnosticsOf(sourceFiles(folder)), []);
    const report = fs.readFileSync(path.join(folder, 'app/api/cron/static-report/route.ts'), 'utf8');
    assert.match(report, /export async function GET\(request: Request\) \{\n {2}\/\/ Fail closed/);
    assert.match(fs.readFileSync(path.join(folder, 'app/api/cron/backfill/route.ts'), 'utf8'), /export const maxDuration = 800;/);
    assert.doesNotMatch(fs.readFileSync(path.join(folder, 'app/api/cron/edge-warmup/route.ts'), 'utf8'), /maxDuration/);
    assert.doesNotMatch(fs.readFileSync(path.join(folder, 'app/api/cron/cached-feed/route.ts'), 'utf8'), /revalidate/);
    assert.match(fs.readFileSync(path.join(folder, 'app/api/cron/send-digest/route.ts'), 'utf8'), /\nexport const GET = POST;\n$/);
  });
});
