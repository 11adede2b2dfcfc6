/**
 * Rules over a project file that schedules work or calls what is scheduled: a module that starts an
 * in-process scheduler, a workflow that requests a cron route. Unlike a job's schedule findings
 * (present.ts), these read the project around the file: its routes, its config, what imports what.
 * The checker runs a rule only on files its prefilter passed, so a rule must keep that test cheap
 * (a name and a substring) and answer nothing when it cannot tell.
 */
import type { Finding, Rule } from '../../diagnostics';
import type { TsApi } from '../../next/routeExports';
import { applyRuleOverrides, type RuleSetting } from '../../settings';
import type { ProjectView } from '../../vercel/project';
import type { ScheduledJob } from '../model';
import { inProcessSchedulerOnServerlessRule } from './in-process-scheduler-on-serverless';
import { qstashMissingVerificationRule } from './qstash-missing-verification';
import { qstashRouteMissingMethodRule } from './route-missing-method';
import { workflowCallsCronWithoutSecret } from './workflow-calls-cron-without-secret';

export interface SchedulerFileRuleContext {
  /** The file, relative to the project root and "/"-separated, and its text. */
  file: string;
  text: string;
  /** The jobs this file declares (schedulers/registry.ts), empty when it declares none. */
  jobs: readonly ScheduledJob[];
  /** The project around the file: its files, routes, config and package.json. */
  project: ProjectView;
  /** TypeScript (the copy ts-morph bundles), loaded on first need: most files of a run never need it. */
  loadTypeScript(): TsApi;
  /** The rules setting, for a rule that defers to another. */
  rules: Readonly<Record<string, RuleSetting>>;
  /** `nextCronRoutes.cronRouteGlob`: route files that are cron routes though nothing in the config schedules them. */
  cronRouteGlob?: string;
}

export type SchedulerFileRule = Rule<SchedulerFileRuleContext> & {
  /** Whether the file may hold what the rule reports, from its name and text alone, before any parse. */
  mayHaveFindings(file: string, text: string): boolean;
};

/** Every rule over scheduler files, in the order the checker runs them. */
export const SCHEDULER_FILE_RULES: readonly SchedulerFileRule[] = [
  inProcessSchedulerOnServerlessRule,
  qstashMissingVerificationRule,
  qstashRouteMissingMethodRule,
  workflowCallsCronWithoutSecret,
];

const SCHEDULER_FILE_CODES: ReadonlySet<string> = new Set(SCHEDULER_FILE_RULES.flatMap((rule) => rule.codes));

/** Whether a code is one of these rules' (an editor takes its fixes from the file's last diagnostics). */
export function isSchedulerFileCode(code: string): boolean {
  return SCHEDULER_FILE_CODES.has(code);
}

/**
 * A text that holds none of these passes no rule's prefilter (test/unit/core/schedulers/rules/
 * prefilter.test.ts holds them to it): one scan of each of a check's files instead of one per rule.
 * On 2,000 routes of the bench that was 1.5 ms against 3.5 (QStash's header is matched in any case).
 */
const ANY_RULE_TOKEN = /setInterval|node-|croner|[pP][sS][tT][aA][sS][hH]|schedules\.create|\.publish|curl|wget|http/;

/** Whether any rule may report in the file: the checker asks nothing more of a file that fails it. */
export function mayHaveSchedulerFileFindings(file: string, text: string): boolean {
  return ANY_RULE_TOKEN.test(text) && SCHEDULER_FILE_RULES.some((rule) => rule.mayHaveFindings(file, text));
}

/** The findings of every rule whose prefilter the file passes, with the rules setting applied, in span order. */
export function checkSchedulerFile(ctx: SchedulerFileRuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of SCHEDULER_FILE_RULES) {
    if (rule.codes.every((code) => ctx.rules[code] === 'off') || !rule.mayHaveFindings(ctx.file, ctx.text)) continue;
    findings.push(...rule.check(ctx));
  }
  return applyRuleOverrides(findings, ctx.rules).sort((a, b) => a.span.start - b.span.start);
}
