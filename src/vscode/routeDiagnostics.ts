import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkCronRoutes } from '../core/routes/check';
import { absentVercelJson, parseVercelJson, type VercelDoc } from '../core/vercel/model';
import { NEXT_CONFIG_FILES } from '../core/next/nextConfig';
import { isEnvFile } from '../core/routes/envSecret';
import type { Finding } from '../core/vercel/rules/types';
import { LineMap } from '../core/positions';
import { toVsRangeIn } from './convert';
import type { ProjectFileEvent, Projects } from './projects';
import type { VercelDocs } from './vercelDocs';
import { getSettings, SECTION } from './settings';
import { DIAGNOSTIC_SOURCE, isVercelJson, SEVERITIES } from './vercelDiagnostics';

const DEBOUNCE_MS = 200;
const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|mts)$/;

interface Entry {
  diagnostic: vscode.Diagnostic;
  finding: Finding;
}

/** Files every route's findings may depend on without the route reading them itself. */
const MIDDLEWARE = /^(src\/)?(middleware|proxy)\.[cm]?[jt]s$/;
/**
 * The app's package.json, and in a workspace every package.json and pnpm-workspace.yaml: which
 * package a bare import names rests on every package's name, and a route records only the manifests
 * its own answers read (routes/workspacePackages.ts).
 */
const MANIFEST = /(^|\/)(package\.json|pnpm-workspace\.yaml)$/;

/**
 * A file event that calls for checking every route of the project, not only those that read
 * the file: the project-wide inputs, and any file appearing or going. Those are rare, and they
 * change more than findings: where a fix puts a helper, whether it must create it (a fix built
 * before "Guard against duplicate runs" created lib/cron-run-guard.ts would create it again).
 */
function concernsAllRoutes({ file, kind }: ProjectFileEvent): boolean {
  return kind !== 'changed' || file === 'vercel.json' || MANIFEST.test(file) || NEXT_CONFIG_FILES.includes(file) || MIDDLEWARE.test(file) || isEnvFile(file);
}

/**
 * Diagnostics for cron route files (and CRON_SECRET in .env files, in trusted workspaces
 * only), per project: a vercel.json's folder, or a Next.js app's without one, whose cron routes
 * are then only those `cronRouteGlob` names (Projects.rootOf decides, as `check` does). Each route remembers the project paths its check read, parsed or probed (helpers it
 * follows, the candidate files of a module that does not exist yet); a file event re-checks the
 * routes that read that path, and only those. vercel.json, next.config, middleware, env files,
 * package.json and route files appearing or going re-check the whole project.
 */
export class RouteDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(`${DIAGNOSTIC_SOURCE}-routes`);
  private readonly entries = new Map<string, Entry[]>();
  private readonly filesByRoot = new Map<string, Set<string>>();
  /** Per project root, per checked route file: the paths its findings depend on. */
  private readonly readsByRoot = new Map<string, Map<string, ReadonlySet<string>>>();
  /** What the next debounced run of a root checks: everything, or these route files. */
  private readonly pending = new Map<string, 'all' | Set<string>>();
  /** Roots where a file appeared or went since the last full check began, with that event's number: their findings' fixes may be out of date. */
  private readonly fixesStale = new Map<string, number>();
  private fileEvents = 0;
  /** The project root of each file with diagnostics. */
  private readonly rootOfUri = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly projects: Projects,
    private readonly docs: VercelDocs,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.touch(d.uri)),
      // Edits of vercel.json; other files' edits arrive as project file events.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isVercelJson(e.document)) this.touch(e.document.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) for (const root of this.filesByRoot.keys()) this.schedule(root, 'all');
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const root of this.filesByRoot.keys()) this.schedule(root, 'all');
      }),
      this.projects.onDidChange((event) => this.fileEvent(event)),
    );
    for (const document of vscode.workspace.textDocuments) this.touch(document.uri);
  }

  findingFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Finding | undefined {
    // No fixes until the re-check the file event scheduled has run; the diagnostics' update
    // makes the editor ask again.
    const root = this.rootOfUri.get(document.uri.toString());
    if (root && this.fixesStale.has(root)) return undefined;
    return this.entries
      .get(document.uri.toString())
      ?.find((e) => e.diagnostic.range.isEqual(diagnostic.range) && e.diagnostic.code === diagnostic.code && e.diagnostic.message === diagnostic.message)?.finding;
  }

  /** Resolves when the project around `uri` has been checked with the current text. */
  async analyseAround(uri: vscode.Uri): Promise<void> {
    const root = isVercelJson({ uri } as vscode.TextDocument) ? path.dirname(uri.fsPath) : this.projects.rootOf(uri.fsPath)?.root;
    if (root) await this.analyse(root, 'all');
  }

  /** The project root a route file's fixes are relative to: the one whose check reported on it. */
  rootFor(document: vscode.TextDocument): string | undefined {
    return this.rootOfUri.get(document.uri.toString()) ?? this.projects.rootOf(document.uri.fsPath)?.root;
  }

  /** An opened file, or an edited vercel.json: the whole project, unless an opened file's project is already checked. */
  private touch(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || !(SOURCE_FILE.test(uri.fsPath) || /vercel\.json$/.test(uri.fsPath))) return;
    const vercel = /vercel\.json$/.test(uri.fsPath);
    const root = vercel ? path.dirname(uri.fsPath) : this.projects.rootOf(uri.fsPath)?.root;
    // Opening a file does not change it: a project already checked stays as it is.
    if (root && (vercel || !this.readsByRoot.has(root))) this.schedule(root, 'all');
  }

  /** The routes a file event concerns: those that read the path, or all of them. */
  private fileEvent(event: ProjectFileEvent): void {
    const reads = this.readsByRoot.get(event.root);
    if (!reads) return;
    if (concernsAllRoutes(event)) {
      if (event.kind !== 'changed') this.fixesStale.set(event.root, ++this.fileEvents);
      return this.schedule(event.root, 'all');
    }
    const routes = [...reads].filter(([, paths]) => paths.has(event.file)).map(([route]) => route);
    if (routes.length) this.schedule(event.root, new Set(routes));
  }

  private schedule(root: string, what: 'all' | Set<string>): void {
    const queued = this.pending.get(root);
    this.pending.set(root, queued === 'all' || what === 'all' ? 'all' : new Set([...(queued ?? []), ...what]));
    clearTimeout(this.timers.get(root));
    this.timers.set(
      root,
      setTimeout(() => {
        this.timers.delete(root);
        const next = this.pending.get(root);
        this.pending.delete(root);
        if (next) void this.analyse(root, next);
      }, DEBOUNCE_MS),
    );
  }

  private async analyse(root: string, what: 'all' | ReadonlySet<string>): Promise<void> {
    const previous = this.running.get(root);
    const run = (async () => {
      await previous;
      const eventsBefore = this.fileEvents;
      const kind = this.projects.rootKind(root);
      // No longer a project (its vercel.json went, and it is no Next.js app): nothing of it stays shown.
      if (!kind) return this.drop(root);
      const vercelUri = vscode.Uri.file(path.join(root, 'vercel.json'));
      const project = await this.projects.forRoot(root);
      let doc: VercelDoc | undefined;
      if (kind === 'vercel-json') {
        const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === vercelUri.fsPath);
        // An open vercel.json is already parsed for its current version.
        const onDisk = open ? undefined : project.readFile('vercel.json');
        doc = open ? this.docs.get(open) : onDisk === undefined ? undefined : parseVercelJson(onDisk);
      } else {
        // A Next.js app without a vercel.json: nothing schedules its routes; the glob names them.
        doc = absentVercelJson();
      }
      if (!doc) return;
      const settings = getSettings(kind === 'vercel-json' ? vercelUri : vscode.Uri.file(root));
      const partial = what !== 'all' && this.readsByRoot.has(root) ? what : undefined;
      const reads = partial ? (this.readsByRoot.get(root) ?? new Map<string, ReadonlySet<string>>()) : new Map<string, ReadonlySet<string>>();
      if (partial) for (const file of partial) reads.delete(file);
      const results = checkCronRoutes(doc, project, {
        plan: settings.plan,
        fluidCompute: settings.fluidCompute,
        rules: settings.rules,
        cronRouteGlob: settings.cronRouteGlob,
        readSecrets: vscode.workspace.isTrusted,
        only: partial,
        onReads: (file, paths) => reads.set(file, paths),
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
        // A file another project showed (a vercel.json appeared between it and its old root): this one has it now.
        const before = this.rootOfUri.get(uri.toString());
        if (before !== undefined && before !== root) this.filesByRoot.get(before)?.delete(uri.toString());
        this.entries.set(uri.toString(), entries);
        this.rootOfUri.set(uri.toString(), root);
        this.collection.set(uri, entries.map((e) => e.diagnostic));
        seen.add(uri.toString());
      }
      const known = this.filesByRoot.get(root) ?? new Set<string>();
      // A partial run answers for the routes it was asked about; a full run for every file.
      const asked = partial ? new Set([...partial].map((file) => vscode.Uri.file(path.join(root, file)).toString())) : known;
      for (const stale of asked) {
        if (seen.has(stale) || !known.has(stale)) continue;
        this.entries.delete(stale);
        this.rootOfUri.delete(stale);
        this.collection.delete(vscode.Uri.parse(stale));
        known.delete(stale);
      }
      this.filesByRoot.set(root, partial ? new Set([...known, ...seen]) : seen);
      this.readsByRoot.set(root, reads);
      if (!partial && (this.fixesStale.get(root) ?? 0) <= eventsBefore) this.fixesStale.delete(root);
    })();
    this.running.set(root, run);
    await run;
  }

  /** Forgets a root that is no project any more, and takes its diagnostics away. */
  private drop(root: string): void {
    for (const uri of this.filesByRoot.get(root) ?? []) {
      if (this.rootOfUri.get(uri) !== root) continue;
      this.entries.delete(uri);
      this.rootOfUri.delete(uri);
      this.collection.delete(vscode.Uri.parse(uri));
    }
    this.filesByRoot.delete(root);
    this.readsByRoot.delete(root);
    this.fixesStale.delete(root);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.collection.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
