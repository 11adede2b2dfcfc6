import { ALERT_WEBHOOK_ENV, TASK_MONITORING_EXPORT } from '../protocol';
import { source } from '../source';
import type { ModuleOptions } from './shared';
import { ALERT_TIMEOUT_MS } from './monitoringModule';

/**
 * The monitoring helper for a Trigger.dev task's `run` (#20): `withTaskMonitoring(task, run)` logs
 * one JSON line per attempt and posts a thrown error to the webhook of CRON_ALERT_WEBHOOK_URL,
 * then re-throws it, so Trigger.dev still retries the attempt and marks the run failed.
 *
 * Not withCronMonitoring: that one takes any handler and types its parameters from it, and a
 * `run` written inline has no types of its own (`async (payload) => …` is typed by the task), so
 * its payload would become `never`. This signature lets TypeScript infer the parameters from the
 * `run` the task expects. A run has no HTTP status: only a thrown error is a failure.
 */
export function taskMonitoringModule(options: ModuleOptions): string {
  const { t } = source(options.typed);
  const lines = [
    `/**`,
    ` * Trigger.dev task monitoring: one JSON log line per attempt, and an alert when an attempt throws.`,
    ` *`,
    ` * Set ${ALERT_WEBHOOK_ENV} to an incoming webhook (Slack and compatible services show the text`,
    ` * field). The error is re-thrown unchanged, so Trigger.dev retries and reports the run as before.`,
    ` */`,
    ``,
    ...(options.typed
      ? [
          `type TaskAttempt = {`,
          `  type: 'task-attempt';`,
          `  task: string;`,
          `  startedAt: string;`,
          `  durationMs: number;`,
          `  outcome: 'success' | 'failure';`,
          `  error: string | null;`,
          `};`,
          ``,
        ]
      : []),
    `// Long enough for a webhook to answer, short enough to leave the failed attempt most of its maxDuration.`,
    `const ALERT_TIMEOUT_MS = ${ALERT_TIMEOUT_MS};`,
    ``,
    ...(options.typed
      ? [
          `/**`,
          ` * Wraps the run function of a task: \`run: ${TASK_MONITORING_EXPORT}('task-id', async (payload) => { ... })\`.`,
          ` * Its parameters are those the task gives \`run\`, and its result passes through unchanged.`,
          ` */`,
          `export function ${TASK_MONITORING_EXPORT}<Args extends unknown[], Result>(`,
          `  task: string,`,
          `  run: (...args: Args) => Promise<Result>,`,
          `): (...args: Args) => Promise<Result> {`,
          `  return async (...args: Args): Promise<Result> => {`,
        ]
      : [
          `/**`,
          ` * Wraps the run function of a task: \`run: ${TASK_MONITORING_EXPORT}('task-id', async (payload) => { ... })\`.`,
          ` * Its parameters are those the task gives \`run\`, and its result passes through unchanged.`,
          ` *`,
          ` * @template {unknown[]} Args`,
          ` * @template Result`,
          ` * @param {string} task`,
          ` * @param {(...args: Args) => Promise<Result>} run`,
          ` * @returns {(...args: Args) => Promise<Result>}`,
          ` */`,
          `export function ${TASK_MONITORING_EXPORT}(task, run) {`,
          `  return async (...args) => {`,
        ]),
    `    const started = Date.now();`,
    `    try {`,
    `      const result = await run(...args);`,
    `      console.log(JSON.stringify({ ...timing(task, started), outcome: 'success', error: null }));`,
    `      return result;`,
    `    } catch (error) {`,
    `      const attempt${t(': TaskAttempt')} = { ...timing(task, started), outcome: 'failure', error: messageOf(error) };`,
    `      console.error(JSON.stringify(attempt));`,
    `      // Read per attempt, not at module load, so a changed environment applies without a new deploy.`,
    `      const url = process.env.${ALERT_WEBHOOK_ENV};`,
    `      if (url) await alert(url, attempt);`,
    `      throw error;`,
    `    }`,
    `  };`,
    `}`,
    ``,
    `function timing(task${t(': string')}, started${t(': number')})${t(`: Pick<TaskAttempt, 'type' | 'task' | 'startedAt' | 'durationMs'>`)} {`,
    `  return { type: 'task-attempt', task, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started };`,
    `}`,
    ``,
    `async function alert(url${t(': string')}, attempt${t(': TaskAttempt')})${t(': Promise<void>')} {`,
    `  const text = \`Task \${attempt.task} failed: \${attempt.error} after \${attempt.durationMs} ms\`;`,
    `  try {`,
    `    const response = await fetch(url, {`,
    `      method: 'POST',`,
    `      headers: { 'content-type': 'application/json' },`,
    `      body: JSON.stringify({ ...attempt, text }),`,
    `      signal: AbortSignal.timeout(ALERT_TIMEOUT_MS),`,
    `    });`,
    `    if (!response.ok) throw new Error(\`webhook answered \${response.status}\`);`,
    `  } catch (error) {`,
    `    // Best effort: a broken webhook must never mask or replace the error of the attempt.`,
    `    console.error(JSON.stringify({ type: 'task-alert-failed', task: attempt.task, error: messageOf(error) }));`,
    `  }`,
    `}`,
    ``,
    `function messageOf(error${t(': unknown')})${t(': string')} {`,
    `  return error instanceof Error ? error.message : String(error);`,
    `}`,
    ``,
  ];
  return lines.join('\n');
}
