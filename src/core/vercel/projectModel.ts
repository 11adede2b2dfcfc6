import { defaultNextConfig, NEXT_CONFIG_FILES, readNextConfig } from '../next/nextConfig';
import type { SourceFile } from 'typescript';
import { parseSource, type RouteExports, scanExports, type TsApi } from '../next/routeExports';
import { RouteTable } from '../next/routeTable';
import type { NextConfigInfo, RouteEntry } from '../next/types';
import { isEnvFile } from './envFiles';
import { appRelative, workspaceRelative } from './workspacePaths';
import { excessiveSourceNesting, MAX_SOURCE_NESTING } from '../sourceNesting';
import { type AppFacts, nextAppsBelow, readAppFacts } from './appFacts';
import type { ProjectStyle, ProjectView, WorkspaceFiles } from './project';

/** How the model reads the app: the editor passes its file system, the CLI node:fs. */
export interface ProjectHost {
  /** Text of a file relative to the project root, or undefined when it cannot be read. */
  readFile(file: string): string | undefined;
  /** The TypeScript API, loaded on first need (it is the heaviest thing the product loads). */
  loadTypeScript(): TsApi;
}

/** Dependencies anywhere; build output only at the project root, where Next and tools put it. */
const IGNORED = /(^|\/)node_modules\/|^(\.next|\.git|\.vercel|out|dist)\//;
const FUNCTION_SOURCE = /^(src\/)?(app|pages)\/|^(src\/)?(middleware|proxy)\.[cm]?[jt]s$/;
/** Workspace files outside the app: dependencies and tool folders anywhere; a package's dist is read (it may be what it exports). */
const IGNORED_OUTSIDE = /(^|\/)(node_modules|\.git|\.next|\.vercel|\.turbo)\//;
/** Files whose text decides which workspace package an import names, or where it points. */
const WORKSPACE_MANIFEST = /(^|\/)(package\.json|pnpm-workspace\.yaml|[tj]sconfig\.json)$/;

/** The workspace around the app, as an adapter found it (see ProjectView.workspace). */
export interface WorkspaceInput {
  /** The app root relative to the workspace root, "/"-separated ('' when the app is the root). */
  appDir: string;
  /** The workspace's files, relative to its root; those inside the app are skipped (the app's own list has them). */
  files: Iterable<string>;
}
/** Files whose content changes what the folder is (appFacts.ts): a package.json, a next.config, a workspace marker. */
const APP_FACT_FILE = /(^|\/)(package\.json|next\.config\.[a-z]+)$|^(pnpm-workspace\.yaml|lerna\.json|nx\.json|turbo\.json|rush\.json)$/;

/**
 * The Next.js app around one vercel.json, kept current file by file: a file event updates
 * the route table entry and drops that file's cached exports, nothing else.
 */
export class ProjectModel implements ProjectView {
  readonly routes: RouteTable;
  config: NextConfigInfo;
  private readonly fileSet = new Set<string>();
  private readonly exportsCache = new Map<string, RouteExports | undefined>();
  private readonly sourceCache = new Map<string, SourceFile | undefined>();
  /** Why a cached parse came out empty, per file. */
  private readonly unparsed = new Map<string, string>();
  private cachedStyle: ProjectStyle | undefined;
  private cachedFunctionSources: string[] | undefined;
  /** One array per file set: fixes ask for it per finding, and callers may key caches on it. */
  private cachedFiles: readonly string[] | undefined;
  private cachedEnvFiles: string[] | undefined;
  private cachedApp: AppFacts | undefined;
  private cachedAppsBelow: readonly string[] | undefined;
  /** File texts read since the file's last event: a check reads tsconfig and package.json often. */
  private readonly texts = new Map<string, string | undefined>();
  /** Cron paths resolve on every keystroke; file events are rare, so they clear this. */
  private readonly matches = new Map<string, RouteEntry | undefined>();
  /** Where trackReads records the paths read, while a caller tracks them. */
  private reads: Set<string> | undefined;
  /** The app's folder in its workspace, when it is in one. */
  private readonly workspaceDir: string | undefined;
  /** Workspace files outside the app, named from the app root (`../../packages/auth/package.json`). */
  private readonly outside = new Set<string>();
  private cachedWorkspace: WorkspaceFiles | undefined;

  constructor(
    files: Iterable<string>,
    private readonly host: ProjectHost,
    workspace?: WorkspaceInput,
  ) {
    for (const file of files) if (!IGNORED.test(file)) this.fileSet.add(file);
    if (workspace) {
      this.workspaceDir = workspace.appDir;
      for (const file of workspace.files) {
        const path = appRelative(workspace.appDir, file);
        if (path.startsWith('../') && !IGNORED_OUTSIDE.test(path)) this.outside.add(path);
      }
    }
    this.config = this.readConfig();
    this.routes = new RouteTable(this.config);
    for (const file of this.fileSet) this.routes.addFile(file);
  }

  files(): readonly string[] {
    return (this.cachedFiles ??= [...this.fileSet]);
  }

  /** The files below a folder, the app's or (`../…`) the workspace's: what a deleted folder takes with it. */
  filesUnder(folder: string): string[] {
    const prefix = `${folder}/`;
    const under: string[] = [];
    for (const file of isOutside(folder) ? this.outside : this.fileSet) if (file.startsWith(prefix)) under.push(file);
    return under;
  }

  matchRoute(appPath: string): RouteEntry | undefined {
    if (!this.matches.has(appPath)) this.matches.set(appPath, this.routes.match(appPath));
    return this.matches.get(appPath);
  }

  functionSources(): readonly string[] {
    return (this.cachedFunctionSources ??= [...this.fileSet].filter((f) => FUNCTION_SOURCE.test(f)));
  }

  get style(): ProjectStyle {
    return (this.cachedStyle ??= this.detectStyle());
  }

  /**
   * Whether file events for `file` concern the model (dependencies and build output do not). A
   * path outside the app (`../…`) concerns it when it is in the app's workspace.
   */
  watches(file: string): boolean {
    if (isOutside(file)) return this.workspaceDir !== undefined && workspaceRelative(this.workspaceDir, file) !== undefined && !IGNORED_OUTSIDE.test(file);
    return !IGNORED.test(file);
  }

  workspace(): WorkspaceFiles | undefined {
    if (this.workspaceDir === undefined) return undefined;
    if (!this.cachedWorkspace) {
      const manifests: string[] = [];
      for (const set of [this.fileSet, this.outside]) for (const file of set) if (file === 'package.json' || file.endsWith('/package.json')) manifests.push(file);
      this.cachedWorkspace = { appDir: this.workspaceDir, manifests: manifests.sort() };
    }
    return this.cachedWorkspace;
  }

  trackReads(reads: Set<string> | undefined): void {
    this.reads = reads;
  }

  readFile(file: string): string | undefined {
    this.reads?.add(file);
    if (!this.texts.has(file)) this.texts.set(file, this.host.readFile(file));
    return this.texts.get(file);
  }

  app(): AppFacts {
    return (this.cachedApp ??= readAppFacts(this));
  }

  nextAppsBelow(): readonly string[] {
    return (this.cachedAppsBelow ??= this.app().kind === 'next' ? [] : nextAppsBelow(this));
  }

  envFiles(): readonly string[] {
    return (this.cachedEnvFiles ??= [...this.fileSet].filter(isEnvFile));
  }

  has(file: string): boolean {
    this.reads?.add(file);
    return this.fileSet.has(file) || (this.outside.size > 0 && this.outside.has(file));
  }

  ts(): TsApi {
    return this.host.loadTypeScript();
  }

  sourceFile(file: string): SourceFile | undefined {
    this.reads?.add(file);
    if (!this.sourceCache.has(file)) {
      const text = this.readFile(file);
      let parsed: SourceFile | undefined;
      this.unparsed.delete(file);
      if (text !== undefined) {
        const deep = excessiveSourceNesting(text);
        if (deep >= 0) this.unparsed.set(file, `it nests brackets more than ${MAX_SOURCE_NESTING} levels deep (at offset ${deep}), deeper than TypeScript can parse`);
        else {
          try {
            parsed = parseSource(this.host.loadTypeScript(), file, text);
          } catch (error) {
            // Other shapes (thousands of nested ifs or arrows) still overflow TypeScript's parser.
            this.unparsed.set(file, error instanceof RangeError ? 'it is nested too deeply for TypeScript to parse' : `TypeScript could not parse it (${error instanceof Error ? error.message : String(error)})`);
          }
        }
      }
      this.sourceCache.set(file, parsed);
    }
    return this.sourceCache.get(file);
  }

  unparsable(file: string): string | undefined {
    this.sourceFile(file);
    return this.unparsed.get(file);
  }

  routeExports(file: string): RouteExports | undefined {
    this.reads?.add(file);
    if (!this.exportsCache.has(file)) {
      const sourceFile = this.sourceFile(file);
      this.exportsCache.set(file, sourceFile ? scanExports(this.host.loadTypeScript(), sourceFile) : undefined);
    }
    return this.exportsCache.get(file);
  }

  release(file: string): void {
    this.sourceCache.delete(file);
    this.exportsCache.delete(file);
  }

  fileCreated(file: string): void {
    if (isOutside(file)) return this.outsideEvent(file, true);
    if (IGNORED.test(file)) return;
    this.cachedWorkspace = undefined;
    this.fileSet.add(file);
    this.cachedFiles = undefined;
    this.cachedFunctionSources = undefined;
    this.cachedEnvFiles = undefined;
    this.forgetApp();
    this.routes.addFile(file);
    this.matches.clear();
    this.fileChanged(file);
  }

  /** New content: a file's route depends on its path, so only a config change touches the table. */
  fileChanged(file: string): void {
    if (isOutside(file)) return this.outsideEvent(file, true);
    if (IGNORED.test(file)) return;
    if (WORKSPACE_MANIFEST.test(file)) this.cachedWorkspace = undefined;
    this.texts.delete(file);
    this.sourceCache.delete(file);
    this.exportsCache.delete(file);
    if (APP_FACT_FILE.test(file)) this.forgetApp();
    if (NEXT_CONFIG_FILES.includes(file)) {
      this.config = this.readConfig();
      this.routes.setConfig(this.config);
      this.matches.clear();
    } else if (!this.fileSet.has(file)) {
      // An edited document the model has not seen created yet (a file a fix just created, before
      // the file watcher reports it): it exists for module resolution from now on.
      this.fileSet.add(file);
      this.cachedWorkspace = undefined;
      this.cachedFiles = undefined;
      this.cachedFunctionSources = undefined;
      this.cachedEnvFiles = undefined;
      this.forgetApp();
      this.routes.addFile(file);
      this.matches.clear();
    }
    this.cachedStyle = undefined;
  }

  fileDeleted(file: string): void {
    if (isOutside(file)) return this.outsideEvent(file, false);
    this.cachedWorkspace = undefined;
    this.sourceCache.delete(file);
    this.matches.clear();
    this.fileSet.delete(file);
    this.cachedFiles = undefined;
    this.cachedFunctionSources = undefined;
    this.cachedEnvFiles = undefined;
    this.forgetApp();
    this.texts.delete(file);
    this.exportsCache.delete(file);
    this.routes.removeFile(file);
    if (NEXT_CONFIG_FILES.includes(file)) {
      this.config = this.readConfig();
      this.routes.setConfig(this.config);
    }
  }

  /** A workspace file outside the app was created or changed (`exists`), or deleted: only module resolution reads it. */
  private outsideEvent(file: string, exists: boolean): void {
    if (!this.watches(file)) return;
    this.texts.delete(file);
    this.sourceCache.delete(file);
    this.exportsCache.delete(file);
    if (exists === this.outside.has(file) && !WORKSPACE_MANIFEST.test(file)) return;
    if (exists) this.outside.add(file);
    else this.outside.delete(file);
    this.cachedWorkspace = undefined;
  }

  /** A file appeared, went, or a file that says what the folder is changed. */
  private forgetApp(): void {
    this.cachedApp = undefined;
    this.cachedAppsBelow = undefined;
  }

  private readConfig(): NextConfigInfo {
    for (const name of NEXT_CONFIG_FILES) {
      if (!this.fileSet.has(name)) continue;
      const text = this.host.readFile(name);
      if (text !== undefined) return readNextConfig(text, name);
    }
    return defaultNextConfig();
  }

  private detectStyle(): ProjectStyle {
    const files = [...this.fileSet];
    const has = (prefix: string) => files.some((f) => f.startsWith(prefix));
    // Next.js uses src/app only when there is no root app/; follow a project that already uses src/.
    const appDir = has('app/') ? 'app' : has('src/app/') || has('src/pages/') ? 'src/app' : 'app';
    const typed = this.fileSet.has('tsconfig.json') || files.some((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
    let sample = '';
    for (const route of this.routes.routes()) {
      const text = this.readFile(route.file);
      if (text) {
        sample = text;
        break;
      }
    }
    return { appDir, extension: typed ? 'ts' : 'js', ...detectCodeStyle(sample) };
  }
}

function isOutside(file: string): boolean {
  return file === '..' || file.startsWith('../');
}

const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/;
const NOT_A_STATEMENT_END = new Set(['{', '}', '(', ',', '[']);

/** Quote, semicolon and indent habits of a source file, defaulting to Next.js's own templates. */
export function detectCodeStyle(text: string): Pick<ProjectStyle, 'quote' | 'semicolons' | 'indent'> {
  const imports = text.match(/^import .* from (['"])/gm) ?? [];
  const doubles = imports.filter((l) => l.endsWith('"')).length;
  const quote = imports.length && doubles > imports.length / 2 ? '"' : "'";
  // Lines that end a statement (not `{`, `}`, `(`, `,` or `[`): how many of them end with `;`.
  // A loop over lines, not a multiline regex: that scanned every character of every fixed file.
  let statementEnds = 0;
  let withSemicolon = 0;
  for (const line of text.split(LINE_BREAK)) {
    const last = line.trimEnd().at(-1);
    if (last === undefined || NOT_A_STATEMENT_END.has(last)) continue;
    statementEnds++;
    if (last === ';') withSemicolon++;
  }
  const semicolons = statementEnds === 0 || withSemicolon >= statementEnds / 2;
  // Not a block comment's continuation (` * …` under `/**`): its one space is no indent unit.
  const indentMatch = /^([ \t]+)(?!\*)\S/m.exec(text);
  const indent = indentMatch ? (indentMatch[1]!.startsWith('\t') ? '\t' : ' '.repeat(Math.min(indentMatch[1]!.length, 8))) : '  ';
  return { quote, semicolons, indent };
}
