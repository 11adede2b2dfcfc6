import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAMES, type CodeJobEntry } from '../protocol';
import type { ServerClient } from '../server';

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
  /** GET for a cron job; a Schedules path target's requestMethod (POST by default). */
  method: 'GET' | 'POST';
  /** A Schedules entry's zone; a cron job's is UTC. */
  timeZone?: string;
  /** A Schedules function target, or a job of the code that runs elsewhere: why nothing is sent, and how it runs (`path` then names it). */
  private?: string;
  /** A job the app's code or workflows declare: its scheduler ("QStash schedule") and the file declaring it, relative to the app. */
  declared?: { source: string; file: string; scheduleText: string };
  /** A QStash schedule sent to a route of the app, signed with the app's signing keys. */
  qstash?: { method: string; routeFile: string; scheduleId: string | undefined; scheduleKey: string };
}

export function appFolderOf(vercelJson: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(vercelJson);
  const appDir = path.dirname(vercelJson.fsPath);
  return folder ? path.relative(folder.uri.fsPath, appDir).split(path.sep).join('/') : appDir;
}

/**
 * Every cron job of every vercel.json in the workspace (real folders only: env files and servers
 * are local). The editor lists the files; the server reads them (open text over the disk).
 */
export async function findJobs(server: Promise<ServerClient>): Promise<TriggerJob[]> {
  const found = (await vscode.workspace.findFiles(`**/{${CONFIG_FILE_NAMES.join(',')}}`, EXCLUDE)).filter((u) => u.scheme === 'file');
  // One configuration file per folder, the one Vercel and the checks read (vercel.json first).
  const rank = (uri: vscode.Uri) => CONFIG_FILE_NAMES.indexOf(path.basename(uri.fsPath));
  const byFolder = new Map<string, vscode.Uri>();
  for (const uri of found) {
    const folder = path.dirname(uri.fsPath);
    const kept = byFolder.get(folder);
    if (rank(uri) >= 0 && (!kept || rank(uri) < rank(kept))) byFolder.set(folder, uri);
  }
  const uris = [...byFolder.values()].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (uris.length === 0) return [];
  const byUri = new Map(uris.map((uri) => [uri.toString(), uri]));
  return (await (await server).jobs(uris)).flatMap((job) => {
    const vercelJson = byUri.get(job.uri);
    if (!vercelJson) return [];
    const appDir = path.dirname(vercelJson.fsPath);
    // A cron job keeps the key its history always had; another method or a private function is another job.
    const kind = job.private !== undefined ? 'function ' : job.method && job.method !== 'GET' ? `${job.method} ` : '';
    return [
      {
        path: job.path,
        schedule: job.schedule,
        vercelJson,
        appDir,
        appFolder: appFolderOf(vercelJson),
        key: `${appDir}\n${kind}${job.path}`,
        method: job.method ?? 'GET',
        ...(job.timeZone === undefined ? {} : { timeZone: job.timeZone }),
        ...(job.private === undefined ? {} : { private: job.private }),
      },
    ];
  });
}

/** What the quick pick calls each scheduler of the code. */
const SOURCE_LABELS: Record<string, string> = {
  qstash: 'QStash schedule',
  'trigger-dev': 'Trigger.dev task',
  'github-actions': 'GitHub Actions workflow',
  inngest: 'Inngest function',
  netlify: 'Netlify scheduled function',
  'node-cron': 'node-cron',
  'node-schedule': 'node-schedule',
  croner: 'croner',
};

/** The jobs the workspace's code and workflows declare (the server walks the folders, only now). */
export async function findCodeJobs(server: Promise<ServerClient>): Promise<TriggerJob[]> {
  return (await (await server).codeJobs()).flatMap((entry) => codeJobOf(entry));
}

function codeJobOf(entry: CodeJobEntry): TriggerJob[] {
  const declaring = vscode.Uri.file(path.join(entry.root, ...entry.declaredIn.split('/')));
  if (vscode.workspace.getWorkspaceFolder(declaring) === undefined) return [];
  const declared = { source: SOURCE_LABELS[entry.source] ?? entry.source, file: entry.declaredIn, scheduleText: entry.schedule };
  const common = { schedule: '', vercelJson: declaring, appDir: entry.root, appFolder: appFolderOf(vscode.Uri.file(path.join(entry.root, 'package.json'))), declared };
  if (entry.kind === 'qstash') {
    // `method` is a cron's (GET or POST); the delivery's own, which may be PUT or DELETE, is the qstash one.
    const qstash = { method: entry.method, routeFile: entry.routeFile, scheduleId: entry.scheduleId, scheduleKey: entry.scheduleKey };
    return [{ ...common, path: entry.path, key: `${entry.root}\nqstash ${entry.method} ${entry.path}`, method: entry.method === 'GET' ? 'GET' : 'POST', qstash }];
  }
  return [{ ...common, path: entry.label, key: `${entry.root}\n${entry.source} ${entry.label}`, method: 'GET', private: entry.howToRun }];
}

/** What callers may pass: a path, or `{ path, folder }` with folder absolute or relative to a workspace folder. */
export interface TriggerArgs {
  path: string;
  folder?: string;
  /** Send the duplicate-run guard's override (with the secret): `{ path, runAnyway: true }`. */
  runAnyway?: boolean;
  /** `qstash`: the path is a QStash destination of the app's code, sent signed. */
  source?: 'qstash';
}

export function parseArgs(arg: unknown): TriggerArgs | undefined {
  if (typeof arg === 'string') return { path: arg };
  if (arg && typeof arg === 'object' && typeof (arg as { path?: unknown }).path === 'string') {
    const { folder, runAnyway, source } = arg as { folder?: unknown; runAnyway?: unknown; source?: unknown };
    return { path: (arg as { path: string }).path, folder: typeof folder === 'string' ? folder : undefined, runAnyway: runAnyway === true, ...(source === 'qstash' ? { source } : {}) };
  }
  return undefined;
}

function sameFolder(job: TriggerJob, folder: string): boolean {
  if (path.isAbsolute(folder)) return path.resolve(folder) === job.appDir;
  const roots = vscode.workspace.workspaceFolders ?? [];
  return roots.some((root) => path.resolve(root.uri.fsPath, folder) === job.appDir);
}

/** A path names a cron job; with `source: 'qstash'`, a QStash destination of the app instead. */
export function matchJobs(jobs: readonly TriggerJob[], args: TriggerArgs): TriggerJob[] {
  const qstash = args.source === 'qstash';
  return jobs.filter((job) => job.private === undefined && (job.qstash !== undefined) === qstash && job.path === args.path && (args.folder === undefined || sameFolder(job, args.folder)));
}
