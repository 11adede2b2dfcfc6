import * as vscode from 'vscode';
import type { Clock } from '../clock';
import type { ServerClient } from '../server';
import { TRIGGER_COMMAND } from './codeLens';
import { hasRunGuard } from './guard';
import { findCodeJobs, findJobs, matchJobs, parseArgs, type TriggerJob } from './jobs';
import { pickJob, rememberChoice } from './quickPick';
import type { DevServerDownState } from './devServerStatus';
import { TriggerRunner } from './runner';

export { TRIGGER_COMMAND } from './codeLens';

/**
 * "Next Cron Routes: Trigger Cron Route": registers the command, nothing else (its "▶ Trigger"
 * lenses come from the language server); jobs are found, files read and requests sent only when it runs.
 *
 * The command takes no argument (quick pick), a path, or `{ path, folder }` (folder absolute
 * or relative to a workspace folder), and resolves to the `trigger --json` object, or
 * undefined when nothing was sent.
 */
export function registerTrigger(context: vscode.ExtensionContext, deps: { clock: Clock; server: Promise<ServerClient> }): { devServerDown(): DevServerDownState | undefined } {
  const runner = new TriggerRunner(deps.clock, context.secrets);
  context.subscriptions.push(
    runner,
    vscode.commands.registerCommand(TRIGGER_COMMAND, async (arg?: unknown) => {
      const args = parseArgs(arg);
      // The code's jobs need a walk of the workspace: only for the pick, or when a QStash destination is named.
      const withCode = !args || args.source === 'qstash';
      const jobs = [...(args?.source === 'qstash' ? [] : await findJobs(deps.server)), ...(withCode ? await findCodeJobs(deps.server) : [])];
      const pickDeps = { clock: deps.clock, history: runner.history, state: context.workspaceState, guarded: (job: TriggerJob) => hasRunGuard(job, deps.server) };
      if (!args) {
        if (jobs.length === 0) {
          void vscode.window.showInformationMessage('No cron jobs found: no vercel.json, vercel.toml or vercel.ts in this workspace lists "crons" or "schedules", and its code and workflows declare no schedule.');
          return undefined;
        }
        const picked = await pickJob(jobs, pickDeps);
        // A function target has no URL: say why instead of sending anything.
        if (picked?.job.private !== undefined) {
          void vscode.window.showInformationMessage(picked.job.private);
          return undefined;
        }
        return picked ? runner.run(picked.job, { runAnyway: picked.runAnyway }) : undefined;
      }
      const matches = matchJobs(jobs, args);
      if (matches.length === 0) {
        const where = args.source === 'qstash' ? 'a QStash destination of this workspace that a route answers' : `a cron path of ${args.folder ? `the vercel.json in ${args.folder}` : 'any vercel.json in this workspace'}`;
        void vscode.window.showErrorMessage(`${args.path} is not ${where}.`);
        return undefined;
      }
      const picked = matches.length === 1 ? { job: matches[0]!, runAnyway: false } : await pickJob(matches, pickDeps, `${args.path} is a cron path of several apps`);
      if (!picked) return undefined;
      await rememberChoice(context.workspaceState, picked.job);
      return runner.run(picked.job, { runAnyway: args.runAnyway === true || picked.runAnyway });
    }),
  );
  return { devServerDown: () => runner.devServerDown.state() };
}
