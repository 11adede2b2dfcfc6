import type { RouteExports } from '../next/routeExports';
import type { AppFacts } from './appFacts';
import type { RouteTable } from '../next/routeTable';
import type { NextConfigInfo, ProjectStyle, RouteEntry } from '../next/types';

/**
 * What the rules may know about the app around a vercel.json. The editor builds it from a
 * file watcher, the CLI from a directory walk; both parse route files lazily and cache them.
 */
export interface ProjectView {
  config: NextConfigInfo;
  routes: RouteTable;
  /** The route serving a path inside the app (basePath removed), memoised between file events. */
  matchRoute(appPath: string): RouteEntry | undefined;
  /** Every file of the app relative to its root. */
  files(): readonly string[];
  /** Files that can become functions (app/, pages/, middleware, proxy): what `functions` keys match. */
  functionSources(): readonly string[];
  /** Text of any file of the app (route files, helpers, .env files, package.json). */
  readFile(file: string): string | undefined;
  /** A parsed TypeScript/JavaScript file of the app, cached until its next file event. */
  sourceFile(file: string): import('typescript').SourceFile | undefined;
  /** Why a file that can be read could not be parsed (nested too deep, TypeScript failed), if so. */
  unparsable(file: string): string | undefined;
  /** Drops a file's parsed tree and exports: a one-shot run is done with it (the next read parses again). */
  release(file: string): void;
  /** The app's .env files (not templates such as .env.example). */
  envFiles(): readonly string[];
  /** Whether a file exists in the app. */
  has(file: string): boolean;
  /** The loaded TypeScript API (loads it on first call). */
  ts(): import('../next/routeExports').TsApi;
  /** Exported handlers of a route file, or undefined when it cannot be read. */
  routeExports(file: string): RouteExports | undefined;
  /**
   * What the folder is to Vercel (appFacts.ts): a Next.js app or another project, and for
   * another project what serves its paths. Rules that hold only in a Next.js app ask first.
   */
  app(): AppFacts;
  /** When the folder is no Next.js app: the Next.js app folders below it (appFacts.ts), else empty. */
  nextAppsBelow(): readonly string[];
  /** How new route files should look: folder, extension and code style. */
  style: ProjectStyle;
  /**
   * Records into `reads` every project path read, parsed or probed for existence (a module
   * resolution's candidates too) until called again with undefined: what a route's findings
   * depend on, so the editor re-checks it when one of those paths is created, changed or deleted.
   */
  trackReads?(reads: Set<string> | undefined): void;
  /**
   * The npm/yarn/bun/pnpm workspace the app belongs to, when the adapter found one (the nearest
   * folder from the app up whose package.json declares `workspaces` or that holds
   * pnpm-workspace.yaml). Its files outside the app are named from the app root
   * (`../../packages/auth/src/index.ts`), and has, readFile and sourceFile answer for them too.
   * The same object until a file appears or goes or a manifest changes: the core caches on it.
   */
  workspace?(): WorkspaceFiles | undefined;
}

/** What the core needs to know of the workspace around an app (routes/workspacePackages.ts). */
export interface WorkspaceFiles {
  /** The app root relative to the workspace root, "/"-separated: `apps/web`, or '' when the app is the root. */
  appDir: string;
  /** Every package.json of the workspace (the app's own and the root's included), as app paths, sorted. */
  manifests: readonly string[];
}

export type { ProjectStyle };
