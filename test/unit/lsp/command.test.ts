import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { runSync } from '../support/cliRun';
import { CLI } from './lspClient';

describe('next-cron-routes lsp', () => {
  it('needs exactly one transport and no arguments: a usage error otherwise, before anything starts', () => {
    for (const args of [['lsp'], ['lsp', '--stdio', '--node-ipc'], ['lsp', '--stdio', 'folder'], ['lsp', '--socket=9000']]) {
      const run = runSync(args, process.cwd());
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^next-cron-routes: /);
    }
  });

  it('is in the usage text', () => {
    assert.match(runSync(['--help'], process.cwd()).stdout, /^ {2}lsp --stdio {2,}Run the language server/m);
  });

  it('dist/lsp.js started without a transport says so and exits 2', () => {
    const run = spawnSync(process.execPath, [CLI.replace(/cli\.js$/, 'lsp.js')], { encoding: 'utf8', input: '' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--stdio/);
  });
});
