/**
 * Any job's hover, CodeLens and schedule findings, whatever declares it: the cron engine's verdict
 * in the job's dialect and zone, next runs in the job's zone, UTC and the display zone, and the
 * source's own caveats. A job whose zone is the running process's (`timeZone: null`) is previewed
 * in UTC, and says so.
 */
import type { ProblemCode } from '../codes';
import { type CronExplanation, explainCron } from '../cron/engine';
import { DIALECTS } from '../cron/dialects';
import type { Finding } from '../diagnostics';
import { applyRuleOverrides, type RuleSetting } from '../settings';
import { closestTimeZones, formatDuration, formatRelative, toShortLocal } from '../time/zones';
import type { Span } from '../types';
import { textToMarkdown } from '../vercel/hover';
import type { ScheduledJob } from './model';
import { SOURCE_INFO } from './sourceInfo';

/** The column and heading label of a job whose zone is the process's. */
const PROCESS_ZONE = "process zone unknown — shown in UTC";

const SEVERITY_ICONS = { error: '$(error)', warning: '$(warning)', info: '$(info)', hint: '$(lightbulb)' } as const;

/** "Not a valid QStash schedule": dialect labels that end in "schedule" say it once. */
function notValid(label: string): string {
  return `Not a valid ${label.replace(/ schedule$/, '')} schedule`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** The zone the engine is told apart from the expression: only dialects that take one there read it. */
function separateZone(job: ScheduledJob): string | undefined {
  return DIALECTS[job.dialect].zone === 'separate-field' && job.timeZone !== null ? job.timeZone : undefined;
}

function explain(job: ScheduledJob, now: Date, runs: number, describe: boolean): CronExplanation {
  return explainCron(job.expression, { dialect: job.dialect, scheduleTimeZone: separateZone(job), from: now, runs, describe });
}

/**
 * Where a problem inside the expression lies in the file: inside the literal when the literal's
 * text between its quotes, or its whole text when unquoted, is the expression itself (no escapes), else the whole expression span
 * (an escaped literal, or a name the expression was followed through).
 */
function fileSpan(job: ScheduledJob, fileText: string, problem: Span): Span {
  const { start, end } = job.expressionSpan;
  const written = fileText.slice(start, end);
  const quote = written[0];
  const plain = (quote === '"' || quote === "'" || quote === '`') && written.length === job.expression.length + 2 && written.endsWith(quote) && written.slice(1, -1) === job.expression;
  if (plain) return { start: start + 1 + problem.start, end: start + 1 + problem.end };
  // An unquoted literal (a plain YAML scalar, a block scalar's line) that reads as the expression.
  return written === job.expression ? { start: start + problem.start, end: start + problem.end } : { start, end };
}

export interface JobFindingOptions {
  now: Date;
  rules: Readonly<Record<string, RuleSetting>>;
}

/**
 * The schedule findings of one job (`invalid-schedule`, `never-fires`, `invalid-timezone`, and
 * whatever else the engine says of the expression in its dialect), in `fileText` (the text of
 * `job.declared.file`), with the severities `nextCronRoutes.rules` gives them. No fixes: a code
 * literal's rewrite is the user's.
 */
export function jobFindings(job: ScheduledJob, fileText: string, options: JobFindingOptions): Finding[] {
  const explanation = explain(job, options.now, 0, false);
  const findings: Finding[] = explanation.problems.map((problem) => {
    // A zone written apart from the expression is wrong where it is written.
    const onZone = problem.code === 'invalid-timezone' && job.timeZoneSpan !== undefined && separateZone(job) !== undefined;
    const span = onZone ? job.timeZoneSpan! : fileSpan(job, fileText, problem.span);
    const closest = onZone ? closestTimeZones(job.timeZone!) : [];
    const message = closest.length ? `${problem.message} Did you mean ${closest.join(', ')}?` : problem.message;
    return { code: problem.code as ProblemCode, severity: problem.severity, message, span, fixes: [] };
  });
  return applyRuleOverrides(findings, options.rules);
}

export interface JobHoverOptions {
  now: Date;
  displayTimeZone: string;
  rules: Readonly<Record<string, RuleSetting>>;
  /** Problems the editor already shows in the same hover (see vercel/hover.ts). */
  shownAtCursor?: readonly { code: string; message: string }[];
}

/** The job whose expression holds `offset`, of those a file declares. */
export function jobAt(jobs: readonly ScheduledJob[], offset: number): ScheduledJob | undefined {
  return jobs.find((job) => offset >= job.expressionSpan.start && offset <= job.expressionSpan.end);
}

/** The hover over a job's expression: what it means, its next runs, the source's caveats and the problems. */
export function jobHoverMarkdown(job: ScheduledJob, options: JobHoverOptions): string {
  const explanation = explain(job, options.now, 5, true);
  const dialect = DIALECTS[job.dialect];
  const info = SOURCE_INFO[job.source];
  const zone = explanation.scheduleTimeZone;
  const zoneLabel = job.timeZone === null ? PROCESS_ZONE : zone;
  const lines: string[] = [];
  const heading = explanation.description ?? (explanation.valid ? job.expression : notValid(dialect.label));
  lines.push(`**${escapeMarkdown(heading)}** (${escapeMarkdown(zoneLabel)})`, '', `${escapeMarkdown(info.label)}${job.name === undefined ? '' : ` ${escapeMarkdown(job.name)}`}`, '');
  if (explanation.nextRuns.length) {
    const zones = [...new Set([zone, 'UTC', options.displayTimeZone])];
    const header = zones.map((z) => escapeMarkdown(z === zone && job.timeZone === null ? `UTC (${PROCESS_ZONE})` : z));
    lines.push(`| Next run | ${header.join(' | ')} |`, `|---|${zones.map(() => '---').join('|')}|`);
    for (const run of explanation.nextRuns) {
      lines.push(`| ${formatRelative(run, options.now)} | ${zones.map((z) => toShortLocal(run, z, z !== zone)).join(' | ')} |`);
    }
    lines.push('');
  }
  if (explanation.shortestIntervalSeconds !== undefined && explanation.runsPerDay !== undefined && explanation.runsPerDay > 1) {
    lines.push(`Runs up to every ${formatDuration(explanation.shortestIntervalSeconds)} (${explanation.runsPerDay} times a day).`, '');
  }
  if (job.jitter && job.jitter.upToMinutes > 0) lines.push(`Window: each run starts within ${job.jitter.upToMinutes} min after the start of its scheduled ${job.jitter.from}.`, '');
  if (info.caveat) lines.push(textToMarkdown(info.caveat), '');
  const shown = options.shownAtCursor ?? [];
  for (const problem of applyRuleOverrides(explanation.problems, options.rules)) {
    if (shown.some((s) => s.code === problem.code && s.message === problem.message)) continue;
    lines.push(`${SEVERITY_ICONS[problem.severity]} ${textToMarkdown(problem.message)} \`${problem.code}\``, '');
  }
  lines.push(`[${escapeMarkdown(dialect.label)} docs](${dialect.docsUrl})`);
  return lines.join('\n');
}

/** A job's lens title: "At 03:00 Europe/Paris · next in 5 h" (UTC, labelled, when the zone is the process's). */
export function jobLensTitle(job: ScheduledJob, now: Date): string {
  const explanation = explain(job, now, 1, true);
  const dialect = DIALECTS[job.dialect];
  if (!explanation.description) return notValid(dialect.label);
  const zone = job.timeZone === null ? `UTC (${PROCESS_ZONE.replace(' — shown in UTC', '')})` : explanation.scheduleTimeZone;
  const next = explanation.nextRuns[0];
  return `${explanation.description} ${zone}${next ? ` · next ${formatRelative(next, now)}` : ''}${explanation.valid ? '' : ` · rejected by ${dialect.label}`}`;
}
