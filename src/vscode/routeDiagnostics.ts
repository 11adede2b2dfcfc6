import * as path from 'node:path';
import * as vscode from 'vscode';
import { type Finding, type Fix, LineMap } from '../core/service';
import { toVsRangeIn } from './convert';
import { Projects, type ProjectsChange } from './projects';
import { SECTION } from './settings';
import { DIAGNOSTIC_SOURCE, isVercelJson, SEVERITIES, type ShownFinding, shownFor } from './vercelDiagnostics';

const DEBOUNCE_MS = 200;
const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|mts)$/;

/** What one file shows: its diagnostics, and the findings array they were made from (the core replaces it when it re-checks the file). */
interface Shown {
  entries: ShownFinding[];
  findings: readonly Finding[];
  root: string;
}

/**
 * Diagnostics for cron route files (and CRON_SECRET in .env files, in trusted workspaces
 * only), per project: a vercel.json's folder, or a Next.js app's without one (the core decides,
 * as `check` does). The core keeps what each route's check read and re-checks, on request, only
 * the routes a file event reached (core/service/openProjects.ts); this adapter asks it, debounced,
 * after the events that reached a project it shows, and updates the files whose findings changed.
 */
export class RouteDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(`${DIAGNOSTIC_SOURCE}-routes`);
  private readonly shown = new Map<string, Shown>();
  /** Per project root shown, the files (uri strings) it shows diagnostics for. */
  private readonly filesByRoot = new Map<string, Set<string>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly projects: Projects) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => void this.touch(d.uri)),
      // Edits of vercel.json; other files' edits arrive as project file events.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isVercelJson(e.document)) void this.touch(e.document.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SECTION)) return;
        this.projects.service.settingsChanged();
        for (const root of this.filesByRoot.keys()) this.schedule(root);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.projects.service.settingsChanged();
        for (const root of this.filesByRoot.keys()) this.schedule(root);
      }),
      this.projects.onDidChange((change) => this.fileEvent(change)),
    );
    for (const document of vscode.workspace.textDocuments) void this.touch(document.uri);
  }

  /** The fixes of the finding behind one of our diagnostics (none while the core says they may be out of date). */
  fixesFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Fix[] {
    const file = Projects.fileOf(document.uri);
    const shown = shownFor(this.shown.get(document.uri.toString())?.entries, diagnostic);
    return file !== undefined && shown ? this.projects.service.codeActions(file, shown.span, shown.code) : [];
  }

  /** Resolves when the project around `uri` has been checked with the current text. */
  async analyseAround(uri: vscode.Uri): Promise<void> {
    const file = Projects.fileOf(uri);
    if (file === undefined) return;
    await this.projects.ready(file);
    const root = this.projects.service.projectRoot(file);
    if (root) await this.analyse(root);
  }

  /** The project root a route file's fixes are relative to: the one whose check reported on it. */
  rootFor(document: vscode.TextDocument): string | undefined {
    const file = Projects.fileOf(document.uri);
    return this.shown.get(document.uri.toString())?.root ?? (file === undefined ? undefined : this.projects.service.projectRoot(file));
  }

  /** An opened file, or an edited vercel.json: its project, unless an opened file's project is already shown. */
  private async touch(uri: vscode.Uri): Promise<void> {
    const file = Projects.fileOf(uri);
    if (file === undefined || !(SOURCE_FILE.test(file) || /vercel\.json$/.test(file))) return;
    const vercel = /vercel\.json$/.test(file);
    await this.projects.ready(file);
    const root = this.projects.service.projectRoot(file);
    // Opening a file does not change it: a project already checked stays as it is.
    if (root && (vercel || !this.filesByRoot.has(root))) this.schedule(root);
  }

  /** A file event the core took in: the projects shown whose route findings rest on it are asked again. */
  private fileEvent({ effects }: ProjectsChange): void {
    for (const { root, routes } of effects) if (routes && this.filesByRoot.has(root)) this.schedule(root);
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
      // The root's own vercel.json names the project rooted there, whether or not the file exists.
      const probe = path.join(root, 'vercel.json');
      await this.projects.ready(probe);
      const project = this.projects.service.routeDiagnostics(probe);
      // No longer a project (its vercel.json went, and it is no Next.js app): nothing of it stays shown.
      if (!project || project.root !== root) return this.drop(root);
      const seen = new Set<string>();
      /** Line maps of the texts the findings were computed on, by project file. */
      const lineMaps = new Map<string, LineMap>();
      const linesOf = (file: string): LineMap => {
        let lines = lineMaps.get(file);
        if (!lines) lineMaps.set(file, (lines = new LineMap(project.text(file))));
        return lines;
      };
      for (const [file, findings] of project.files) {
        const uri = vscode.Uri.file(path.join(root, file));
        const key = uri.toString();
        seen.add(key);
        const before = this.shown.get(key);
        // Unchanged since shown: the core answered from the check it kept.
        if (before?.findings === findings && before.root === root) continue;
        // Positions come from the text the findings were computed on. Opening every cron route
        // as a document for its positionAt loaded them all into the extension host, and each
        // opening fired onDidOpenTextDocument, which scheduled this analysis once more.
        const lines = linesOf(file);
        const entries = findings.map((finding) => {
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
          return { diagnostic, code: finding.code, span: finding.span };
        });
        // A file another project showed (a vercel.json appeared between it and its old root): this one has it now.
        if (before !== undefined && before.root !== root) this.filesByRoot.get(before.root)?.delete(key);
        this.shown.set(key, { entries, findings, root });
        this.collection.set(uri, entries.map((e) => e.diagnostic));
      }
      const known = this.filesByRoot.get(root) ?? new Set<string>();
      for (const stale of known) {
        if (seen.has(stale)) continue;
        if (this.shown.get(stale)?.root === root) {
          this.shown.delete(stale);
          this.collection.delete(vscode.Uri.parse(stale));
        }
      }
      this.filesByRoot.set(root, seen);
    })();
    this.running.set(root, run);
    await run;
  }

  /** Forgets a root that is no project any more, and takes its diagnostics away. */
  private drop(root: string): void {
    for (const uri of this.filesByRoot.get(root) ?? []) {
      if (this.shown.get(uri)?.root !== root) continue;
      this.shown.delete(uri);
      this.collection.delete(vscode.Uri.parse(uri));
    }
    this.filesByRoot.delete(root);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.collection.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
