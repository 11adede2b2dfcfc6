import { defaultNextConfig, NEXT_CONFIG_FILES, readNextConfig } from '../next/nextConfig';
import type { SourceFile } from 'typescript';
import { parseSource, type RouteExports, scanExports, type TsApi } from '../next/routeExports';
import { RouteTable } from '../next/routeTable';
import type { NextConfigInfo, RouteEntry } from '../next/types';
import { isEnvFile } from '../routes/envSecret';
import { excessiveSourceNesting, MAX_SOURCE_NESTING } from '../sourceNesting';
import { type AppFacts, nextAppsBelow, readAppFacts } from './appFacts';
import type { ProjectStyle, ProjectView } from './project';

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

  constructor(
    files: Iterable<string>,
    private readonly host: ProjectHost,
  ) {
    for (const file of files) if (!IGNORED.test(file)) this.fileSet.add(file);
    this.config = this.readConfig();
    this.routes = new RouteTable(this.config);
    for (const file of this.fileSet) this.routes.addFile(file);
  }

  files(): readonly string[] {
    return (this.cachedFiles ??= [...this.fileSet]);
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

  /** Whether file events for `file` concern the model (dependencies and build output do not). */
  watches(file: string): boolean {
    return !IGNORED.test(file);
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
    return this.fileSet.has(file);
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
    if (IGNORED.test(file)) return;
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
    if (IGNORED.test(file)) return;
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
