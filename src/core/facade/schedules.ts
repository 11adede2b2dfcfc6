/**
 * The facade's schedules (issue #16): what a cron expression means to a scheduler, and the zones
 * its runs are shown in. Nothing here reads the workspace, so it stands beside the service
 * rather than in it; the CLI's `explain` and the editor's "Explain Cron Schedule" both ask it, so
 * an expression reads the same in both.
 */
import { type CronExplanation, explainCron } from '../cron/engine';
import type { DialectId } from '../cron/dialects';
import { formatExplanationText, type ReportOptions } from '../cron/report';
import { applyRuleOverrides, type Plan, type RuleSetting } from '../settings';
import { isValidTimeZone, machineTimeZone } from '../time/zones';

// The schedulers an expression may be meant for, and what each accepts.
export { DIALECT_IDS, DIALECTS, isDialectId, type Dialect, type DialectId } from '../cron/dialects';
// The expression under the cursor, and the scheduler a file's schedules are for.
export { dialectForFile, scheduleAt, type ScheduleAtCursor } from '../cron/scheduleAt';
// Zones: checking a name, this machine's, and an instant written in one.
export { isValidTimeZone, machineTimeZone, toZonedIso } from '../time/zones';
export type { CronExplanation } from '../cron/engine';

/** What one explanation is asked with. */
export interface ExplainScheduleOptions {
  dialect: DialectId;
  /** The zone of dialects whose zone is a separate setting (Trigger.dev, GitHub Actions, Schedules). */
  scheduleTimeZone?: string;
  /** Adds plan-dependent problems such as `hobby-frequency`; none when undefined. */
  plan?: Plan;
  /** The `nextCronRoutes.rules` overrides: the problems are the ones the user asked to see, at their severity. */
  rules: Readonly<Record<string, RuleSetting>>;
  /** Runs are computed strictly after this instant. */
  from: Date;
  /** How many next runs to compute (0 to 100). */
  runs: number;
}

/**
 * The expression explained for one scheduler, with the user's rule overrides applied: `problems`
 * and `valid` are what the user sees (a problem switched off no longer makes it invalid).
 */
export function explainSchedule(expression: string, options: ExplainScheduleOptions): CronExplanation {
  const { rules, ...asked } = options;
  const explanation = explainCron(expression, asked);
  const problems = applyRuleOverrides(explanation.problems, rules);
  return { ...explanation, problems, valid: !problems.some((p) => p.severity === 'error') };
}

/** The explanation as text: description, problems with carets under their spans, next runs in `displayZone`. */
export function scheduleReport(explanation: CronExplanation, options: ReportOptions): string {
  return formatExplanationText(explanation, options);
}

/** The zone relative times are shown in: the `displayTimeZone` setting when it names a zone, else this machine's. */
export function displayTimeZoneOf(setting: string | undefined): string {
  return setting && isValidTimeZone(setting) ? setting : machineTimeZone();
}
