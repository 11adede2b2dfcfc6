/**
 * What VS Code's Trigger Cron Route asks the server for (issue #17): the command, its quick pick,
 * secrets and dev server stay in the extension, which parses nothing; the jobs of configuration
 * files (vercel.json, vercel.toml, vercel.ts…), the route behind a cron path and the "▶ Trigger"
 * lenses come from here.
 */
import * as path from 'node:path';
import type { CodeLens } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeTriggerEntries } from '../core/facade/codeTrigger';
import { cronJobsOf, findGetHandler, jobsServedBy, privateScheduleTargetsOf, privateTargetExplanation, routeFileOf, routeHasRunGuard } from '../core/facade/trigger';
import { type CronService, isConfigFileIn, parseVercelConfig, VERCEL_CONFIG_FILES } from '../core/service';
import { loadTypeScript } from '../node/loadTypeScript';
import { toRange } from './convert';
import { type CodeJobsResult, type CronRouteResult, type JobsResult, TRIGGER_COMMAND, TRIGGER_TITLE } from '../vscode/protocol';
import { filePathOf, type LspWorkspace } from './workspace';

/** Only files under an app/ or pages/ folder can be routes: any other file costs a path test. */
const ROUTE_FOLDER = /[\\/](app|pages)[\\/]/;

/**
 * Whether `file` is a configuration file Vercel could read where it lies, as `check` decides
 * (configFiles.isConfigFileIn): a vercel.ts counts only at its workspace folder or beside a
 * package.json or next.config; deeper, it is a module of the app.
 */
function isConfigFile(workspace: LspWorkspace, file: string): boolean {
  const dir = path.dirname(file);
  return isConfigFileIn(path.basename(file), { top: workspace.folderOf(file) === dir, holds: (name) => !('missing' in workspace.read(path.join(dir, name))) });
}

function textOf(workspace: LspWorkspace, file: string): string | undefined {
  const read = workspace.read(file);
  return 'text' in read ? read.text : undefined;
}

export function jobsOf(workspace: LspWorkspace, uris: readonly unknown[]): JobsResult {
  const jobs: JobsResult['jobs'] = [];
  for (const uri of uris) {
    const file = filePathOf(uri);
    if (file === undefined || !isConfigFile(workspace, file)) continue;
    const text = textOf(workspace, file);
    if (text === undefined) continue;
    const name = path.basename(file);
    const doc = parseVercelConfig(name, text, loadTypeScript);
    for (const job of cronJobsOf(doc)) {
      jobs.push(job.schedules ? { uri: uri as string, path: job.path, schedule: job.schedule, method: job.method, timeZone: job.schedules.timeZone } : { uri: uri as string, path: job.path, schedule: job.schedule });
    }
    // A function target is private: listed so that Trigger can say why it sends nothing.
    for (const target of privateScheduleTargetsOf(doc)) {
      jobs.push({ uri: uri as string, path: target.function, schedule: target.schedule ?? '', private: privateTargetExplanation(target) });
    }
  }
  return { jobs };
}

/**
 * The jobs the code and workflows of the projects below each folder declare, as Trigger lists
 * them (QStash destinations to send, the others explained). Asked only when the command runs:
 * the service walks the folders then, as `jobs` does.
 */
export function codeJobsOf(workspace: LspWorkspace, service: CronService, folders: readonly string[], now: Date): CodeJobsResult {
  const entries: CodeJobsResult['entries'] = [];
  for (const folder of folders) {
    for (const project of service.jobs(folder)) {
      entries.push(...codeTriggerEntries(project.root, project.jobs, now, (file) => textOf(workspace, path.join(project.root, file))));
    }
  }
  return { entries };
}

export function cronRouteOf(workspace: LspWorkspace, service: CronService, uri: unknown, cronPath: unknown): CronRouteResult {
  const vercelJson = filePathOf(uri);
  if (vercelJson === undefined || typeof cronPath !== 'string') return { runGuard: false };
  const project = service.routeTable(vercelJson);
  const file = project && routeFileOf(cronPath, project);
  if (!file) return { runGuard: false };
  return { file, runGuard: routeHasRunGuard(textOf(workspace, path.join(path.dirname(vercelJson), file)) ?? '') };
}

/**
 * "▶ Trigger" above each cron entry of a vercel.json whose path can be requested, and
 * "▶ Trigger /api/cron/x" above the GET of a route file a job of the nearest vercel.json calls.
 */
export function triggerLenses(workspace: LspWorkspace, service: CronService, document: TextDocument, file: string): CodeLens[] {
  if (isConfigFile(workspace, file)) {
    const folder = path.dirname(file);
    return cronJobsOf(parseVercelConfig(path.basename(file), document.getText(), loadTypeScript))
      .filter((job) => job.path.startsWith('/'))
      .map((job) => ({ range: toRange(document, job.span), command: { title: TRIGGER_TITLE, tooltip: `${job.method} ${job.path} as Vercel's scheduler would`, command: TRIGGER_COMMAND, arguments: [{ path: job.path, folder }] } }));
  }
  if (!ROUTE_FOLDER.test(file)) return [];
  const vercelJson = nearestConfigFile(workspace, file);
  const text = vercelJson && textOf(workspace, vercelJson);
  if (!vercelJson || !text) return [];
  const jobs = cronJobsOf(parseVercelConfig(path.basename(vercelJson), text, loadTypeScript));
  if (jobs.length === 0) return [];
  const model = service.routeTable(vercelJson);
  if (!model) return [];
  const appDir = path.dirname(vercelJson);
  const served = jobsServedBy(jobs, model, path.relative(appDir, file).split(path.sep).join('/'));
  const handler = findGetHandler(document.getText());
  if (served.length === 0 || !handler) return [];
  const range = toRange(document, handler);
  return served.map((job) => ({
    range,
    command: { title: `${TRIGGER_TITLE} ${job.path}`, tooltip: `${job.method} ${job.path} as Vercel's scheduler would (${job.schedule})`, command: TRIGGER_COMMAND, arguments: [{ path: job.path, folder: appDir }] },
  }));
}

/** The nearest configuration file (vercel.json first, as a project reads it) at or above the file, not above its workspace folder. */
function nearestConfigFile(workspace: LspWorkspace, file: string): string | undefined {
  const stopAt = workspace.folderOf(file);
  if (stopAt === undefined) return undefined;
  let dir = path.dirname(file);
  for (;;) {
    for (const name of VERCEL_CONFIG_FILES) {
      const candidate = path.join(dir, name);
      if ('text' in workspace.read(candidate) && isConfigFile(workspace, candidate)) return candidate;
    }
    if (dir === stopAt) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
