import * as vscode from 'vscode';
import { describeSchedule, formatRuns, pushRecent, recentFirst, RUN_ANYWAY_HEADER, type RunHistory } from '../../core/facade/trigger';
import type { Clock } from '../clock';
import type { TriggerJob } from './jobs';

const RECENT_KEY = 'nextCronRoutes.trigger.recent';

/** The highlighted item of the open job pick, as the editor reports it: what tests navigate by. */
let activeLabel: string | undefined;
export function activeJobPickItem(): string | undefined {
  return activeLabel;
}

function choose(items: JobItem[], placeHolder: string): Promise<JobItem | undefined> {
  const pick = vscode.window.createQuickPick<JobItem>();
  Object.assign(pick, { items, placeholder: placeHolder, title: 'Trigger a cron route as Vercel would', matchOnDescription: true, matchOnDetail: true });
  return new Promise((resolve) => {
    let chosen: JobItem | undefined;
    pick.onDidChangeActive((active) => (activeLabel = active[0]?.label));
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      // Enter on a filter that matches nothing keeps the pick open, as a list with no choice should.
      if (chosen) pick.hide();
    });
    pick.onDidHide(() => {
      activeLabel = undefined;
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}

interface JobItem extends vscode.QuickPickItem {
  job: TriggerJob;
  runAnyway: boolean;
}

export interface PickedJob {
  job: TriggerJob;
  /** The user chose "run anyway" on a job with a duplicate-run guard. */
  runAnyway: boolean;
}

/**
 * Every job with its schedule and next run, the owning app when there are several, the
 * session's runs, and the most recent choice first (remembered per workspace).
 */
export async function pickJob(
  jobs: readonly TriggerJob[],
  deps: { clock: Clock; history: RunHistory; state: vscode.Memento; guarded: (job: TriggerJob) => Promise<boolean> },
  placeHolder?: string,
): Promise<PickedJob | undefined> {
  const now = deps.clock.now();
  const apps = new Set(jobs.map((j) => j.appDir));
  const showApp = apps.size > 1 || jobs.some((j) => j.appFolder !== '');
  const recent = deps.state.get<string[]>(RECENT_KEY, []);
  const items: JobItem[] = [];
  for (const job of recentFirst(jobs, (j) => j.key, recent)) {
    const runs = deps.history.get(job.key);
    const app = showApp ? ` · ${job.appFolder || '.'}` : '';
    if (job.declared) {
      // A job of the code: a QStash destination is sent; the others say how they run.
      const icon = job.qstash ? '$(cloud-upload)' : '$(info)';
      const method = job.qstash ? `${job.qstash.method} · ` : '';
      const detail = job.qstash ? `Signed as QStash signs it, to the route ${job.qstash.routeFile}${runs.length ? ` · Runs this session: ${formatRuns(runs, now)}` : ''}` : job.private;
      items.push({ label: `${icon} ${job.path}`, description: `${job.declared.source} · ${method}${job.declared.scheduleText} · ${job.declared.file}${app}`, detail, job, runAnyway: false });
      continue;
    }
    if (job.private !== undefined) {
      items.push({ label: `$(lock) ${job.path}`, description: `private function · ${describeSchedule(job.schedule, now, job.timeZone ?? 'UTC')}${app}`, detail: job.private, job, runAnyway: false });
      continue;
    }
    // A Schedules path target names its method (POST unless it says GET); a cron job is always GET.
    const method = job.method === 'GET' && job.timeZone === undefined ? '' : `${job.method} · `;
    const description = `${method}${describeSchedule(job.schedule, now, job.timeZone)}${app}`;
    items.push({ label: job.path, description, detail: runs.length ? `Runs this session: ${formatRuns(runs, now)}` : undefined, job, runAnyway: false });
    if (await deps.guarded(job)) {
      items.push({
        label: `$(debug-rerun) ${job.path}: run anyway`,
        description: 'even if this slot already ran',
        detail: `Sends ${RUN_ANYWAY_HEADER}: 1 with the secret, which the route's duplicate-run guard honours only from an authenticated request.`,
        job,
        runAnyway: true,
      });
    }
  }
  const picked = await choose(items, placeHolder ?? 'Cron job to run against the dev server');
  if (picked) await rememberChoice(deps.state, picked.job);
  return picked && { job: picked.job, runAnyway: picked.runAnyway };
}

export async function rememberChoice(state: vscode.Memento, job: TriggerJob): Promise<void> {
  await state.update(RECENT_KEY, pushRecent(state.get<string[]>(RECENT_KEY, []), job.key));
}
