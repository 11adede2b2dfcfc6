/**
 * A generic LSP client for the tests: it starts `node dist/cli.js lsp --stdio` as an editor
 * would, speaks JSON-RPC over its stdin/stdout, answers the requests a server may send
 * (configuration, capability registration, refresh) and keeps what the server publishes.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type ClientCapabilities,
  ConfigurationRequest,
  createMessageConnection,
  type Diagnostic,
  DiagnosticRefreshRequest,
  type MessageConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { repoRoot } from '../support/repo';

export const CLI = path.join(repoRoot(), 'dist', 'cli.js');

/** Only to report a hang as a failure with a message: no result depends on it. */
export const HANG_MS = 30_000;

/** What a client like Neovim or Helix declares: push diagnostics, literal code actions, document changes. */
export const PUSH_CLIENT: ClientCapabilities = {
  textDocument: {
    synchronization: { didSave: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: false } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, dataSupport: true },
    codeLens: {},
  },
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
    workspaceFolders: true,
  },
};

/** The same client asking for diagnostics itself (`textDocument/diagnostic`), as VS Code does. */
export const PULL_CLIENT: ClientCapabilities = {
  ...PUSH_CLIENT,
  textDocument: { ...PUSH_CLIENT.textDocument, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
  workspace: { ...PUSH_CLIENT.workspace, diagnostics: { refreshSupport: true } },
};

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/** Rejects after HANG_MS with `what`, so a hang fails the test with a name instead of stalling it. */
export function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms: ${what}`)), HANG_MS);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

export class TestClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcessWithoutNullStreams;
  /** Every publishDiagnostics, in order of arrival. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** The server's log messages and stderr. */
  readonly logs: string[] = [];
  registrations: string[] = [];
  refreshes = 0;
  private readonly waiters: { test: (params: PublishDiagnosticsParams) => boolean; resolve: (params: PublishDiagnosticsParams) => void }[] = [];
  readonly exited: Promise<number | null>;
  private readonly refreshWaiters: (() => void)[] = [];

  constructor(
    /** What `workspace/configuration` answers for section nextCronRoutes. */
    public configuration: unknown = null,
    args: string[] = ['lsp', '--stdio'],
    /** Flags for the server's Node process (the bench's --expose-gc). */
    nodeArgs: string[] = [],
  ) {
    this.child = spawn(process.execPath, [...nodeArgs, CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.child.stderr.on('data', (chunk: Buffer) => this.logs.push(chunk.toString('utf8')));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (!waiter.test(params)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.configuration));
    this.connection.onRequest(RegistrationRequest.method, (params: { registrations: { method: string }[] }) => {
      this.registrations.push(...params.registrations.map((r) => r.method));
      return null;
    });
    this.connection.onRequest(DiagnosticRefreshRequest.method, () => {
      this.refreshes++;
      for (const resolve of this.refreshWaiters.splice(0)) resolve();
      return null;
    });
    // A client that ignores the connection's errors: the test asserts on what the server does.
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  /** `initialize` for one folder, several, or none (a single file opened without a root), then `initialized`. */
  async initialize(folder: string | readonly string[] | null, capabilities: ClientCapabilities, initializationOptions?: unknown) {
    const folders = folder === null ? [] : typeof folder === 'string' ? [folder] : folder;
    const result = await bounded(
      this.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: folders.length ? uriOf(folders[0]!) : null,
        workspaceFolders: folders.length ? folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })) : null,
        capabilities,
        initializationOptions,
      }),
      'initialize',
    );
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } };
  }

  /** The latest publishDiagnostics for `uri` (of at least `version`), waiting for one if none arrived yet. */
  diagnosticsFor(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    const test = (p: PublishDiagnosticsParams) => p.uri === uri && (version === undefined || (p.version ?? -1) >= version);
    const already = this.published.filter(test).at(-1);
    if (already) return Promise.resolve(already);
    return bounded(new Promise((resolve) => this.waiters.push({ test, resolve })), `diagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`);
  }

  /**
   * The first publishDiagnostics for `uri` after the first `seen` ones (`published.length` before
   * a change) that `accept`s: a round already under way may still publish what held before the
   * change. At most `limit` publications of `uri` are looked at.
   */
  publishedSince(uri: string, seen: number, accept: (params: PublishDiagnosticsParams) => boolean = () => true, limit = 5): Promise<PublishDiagnosticsParams> {
    let looked = 0;
    let failed: Error | undefined;
    const test = (p: PublishDiagnosticsParams) => {
      if (p.uri !== uri || failed) return false;
      if (accept(p)) return true;
      if (++looked >= limit) failed = new Error(`${limit} publications of ${uri} after a change, none as expected; the last: ${JSON.stringify(p.diagnostics.map((d) => d.code))}`);
      return failed !== undefined;
    };
    const already = this.published.slice(seen).find(test);
    if (already) return failed ? Promise.reject(failed) : Promise.resolve(already);
    return bounded(
      new Promise((resolve, reject) => this.waiters.push({ test, resolve: (p) => (failed ? reject(failed) : resolve(p)) })),
      `diagnostics for ${uri} after a change`,
    );
  }

  /** The next `workspace/diagnostic/refresh` after the first `seen` ones (`refreshes` before a change). */
  refreshedSince(seen: number): Promise<void> {
    if (this.refreshes > seen) return Promise.resolve();
    return bounded(new Promise((resolve) => this.refreshWaiters.push(resolve)), 'workspace/diagnostic/refresh');
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return bounded(this.connection.sendRequest(method, params) as Promise<R>, method);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  async open(file: string, text: string, languageId: string, version = 1): Promise<void> {
    await this.notify('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version, text } });
  }

  /** shutdown, then exit: the process must end, with 0. */
  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    await this.notify('exit', null);
    return bounded(this.exited, 'the server process to exit');
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    this.connection.dispose();
  }
}

/** Applies a WorkspaceEdit's text edits for one URI to a text, as an editor would. */
export function applyEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  const edits: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) if ('textDocument' in change && change.textDocument.uri === uri) edits.push(...(change.edits as TextEdit[]));
  edits.push(...(edit.changes?.[uri] ?? []));
  return TextDocument.applyEdits(TextDocument.create(uri, '', 0, text), edits);
}

/** A diagnostic as the CLI's JSON names it: 1-based lines and columns. */
export function positioned(d: Diagnostic): { line: number; column: number; endLine: number; endColumn: number; code: string; message: string; severity: string } {
  const severities = ['', 'error', 'warning', 'info', 'hint'];
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    code: String(d.code),
    message: typeof d.message === 'string' ? d.message : d.message.value,
    severity: severities[d.severity ?? 0] ?? '',
  };
}
