/**
 * The language server's own bundle, dist/lsp.js (issue #17): `next-cron-routes lsp --stdio`
 * requires it on first need, so the CLI's bundle does not carry vscode-languageserver, and an
 * editor can start it directly (`node dist/lsp.js --stdio`, or over IPC with `--node-ipc`).
 */
import { createConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server';

export type Transport = 'stdio' | 'node-ipc';

/** Starts the server on this process's stdin/stdout or its IPC channel; `exit` ends the process. */
export function startLanguageServer(transport: Transport): void {
  const connection = transport === 'node-ipc' ? createConnection(new IPCMessageReader(process), new IPCMessageWriter(process)) : createConnection(process.stdin, process.stdout);
  startServer(connection);
}

/** The transport named on a command line, if any. */
export function transportOf(argv: readonly string[]): Transport | undefined {
  if (argv.includes('--stdio')) return 'stdio';
  if (argv.includes('--node-ipc')) return 'node-ipc';
  return undefined;
}

if (require.main === module) {
  const transport = transportOf(process.argv.slice(2));
  if (!transport) {
    process.stderr.write('next-cron-routes language server: pass --stdio or --node-ipc\n');
    process.exitCode = 2;
  } else {
    startLanguageServer(transport);
  }
}
