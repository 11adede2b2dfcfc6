/** `fix --only no-monitoring|no-idempotency-guard [--store …]` and the hints in `check`, on real folders. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../../src/cli/main';

const NOW = new Date('2026-11-28T01:48:00Z');
const TEMP: string[] = [];
after(() => {
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

const ROUTE = 'app/api/cron/cleanup-sessions/route.ts';

function project(dependencies: Record<string, string> = {}): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-wrappers-'));
  TEMP.push(folder);
  const files: Record<string, string> = {
    'vercel.json': JSON.stringify({ crons: [{ path: '/api/cron/cleanup-sessions', schedule: '0 3 * * *' }] }, null, 2),
    'package.json': JSON.stringify({ name: 'app', dependencies: { next: '16.0.0', ...dependencies } }, null, 2),
    'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }, null, 2),
    [ROUTE]: `export async function GET(request: Request) {\n  const secret = process.env.CRON_SECRET;\n  if (!secret || request.headers.get('authorization') !== \`Bearer \${secret}\`) return new Response('Unauthorized', { status: 401 });\n  return Response.json({ ok: true });\n}\n`,
  };
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), content);
  }
  return folder;
}

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: os.tmpdir(), now: () => NOW }) as number;
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('the wrapper hints in check', () => {
  it('are listed as hints, fixable, and do not change the exit code', () => {
    const folder = project();
    const { code, stdout } = run(['check', folder, '--format', 'json']);
    const hints = (JSON.parse(stdout) as { diagnostics: { file: string; severity: string; code: string; fixable: boolean }[] }).diagnostics.filter((d) => d.code.startsWith('no-'));
    assert.deepEqual(hints.map((d) => [d.file, d.severity, d.code, d.fixable]), [
      [ROUTE, 'hint', 'no-idempotency-guard', true],
      [ROUTE, 'hint', 'no-monitoring', true],
    ]);
    assert.equal(code, 0);
  });
});

describe('fix --only no-monitoring / no-idempotency-guard', () => {
  it('without --only nothing is wrapped: the actions change behaviour and create files', () => {
    const folder = project();
    run(['fix', folder]);
    // The default set does harden the route's !== on the secret (auth-not-timing-safe), but wraps nothing.
    assert.doesNotMatch(fs.readFileSync(path.join(folder, ROUTE), 'utf8'), /withCron/);
    assert.equal(fs.existsSync(path.join(folder, 'lib')), false);
  });

  it('wraps, creates both helpers at the project root, and a second run has nothing to do', () => {
    const folder = project({ ioredis: '^5.4.0' });
    const first = run(['fix', folder, '--only', 'no-monitoring,no-idempotency-guard']);
    assert.equal(first.code, 0, first.stderr);
    // Text output names files from the current directory (os.tmpdir() here), as check does.
    const shown = path.relative(os.tmpdir(), folder).split(path.sep).join('/');
    assert.deepEqual(first.stdout.split('\n').sort(), [
      `created ${shown}/lib/cron-monitoring.ts (no-monitoring)`,
      `created ${shown}/lib/cron-run-guard.ts (no-idempotency-guard)`,
      `fixed ${shown}/${ROUTE} (no-idempotency-guard, no-monitoring)`,
    ]);
    const route = fs.readFileSync(path.join(folder, ROUTE), 'utf8');
    assert.match(route, /^import \{ withCronRunGuard \} from '@\/lib\/cron-run-guard';$/m);
    assert.match(route, /^import \{ withCronMonitoring \} from '@\/lib\/cron-monitoring';$/m);
    assert.match(route, /export const GET = withCronMonitoring\('cleanup-sessions', withCronRunGuard\(\{ job: 'cleanup-sessions', schedule: '0 3 \* \* \*', lockSeconds: 86400 \}, async \(request: Request\) => \{/);
    assert.match(fs.readFileSync(path.join(folder, 'lib/cron-run-guard.ts'), 'utf8'), /from 'ioredis'/);
    const second = run(['fix', folder, '--only', 'no-monitoring,no-idempotency-guard']);
    assert.equal(second.stdout, 'nothing to fix');
  });

  const stores: [flag: string, deps: Record<string, string>, expected: RegExp, warning?: RegExp][] = [
    ['sql', { ioredis: '5', pg: '8' }, /from 'pg'/],
    ['redis', { ioredis: '5', pg: '8' }, /from 'ioredis'/],
    ['interface', { ioredis: '5' }, /export interface CronRunStore/],
    ['redis', { pg: '8' }, /from 'pg'/, /no redis client in package\.json/],
  ];
  for (const [flag, deps, expected, warning] of stores) {
    it(`--store ${flag} with ${Object.keys(deps).join(' + ')}`, () => {
      const folder = project(deps);
      const { code, stderr } = run(['fix', folder, '--only', 'no-idempotency-guard', '--store', flag]);
      assert.equal(code, 0);
      assert.match(fs.readFileSync(path.join(folder, 'lib/cron-run-guard.ts'), 'utf8'), expected);
      if (warning) assert.match(stderr, warning);
      else assert.equal(stderr, '');
    });
  }

  it('--store with an unknown family is a usage error: one line on stderr, exit 2', () => {
    const { code, stdout, stderr } = run(['fix', project(), '--only', 'no-idempotency-guard', '--store', 'mongo']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /--store must be one of redis, sql, interface/);
  });
});
