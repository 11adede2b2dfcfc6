import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from './explain';
import { parseCommand } from './options';
import { UsageError } from './usage';

type ServerModule = typeof import('../lsp/main');

/**
 * The language server's module: dist/lsp.js next to the running bundle, or the compiled sources
 * when running unbundled (tests). The name is computed so that esbuild leaves the server (and
 * vscode-languageserver) out of dist/cli.js: `check` never pays for loading it.
 */
function loadServer(): ServerModule {
  const bundled = path.join(__dirname, 'lsp.js');
  const moduleName = fs.existsSync(bundled) && path.basename(__dirname) === 'dist' ? bundled : path.join(__dirname, '..', 'lsp', 'main');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(moduleName) as ServerModule;
}

/**
 * `lsp --stdio`: the language server on stdin/stdout until the client sends `exit`, which ends
 * the process (so the promise never settles). Nothing else may write to stdout from here on.
 */
export function runLanguageServer(args: string[], _io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { stdio: { type: 'boolean' }, 'node-ipc': { type: 'boolean' }, clientProcessId: { type: 'string' } });
  if (positionals.length) throw new UsageError(`lsp takes no arguments, got ${JSON.stringify(positionals[0])}`);
  if (values.stdio === values['node-ipc']) throw new UsageError('lsp needs exactly one of --stdio and --node-ipc');
  loadServer().startLanguageServer(values.stdio ? 'stdio' : 'node-ipc');
  return new Promise<number>(() => undefined);
}
