/**
 * test/fixtures/shapes-auth (#15), beyond its expected findings (shapes.test.ts): the app is real
 * code, and `fix` (the default set: the auth hardening) leaves code that still type-checks, with no
 * auth-fails-open left where a fix was offered, and a second `fix` that changes nothing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../../../src/cli/main';
import { repoRoot } from '../../support/repo';
import { diagnosticsOf } from './typecheck';

const APP = path.join(repoRoot(), 'test', 'fixtures', 'shapes-auth');
const NOW = new Date('2026-11-28T01:48:00Z');
const TEMP: string[] = [];
after(() => {
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, now: () => NOW });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
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

function failsOpen(stdout: string): string[] {
  const diagnostics = (JSON.parse(stdout) as { diagnostics: { file: string; code: string; fixable: boolean }[] }).diagnostics;
  return diagnostics.filter((d) => d.code === 'auth-fails-open').map((d) => `${d.file}${d.fixable ? ' (fixable)' : ''}`);
}

describe('shapes-auth: real code, and fix settles on it', () => {
  it('the app type-checks against the real next types', () => {
    assert.deepEqual(diagnosticsOf(sourceFiles(APP)), []);
  });

  it('fix makes every fixable auth-fails-open fail closed; the result type-checks; a second fix changes nothing', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-shapes-auth-'));
    TEMP.push(folder);
    fs.cpSync(APP, folder, { recursive: true });
    const before = failsOpen((await cli(['check', '.', '--format', 'json'], folder)).stdout);
    assert.deepEqual(before, [
      'app/api/cron/any-token/route.ts',
      'app/api/cron/env-key-open/route.ts',
      'app/api/cron/flag-off-switch/route.ts',
      'app/api/cron/header-optional/route.ts (fixable)',
      'app/api/cron/helper-module-open/route.ts',
      'app/api/cron/module-scope-header-open/route.ts (fixable)',
      'app/api/cron/result-helper/route.ts',
      'app/api/cron/result-later/route.ts (fixable)',
      'app/api/cron/skip-when-unset/route.ts (fixable)',
      'app/api/cron/status-get/route.ts (fixable)',
      'app/api/cron/task-factory/route.ts',
    ]);
    const fixed = await cli(['fix', '.'], folder);
    assert.equal(fixed.stderr, '');
    // What stays: the checks in helper modules (fixed there, not from the route) and the switch (the app's decision).
    assert.deepEqual(failsOpen((await cli(['check', '.', '--format', 'json'], folder)).stdout), [
      'app/api/cron/any-token/route.ts',
      'app/api/cron/env-key-open/route.ts',
      'app/api/cron/flag-off-switch/route.ts',
      'app/api/cron/helper-module-open/route.ts',
      'app/api/cron/result-helper/route.ts',
      'app/api/cron/task-factory/route.ts',
    ]);
    assert.deepEqual(diagnosticsOf(sourceFiles(folder)), []);
    const moduleScope = fs.readFileSync(path.join(folder, 'app/api/cron/module-scope-header-open/route.ts'), 'utf8');
    assert.match(moduleScope, /if \(!process\.env\.CRON_SECRET\) \{\n {4}return Response\.json\(\{ error: 'Unauthorized' \}, \{ status: 401 \}\);\n {2}\}\n {2}if \(!isSameSecret\(request\.headers\.get\('authorization'\), expected\)\) \{/);
    const snapshot = sourceFiles(folder);
    const again = await cli(['fix', '.'], folder);
    assert.equal(again.stdout, 'nothing to fix');
    assert.deepEqual(sourceFiles(folder), snapshot);
  });
});
