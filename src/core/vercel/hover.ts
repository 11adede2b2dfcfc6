import { findNodeAtLocation, type Node, parseTree } from 'jsonc-parser';
import { locationAt } from '../jsonc';
import { type CronExplanation, explainCron } from '../cron/engine';
import { DIALECTS, type DialectId } from '../cron/dialects';
import { applyRuleOverrides, type Plan, type RuleSetting } from '../settings';
import type { VercelDoc } from './model';
import { formatDuration, formatRelative, toShortLocal } from '../time/zones';
import type { Span } from '../types';

export interface HoverContext {
  now: Date;
  plan: Plan;
  /** Resolved display zone (the setting, else the machine's). */
  displayTimeZone: string;
  /** `nextCronRoutes.rules`: the hover gives each problem the severity the Problems panel gives it, and none that is off. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /**
   * Problems the editor already shows in this same hover: it renders the message of every
   * diagnostic whose range holds the cursor above the provider's Markdown. Matched by code and
   * message and left out here, so each problem is said once. Empty or absent: all are listed.
   */
  shownAtCursor?: readonly { code: string; message: string }[];
}

export interface CoreHover {
  span: Span;
  markdown: string;
}

const SEVERITY_ICONS = { error: '$(error)', warning: '$(warning)', info: '$(info)', hint: '$(lightbulb)' } as const;

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** A URL in running text; sentence punctuation after it is not part of it. */
const URL_IN_TEXT = /https?:\/\/[^\s()<>[\]]+[^\s()<>[\].,;:!?'"]/g;

/**
 * Plain text (a problem message) as Markdown: the text escaped, each URL in it a link. Escaping
 * the URL too (`usage\-and\-pricing\)\.`) broke it: the renderer's autolink took the escapes
 * and the closing parenthesis into the address.
 */
export function textToMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0];
    out += escapeMarkdown(text.slice(last, match.index));
    const label = url.replace(/^https?:\/\//, '').replace(/[\\`*_[\]<>]/g, '\\$&');
    out += `[${label}](${url})`;
    last = match.index + url.length;
  }
  return out + escapeMarkdown(text.slice(last));
}

interface ScheduleTarget {
  node: Node;
  dialect: DialectId;
  scheduleTimeZone: string | undefined;
}

function contains(node: Node, offset: number): boolean {
  return node.type === 'string' && offset >= node.offset && offset <= node.offset + node.length;
}

/** The same lookup on a model the editor parsed once for this document version: no scanning. */
function findScheduleInDoc(doc: VercelDoc, offset: number): ScheduleTarget | undefined {
  for (const cron of doc.crons) {
    if (cron.schedule && contains(cron.schedule.node, offset)) return { node: cron.schedule.node, dialect: 'vercel', scheduleTimeZone: undefined };
  }
  for (const entry of doc.schedules) {
    if (!entry.schedule || !contains(entry.schedule.node, offset)) continue;
    const zone = entry.timezone?.node.type === 'string' ? String(entry.timezone.node.value) : undefined;
    return { node: entry.schedule.node, dialect: 'vercel-schedules', scheduleTimeZone: zone };
  }
  return undefined;
}

/** The schedule string under the cursor: `crons[i].schedule` or `schedules.<name>.schedule`. */
function findScheduleAt(text: string, offset: number): ScheduleTarget | undefined {
  const location = locationAt(text, offset);
  if (!location || location.isAtPropertyKey) return undefined;
  const isCron = location.matches(['crons', '*', 'schedule']);
  const isSchedule = location.matches(['schedules', '*', 'schedule']);
  if (!isCron && !isSchedule) return undefined;
  // getLocation already holds the string under the cursor: no full parse on the hover path.
  const node = location.previousNode;
  if (!node || node.type !== 'string' || offset < node.offset || offset > node.offset + node.length) return undefined;
  if (isCron) return { node, dialect: 'vercel', scheduleTimeZone: undefined };
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const zoneNode = tree && findNodeAtLocation(tree, [...location.path.slice(0, -1), 'timezone']);
  const zone = zoneNode?.type === 'string' ? String(zoneNode.value) : undefined;
  return { node, dialect: 'vercel-schedules', scheduleTimeZone: zone };
}

/** With the plan unknown, say what Hobby would do; on hobby the engine reports it as a problem. */
function hobbyPrecisionNote(explanation: CronExplanation, plan: Plan): string | undefined {
  const schedule = explanation.schedule;
  if (plan !== 'unknown' || explanation.dialect !== 'vercel' || !explanation.valid || !schedule || explanation.runsPerDay !== 1) return undefined;
  const hour = String(Math.min(...schedule.hour.values)).padStart(2, '0');
  return `On the Hobby plan this job fires anywhere between ${hour}:00 and ${hour}:59 UTC; Pro and Enterprise fire within the minute.`;
}

/**
 * Hover for a schedule in vercel.json: what it means, when it runs next in UTC and in the
 * display zone, and what the platform will make of it.
 */
export function getScheduleHover(source: string | VercelDoc, offset: number, ctx: HoverContext): CoreHover | undefined {
  // The editor passes its parsed model; the text form scans only up to the cursor.
  const target = typeof source === 'string' ? findScheduleAt(source, offset) : findScheduleInDoc(source, offset);
  if (!target) return undefined;
  const expression = String(target.node.value);
  const explanation = explainCron(expression, {
    dialect: target.dialect,
    scheduleTimeZone: target.scheduleTimeZone,
    plan: ctx.plan,
    from: ctx.now,
    runs: 5,
  });
  const dialect = DIALECTS[target.dialect];
  const zone = explanation.scheduleTimeZone;
  const lines: string[] = [];
  const heading = explanation.description ?? (explanation.valid ? expression : `Not a valid ${dialect.label} schedule`);
  lines.push(`**${escapeMarkdown(heading)}** (${escapeMarkdown(zone)})`, '');

  if (explanation.nextRuns.length) {
    const zones = [...new Set([zone, ctx.displayTimeZone])];
    lines.push(`| Next run | ${zones.map(escapeMarkdown).join(' | ')} |`, `|---|${zones.map(() => '---').join('|')}|`);
    for (const run of explanation.nextRuns) {
      const cells = zones.map((z) => toShortLocal(run, z, z !== zone));
      lines.push(`| ${formatRelative(run, ctx.now)} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  if (explanation.shortestIntervalSeconds !== undefined && explanation.runsPerDay !== undefined && explanation.runsPerDay > 1) {
    lines.push(`Runs up to every ${formatDuration(explanation.shortestIntervalSeconds)} (${explanation.runsPerDay} times a day).`, '');
  }
  const hobbyNote = hobbyPrecisionNote(explanation, ctx.plan);
  if (hobbyNote) lines.push(hobbyNote, '');
  const shown = ctx.shownAtCursor ?? [];
  for (const problem of applyRuleOverrides(explanation.problems, ctx.rules ?? {})) {
    if (shown.some((s) => s.code === problem.code && s.message === problem.message)) continue;
    lines.push(`${SEVERITY_ICONS[problem.severity]} ${textToMarkdown(problem.message)} \`${problem.code}\``, '');
  }
  lines.push(`[${escapeMarkdown(dialect.label)} docs](${dialect.docsUrl})`);
  return { span: { start: target.node.offset, end: target.node.offset + target.node.length }, markdown: lines.join('\n') };
}
