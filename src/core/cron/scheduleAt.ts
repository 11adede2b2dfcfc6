import { getLocation } from 'jsonc-parser';
import type { DialectId } from './dialects';

/** A cron expression found at the cursor, and the scheduler its file means. */
export interface ScheduleAtCursor {
  expression: string;
  dialect: DialectId;
}

const VERCEL_JSON = /(^|[\\/])vercel\.json$/;
const WORKFLOW = /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/;
const NETLIFY_TOML = /(^|[\\/])netlify\.toml$/;

/** The scheduler a file's schedules are for: vercel.json → Vercel Cron Jobs, a workflow → GitHub Actions, netlify.toml → Netlify, else Vercel. */
export function dialectForFile(path: string): DialectId {
  if (NETLIFY_TOML.test(path)) return 'netlify';
  return WORKFLOW.test(path) ? 'github-actions' : 'vercel';
}

/** Five to seven fields of cron characters (optionally after CRON_TZ=…), or a macro such as @daily. */
export function looksLikeCron(text: string): boolean {
  const trimmed = text.trim();
  if (/^@[a-z]+$/i.test(trimmed)) return true;
  const fields = trimmed.replace(/^CRON_TZ=\S+\s+/, '').split(/\s+/);
  return fields.length >= 5 && fields.length <= 7 && fields.every((f) => /^[\w*/,\-?#]+$/.test(f)) && fields.some((f) => /[\d*]/.test(f));
}

/** The string value of `crons[i].schedule` or `schedules.<name>.schedule` under the cursor. */
function inVercelJson(text: string, offset: number): ScheduleAtCursor | undefined {
  const location = getLocation(text, offset);
  const node = location.previousNode;
  if (location.isAtPropertyKey || !node || node.type !== 'string' || offset < node.offset || offset > node.offset + node.length) return undefined;
  if (location.matches(['crons', '*', 'schedule'])) return { expression: String(node.value), dialect: 'vercel' };
  if (location.matches(['schedules', '*', 'schedule'])) return { expression: String(node.value), dialect: 'vercel-schedules' };
  return undefined;
}

/**
 * A quoted cron expression on the cursor's line that holds the cursor (a workflow's
 * `- cron: '0 3 * * *'`, `cron.schedule('*\/5 * * * *', …)`), or an unquoted YAML `cron:` value.
 */
function onLine(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const line = text.slice(lineStart, newline === -1 ? text.length : newline).replace(/\r$/, '');
  const column = offset - lineStart;
  for (const match of line.matchAll(/(["'`])((?:(?!\1)[^\\]|\\.)*)\1/g)) {
    const start = match.index;
    if (column >= start && column <= start + match[0].length && looksLikeCron(match[2]!)) return match[2]!.trim();
  }
  const yaml = /^(\s*-?\s*cron:\s*)([^#'"]+?)\s*(#.*)?$/.exec(line);
  if (yaml && column >= yaml[1]!.length && looksLikeCron(yaml[2]!)) return yaml[2]!.trim();
  return undefined;
}

/** The schedule under the cursor in a file, with the scheduler that file means; undefined when there is none. */
export function scheduleAt(path: string, text: string, offset: number): ScheduleAtCursor | undefined {
  if (VERCEL_JSON.test(path)) return inVercelJson(text, offset);
  const expression = onLine(text, offset);
  return expression === undefined ? undefined : { expression, dialect: dialectForFile(path) };
}
