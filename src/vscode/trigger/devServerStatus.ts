import * as vscode from 'vscode';
import type { OutcomeExplanation } from '../../core/facade/trigger';
import { waitForPort } from '../../node/trigger/port';
import type { TriggerJob } from './jobs';

export const START_AND_RETRY_COMMAND = 'nextCronRoutes.startDevServerAndRetry';
export const DEV_SERVER_DOWN_TEXT = 'Cron dev server down — Start & Retry';
/** True while the item is shown, so the palette offers the command only then. */
const CONTEXT_KEY = 'nextCronRoutes.devServerDown';
/** How long the item watches the port for a server the user starts some other way. */
const WATCH_MS = 60 * 60_000;

/** What tests (through the extension's API) and the palette read of the item. */
export interface DevServerDownState {
  text: string;
  tooltip: string;
  command: string;
  /** The failed job's path and the base URL it went to. */
  path: string;
  baseUrl: string;
}

interface Down {
  job: TriggerJob;
  base: URL;
  watch: AbortController;
}

/**
 * "Cron dev server down — Start & Retry" in the status bar from a refused trigger until the
 * server answers. The notification that says so hides after a few seconds; the way out must
 * not go with it. Clicking starts the app's dev script and runs the job again; the item goes
 * away when a request to that server gets any answer, or when its port starts listening (a
 * server started in the user's own terminal).
 */
export class DevServerDownStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nextCronRoutes.devServerDown', vscode.StatusBarAlignment.Left, 50);
  private readonly command: vscode.Disposable;
  private down: Down | undefined;

  constructor(startAndRetry: (job: TriggerJob, base: URL) => Promise<unknown>) {
    this.item.name = 'Next Cron Routes: dev server';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.command = vscode.commands.registerCommand(START_AND_RETRY_COMMAND, async () => {
      const down = this.down;
      if (!down) return undefined;
      this.item.text = '$(loading~spin) Starting the cron dev server…';
      try {
        return await startAndRetry(down.job, down.base);
      } finally {
        // Still down (not started, or the retry was refused again): offer it again.
        if (this.down === down) this.render(down);
      }
    });
  }

  /** A run was refused at `base`: show the way to start the server and retry `job`. */
  serverDown(job: TriggerJob, base: URL, explanation: OutcomeExplanation): void {
    this.down?.watch.abort();
    const down: Down = { job, base, watch: new AbortController() };
    this.down = down;
    this.item.tooltip = `${explanation.headline}. ${explanation.explanation}\n\nClick to start the app's dev script in a terminal and trigger ${job.path} again.`;
    this.render(down);
    this.item.show();
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, true);
    const host = base.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = base.port ? Number(base.port) : base.protocol === 'https:' ? 443 : 80;
    void waitForPort(host, port, { timeoutMs: WATCH_MS, signal: down.watch.signal }).then((up) => {
      if (up && this.down === down) this.clear();
    });
  }

  /** A request to `base` got an answer (any status): the server there is up. */
  serverAnswered(base: URL): void {
    if (this.down && this.down.base.origin === base.origin) this.clear();
  }

  /** What the item shows, when it is shown. */
  state(): DevServerDownState | undefined {
    const down = this.down;
    if (!down) return undefined;
    return { text: this.item.text, tooltip: String(this.item.tooltip ?? ''), command: START_AND_RETRY_COMMAND, path: down.job.path, baseUrl: down.base.href };
  }

  private render(down: Down): void {
    this.item.text = `$(debug-disconnect) ${DEV_SERVER_DOWN_TEXT}`;
    this.item.command = { title: 'Start Dev Server and Retry', command: START_AND_RETRY_COMMAND, tooltip: `Start the dev server and trigger ${down.job.path} again` };
  }

  private clear(): void {
    this.down?.watch.abort();
    this.down = undefined;
    this.item.hide();
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);
  }

  dispose(): void {
    this.down?.watch.abort();
    this.item.dispose();
    this.command.dispose();
  }
}
