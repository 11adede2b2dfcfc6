/**
 * Which folders are projects to check: every folder holding a vercel.json, and every Next.js app
 * folder without one (issue #15), whose cron routes are then the ones `cronRouteGlob` names. The
 * CLI asks for the roots below the folder it checks, from its walk; the editor asks which root a
 * file belongs to, probing the folders above it. Both answer through `projectRootKind`, so a
 * folder is a project in one exactly when it is in the other.
 *
 * Precision over recall: an app is left out when a project around it claims the same route files
 * (it lies in that project's app/, pages/ or src/), so no route is checked twice, and apps inside
 * dependency and build output folders are copies, not apps.
 */
import { NEXT_CONFIG_FILES, UNSUPPORTED_NEXT_CONFIG_FILES } from '../next/nextConfig';
import { dependencyNames, readPackageJson } from './appFacts';
import { isConfigFileIn, isVercelConfigName, VERCEL_CONFIG_FILES } from './configFiles';

/** A folder holding a vercel.json (or vercel.toml, vercel.ts…), or a Next.js app folder without one. */
export type ProjectRootKind = 'vercel-json' | 'app';

/** What a folder's own files say about it. */
export interface FolderFacts {
  /** It holds a vercel.json, vercel.toml or vercel.ts… (whatever it is: one that cannot be read is still reported on). */
  vercelJson: boolean;
  /** It is a Next.js app by its own files (appFacts.ts): a next.config, or a package.json naming `next`. */
  nextApp: boolean;
}

/** Every name of a Next.js config file; any of them makes its folder an app (appFacts.ts). */
export const NEXT_APP_CONFIGS: readonly string[] = [...NEXT_CONFIG_FILES, ...UNSUPPORTED_NEXT_CONFIG_FILES];

/**
 * Folders whose apps are copies or dependencies, not apps: what the CLI's walk and the editor's
 * file search skip, and build output (`dist`, `out`), which the project model ignores too.
 */
const NOT_AN_APP_FOLDER = new Set(['node_modules', '.git', '.next', '.vercel', '.turbo', 'dist', 'out']);

/** Whether package.json's text names `next` in dependencies or devDependencies. */
export function packageJsonNamesNext(text: string | undefined): boolean {
  return dependencyNames(readPackageJson(text)).has('next');
}

/**
 * Whether a folder at `relative` below a project shares that project's route files: it is its
 * `src` (whose app/ and pages/ are the project's src/app and src/pages), or lies in its app/,
 * pages/, src/app/ or src/pages/ (RouteTable's roots).
 */
function inRouteFolders(relative: string): boolean {
  return relative === 'src' || /^(src\/)?(app|pages)(\/|$)/.test(relative);
}

/**
 * What `dir` (relative to the folder checked or the editor's workspace folder, "/"-separated,
 * '' for that folder) roots, given the facts of it and its ancestors (asked only as needed):
 * `vercel-json` when it holds a vercel.json; `app` when it is a Next.js app that no project
 * around it claims; else undefined.
 */
export function projectRootKind(dir: string, facts: (dir: string) => FolderFacts): ProjectRootKind | undefined {
  const own = facts(dir);
  if (own.vercelJson) return 'vercel-json';
  if (!own.nextApp) return undefined;
  const segments = dir ? dir.split('/') : [];
  if (segments.some((segment) => NOT_AN_APP_FOLDER.has(segment))) return undefined;
  for (let i = segments.length - 1; i >= 0; i--) {
    if (!inRouteFolders(segments.slice(i).join('/'))) continue;
    const around = facts(segments.slice(0, i).join('/'));
    if (around.vercelJson || around.nextApp) return undefined;
  }
  return 'app';
}

/** A project below the folder checked: its folder ('' for the folder itself) and what roots it. */
export interface ProjectRoot {
  dir: string;
  kind: ProjectRootKind;
  /** The configuration file the check reads (`vercel-json` roots): the first of VERCEL_CONFIG_FILES the folder holds. */
  config?: string;
}

/**
 * The projects below a folder, from its file list (relative, "/"-separated, as the CLI's walk
 * gives it), in the order of the path of their vercel.json (had they one). `readFile` reads a package.json of the list, only for a folder with
 * neither a vercel.json nor a next.config. `listedIsTop`: the files are those of the folder checked
 * (the editor's workspace folder), not of a project or workspace below it, whose vercel.ts counts
 * only beside a package.json or next.config (configFiles.isConfigFileIn).
 */
export function projectRoots(files: readonly string[], readFile: (file: string) => string | undefined, listedIsTop = true): ProjectRoot[] {
  const at = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);
  /** Each folder's configuration file names, and which folders hold a package.json or a next.config. */
  const configNames = new Map<string, string[]>();
  const nextConfig = new Set<string>();
  const packageJson = new Set<string>();
  const markers = new Set<string>();
  for (const file of files) {
    const slash = file.lastIndexOf('/');
    const name = file.slice(slash + 1);
    const dir = slash < 0 ? '' : file.slice(0, slash);
    if (isVercelConfigName(name)) {
      const names = configNames.get(dir);
      if (names) names.push(name);
      else configNames.set(dir, [name]);
    } else if (name === 'package.json') packageJson.add(dir);
    else if (NEXT_APP_CONFIGS.includes(name)) nextConfig.add(dir);
    else continue;
    markers.add(file);
  }
  /** Each folder's configuration file, the first in VERCEL_CONFIG_FILES order of those Vercel could read there. */
  const vercelJson = new Map<string, string>();
  const rank = (name: string) => VERCEL_CONFIG_FILES.indexOf(name);
  for (const [dir, names] of configNames) {
    const folder = { top: dir === '' && listedIsTop, holds: (name: string) => markers.has(at(dir, name)) };
    const config = names.filter((name) => isConfigFileIn(name, folder)).sort((a, b) => rank(a) - rank(b))[0];
    if (config !== undefined) vercelJson.set(dir, config);
  }
  const known = new Map<string, FolderFacts>();
  const facts = (dir: string): FolderFacts => {
    let folder = known.get(dir);
    if (!folder) {
      const hasVercelJson = vercelJson.has(dir);
      const nextApp = !hasVercelJson && (nextConfig.has(dir) || (packageJson.has(dir) && packageJsonNamesNext(readFile(dir ? `${dir}/package.json` : 'package.json'))));
      known.set(dir, (folder = { vercelJson: hasVercelJson, nextApp }));
    }
    return folder;
  };
  const roots: ProjectRoot[] = [];
  for (const dir of new Set([...vercelJson.keys(), ...nextConfig, ...packageJson])) {
    const kind = projectRootKind(dir, facts);
    if (kind === 'vercel-json') roots.push({ dir, kind, config: vercelJson.get(dir)! });
    else if (kind) roots.push({ dir, kind });
  }
  // In the order of their vercel.json's path (had they one), as `check` has always gone through them.
  const key = (root: ProjectRoot) => (root.dir ? `${root.dir}/vercel.json` : 'vercel.json');
  return roots.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
