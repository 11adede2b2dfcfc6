import * as vscode from 'vscode';
import { formatRuns, pushRecent, recentFirst, type RunHistory } from '../../core/trigger/history';
import { describeSchedule } from '../../core/trigger/jobs';
import type { Clock } from '../clock';
import type { TriggerJob } from './jobs';

const RECENT_KEY = 'nextCronRoutes.trigger.recent';

interface JobItem extends vscode.QuickPickItem {
  job: TriggerJob;
}

/**
 * Every job with its schedule and next run, the owning app when there are several, the
 * session's runs, and the most recent choice first (remembered per workspace).
 */
export async function pickJob(jobs: readonly TriggerJob[], deps: { clock: Clock; history: RunHistory; state: vscode.Memento }, placeHolder?: string): Promise<TriggerJob | undefined> {
  const now = deps.clock.now();
  const apps = new Set(jobs.map((j) => j.appDir));
  const showApp = apps.size > 1 || jobs.some((j) => j.appFolder !== '');
  const recent = deps.state.get<string[]>(RECENT_KEY, []);
  const items: JobItem[] = recentFirst(jobs, (j) => j.key, recent).map((job) => {
    const runs = deps.history.get(job.key);
    return {
      label: job.path,
      description: `${describeSchedule(job.schedule, now)}${showApp ? ` · ${job.appFolder || '.'}` : ''}`,
      detail: runs.length ? `Runs this session: ${formatRuns(runs, now)}` : undefined,
      job,
    };
  });
  const picked = await vscode.window.showQuickPick(items, { title: 'Trigger a cron route as Vercel would', placeHolder: placeHolder ?? 'Cron job to run against the dev server', matchOnDescription: true, matchOnDetail: true });
  if (picked) await rememberChoice(deps.state, picked.job);
  return picked?.job;
}

export async function rememberChoice(state: vscode.Memento, job: TriggerJob): Promise<void> {
  await state.update(RECENT_KEY, pushRecent(state.get<string[]>(RECENT_KEY, []), job.key));
}
