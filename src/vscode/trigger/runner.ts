import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  buildCronRequest,
  buildQStashRequest,
  type CronRequest,
  describeQStashKeys,
  displayHost,
  explainOutcome,
  explainQStashOutcome,
  formatTriggerReport,
  type HttpOutcome,
  isQStashMethod,
  missingSigningKeyExplanation,
  type OutcomeExplanation,
  redactSecret,
  RunHistory,
  toTriggerJson,
  type TriggerJson,
  verdictLine,
} from '../../core/facade/trigger';
import { loadQStashKeys } from '../../node/trigger/envFiles';
import { sendCronRequest } from '../../node/trigger/httpRequest';
import { localMessageId, localScheduleId, signQStashRequest } from '../../node/trigger/qstashSignature';
import type { Clock } from '../clock';
import { startDevServer } from './devServer';
import { DEV_SERVER_DOWN_TEXT, DevServerDownStatus } from './devServerStatus';
import type { TriggerJob } from './jobs';
import { promptAndStoreSecret, secretFor } from './secrets';
import { baseUrlFor, timeoutSecondsFor } from './settings';

export const OUTPUT_CHANNEL_NAME = 'Next Cron Routes: Trigger';

/**
 * Runs one job: settings, the remote-host gate, the secret, the request with a cancellable
 * progress notification, then the report in the output channel and a notification that
 * offers the next step. Returns the `--json` shape, or undefined when nothing was sent.
 */
export class TriggerRunner implements vscode.Disposable {
  readonly history = new RunHistory();
  private channel: vscode.OutputChannel | undefined;
  /** "Cron dev server down — Start & Retry" while a refused run's server stays down. */
  readonly devServerDown = new DevServerDownStatus((job, base) => this.startAndRetry(job, base));

  constructor(
    private readonly clock: Clock,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  output(): vscode.OutputChannel {
    return (this.channel ??= vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME));
  }

  dispose(): void {
    this.channel?.dispose();
    this.devServerDown.dispose();
  }

  /** Starts the app's dev script in a terminal and, once it listens, runs the job again. */
  private async startAndRetry(job: TriggerJob, base: URL): Promise<TriggerJson | undefined> {
    return (await startDevServer(job, base)) ? this.run(job) : undefined;
  }

  private log(job: TriggerJob, text: string): void {
    const channel = this.output();
    channel.appendLine(`[${this.clock.now().toISOString()}] ${job.path}${job.appFolder ? ` · ${job.appFolder}` : ''}`);
    channel.appendLine(text);
    channel.appendLine('');
    channel.show(true);
  }

  private notSent(job: TriggerJob, reason: string): undefined {
    this.log(job, `Not sent: ${reason}`);
    void vscode.window.showWarningMessage(`${job.path} was not triggered: ${reason}`);
    return undefined;
  }

  async run(job: TriggerJob, options: { runAnyway?: boolean } = {}): Promise<TriggerJson | undefined> {
    if (job.qstash) return this.runQStash(job, job.qstash);
    const trusted = vscode.workspace.isTrusted;
    const base = baseUrlFor(job, trusted);
    if (!base.ok) return this.notSent(job, base.error);
    const target = buildCronRequest({ baseUrl: base.url, path: job.path, method: job.method, schedule: job.schedule, secret: undefined });
    if (!target.ok) return this.notSent(job, target.error);
    const host = displayHost(target.request.url);
    if (!target.request.loopback) {
      if (!trusted) return this.notSent(job, `${host} is not this machine, and an untrusted workspace only sends requests to localhost.`);
      if (!(await confirmRemote(job, host))) return this.notSent(job, `sending to ${host} was not confirmed.`);
    }

    const secret = await secretFor(job, trusted, this.secrets);
    if (options.runAnyway && !secret.value) return this.notSent(job, 'running anyway needs CRON_SECRET: the duplicate-run guard honours the override only from an authenticated request.');
    const built = buildCronRequest({ baseUrl: base.url, path: job.path, method: job.method, schedule: job.schedule, secret: secret.value, runAnyway: options.runAnyway });
    if (!built.ok) return this.notSent(job, built.error);
    const request = built.request;
    const timeoutSeconds = timeoutSecondsFor(job);
    const outcome = await this.send(job, request, timeoutSeconds);
    const explained = explainOutcome(outcome, { path: job.path, configFile: path.basename(job.vercelJson.fsPath), url: request.url, secret: secret.source, timeoutSeconds, surface: 'editor' });
    // The explanation quotes what the route answered (a reason phrase, a Location): it reaches the
    // notification and the status bar, so it is redacted as the log and the result are.
    const explanation = { ...explained, headline: redactSecret(explained.headline, secret.value), explanation: redactSecret(explained.explanation, secret.value) };
    this.history.record(job.key, { at: this.clock.now(), status: outcome.kind === 'response' ? outcome.status : outcome.code, durationMs: outcome.durationMs });
    const warning = base.warning ? `warning: ${base.warning}\n` : '';
    const localBase = trusted && request.loopback ? base.url : undefined;
    const canStart = explanation.action === 'start-dev-server' && localBase !== undefined;
    // The notification hides after a few seconds: the log and the status bar keep the way out.
    const next = canStart ? `\n→ Start the dev server and retry: "${DEV_SERVER_DOWN_TEXT}" in the status bar.` : '';
    this.log(job, warning + formatTriggerReport({ request, secretSource: secret.source, outcome, explanation, secret: secret.value }) + next);
    if (outcome.kind === 'response') this.devServerDown.serverAnswered(base.url);
    else if (canStart && localBase) this.devServerDown.serverDown(job, localBase, explanation);
    this.notify(job, explanation, localBase);
    return toTriggerJson(job.path, request, outcome, explanation, secret.value);
  }

  /** Sends with a cancellable progress notification. */
  private send(job: TriggerJob, request: CronRequest, timeoutSeconds: number): Thenable<HttpOutcome> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Triggering ${job.path} (${request.method} ${request.url.host})`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          return await sendCronRequest(request, { timeoutMs: timeoutSeconds * 1000, signal: abort.signal });
        } finally {
          subscription.dispose();
        }
      },
    );
  }

  /**
   * A QStash delivery to the route answering the destination: to this machine's dev server only
   * (it is a stand-in for QStash, which never calls localhost), signed with the app's current
   * signing key, or not sent at all, with what is missing, when there is none to sign with.
   */
  private async runQStash(job: TriggerJob, qstash: NonNullable<TriggerJob['qstash']>): Promise<TriggerJson | undefined> {
    const trusted = vscode.workspace.isTrusted;
    const base = baseUrlFor(job, trusted);
    if (!base.ok) return this.notSent(job, base.error);
    if (!isQStashMethod(qstash.method)) return this.notSent(job, `QStash sends ${qstash.method}, which this trigger does not send.`);
    const scheduleId = qstash.scheduleId ?? localScheduleId(`${job.appDir}\n${qstash.scheduleKey}`);
    const built = buildQStashRequest({ baseUrl: base.url, path: job.path, method: qstash.method, messageId: localMessageId(), scheduleId });
    if (!built.ok) return this.notSent(job, built.error);
    if (!built.request.loopback) return this.notSent(job, `${displayHost(built.request.url)} is not this machine: a QStash delivery is sent only to the local dev server (set nextCronRoutes.baseUrl to it).`);
    const keys = trusted ? await loadQStashKeys(job.appDir) : undefined;
    if (!keys || keys.source.kind !== 'env-file' || keys.current === undefined) {
      const warnings = keys?.warnings.length ? `\n${keys.warnings.map((w) => `warning: ${w}`).join('\n')}` : '';
      return this.notSent(job, missingSigningKeyExplanation(keys && keys.source.kind !== 'env-file' ? keys.source : { kind: 'untrusted' }) + warnings);
    }
    const request = signQStashRequest(built.request, keys.current);
    const timeoutSeconds = timeoutSecondsFor(job);
    const outcome = await this.send(job, request, timeoutSeconds);
    const explained = explainQStashOutcome(outcome, { path: job.path, declaredIn: job.declared?.file ?? job.path, url: request.url, method: request.method, keys: keys.source, timeoutSeconds, surface: 'editor' });
    const explanation = { ...explained, headline: redactSecret(explained.headline, keys.current), explanation: redactSecret(explained.explanation, keys.current) };
    this.history.record(job.key, { at: this.clock.now(), status: outcome.kind === 'response' ? outcome.status : outcome.code, durationMs: outcome.durationMs });
    const warnings = [base.warning, ...keys.warnings].filter((w): w is string => w !== undefined).map((w) => `warning: ${w}\n`).join('');
    const credentialLine = describeQStashKeys(keys.source);
    this.log(job, warnings + formatTriggerReport({ request, secretSource: { kind: 'none', searched: [] }, credentialLine, outcome, explanation, secret: keys.current }));
    if (outcome.kind === 'response') this.devServerDown.serverAnswered(base.url);
    this.notify(job, explanation, trusted ? base.url : undefined);
    return toTriggerJson(job.path, request, outcome, explanation, keys.current);
  }

  /** The verdict as a notification; not awaited, so programmatic callers get the result at once. */
  private notify(job: TriggerJob, explanation: OutcomeExplanation, localBase: URL | undefined): void {
    const actions: string[] = [];
    const START = 'Start Dev Server and Retry';
    const STORE = 'Store CRON_SECRET…';
    // Both run or store workspace-chosen things: only in trusted workspaces, and the dev server only for this machine.
    if (explanation.action === 'start-dev-server' && localBase) actions.push(START);
    if (explanation.action === 'store-secret' && vscode.workspace.isTrusted) actions.push(STORE);
    actions.push('Show Output');
    const message = verdictLine(job.path, explanation);
    const shown = explanation.ok ? vscode.window.showInformationMessage(message, ...actions) : vscode.window.showWarningMessage(message, ...actions);
    void Promise.resolve(shown).then(async (choice) => {
      if (choice === 'Show Output') this.output().show();
      else if (choice === START && localBase) await this.startAndRetry(job, localBase);
      else if (choice === STORE) {
        if (await promptAndStoreSecret(job, this.secrets)) await this.run(job);
      }
    }, () => undefined);
  }
}

/**
 * A modal that names the host, every time: the request carries the app's CRON_SECRET. A
 * dialog that cannot be shown (the test host refuses dialogs) counts as "no".
 */
async function confirmRemote(job: TriggerJob, host: string): Promise<boolean> {
  const SEND = `Send to ${host}`;
  try {
    const choice = await vscode.window.showWarningMessage(
      `Send the cron request for ${job.path} to ${host}?`,
      { modal: true, detail: `${host} is not this machine. The request carries the app's CRON_SECRET and runs the job there.` },
      SEND,
    );
    return choice === SEND;
  } catch {
    return false;
  }
}
