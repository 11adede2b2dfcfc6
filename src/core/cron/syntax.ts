import type { ProblemCode } from '../codes';
import { isValidTimeZone } from '../time/zones';
import type { Problem, Severity, Span } from '../types';
import type { ParsedSchedule } from './analysis';
import { type Dialect, KNOWN_MACROS } from './dialects';
import type { FieldName } from './fields';

/**
 * The shape of an expression before its fields are read: tokens with spans, a QStash
 * CRON_TZ= prefix, macros, the field count, and how the two day fields combine.
 */
export interface Token {
  text: string;
  start: number;
}

export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\S+/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(expression))) tokens.push({ text: match[0], start: match.index });
  return tokens;
}

export class ProblemList {
  readonly items: Problem[] = [];
  constructor(private readonly length: number) {}
  add(code: ProblemCode, severity: Severity, message: string, span: Span): void {
    // An empty span underlines nothing in an editor: widen it to a character where one exists.
    const visible =
      span.start === span.end && this.length > 0
        ? span.end < this.length
          ? { start: span.start, end: span.end + 1 }
          : { start: span.start - 1, end: span.end }
        : span;
    this.items.push({ code, severity, message, span: visible });
  }
  get hasError(): boolean {
    return this.items.some((p) => p.severity === 'error');
  }
}

export const FIELDS_5: FieldName[] = ['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'];
export const FIELDS_6: FieldName[] = ['second', ...FIELDS_5];

export function whole(expression: string): Span {
  return { start: 0, end: expression.length };
}

/** Strips a `CRON_TZ=Zone` (QStash) or `TZ=Zone` (Inngest) prefix, reporting it where the dialect has no such thing. */
export function takeZonePrefix(tokens: Token[], dialect: Dialect, problems: ProblemList): string | undefined {
  const first = tokens[0];
  const match = first && /^(CRON_TZ|TZ)=(.*)$/.exec(first.text);
  if (!first || !match) return undefined;
  tokens.shift();
  const zone = match[2]!;
  const zoneSpan = zone ? { start: first.start + match[1]!.length + 1, end: first.start + first.text.length } : spanOf(first);
  if (dialect.zone !== 'cron-tz-prefix') {
    const advice =
      dialect.zone === 'utc-only'
        ? `${dialect.label} always run in UTC: remove the prefix and convert the time to UTC.`
        : `Set the zone in the scheduler's own time-zone option instead.`;
    // CRON_TZ= is QStash's documented prefix, TZ= Inngest's.
    const owner = match[1] === 'TZ' ? 'Inngest' : 'QStash';
    problems.add('invalid-schedule', 'error', `The ${match[1]}= prefix is ${owner} syntax. ${advice}`, {
      start: first.start,
      end: zoneSpan.end,
    });
    return undefined;
  }
  const { documented, by } = dialect.zonePrefix ?? { documented: 'CRON_TZ', by: dialect.label };
  if (match[1] !== documented) {
    problems.add(
      'invalid-schedule',
      'warning',
      `${by} documents the ${documented}= prefix; ${match[1]}= is not documented and may be ignored (the schedule would run in UTC). Write ${documented}=${zone}.`,
      { start: first.start, end: first.start + match[1]!.length },
    );
  }
  if (!isValidTimeZone(zone)) {
    problems.add(
      'invalid-timezone',
      'error',
      `"${zone}" is not an IANA time zone (such as America/New_York), so ${by} rejects the schedule.`,
      zoneSpan,
    );
    return undefined;
  }
  return zone;
}

/** Expands a macro token into five fields, or reports it. Returns undefined on error. */
export function expandMacro(token: Token, dialect: Dialect, problems: ProblemList): string | undefined {
  const name = token.text.toLowerCase();
  const span = { start: token.start, end: token.start + token.text.length };
  const own = dialect.macros[name];
  if (own) return own;
  const equivalent = KNOWN_MACROS[name];
  if (name === '@reboot') {
    problems.add(
      'invalid-schedule',
      'error',
      '@reboot runs once at start-up, not on a schedule, so it never fires here. Write a five-field schedule.',
      span,
    );
    return undefined;
  }
  if (!equivalent) {
    problems.add(
      'invalid-schedule',
      'error',
      `"${token.text}" is not a cron macro. Write five fields: minute hour day-of-month month day-of-week.`,
      span,
    );
    return undefined;
  }
  if (dialect.otherMacros === 'no') {
    problems.add(
      'invalid-schedule',
      'error',
      `${dialect.label} does not accept macros like ${token.text}. Write "${equivalent}" instead.`,
      span,
    );
    return undefined;
  }
  problems.add(
    'invalid-schedule',
    'warning',
    `Macros like ${token.text} are not documented for ${dialect.label}; "${equivalent}" says the same and is accepted everywhere.`,
    span,
  );
  return equivalent;
}

export function checkFieldCount(tokens: Token[], expression: string, dialect: Dialect, problems: ProblemList): FieldName[] | undefined {
  if (tokens.length === 5) return FIELDS_5;
  if (tokens.length === 6 && dialect.seconds !== 'no') {
    if (dialect.seconds === 'unconfirmed') {
      problems.add(
        'invalid-schedule',
        'warning',
        `A seconds field is not documented for ${dialect.label}; use five fields.`,
        spanOf(tokens[0]!),
      );
    }
    return FIELDS_6;
  }
  const expected = dialect.seconds === 'yes' ? '5 or 6' : '5';
  const fieldList = 'minute hour day-of-month month day-of-week';
  if (tokens.length === 6) {
    const last = tokens[5]!;
    const yearLike = /^\d{4}$/.test(last.text);
    const culprit = yearLike ? last : tokens[0]!;
    const reading = yearLike ? 'the last looks like a year, which cron has no field for' : 'the first looks like seconds';
    const quote = dialect.id === 'vercel' ? ` Vercel fails the deploy with "Expected 5 values, but got 6".` : '';
    problems.add(
      'invalid-schedule',
      'error',
      `${dialect.label} expects ${expected} fields (${fieldList}) but this has 6: ${reading}.${quote}`,
      spanOf(culprit),
    );
    return undefined;
  }
  if (tokens.length > 6) {
    problems.add('invalid-schedule', 'error', `${dialect.label} expects ${expected} fields (${fieldList}) but this has ${tokens.length}.`, {
      start: tokens[5]!.start,
      end: expression.length,
    });
    return undefined;
  }
  problems.add(
    'invalid-schedule',
    'error',
    `${dialect.label} expects ${expected} fields (${fieldList}) but this has ${tokens.length}.`,
    tokens.length ? { start: tokens[0]!.start, end: spanOf(tokens[tokens.length - 1]!).end } : whole(expression),
  );
  return undefined;
}

export function spanOf(token: Token): Span {
  return { start: token.start, end: token.start + token.text.length };
}

export function checkDayFields(schedule: ParsedSchedule, dialect: Dialect, problems: ProblemList): void {
  const { dayOfMonth: dom, dayOfWeek: dow } = schedule;
  if (!dom.restricted || !dow.restricted) return;
  const span = { start: dom.span.start, end: dow.span.end };
  const stepped = dom.startsWithStar || dow.startsWithStar;
  if (dialect.bothDayFields === 'refused') {
    if (stepped) {
      problems.add(
        'day-of-month-and-week',
        'warning',
        `Both day fields are set, and one starts with "*/". Vercel refuses schedules that set both; whether "*/n" counts as "*" is not documented. Set one of them to "*".`,
        span,
      );
    } else {
      problems.add(
        'day-of-month-and-week',
        'error',
        `Vercel does not allow both day of month (${dom.text}) and day of week (${dow.text}): when one has a value, the other must be "*". Keep one of them.`,
        span,
      );
    }
    return;
  }
  if (dialect.bothDayFields === 'unconfirmed') {
    problems.add(
      'day-of-month-and-week',
      'warning',
      `Both day fields are set. ${dialect.label} does not document how it combines them (Vercel Cron Jobs refuse this). Set one of them to "*".`,
      span,
    );
    return;
  }
  if (stepped) {
    problems.add(
      'day-of-month-and-week',
      'warning',
      `Both day fields are set and one starts with "*": classic cron (Vixie, cronie) then runs only on days matching both, while cron-parser and croner run on days matching either. The preview shows "either"; avoid the ambiguity by setting one field to "*".`,
      span,
    );
  }
}
