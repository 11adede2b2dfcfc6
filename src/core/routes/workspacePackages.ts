import { Minimatch } from 'minimatch';
import { parseJsonc } from '../jsonc';
import type { ProjectView, WorkspaceFiles } from '../vercel/project';
import { appRelative, normalizePath, workspaceRelative } from '../vercel/workspacePaths';

export { appRelative, normalizePath, workspaceRelative };

/**
 * Imports of workspace packages (npm, yarn and bun `workspaces`, pnpm's pnpm-workspace.yaml),
 * followed like local files with no node_modules installed: `@acme/auth` and `@acme/auth/cron`
 * resolve through the package's package.json (`exports`, else `module`/`main`/`types`) to the
 * file in the workspace, and to its TypeScript source when the named build output is absent.
 * A name no workspace package has is not followed (undefined: "cannot tell").
 *
 * Paths are relative to the app root, as every ProjectView path is: a package beside the app is
 * `../../packages/auth/...`.
 */

/** Bounds: a workspace declaring or holding more than this is read up to the bound, never past it. */
export const MAX_WORKSPACE_GLOBS = 100;
export const MAX_WORKSPACE_PACKAGES = 2_000;
/** How deep `exports` conditions may nest, and how many targets one import tries. */
const MAX_EXPORTS_DEPTH = 16;
const MAX_TARGETS = 32;
/** Resolutions kept per workspace state; past it the cache starts over (answers stay the same). */
const MAX_CACHED = 10_000;

/** Conditions a Next.js server build (Node or edge) or TypeScript may pick, in no order: the `exports` object's own key order decides. */
const CONDITIONS = new Set(['types', 'typings', 'source', 'typescript', 'react-server', 'node', 'edge-light', 'worker', 'import', 'require', 'module', 'module-sync', 'default', 'development', 'production']);
/** Folders build tools write to: `dist/index.js` is built from `src/index.ts`. */
const OUT_DIRS = new Set(['dist', 'build', 'lib', 'out', 'esm', 'cjs', 'es', 'types', 'typings']);
/** A second level under an out dir that names a format, not a source folder (`dist/esm/index.js`). */
const FORMAT_DIRS = new Set(['esm', 'cjs', 'es', 'mjs', 'types', 'node']);
const BUILT = /\.d\.[cm]?ts$|\.[cm]?jsx?$/;
const DECLARATION = /\.d\.[cm]?ts$/;
/** What firstExisting tries after a base name: a file with a source extension, or a folder's index. */
const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.jsx'];

/**
 * An app path in the one spelling has() and the editor's file events use: `../web/lib/x.ts`
 * from `apps/web` is `lib/x.ts`. Paths without `..` are returned as they are.
 */
export function canonicalAppPath(workspace: WorkspaceFiles | undefined, appPath: string): string {
  if (!workspace || !workspace.appDir || !appPath.startsWith('..')) return appPath;
  const inWorkspace = workspaceRelative(workspace.appDir, appPath);
  return inWorkspace === undefined ? appPath : appRelative(workspace.appDir, inWorkspace);
}

/**
 * The workspace globs a folder declares: package.json `workspaces` (an array, or an object with
 * `packages`, as yarn writes it) and pnpm-workspace.yaml `packages`. Undefined when the folder is
 * no workspace root; an empty list when it is one declaring no package globs.
 */
export function workspaceGlobs(packageJson: string | undefined, pnpmWorkspace: string | undefined): string[] | undefined {
  let globs: string[] | undefined;
  const fromJson = packageJson === undefined ? undefined : declaredInPackageJson(packageJson);
  if (fromJson) globs = fromJson;
  if (pnpmWorkspace !== undefined) globs = [...(globs ?? []), ...pnpmPackages(pnpmWorkspace)];
  return globs?.slice(0, MAX_WORKSPACE_GLOBS);
}

/** Whether a folder is a workspace root, from its package.json text and whether it holds pnpm-workspace.yaml. */
export function declaresWorkspace(packageJson: string | undefined, hasPnpmWorkspace: boolean): boolean {
  return hasPnpmWorkspace || (packageJson !== undefined && declaredInPackageJson(packageJson) !== undefined);
}

function declaredInPackageJson(text: string): string[] | undefined {
  // Cheap refusal for the commonest package.json, which declares none.
  if (!text.includes('"workspaces"')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const workspaces = isObject(json) ? json.workspaces : undefined;
  const list = Array.isArray(workspaces) ? workspaces : isObject(workspaces) && Array.isArray(workspaces.packages) ? workspaces.packages : undefined;
  return list?.filter((g): g is string => typeof g === 'string');
}

/**
 * The `packages` list of a pnpm-workspace.yaml: a block sequence (`  - 'apps/*'`) or a flow one
 * (`packages: [apps/*, "packages/*"]`) of plain, single- or double-quoted strings, comments
 * allowed. Only that key is read, line by line with no recursion: anything else in the file
 * (catalogs, settings) is skipped, and an entry that is no string is left out.
 */
export function pnpmPackages(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  const globs: string[] = [];
  for (let i = 0; i < lines.length && globs.length < MAX_WORKSPACE_GLOBS; i++) {
    const key = /^(packages|"packages"|'packages')\s*:(.*)$/.exec(lines[i]!);
    if (!key) continue;
    const rest = stripComment(key[2]!).trim();
    if (rest.startsWith('[')) {
      // A flow sequence, maybe over several lines: read up to its closing bracket.
      let flow = rest;
      for (let j = i + 1; !closesFlow(flow) && j < lines.length && flow.length < 100_000; j++) flow += ` ${stripComment(lines[j]!).trim()}`;
      for (const item of splitFlow(flow)) {
        const value = scalar(item);
        if (value !== undefined && globs.length < MAX_WORKSPACE_GLOBS) globs.push(value);
      }
      continue;
    }
    if (rest) continue;
    // A block sequence: the following "- item" lines (at any indent, YAML allows none), until a line of lesser indentation that is no item.
    for (let j = i + 1; j < lines.length && globs.length < MAX_WORKSPACE_GLOBS; j++) {
      const line = stripComment(lines[j]!);
      if (!line.trim()) continue;
      const item = /^\s*-\s+(.*)$/.exec(line) ?? /^\s*-$/.exec(line);
      if (!item) break;
      const value = item[1] === undefined ? undefined : scalar(item[1].trim());
      if (value !== undefined) globs.push(value);
      i = j;
    }
  }
  return globs;
}

/** A line without its `# comment` (a # that starts the line or follows a space, outside quotes). */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return line.slice(0, i);
  }
  return line;
}

function closesFlow(flow: string): boolean {
  return flow.includes(']');
}

function splitFlow(flow: string): string[] {
  const end = flow.indexOf(']');
  const inner = flow.slice(flow.indexOf('[') + 1, end < 0 ? undefined : end);
  const items: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const c of inner) {
    if (quote) {
      if (c === quote) quote = undefined;
      current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === ',') {
      items.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) items.push(current.trim());
  return items;
}

/** A YAML scalar holding a glob: plain, 'single' ('' is a quote) or "double" (simple escapes). */
function scalar(text: string): string | undefined {
  if (!text) return undefined;
  if (text.startsWith("'")) return text.length > 1 && text.endsWith("'") ? text.slice(1, -1).replace(/''/g, "'") : undefined;
  if (text.startsWith('"')) return text.length > 1 && text.endsWith('"') ? text.slice(1, -1).replace(/\\(["\\/])/g, '$1') : undefined;
  // A nested collection, an anchor, an alias or a tag is no glob.
  if (/^[[{&*!|>]/.test(text)) return undefined;
  return text;
}

/**
 * The nearest folder, from `appDir` up to the boundary (''), that is a workspace root, or
 * undefined. Folders are "/"-separated and relative to the boundary: the folder `check` was
 * given, or the editor's workspace folder. `probe` reads a folder's package.json and says
 * whether it holds pnpm-workspace.yaml.
 */
export function findWorkspaceRoot(appDir: string, probe: (dir: string) => { packageJson: string | undefined; pnpmWorkspace: boolean }): string | undefined {
  for (let dir = appDir; ; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '') {
    const { packageJson, pnpmWorkspace } = probe(dir);
    if (declaresWorkspace(packageJson, pnpmWorkspace)) return dir;
    if (!dir) return undefined;
  }
}

interface WorkspacePackage {
  name: string;
  /** The package folder, relative to the app root ('' when the app itself is the package). */
  dir: string;
  manifest: Record<string, unknown>;
}

interface Resolution {
  file: string | undefined;
  /** What the answer rests on: the root manifests, the package's, the paths probed, in order. */
  probes: string[];
}

/** One workspace state's packages and the answers given: rebuilt when the ProjectView hands out a new WorkspaceFiles. */
interface WorkspaceState {
  packages: Map<string, WorkspacePackage>;
  /** Packages by folder: which package a file belongs to is a walk up its folders. */
  byDir: Map<string, WorkspacePackage>;
  /** The workspace root's package.json and pnpm-workspace.yaml: every answer rests on them. */
  roots: [string, string];
  resolutions: Map<string, Resolution>;
  packageOf: Map<string, WorkspacePackage | undefined>;
}

const states = new WeakMap<WorkspaceFiles, WorkspaceState>();

function state(project: ProjectView, workspace: WorkspaceFiles): WorkspaceState {
  let found = states.get(workspace);
  if (found) return found;
  const root = appRelative(workspace.appDir, '');
  const at = (file: string) => (root ? `${root}/${file}` : file);
  const rootManifest = at('package.json');
  const pnpmFile = at('pnpm-workspace.yaml');
  const globs = workspaceGlobs(project.readFile(rootManifest), project.has(pnpmFile) ? (project.readFile(pnpmFile) ?? '') : undefined) ?? [];
  const include: Minimatch[] = [];
  const exclude: Minimatch[] = [];
  for (const glob of globs) {
    const negated = glob.startsWith('!');
    const pattern = normalizePath(negated ? glob.slice(1) : glob);
    if (!pattern || pattern.startsWith('..')) continue;
    (negated ? exclude : include).push(new Minimatch(pattern, { dot: false }));
  }
  const packages = new Map<string, WorkspacePackage>();
  const byDir = new Map<string, WorkspacePackage>();
  if (include.length) {
    for (const manifestPath of workspace.manifests) {
      if (byDir.size >= MAX_WORKSPACE_PACKAGES) break;
      const inWorkspace = workspaceRelative(workspace.appDir, manifestPath);
      if (inWorkspace === undefined || inWorkspace === 'package.json') continue;
      const dir = inWorkspace.slice(0, -'/package.json'.length);
      if (!include.some((m) => m.match(dir)) || exclude.some((m) => m.match(dir))) continue;
      const manifest = parseManifest(project.readFile(manifestPath));
      if (!manifest) continue;
      const pkg: WorkspacePackage = { name: typeof manifest.name === 'string' ? manifest.name : '', dir: manifestPath.slice(0, -'package.json'.length).replace(/\/$/, ''), manifest };
      byDir.set(pkg.dir, pkg);
      // Two packages of one name: the first in path order, as the manifests come sorted.
      if (pkg.name && !packages.has(pkg.name)) packages.set(pkg.name, pkg);
    }
  }
  found = { packages, byDir, roots: [rootManifest, pnpmFile], resolutions: new Map(), packageOf: new Map() };
  states.set(workspace, found);
  return found;
}

function parseManifest(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(text);
    return isObject(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The workspace package folder holding an app path (`../../packages/auth` for
 * `../../packages/auth/src/index.ts`), or undefined outside every package or in the app itself.
 * A file of a package reads that package's tsconfig, not the app's.
 */
export function workspacePackageDir(project: ProjectView, file: string): string | undefined {
  const workspace = project.workspace?.();
  if (!workspace) return undefined;
  const current = state(project, workspace);
  if (!current.byDir.size) return undefined;
  const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  if (!current.packageOf.has(folder)) {
    // The nearest folder up that is a package: a few lookups, however many packages there are.
    let pkg: WorkspacePackage | undefined;
    for (let dir = folder; ; dir = dir.slice(0, Math.max(dir.lastIndexOf('/'), 0))) {
      pkg = current.byDir.get(dir);
      if (pkg || !dir || dir.endsWith('..')) break;
    }
    current.packageOf.set(folder, pkg);
  }
  const pkg = current.packageOf.get(folder);
  return pkg && pkg.dir !== '' ? pkg.dir : undefined;
}

/** `@acme/auth/cron` → [`@acme/auth`, `./cron`]; `auth` → [`auth`, `.`]. */
function splitSpecifier(specifier: string): [name: string, subpath: string] | undefined {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < length || parts.slice(0, length).some((p) => !p)) return undefined;
  const rest = parts.slice(length);
  return [parts.slice(0, length).join('/'), rest.length ? `./${rest.join('/')}` : '.'];
}

/**
 * The app path of the file a bare import names when it is a workspace package, or undefined: no
 * workspace, no package of that name, not exported, or nothing there. Answers are kept per
 * workspace state (the ProjectView hands out a new one when a manifest or the file set changes),
 * and each replays what it rests on (the root manifests, the package's, the paths probed) through
 * has(), so every route asking records them as its reads. Which package a name means rests on
 * every manifest's name: the editor re-checks all routes when any package.json changes.
 */
export function resolveWorkspaceImport(project: ProjectView, specifier: string): string | undefined {
  const workspace = project.workspace?.();
  if (!workspace) return undefined;
  const current = state(project, workspace);
  if (!current.packages.size) return undefined;
  let resolution = current.resolutions.get(specifier);
  if (!resolution) {
    const probes: string[] = [...current.roots];
    const split = splitSpecifier(specifier);
    const pkg = split && current.packages.get(split[0]);
    let file: string | undefined;
    if (pkg && split) {
      probes.push(pkg.dir ? `${pkg.dir}/package.json` : 'package.json');
      file = resolveInPackage(project, pkg, split[1], (path) => {
        probes.push(path);
        return project.has(path);
      });
    }
    if (current.resolutions.size >= MAX_CACHED) current.resolutions.clear();
    current.resolutions.set(specifier, (resolution = { file, probes }));
  }
  for (const path of resolution.probes) project.has(path);
  return resolution.file;
}

function resolveInPackage(project: ProjectView, pkg: WorkspacePackage, subpath: string, has: (file: string) => boolean): string | undefined {
  const { manifest } = pkg;
  const inPackage = (target: string) => (pkg.dir ? `${pkg.dir}/${target}` : target);
  let targets: string[];
  if (manifest.exports !== undefined && manifest.exports !== null) {
    const found = exportTargets(manifest.exports, subpath);
    // Node refuses a subpath the exports map does not name; so does this.
    if (!found) return undefined;
    targets = found;
  } else if (subpath === '.') {
    targets = ['module', 'main', 'types', 'typings'].map((field) => manifest[field]).filter((v): v is string => typeof v === 'string');
    targets.push('index');
  } else {
    targets = [subpath];
  }
  const safe = targets.map(packagePath).filter((t): t is string => t !== undefined);
  // Build output or sources the package names, as they are (a .d.ts has no code to read)...
  for (const target of safe) {
    if (DECLARATION.test(target)) continue;
    const found = firstExisting(inPackage(target), has);
    if (found) return found;
  }
  // ...else the sources it is built from: TypeScript monorepos are often checked out unbuilt.
  const outDirs = compilerDirs(project, pkg, has);
  for (const target of safe) {
    for (const source of sourcesOf(target, outDirs)) {
      const found = firstExisting(inPackage(source), has);
      if (found) return found;
    }
  }
  return undefined;
}

/** A target inside the package, normalised ("./dist/x.js" → "dist/x.js"), or undefined when it leaves it. */
function packagePath(target: string): string | undefined {
  const path = normalizePath(target);
  if (path.startsWith('..') || path.split('/').includes('node_modules')) return undefined;
  return path;
}

function firstExisting(base: string, has: (file: string) => boolean): string | undefined {
  for (const extension of EXTENSIONS) {
    const candidate = extension.startsWith('/') && !base ? extension.slice(1) : base + extension;
    if (has(candidate)) return candidate;
  }
  // TypeScript's ESM style: './x.js' that is really x.ts.
  if (/\.[cm]?jsx?$/.test(base)) return firstExisting(base.replace(/\.[cm]?jsx?$/, ''), has);
  return undefined;
}

/** The package tsconfig's outDir → rootDir, when it says: the surest map from build output to source. */
function compilerDirs(project: ProjectView, pkg: WorkspacePackage, has: (file: string) => boolean): { outDir: string; rootDir: string } | undefined {
  const tsconfig = pkg.dir ? `${pkg.dir}/tsconfig.json` : 'tsconfig.json';
  const text = has(tsconfig) ? project.readFile(tsconfig) : undefined;
  if (!text || !text.includes('outDir')) return undefined;
  const json = parseJsonc(text);
  const options = isObject(json) && isObject(json.compilerOptions) ? json.compilerOptions : undefined;
  const out = typeof options?.outDir === 'string' ? packagePath(options.outDir) : undefined;
  const root = typeof options?.rootDir === 'string' ? packagePath(options.rootDir) : undefined;
  return out ? { outDir: out, rootDir: root ?? 'src' } : undefined;
}

/** The source files a build output path may come from, most likely first, without extension. */
function sourcesOf(target: string, dirs: { outDir: string; rootDir: string } | undefined): string[] {
  if (!BUILT.test(target)) return [];
  const base = target.replace(/\.d\.[cm]?ts$|\.[cm]?jsx?$/, '');
  const join = (dir: string, rest: string) => (dir && rest ? `${dir}/${rest}` : dir || rest);
  const sources: string[] = [];
  if (dirs && (base === dirs.outDir || base.startsWith(`${dirs.outDir}/`))) sources.push(join(dirs.rootDir, base.slice(dirs.outDir.length + 1)));
  const parts = base.split('/');
  if (parts.length > 1 && OUT_DIRS.has(parts[0]!)) {
    const rest = parts.slice(parts.length > 2 && FORMAT_DIRS.has(parts[1]!) ? 2 : 1).join('/');
    sources.push(`src/${rest}`, rest);
  } else if (DECLARATION.test(target)) {
    // `types: "./index.d.ts"` beside `index.ts`, or over `src/`.
    sources.push(base, `src/${base}`);
  }
  return [...new Set(sources)];
}

/**
 * The targets `exports` maps a subpath to, in the order Node and TypeScript would try them across
 * the conditions a Next.js server build or TypeScript may use; '*' replaced. Undefined when the
 * subpath is not exported.
 */
export function exportTargets(exports: unknown, subpath: string): string[] | undefined {
  let entry: unknown;
  let star = '';
  if (typeof exports === 'string' || Array.isArray(exports)) {
    if (subpath !== '.') return undefined;
    entry = exports;
  } else if (isObject(exports)) {
    const keys = Object.keys(exports);
    const subpaths = keys.length > 0 && keys.every((k) => k.startsWith('.'));
    if (!subpaths) {
      // Conditions for "." alone (or a mix Node refuses: then no key is a subpath, as Node reads it).
      if (subpath !== '.' || keys.some((k) => k.startsWith('.'))) return undefined;
      entry = exports;
    } else if (Object.prototype.hasOwnProperty.call(exports, subpath) && !subpath.includes('*')) {
      entry = exports[subpath];
    } else {
      // Subpath patterns ("./*", "./features/*.js"): the longest prefix wins, as in Node.
      let best: string | undefined;
      for (const key of keys) {
        const at = key.indexOf('*');
        if (at < 0 || key.indexOf('*', at + 1) >= 0) continue;
        const prefix = key.slice(0, at);
        const suffix = key.slice(at + 1);
        if (!(subpath.startsWith(prefix) && subpath.length >= key.length && subpath.endsWith(suffix) && subpath !== prefix)) continue;
        if (best === undefined || patternKeyCompare(best, key) > 0) {
          best = key;
          star = subpath.slice(prefix.length, subpath.length - suffix.length);
        }
      }
      if (best === undefined) return undefined;
      entry = exports[best];
    }
  } else {
    return undefined;
  }
  const targets: string[] = [];
  collectTargets(entry, star, 0, targets);
  return targets.length ? targets : undefined;
}

/** Node's PATTERN_KEY_COMPARE: negative when `a` is the better (more specific) pattern. */
function patternKeyCompare(a: string, b: string): number {
  const baseA = a.indexOf('*') + 1;
  const baseB = b.indexOf('*') + 1;
  if (baseA !== baseB) return baseB - baseA;
  return b.length - a.length;
}

function collectTargets(entry: unknown, star: string, depth: number, into: string[]): void {
  if (depth > MAX_EXPORTS_DEPTH || into.length >= MAX_TARGETS) return;
  if (typeof entry === 'string') {
    // Node accepts only targets inside the package ("./…"), with every "*" replaced.
    if (entry.startsWith('./')) into.push(entry.split('*').join(star));
  } else if (Array.isArray(entry)) {
    for (const item of entry.slice(0, MAX_TARGETS)) collectTargets(item, star, depth + 1, into);
  } else if (isObject(entry)) {
    for (const [condition, value] of Object.entries(entry)) {
      if (CONDITIONS.has(condition) || condition.endsWith('/source') || condition.endsWith(':source')) collectTargets(value, star, depth + 1, into);
    }
  }
}
