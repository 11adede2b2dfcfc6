import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { ServerClient } from './languageClient';

export type { ServerClient } from './languageClient';

type ClientModule = typeof import('./languageClient');

/**
 * The language client's module: dist/languageClient.js beside the running bundle, or the
 * compiled sources when running unbundled. The name is computed so that esbuild leaves the
 * client (vscode-languageclient, vscode-jsonrpc) out of dist/extension.js.
 */
function loadClient(): ClientModule {
  const bundled = path.join(__dirname, 'languageClient.js');
  const moduleName = fs.existsSync(bundled) && path.basename(__dirname) === 'dist' ? bundled : path.join(__dirname, 'languageClient');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(moduleName) as ClientModule;
}

/**
 * Starts the language server's client once `activate()` has returned (a macrotask later), so
 * activation itself only schedules it; resolves when the server has answered `initialize`.
 */
export function startServerClient(context: vscode.ExtensionContext): Promise<ServerClient> {
  return new Promise<void>((resolve) => setImmediate(resolve)).then(() => loadClient().startLanguageClient(context));
}
