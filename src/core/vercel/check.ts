import { compareCodes } from '../codes';
import { type CronExplanation, explainCron } from '../cron/engine';
import { applyRuleOverrides, type Plan, type RuleSetting } from '../settings';
import { clamp, type CronEntry, stringValue, type VercelDoc } from './model';
import type { TextEdit } from '../types';
import { fixesInConfigSyntax } from './configFixes';
import { fileEditsAwayFromParseErrors } from './parseErrors';
import type { ProjectView } from './project';
import { VERCEL_RULES } from './rules';
import type { Finding } from '../diagnostics';

/**
 * Diagnostics need no next runs and no description, so an explanation depends only on the
 * expression, dialect, zone and plan: re-analysis after a keystroke re-explains only the
 * schedules that changed.
 */
const explanationCache = new Map<string, CronExplanation>();
const CACHE_LIMIT = 5_000;

function cachedExplain(expression: string, dialect: 'vercel' | 'vercel-schedules', plan: Plan | undefined, zone: string | undefined): CronExplanation {
  const key = `${dialect}\u0000${plan}\u0000${zone}\u0000${expression}`;
  let explanation = explanationCache.get(key);
  if (!explanation) {
    if (explanationCache.size >= CACHE_LIMIT) explanationCache.clear();
    explanation = explainCron(expression, { dialect, plan, scheduleTimeZone: zone, from: new Date(0), runs: 0, describe: false });
    explanationCache.set(key, explanation);
  }
  return explanation;
}

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
        explanations.set(entry, expression === undefined ? undefined : cachedExplain(expression, 'vercel', options.plan, undefined));
      }
      return explanations.get(entry);
    },
    explainSchedule(expression: string, timeZone: string | undefined) {
      return cachedExplain(expression, 'vercel-schedules', undefined, timeZone);
    },
  };
  const findings: Finding[] = [];
  for (const rule of VERCEL_RULES) {
    if (rule.scope === 'project' && !options.project) continue;
    if (rule.codes.every((code) => options.rules[code] === 'off')) continue;
    findings.push(...rule.check(ctx));
  }
  const length = doc.text.length;
  return applyRuleOverrides(findings, options.rules)
    .map((finding) => fixesInConfigSyntax(withinText(finding, length, options.project), doc))
    .sort((a, b) => a.span.start - b.span.start || compareCodes(a.code, b.code));
}

/**
 * Half-typed text (an unclosed object at the very end) can give nodes that reach past the
 * last character: keep every span inside the document and drop a fix that would not be.
 */
function withinText(finding: Finding, length: number, project: ProjectView | undefined): Finding {
  const inside = (e: TextEdit) => e.offset >= 0 && e.length >= 0 && e.offset + e.length <= length;
  const span = clamp(finding.span, length);
  const within = finding.fixes.every((f) => f.edits.every(inside)) ? finding.fixes : finding.fixes.filter((f) => f.edits.every(inside));
  // A fix that edits a route (a GET added) leaves code next to a syntax error alone, as route rules' fixes do.
  const fixes = project ? fileEditsAwayFromParseErrors(within, project) : within;
  return span.start === finding.span.start && span.end === finding.span.end && fixes === finding.fixes ? finding : { ...finding, span, fixes };
}
