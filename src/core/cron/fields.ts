import type { Span } from '../types';
import type { Dialect, Support } from './dialects';

/**
 * Parses the fields of a cron expression into value sets, reporting each mistake with the
 * span of the offending text. Pure and library-free: the engine needs exact spans and
 * per-platform rules that cron-parser's messages cannot give, and the value sets feed the
 * interval and never-fires analysis.
 */
export type FieldName = 'second' | 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek';

export const FIELD_LABELS: Record<FieldName, string> = {
  second: 'second',
  minute: 'minute',
  hour: 'hour',
  dayOfMonth: 'day of month',
  month: 'month',
  dayOfWeek: 'day of week',
};

const RANGES: Record<FieldName, readonly [number, number]> = {
  second: [0, 59],
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: [1, 12],
  dayOfWeek: [0, 7],
};

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Day rules that are not plain value sets. */
export type DaySpecial =
  | { kind: 'last-day'; offset: number } // L, L-n
  | { kind: 'last-weekday-of-month' } // LW
  | { kind: 'nearest-weekday'; day: number } // nW
  | { kind: 'last-of-weekday'; weekday: number } // nL in day of week
  | { kind: 'nth-weekday'; weekday: number; nth: number }; // n#k

export interface ParsedField {
  name: FieldName;
  text: string;
  span: Span;
  /** Plain values; day of week 7 is folded into 0. */
  values: Set<number>;
  specials: DaySpecial[];
  /** cron-parser's notion: anything but a literal `*` or `?` restricts the field. */
  restricted: boolean;
  /** Vixie cron's notion (entry.c DOM_STAR): a field whose first character is `*` counts as a star. */
  startsWithStar: boolean;
  /** Uses syntax cron-parser cannot evaluate (W, LW, L-n), so runs cannot be previewed. */
  unpreviewable: boolean;
  /** A seven in day of week, which some platforms do not document. */
  usesSeven: boolean;
  /** Uses "H": the platform picks the value, so `values` holds stand-ins, not the real runs. */
  hashed: boolean;
}

export interface FieldProblem {
  severity: 'error' | 'warning';
  message: string;
  span: Span;
}

type Report = (problem: FieldProblem) => void;

function supportSeverity(support: Support): 'error' | 'warning' | undefined {
  if (support === 'no') return 'error';
  if (support === 'unconfirmed') return 'warning';
  return undefined;
}

/** Reports use of a feature the dialect does not accept; returns false when it is an error. */
function checkSupport(
  support: Support,
  dialect: Dialect,
  span: Span,
  what: string,
  advice: string,
  report: Report,
): boolean {
  const severity = supportSeverity(support);
  if (!severity) return true;
  const message =
    severity === 'error'
      ? `${dialect.label} does not accept ${what}. ${advice}`
      : `${what[0]!.toUpperCase()}${what.slice(1)} is not documented for ${dialect.label}, so the platform may reject it or read it differently. ${advice}`;
  report({ severity, message, span });
  return severity !== 'error';
}

interface ValueToken {
  value: number;
  name?: string;
}

function parseValue(
  field: FieldName,
  text: string,
  span: Span,
  dialect: Dialect,
  report: Report,
): ValueToken | undefined {
  const [min, max] = RANGES[field];
  if (/^\d+$/.test(text)) {
    const value = text.length > 6 ? Number.POSITIVE_INFINITY : Number(text);
    if (value < min || value > max) {
      const documentedMax = field === 'dayOfWeek' ? 6 : max;
      report({
        severity: 'error',
        message: `${text} is outside the ${FIELD_LABELS[field]} range ${min}-${documentedMax}.`,
        span,
      });
      return undefined;
    }
    return { value };
  }
  const lower = text.toLowerCase();
  const names = field === 'month' ? MONTH_NAMES : field === 'dayOfWeek' ? DAY_NAMES : undefined;
  const index = names ? names.indexOf(lower) : -1;
  if (names && index >= 0) {
    const value = field === 'month' ? index + 1 : index;
    const ok = checkSupport(
      dialect.names,
      dialect,
      span,
      `the name ${text}`,
      `Write ${value} instead.`,
      report,
    );
    return ok ? { value, name: text } : undefined;
  }
  report({
    severity: 'error',
    message: `"${text}" is not a valid ${FIELD_LABELS[field]} value: use a number from ${min} to ${field === 'dayOfWeek' ? 6 : max}.`,
    span,
  });
  return undefined;
}

function parseStep(text: string, span: Span, field: FieldName, report: Report): number | undefined {
  if (!/^\d+$/.test(text)) {
    report({ severity: 'error', message: `The step "${text}" must be a whole number.`, span });
    return undefined;
  }
  const step = text.length > 6 ? Number.POSITIVE_INFINITY : Number(text);
  const [min, max] = RANGES[field];
  if (step === 0) {
    report({ severity: 'error', message: 'A step of 0 never advances: use 1 or more.', span });
    return undefined;
  }
  if (step > max - min + 1) {
    report({
      severity: 'error',
      message: `The step ${text} is larger than the ${FIELD_LABELS[field]} range ${min}-${max}.`,
      span,
    });
    return undefined;
  }
  return step;
}

function addRange(values: Set<number>, from: number, to: number, step: number): void {
  for (let v = from; v <= to; v += step) values.add(v);
}

/** Day-of-month and day-of-week specials: L, L-n, LW, nW, nL, n#k. */
function parseDaySpecial(
  field: FieldName,
  text: string,
  span: Span,
  dialect: Dialect,
  result: ParsedField,
  report: Report,
): boolean {
  const upper = text.toUpperCase();
  if (field === 'dayOfMonth') {
    const lastOffset = /^L(?:-(\d{1,2}))?$/.exec(upper);
    if (lastOffset) {
      const offset = Number(lastOffset[1] ?? 0);
      if (offset > 30) {
        report({ severity: 'error', message: `L-${offset} reaches before the first of the month.`, span });
        return true;
      }
      if (!checkSupport(dialect.lastDay, dialect, span, `"${text}" (last day of the month)`, 'Use explicit days.', report)) return true;
      if (offset > 0) {
        if (!checkSupport(dialect.lastDayOffset ?? dialect.nearestWeekday, dialect, span, `"${text}" (days before the last)`, 'Use explicit days.', report)) return true;
        result.unpreviewable = true;
      }
      result.specials.push({ kind: 'last-day', offset });
      return true;
    }
    if (upper === 'LW') {
      if (!checkSupport(dialect.nearestWeekday, dialect, span, '"LW" (last weekday of the month)', 'Use explicit days.', report)) return true;
      result.specials.push({ kind: 'last-weekday-of-month' });
      result.unpreviewable = true;
      return true;
    }
    const match = /^(\d{1,2})W$/.exec(upper);
    if (match) {
      const day = Number(match[1]);
      if (day < 1 || day > 31) {
        report({ severity: 'error', message: `${day}W needs a day from 1 to 31.`, span });
        return true;
      }
      if (!checkSupport(dialect.nearestWeekday, dialect, span, `"${text}" (nearest weekday)`, 'Use explicit days.', report)) return true;
      result.specials.push({ kind: 'nearest-weekday', day });
      result.unpreviewable = true;
      return true;
    }
    return false;
  }
  if (field === 'dayOfWeek') {
    const lower = text.toLowerCase();
    let match = /^([0-7]|[a-z]{3})L$/i.exec(text);
    if (match) {
      const weekday = weekdayNumber(match[1]!);
      if (weekday === undefined) return false;
      if (!checkSupport(dialect.lastDay, dialect, span, `"${text}" (last given weekday of the month)`, 'Use explicit days.', report)) return true;
      result.specials.push({ kind: 'last-of-weekday', weekday });
      return true;
    }
    match = /^([0-7]|[a-z]{3})#(\d+)$/i.exec(lower);
    if (match) {
      const weekday = weekdayNumber(match[1]!);
      const nth = Number(match[2]);
      if (weekday === undefined) return false;
      if (nth < 1 || nth > 5) {
        report({ severity: 'error', message: `${text}: the occurrence after # must be 1 to 5.`, span });
        return true;
      }
      if (!checkSupport(dialect.nthWeekday, dialect, span, `"${text}" (nth weekday of the month)`, 'Use a day-of-month range with a weekday instead.', report)) return true;
      result.specials.push({ kind: 'nth-weekday', weekday, nth });
      return true;
    }
    if (upper === 'L') {
      report({ severity: 'error', message: '"L" in day of week needs a weekday before it, such as 5L for the last Friday.', span });
      return true;
    }
  }
  return false;
}

function weekdayNumber(token: string): number | undefined {
  if (/^[0-7]$/.test(token)) return Number(token) % 7;
  const index = DAY_NAMES.indexOf(token.toLowerCase());
  return index >= 0 ? index : undefined;
}

/** One comma-separated item of a field. */
function parseItem(
  field: FieldName,
  text: string,
  start: number,
  dialect: Dialect,
  result: ParsedField,
  report: Report,
): void {
  const span = { start, end: start + text.length };
  const [min, max] = RANGES[field];
  if (text === '') {
    // Point at the comma that has nothing after (or before) it.
    const comma = result.span.start < start ? { start: start - 1, end: start } : { start, end: start + 1 };
    report({ severity: 'error', message: `An empty item in the ${FIELD_LABELS[field]} list: remove the extra comma.`, span: comma });
    return;
  }
  if (parseDaySpecial(field, text, span, dialect, result, report)) return;

  const slash = text.indexOf('/');
  const base = slash >= 0 ? text.slice(0, slash) : text;
  const baseSpan = { start, end: start + base.length };
  let step = 1;
  if (slash >= 0) {
    const stepText = text.slice(slash + 1);
    if (stepText === '') {
      report({ severity: 'error', message: `"${text}" has no step after "/": write a number, such as ${base || '*'}/5.`, span });
      return;
    }
    const parsed = parseStep(stepText, { start: start + slash + 1, end: span.end }, field, report);
    if (parsed === undefined) return;
    step = parsed;
  }

  if (base === '*' || base === '?') {
    if (base === '?') {
      const dayField = field === 'dayOfMonth' || field === 'dayOfWeek';
      if (!dayField) {
        report({ severity: 'error', message: `"?" is only meaningful in the day fields; use "*".`, span: baseSpan });
        return;
      }
      if (!checkSupport(dialect.question, dialect, baseSpan, '"?"', 'Use "*".', report)) return;
    }
    addRange(result.values, min, field === 'dayOfWeek' ? 6 : max, step);
    return;
  }
  if (base.toUpperCase().startsWith('H')) {
    if (!checkSupport(dialect.hash, dialect, baseSpan, '"H" (hashed values)', 'Pick explicit values.', report)) return;
    result.hashed = true;
    // The platform picks one value per job; the first of the range is as good a stand-in as any
    // for interval analysis, and the preview uses cron-parser's own hashing.
    addRange(result.values, min, field === 'dayOfWeek' ? 6 : max, slash >= 0 ? step : max - min + 1);
    return;
  }

  const dash = base.indexOf('-', 1);
  if (dash >= 0) {
    const fromText = base.slice(0, dash);
    const toText = base.slice(dash + 1);
    if (toText === '') {
      report({ severity: 'error', message: `The range "${base}" has no end: write both ends, such as ${fromText}-${Math.min(RANGES[field][1], Number(fromText) + 1 || RANGES[field][1])}.`, span: baseSpan });
      return;
    }
    const from = parseValue(field, fromText, { start, end: start + dash }, dialect, report);
    const to = parseValue(field, toText, { start: start + dash + 1, end: baseSpan.end }, dialect, report);
    if (!from || !to) return;
    if (from.value > to.value) {
      report({
        severity: 'error',
        message: `The range ${base} runs backwards: write ${to.value}-${from.value}, or split it into two ranges.`,
        span: baseSpan,
      });
      return;
    }
    if (field === 'dayOfWeek' && to.value === 7) noteSeven(dialect, { start: start + dash + 1, end: baseSpan.end }, result, report);
    addRange(result.values, from.value, to.value, step);
    return;
  }
  const single = parseValue(field, base, baseSpan, dialect, report);
  if (!single) return;
  if (field === 'dayOfWeek' && single.value === 7) noteSeven(dialect, baseSpan, result, report);
  // `a/n` means "from a to the end of the range, every n", as cron-parser and cronie read it.
  if (slash >= 0) addRange(result.values, single.value, field === 'dayOfWeek' ? 6 : max, step);
  else result.values.add(single.value);
}

function noteSeven(dialect: Dialect, span: Span, result: ParsedField, report: Report): void {
  result.usesSeven = true;
  checkSupport(
    dialect.dayOfWeekSeven,
    dialect,
    span,
    'day of week 7 (Sunday)',
    'Use 0 for Sunday, which every platform accepts.',
    report,
  );
}

export function parseField(
  field: FieldName,
  text: string,
  start: number,
  dialect: Dialect,
  report: Report,
): ParsedField {
  const result: ParsedField = {
    name: field,
    text,
    span: { start, end: start + text.length },
    values: new Set(),
    specials: [],
    restricted: text !== '*' && text !== '?',
    startsWithStar: text.startsWith('*'),
    unpreviewable: false,
    usesSeven: false,
    hashed: false,
  };
  let offset = 0;
  for (const item of text.split(',')) {
    parseItem(field, item, start + offset, dialect, result, report);
    offset += item.length + 1;
  }
  if (field === 'dayOfWeek' && result.values.has(7)) {
    result.values.delete(7);
    result.values.add(0);
  }
  return result;
}
