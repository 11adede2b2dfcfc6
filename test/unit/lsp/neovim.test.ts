/**
 * One headless run of Debian's Neovim against the server (issue #17): nvim 0.7 starts it with
 * vim.lsp.start_client (test/unit/lsp/nvim/headless.lua), opens a fixture route and vercel.json,
 * and writes the diagnostic and the hover it got. Without nvim the test is skipped with why, except
 * in CI (CI=true), where .ci/run installs it and its absence is a failure.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/repo';
import { bounded, CLI } from './lspClient';

const ROUTE = 'app/api/cron/static-report/route.ts';
const SCRIPT = path.join(repoRoot(), 'test', 'unit', 'lsp', 'nvim', 'headless.lua');

interface NvimResult {
  diagnostics: { code: string; message: string; lnum: number; col: number; severity: number; source: string }[];
  hover: string | null;
  errors: string[];
  polls: number;
}

function nvimVersion(): string | undefined {
  const run = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.split('\n', 1)[0] : undefined;
}

describe('headless Neovim (vim.lsp.start_client)', () => {
  it('shows the missing-auth diagnostic on a cron route and a hover on a schedule', async (t) => {
    const version = nvimVersion();
    if (!version) {
      const why = 'nvim is not installed (apt-get install neovim; .ci/run installs it)';
      if (process.env.CI === 'true') assert.fail(`${why}: CI must run the Neovim test`);
      t.skip(why);
      return;
    }
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-nvim-'));
    t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
    fs.cpSync(path.join(repoRoot(), 'test', 'fixtures', 'routes-broken'), folder, { recursive: true });
    const out = path.join(folder, 'nvim-result.json');
    const child = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NCR_NVIM_OUT: out, NCR_NVIM_ROOT: folder, NCR_NODE: process.execPath, NCR_CLI: CLI, NCR_NVIM_ROUTE: ROUTE, XDG_STATE_HOME: folder, XDG_CACHE_HOME: folder },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await bounded(exited, `${version} to finish`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    assert.ok(fs.existsSync(out), `nvim wrote no result: ${output.slice(0, 2000)}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResult;
    assert.deepEqual(result.errors, [], `${version}: ${output.slice(0, 2000)}`);
    const missingAuth = result.diagnostics.find((d) => d.code === 'missing-auth');
    assert.ok(missingAuth, `no missing-auth among ${JSON.stringify(result.diagnostics.map((d) => d.code))}`);
    assert.equal(missingAuth.source, 'next-cron-routes');
    assert.equal(missingAuth.severity, 1);
    assert.equal(missingAuth.lnum, 4);
    assert.match(String(result.hover), /Monday/);
    assert.match(String(result.hover), /UTC/);
  });
});
