// Bundles the extension, its language client, the CLI and the language server. Each entry is its own CommonJS bundle: esbuild only
// splits code for ESM, so heavy parts (TypeScript via ts-morph) get entries of their own and
// are required on first need instead of at activation.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions[]} */
const entries = [
  { entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The extension's language client (vscode-languageclient), required once activate() has returned;
  // it starts dist/lsp.js in a Node process of its own over IPC (`--node-ipc`).
  { entryPoints: ['src/vscode/languageClient.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The language server (`next-cron-routes lsp --stdio` requires it; VS Code's client starts it over
  // IPC; other editors may start it directly): vscode-languageserver stays out of the CLI's and the extension's bundles.
  { entryPoints: ['src/lsp/main.ts'], outfile: 'dist/lsp.js' },
  // TypeScript (ts-morph's copy), required by the two above on first need.
  { entryPoints: ['src/lazy/typescript.ts'], outfile: 'dist/typescript.js' },
];

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's UMD build requires its modules dynamically, which esbuild cannot follow.
  mainFields: ['module', 'main'],
  define: { PACKAGE_VERSION: JSON.stringify(require('./package.json').version) },
};

function copyStaticAssets() {
  fs.mkdirSync('dist', { recursive: true });
  fs.copyFileSync(path.join('src', 'vscode', 'vercel.schema.json'), path.join('dist', 'vercel.schema.json'));
}

async function main() {
  copyStaticAssets();
  if (watch) {
    const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching');
    return;
  }
  for (const entry of entries) {
    const result = await esbuild.build({ ...common, ...entry });
    // The metafile lets a test prove that heavy modules stay out of the activation bundle.
    fs.writeFileSync(`${entry.outfile}.meta.json`, JSON.stringify(result.metafile));
  }
  if (entries.some((e) => e.outfile === 'dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
