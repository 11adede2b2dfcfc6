/**
 * What the folder of a vercel.json is to Vercel: a Next.js app, another kind of Vercel project
 * (Hono, Express, plain `api/` functions), or a monorepo's root with the Next.js apps below it.
 * The vercel.json rules that only hold in a Next.js app (route-not-found against app/ and pages/,
 * trailing-slash-redirect, the Next.js prefixes of `functions` keys) and the route rules ask
 * here first, so a project without Next.js is not told about Next.js.
 *
 * Precision over recall: each answer says only what the files show. An undecided question
 * (which framework routes a non-Next project, whether a root file is read) is answered
 * "cannot tell", and the rules that depend on it say nothing.
 */
import { Minimatch } from 'minimatch';
import { NEXT_CONFIG_FILES, UNSUPPORTED_NEXT_CONFIG_FILES } from '../next/nextConfig';
import type { VercelDoc } from './model';

/** The files of the folder (relative, with "/") and their text. */
export interface AppFactsSource {
  files(): readonly string[];
  has(file: string): boolean;
  readFile(file: string): string | undefined;
}

export interface AppFacts {
  /**
   * `next`: `next` in package.json, a next.config, or files only Next.js names so (app/**\/route.ts,
   * page.tsx, layout.tsx, pages/api/, pages/_app; without a readable package.json, any app/ or
   * pages/ file) that no other framework claims. `other`: anything else, from a Hono server or a
   * Vite app with src/pages/ to a folder with no app at all.
   */
  kind: 'next' | 'other';
  /**
   * For `other`: the dependency of package.json that routes requests itself (hono, express,
   * nuxt, astro, …), when there is one. Its routes are not files this check can read.
   */
  framework: string | undefined;
  /**
   * For `other`: source files under api/ that Vercel deploys as functions (not `_` or `.`
   * prefixed, no declaration files), each answering at `/api/<path without extension>`.
   */
  apiFunctions: readonly string[];
  /** package.json has `workspaces`, or there is a pnpm-workspace.yaml, lerna.json, nx.json or turbo.json. */
  workspaceRoot: boolean;
}

/** Config files a Next.js app has, any of which makes the folder one. */
const NEXT_CONFIGS: readonly string[] = [...NEXT_CONFIG_FILES, ...UNSUPPORTED_NEXT_CONFIG_FILES];
const NEXT_CONFIG_NAME = /(^|\/)next\.config\.(js|mjs|cjs|ts|mts|cts|json)$/;

/** Folders Next.js routes from (its own app and pages directories, at the root or in src/). */
const NEXT_ROUTE_FOLDER = /^(src\/)?(app|pages)\//;

/**
 * Files only Next.js names so: the App Router's special files, Pages Router API routes and
 * `_app`/`_document`. A Vite single-page app's src/pages/Home.tsx or a PHP app's app/ are not.
 */
const NEXT_SHAPED_FILE = /^(src\/)?app\/(.*\/)?(page|layout|route|template|default|loading|error|not-found|global-error)\.([cm]?[jt]sx?|mdx)$|^(src\/)?pages\/(api\/|_app\.|_document\.)/;

/**
 * Dependencies whose framework routes requests itself on Vercel (zero-config Hono and Express
 * included), or owns app/ or pages/ folders that are not Next's (Remix, React Router, Nuxt,
 * Astro, Gatsby). With one of them a path's handler is not a file this check can find.
 */
const ROUTING_FRAMEWORKS: readonly string[] = [
  'hono',
  'express',
  'fastify',
  'koa',
  'elysia',
  'h3',
  'nitropack',
  'nitro',
  'nuxt',
  '@sveltejs/kit',
  'astro',
  '@remix-run/node',
  '@remix-run/react',
  '@remix-run/dev',
  '@react-router/dev',
  '@react-router/node',
  '@nestjs/core',
  '@solidjs/start',
  '@tanstack/react-start',
  '@tanstack/start',
  'gatsby',
  '@redwoodjs/core',
  '@builder.io/qwik-city',
  '@analogjs/platform',
  'vinxi',
];

const WORKSPACE_MARKERS = ['pnpm-workspace.yaml', 'lerna.json', 'nx.json', 'turbo.json', 'rush.json'];

/**
 * Source extensions Vercel's runtimes build as functions from api/: the official ones, and the
 * community runtimes projects name in `functions` (vercel-php's .php, vercel-rust's .rs).
 */
const API_FUNCTION = /^api\/(?:[^/]+\/)*[^/]+\.(?:js|mjs|cjs|ts|mts|cts|jsx|tsx|go|py|rb|php|rs)$/;

interface PackageJson {
  dependencies?: unknown;
  devDependencies?: unknown;
  workspaces?: unknown;
}

/** package.json as an object, or undefined when it is missing, unreadable or not an object. */
export function readPackageJson(text: string | undefined): PackageJson | undefined {
  if (text === undefined) return undefined;
  try {
    const json = JSON.parse(text) as unknown;
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The names in dependencies and devDependencies. */
export function dependencyNames(pkg: PackageJson | undefined): Set<string> {
  return new Set([...Object.keys(record(pkg?.dependencies)), ...Object.keys(record(pkg?.devDependencies))]);
}

function isApiFunction(file: string): boolean {
  if (!API_FUNCTION.test(file) || /\.d\.[cm]?ts$/.test(file)) return false;
  // Vercel serves no function from a file or folder whose name starts with _ or . (helpers).
  return !file.split('/').some((segment) => segment.startsWith('_') || segment.startsWith('.'));
}

/** Reads the facts of a folder; the caller caches them until a file event. */
export function readAppFacts(source: AppFactsSource): AppFacts {
  const pkg = readPackageJson(source.readFile('package.json'));
  const dependencies = dependencyNames(pkg);
  const files = source.files();
  const workspaceRoot = Array.isArray(pkg?.workspaces) || Array.isArray(record(pkg?.workspaces).packages) || WORKSPACE_MARKERS.some((marker) => source.has(marker));
  const framework = ROUTING_FRAMEWORKS.find((name) => dependencies.has(name));
  // Without a package.json to read (a folder being set up, a stub), app/ or pages/ files say
  // Next.js; with one that does not name next, only files Next.js alone names so do.
  const routeFiles = pkg === undefined ? NEXT_ROUTE_FOLDER : NEXT_SHAPED_FILE;
  const next =
    dependencies.has('next') ||
    NEXT_CONFIGS.some((config) => source.has(config)) ||
    (framework === undefined && files.some((file) => routeFiles.test(file)));
  if (next) return { kind: 'next', framework: undefined, apiFunctions: [], workspaceRoot };
  return { kind: 'other', framework, apiFunctions: files.filter(isApiFunction), workspaceRoot };
}

/**
 * The workspace globs of a monorepo root (package.json `workspaces`, or the `packages` of
 * pnpm-workspace.yaml), or undefined when none can be read.
 */
function workspaceGlobs(source: AppFactsSource): string[] | undefined {
  const pkg = readPackageJson(source.readFile('package.json'));
  const fromPackage = Array.isArray(pkg?.workspaces) ? pkg.workspaces : record(pkg?.workspaces).packages;
  if (Array.isArray(fromPackage)) return fromPackage.filter((g): g is string => typeof g === 'string');
  const yaml = source.has('pnpm-workspace.yaml') ? source.readFile('pnpm-workspace.yaml') : undefined;
  if (yaml === undefined) return undefined;
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split(/\r?\n/)) {
    if (/^\S/.test(line)) inPackages = /^packages\s*:/.test(line);
    else if (inPackages) {
      const item = /^\s*-\s*(['"]?)([^'"#]+?)\1\s*(#.*)?$/.exec(line);
      if (item) globs.push(item[2]!);
    }
  }
  return globs.length ? globs : undefined;
}

/**
 * The folders below a folder that is no Next.js app, which are: a next.config, or a package.json
 * that depends on `next`. Outermost only (an app's own subfolders are the app), sorted; inside
 * the workspace globs when the root names them (`!` exclusions honoured). Empty when there are none.
 */
export function nextAppsBelow(source: AppFactsSource): string[] {
  const candidates = new Set<string>();
  for (const file of source.files()) {
    const slash = file.lastIndexOf('/');
    if (slash <= 0) continue;
    const folder = file.slice(0, slash);
    if (NEXT_CONFIG_NAME.test(file)) candidates.add(folder);
    else if (file.endsWith('/package.json') && !candidates.has(folder) && dependencyNames(readPackageJson(source.readFile(file))).has('next')) candidates.add(folder);
  }
  const globs = workspaceGlobs(source);
  const include = globs?.filter((g) => !g.startsWith('!')).map((g) => new Minimatch(g.replace(/^\.\//, '').replace(/\/+$/, ''), { dot: true }));
  const exclude = globs?.filter((g) => g.startsWith('!')).map((g) => new Minimatch(g.slice(1).replace(/^\.\//, '').replace(/\/+$/, ''), { dot: true }));
  const inWorkspace = (folder: string) => !include || (include.some((m) => m.match(folder)) && !exclude!.some((m) => m.match(folder)));
  const sorted = [...candidates].filter(inWorkspace).sort();
  return sorted.filter((folder) => !sorted.some((other) => other !== folder && folder.startsWith(`${other}/`)));
}

/**
 * vercel.json keys that build from this folder on purpose (a legacy `builds` list, a build
 * command that changes into an app, an output directory inside one): with any of them a file at a
 * monorepo's root may well be read, and whether its crons run cannot be told from the files.
 */
const BUILDS_FROM_HERE = ['builds', 'buildCommand', 'outputDirectory', 'framework', 'installCommand', 'devCommand'];

/** The top-level keys of vercel.json. */
export function topLevelKeys(doc: VercelDoc): Set<string> {
  const keys = new Set<string>();
  if (doc.root?.type !== 'object') return keys;
  for (const property of doc.root.children ?? []) {
    const key = property.children?.[0];
    if (key?.type === 'string') keys.add(String(key.value));
  }
  return keys;
}

/** What `outsideApp` reads of a project: its facts and the apps below it. */
export interface AppView {
  app(): AppFacts;
  nextAppsBelow(): readonly string[];
}

/**
 * The Next.js app folders below a vercel.json that Vercel never reads, or undefined when the
 * file is (or may be) read. Vercel reads vercel.json from the project's Root Directory, which for
 * a Next.js app is the app's folder: a file in a monorepo's root, where there is no Next.js app
 * (no `next` in package.json, no next.config, no app/ or pages/), while the workspace holds one
 * or more below, is never read. Undefined ("cannot tell") when the folder serves something of its
 * own (api/ functions, a framework) or builds from here on purpose (BUILDS_FROM_HERE), or when it
 * is no workspace root.
 */
export function outsideApp(doc: VercelDoc, project: AppView): readonly string[] | undefined {
  const facts = project.app();
  if (facts.kind !== 'other' || !facts.workspaceRoot || facts.framework !== undefined || facts.apiFunctions.length > 0) return undefined;
  const keys = topLevelKeys(doc);
  if (BUILDS_FROM_HERE.some((key) => keys.has(key))) return undefined;
  const apps = project.nextAppsBelow();
  return apps.length ? apps : undefined;
}

/** `[name]`: one segment; `[...name]`: one or more; `[[...name]]`: none or more (Vercel's path segments). */
type ApiSegment = { kind: 'static'; value: string } | { kind: 'one' } | { kind: 'rest'; optional: boolean };

function apiSegments(file: string): ApiSegment[] {
  const parts = file.replace(/\.[^./]+$/, '').split('/').slice(1);
  if (parts[parts.length - 1] === 'index') parts.pop();
  return parts.map((part): ApiSegment => {
    if (/^\[\[\.\.\.[^\]]+\]\]$/.test(part)) return { kind: 'rest', optional: true };
    if (/^\[\.\.\.[^\]]+\]$/.test(part)) return { kind: 'rest', optional: false };
    if (/^\[[^\]]+\]$/.test(part)) return { kind: 'one' };
    return { kind: 'static', value: part };
  });
}

/**
 * How a file's segments match a path: not at all (undefined), by its static segments alone
 * (`static`), with `[name]` segments or a rest segment that took exactly one path segment
 * (`one-segment`), or with a rest segment that took none or several (`rest`): Next.js reads
 * `[...name]` as a catch-all, but whether Vercel does for a plain function is not settled here
 * (it has been reported to match one segment only).
 */
type SegmentMatch = 'static' | 'one-segment' | 'rest';

function segmentsMatch(pattern: readonly ApiSegment[], path: readonly string[]): SegmentMatch | undefined {
  let match: SegmentMatch = 'static';
  for (let i = 0; i < pattern.length; i++) {
    const segment = pattern[i]!;
    if (segment.kind === 'rest') {
      const taken = path.length - i;
      if (taken < (segment.optional ? 0 : 1)) return undefined;
      return taken === 1 ? 'one-segment' : 'rest';
    }
    if (i >= path.length) return undefined;
    if (segment.kind === 'static' && segment.value !== path[i]) return undefined;
    if (segment.kind === 'one') match = 'one-segment';
  }
  return pattern.length === path.length ? match : undefined;
}

/** The segments of a path under /api after `/api`, decoded; undefined when it is not under /api or not decodable. */
function apiPathParts(pathname: string): string[] | undefined {
  if (pathname !== '/api' && !pathname.startsWith('/api/')) return undefined;
  try {
    return pathname.replace(/\/$/, '').split('/').slice(2).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/**
 * Whether a path under /api (pathname only, query removed) is answered by one of `functions`
 * (api/ files, see AppFacts.apiFunctions): `api/cron/cleanup.ts` answers /api/cron/cleanup,
 * `api/cron/index.ts` /api/cron, `api/[job].ts` any /api/<one segment>. `undefined` when the path
 * cannot be told (not under /api, or not decodable): only such a path may be reported missing.
 */
export function apiFunctionServes(pathname: string, functions: readonly string[]): boolean | undefined {
  const parts = apiPathParts(pathname);
  if (parts === undefined) return undefined;
  return functions.some((file) => segmentsMatch(apiSegments(file), parts) !== undefined);
}

/**
 * The one api/ file that serves a path under /api, when the files say which: the file whose
 * segments are all static and match (`api/cron/cleanup.ts`, or `api/cron/index.ts` for /api/cron),
 * else, when `dynamic` allows it, the one file whose `[name]` segments each take one path segment.
 * Undefined when none does, or when two could (`api/cron.ts` beside `api/cron/index.ts` or
 * `api/cron.js`, two dynamic files), or when only a rest segment taking none or several would.
 */
export function apiFunctionFor(pathname: string, functions: readonly string[], options: { dynamic: boolean }): string | undefined {
  const parts = apiPathParts(pathname);
  if (parts === undefined) return undefined;
  const exact: string[] = [];
  const dynamic: string[] = [];
  let uncertain = false;
  for (const file of functions) {
    const match = segmentsMatch(apiSegments(file), parts);
    if (match === 'static') exact.push(file);
    else if (match === 'one-segment') dynamic.push(file);
    else if (match === 'rest') uncertain = true;
  }
  if (exact.length) return exact.length === 1 ? exact[0] : undefined;
  return options.dynamic && !uncertain && dynamic.length === 1 ? dynamic[0] : undefined;
}
