import * as vscode from 'vscode';
import type { Fix, Severity, Span } from '../core/service';
import type { VercelDocs } from './vercelDocs';
import { toVsRange } from './convert';
import { isVercelJsonUri, Projects } from './projects';
import { SECTION } from './settings';

export const DIAGNOSTIC_SOURCE = 'next-cron-routes';
const DEBOUNCE_MS = 150;

export const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function isVercelJson(document: vscode.TextDocument): boolean {
  return isVercelJsonUri(document.uri);
}

/** One of our diagnostics and the finding behind it, as the core names it: its fixes are asked for by code and span. */
export interface ShownFinding {
  diagnostic: vscode.Diagnostic;
  code: string;
  span: Span;
}

interface Analysis {
  version: number;
  entries: ShownFinding[];
}

/** The shown finding behind one of our diagnostics: the same range, code and message. */
export function shownFor(entries: readonly ShownFinding[] | undefined, diagnostic: vscode.Diagnostic): ShownFinding | undefined {
  return entries?.find((e) => e.diagnostic.range.isEqual(diagnostic.range) && e.diagnostic.code === diagnostic.code && e.diagnostic.message === diagnostic.message);
}

/**
 * Diagnostics for vercel.json as the user types, from the core's facade: debounced, re-run when
 * the app's files change under the watcher.
 */
export class VercelDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly analyses = new Map<string, Analysis>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly projects: Projects,
    private readonly docs: VercelDocs,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isVercelJson(e.document)) this.schedule(e.document, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.refreshAll();
      }),
      // The edited vercel.json follows its own (debounced) schedule; any other event may change what its checks read.
      this.projects.onDidChange((change) => {
        if (!change.vercelJsonEdit) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  /** The fixes of the finding behind one of our diagnostics, for code actions: none once the document has changed since. */
  fixesFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Fix[] {
    const analysis = this.analyses.get(document.uri.toString());
    const file = Projects.fileOf(document.uri);
    if (!analysis || analysis.version !== document.version || file === undefined) return [];
    const shown = shownFor(analysis.entries, diagnostic);
    return shown ? this.projects.service.codeActions(file, shown.span, shown.code) : [];
  }

  /** Resolves once the document's diagnostics reflect its current version. */
  async analyse(document: vscode.TextDocument): Promise<void> {
    if (!isVercelJson(document)) return;
    const version = document.version;
    const file = Projects.fileOf(document.uri);
    if (file !== undefined) await this.projects.ready(file);
    if (document.isClosed || document.version !== version) return;
    const findings = file === undefined ? [] : this.projects.service.diagnostics(file);
    const entries = findings.map((finding) => {
      const diagnostic = new vscode.Diagnostic(toVsRange(document, finding.span), finding.message, SEVERITIES[finding.severity]);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = finding.code;
      return { diagnostic, code: finding.code, span: finding.span };
    });
    this.analyses.set(document.uri.toString(), { version, entries });
    this.collection.set(document.uri, entries.map((e) => e.diagnostic));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isVercelJson(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.analyse(document);
      }, delay),
    );
  }

  private refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private forget(uri: vscode.Uri): void {
    this.analyses.delete(uri.toString());
    this.docs.forget(uri);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.collection.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
