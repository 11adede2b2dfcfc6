import { NEXT_CONFIG_FILES } from '../next/nextConfig';
import { prepareRouteCheck, type RouteCheckSetup } from '../routes/check';
import { checkCronRoutes } from './rules';
import { isEnvFile } from '../vercel/envFiles';
import { configFileIn, isConfigFileIn, isVercelConfigName, parseVercelConfig } from '../vercel/configFiles';
import { absentVercelJson, type VercelDoc } from '../vercel/model';
import { ProjectModel, type WorkspaceInput } from '../vercel/projectModel';
import { projectRoots, type ProjectRootKind } from '../vercel/projectRoots';
import { isWorkflowFile } from '../schedulers/githubActions';
import { type Finding, type Fix, hasFixes, withLazyFixes } from '../diagnostics';
import type { Span } from '../types';
import type { CronServiceHost } from './host';
import { filesUnder, projectFolder, workspaceAround } from './listing';
import { RouteReads } from './routeReads';
import { type ListedRootKind, repositoryWorkflows } from './workflowRoot';

/** One file event, relative to a project root, after the model has taken it in. */
export interface ProjectFileEvent {
  file: string;
  kind: 'created' | 'changed' | 'deleted';
}

/**
 * What a file event did to one project the service keeps, for a front end that shows findings:
 * the project took it in (its vercel.json's findings may change), and its route findings are
 * out of date when `routes` says so. A project the event made the service drop (no longer a
 * project, or now in another workspace) is reported with `dropped`: asked again, its root answers
 * anew, or not at all.
 */
export interface FileEventEffect {
  /** Host path of the project root. */
  root: string;
  /** The file relative to the root, and what happened to it as the project sees it (a second creation is a change). */
  file: string;
  kind: ProjectFileEvent['kind'];
  /** Some route's findings rest on the file (it read it, or the file concerns every route). */
  routes: boolean;
  dropped?: true;
}

/** Files every route's findings may depend on without the route reading them itself. */
const MIDDLEWARE = /^(src\/)?(middleware|proxy)\.[cm]?[jt]s$/;
/**
 * The app's package.json, and in a workspace every package.json and pnpm-workspace.yaml: which
 * package a bare import names rests on every package's name, and a route records only the manifests
 * its own answers read (routes/workspacePackages.ts).
 */
const MANIFEST = /(^|\/)(package\.json|pnpm-workspace\.yaml)$/;
const VERCEL_CONFIG = /(^|\/)vercel\.(json|toml|ts|mts|js|mjs|cjs)$/;
/** Files whose presence (or package.json's content) decides which folders are projects (vercel/projectRoots.ts), or which workspace an app is in. */
const ROOT_DEFINING = /(^|\/)(vercel\.(json|toml|ts|mts|js|mjs|cjs)|package\.json|pnpm-workspace\.yaml|next\.config\.[a-z]+)$/;

/**
 * A file event that calls for checking every route of the project, not only those that read
 * the file: the project-wide inputs, and any file appearing or going. Those are rare, and they
 * change more than findings: where a fix puts a helper, whether it must create it (a fix built
 * before "Guard against duplicate runs" created lib/cron-run-guard.ts would create it again).
 */
export function concernsAllRoutes({ file, kind }: ProjectFileEvent): boolean {
  return kind !== 'changed' || isVercelConfigName(file) || MANIFEST.test(file) || NEXT_CONFIG_FILES.includes(file) || MIDDLEWARE.test(file) || isEnvFile(file);
}

/** A project the service keeps between requests: its model, and what each route's findings rest on. */
export interface OpenProject {
  /** Host path of the project root. */
  root: string;
  /** A project, or the workspace folder's own `.github/workflows` (service/workflowRoot.ts): its model holds those files only. */
  kind: ListedRootKind;
  model: ProjectModel;
  /** The workspace root the model was built with, relative to the folder ('' for the folder), if any. */
  workspaceRoot: string | undefined;
  /** Per checked route file: the paths its check read, parsed or probed. */
  reads: RouteReads;
  /**
   * What the last check of every route prepared for all of them (the middleware's facts, which
   * files are cron routes), and every path preparing it read: a change to one of those calls for
   * checking every route again, as a project-wide input does.
   */
  setup: { setup: RouteCheckSetup; reads: ReadonlySet<string> } | undefined;
  /** The lazy findings of each route and env file, by project path, as of the last check. */
  findings: Map<string, Finding[]>;
  /** What the next route diagnostics must check first: everything, these route files, or nothing. */
  stale: 'all' | Set<string>;
  /**
   * A file appeared or went since the last check of every route: the findings' fixes may be out
   * of date (a fix built before its helper module existed creates it again), so none is offered
   * until that check has run.
   */
  fixesStale: boolean;
  /** The last vercel.json text parsed, and its parse: a hover or a lens on an unchanged file parses nothing. */
  parsed: { name: string; text: string; doc: VercelDoc } | undefined;
}

/** A folder the service answers for (the editor's workspace folder): its listing and the projects opened in it. */
interface OpenFolder {
  files: string[];
  unreadDirs: ReadonlyMap<string, string>;
  roots: { dir: string; kind: ProjectRootKind }[] | undefined;
  projects: Map<string, OpenProject>;
}

/**
 * The editor's side of the service: project models kept current file by file, and route findings
 * re-checked only where a file event reached them (the routes whose check read the changed path,
 * or every route for a project-wide input). Folders are the host's (its `folderOf`); a file
 * belongs to the deepest project root above it, as `check` of that folder would decide.
 */
export class OpenProjects {
  private readonly folders = new Map<string, OpenFolder>();
  /** Route files checked since the service was made: what a file event cost (tests, the bench). */
  routeChecks = 0;

  constructor(
    private readonly host: CronServiceHost,
    private readonly folderOf: (file: string) => string | undefined,
  ) {}

  /**
   * The folder listed for `file`'s project: the host's folder, or (a host that lists on demand)
   * the project's own folder or the workspace around it (listing.ts, projectFolder).
   */
  listedFolder(file: string): string | undefined {
    const top = this.folderOf(file);
    if (top === undefined || !this.host.folderNames) return top;
    return projectFolder(this.host, (folder) => this.host.folderNames!(folder), top, file);
  }

  /** The project `file` (a host path) belongs to, opened on first need; undefined outside every project. */
  projectOf(file: string): { project: OpenProject; relative: string } | undefined {
    const folder = this.listedFolder(file);
    if (folder === undefined || (this.host.canList && !this.folders.has(folder) && !this.host.canList(folder))) return undefined;
    const open = this.folder(folder);
    const relative = this.host.relative(folder, file);
    // A vercel.json the host has and the listing not yet (written a moment ago, its creation still
    // to be reported): its folder is a project from now on, as it will be once the event comes.
    if (VERCEL_CONFIG.test(relative) && open.files[lowerIndex(open.files, relative)] !== relative && 'text' in this.host.readFile(file)) this.fileEvent(file, 'created');
    let best: { dir: string; kind: ProjectRootKind } | undefined;
    for (const root of (open.roots ??= projectRoots(open.files, (name) => this.peek(folder, name), this.folderOf(folder) === folder))) {
      const inside = root.dir === '' || relative.startsWith(`${root.dir}/`);
      if (inside && (!best || root.dir.length > best.dir.length)) best = root;
    }
    // A workflow of the host's folder, which is no project: the folder's workflows root owns it
    // (service/workflowRoot.ts). listedFolder gives the host's folder for every such file.
    const chosen: { dir: string; kind: ListedRootKind } | undefined = best ?? (isWorkflowFile(relative) ? { dir: '', kind: 'workflows' } : undefined);
    if (!chosen) return undefined;
    let project = open.projects.get(chosen.dir);
    if (!project) {
      open.projects.set(chosen.dir, (project = this.openProject(folder, open, chosen.dir, chosen.kind)));
      // The same root opened from another folder before (its workspace was another then): this one answers for it now.
      for (const other of this.folders.values()) for (const [dir, kept] of other.projects) if (other !== open && kept.root === project.root) other.projects.delete(dir);
    }
    return { project, relative: chosen.dir ? relative.slice(chosen.dir.length + 1) : relative };
  }

  /**
   * Whether a file named like a configuration, outside every project, is a module of the code: a
   * vercel.ts in a folder the service answers for, where Vercel could not read it
   * (configFiles.isConfigFileIn). A file of no folder (a diff view's copy) goes by its name.
   */
  isModuleNamedLikeConfig(file: string, name: string): boolean {
    const top = this.folderOf(file);
    if (top === undefined) return false;
    const relative = this.host.relative(top, file);
    const dir = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '';
    const inDir = this.host.inFolder(dir ? this.host.inFolder(top)(dir) : top);
    return !isConfigFileIn(name, { top: dir === '', holds: (marker) => !('missing' in this.host.readFile(inDir(marker))) });
  }

  /** The configuration file the project's checks read (vercel.json, vercel.toml, vercel.ts…); undefined for an app without one. */
  configOf(project: OpenProject): string | undefined {
    return project.kind === 'vercel-json' ? configFileIn((name) => project.model.has(name)) : undefined;
  }

  /** The project's configuration, parsed as the host has it now, or the absent one of an app without one; none for workflows, which have no routes. */
  docOf(project: OpenProject): VercelDoc | undefined {
    if (project.kind === 'app') return absentVercelJson();
    if (project.kind === 'workflows') return undefined;
    const name = this.configOf(project);
    const text = name === undefined ? undefined : project.model.readFile(name);
    if (name === undefined || text === undefined) return undefined;
    if (project.parsed?.text !== text || project.parsed.name !== name) project.parsed = { name, text, doc: parseVercelConfig(name, text, () => this.host.loadTypeScript()) };
    return project.parsed.doc;
  }

  /** The route and env-file findings of `file` (project-relative), after re-checking what file events made stale. */
  routeFindings(project: OpenProject, file: string): Finding[] {
    this.recheck(project);
    return project.findings.get(file) ?? [];
  }

  /** Every route and env file's findings (project-relative names), after re-checking what file events made stale. */
  allRouteFindings(project: OpenProject): ReadonlyMap<string, Finding[]> {
    this.recheck(project);
    return project.findings;
  }

  /** The findings of `file` as the last check found them, without checking; none while their fixes may be out of date. */
  checkedFindings(project: OpenProject, file: string): Finding[] | undefined {
    return project.fixesStale ? undefined : project.findings.get(file);
  }

  /** Settings or trust changed: every route of every project is checked again on next need. */
  invalidate(): void {
    for (const open of this.folders.values()) for (const project of open.projects.values()) project.stale = 'all';
  }

  /** Takes in a file event (a host path): every opened project that holds the file, or whose workspace does. */
  fileEvent(file: string, reported: ProjectFileEvent['kind']): FileEventEffect[] {
    const effects: FileEventEffect[] = [];
    // Every folder listed that holds the file: a project's listing can lie inside another's.
    for (const [folder, open] of this.folders) {
      const relative = this.host.relative(folder, file);
      if (relative === '' || relative === '..' || relative.startsWith('../') || /^([a-zA-Z]:)?[\\/]/.test(relative)) continue;
      effects.push(...this.folderEvent(folder, open, file, relative, reported));
    }
    return effects;
  }

  private folderEvent(folder: string, open: OpenFolder, file: string, relative: string, reported: ProjectFileEvent['kind']): FileEventEffect[] {
    this.updateListing(open, relative, reported);
    const effects: FileEventEffect[] = [];
    // Which folders are projects rests on which of these files exist, and on package.json's content
    // (and a workspace's manifests): an edit of vercel.json or next.config changes neither.
    if (ROOT_DEFINING.test(relative) && (reported !== 'changed' || MANIFEST.test(relative))) {
      for (const dropped of this.rootsMayHaveChanged(folder, open)) effects.push({ root: dropped.root, file: this.host.relative(dropped.root, file), kind: reported, routes: true, dropped: true });
    }
    for (const project of open.projects.values()) {
      const name = this.host.relative(project.root, file);
      if (!project.model.watches(name)) continue;
      const names = reported === 'deleted' ? [name, ...project.model.filesUnder(name)] : [name];
      for (const each of names) {
        // A workflows root holds its workflow files and nothing else.
        if (project.kind === 'workflows' && !isWorkflowFile(each)) continue;
        const effect = this.apply(project, each, reported);
        if (effect) effects.push(effect);
      }
    }
    return effects;
  }

  /**
   * Hands one event to the model and marks what it makes stale. The editor's own file operations
   * and the disk watcher report the same file twice: a second creation is a change, a second
   * deletion nothing; an edited document the model has not seen created is a new file.
   */
  private apply(project: OpenProject, file: string, reported: ProjectFileEvent['kind']): FileEventEffect | undefined {
    const known = project.model.has(file);
    if (reported === 'deleted' && !known) return undefined;
    const kind = reported === 'deleted' ? 'deleted' : known ? 'changed' : 'created';
    if (kind === 'created') project.model.fileCreated(file);
    else if (kind === 'deleted') project.model.fileDeleted(file);
    else project.model.fileChanged(file);
    const effect: FileEventEffect = { root: project.root, file, kind, routes: false };
    if (concernsAllRoutes({ file, kind }) || project.setup?.reads.has(file)) {
      if (kind !== 'changed') project.fixesStale = true;
      project.stale = 'all';
      effect.routes = true;
      return effect;
    }
    const readers = project.reads.readersOf(file);
    if (readers?.size) {
      effect.routes = true;
      if (project.stale !== 'all') for (const route of readers) project.stale.add(route);
    }
    return effect;
  }

  private recheck(project: OpenProject): void {
    const stale = project.stale;
    if (stale !== 'all' && stale.size === 0) return;
    project.stale = new Set();
    if (stale === 'all') project.fixesStale = false;
    const doc = this.docOf(project);
    if (!doc) {
      project.findings.clear();
      project.reads.clear();
      project.setup = undefined;
      return;
    }
    const settings = this.host.settings(project.root);
    const partial = stale === 'all' || !project.setup ? undefined : stale;
    if (!partial) {
      project.reads.clear();
      const reads = new Set<string>();
      project.model.trackReads(reads);
      try {
        project.setup = { setup: prepareRouteCheck(doc, project.model, settings.cronRouteGlob), reads };
      } finally {
        project.model.trackReads(undefined);
      }
    }
    const results = checkCronRoutes(
      doc,
      project.model,
      {
        plan: settings.plan,
        fluidCompute: settings.fluidCompute,
        rules: settings.rules,
        cronRouteGlob: settings.cronRouteGlob,
        readSecrets: this.host.mayReadSecrets(),
        only: partial,
        setup: project.setup!.setup,
        onReads: (file, paths) => {
          this.routeChecks++;
          project.reads.set(file, paths);
        },
      },
      settleKeepingFixable,
    );
    // A partial run answers for the routes it was asked about; a full run for every file.
    if (partial) for (const file of partial) project.findings.delete(file);
    else project.findings.clear();
    for (const result of results) {
      project.findings.set(
        result.file,
        result.findings.map(({ fixable, ...finding }) => withLazyFixes(finding, () => this.fixesOf(project, result.file, finding.code, finding.span), () => fixable)),
      );
    }
  }

  /**
   * The fixes of a route's finding, built when asked for (a code action, a fix-all): the route is
   * checked again on its own, and the finding at the same place with the same code gives them.
   * Findings are kept as plain data with this builder rather than with the rules' own, which
   * close over the route's syntax tree: kept for every route, those trees made each keystroke's
   * objects old at birth (V8 pretenures an allocation site most of whose objects survived, as
   * every route's did in the first check), and every scavenge then promoted the keystroke's tree.
   */
  private fixesOf(project: OpenProject, file: string, code: string, span: Span): Fix[] {
    const doc = this.docOf(project);
    if (!doc || !project.setup) return [];
    const settings = this.host.settings(project.root);
    const [result] = checkCronRoutes(doc, project.model, {
      plan: settings.plan,
      fluidCompute: settings.fluidCompute,
      rules: settings.rules,
      cronRouteGlob: settings.cronRouteGlob,
      readSecrets: this.host.mayReadSecrets(),
      only: new Set([file]),
      setup: project.setup.setup,
    });
    const finding = result?.findings.find((f) => f.code === code && f.span.start === span.start && f.span.end === span.end);
    const fixes = finding?.fixes ?? [];
    project.model.release(file);
    return fixes;
  }

  private folder(folder: string): OpenFolder {
    let open = this.folders.get(folder);
    if (!open) {
      const listing = this.host.listFiles(folder);
      this.folders.set(folder, (open = { files: [...listing.files], unreadDirs: listing.unread, roots: undefined, projects: new Map() }));
    }
    return open;
  }

  private peek(folder: string, name: string): string | undefined {
    const read = this.host.readFile(this.host.inFolder(folder)(name));
    return 'text' in read ? read.text : undefined;
  }

  private workspaceOf(folder: string, open: OpenFolder, dir: string): { input: WorkspaceInput | undefined; root: string | undefined } {
    const listed = new Set(open.files);
    const input = workspaceAround(dir, open.files, (name) => listed.has(name), (name) => this.peek(folder, name));
    if (!input) return { input, root: undefined };
    const root = input.appDir ? dir.slice(0, Math.max(0, dir.length - input.appDir.length - 1)) : dir;
    return { input, root };
  }

  private openProject(folder: string, open: OpenFolder, dir: string, kind: ListedRootKind): OpenProject {
    const root = this.host.inFolder(folder)(dir);
    const inRoot = this.host.inFolder(root);
    const { input, root: workspaceRoot } = kind === 'workflows' ? { input: undefined, root: undefined } : this.workspaceOf(folder, open, dir);
    const model = new ProjectModel(
      kind === 'workflows' ? repositoryWorkflows(open.files) : dir ? filesUnder(open.files, dir) : open.files,
      {
        readFile: (name) => {
          const read = this.host.readFile(inRoot(name));
          return 'text' in read ? read.text : undefined;
        },
        loadTypeScript: () => this.host.loadTypeScript(),
      },
      input,
    );
    return { root, kind, model, workspaceRoot, reads: new RouteReads(), setup: undefined, findings: new Map(), stale: 'all', fixesStale: false, parsed: undefined };
  }

  /** Keeps the folder's sorted listing current: a created file is inserted, a deleted one (or folder) removed. */
  private updateListing(open: OpenFolder, file: string, kind: ProjectFileEvent['kind']): void {
    const at = lowerIndex(open.files, file);
    if (kind === 'created' && open.files[at] !== file) open.files.splice(at, 0, file);
    if (kind !== 'deleted') return;
    if (open.files[at] === file) open.files.splice(at, 1);
    const under = filesUnder(open.files, file).length;
    if (under) open.files.splice(lowerIndex(open.files, `${file}/`), under);
  }

  /**
   * A vercel.json, next.config, package.json or pnpm-workspace.yaml changed, appeared or went:
   * which folders are projects, and which workspace each is in, may have changed with it. A
   * project no longer rooted there, or whose workspace changed, is dropped and opened again on
   * next need (every route re-checked); the others keep their models.
   */
  private rootsMayHaveChanged(folder: string, open: OpenFolder): OpenProject[] {
    open.roots = projectRoots(open.files, (name) => this.peek(folder, name), this.folderOf(folder) === folder);
    const dropped: OpenProject[] = [];
    for (const [dir, project] of open.projects) {
      const now = open.roots.find((root) => root.dir === dir);
      // The folder's workflows stay its own while the folder is no project.
      if (project.kind === 'workflows' && !now) continue;
      if (!now || now.kind !== project.kind || this.workspaceOf(folder, open, dir).root !== project.workspaceRoot) {
        open.projects.delete(dir);
        dropped.push(project);
      }
    }
    return dropped;
  }
}

/** A finding as plain data, with whether its rule can fix it; its fixes are built again on demand (OpenProjects.fixesOf). */
function settleKeepingFixable(finding: Finding): Omit<Finding, 'fixes'> & { fixable: boolean } {
  const { code, severity, message, span, related } = finding;
  return { code, severity, message, span, ...(related ? { related } : {}), fixable: hasFixes(finding) };
}

/** The first index whose name is not below `name` (names sorted by code unit). */
function lowerIndex(files: readonly string[], name: string): number {
  let low = 0;
  let high = files.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (files[middle]! < name) low = middle + 1;
    else high = middle;
  }
  return low;
}
