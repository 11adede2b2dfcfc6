import * as path from 'node:path';
import * as vscode from 'vscode';
import { cronJobsIn } from '../../core/facade/trigger';

const EXCLUDE = '**/{node_modules,.next,.git,.vercel}/**';

/** A cron job of the workspace, with the app (folder of its vercel.json) it belongs to. */
export interface TriggerJob {
  path: string;
  schedule: string;
  vercelJson: vscode.Uri;
  /** Absolute folder of the app: env files, package.json and the dev server live here. */
  appDir: string;
  /** The app folder relative to its workspace folder, "/"-separated; "" at the root. */
  appFolder: string;
  /** Identifies the job for history and the recent list. */
  key: string;
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export function appFolderOf(vercelJson: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(vercelJson);
  const appDir = path.dirname(vercelJson.fsPath);
  return folder ? path.relative(folder.uri.fsPath, appDir).split(path.sep).join('/') : appDir;
}

/** Jobs of one vercel.json text (open document or disk). */
export function jobsOfText(vercelJson: vscode.Uri, text: string): TriggerJob[] {
  const appDir = path.dirname(vercelJson.fsPath);
  const appFolder = appFolderOf(vercelJson);
  return cronJobsIn(text).map((job) => ({ path: job.path, schedule: job.schedule, vercelJson, appDir, appFolder, key: `${appDir}\n${job.path}` }));
}

/** Every cron job of every vercel.json in the workspace (real folders only: env files and servers are local). */
export async function findJobs(): Promise<TriggerJob[]> {
  const uris = (await vscode.workspace.findFiles('**/vercel.json', EXCLUDE)).filter((u) => u.scheme === 'file').sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const jobs: TriggerJob[] = [];
  for (const uri of uris) {
    const text = await readText(uri);
    if (text !== undefined) jobs.push(...jobsOfText(uri, text));
  }
  return jobs;
}

/** What callers may pass: a path, or `{ path, folder }` with folder absolute or relative to a workspace folder. */
export interface TriggerArgs {
  path: string;
  folder?: string;
  /** Send the duplicate-run guard's override (with the secret): `{ path, runAnyway: true }`. */
  runAnyway?: boolean;
}

export function parseArgs(arg: unknown): TriggerArgs | undefined {
  if (typeof arg === 'string') return { path: arg };
  if (arg && typeof arg === 'object' && typeof (arg as { path?: unknown }).path === 'string') {
    const { folder, runAnyway } = arg as { folder?: unknown; runAnyway?: unknown };
    return { path: (arg as { path: string }).path, folder: typeof folder === 'string' ? folder : undefined, runAnyway: runAnyway === true };
  }
  return undefined;
}

function sameFolder(job: TriggerJob, folder: string): boolean {
  if (path.isAbsolute(folder)) return path.resolve(folder) === job.appDir;
  const roots = vscode.workspace.workspaceFolders ?? [];
  return roots.some((root) => path.resolve(root.uri.fsPath, folder) === job.appDir);
}

export function matchJobs(jobs: readonly TriggerJob[], args: TriggerArgs): TriggerJob[] {
  return jobs.filter((job) => job.path === args.path && (args.folder === undefined || sameFolder(job, args.folder)));
}
