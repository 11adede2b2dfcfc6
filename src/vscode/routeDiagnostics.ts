import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkCronRoutes } from '../core/routes/check';
import { parseVercelJson } from '../core/vercel/model';
import type { Finding } from '../core/vercel/rules/types';
import { LineMap } from '../core/positions';
import { toVsRangeIn } from './convert';
import type { Projects } from './projects';
import type { VercelDocs } from './vercelDocs';
import { getSettings, SECTION } from './settings';
import { DIAGNOSTIC_SOURCE, isVercelJson, SEVERITIES } from './vercelDiagnostics';

const DEBOUNCE_MS = 200;
const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|mts)$/;

interface Entry {
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

/** The folder of the nearest vercel.json above `file`, inside a workspace folder. */
export function projectRootOf(file: string): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
  if (!folder) return undefined;
  const top = folder.uri.fsPath;
  for (let dir = path.dirname(file); dir.startsWith(top); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'vercel.json'))) return dir;
    if (dir === top) break;
  }
  return undefined;
}

/**
 * Diagnostics for cron route files (and CRON_SECRET in .env files, in trusted workspaces
 * only): re-run for a project when one of its files or its vercel.json changes.
 */
export class RouteDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(`${DIAGNOSTIC_SOURCE}-routes`);
  private readonly entries = new Map<string, Entry[]>();
  private readonly filesByRoot = new Map<string, Set<string>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly projects: Projects,
    private readonly docs: VercelDocs,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.touch(d.uri)),
      vscode.workspace.onDidChangeTextDocument((e) => this.touch(e.document.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) for (const root of this.filesByRoot.keys()) this.schedule(root);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const root of this.filesByRoot.keys()) this.schedule(root);
      }),
      this.projects.onDidChange((root) => this.schedule(root)),
    );
    for (const document of vscode.workspace.textDocuments) this.touch(document.uri);
  }

  findingFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Finding | undefined {
    return this.entries
      .get(document.uri.toString())
      ?.find((e) => e.diagnostic.range.isEqual(diagnostic.range) && e.diagnostic.code === diagnostic.code && e.diagnostic.message === diagnostic.message)?.finding;
  }

  /** Resolves when the project around `uri` has been checked with the current text. */
  async analyseAround(uri: vscode.Uri): Promise<void> {
    const root = isVercelJson({ uri } as vscode.TextDocument) ? path.dirname(uri.fsPath) : projectRootOf(uri.fsPath);
    if (root) await this.analyse(root);
  }

  private touch(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || !(SOURCE_FILE.test(uri.fsPath) || /vercel\.json$/.test(uri.fsPath))) return;
    const root = /vercel\.json$/.test(uri.fsPath) ? path.dirname(uri.fsPath) : projectRootOf(uri.fsPath);
    if (root) this.schedule(root);
  }

  private schedule(root: string): void {
    clearTimeout(this.timers.get(root));
    this.timers.set(
      root,
      setTimeout(() => {
        this.timers.delete(root);
        void this.analyse(root);
      }, DEBOUNCE_MS),
    );
  }

  private async analyse(root: string): Promise<void> {
    const previous = this.running.get(root);
    const run = (async () => {
      await previous;
      const vercelUri = vscode.Uri.file(path.join(root, 'vercel.json'));
      const project = await this.projects.forVercelJson(vercelUri);
      if (!project) return;
      const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === vercelUri.fsPath);
      // An open vercel.json is already parsed for its current version.
      const onDisk = open ? undefined : project.readFile('vercel.json');
      const doc = open ? this.docs.get(open) : onDisk === undefined ? undefined : parseVercelJson(onDisk);
      if (!doc) return;
      const settings = getSettings(vercelUri);
      const results = checkCronRoutes(doc, project, {
        plan: settings.plan,
        fluidCompute: settings.fluidCompute,
        rules: settings.rules,
        cronRouteGlob: settings.cronRouteGlob,
        readSecrets: vscode.workspace.isTrusted,
      });
      const seen = new Set<string>();
      /** Line maps of the texts the findings were computed on, by project file (vercel.json: the text just checked). */
      const lineMaps = new Map<string, LineMap>([['vercel.json', new LineMap(doc.text)]]);
      const linesOf = (file: string): LineMap => {
        let lines = lineMaps.get(file);
        if (!lines) lineMaps.set(file, (lines = new LineMap(project.readFile(file) ?? '')));
        return lines;
      };
      for (const result of results) {
        const uri = vscode.Uri.file(path.join(root, result.file));
        // Positions come from the text the findings were computed on. Opening every cron route
        // as a document for its positionAt loaded them all into the extension host, and each
        // opening fired onDidOpenTextDocument, which scheduled this analysis once more.
        const lines = linesOf(result.file);
        const entries = result.findings.map((finding) => {
          const diagnostic = new vscode.Diagnostic(toVsRangeIn(lines, finding.span), finding.message, SEVERITIES[finding.severity]);
          diagnostic.source = DIAGNOSTIC_SOURCE;
          diagnostic.code = finding.code;
          // The other places of the one problem (the vercel.json entries behind a route finding)
          // are links under it in the Problems panel, not diagnostics of their own.
          if (finding.related?.length) {
            diagnostic.relatedInformation = finding.related.map(
              (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(path.join(root, r.file)), toVsRangeIn(linesOf(r.file), r.span)), r.message),
            );
          }
          return { diagnostic, finding };
        });
        this.entries.set(uri.toString(), entries);
        this.collection.set(uri, entries.map((e) => e.diagnostic));
        seen.add(uri.toString());
      }
      for (const stale of this.filesByRoot.get(root) ?? []) {
        if (seen.has(stale)) continue;
        this.entries.delete(stale);
        this.collection.delete(vscode.Uri.parse(stale));
      }
      this.filesByRoot.set(root, seen);
    })();
    this.running.set(root, run);
    await run;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.collection.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
