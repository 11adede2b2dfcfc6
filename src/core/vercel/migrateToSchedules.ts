/**
 * Moving vercel.json `crons` entries to Vercel Schedules (issue #18): the `migrate` command and the
 * editor's "Move to Vercel Schedules" refactor. Each entry becomes a `schedules` entry in the
 * shape the `vercel` CLI 64.0.2 validates (an array of entries with a `name`; platform-facts
 * §1.5), at the same UTC time and with the GET Vercel Cron sends, so the route keeps answering
 * as it did. The text is edited, never re-printed: formatting, indentation and comments stay, the
 * comments written on an entry move with it, and a second run finds nothing to move.
 */
import { applyEdits, createScanner, type FormattingOptions, modify, type Node, SyntaxKind } from 'jsonc-parser';
import type { Fix } from '../diagnostics';
import { explainCron } from '../cron/engine';
import type { Span, TextEdit } from '../types';
import { type CronEntry, parseVercelJson, stringValue, type VercelDoc } from './model';

/** What the vercel 64.0.2 schema allows a schedule's name to be. */
export const SCHEDULE_NAME = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;
/** The schema's caps: at most 100 schedules, a name of at most 256 characters, a path of at most 512. */
export const MAX_SCHEDULES = 100;
const MAX_NAME_LENGTH = 256;
const MAX_PATH_LENGTH = 512;
/** Room left in a name for a "-<n>" that makes it unique. */
const NAME_STEM_LENGTH = MAX_NAME_LENGTH - 8;

export const MOVE_TO_SCHEDULES_TITLE = 'Move to Vercel Schedules';

/** A crons entry that became a schedule. */
export interface MovedCron {
  /** Its index in `crons` before the migration. */
  index: number;
  path: string;
  schedule: string;
  name: string;
}

/** A crons entry left where it was, and why. */
export interface KeptCron {
  /** Its index in `crons`; -1 when what could not move is `crons` itself (a computed vercel.ts value). */
  index: number;
  /** The entry in the text before the migration. */
  span: Span;
  why: string;
}

export interface ScheduleMigration {
  /** The file after the migration (the same text when nothing moved). */
  text: string;
  moved: MovedCron[];
  kept: KeptCron[];
  /** Why no entry of the file could be moved, when the reason is the file's, not an entry's. */
  refused?: string;
}

/** How the file lays itself out: jsonc-parser's options, every one given. */
type Formatting = Required<Pick<FormattingOptions, 'insertSpaces' | 'tabSize' | 'eol'>>;

/**
 * The indentation and line ends the file already uses, for the text jsonc-parser writes; none for
 * a file on one line, whose schedules are then written compactly too (jsonc-parser formats whole
 * lines around an edit, and so would spread out the rest of a one-line file).
 */
export function formattingOf(text: string): Formatting | undefined {
  if (!/[\r\n]/.test(text.trimEnd())) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)["{[]/m.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

/** A name the schema accepts, from the cron's path: `/api/cron/daily-report` → `api-cron-daily-report`. */
export function scheduleNameFromPath(path: string): string {
  const cleaned = path
    .replace(/[^0-9A-Za-z._-]+/g, '-')
    .replace(/^[^0-9A-Za-z]+/, '')
    .slice(0, NAME_STEM_LENGTH)
    .replace(/[-.]+$/, '');
  return cleaned || 'cron';
}

/** `stem`, or `stem-2`, `stem-3`…: the first not taken (at most taken.size + 1 tries). */
export function uniqueName(stem: string, taken: ReadonlySet<string>): string {
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

function propertyValue(object: Node | undefined, key: string): Node | undefined {
  let value: Node | undefined;
  for (const property of object?.type === 'object' ? (object.children ?? []) : []) {
    const [name, child] = property.children ?? [];
    if (name?.type === 'string' && name.value === key) value = child;
  }
  return value;
}

/** Why this entry cannot become a schedule as it stands; undefined when it can. */
export function entryProblem(entry: CronEntry): string | undefined {
  if (entry.node.type !== 'object') return 'it is not an object with "path" and "schedule"';
  const path = stringValue(entry.path);
  const schedule = stringValue(entry.schedule);
  if (path === undefined) return entry.path ? '"path" is not a string' : 'it has no "path"';
  if (schedule === undefined) return entry.schedule ? '"schedule" is not a string' : 'it has no "schedule"';
  if (!path.startsWith('/')) return `the path ${JSON.stringify(path)} does not start with "/" (Schedules require it)`;
  if (path.length > MAX_PATH_LENGTH) return `the path is ${path.length} characters long; Schedules accept ${MAX_PATH_LENGTH}`;
  const others = [...new Set(entry.properties.map((p) => p.key).filter((key) => key !== 'path' && key !== 'schedule'))];
  if (others.length) return `it has ${others.map((key) => JSON.stringify(key)).join(', ')} beside "path" and "schedule", which a schedule would not keep; remove ${others.length === 1 ? 'it' : 'them'} first`;
  const explanation = explainCron(schedule, { dialect: 'vercel', from: new Date(0), runs: 0, describe: false });
  const error = explanation.problems.find((p) => p.severity === 'error');
  if (error) return `its schedule ${JSON.stringify(schedule)} is not valid: ${error.message}`;
  return undefined;
}

/** Why none of the file's entries can move, when it is the file's fault. */
function fileProblem(doc: VercelDoc): string | undefined {
  const error = doc.strict.errors[0];
  if (error) return `it does not parse (${error.message}); fix the syntax first`;
  if (doc.root?.type !== 'object') return 'it is not a JSON object';
  if (doc.cronsNode && doc.cronsNode.type !== 'array') return '"crons" is not an array';
  const schedules = propertyValue(doc.root, 'schedules');
  if (schedules && schedules.type !== 'array')
    return `"schedules" is ${schedules.type === 'object' ? 'an object keyed by name' : `not an array (${schedules.type})`}, and the vercel CLI (64.0.2) accepts only an array of entries with "name"; make it an array first`;
  return undefined;
}

interface Token {
  kind: SyntaxKind;
  offset: number;
  end: number;
}

/** The tokens from `from` on, trivia and comments included, until `stop` says so (the stopping token is not returned). */
function tokensFrom(text: string, from: number, stop: (token: Token) => boolean): Token[] {
  const scanner = createScanner(text, false);
  scanner.setPosition(from);
  const tokens: Token[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const token = { kind, offset: scanner.getTokenOffset(), end: scanner.getTokenOffset() + scanner.getTokenLength() };
    if (stop(token)) break;
    tokens.push(token);
  }
  return tokens;
}

const isComment = (token: Token) => token.kind === SyntaxKind.LineCommentTrivia || token.kind === SyntaxKind.BlockCommentTrivia;

function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
}

/**
 * The edits that take one element out of an array or object (`siblings` its container's
 * children), with its separator, and the lines it stood on when it stood alone. With
 * `takeComments`, the comments written on it (on the lines above it, down from the previous
 * separator's line, and after it on its last line) go too, and are returned to move with it.
 */
function removal(text: string, siblings: readonly Node[], index: number, container: Node, takeComments: boolean): { edits: TextEdit[]; comments: string[] } {
  const node = siblings[index]!;
  const previousEnd = index > 0 ? siblings[index - 1]!.offset + siblings[index - 1]!.length : container.offset + 1;
  // Leading comments: those below the line the previous element (or the bracket) ends on.
  const before = tokensFrom(text, previousEnd, (t) => t.offset >= node.offset);
  const previousComma = index > 0 ? before.find((t) => t.kind === SyntaxKind.CommaToken) : undefined;
  const firstBreak = before.findIndex((t) => t.kind === SyntaxKind.LineBreakTrivia);
  const leading = takeComments && firstBreak >= 0 ? before.slice(firstBreak).filter(isComment) : [];
  // After it, up to the end of its line: its comma and (when taken) its comments.
  let comma: Token | undefined;
  const trailing: Token[] = [];
  let end = node.offset + node.length;
  let stoppedAt: Token | undefined;
  for (const token of tokensFrom(text, end, () => false)) {
    if (token.kind === SyntaxKind.Trivia) continue;
    if (token.kind === SyntaxKind.CommaToken && !comma) comma = token;
    else if (isComment(token) && takeComments) trailing.push(token);
    else {
      stoppedAt = token;
      break;
    }
    end = token.end;
  }
  let start = leading[0]?.offset ?? node.offset;
  const lineStart = lineStartOf(text, start);
  if (stoppedAt?.kind === SyntaxKind.LineBreakTrivia && /^[ \t]*$/.test(text.slice(lineStart, start))) {
    // It stood on lines of its own: they go whole.
    start = lineStart;
    end = stoppedAt.end;
  } else if (comma && stoppedAt) {
    // On a shared line: the spaces up to what follows go too, so "a, b, c" becomes "a, c".
    end = stoppedAt.offset;
  }
  const edits: TextEdit[] = [{ offset: start, length: end - start, content: '' }];
  // The last element leaves the comma before it behind.
  if (!comma && previousComma) edits.unshift({ offset: previousComma.offset, length: previousComma.end - previousComma.offset, content: '' });
  const comments = [...leading, ...trailing].map((t) => text.slice(t.offset, t.end));
  return { edits, comments };
}

/** The whitespace a line starts with. */
function indentationAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartOf(text, offset)))![0];
}

/**
 * Where text added after `node` goes: the end of its line, past its comments, when only trivia
 * follows it there; else right after it.
 */
function endOfLineAfter(text: string, node: Node): number {
  let end = node.offset + node.length;
  for (const token of tokensFrom(text, end, () => false)) {
    if (token.kind === SyntaxKind.LineBreakTrivia) return end;
    if (token.kind !== SyntaxKind.Trivia && !isComment(token)) return node.offset + node.length;
    if (isComment(token)) end = token.end;
  }
  return end;
}

/**
 * The edits that add `entry` (already indented text) after the last element of `container`,
 * on a line of its own at `indent`: a comma right after the element, the rest at the end of its
 * line, so its trailing comment stays on it. No line is re-formatted.
 */
function appendAfterLast(text: string, container: Node, lines: string[], indent: string, eol: string): TextEdit[] {
  const last = container.children!.at(-1)!;
  const at = endOfLineAfter(text, last);
  return [
    { offset: last.offset + last.length, length: 0, content: ',' },
    { offset: at, length: 0, content: lines.map((line) => `${eol}${indent}${line}`).join('') },
  ];
}

/** Appends `value` to `schedules`, as appendArrayEntry does. */
function appendSchedule(text: string, value: object, comments: string[], formatting: Formatting | undefined): string {
  return appendArrayEntry(text, 'schedules', value, comments, formatting);
}

/**
 * Appends `value` to the top-level array `key` (made at the end of the file's object when missing),
 * written in the file's own indentation and line ends; a file on one line gets it compact.
 */
export function appendArrayEntry(text: string, key: 'schedules' | 'crons', value: object, comments: string[] = [], formatting = formattingOf(text)): string {
  if (!formatting) {
    const prefix = comments.map((c) => (c.startsWith('//') ? `/*${c.slice(2)} */` : c)).join('');
    const inserted = applyEdits(text, modify(text, [key, -1], value, {}));
    if (!prefix) return inserted;
    const added = propertyValue(parseVercelJson(inserted).root, key)!.children!.at(-1)!;
    return applyEdits(inserted, [{ offset: added.offset, length: 0, content: prefix }]);
  }
  const unit = formatting.insertSpaces ? ' '.repeat(formatting.tabSize) : '\t';
  const entryLines = [...comments, ...JSON.stringify(value, null, unit).split('\n')];
  const root = parseVercelJson(text).root!;
  const schedules = propertyValue(root, key);
  if (schedules?.children?.length) {
    const indent = indentationAt(text, schedules.children.at(-1)!.offset);
    return applyEdits(text, appendAfterLast(text, schedules, entryLines, indent, formatting.eol));
  }
  const lastProperty = root.children?.at(-1);
  const propertyIndent = lastProperty ? indentationAt(text, lastProperty.offset) : unit;
  const inner = entryLines.map((line) => `${formatting.eol}${propertyIndent}${unit}${line}`).join('');
  if (schedules) {
    // An empty array: filled in place, whatever it held between its brackets (whitespace) replaced.
    const between = text.slice(schedules.offset + 1, schedules.offset + schedules.length - 1);
    if (/^\s*$/.test(between)) return applyEdits(text, [{ offset: schedules.offset + 1, length: between.length, content: `${inner}${formatting.eol}${propertyIndent}` }]);
    return applyEdits(text, modify(text, [key, -1], value, { formattingOptions: formatting }));
  }
  if (!lastProperty) return applyEdits(text, modify(text, [key], [value], { formattingOptions: formatting }));
  const lines = [`${JSON.stringify(key)}: [`, ...entryLines.map((line) => `${unit}${line}`), ']'];
  return applyEdits(text, appendAfterLast(text, root, lines, propertyIndent, formatting.eol));
}

/** Moves crons[index] to the end of `schedules` (made when missing), its comments above it. */
function moveEntry(text: string, index: number, name: string, formatting: Formatting | undefined): string {
  const doc = parseVercelJson(text);
  const entry = doc.crons[index]!;
  const { edits, comments } = removal(text, doc.cronsNode!.children!, index, doc.cronsNode!, true);
  const removed = applyEdits(text, edits);
  const value = { name, schedule: stringValue(entry.schedule)!, timezone: 'UTC', path: stringValue(entry.path)!, requestMethod: 'GET' };
  return appendSchedule(removed, value, comments, formatting);
}

/** `crons` with no entry and no comment left says nothing: it goes, so new jobs are not added as Cron Jobs beside the Schedules. */
function withoutEmptyCrons(text: string): string {
  const doc = parseVercelJson(text);
  const crons = doc.cronsNode;
  const property = crons?.parent;
  if (!crons || crons.type !== 'array' || crons.children?.length || !property || !doc.root?.children) return text;
  const inside = tokensFrom(text, crons.offset + 1, (t) => t.offset >= crons.offset + crons.length - 1);
  if (inside.some(isComment)) return text;
  const index = doc.root.children.indexOf(property);
  return index < 0 ? text : applyEdits(text, removal(text, doc.root.children, index, doc.root, false).edits);
}

/**
 * Moves the crons entries `wanted` picks (all by default) to `schedules`, in their order, each
 * with a unique name, `"timezone": "UTC"` and `"requestMethod": "GET"`; an entry that cannot move
 * stays, with why. Work is bounded by the 100 schedules a file may hold.
 */
export function migrateCronsToSchedules(text: string, wanted: (entry: CronEntry) => boolean = () => true): ScheduleMigration {
  const doc = parseVercelJson(text);
  const refused = fileProblem(doc);
  if (refused) return { text, moved: [], kept: doc.crons.filter(wanted).map((e) => ({ index: e.index, span: e.span, why: refused })), refused };
  const existing = propertyValue(doc.root, 'schedules')?.children ?? [];
  const taken = new Set<string>();
  for (const schedule of existing) {
    const name = propertyValue(schedule, 'name');
    if (name?.type === 'string') taken.add(String(name.value));
  }
  let count = existing.length;
  const formatting = formattingOf(text);
  const moved: MovedCron[] = [];
  const kept: KeptCron[] = [];
  let current = text;
  let left = 0;
  for (const entry of doc.crons) {
    if (!wanted(entry)) {
      left++;
      continue;
    }
    const why = entryProblem(entry) ?? (count >= MAX_SCHEDULES ? `"schedules" already holds ${MAX_SCHEDULES} entries, as many as Vercel accepts` : undefined);
    if (why) {
      kept.push({ index: entry.index, span: entry.span, why });
      left++;
      continue;
    }
    const path = stringValue(entry.path)!;
    const name = uniqueName(scheduleNameFromPath(path), taken);
    taken.add(name);
    count++;
    current = moveEntry(current, left, name, formatting);
    moved.push({ index: entry.index, path, schedule: stringValue(entry.schedule)!, name });
  }
  if (moved.length) current = withoutEmptyCrons(current);
  return { text: current, moved, kept };
}

/** The one edit that turns `before` into `after`: what lies between their common start and end. */
export function differingEdit(before: string, after: string): TextEdit {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shorter - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { offset: start, length: before.length - start - tail, content: after.slice(start, after.length - tail) };
}

/**
 * "Move to Vercel Schedules" for the crons entry `span` touches, when it can move. A refactor,
 * never a quick fix of "fix all": Schedules also run on preview and custom environments.
 */
export function moveToSchedulesRefactor(doc: VercelDoc, span: Span): Fix | undefined {
  const entry = doc.crons.find((e) => span.start <= e.span.end && span.end >= e.span.start);
  if (!entry) return undefined;
  const migration = migrateCronsToSchedules(doc.text, (e) => e.index === entry.index);
  if (!migration.moved.length) return undefined;
  return { title: MOVE_TO_SCHEDULES_TITLE, edits: [differingEdit(doc.text, migration.text)], safe: false };
}
