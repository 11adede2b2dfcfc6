import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cronJobsIn, findGetHandler, jobsServedBy } from '../../core/facade/trigger';
import type { VercelDocs } from '../vercelDocs';
import { toVsRange } from '../convert';
import type { Projects } from '../projects';

export const TRIGGER_COMMAND = 'nextCronRoutes.triggerCronRoute';
export const TRIGGER_TITLE = '▶ Trigger';

export const VERCEL_JSON_FILES: vscode.DocumentSelector = [
  { language: 'json', pattern: '**/vercel.json' },
  { language: 'jsonc', pattern: '**/vercel.json' },
];

/** Route handlers are TypeScript or JavaScript files on disk; which ones are cron routes is decided per file. */
export const ROUTE_FILES: vscode.DocumentSelector = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'].map((language) => ({ language, scheme: 'file' }));

/** "▶ Trigger" above each cron entry of vercel.json whose path can be requested. */
export class VercelJsonTriggerLenses implements vscode.CodeLensProvider {
  constructor(private readonly docs: VercelDocs) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file') return [];
    const folder = path.dirname(document.uri.fsPath);
    return this.docs.jobs(document)
      .filter((job) => job.path.startsWith('/'))
      .map((job) => new vscode.CodeLens(toVsRange(document, job.span), { title: TRIGGER_TITLE, tooltip: `GET ${job.path} as Vercel's scheduler would`, command: TRIGGER_COMMAND, arguments: [{ path: job.path, folder }] }));
  }
}

/** The nearest vercel.json at or above the file, not above its workspace folder. */
function nearestVercelJson(file: string, stopAt: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    const candidate = path.join(dir, 'vercel.json');
    if (fs.existsSync(candidate)) return candidate;
    if (dir === stopAt) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readVercelJson(file: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open) return open.getText();
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * "▶ Trigger /api/cron/x" above the GET of a route file that a cron job calls. Only files under
 * an app/ or pages/ folder are considered, and the route table comes from the shared project
 * model, so opening an ordinary file costs a path test.
 */
export class RouteFileTriggerLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly projects: Projects) {
    this.subscriptions = [
      projects.onDidChange(() => this.emitter.fire()),
      // Route lenses follow the vercel.json being edited, saved or not.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (path.basename(e.document.uri.fsPath) === 'vercel.json') this.emitter.fire();
      }),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const file = document.uri.fsPath;
    if (!/[\\/](app|pages)[\\/]/.test(file)) return [];
    const root = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
    if (!root) return [];
    const vercelJson = nearestVercelJson(file, root);
    const text = vercelJson && readVercelJson(vercelJson);
    if (!vercelJson || !text) return [];
    const jobs = cronJobsIn(text);
    if (jobs.length === 0) return [];
    await this.projects.ready(vercelJson);
    const model = this.projects.service.routeTable(vercelJson);
    if (!model) return [];
    const appDir = path.dirname(vercelJson);
    const served = jobsServedBy(jobs, model, path.relative(appDir, file).split(path.sep).join('/'));
    const handler = findGetHandler(document.getText());
    if (served.length === 0 || !handler) return [];
    const range = toVsRange(document, handler);
    return served.map(
      (job) => new vscode.CodeLens(range, { title: `${TRIGGER_TITLE} ${job.path}`, tooltip: `GET ${job.path} as Vercel's scheduler would (${job.schedule})`, command: TRIGGER_COMMAND, arguments: [{ path: job.path, folder: appDir }] }),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
