import { DIALECTS } from './dialects';
import type { CronExplanation } from './engine';
import { PLAN_REFUSALS } from './planRules';
import { formatDuration, formatRelative, toShortLocal } from '../time/zones';
import type { Problem } from '../types';

export interface ReportOptions {
  displayZone: string;
  now: Date;
}

/** The problem's text with a caret line under its span, as compilers print it. */
export function caretLines(expression: string, problem: Problem): string[] {
  const start = Math.min(problem.span.start, expression.length);
  const width = Math.max(1, problem.span.end - start);
  return [`    ${expression}`, `    ${' '.repeat(start)}${'^'.repeat(width)}`];
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text}  ` : text + ' '.repeat(width - text.length);
}

/**
 * Why the schedule is not valid, in one line: a schedule only a plan refuses (Hobby's once a day)
 * is valid for the platform, so it says which plan refuses it rather than "Not valid".
 */
function invalidLine(explanation: CronExplanation, label: string): string {
  const plans = new Set(explanation.problems.filter((p) => p.severity === 'error').map((p) => PLAN_REFUSALS.get(p.code)));
  const [plan] = plans;
  return plans.size === 1 && plan !== undefined ? `Not allowed on the ${plan} plan.` : `Not valid for ${label}.`;
}

/** Plain-text explanation for people (the CLI's default output). */
export function formatExplanationText(explanation: CronExplanation, options: ReportOptions): string {
  const { displayZone, now } = options;
  const dialect = DIALECTS[explanation.dialect];
  const lines: string[] = [];
  lines.push(`${explanation.expression}  (${dialect.label}, ${explanation.scheduleTimeZone})`);
  lines.push(explanation.description ? `  ${explanation.description}` : '  (no description)');
  if (!explanation.valid) lines.push(`  ${invalidLine(explanation, dialect.label)}`);
  if (explanation.valid && explanation.nextRuns.length) {
    lines.push('');
    const scheduleZone = explanation.scheduleTimeZone;
    const zones = [...new Set(['UTC', scheduleZone, displayZone])];
    const relative = explanation.nextRuns.map((d) => formatRelative(d, now));
    const relWidth = Math.max(9, ...relative.map((r) => r.length)) + 2;
    const columnWidth = 26;
    lines.push(`  ${pad('Next runs', relWidth)}${zones.map((z) => pad(z, columnWidth)).join('')}`.trimEnd());
    explanation.nextRuns.forEach((run, i) => {
      const cells = zones.map((z) => pad(z === 'UTC' ? toShortLocal(run, z) : toShortLocal(run, z, true), columnWidth));
      lines.push(`  ${pad(relative[i]!, relWidth)}${cells.join('')}`.trimEnd());
    });
    if (explanation.shortestIntervalSeconds !== undefined) {
      lines.push('', `  Shortest interval between runs: ${formatDuration(explanation.shortestIntervalSeconds)}`);
    }
  }
  if (explanation.problems.length) {
    lines.push('');
    for (const problem of explanation.problems) {
      lines.push(`${problem.severity} ${problem.code}: ${problem.message}`);
      lines.push(...caretLines(explanation.expression, problem));
    }
  }
  return lines.join('\n');
}
