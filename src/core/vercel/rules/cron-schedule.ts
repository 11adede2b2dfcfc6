import type { Node } from 'jsonc-parser';
import type { ProblemCode } from '../../codes';
import { cite, LIMITS } from '../../limits';
import type { CronExplanation } from '../../cron/engine';
import type { Problem, TextEdit } from '../../types';
import { closestTimeZones } from '../../time/zones';
import { documentSpanInString, spanOf, stringValue } from '../model';
import { keepOneDayField, meaningPreservingRewrite, onceADay } from '../scheduleRewrite';
import type { Finding, Fix } from '../../diagnostics';
import type { VercelRule, VercelRuleContext } from '../context';

function replaceString(node: Node, value: string): Fix['edits'] {
  return [{ offset: node.offset, length: node.length, content: JSON.stringify(value) }];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function fixesFor(problem: Problem, explanation: CronExplanation, node: Node): Fix[] {
  const expression = explanation.expression;
  const schedule = explanation.schedule;
  switch (problem.code as ProblemCode) {
    case 'invalid-schedule': {
      const rewrite = meaningPreservingRewrite(expression);
      return rewrite ? [{ title: `Rewrite as "${rewrite}" (same meaning)`, edits: replaceString(node, rewrite), safe: true, preferred: true }] : [];
    }
    case 'day-of-month-and-week': {
      const fixes: Fix[] = [];
      const byMonthDay = keepOneDayField(expression, 'dayOfMonth');
      const byWeekDay = keepOneDayField(expression, 'dayOfWeek');
      if (byMonthDay) fixes.push({ title: `Keep day of month: "${byMonthDay}"`, edits: replaceString(node, byMonthDay), safe: false });
      if (byWeekDay) fixes.push({ title: `Keep day of week: "${byWeekDay}"`, edits: replaceString(node, byWeekDay), safe: false });
      return fixes;
    }
    case 'hobby-frequency': {
      if (!schedule) return [];
      const minute = Math.min(...schedule.minute.values);
      const hour = Math.min(...schedule.hour.values);
      const daily = onceADay(expression, minute, hour);
      return daily ? [{ title: `Run once a day at ${pad(hour)}:${pad(minute)} UTC`, edits: replaceString(node, daily), safe: false }] : [];
    }
    default:
      return [];
  }
}

function computeFindings(ctx: VercelRuleContext, explanation: CronExplanation, node: Node): Finding[] {
  return explanation.problems.map((problem) => ({
    code: problem.code as ProblemCode,
    severity: problem.severity,
    message: problem.message,
    span: node.type === 'string' ? documentSpanInString(ctx.doc.text, node, problem.span) : spanOf(node),
    fixes: fixesFor(problem, explanation, node),
  }));
}

/**
 * A schedule's findings depend only on its JSON text (and the plan): after a keystroke the
 * unchanged schedules reuse theirs, moved to where the string now starts.
 */
const findingsCache = new Map<string, { offset: number; findings: Finding[] }>();

function shift(finding: Finding, delta: number): Finding {
  if (delta === 0) return finding;
  const move = (e: TextEdit) => ({ ...e, offset: e.offset + delta });
  return {
    ...finding,
    span: { start: finding.span.start + delta, end: finding.span.end + delta },
    fixes: finding.fixes.map((f) => ({ ...f, edits: f.edits.map(move) })),
  };
}

function toFindings(ctx: VercelRuleContext, explain: () => CronExplanation | undefined, node: Node, zone = ''): Finding[] {
  const key = `${ctx.plan}\u0000${zone}\u0000${ctx.doc.text.slice(node.offset, node.offset + node.length)}`;
  const cached = findingsCache.get(key);
  if (cached) return cached.findings.length ? cached.findings.map((f) => shift(f, node.offset - cached.offset)) : cached.findings;
  const explanation = explain();
  if (!explanation) return [];
  const findings = computeFindings(ctx, explanation, node);
  if (findingsCache.size > 5_000) findingsCache.clear();
  findingsCache.set(key, { offset: node.offset, findings });
  return findings;
}

function zoneFinding(finding: Finding, node: Node): Finding {
  const zone = String(node.value);
  const closest = closestTimeZones(zone);
  return {
    ...finding,
    span: spanOf(node),
    message: `${finding.message} The schedule cannot be read in it.${closest.length ? ` Did you mean ${closest.join(', ')}?` : ''}`,
    fixes: closest.map((name, i) => ({ title: `Change to "${name}"`, edits: replaceString(node, name), safe: false, preferred: i === 0 })),
  };
}

/**
 * A Schedules `schedule` outside the lengths the CLI's schema takes (counted as ajv counts, in
 * code points): every macro but @annually and @midnight is shorter than the least, which says
 * more than "not documented", so this finding stands in for the engine's.
 */
function lengthFinding(expression: string, node: Node): Finding | undefined {
  const limit = LIMITS.schedulesExpressionLength;
  const { min, max } = limit.value;
  const length = [...expression].length;
  if (length >= min && length <= max) return undefined;
  const rewrite = length < min ? meaningPreservingRewrite(expression) : undefined;
  const advice = rewrite ? `Write "${rewrite}" (the same schedule).` : length < min ? 'Write the five fields, such as "0 3 * * *".' : 'Shorten it: a range (0-30) or a step (*/5) instead of a list.';
  return {
    code: 'invalid-schedule',
    severity: 'error',
    span: spanOf(node),
    fixes: rewrite ? [{ title: `Rewrite as "${rewrite}" (same meaning)`, edits: replaceString(node, rewrite), safe: true, preferred: true }] : [],
    message: `The vercel CLI takes a Schedules "schedule" of ${min} to ${max} characters (${cite(limit)}); this one has ${length}, so the deploy fails. ${advice}`,
  };
}

/**
 * The cron engine's verdict on every schedule of vercel.json: `invalid-schedule`,
 * `day-of-month-and-week`, `never-fires`, `hobby-frequency`, `hobby-precision`.
 */
export const cronScheduleRule: VercelRule = {
  family: 'cron-schedule',
  codes: ['invalid-schedule', 'day-of-month-and-week', 'never-fires', 'hobby-frequency', 'hobby-precision', 'invalid-timezone'],
  scope: 'file',
  check(ctx) {
    const findings: Finding[] = [];
    for (const entry of ctx.doc.crons) {
      if (!entry.schedule) {
        if (entry.node.type === 'object') {
          findings.push({ code: 'invalid-schedule', severity: 'error', span: entry.span, fixes: [], message: 'This cron job has no "schedule"; Vercel requires path and schedule, so the deploy fails. Add "schedule": "0 3 * * *" (UTC).' });
        }
        continue;
      }
      if (entry.schedule.node.type !== 'string') {
        findings.push({ code: 'invalid-schedule', severity: 'error', span: entry.schedule.span, fixes: [], message: 'The schedule must be a string such as "0 3 * * *".' });
        continue;
      }
      findings.push(...toFindings(ctx, () => ctx.explain(entry), entry.schedule.node));
    }
    for (const schedule of ctx.doc.schedules) {
      if (!schedule.schedule) {
        findings.push({ code: 'invalid-schedule', severity: 'error', span: schedule.nameSpan, fixes: [], message: 'This schedules entry has no "schedule"; the vercel CLI requires one, so the deploy fails. Add "schedule": "0 3 * * *" (read in the entry\'s "timezone", UTC by default).' });
        continue;
      }
      const expression = stringValue(schedule.schedule);
      if (expression === undefined) {
        findings.push({ code: 'invalid-schedule', severity: 'error', span: schedule.schedule.span, fixes: [], message: 'The schedule must be a string such as "0 3 * * *".' });
        continue;
      }
      const length = lengthFinding(expression, schedule.schedule.node);
      if (length) {
        findings.push(length);
        continue;
      }
      if (schedule.timezone && stringValue(schedule.timezone) === undefined) {
        findings.push({ code: 'invalid-timezone', severity: 'error', span: schedule.timezone.span, fixes: [], message: '"timezone" must be a string naming an IANA time zone, such as "America/New_York".' });
        continue;
      }
      const zone = stringValue(schedule.timezone);
      // Keyed apart from crons: the same text means another dialect (no plan rules) in another zone;
      // no zone (UTC) and an empty one (invalid) are keyed apart too.
      for (const finding of toFindings(ctx, () => ctx.explainSchedule(expression, zone), schedule.schedule.node, `schedules\u0000${JSON.stringify(zone ?? null)}`)) {
        // A bad zone belongs on the timezone value, not on the expression, with the names it may mean.
        findings.push(finding.code === 'invalid-timezone' && schedule.timezone ? zoneFinding(finding, schedule.timezone.node) : finding);
      }
    }
    return findings;
  },
};
