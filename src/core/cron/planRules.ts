import type { ProblemCode } from '../codes';
import { cite, LIMITS } from '../limits';
import type { Plan } from '../settings';
import { formatDuration } from '../time/zones';
import type { Severity, Span } from '../types';
import type { ParsedSchedule } from './analysis';
import type { Dialect } from './dialects';

interface PlanRuleInput {
  dialect: Dialect;
  schedule: ParsedSchedule;
  plan: Plan | undefined;
  interval: number | undefined;
  runsPerDay: number;
  fires: boolean;
  expression: string;
}

interface PlanProblem {
  code: ProblemCode;
  severity: Severity;
  message: string;
  span: Span;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The fields that make a schedule fire more than once a day: minute and/or hour (and seconds). */
function frequencySpan(schedule: ParsedSchedule): Span {
  const parts = [schedule.second, schedule.minute, schedule.hour].filter((f) => f && f.values.size > 1);
  const first = parts[0] ?? schedule.minute;
  const last = parts[parts.length - 1] ?? schedule.hour;
  return { start: first.span.start, end: last.span.end };
}

/**
 * Codes whose error means "this plan refuses it", not "the platform refuses it", with the plan's
 * name: the schedule itself is valid for Vercel Cron Jobs, and Pro and Enterprise deploy it.
 */
export const PLAN_REFUSALS: ReadonlyMap<string, string> = new Map<ProblemCode, string>([['hobby-frequency', 'Hobby']]);

/**
 * Limits that depend on the platform plan or the scheduler: Vercel Hobby's once-a-day rule
 * and its hourly precision, and GitHub Actions' five-minute floor.
 */
export function planProblems(input: PlanRuleInput): PlanProblem[] {
  const { dialect, schedule, plan, interval, runsPerDay, fires } = input;
  const problems: PlanProblem[] = [];
  if (!fires) return problems;

  if (dialect.id === 'vercel' && (plan === 'hobby' || plan === 'unknown') && runsPerDay > 1) {
    const limit = LIMITS.hobbyDeployError;
    const often = interval !== undefined ? `up to every ${formatDuration(interval)}` : `${runsPerDay} times a day`;
    const onPlan =
      plan === 'hobby'
        ? 'The Hobby plan allows cron jobs at most once a day, so the deploy fails'
        : 'On the Hobby plan this deploy would fail (Pro and Enterprise allow it; set nextCronRoutes.plan to stop this warning)';
    problems.push({
      code: 'hobby-frequency',
      severity: plan === 'hobby' ? 'error' : 'warning',
      message: `This schedule fires ${often}. ${onPlan}: "${limit.value}" (${cite(limit)}). Run it once a day, or upgrade.`,
      span: frequencySpan(schedule),
    });
  }

  if (dialect.id === 'vercel' && plan === 'hobby' && runsPerDay === 1) {
    const hour = Math.min(...schedule.hour.values);
    const minute = Math.min(...schedule.minute.values);
    const latest = LIMITS.hobbyPrecisionMinutes.value;
    problems.push({
      code: 'hobby-precision',
      severity: 'info',
      message: `On Hobby this job fires anywhere between ${pad(hour)}:00 and ${pad(hour)}:${pad(latest)} UTC, not exactly at ${pad(hour)}:${pad(minute)} (${cite(LIMITS.hobbyPrecisionMinutes)}). Pro and Enterprise fire within the minute.`,
      span: { start: schedule.minute.span.start, end: schedule.hour.span.end },
    });
  }

  const floor = LIMITS.githubActionsMinIntervalSeconds;
  if (dialect.id === 'github-actions' && interval !== undefined && interval < floor.value) {
    problems.push({
      code: 'interval-too-short',
      severity: 'warning',
      message: `This schedule asks for a run every ${formatDuration(interval)}, but GitHub Actions runs scheduled workflows at most once every ${formatDuration(floor.value)} (${cite(floor)}); runs in between are skipped and runs at busy times are delayed.`,
      span: frequencySpan(schedule),
    });
  }
  return problems;
}
