/**
 * The language server (issue #17): LSP 3.17 over the core's facade (core/service.ts), for VS Code
 * and every other editor. The facade answers per file; this module only adapts: documents in,
 * positions ⇄ offsets, findings out as diagnostics (pushed, or pulled when the client asks),
 * fixes as code actions, file events from the client's watchers.
 *
 * It must outlive any input: every handler runs inside `guarded`, so what one throws is logged and
 * answered with nothing, never a dead server.
 */
import * as path from 'node:path';
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type ClientCapabilities,
  CodeLensRefreshRequest,
  type Command,
  type Connection,
  type Diagnostic,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  MarkupKind,
  NotificationType,
  TextDocumentSyncKind,
  WatchKind,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocument as Documents } from 'vscode-languageserver-textdocument';
import { createCronService, type CronService, type Fix, groupVariants } from '../core/service';
import { DIAGNOSTIC_SOURCE, type EditSupport, portableMarkdown, spanOfDiagnostic, spanOfRange, toCodeLens, toCompletionItems, toDiagnostic, toRange, WorkspaceEditBuilder } from './convert';
import { toolVersion } from '../cli/version';
import { chooseFixAll } from './fixAll';
import {
  ANALYSED_METHOD,
  APPLY_VARIANT_COMMAND,
  CODE_JOBS_METHOD,
  CRON_ROUTE_METHOD,
  type InitializationOptions,
  JOBS_METHOD,
  MEMORY_USAGE_METHOD,
  type MemoryUsageResult,
  SET_CLOCK_METHOD,
  SET_TRUST_METHOD,
  type SetClockParams,
  type SetTrustParams,
  type VariantChoiceArgument,
} from '../vscode/protocol';
import { ProjectDiagnostics } from './projectDiagnostics';
import { codeJobsOf, cronRouteOf, jobsOf, triggerLenses } from './triggerData';
import { sectionOf } from './settings';
import { filePathOf, fileUriOf, LspWorkspace, SKIPPED_SEGMENT } from './workspace';

/** `source.fixAll` for this server alone, as ESLint's `source.fixAll.eslint`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${DIAGNOSTIC_SOURCE}`;

/**
 * Grants (or withdraws) workspace trust after start: VS Code sends it when the user trusts the
 * folder; other editors when their user opts in. `.env*` files and secrets are read only while trusted.
 */
/** How long pushed diagnostics wait for the rest of a burst of document messages (see diagnosticsChanged). */
const PUBLISH_SETTLE_MS = 30;
/** The longest a burst delays them. */
const PUBLISH_MAX_WAIT_MS = 250;

export const SET_TRUST_NOTIFICATION = new NotificationType<SetTrustParams>(SET_TRUST_METHOD);

/** Relative times in CodeLenses ("next in 12 min") go stale: a client that can refresh lenses is asked to, this often. */
const LENS_REFRESH_MS = 60_000;

/**
 * How long a `workspace/configuration` answer is waited for before the folder's other settings
 * apply. Only a client that never answers meets it; no answer depends on the machine's speed.
 */
const CONFIGURATION_WAIT_MS = 5000;

/**
 * The files whose change can change a finding (issue #17's list): vercel.json, next.config,
 * middleware/proxy, route and function files, env files, the manifests and tsconfig that decide
 * imports, the settings file, and the files that declare schedules (workflows, netlify.toml).
 * JavaScript and TypeScript sources are watched whole: a helper a route imports changes its
 * findings as much as the route itself.
 */
export const WATCHED_GLOBS = [
  '**/vercel.{json,toml}',
  '**/next.config.{js,mjs,cjs,ts,mts,cts}',
  '**/{middleware,proxy}.{js,mjs,cjs,ts,mts,cts}',
  '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}',
  '**/.env*',
  '**/package.json',
  '**/pnpm-workspace.yaml',
  '**/{tsconfig,jsconfig}*.json',
  '**/.vscode/settings.json',
  '**/.github/workflows/*.{yml,yaml}',
  '**/netlify.toml',
];

const SETTINGS_FILE = /(^|[\\/])\.vscode[\\/]settings\.json$/;

interface ClientSupport {
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  configuration: boolean;
  configurationRegistration: boolean;
  watchedFilesRegistration: boolean;
  relatedInformation: boolean;
  codeActionLiterals: boolean;
  codeLensRefresh: boolean;
  edits: EditSupport;
}

function clientSupport(capabilities: ClientCapabilities | undefined): ClientSupport {
  const text = capabilities?.textDocument;
  const workspace = capabilities?.workspace;
  return {
    pullDiagnostics: text?.diagnostic !== undefined && text.diagnostic !== null,
    diagnosticRefresh: workspace?.diagnostics?.refreshSupport === true,
    configuration: workspace?.configuration === true,
    configurationRegistration: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchedFilesRegistration: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    relatedInformation: text?.publishDiagnostics?.relatedInformation === true,
    codeActionLiterals: text?.codeAction?.codeActionLiteralSupport !== undefined,
    codeLensRefresh: workspace?.codeLens?.refreshSupport === true,
    edits: {
      documentChanges: workspace?.workspaceEdit?.documentChanges === true,
      createFiles: Array.isArray(workspace?.workspaceEdit?.resourceOperations) && workspace.workspaceEdit.resourceOperations.includes('create'),
    },
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** A `textDocument` parameter's URI, whatever the params hold. */
function documentUri(params: unknown): string | undefined {
  const uri = record(record(params).textDocument).uri;
  return typeof uri === 'string' ? uri : undefined;
}

function folderPaths(params: InitializeParams): string[] {
  const folders = Array.isArray(params.workspaceFolders) ? params.workspaceFolders.map((folder) => filePathOf(record(folder).uri)) : [];
  const root = filePathOf(params.rootUri) ?? (typeof params.rootPath === 'string' && params.rootPath ? path.resolve(params.rootPath) : undefined);
  return [...folders, ...(folders.length ? [] : [root])].filter((folder): folder is string => folder !== undefined);
}

export class CronLanguageServer {
  private readonly workspace: LspWorkspace;
  private service: CronService;
  private support: ClientSupport = clientSupport(undefined);
  /** The client is this project's VS Code extension (`initializationOptions.editor`): see protocol.ts. */
  private vscode = false;
  private lensTimer: NodeJS.Timeout | undefined;
  /** VS Code only: the findings of the open documents' projects in files not open (pushed diagnostics). */
  private projectDiagnostics: ProjectDiagnostics | undefined;
  /** Settings a client without `workspace/configuration` pushed in `didChangeConfiguration`. */
  private pushedSettings: Record<string, unknown> | undefined;
  /** `workspace/configuration` requests in flight, by folder, so concurrent requests share one. */
  private readonly configurationAsked = new Map<string, Promise<void>>();
  /** Counts configuration changes, so an answer asked for before one is dropped. */
  private settingsGeneration = 0;
  private publishTimer: NodeJS.Timeout | undefined;
  private publishDeadline: NodeJS.Timeout | undefined;
  private publishing = false;
  private publishAgain = false;
  private shuttingDown = false;

  constructor(private readonly connection: Connection) {
    this.workspace = new LspWorkspace((message) => this.log('warning', message));
    this.service = this.createService();
    this.listen();
  }

  private createService(): CronService {
    return createCronService(this.workspace.host(), (file) => this.workspace.folderOf(file));
  }

  /**
   * Settings, trust or the folders changed: a new service, so every project is opened and every
   * route checked again with what now holds (rare, and the facade's models are cheap to rebuild).
   */
  private resetService(): void {
    this.service = this.createService();
    this.diagnosticsChanged();
  }

  private log(level: 'error' | 'warning' | 'info', message: string): void {
    try {
      if (level === 'error') this.connection.console.error(message);
      else if (level === 'warning') this.connection.console.warn(message);
      else this.connection.console.info(message);
    } catch {
      // The connection is gone (the client exited): nothing left to tell.
    }
  }

  /**
   * Runs a handler so that nothing it throws reaches the connection: the error is logged with
   * the handler's name, and the request is answered with `fallback` (an empty answer).
   */
  private guarded<P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        return await handler(params);
      } catch (error) {
        this.log('error', `next-cron-routes: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      }
    };
  }

  private listen(): void {
    const c = this.connection;
    c.onInitialize(this.guarded('initialize', { capabilities: {} } as InitializeResult, (params: InitializeParams) => this.initialize(params)));
    c.onInitialized(this.guarded('initialized', undefined, () => this.initialized()));
    c.onShutdown(() => {
      // Answered at once: nothing is pending that a shutdown must wait for.
      this.shuttingDown = true;
      this.cancelPublish();
      clearInterval(this.lensTimer);
    });

    c.onDidOpenTextDocument(this.guarded('didOpen', undefined, (params) => this.didOpen(params)));
    c.onDidChangeTextDocument(this.guarded('didChange', undefined, (params) => this.didChange(params)));
    c.onDidCloseTextDocument(this.guarded('didClose', undefined, (params) => this.didClose(params)));
    c.onDidChangeWatchedFiles(this.guarded('didChangeWatchedFiles', undefined, (params) => this.watchedFilesChanged(params)));
    c.onDidChangeConfiguration(this.guarded('didChangeConfiguration', undefined, (params) => this.configurationChanged(params)));
    c.onNotification(SET_TRUST_NOTIFICATION, this.guarded('setTrust', undefined, (params) => this.setTrust(params)));
    c.onNotification(SET_CLOCK_METHOD, this.guarded('setClock', undefined, (params: SetClockParams) => this.setClock(params)));
    c.onRequest(ANALYSED_METHOD, this.guarded('analysed', null, (params) => this.analysed(params)));
    c.onRequest(JOBS_METHOD, this.guarded('jobs', { jobs: [] }, (params) => jobsOf(this.workspace, Array.isArray(record(params).uris) ? (record(params).uris as unknown[]) : [])));
    c.onRequest(CODE_JOBS_METHOD, this.guarded('codeJobs', { entries: [] }, (params) => this.codeJobs(params)));
    c.onRequest(MEMORY_USAGE_METHOD, this.guarded('memoryUsage', null, () => memoryUsage()));
    c.onRequest(CRON_ROUTE_METHOD, this.guarded('cronRoute', { runGuard: false }, (params) => this.cronRoute(params)));

    c.languages.diagnostics.on(this.guarded('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, (params) => this.pullDiagnostics(params)));
    c.onHover(this.guarded('hover', null, (params) => this.hover(params)));
    c.onCompletion(this.guarded('completion', [], (params) => this.completion(params)));
    c.onCodeLens(this.guarded('codeLens', [], (params) => this.codeLenses(params)));
    c.onCodeAction(this.guarded('codeAction', [], (params) => this.codeActions(params)));
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.support = clientSupport(params.capabilities);
    this.workspace.setFolders(folderPaths(params));
    const options = record(params.initializationOptions) as InitializationOptions;
    // Editors other than VS Code start untrusted unless their user opts in.
    this.workspace.trusted = options.trusted === true;
    this.vscode = options.editor === 'vscode';
    if (this.vscode && !this.support.pullDiagnostics) {
      this.projectDiagnostics = new ProjectDiagnostics(this.workspace, (uri, diagnostics) => this.connection.sendDiagnostics({ uri, diagnostics }), this.support.relatedInformation);
    }
    this.service = this.createService();
    const codeActionKinds = [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND, CodeActionKind.RefactorRewrite];
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"', '/'], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: this.support.codeActionLiterals ? { codeActionKinds, resolveProvider: false } : true,
        ...(this.support.pullDiagnostics ? { diagnosticProvider: { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'next-cron-routes', version: toolVersion() },
    };
  }

  private async initialized(): Promise<void> {
    const c = this.connection;
    if (this.support.watchedFilesRegistration) {
      await c.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern, kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete })),
      });
    }
    if (this.support.configuration && this.support.configurationRegistration) await c.client.register(DidChangeConfigurationNotification.type, { section: 'nextCronRoutes' });
    if (this.support.codeLensRefresh) {
      this.lensTimer = setInterval(() => {
        if (this.workspace.openDocuments().some((document) => /(^|\/)vercel\.json$/.test(document.uri))) this.lensesChanged();
      }, LENS_REFRESH_MS);
      this.lensTimer.unref();
    }
    try {
      c.workspace.onDidChangeWorkspaceFolders(this.guarded('didChangeWorkspaceFolders', undefined, (event) => {
        const removed = new Set(event.removed.map((folder) => filePathOf(folder.uri)));
        const kept = this.workspace.workspaceFolders().filter((folder) => !removed.has(folder));
        const added = event.added.map((folder) => filePathOf(folder.uri)).filter((folder): folder is string => folder !== undefined);
        this.workspace.setFolders([...kept, ...added]);
        this.resetService();
      }));
    } catch {
      // The client sends no folder changes (it said so in its capabilities).
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Documents and file events

  private didOpen(params: { textDocument: { uri: string; languageId: string; version: number; text: string } }): void {
    const { uri, languageId, version, text } = params.textDocument;
    if (typeof uri !== 'string' || typeof text !== 'string') return;
    this.workspace.open(uri, Number.isInteger(version) ? version : 0, typeof languageId === 'string' ? languageId : '', text);
    // A document the disk does not hold is a new file: the facade lists it (a new vercel.json makes a project).
    const file = filePathOf(uri);
    this.fileEvent(uri, file !== undefined && !this.workspace.onDisk(file) ? 'created' : 'changed');
    this.diagnosticsChanged(uri);
  }

  private didChange(params: { textDocument: { uri: string; version: number }; contentChanges: unknown[] }): void {
    const uri = documentUri(params);
    const document = uri === undefined ? undefined : this.workspace.document(uri);
    if (!uri || !document || !Array.isArray(params.contentChanges)) return;
    const changes = params.contentChanges.filter(isContentChange);
    const version = Number.isInteger(params.textDocument.version) ? params.textDocument.version : document.version + 1;
    this.workspace.replace(uri, Documents.update(document, changes, version));
    this.fileEvent(uri, 'changed');
    this.diagnosticsChanged(uri);
    // The route files' "▶ Trigger" lenses follow the vercel.json being edited, saved or not.
    if (this.vscode && path.basename(filePathOf(uri) ?? '') === 'vercel.json') this.lensesChanged();
  }

  private didClose(params: unknown): void {
    const uri = documentUri(params);
    if (!uri || !this.workspace.document(uri)) return;
    this.workspace.close(uri);
    // The disk's text rules again; a document never saved is gone.
    const file = filePathOf(uri);
    if (file !== undefined) this.fileEvent(uri, 'missing' in this.workspace.read(file) ? 'deleted' : 'changed');
    if (!this.support.pullDiagnostics) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.diagnosticsChanged();
  }

  private fileEvent(uri: string, kind: 'created' | 'changed' | 'deleted'): void {
    const file = filePathOf(uri);
    if (file === undefined || SKIPPED_SEGMENT.test(file)) return;
    if (SETTINGS_FILE.test(file)) {
      this.workspace.forgetSettingsFiles();
      this.service = this.createService();
      return;
    }
    if (kind === 'created') this.service.fileCreated(file);
    else if (kind === 'deleted') this.service.fileDeleted(file);
    else this.service.fileChanged(file);
  }

  private watchedFilesChanged(params: { changes: unknown[] }): void {
    if (!Array.isArray(params.changes)) return;
    for (const change of params.changes) {
      const { uri, type } = record(change);
      if (typeof uri !== 'string') continue;
      // An open document's text is the editor's, whatever happens on disk: closing it reconciles.
      if (this.workspace.document(uri)) continue;
      this.fileEvent(uri, type === FileChangeType.Created ? 'created' : type === FileChangeType.Deleted ? 'deleted' : 'changed');
    }
    this.diagnosticsChanged();
    if (this.vscode) this.lensesChanged();
  }

  // ---------------------------------------------------------------------------------------------
  // Settings and trust

  private configurationChanged(params: { settings?: unknown }): void {
    this.pushedSettings = sectionOf(record(params).settings, true);
    this.workspace.forgetSettings();
    this.configurationAsked.clear();
    this.settingsGeneration++;
    this.resetService();
  }

  /** The extension's `setClock` (tests pin "now"): hovers and lenses count from the instant given. */
  private setClock(params: SetClockParams): void {
    const instant = record(params).instant;
    const pinned = typeof instant === 'string' ? new Date(instant) : undefined;
    this.workspace.pinnedNow = pinned && !Number.isNaN(pinned.getTime()) ? pinned : undefined;
    this.lensesChanged();
  }

  /** Asks the client to fetch CodeLenses again (their times went stale, or what they rest on changed). */
  private lensesChanged(): void {
    if (this.support.codeLensRefresh && !this.shuttingDown) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  private setTrust(params: { trusted: boolean }): void {
    const trusted = record(params).trusted === true;
    if (trusted === this.workspace.trusted) return;
    this.workspace.trusted = trusted;
    this.resetService();
  }

  /**
   * Makes sure the client's settings for the folder of `file` are known before the facade reads
   * them synchronously: asked once per folder (again after a configuration change).
   */
  private async settingsReady(file: string): Promise<void> {
    await this.folderSettingsReady(this.workspace.folderOf(file) ?? path.dirname(file));
  }

  private async folderSettingsReady(folder: string): Promise<void> {
    if (this.workspace.clientSettings.has(folder)) return;
    if (!this.support.configuration) {
      this.workspace.clientSettings.set(folder, this.pushedSettings);
      return;
    }
    let asked = this.configurationAsked.get(folder);
    if (!asked) {
      asked = this.askConfiguration(folder);
      this.configurationAsked.set(folder, asked);
    }
    await asked;
  }

  private async askConfiguration(folder: string): Promise<void> {
    const generation = this.settingsGeneration;
    let timer: NodeJS.Timeout | undefined;
    const NO_ANSWER_YET = Symbol('no answer yet');
    const timeout = new Promise<typeof NO_ANSWER_YET>((resolve) => {
      timer = setTimeout(() => resolve(NO_ANSWER_YET), CONFIGURATION_WAIT_MS);
      timer.unref();
    });
    let answer: unknown;
    try {
      const request = this.connection.workspace.getConfiguration({ scopeUri: fileUriOf(folder), section: 'nextCronRoutes' });
      answer = await Promise.race([request, timeout]);
      if (answer === NO_ANSWER_YET) {
        answer = undefined;
        // A slow client is not a client without settings: its answer, when it comes, is the
        // folder's settings, and what was checked meanwhile is checked again with them.
        void request.then(
          (late: unknown) => {
            if (generation !== this.settingsGeneration || this.shuttingDown) return;
            this.workspace.clientSettings.set(folder, sectionOf(late, false));
            this.workspace.forgetSettingsFiles();
            this.resetService();
          },
          () => undefined,
        );
      }
    } catch (error) {
      this.log('warning', `next-cron-routes: workspace/configuration failed (${error instanceof Error ? error.message : String(error)}); using .vscode/settings.json and the defaults`);
    } finally {
      clearTimeout(timer);
    }
    // An answer to a question asked before the settings changed again is not today's.
    if (generation === this.settingsGeneration) this.workspace.clientSettings.set(folder, sectionOf(answer, false));
    else await this.folderSettingsReady(folder);
  }

  // ---------------------------------------------------------------------------------------------
  // Diagnostics

  /**
   * Something may have changed findings (of `uri`, or of any file when absent). A client that
   * pulls re-asks on its own for the document it changed, and for the others since the server
   * declares inter-file dependencies; after a change it did not make (the disk, settings, trust)
   * it is asked to refresh. A client that does not pull is sent every open document's
   * diagnostics, once for all the messages that arrived together.
   */
  private diagnosticsChanged(uri?: string): void {
    if (this.shuttingDown) return;
    if (this.support.pullDiagnostics) {
      if (uri === undefined && this.support.diagnosticRefresh) void this.connection.sendRequest(DiagnosticRefreshRequest.type).catch(() => undefined);
      return;
    }
    // One WorkspaceEdit reaches the server as a didOpen or didChange per document, not always in
    // one read: publishing once the messages have paused for PUBLISH_SETTLE_MS shows the edit's
    // outcome, not a route checked against a helper module whose text has not arrived yet. A
    // stream of changes still publishes PUBLISH_MAX_WAIT_MS after its first.
    clearTimeout(this.publishTimer);
    this.publishTimer = setTimeout(() => this.publishNow(), PUBLISH_SETTLE_MS);
    this.publishDeadline ??= setTimeout(() => this.publishNow(), PUBLISH_MAX_WAIT_MS);
  }

  private publishNow(): void {
    this.cancelPublish();
    void this.publishAll();
  }

  private cancelPublish(): void {
    clearTimeout(this.publishTimer);
    clearTimeout(this.publishDeadline);
    this.publishTimer = this.publishDeadline = undefined;
  }

  /**
   * Publishes every open document's diagnostics; a request to publish while a round is under way
   * (it waits for settings and for the stream) runs one more round after it, never two at once.
   */
  private async publishAll(): Promise<void> {
    if (this.publishing) {
      this.publishAgain = true;
      return;
    }
    this.publishing = true;
    try {
      do {
        this.publishAgain = false;
        await this.publishRound();
      } while (this.publishAgain && !this.shuttingDown);
    } finally {
      this.publishing = false;
    }
  }

  private async publishRound(): Promise<void> {
    for (const document of this.workspace.openDocuments()) {
      if (this.shuttingDown) return;
      try {
        const diagnostics = await this.diagnosticsOf(document);
        // The document may have changed or closed while its settings were asked for.
        if (this.workspace.document(document.uri) !== document) continue;
        await this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
      } catch (error) {
        this.log('error', `next-cron-routes: diagnostics of ${document.uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    if (!this.projectDiagnostics || this.shuttingDown) return;
    try {
      await this.projectDiagnostics.publish(this.service);
    } catch (error) {
      this.log('error', `next-cron-routes: project diagnostics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  private async diagnosticsOf(document: TextDocument): Promise<Diagnostic[]> {
    const file = filePathOf(document.uri);
    if (file === undefined) return [];
    await this.settingsReady(file);
    const findings = this.service.diagnostics(file);
    const root = findings.some((finding) => finding.related?.length) ? this.service.projectRoot(file) : undefined;
    const related = root !== undefined && this.support.relatedInformation ? (name: string) => this.workspace.textDocumentAt(path.join(root, name)) : undefined;
    return findings.map((finding) => toDiagnostic(document, finding, related));
  }

  /** `nextCronRoutes/analysed`: an open document's diagnostics as of its text now (protocol.ts). */
  private async analysed(params: unknown): Promise<Diagnostic[] | null> {
    const uri = record(params).uri;
    const document = typeof uri === 'string' ? this.workspace.document(uri) : undefined;
    return document ? await this.diagnosticsOf(document) : null;
  }

  private async pullDiagnostics(params: unknown): Promise<DocumentDiagnosticReport> {
    const uri = documentUri(params);
    const document = uri === undefined ? undefined : this.workspace.document(uri);
    return { kind: DocumentDiagnosticReportKind.Full, items: document ? await this.diagnosticsOf(document) : [] };
  }

  // ---------------------------------------------------------------------------------------------
  // Hover, completion, CodeLens

  /** The open document and its file for a request's params, with the folder's settings known. */
  private async target(params: unknown): Promise<{ document: TextDocument; file: string } | undefined> {
    const uri = documentUri(params);
    const document = uri === undefined ? undefined : this.workspace.document(uri);
    const file = document && filePathOf(document.uri);
    if (!document || file === undefined) return undefined;
    await this.settingsReady(file);
    return { document, file };
  }

  private async offsetTarget(params: unknown): Promise<{ document: TextDocument; file: string; offset: number } | undefined> {
    const target = await this.target(params);
    const position = record(record(params).position);
    if (!target || typeof position.line !== 'number' || typeof position.character !== 'number' || !Number.isFinite(position.line) || !Number.isFinite(position.character)) return undefined;
    return { ...target, offset: target.document.offsetAt({ line: position.line, character: position.character }) };
  }

  private async hover(params: unknown) {
    const target = await this.offsetTarget(params);
    if (!target) return null;
    const hover = this.service.hover(target.file, target.offset, {
      displayTimeZone: this.workspace.displayTimeZone(target.file),
      // VS Code puts the message of every diagnostic under the cursor in the same hover: those
      // problems are not repeated. Other editors do not: say every problem.
      shownAtCursor: this.vscode ? this.shownAtCursor(target.file, target.offset) : [],
      fileLink: (root, name) => fileUriOf(path.join(root, name)),
    });
    if (!hover) return null;
    // VS Code renders its theme icons ($(warning)); other editors would show them as text.
    return { contents: { kind: MarkupKind.Markdown, value: this.vscode ? hover.markdown : portableMarkdown(hover.markdown) }, range: toRange(target.document, hover.span) };
  }

  /** The findings whose diagnostic VS Code shows at the offset (a range holds both its ends there). */
  private shownAtCursor(file: string, offset: number): { code: string; message: string }[] {
    return this.service
      .diagnostics(file)
      .filter((finding) => finding.span.start <= offset && offset <= finding.span.end)
      .map((finding) => ({ code: finding.code, message: finding.message }));
  }

  private async completion(params: unknown) {
    const target = await this.offsetTarget(params);
    return target ? toCompletionItems(target.document, this.service.completion(target.file, target.offset)) : [];
  }

  private async codeLenses(params: unknown) {
    const target = await this.target(params);
    if (!target) return [];
    const lenses = this.service.codeLenses(target.file).map((lens) => toCodeLens(target.document, lens));
    return this.vscode ? [...lenses, ...triggerLenses(this.workspace, this.service, target.document, target.file)] : lenses;
  }

  /** The folders asked (absolute), or every workspace folder; a folder inside another is the outer one's already. */
  private codeJobs(params: unknown) {
    const asked = record(params).folders;
    const all = this.workspace.workspaceFolders();
    const folders = Array.isArray(asked) ? asked.filter((folder): folder is string => typeof folder === 'string' && all.includes(path.normalize(folder))) : all.filter((folder) => !all.some((outer) => outer !== folder && folder.startsWith(outer + path.sep)));
    return codeJobsOf(this.workspace, this.service, folders, this.workspace.pinnedNow ?? new Date());
  }

  private async cronRoute(params: unknown) {
    const { uri, path: cronPath } = record(params);
    const file = filePathOf(uri);
    if (file !== undefined) await this.settingsReady(file);
    return cronRouteOf(this.workspace, this.service, uri, cronPath);
  }

  // ---------------------------------------------------------------------------------------------
  // Code actions

  private async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const target = await this.target(params);
    if (!target) return [];
    const { document, file } = target;
    const root = this.service.projectRoot(file);
    if (root === undefined) return [];
    const context = record(record(params).context);
    const only = Array.isArray(context.only) ? context.only.filter((kind): kind is string => typeof kind === 'string') : undefined;
    const wants = (kind: string) => !only || only.some((asked) => kind === asked || kind.startsWith(`${asked}.`));
    // The findings as of the document's text now: their fixes' offsets count in it.
    const findings = this.service.diagnostics(file);
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const diagnostics = Array.isArray(context.diagnostics) ? context.diagnostics : [];
      for (const diagnostic of diagnostics) {
        const { source, code } = record(diagnostic);
        if (source !== DIAGNOSTIC_SOURCE || typeof code !== 'string') continue;
        const span = spanOfDiagnostic(document, record(diagnostic));
        if (!span) continue;
        for (const entry of groupVariants(this.service.codeActions(file, span, code))) {
          if (Array.isArray(entry) && this.vscode) {
            const action = this.variantAction(entry, file, document, root);
            if (action) actions.push({ ...action, diagnostics: [diagnostic as Diagnostic] });
            continue;
          }
          // An editor without the extension's quick pick gets each variant as an action of its own.
          for (const fix of Array.isArray(entry) ? entry : [entry]) {
            const title = Array.isArray(entry) && fix.variant ? `${fix.title} (${fix.variant.label})` : fix.title;
            const action = this.toAction(title, CodeActionKind.QuickFix, [{ fix, file, document }], root);
            if (!action) continue;
            action.diagnostics = [diagnostic as Diagnostic];
            action.isPreferred = fix.preferred ?? false;
            actions.push(action);
          }
        }
      }
    }
    // Refactors stand on the selection, not on a finding ("Move to Vercel Schedules" on a crons entry).
    const selection = spanOfRange(document, record(params).range);
    if (selection && wants(CodeActionKind.RefactorRewrite)) {
      for (const fix of this.service.refactors(file, selection)) {
        const action = this.toAction(fix.title, CodeActionKind.RefactorRewrite, [{ fix, file, document }], root);
        if (action) actions.push(action);
      }
    }
    // Fix-all is a source action: offered only when asked for by kind (on save, or a "source action" menu).
    if (only && (wants(FIX_ALL_KIND) || only.includes(CodeActionKind.SourceFixAll))) {
      const chosen = chooseFixAll(findings, file, root).map(({ fix }) => ({ fix, file, document }));
      const kind = only.some((asked) => asked === FIX_ALL_KIND || FIX_ALL_KIND.startsWith(`${asked}.`)) ? FIX_ALL_KIND : CodeActionKind.SourceFixAll;
      const action = chosen.length ? this.toAction('Fix all auto-fixable Next Cron Routes problems', kind, chosen, root) : undefined;
      if (action) actions.push(action);
    }
    return actions;
  }

  /** VS Code: alternatives are one action whose command asks which (the extension's picker), each choice's edit ready. */
  private variantAction(fixes: Fix[], file: string, document: TextDocument, root: string): CodeAction | undefined {
    const choices: VariantChoiceArgument['choices'] = [];
    for (const fix of fixes) {
      const edit = this.toAction(fix.title, CodeActionKind.QuickFix, [{ fix, file, document }], root)?.edit;
      if (edit) choices.push({ label: fix.variant?.label ?? fix.title, edit });
    }
    if (!choices.length) return undefined;
    const title = fixes[0]!.title;
    const command: Command = { title, command: APPLY_VARIANT_COMMAND, arguments: [{ title, choices } satisfies VariantChoiceArgument] };
    return { title, kind: CodeActionKind.QuickFix, command };
  }

  private toAction(title: string, kind: string, fixes: { fix: Fix; file: string; document: TextDocument }[], root: string): CodeAction | undefined {
    const builder = new WorkspaceEditBuilder(
      this.support.edits,
      (file) => {
        const open = this.workspace.documentAt(file);
        if (open) return { document: open, open: true };
        const disk = this.workspace.textDocumentAt(file);
        return disk ? { document: disk, open: false } : undefined;
      },
      fileUriOf,
    );
    for (const { fix, file, document } of fixes) {
      if (!builder.canAdd(fix, root)) continue;
      builder.add(fix, file, document, this.workspace.document(document.uri) === document, root);
    }
    return builder.isEmpty() ? undefined : { title, kind, edit: builder.build() };
  }
}

function isContentChange(value: unknown): value is { text: string } | { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } {
  const change = record(value);
  if (typeof change.text !== 'string') return false;
  if (change.range === undefined) return true;
  const range = record(change.range);
  const valid = (position: unknown) => typeof record(position).line === 'number' && typeof record(position).character === 'number';
  return valid(range.start) && valid(range.end);
}

/** Starts the server on a connection; the connection's `exit` notification ends the process. */
export function startServer(connection: Connection): CronLanguageServer {
  const server = new CronLanguageServer(connection);
  connection.listen();
  return server;
}

/**
 * The process's memory after two full collections when the process can collect on demand (node
 * --expose-gc), else as it stands: a language server is not started with flags of ours, and
 * turning the collector's hook on at run time would change the process for one question.
 */
function memoryUsage(): MemoryUsageResult {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss, collected: collect !== undefined };
}
