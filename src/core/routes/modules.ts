import { parseJsonc } from '../jsonc';
import type { ProjectView } from '../vercel/project';
import { canonicalAppPath, normalizePath, resolveWorkspaceImport, workspacePackageDir } from './workspacePackages';

const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.jsx'];

interface PathAliases {
  /** Normalised: '' is the project root ("baseUrl": "."); a package's tsconfig counts from its folder. */
  baseUrl: string;
  /** Bare specifiers resolve against baseUrl only when tsconfig sets one. */
  hasBaseUrl: boolean;
  paths: [prefix: string, suffix: string, targets: string[]][];
}

/** Per project, per folder of a tsconfig (the app's is ''), the aliases and the text they come from. */
const aliasCache = new WeakMap<ProjectView, Map<string, { source: string | undefined; aliases: PathAliases }>>();

/** Keeps a leading '..': a path up from the app root names a workspace file beside it. */
const normalize = normalizePath;

/**
 * `compilerOptions.paths` of tsconfig.json or jsconfig.json, as `@/*` → `./src/*` patterns: the
 * app's, or a workspace package's own (`dir`) for the files of that package.
 */
function aliases(project: ProjectView, dir = ''): PathAliases {
  const at = (file: string) => (dir ? `${dir}/${file}` : file);
  const text = project.readFile(at('tsconfig.json')) ?? project.readFile(at('jsconfig.json'));
  let byDir = aliasCache.get(project);
  if (!byDir) aliasCache.set(project, (byDir = new Map()));
  const cached = byDir.get(dir);
  if (cached && cached.source === text) return cached.aliases;
  const result: PathAliases = { baseUrl: dir, hasBaseUrl: false, paths: [] };
  const json = text ? (parseJsonc(text) as { compilerOptions?: { baseUrl?: unknown; paths?: Record<string, unknown> } } | undefined) : undefined;
  const options = json?.compilerOptions;
  if (typeof options?.baseUrl === 'string') {
    result.baseUrl = normalize(at(options.baseUrl));
    result.hasBaseUrl = true;
  }
  for (const [pattern, targets] of Object.entries(options?.paths ?? {})) {
    if (!Array.isArray(targets)) continue;
    const star = pattern.indexOf('*');
    const prefix = star === -1 ? pattern : pattern.slice(0, star);
    const suffix = star === -1 ? '' : pattern.slice(star + 1);
    result.paths.push([prefix, star === -1 ? '\u0000exact' : suffix, targets.filter((t): t is string => typeof t === 'string')]);
  }
  byDir.set(dir, { source: text, aliases: result });
  return result;
}

function firstExisting(project: ProjectView, base: string): string | undefined {
  // The extensions hold no '.' or '..' segment: normalising the base once is the same answer.
  // Up and out of the app, the one spelling the workspace's files have (`../web/lib` is `lib`).
  const normalized = canonicalAppPath(project.workspace?.(), normalize(base));
  for (const extension of EXTENSIONS) {
    const candidate = extension.startsWith('/') && !normalized ? extension.slice(1) : normalized + extension;
    if (project.has(candidate)) return candidate;
  }
  // TypeScript's ESM style: import './x.js' that is really x.ts.
  if (/\.js$/.test(base)) return firstExisting(project, base.slice(0, -3));
  return undefined;
}

/**
 * The project file an import specifier names: relative paths, tsconfig `paths` aliases (such as
 * `@/lib/cron`) and packages of the app's workspace (`@acme/auth`, workspacePackages.ts). Other
 * packages are not followed: undefined means "cannot tell".
 */
export function resolveModule(project: ProjectView, fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '';
    return firstExisting(project, `${dir}/${specifier}`);
  }
  return resolveAliased(project, fromFile, specifier) ?? resolveWorkspaceImport(project, specifier);
}

function resolveAliased(project: ProjectView, fromFile: string, specifier: string): string | undefined {
  const { baseUrl, hasBaseUrl, paths } = aliases(project, workspacePackageDir(project, fromFile));
  for (const [prefix, suffix, targets] of paths) {
    const exact = suffix === '\u0000exact';
    if (exact ? specifier !== prefix : !(specifier.startsWith(prefix) && specifier.endsWith(suffix))) continue;
    const middle = exact ? '' : specifier.slice(prefix.length, specifier.length - suffix.length);
    for (const target of targets) {
      const found = firstExisting(project, `${baseUrl}/${target.replace('*', middle)}`);
      if (found) return found;
    }
  }
  if (hasBaseUrl) return firstExisting(project, `${baseUrl}/${specifier}`);
  return undefined;
}

/**
 * How a route file should import a project file: through a tsconfig `paths` alias such as
 * `@/lib/cron-monitoring` when one maps there, else a relative path. No extension, as Next expects.
 */
export function importSpecifier(project: ProjectView, fromFile: string, targetFile: string): string {
  const target = targetFile.replace(/(\/index)?\.(tsx?|jsx?|mjs)$/, '');
  const { baseUrl, paths } = aliases(project);
  for (const [prefix, suffix, targets] of paths) {
    if (suffix !== '' || !prefix.endsWith('/')) continue;
    for (const mapped of targets) {
      if (!mapped.endsWith('*')) continue;
      const base = normalize(`${baseUrl}/${mapped.slice(0, -1)}`);
      const within = base ? (target.startsWith(`${base}/`) ? target.slice(base.length + 1) : undefined) : target;
      // The target may not exist yet (a helper about to be created): map by prefix, not by lookup.
      if (within !== undefined) return `${prefix}${within}`;
    }
  }
  const from = fromFile.split('/').slice(0, -1);
  const to = target.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

/**
 * How a Vercel function (a project without Next.js) imports a project file: a relative path,
 * since nothing bundles the function or reads tsconfig `paths` for it. Under ESM (a `.mjs`/`.mts`
 * file, or `"type": "module"` in package.json) Node.js needs the extension, and TypeScript's is the
 * compiled one: `../lib/cron-monitoring.js` for lib/cron-monitoring.ts.
 */
export function functionImportSpecifier(project: ProjectView, fromFile: string, targetFile: string): string {
  const from = fromFile.split('/').slice(0, -1);
  const to = targetFile.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join('/');
  const relative = up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
  const esm = /\.m[jt]s$/.test(fromFile) || (!/\.c[jt]s$/.test(fromFile) && packageType(project) === 'module');
  const bare = relative.replace(/\.(tsx?|jsx?|mjs|cjs|mts|cts)$/, '');
  if (!esm) return bare;
  const extension = /\.[cm]?[jt]sx?$/.exec(targetFile)?.[0] ?? '.js';
  return `${bare}${extension.replace(/^\.m[jt]s$/, '.mjs').replace(/^\.c[jt]s$/, '.cjs').replace(/^\.[jt]sx?$/, '.js')}`;
}

/** package.json's `type`, when it is a string. */
function packageType(project: ProjectView): string | undefined {
  const text = project.readFile('package.json');
  if (text === undefined) return undefined;
  try {
    const type = (JSON.parse(text) as { type?: unknown }).type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}
