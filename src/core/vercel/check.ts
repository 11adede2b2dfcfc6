import { type CronExplanation, explainCron } from '../cron/engine';
import { applyRuleOverrides, type Plan, type RuleSetting } from '../settings';
import { type CronEntry, stringValue, type VercelDoc } from './model';
import type { ProjectView } from './project';
import { VERCEL_RULES } from './rules';
import type { Finding } from './rules/types';

export interface CheckOptions {
  plan: Plan;
  now: Date;
  project: ProjectView | undefined;
  rules: Readonly<Record<string, RuleSetting>>;
}

/**
 * Runs every vercel.json rule over a parsed document: the editor's diagnostics and the
 * CLI's `check` are this function's output, with user severity overrides applied.
 */
export function checkVercelJson(doc: VercelDoc, options: CheckOptions): Finding[] {
  const explanations = new Map<CronEntry, CronExplanation | undefined>();
  const ctx = {
    doc,
    plan: options.plan,
    now: options.now,
    project: options.project,
    explain(entry: CronEntry) {
      if (!explanations.has(entry)) {
        const expression = stringValue(entry.schedule);
        explanations.set(entry, expression === undefined ? undefined : explainCron(expression, { dialect: 'vercel', plan: options.plan, from: options.now, runs: 0 }));
      }
      return explanations.get(entry);
    },
    explainSchedule(expression: string, timeZone: string | undefined) {
      return explainCron(expression, { dialect: 'vercel-schedules', scheduleTimeZone: timeZone, from: options.now, runs: 0 });
    },
  };
  const findings: Finding[] = [];
  for (const rule of VERCEL_RULES) {
    if (rule.scope === 'project' && !options.project) continue;
    if (rule.codes.every((code) => options.rules[code] === 'off')) continue;
    findings.push(...rule.check(ctx));
  }
  return applyRuleOverrides(findings, options.rules).sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
}
