import type { ServerClient } from '../server';
import type { TriggerJob } from './jobs';

/** Whether the job's route is wrapped in the duplicate-run guard, so "run anyway" means something (the server reads the route). */
export async function hasRunGuard(job: TriggerJob, server: Promise<ServerClient>): Promise<boolean> {
  try {
    if (job.vercelJson.scheme !== 'file') return false;
    return (await (await server).cronRoute(job.vercelJson, job.path)).runGuard;
  } catch {
    // A project that cannot be read offers the plain run only.
    return false;
  }
}
