import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/repo';

const root = repoRoot();
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  icon: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  assert.equal(result.error, undefined, `${command} ${args.join(' ')}: ${result.error?.message}`);
  assert.equal(result.status, 0, `${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** The npm running the tests when there is one (under `npm test`), else the one on PATH. */
function npm(args: string[]): string {
  const cli = process.env.npm_execpath;
  return cli && /\.c?js$/.test(cli) ? run(process.execPath, [cli, ...args]) : run('npm', args);
}

/** Local images the README shows: Markdown `![alt](path)` and HTML `<img src="path">`. */
function readmeImages(): string[] {
  const text = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const links = [
    ...text.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g),
    ...text.matchAll(/<img\s[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi),
  ].map((m) => m[1]!);
  return [
    ...new Set(links.filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link)).map((link) => path.posix.normalize(link.replace(/^\.\//, '')))),
  ];
}

describe('what the packages ship', () => {
  it('the .vsix ships every image its README shows, and the icon (vsce ls, offline)', () => {
    const images = readmeImages();
    assert.ok(images.includes('images/hover.png'), `README images found: ${images.join(', ')}`);
    for (const image of images) assert.ok(fs.existsSync(path.join(root, image)), `README shows ${image}, which does not exist`);
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const listed = run(process.execPath, [vsce, 'ls', '--no-dependencies'])
      .split('\n')
      .map((line) => line.trim());
    const missing = [...images, manifest.icon.replace(/^\.\//, '')].filter((file) => !listed.includes(file));
    assert.deepEqual(missing, [], `not in the .vsix (kept by .vscodeignore): ${missing.join(', ')}`);
  });

  it('the npm package (npm pack) holds the CLI and its lazily loaded TypeScript bundle, and no sources, tests or env files', () => {
    const [pack] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'])) as { files: { path: string }[] }[];
    const files = pack!.files.map((f) => f.path);
    for (const bin of Object.values(manifest.bin)) assert.ok(files.includes(path.posix.normalize(bin)), `${bin} (bin) is not packed`);
    assert.ok(files.includes('dist/typescript.js'), 'dist/typescript.js (required by the CLI on first need) is not packed');
    assert.ok(files.includes('dist/lsp.js'), 'dist/lsp.js (required by `lsp --stdio`) is not packed');
    const unwanted = files.filter(
      (f) => /^(src|test|out|examples|scripts|\.cache|\.ci)\//.test(f) || /(^|\/)\.env/.test(f) || /\.(map|vsix)$|\.meta\.json$/.test(f),
    );
    assert.deepEqual(unwanted, []);
  });

  it('npm pack and npm run package install dependencies and build first, and the CLI bundle is an executable node script', () => {
    assert.match(manifest.scripts.prepack ?? '', /esbuild\.js --production/);
    // Both package commands work from a fresh clone, like npm start and npm test.
    for (const script of ['prepack', 'package'])
      assert.match(manifest.scripts[script] ?? '', /^node scripts\/ensureDependencies\.mjs && /, script);
    const cli = path.join(root, 'dist', 'cli.js');
    assert.equal(fs.readFileSync(cli, 'utf8').split('\n', 1)[0], '#!/usr/bin/env node');
    assert.ok((fs.statSync(cli).mode & 0o111) !== 0, 'dist/cli.js is not executable');
  });
});
