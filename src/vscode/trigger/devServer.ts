import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { devServerCommand } from '../../core/facade/trigger';
import { waitForPort } from '../../node/trigger/port';
import type { TriggerJob } from './jobs';

/** How long a first `next dev` may take to listen, including an install prompt the user answers. */
const START_TIMEOUT_MS = 180_000;

function lockfilesUpwards(appDir: string, stopAt: string | undefined): string[][] {
  const found: string[][] = [];
  let dir = appDir;
  for (;;) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).filter((n) => /lock/i.test(n));
    } catch {
      // Unreadable folder: no lock file known there.
    }
    found.push(names);
    const parent = path.dirname(dir);
    if (parent === dir || dir === stopAt) return found;
    dir = parent;
  }
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * Starts the app's own dev script in a terminal the user can watch and stop, then resolves
 * true once the base URL's port accepts connections (polled, never a fixed sleep), false when
 * the user cancels, closes the terminal, or it never listens.
 */
export async function startDevServer(job: TriggerJob, url: URL): Promise<boolean> {
  let packageJson: string | undefined;
  try {
    packageJson = fs.readFileSync(path.join(job.appDir, 'package.json'), 'utf8');
  } catch {
    packageJson = undefined;
  }
  const root = vscode.workspace.getWorkspaceFolder(job.vercelJson)?.uri.fsPath;
  const port = portOf(url);
  const plan = devServerCommand({ packageJson, lockfilesByFolder: lockfilesUpwards(job.appDir, root), port: url.port ? port : undefined });
  if (!plan.ok) {
    void vscode.window.showErrorMessage(`Cannot start the dev server of ${job.appFolder || 'the app'}: ${plan.error}.`);
    return false;
  }
  const terminal = vscode.window.createTerminal({ name: `dev · ${job.appFolder || path.basename(job.appDir)}`, cwd: job.appDir });
  terminal.sendText(plan.command);
  terminal.show(true);
  const closed = new Promise<void>((resolve) => {
    const listener = vscode.window.onDidCloseTerminal((t) => {
      if (t === terminal) {
        listener.dispose();
        resolve();
      }
    });
  });
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Waiting for ${plan.command} to listen on port ${port}…`, cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort());
      try {
        const up = await waitForPort(host, port, { timeoutMs: START_TIMEOUT_MS, signal: abort.signal, until: closed });
        if (!up && !abort.signal.aborted) {
          void vscode.window.showWarningMessage(`The dev server did not listen on port ${port}; see the terminal "${terminal.name}".`);
        }
        return up;
      } finally {
        subscription.dispose();
      }
    },
  );
}
