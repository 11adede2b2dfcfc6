/**
 * `check` in a monorepo whose cron auth lives in a workspace package (#15, shape 5): the CLI
 * finds the workspace root (the nearest folder from the app up to the folder checked whose
 * package.json declares `workspaces` or that holds pnpm-workspace.yaml) and hands the core the
 * workspace's files, with no node_modules installed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FileOverlay, readLimit, walkFiles } from '../../../src/cli/workspace';
import { workspaceAround } from '../../../src/core/service/listing';
import { runSync, tempFolders } from '../support/cliRun';

const make = tempFolders('ncr-workspace-');

const ROUTE = `import { isScheduledRun } from '@acme/auth/jobs';

export async function GET(request: Request) {
  if (!isScheduledRun(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`;
const CHECK = `export function isScheduledRun(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return false;
  return request.headers.get('authorization') === \`Bearer \${secret}\`;
}
`;

const FAIL_OPEN = "export function isScheduledRun(request: Request): boolean {\n  return request.headers.get('authorization') === `Bearer ${process.env.CRON_SECRET}`;\n}\n";

/** A monorepo: apps/web (one cron route importing @acme/auth/jobs) and packages/auth, then `extra`. */
function monorepo(extra: Record<string, string>): Record<string, string> {
  return {
    'apps/web/package.json': JSON.stringify({ name: '@acme/web', dependencies: { next: '16.0.0' } }),
    'apps/web/vercel.json': JSON.stringify({ crons: [{ path: '/api/cron/job', schedule: '0 5 * * *' }] }),
    'apps/web/app/api/cron/job/route.ts': ROUTE,
    'packages/auth/package.json': JSON.stringify({ name: '@acme/auth', exports: { './*': { types: './dist/*.d.ts', default: './dist/*.js' } } }),
    'packages/auth/src/jobs.ts': CHECK,
    ...extra,
  };
}

/** The error-level codes `check --format json` reports, by file. */
function errors(folder: string, cwd = folder): Record<string, string[]> {
  const { code, stdout, stderr } = runSync(['check', folder, '--format', 'json', '--plan', 'pro'], cwd);
  assert.ok(code === 0 || code === 1, stderr);
  const byFile: Record<string, string[]> = {};
  for (const d of (JSON.parse(stdout) as { diagnostics: { file: string; code: string; severity: string }[] }).diagnostics) {
    if (d.severity === 'error') (byFile[d.file] ??= []).push(d.code);
  }
  return byFile;
}

describe('check: workspace packages', () => {
  const declarations: [name: string, files: Record<string, string>][] = [
    ['npm/yarn/bun workspaces (array)', { 'package.json': JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'] }) }],
    ['yarn workspaces ({ packages })', { 'package.json': JSON.stringify({ private: true, workspaces: { packages: ['apps/*', 'packages/*'] } }) }],
    ['pnpm-workspace.yaml', { 'package.json': JSON.stringify({ private: true }), 'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - 'packages/*'\n" }],
    ['pnpm-workspace.yaml with no root package.json', { 'pnpm-workspace.yaml': 'packages: [apps/*, packages/*]\n' }],
  ];
  for (const [name, files] of declarations) {
    it(`${name}: the check in packages/auth/src/jobs.ts is seen, no missing-auth`, () => {
      assert.deepEqual(errors(make(monorepo(files))), {});
    });
  }

  // Unfollowed, the package's call in the refusing guard is a check the analysis cannot read: it
  // says nothing (#15: unknown calls in a guard's condition may be checks). So the package's
  // fail-open helper shows whether it was followed: auth-fails-open only when it was.
  it('no workspace declared: the package is not followed (its fail-open helper goes unseen, nothing is claimed)', () => {
    const folder = make(monorepo({ 'package.json': JSON.stringify({ private: true }), 'packages/auth/src/jobs.ts': FAIL_OPEN }));
    assert.deepEqual(errors(folder), {});
  });

  it('the workspace root is looked for up to the folder checked, not above it', () => {
    const folder = make(monorepo({ 'package.json': JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'] }), 'packages/auth/src/jobs.ts': FAIL_OPEN }));
    assert.deepEqual(errors(path.join(folder, 'apps', 'web')), {});
    assert.deepEqual(errors(folder), { 'apps/web/app/api/cron/job/route.ts': ['auth-fails-open'] });
  });

  it('a fail-open helper in the package is auth-fails-open on the route', () => {
    const folder = make(
      monorepo({
        'package.json': JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'] }),
        'packages/auth/src/jobs.ts': FAIL_OPEN,
      }),
    );
    assert.deepEqual(errors(folder), { 'apps/web/app/api/cron/job/route.ts': ['auth-fails-open'] });
  });

  it('a package file that cannot be read is listed as not analysed, and its call stays unknown (no missing-auth)', () => {
    const folder = make(monorepo({ 'package.json': JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'] }) }));
    fs.rmSync(path.join(folder, 'packages/auth/src/jobs.ts'));
    fs.symlinkSync(path.join(folder, 'nowhere.ts'), path.join(folder, 'packages/auth/src/jobs.ts'));
    assert.deepEqual(errors(folder), {});
    const { stdout } = runSync(['check', '.', '--plan', 'pro', '--verbose'], folder);
    assert.match(stdout, /^packages\/auth\/src\/jobs\.ts: not analysed: it is a symbolic link to nothing/m);
  });

  it('findWorkspace: the nearest declaring folder, its files outside the app, and only the package.json files on the way read', () => {
    const folder = make({
      ...monorepo({ 'package.json': JSON.stringify({ workspaces: ['apps/*', 'packages/*'] }) }),
      'apps/package.json': '{ "name": "not-a-workspace" }',
    });
    const files = walkFiles(folder);
    const overlay = new FileOverlay();
    const listed = new Set(files);
    const found = workspaceAround('apps/web', files, (f) => listed.has(f), (f) => overlay.read(path.join(folder, f)));
    assert.equal(found?.appDir, 'apps/web');
    assert.deepEqual([...found!.files].sort(), ['apps/package.json', 'package.json', 'packages/auth/package.json', 'packages/auth/src/jobs.ts']);
    assert.equal(workspaceAround('', files, (f) => listed.has(f), (f) => overlay.read(path.join(folder, f)))?.appDir, '');
    assert.equal(workspaceAround('', walkFiles(path.join(folder, 'apps', 'web')), () => false, (f) => overlay.read(path.join(folder, 'apps', 'web', f))), undefined);
  });

  it('pnpm-workspace.yaml is read as a configuration file (at most 1 MiB)', () => {
    assert.equal(readLimit('/repo/pnpm-workspace.yaml'), 1024 * 1024);
  });

  it('configuration files are told by name (and .vscode/settings.json by its folder); sources get the larger limit', () => {
    const CONFIG = 1024 * 1024;
    const SOURCE = 4 * 1024 * 1024;
    const cases: [file: string, limit: number][] = [
      ['/repo/vercel.json', CONFIG],
      ['vercel.ts', CONFIG],
      ['C:\\repo\\apps\\web\\vercel.toml', CONFIG],
      ['/repo/apps/web/package.json', CONFIG],
      ['/repo/tsconfig.json', CONFIG],
      ['/repo/tsconfig.build.json', CONFIG],
      ['/repo/jsconfig.json', CONFIG],
      ['/repo/.env', CONFIG],
      ['/repo/.env.production.local', CONFIG],
      ['/repo/.vscode/settings.json', CONFIG],
      ['.vscode\\settings.json', CONFIG],
      ['/repo/config/settings.json', SOURCE],
      ['/repo/app/api/cron/route.ts', SOURCE],
      ['/repo/lib/vercel/helper.ts', SOURCE],
      ['/repo/my-package.json', SOURCE],
      ['/repo/tsconfig.ts', SOURCE],
      ['/repo/.environment.ts', SOURCE],
      ['/repo/next.config.mjs', SOURCE],
    ];
    for (const [file, limit] of cases) assert.equal(readLimit(file), limit, file);
  });
});
