/**
 * GitHub reads a repository's workflows from `<repository>/.github/workflows` only. In a monorepo
 * whose apps are subfolders (apps/web), the repository's own folder is no project (no vercel.json,
 * no Next.js app), so its workflow files belong to no project root, yet their schedules run. The
 * folder checked (the CLI's argument, the editor's workspace folder) then gets a root of its own,
 * of kind `workflows`: it owns the workflow files of its `.github/workflows` and nothing else, has
 * no configuration and no routes, and its jobs are read and checked as any project's are.
 *
 * Only the folder checked gets one: a `.github/workflows` inside a subfolder is not GitHub's, and
 * is read only when that subfolder is a project root itself (its own files, as ever).
 */
import { isWorkflowFile } from '../schedulers/githubActions';
import type { ProjectRoot, ProjectRootKind } from '../vercel/projectRoots';
import { filesUnder } from './listing';

/** What roots a folder below the one listed: a project (projectRoots.ts), or the listed folder's workflows. */
export type ListedRootKind = ProjectRootKind | 'workflows';

export interface ListedRoot {
  dir: string;
  kind: ListedRootKind;
  /** The configuration file a `vercel-json` root's check reads. */
  config?: string;
}

const WORKFLOWS_FOLDER = '.github/workflows';

/** The workflow files of the listed folder's `.github/workflows`, relative to that folder (`files` sorted, as a host lists them). */
export function repositoryWorkflows(files: readonly string[]): string[] {
  return filesUnder(files, WORKFLOWS_FOLDER)
    .map((name) => `${WORKFLOWS_FOLDER}/${name}`)
    .filter(isWorkflowFile);
}

/**
 * The project roots of the listed folder, preceded (its files sort first, as `.github` does) by
 * the folder's `workflows` root when the folder is no project and holds workflow files.
 */
export function withWorkflowsRoot(files: readonly string[], roots: readonly ProjectRoot[]): ListedRoot[] {
  if (roots.some((root) => root.dir === '') || !repositoryWorkflows(files).length) return [...roots];
  return [{ dir: '', kind: 'workflows' }, ...roots];
}
