import { NEXT_CONFIG_FILES, UNSUPPORTED_NEXT_CONFIG_FILES } from '../next/nextConfig';
import type { TsApi } from '../next/routeExports';
import { parseVercelJson, unreadableVercelJson, vercelDocFromTree, type StrictJsonIssues, type VercelDoc } from './model';
import { parseTomlTree } from './tomlTree';
import { parseScriptConfigTree } from './tsConfigTree';

/**
 * The files a Vercel project may be configured by, in the order the check reads one when several
 * exist (which Vercel refuses: `multiple-config-files`): vercel.json first, as before vercel.toml
 * and vercel.ts existed.
 */
export const VERCEL_CONFIG_FILES: readonly string[] = ['vercel.json', 'vercel.ts', 'vercel.mts', 'vercel.js', 'vercel.mjs', 'vercel.cjs', 'vercel.toml'];

const CONFIG_NAMES = new Set(VERCEL_CONFIG_FILES);

/** Whether a file name (no folder) is one of Vercel's configuration files. */
export function isVercelConfigName(name: string): boolean {
  return CONFIG_NAMES.has(name);
}

/** Whether a "/"-separated path names a Vercel configuration file. */
export function isVercelConfigPath(file: string): boolean {
  return isVercelConfigName(file.slice(file.lastIndexOf('/') + 1));
}

/** Files that mark a folder as a project's own (a package, a Next.js app): where a vercel.ts may be its configuration. */
export const PROJECT_ROOT_MARKERS: readonly string[] = ['package.json', ...NEXT_CONFIG_FILES, ...UNSUPPORTED_NEXT_CONFIG_FILES];

/**
 * Whether a file `name` in a folder is a configuration file Vercel could read there. vercel.json
 * and vercel.toml are configuration wherever they are (one in the wrong folder is reported as
 * such). A script (vercel.ts, .mts, .js, .mjs, .cjs) is also a name the app's own code uses
 * (packages/api/src/lib/vercel.ts, a helper for Vercel's API), and Vercel reads one only at a
 * project's Root Directory: it counts only in the folder checked (the editor's workspace folder,
 * `top`) or in a folder that `holds` a package.json or a next.config. The CLI's walk, the editor's
 * probing and every look-up by name decide with this, so they agree on which folders are projects.
 */
export function isConfigFileIn(name: string, folder: { top: boolean; holds: (name: string) => boolean }): boolean {
  if (!isVercelConfigName(name)) return false;
  if (name.endsWith('.json') || name.endsWith('.toml') || folder.top) return true;
  return PROJECT_ROOT_MARKERS.some(folder.holds);
}

/** The configuration file a folder's files hold (by `has`), the first in VERCEL_CONFIG_FILES order. */
export function configFileIn(has: (name: string) => boolean, dir = ''): string | undefined {
  for (const name of VERCEL_CONFIG_FILES) if (has(dir ? `${dir}/${name}` : name)) return name;
  return undefined;
}

/** Every configuration file a folder holds, in VERCEL_CONFIG_FILES order. */
export function configFilesIn(has: (name: string) => boolean, dir = ''): string[] {
  return VERCEL_CONFIG_FILES.filter((name) => has(dir ? `${dir}/${name}` : name));
}

const NO_STRICT_ISSUES = (): StrictJsonIssues => ({ comments: [], trailingCommas: [], errors: [] });

/**
 * Reads a configuration file of any format into the one model. Strict-JSON findings (comments,
 * trailing commas) are JSON's alone; a TOML or script syntax error is the file's one error, and
 * nothing of such a file is read. TypeScript is loaded only for a script configuration.
 */
export function parseVercelConfig(name: string, text: string, loadTypeScript: () => TsApi): VercelDoc {
  if (name.endsWith('.json')) return parseVercelJson(text);
  const strict = NO_STRICT_ISSUES();
  if (name.endsWith('.toml')) {
    const tree = parseTomlTree(text);
    strict.errors.push(...tree.errors);
    return { ...vercelDocFromTree(text, tree.root, strict), source: { format: 'toml', file: name, notStatic: [], borrowed: [] } };
  }
  const tree = parseScriptConfigTree(loadTypeScript(), name, text);
  strict.errors.push(...tree.errors);
  return { ...vercelDocFromTree(text, tree.root, strict), source: { format: 'ts', file: name, notStatic: tree.notStatic, borrowed: tree.borrowed } };
}

/** A configuration file that exists and could not be read: `config-unreadable` names it and says why. */
export function unreadableVercelConfig(name: string, reason: string): VercelDoc {
  const doc = unreadableVercelJson(reason);
  if (name.endsWith('.json')) return doc;
  return { ...doc, source: { format: name.endsWith('.toml') ? 'toml' : 'ts', file: name, notStatic: [], borrowed: [] } };
}
