import * as path from 'node:path';
import * as vscode from 'vscode';
import { appPathOf, splitCronPath } from '../../core/vercel/rules/project-routes';
import { RUN_GUARD_EXPORT } from '../../core/wrappers/protocol';
import type { Projects } from '../projects';
import type { TriggerJob } from './jobs';

/** Whether the job's route is wrapped in the duplicate-run guard, so "run anyway" means something. */
export async function hasRunGuard(job: TriggerJob, projects: Projects): Promise<boolean> {
  try {
    const project = await projects.forVercelJson(job.vercelJson);
    const appPath = project && appPathOf(splitCronPath(job.path).pathname, project.config.basePath);
    const file = appPath === undefined ? undefined : project?.matchRoute(appPath)?.file;
    if (!project || !file) return false;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path.join(path.dirname(job.vercelJson.fsPath), file));
    return (open?.getText() ?? project.readFile(file) ?? '').includes(`${RUN_GUARD_EXPORT}(`);
  } catch {
    // A project that cannot be read offers the plain run only.
    return false;
  }
}
