import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './support/repo';

interface Metafile {
  inputs: Record<string, unknown>;
}

function inputsOf(bundle: string): string[] {
  const meta = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'dist', `${bundle}.meta.json`), 'utf8')) as Metafile;
  return Object.keys(meta.inputs);
}

describe('bundles (esbuild metafiles)', () => {
  it('dist/extension.js contains neither TypeScript nor ts-morph: activation must stay light', () => {
    const heavy = inputsOf('extension.js').filter((input) => /node_modules\/(typescript|ts-morph|@ts-morph)\//.test(input));
    assert.deepEqual(heavy, []);
  });

  it('dist/extension.js leaves vscode external and bundles the cron engine', () => {
    const inputs = inputsOf('extension.js');
    assert.ok(!inputs.some((i) => i.includes('node_modules/vscode/')));
    assert.ok(inputs.includes('src/core/cron/engine.ts'));
  });

  it('the language server is a bundle of its own: vscode-languageserver stays out of the CLI and the extension', () => {
    for (const bundle of ['extension.js', 'cli.js']) {
      const server = inputsOf(bundle).filter((i) => /node_modules\/vscode-(languageserver|jsonrpc)|^src\/lsp\//.test(i));
      assert.deepEqual(server, [], `${bundle} bundles the language server`);
    }
    const inputs = inputsOf('lsp.js');
    assert.ok(inputs.includes('src/lsp/server.ts'));
    assert.ok(!inputs.some((i) => /node_modules\/(typescript|ts-morph|@ts-morph)\//.test(i)), 'dist/lsp.js bundles TypeScript: it must require dist/typescript.js on first need');
  });

  it('no bundle carries a second TypeScript: only the copy ts-morph ships may appear', () => {
    for (const bundle of ['extension.js', 'cli.js', 'lsp.js']) {
      const own = inputsOf(bundle).filter((i) => i.startsWith('node_modules/typescript/'));
      assert.deepEqual(own, [], `${bundle} bundles node_modules/typescript`);
    }
  });
});
