import { KNOWN_MACROS } from '../cron/dialects';
import { explainCron } from '../cron/engine';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function replaceNames(field: string, names: string[], base: number): string {
  return field.replace(/[a-z]{3}/gi, (word) => {
    const index = names.indexOf(word.toLowerCase());
    return index >= 0 ? String(index + base) : word;
  });
}

/** Day of week 7 is Sunday elsewhere; Vercel documents 0-6. `5-7` becomes `0,5-6`, `0-7` `0-6`. */
function foldSeven(field: string): string | undefined {
  if (!/7/.test(field)) return field;
  const out: string[] = [];
  for (const item of field.split(',')) {
    if (item === '7') out.push('0');
    else if (/^\d-7$/.test(item)) {
      const from = Number(item[0]);
      if (from === 0) out.push('0-6');
      else out.push('0', from === 6 ? '6' : `${from}-6`);
    } else if (/7/.test(item) && /[-/]/.test(item)) return undefined;
    else out.push(item);
  }
  // Keep the user's order; drop only what became a repeat.
  return [...new Set(out)].join(',');
}

/**
 * The Vercel-valid expression that means exactly the same as `expression`, when one exists:
 * names to numbers, macros to fields, day of week 7 to 0, a zero seconds field dropped.
 */
export function meaningPreservingRewrite(expression: string): string | undefined {
  if (!rewrites.has(expression)) {
    if (rewrites.size > 2_000) rewrites.clear();
    rewrites.set(expression, computeRewrite(expression));
  }
  return rewrites.get(expression);
}

/** The rewrite is a pure function of the text; quick fixes ask for it on every analysis. */
const rewrites = new Map<string, string | undefined>();

function computeRewrite(expression: string): string | undefined {
  const tokens = expression.trim().split(/\s+/);
  let fields: string[];
  if (tokens.length === 1 && tokens[0]!.startsWith('@')) {
    const equivalent = KNOWN_MACROS[tokens[0]!.toLowerCase()];
    if (!equivalent) return undefined;
    fields = equivalent.split(' ');
  } else if (tokens.length === 6 && tokens[0] === '0' && !/^\d{4}$/.test(tokens[5]!)) {
    fields = tokens.slice(1);
  } else if (tokens.length === 5) {
    fields = [...tokens];
  } else {
    return undefined;
  }
  fields[3] = replaceNames(fields[3]!, MONTHS, 1);
  const dow = foldSeven(replaceNames(fields[4]!, DAYS, 0));
  if (dow === undefined) return undefined;
  fields[4] = dow;
  const rewritten = fields.join(' ');
  if (rewritten === expression) return undefined;
  const check = explainCron(rewritten, { dialect: 'vercel', from: new Date(0), runs: 0, describe: false });
  return check.problems.some((p) => p.code === 'invalid-schedule') ? undefined : rewritten;
}

/** The same schedule with one day field set to `*`. */
export function keepOneDayField(expression: string, keep: 'dayOfMonth' | 'dayOfWeek'): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  if (keep === 'dayOfMonth') fields[4] = '*';
  else fields[2] = '*';
  return fields.join(' ');
}

/** Once a day at the first time the schedule names, keeping its day fields. */
export function onceADay(expression: string, minute: number, hour: number): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  return [String(minute), String(hour), ...fields.slice(2)].join(' ');
}
