import { ALERT_WEBHOOK_ENV, MONITORING_EXPORT } from '../protocol';
import { source } from '../source';
import { type ModuleOptions, statusOfFunction, wrappedHandlerStart, wrapperHead } from './shared';

/** How long the generated wrapper waits for the alert webhook. */
export const ALERT_TIMEOUT_MS = 5000;

/**
 * The monitoring helper module: `withCronMonitoring(job, handler)` logs one JSON line per run and
 * posts failures to the webhook named by CRON_ALERT_WEBHOOK_URL.
 */
export function monitoringModule(options: ModuleOptions): string {
  const { t } = source(options.typed);
  const lines = [
    `/**`,
    ` * Cron run monitoring: one JSON log line per run, and an alert when a run fails.`,
    ` *`,
    ` * A run fails when its handler throws or answers with a status outside 2xx. Set ${ALERT_WEBHOOK_ENV}`,
    ` * to an incoming webhook (Slack and compatible services show the text field) to hear about thrown`,
    ` * errors and 5xx answers; a 3xx or 4xx answer is logged as a failure but posts nothing.`,
    ` */`,
    ``,
    ...(options.typed
      ? [
          `type CronRun = {`,
          `  type: 'cron-run';`,
          `  job: string;`,
          `  startedAt: string;`,
          `  durationMs: number;`,
          `  outcome: 'success' | 'failure';`,
          `  status: number | null;`,
          `  error: string | null;`,
          `};`,
          ``,
        ]
      : []),
    `// Long enough for a webhook to answer, short enough to leave the failed run most of its maxDuration.`,
    `const ALERT_TIMEOUT_MS = ${ALERT_TIMEOUT_MS};`,
    ``,
    ...wrapperHead(
      MONITORING_EXPORT,
      [
        `Wraps a cron route handler, App Router \`(request, context)\` or Pages Router \`(req, res)\`.`,
        `Its response passes through unchanged, and an error it throws is re-thrown unchanged.`,
      ],
      [['job', 'string']],
      options,
    ),
    wrappedHandlerStart(options),
    `    const started = Date.now();`,
    `    let result${t(': Awaited<ReturnType<H>>')};`,
    `    try {`,
    `      result = ${t('(')}await handler(...args)${t(') as Awaited<ReturnType<H>>')};`,
    `    } catch (error) {`,
    `      await finish({ ...timing(job, started), outcome: 'failure', status: null, error: messageOf(error) });`,
    `      throw error;`,
    `    }`,
    `    const status = statusOf(result, args);`,
    `    await finish({ ...timing(job, started), outcome: succeeded(status) ? 'success' : 'failure', status, error: null });`,
    `    return result;`,
    `  };`,
    `}`,
    ``,
    `function timing(job${t(': string')}, started${t(': number')})${t(`: Pick<CronRun, 'type' | 'job' | 'startedAt' | 'durationMs'>`)} {`,
    `  return { type: 'cron-run', job, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started };`,
    `}`,
    ``,
    `async function finish(run${t(': CronRun')})${t(': Promise<void>')} {`,
    `  if (run.outcome === 'success') {`,
    `    console.log(JSON.stringify(run));`,
    `    return;`,
    `  }`,
    `  console.error(JSON.stringify(run));`,
    `  // A 3xx or 4xx is logged as a failure but pages no one: most often it is the route refusing a`,
    `  // request without the CRON_SECRET, which anyone can send. A thrown error (status null) or a 5xx`,
    `  // is the job itself failing.`,
    `  if (run.status !== null && run.status < 500) return;`,
    `  // Read per run, not at module load, so a changed environment applies without a new bundle.`,
    `  const url = process.env.${ALERT_WEBHOOK_ENV};`,
    `  if (url) await alert(url, run);`,
    `}`,
    ``,
    `// Awaited rather than fired and forgotten: a serverless function may be frozen once it has answered.`,
    `async function alert(url${t(': string')}, run${t(': CronRun')})${t(': Promise<void>')} {`,
    `  const text = \`Cron job \${run.job} failed: \${run.error ?? \`HTTP \${run.status}\`} after \${run.durationMs} ms\`;`,
    `  try {`,
    `    const response = await fetch(url, {`,
    `      method: 'POST',`,
    `      headers: { 'content-type': 'application/json' },`,
    `      body: JSON.stringify({ ...run, text }),`,
    `      signal: AbortSignal.timeout(ALERT_TIMEOUT_MS),`,
    `    });`,
    `    if (!response.ok) throw new Error(\`webhook answered \${response.status}\`);`,
    `  } catch (error) {`,
    `    // Best effort: a broken webhook must never mask or replace the error or response of the run.`,
    `    console.error(JSON.stringify({ type: 'cron-alert-failed', job: run.job, error: messageOf(error) }));`,
    `  }`,
    `}`,
    ``,
    ...statusOfFunction(options),
    ``,
    `function messageOf(error${t(': unknown')})${t(': string')} {`,
    `  return error instanceof Error ? error.message : String(error);`,
    `}`,
    ``,
  ];
  return lines.join('\n');
}
