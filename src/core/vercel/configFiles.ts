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
