/**
 * The extension as a client of the project's language server (issue #17), as vscode-eslint and
 * Vue do: dist/lsp.js runs in its own Node process over IPC and answers hovers, diagnostics,
 * completion, CodeLens and code actions; the extension host parses nothing.
 *
 * This module is a bundle of its own, dist/languageClient.js, which the extension requires once
 * activation has returned: vscode-languageclient (and its vscode-jsonrpc) never weigh on
 * `activate()`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type Diagnostic, LanguageClient, type LanguageClientOptions, type ServerOptions, type StaticFeature, TransportKind, type WorkspaceEdit } from 'vscode-languageclient/node';
import {
  ANALYSED_METHOD,
  CRON_ROUTE_METHOD,
  type CronRouteResult,
  type InitializationOptions,
  CODE_JOBS_METHOD,
  type CodeJobEntry,
  type CodeJobsResult,
  JOBS_METHOD,
  type JobsResult,
  SET_CLOCK_METHOD,
  SET_TRUST_METHOD,
} from './protocol';

/** What the rest of the extension asks of the server (see src/lsp/protocol.ts for the requests). */
export interface ServerClient extends vscode.Disposable {
  /** Pins "now" in the server (tests); undefined restores the real clock. */
  setClock(instant: string | undefined): Promise<void>;
  /** Resolves once the diagnostics shown for the document reflect its current text. */
  whenAnalysed(uri: vscode.Uri): Promise<void>;
  jobs(vercelJsonFiles: readonly vscode.Uri[]): Promise<JobsResult['jobs']>;
  cronRoute(vercelJson: vscode.Uri, cronPath: string): Promise<CronRouteResult>;
  /** The jobs of the workspace's code and workflows, as Trigger Cron Route lists them. */
  codeJobs(): Promise<CodeJobEntry[]>;
  asWorkspaceEdit(edit: unknown): Promise<vscode.WorkspaceEdit>;
}

/**
 * The documents the server is told about: every vercel.json and vercel.toml (by pattern: VS Code has
 * no TOML language of its own), script files on disk (vercel.ts among them), workflow files and
 * netlify.toml (whose schedules are jobs), env files
 * (read only when trusted), and the manifests that decide imports, whose unsaved edits re-check
 * the routes that import through them. Settings files are not: VS Code's settings are what it
 * answers to `workspace/configuration`, saved.
 */
const DOCUMENTS: LanguageClientOptions['documentSelector'] = [
  ...['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ scheme: 'file', language })),
  ...['vercel.json', 'vercel.toml', '.env*', 'package.json', 'pnpm-workspace.yaml', '{tsconfig,jsconfig}*.json'].map((name) => ({ scheme: 'file', pattern: `**/${name}` })),
  // Schedulers declared in files (schedulers/registry.ts): GitHub Actions workflows and netlify.toml.
  ...['.github/workflows/*.{yml,yaml}', 'netlify.toml'].map((name) => ({ scheme: 'file', pattern: `**/${name}` })),
];

/**
 * VS Code gets pushed diagnostics: the client's pull feature asks only for the documents it
 * chooses, at its own pace, and `whenAnalysed` could not tell when its collection is current.
 * Registered after the built-in features, so it has the last word on the capabilities.
 */
const pushDiagnostics: StaticFeature = {
  fillClientCapabilities: (capabilities) => {
    delete capabilities.textDocument?.diagnostic;
  },
  initialize: () => undefined,
  getState: () => ({ kind: 'static' }),
  clear: () => undefined,
};

/** Starts the client (and so the server); resolves once the server has answered `initialize`. */
export async function startLanguageClient(context: vscode.ExtensionContext): Promise<ServerClient> {
  const module = path.join(__dirname, 'lsp.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted, editor: 'vscode' };
  const client = new LanguageClient('nextCronRoutes', 'Next Cron Routes', serverOptions, {
    documentSelector: DOCUMENTS,
    initializationOptions,
    diagnosticCollectionName: 'next-cron-routes',
    // The core's hovers use theme icons ($(warning)); their links are plain web and file links.
    markdown: { isTrusted: false, supportThemeIcons: true },
  });
  client.registerFeature(pushDiagnostics);
  context.subscriptions.push(
    client,
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(SET_TRUST_METHOD, { trusted: true })),
  );
  await client.start();
  return {
    setClock: (instant) => client.sendNotification(SET_CLOCK_METHOD, { instant: instant ?? null }),
    whenAnalysed: async (uri) => {
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) await vscode.workspace.openTextDocument(uri);
      const diagnostics = await client.sendRequest<Diagnostic[] | null>(ANALYSED_METHOD, { uri: uri.toString() });
      // The same list the server publishes for this text: set now, it is what the collection shows.
      if (diagnostics) client.diagnostics?.set(uri, await client.protocol2CodeConverter.asDiagnostics(diagnostics));
    },
    jobs: async (files) => (await client.sendRequest<JobsResult>(JOBS_METHOD, { uris: files.map((uri) => uri.toString()) })).jobs,
    codeJobs: async () => (await client.sendRequest<CodeJobsResult>(CODE_JOBS_METHOD, {})).entries,
    cronRoute: (vercelJson, cronPath) => client.sendRequest<CronRouteResult>(CRON_ROUTE_METHOD, { uri: vercelJson.toString(), path: cronPath }),
    asWorkspaceEdit: (edit) => client.protocol2CodeConverter.asWorkspaceEdit(edit as WorkspaceEdit),
    dispose: () => void client.dispose(),
  };
}
