import { findWorkspaceRoot } from '../routes/workspacePackages';
import type { WorkspaceInput } from '../vercel/projectModel';

/**
 * The files of `files` (sorted, as a host lists them) below `prefix`, relative to it. Sorted
 * names that share a prefix are one run of the list: two binary searches find it, where a filter
 * per project cost a pass over the whole listing for every vercel.json and app.
 */
export function filesUnder(files: readonly string[], prefix: string): string[] {
  const start = `${prefix}/`;
  // "/" + 1 is "0": every name starting with `${prefix}/` sorts before `${prefix}0`.
  const end = `${prefix}0`;
  const first = lowerBound(files, start);
  const last = lowerBound(files, end, first);
  const under: string[] = [];
  for (let i = first; i < last; i++) under.push(files[i]!.slice(start.length));
  return under;
}

/** The first index at or after `from` whose name is not below `name` (files sorted by code unit). */
function lowerBound(files: readonly string[], name: string, from = 0): number {
  let low = from;
  let high = files.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (files[middle]! < name) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The npm/yarn/bun/pnpm workspace around the app at `app` (relative to the folder listed,
 * "/"-separated): the nearest folder from the app up to that folder whose package.json declares
 * `workspaces` or that holds pnpm-workspace.yaml, with its files outside the app. `files` is the
 * folder's listing (sorted) and `listed` answers whether it holds a path. Only the package.json
 * files the listing holds on that way are read, through `readFile` (names relative to the folder).
 */
export function workspaceAround(app: string, files: readonly string[], listed: (file: string) => boolean, readFile: (file: string) => string | undefined): WorkspaceInput | undefined {
  const root = findWorkspaceRoot(app, (dir) => {
    const at = (file: string) => (dir ? `${dir}/${file}` : file);
    return { packageJson: listed(at('package.json')) ? readFile(at('package.json')) : undefined, pnpmWorkspace: listed(at('pnpm-workspace.yaml')) };
  });
  if (root === undefined) return undefined;
  const appDir = root ? app.slice(root.length + 1) : app;
  if (!appDir) return { appDir, files: [] };
  const rootPrefix = root ? `${root}/` : '';
  const appPrefix = `${app}/`;
  const outside: string[] = [];
  for (const file of files) if (file.startsWith(rootPrefix) && !file.startsWith(appPrefix)) outside.push(file.slice(rootPrefix.length));
  return { appDir, files: outside };
}
