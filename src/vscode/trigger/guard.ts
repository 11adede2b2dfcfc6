import * as path from 'node:path';
import { appPathOf, splitCronPath } from '../../core/vercel/projectRoutes';
import { RUN_GUARD_EXPORT } from '../../core/wrappers/protocol';
import { type Projects, readOpenOrDisk } from '../projects';
import type { TriggerJob } from './jobs';

/** Whether the job's route is wrapped in the duplicate-run guard, so "run anyway" means something. */
export async function hasRunGuard(job: TriggerJob, projects: Projects): Promise<boolean> {
  try {
    if (job.vercelJson.scheme !== 'file') return false;
    await projects.ready(job.vercelJson.fsPath);
    const project = projects.service.routeTable(job.vercelJson.fsPath);
    const appPath = project && appPathOf(splitCronPath(job.path).pathname, project.config.basePath);
    const file = appPath === undefined ? undefined : project?.matchRoute(appPath)?.file;
    if (!project || !file) return false;
    return (readOpenOrDisk(path.join(path.dirname(job.vercelJson.fsPath), file)) ?? '').includes(`${RUN_GUARD_EXPORT}(`);
  } catch {
    // A project that cannot be read offers the plain run only.
    return false;
  }
}
