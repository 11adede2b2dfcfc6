import * as vscode from 'vscode';
import type { Severity } from '../core/types';
import { checkVercelJson } from '../core/vercel/check';
import type { Finding } from '../core/vercel/rules/types';
import type { Clock } from './clock';
import type { VercelDocs } from './vercelDocs';
import { toVsRange } from './convert';
import type { Projects } from './projects';
import { getSettings, SECTION } from './settings';

export const DIAGNOSTIC_SOURCE = 'next-cron-routes';
const DEBOUNCE_MS = 150;

export const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function isVercelJson(document: vscode.TextDocument): boolean {
  return /(^|[\\/])vercel\.json$/.test(document.uri.path);
}

interface Analysis {
  version: number;
  entries: { diagnostic: vscode.Diagnostic; finding: Finding }[];
}

/**
 * Diagnostics for vercel.json as the user types: one parse per document version, debounced,
 * re-run when the app's files change under the watcher.
 */
export class VercelDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly analyses = new Map<string, Analysis>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly projects: Projects,
    private readonly clock: Clock,
    private readonly docs: VercelDocs,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isVercelJson(e.document)) this.schedule(e.document, DEBOUNCE_MS);
        else this.projects.documentChanged(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.refreshAll();
      }),
      this.projects.onDidChange(() => this.refreshAll()),
    );
    this.refreshAll();
  }

  /** The finding behind one of our diagnostics, so code actions offer its fixes. */
  findingFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Finding | undefined {
    const analysis = this.analyses.get(document.uri.toString());
    if (!analysis || analysis.version !== document.version) return undefined;
    return analysis.entries.find(
      (e) => e.diagnostic.range.isEqual(diagnostic.range) && e.diagnostic.code === diagnostic.code && e.diagnostic.message === diagnostic.message,
    )?.finding;
  }

  /** Resolves once the document's diagnostics reflect its current version. */
  async analyse(document: vscode.TextDocument): Promise<void> {
    if (!isVercelJson(document)) return;
    const version = document.version;
    const settings = getSettings(document.uri);
    const project = await this.projects.forVercelJson(document.uri);
    if (document.isClosed || document.version !== version) return;
    const doc = this.docs.get(document);
    const findings = checkVercelJson(doc, { plan: settings.plan, now: this.clock.now(), project, rules: settings.rules });
    const entries = findings.map((finding) => {
      const diagnostic = new vscode.Diagnostic(toVsRange(document, finding.span), finding.message, SEVERITIES[finding.severity]);
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = finding.code;
      return { diagnostic, finding };
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
