import { findWorkspaceRoot } from '../routes/workspacePackages';
import { isWorkflowFile } from '../schedulers/githubActions';
import { isConfigFileIn, VERCEL_CONFIG_FILES } from '../vercel/configFiles';
import type { WorkspaceInput } from '../vercel/projectModel';
import { type FolderFacts, NEXT_APP_CONFIGS, packageJsonNamesNext, projectRootKind } from '../vercel/projectRoots';
import type { CronServiceHost } from './host';

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

/**
 * The folder to list for the project `file` (a host path below `top`) belongs to: the nearest
 * folder from the file's up to `top` that roots a project (projectRootKind, as `check` of `top`
 * would decide), or the npm/yarn/bun/pnpm workspace around it up to `top`; `top` itself for a
 * workflow of its `.github/workflows` when `top` is no project; undefined outside every project.
 * Asks the host for the names of the folders on the way (`folderNames`) and reads only the
 * package.json files it must.
 */
export function projectFolder(host: CronServiceHost, folderNames: (folder: string) => readonly string[] | undefined, top: string, file: string): string | undefined {
  const relative = host.relative(top, file);
  if (relative === '' || relative === '..' || relative.startsWith('../')) return undefined;
  const inTop = host.inFolder(top);
  const names = new Map<string, ReadonlySet<string>>();
  const namesOf = (dir: string): ReadonlySet<string> => {
    let known = names.get(dir);
    if (!known) names.set(dir, (known = new Set(folderNames(inTop(dir)) ?? [])));
    return known;
  };
  const read = (name: string): string | undefined => {
    const result = host.readFile(inTop(name));
    return 'text' in result ? result.text : undefined;
  };
  const at = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);
  const known = new Map<string, FolderFacts>();
  const facts = (dir: string): FolderFacts => {
    let folder = known.get(dir);
    if (!folder) {
      const own = namesOf(dir);
      const where = { top: dir === '', holds: (name: string) => own.has(name) };
      const vercelJson = VERCEL_CONFIG_FILES.some((name) => own.has(name) && isConfigFileIn(name, where));
      const nextApp = !vercelJson && (NEXT_APP_CONFIGS.some((name) => own.has(name)) || (own.has('package.json') && packageJsonNamesNext(read(at(dir, 'package.json')))));
      known.set(dir, (folder = { vercelJson, nextApp }));
    }
    return folder;
  };
  for (let dir = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : ''; ; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '') {
    if (projectRootKind(dir, facts)) {
      const workspace = findWorkspaceRoot(dir, (up) => ({ packageJson: namesOf(up).has('package.json') ? read(at(up, 'package.json')) : undefined, pnpmWorkspace: namesOf(up).has('pnpm-workspace.yaml') }));
      return inTop(workspace ?? dir);
    }
    // A workflow of `top`'s own .github/workflows, in a `top` that is no project, is `top`'s (workflowRoot.ts).
    if (!dir) return isWorkflowFile(relative) ? top : undefined;
  }
}
