import type { Node } from 'jsonc-parser';
import { locationAt } from '../jsonc';
import { type CronExplanation, explainCron } from '../cron/engine';
import { DIALECTS, type DialectId } from '../cron/dialects';
import { applyRuleOverrides, type Plan, type RuleSetting } from '../settings';
import { parseVercelJson, type ScheduleEntry, stringValue, type VercelDoc } from './model';
import { scheduleRequestMethod } from './scheduleTargets';
import { dstChanges } from '../cron/dst';
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
  /** The Schedules entry the expression belongs to (its jitter and target are shown). */
  entry?: ScheduleEntry;
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
    return { node: entry.schedule.node, dialect: 'vercel-schedules', scheduleTimeZone: zone, entry };
  }
  return undefined;
}

/** The schedule string under the cursor: `crons[i].schedule`, `schedules[i].schedule` or `schedules.<name>.schedule`. */
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
  // A Schedules entry's zone, jitter and target: one lenient parse, as the editor's model is.
  return findScheduleInDoc(parseVercelJson(text), offset);
}

/** What a Schedules entry runs, as a line of the hover. */
function targetLine(entry: ScheduleEntry): string | undefined {
  const value = (key: 'path' | 'function' | 'topic' | 'entrypoint') => escapeMarkdown(stringValue(entry[key]) ?? '');
  switch (entry.target) {
    case 'path': {
      const method = scheduleRequestMethod(entry);
      return method ? `Sends ${method} ${value('path')}${entry.requestMethodValue ? '' : ' (requestMethod defaults to POST)'}, with the Cron Jobs headers and CRON\\_SECRET.` : undefined;
    }
    case 'function':
      return `Invokes the private function ${value('function')}: the platform calls it, it has no public URL.`;
    case 'topic':
      return `Publishes a message to the Vercel Queue topic ${value('topic')}.`;
    case 'entrypoint':
      return `Runs the entrypoint ${value('entrypoint')}.`;
    default:
      return undefined;
  }
}

/** A Schedules entry's jitter window, DST changes in its zone and target. */
function scheduleEntryNotes(entry: ScheduleEntry, explanation: CronExplanation, now: Date): string[] {
  const lines: string[] = [];
  const jitter = entry.jitter?.node.value;
  if (typeof jitter === 'number' && Number.isInteger(jitter) && jitter >= 1 && jitter <= 15) {
    lines.push(`Jitter: each run starts within ${jitter} min after its scheduled time.`, '');
  }
  if (explanation.valid && explanation.schedule) {
    const zone = explanation.scheduleTimeZone;
    for (const change of dstChanges(explanation.schedule, zone, now).slice(0, 2)) {
      const times = change.times.length > 3 ? `${change.times.slice(0, 3).join(', ')}…` : change.times.join(', ');
      lines.push(
        change.kind === 'skipped'
          ? `$(warning) DST: on ${change.date} the clocks in ${escapeMarkdown(zone)} jump from ${change.from} to ${change.to}, so the ${times} run has no local time that day: it is skipped or moved (Vercel does not say which).`
          : `$(warning) DST: on ${change.date} the clocks in ${escapeMarkdown(zone)} go back from ${change.to} to ${change.from}, so ${times} happens twice that day: the run may be doubled.`,
        '',
      );
    }
  }
  const target = targetLine(entry);
  if (target) lines.push(target, '');
  return lines;
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
    // A Schedules entry's own zone first, then UTC (what logs show), then the reader's.
    const zones = [...new Set(target.entry ? [zone, 'UTC', ctx.displayTimeZone] : [zone, ctx.displayTimeZone])];
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
  if (target.entry) lines.push(...scheduleEntryNotes(target.entry, explanation, ctx.now));
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
