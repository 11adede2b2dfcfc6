import * as path from 'node:path';
import { routeFileOf, routeHasRunGuard } from '../../core/facade/trigger';
import { type Projects, readOpenOrDisk } from '../projects';
import type { TriggerJob } from './jobs';

/** Whether the job's route is wrapped in the duplicate-run guard, so "run anyway" means something. */
export async function hasRunGuard(job: TriggerJob, projects: Projects): Promise<boolean> {
  try {
    if (job.vercelJson.scheme !== 'file') return false;
    await projects.ready(job.vercelJson.fsPath);
    const project = projects.service.routeTable(job.vercelJson.fsPath);
    const file = project && routeFileOf(job.path, project);
    if (!file) return false;
    return routeHasRunGuard(readOpenOrDisk(path.join(path.dirname(job.vercelJson.fsPath), file)) ?? '');
  } catch {
    // A project that cannot be read offers the plain run only.
    return false;
  }
}
