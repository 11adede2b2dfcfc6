/**
 * "Move to Vercel Schedules" for vercel.toml and vercel.ts (.mts, .js, .mjs, .cjs), with the
 * guarantees of the vercel.json move (migrateToSchedules.ts): each entry becomes a `schedules`
 * entry with a unique clean name, `timezone` UTC and `requestMethod` GET; the text is edited, not
 * re-printed, so formatting and comments stay; a second run finds nothing to move.
 *
 * TOML: each `[[crons]]` table is renamed `[[schedules]]` where it stands (an array of tables may
 * be split across the file) and gets the three keys. A script: the entries written in the `crons`
 * array literal move to a `schedules` array literal, as the same text with the three properties
 * added, so a value that names a const keeps naming it. Values the reader cannot see (a call, a
 * spread, an entry held in a const) are not moved, and the result says why.
 */
import { type AST, parseTOML } from 'toml-eslint-parser';
import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { Span, TextEdit } from '../types';
import { parseVercelConfig } from './configFiles';
import type { Fix } from '../diagnostics';
import { differingEdit, entryProblem, MAX_SCHEDULES, MOVE_TO_SCHEDULES_TITLE, moveToSchedulesRefactor, scheduleNameFromPath, uniqueName, type KeptCron, type MovedCron, type ScheduleMigration } from './migrateToSchedules';
import { rootProperty, stringValue, type CronEntry, type VercelDoc } from './model';
import { parseSource } from '../next/routeExports';

/** Which entries to move: those the span touches, or all. */
type Wanted = (span: Span) => boolean;

const touches = (a: Span, b: Span) => a.start <= b.end && a.end >= b.start;

/** Applies edits that do not overlap, whatever their order. */
function applyTextEdits(text: string, edits: TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) result = result.slice(0, edit.offset) + edit.content + result.slice(edit.offset + edit.length);
  return result;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function indentationAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];
}

/** The names schedules already use, so a moved entry's name is unique. */
function takenNames(doc: VercelDoc): Set<string> {
  return new Set(doc.schedules.map((entry) => entry.name).filter((name): name is string => name !== undefined));
}

/** What every entry the move wanted but the file refuses gets. */
function refusedMigration(text: string, kept: KeptCron[], why: string): ScheduleMigration {
  return { text, moved: [], kept: kept.map((entry) => ({ ...entry, why })), refused: why };
}

/** Whether an entry can move, and why not; the schedules count is the schema's cap of 100. */
function blocker(entry: CronEntry | undefined, count: number): string | undefined {
  if (!entry) return undefined;
  return entryProblem(entry) ?? (count >= MAX_SCHEDULES ? `"schedules" already holds ${MAX_SCHEDULES} entries, as many as Vercel accepts` : undefined);
}

// ---------------------------------------------------------------------------------------------
// vercel.toml

function tomlKeyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}

/** The offset just past the line `offset` stands on (its comment included), or the end of the text. */
function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

export function migrateTomlCrons(text: string, wanted: Wanted = () => true): ScheduleMigration {
  const doc = parseVercelConfig('vercel.toml', text, () => {
    throw new Error('vercel.toml needs no TypeScript');
  });
  const wantedEntries = doc.crons.filter((entry) => wanted(entry.span));
  const asKept = wantedEntries.map((entry): KeptCron => ({ index: entry.index, span: entry.span, why: '' }));
  const syntax = doc.strict.errors[0];
  if (syntax) return refusedMigration(text, asKept, `it does not parse (${syntax.message}); fix the syntax first`);
  if (!wantedEntries.length) return { text, moved: [], kept: [] };
  const topLevel = parseTOML(text).body[0].body;
  const written = (key: string) => topLevel.find((item): item is AST.TOMLKeyValue => item.type === 'TOMLKeyValue' && item.key.keys.length === 1 && tomlKeyName(item.key.keys[0]!) === key);
  if (written('crons')) return refusedMigration(text, asKept, 'its "crons" is an inline array (crons = [...]); write each entry as a [[crons]] table, or move it by hand');
  const schedules = rootProperty(doc, 'schedules')?.value;
  if (schedules && schedules.type !== 'array') return refusedMigration(text, asKept, '"schedules" is a table keyed by name, and the vercel CLI (64.0.2) accepts only an array of entries with "name"; write it as [[schedules]] tables first');
  if (written('schedules')) return refusedMigration(text, asKept, 'its "schedules" is an inline array (schedules = [...]), which TOML does not let [[schedules]] tables extend; write it as [[schedules]] tables first');
  const tables = topLevel.filter((item): item is AST.TOMLTable => item.type === 'TOMLTable' && item.kind === 'array' && item.key.keys.length === 1 && tomlKeyName(item.key.keys[0]!) === 'crons');
  const taken = takenNames(doc);
  let count = doc.schedules.length;
  const eol = eolOf(text);
  const edits: TextEdit[] = [];
  const moved: MovedCron[] = [];
  const kept: KeptCron[] = [];
  for (const entry of wantedEntries) {
    // The model's entry of a [[crons]] table spans the table from its header.
    const table = tables.find((t) => t.range[0] === entry.node.offset);
    const why = table ? blocker(entry, count) : 'it is not a [[crons]] table of its own; move it by hand';
    if (why || !table) {
      kept.push({ index: entry.index, span: entry.span, why: why ?? '' });
      continue;
    }
    const path = stringValue(entry.path)!;
    const name = uniqueName(scheduleNameFromPath(path), taken);
    taken.add(name);
    count++;
    const indent = indentationAt(text, table.body[0]!.range[0]);
    const last = table.body[table.body.length - 1]!;
    const afterLast = endOfLine(text, last.range[1]);
    const lastLineBreak = afterLast === text.length && !text.endsWith('\n') ? eol : '';
    edits.push(
      { offset: table.key.range[0], length: table.key.range[1] - table.key.range[0], content: 'schedules' },
      { offset: endOfLine(text, table.key.range[1]), length: 0, content: `${indent}name = ${JSON.stringify(name)}${eol}` },
      { offset: afterLast, length: 0, content: `${lastLineBreak}${indent}timezone = "UTC"${eol}${indent}requestMethod = "GET"${lastLineBreak ? '' : eol}` },
    );
    moved.push({ index: entry.index, path, schedule: stringValue(entry.schedule)!, name });
  }
  return { text: applyTextEdits(text, edits), moved, kept };
}

// ---------------------------------------------------------------------------------------------
// vercel.ts, .mts, .js, .mjs, .cjs

/** The outermost node `test` accepts that starts at `start` (the reader's offsets), with the chain of nodes above it. */
function findAt<T extends TS.Node>(ts: TsApi, sourceFile: TS.SourceFile, start: number, test: (node: TS.Node) => node is T): { node: T; ancestors: TS.Node[] } | undefined {
  const ancestors: TS.Node[] = [];
  let found: { node: T; ancestors: TS.Node[] } | undefined;
  const visit = (node: TS.Node): void => {
    if (found || start < node.pos || start >= node.end) return;
    if (test(node) && node.getStart(sourceFile) === start) {
      found = { node, ancestors: [...ancestors] };
      return;
    }
    ancestors.push(node);
    ts.forEachChild(node, visit);
    ancestors.pop();
  };
  ts.forEachChild(sourceFile, visit);
  return found;
}

/** The element's text with `name`, `timezone` and `requestMethod` written before its first property, in its quotes and layout. */
function scheduleElementText(text: string, sourceFile: TS.SourceFile, element: TS.ObjectLiteralExpression, name: string, eol: string): string {
  const start = element.getStart(sourceFile);
  const first = element.properties[0]!;
  const firstStart = first.getStart(sourceFile);
  const quote = /['"]/.exec(text.slice(firstStart, element.end))?.[0] ?? "'";
  const literal = (value: string) => `${quote}${value}${quote}`;
  const added = [`name: ${literal(name)}`, `timezone: ${literal('UTC')}`, `requestMethod: ${literal('GET')}`];
  const multiline = text.slice(start, firstStart).includes('\n');
  const separator = multiline ? `,${eol}${indentationAt(text, firstStart)}` : ', ';
  const insertion = added.join(separator) + separator;
  return text.slice(start, firstStart) + insertion + text.slice(firstStart, element.end);
}

/** Why an element of the crons literal cannot move as written; undefined when it is an object literal of its own. */
function elementProblem(ts: TsApi, sourceFile: TS.SourceFile, element: TS.Expression): string | undefined {
  if (ts.isObjectLiteralExpression(element)) return element.properties.length ? undefined : 'it is an empty object';
  const shown = element.getText(sourceFile).replace(/\s+/g, ' ').slice(0, 60);
  if (ts.isSpreadElement(element)) return `it is a spread (${shown}); migrate moves only entries written in the array: move it by hand`;
  if (ts.isIdentifier(element)) return `it is the const ${shown}, written elsewhere; migrate moves only entries written in the array: move it by hand`;
  return `it is computed (${shown}); migrate moves only literal entries: move it by hand`;
}

/** The comments on the lines above an element (after the previous one's comma), which move with it. */
function leadingComments(ts: TsApi, text: string, element: TS.Node): string[] {
  return (ts.getLeadingCommentRanges(text, element.pos) ?? []).map((range) => text.slice(range.pos, range.end));
}

/**
 * What follows an element on its own line: its comma (when one follows) and the comments after it
 * (`{ … }, // nightly`). `end` is where that ends: past the last comment, else past the comma,
 * else the element's end.
 */
function trailingOf(ts: TsApi, text: string, element: TS.Node): { comma: { start: number; end: number } | undefined; comments: string[]; end: number } {
  let at = element.end;
  while (text[at] === ' ' || text[at] === '\t') at++;
  const comma = text[at] === ',' ? { start: at, end: at + 1 } : undefined;
  const ranges = ts.getTrailingCommentRanges(text, comma ? comma.end : element.end) ?? [];
  const comments = ranges.map((range) => text.slice(range.pos, range.end));
  return { comma, comments, end: ranges.length ? ranges[ranges.length - 1]!.end : comma ? comma.end : element.end };
}

/**
 * Edits that take the `removed` elements (indices, ascending) out of the array literal, with
 * their commas and the comments above them (which move with them).
 */
function removeElements(ts: TsApi, sourceFile: TS.SourceFile, array: TS.ArrayLiteralExpression, removed: number[]): TextEdit[] {
  const elements = array.elements;
  if (removed.length === elements.length) {
    const inner = array.getStart(sourceFile) + 1;
    return [{ offset: inner, length: array.end - 1 - inner, content: '' }];
  }
  const text = sourceFile.text;
  const edits: TextEdit[] = [];
  const remove = (start: number, end: number) => edits.push({ offset: start, length: end - start, content: '' });
  for (let i = 0; i < removed.length; ) {
    let j = i;
    while (j + 1 < removed.length && removed[j + 1] === removed[j]! + 1) j++;
    const first = removed[i]!;
    const last = removed[j]!;
    // The kept neighbours keep their comments: the run's own comments (above and after each
    // element) went with it into schedules.
    if (first === 0) {
      // A run at the start goes with the comma after it, up to the comments above the next element.
      const next = elements[last + 1]!;
      const start = ts.getLeadingCommentRanges(text, elements[0]!.pos)?.[0]?.pos ?? elements[0]!.getStart(sourceFile);
      remove(start, ts.getLeadingCommentRanges(text, next.pos)?.[0]?.pos ?? next.getStart(sourceFile));
    } else {
      const kept = trailingOf(ts, text, elements[first - 1]!);
      const run = trailingOf(ts, text, elements[last]!);
      if (run.comma) {
        // From the end of the kept element's line to the end of the run's last line, comma included.
        remove(kept.end, run.end);
      } else {
        // The run ends the array with no comma after it: the kept element's comma goes instead.
        if (kept.comma) remove(kept.comma.start, kept.comma.end);
        remove(kept.end, run.end);
      }
    }
    i = j + 1;
  }
  return edits;
}

/** The statement or property that holds the crons literal, with how a sibling `schedules` is written beside it. */
function cronsHolder(ts: TsApi, sourceFile: TS.SourceFile, ancestors: TS.Node[]): { node: TS.Node; sibling: (elements: string, eol: string, indent: string, unit: string) => string } | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i]!;
    if (ts.isPropertyAssignment(node)) {
      return { node, sibling: (elements, eol, indent, unit) => `,${eol}${indent}schedules: [${eol}${indent}${unit}${elements}${eol}${indent}]` };
    }
    if (ts.isVariableStatement(node)) {
      return { node, sibling: (elements, eol, _indent, unit) => `${eol}${eol}export const schedules = [${eol}${unit}${elements}${eol}]${node.getText(sourceFile).trimEnd().endsWith(';') ? ';' : ''}` };
    }
    if (ts.isExpressionStatement(node) && ts.isBinaryExpression(node.expression) && ts.isPropertyAccessExpression(node.expression.left)) {
      const owner = node.expression.left.expression.getText(sourceFile);
      return { node, sibling: (elements, eol, _indent, unit) => `${eol}${owner}.schedules = [${eol}${unit}${elements}${eol}]${node.getText(sourceFile).trimEnd().endsWith(';') ? ';' : ''}` };
    }
  }
  return undefined;
}

export function migrateScriptCrons(ts: TsApi, fileName: string, text: string, wanted: Wanted = () => true): ScheduleMigration {
  const doc = parseVercelConfig(fileName, text, () => ts);
  const syntax = doc.strict.errors[0];
  if (syntax) return refusedMigration(text, doc.crons.filter((e) => wanted(e.span)).map((e) => ({ index: e.index, span: e.span, why: '' })), `it does not parse (${syntax.message}); fix the syntax first`);
  const computedCrons = (doc.source?.notStatic ?? []).filter((value) => value.topKeys.includes('crons') && wanted(value.span));
  const cronsNode = doc.cronsNode;
  const borrowed = (start: number) => (doc.source?.borrowed ?? []).some((span) => span.start === start);
  if (!cronsNode || cronsNode.type !== 'array') {
    // crons itself computed (crons: makeCrons()): nothing of it can be read, so nothing moves.
    return { text, moved: [], kept: computedCrons.map((value) => ({ index: -1, span: value.span, why: `"crons" is computed (${text.slice(value.span.start, value.span.end).replace(/\s+/g, ' ').slice(0, 60)}); migrate moves only literal entries: move them by hand` })) };
  }
  const cronsSpan = { start: cronsNode.offset, end: cronsNode.offset + cronsNode.length };
  const sourceFile = parseSource(ts, fileName, text);
  const located = findAt(ts, sourceFile, cronsNode.offset, ts.isArrayLiteralExpression);
  const elements = located?.node.elements ?? [];
  const wantedIndices = elements.map((element, index) => ({ element, index })).filter(({ element }) => wanted({ start: element.getStart(sourceFile), end: element.end }));
  const keptAll = (why: string) => ({ text, moved: [], kept: wantedIndices.map(({ element, index }) => ({ index, span: { start: element.getStart(sourceFile), end: element.end }, why })), refused: why });
  if (!located) return keptAll('its "crons" could not be found in the text; move it by hand');
  if (borrowed(cronsSpan.start)) return keptAll('its "crons" array is written in a const rather than in the configuration; move its entries by hand');
  const schedulesNode = rootProperty(doc, 'schedules')?.value;
  let schedulesArray: TS.ArrayLiteralExpression | undefined;
  if (schedulesNode) {
    if (schedulesNode.type !== 'array') return keptAll('"schedules" is not an array of entries with "name", the only shape the vercel CLI (64.0.2) accepts; make it one first');
    schedulesArray = borrowed(schedulesNode.offset) ? undefined : findAt(ts, sourceFile, schedulesNode.offset, ts.isArrayLiteralExpression)?.node;
    if (!schedulesArray) return keptAll('"schedules" is not an array literal written in the configuration; move the entries by hand');
  } else if ((doc.source?.notStatic ?? []).some((value) => value.topKeys.includes('schedules') || value.topKeys.includes(undefined))) {
    return keptAll('part of the configuration is computed and may already define "schedules"; move the entries by hand');
  }
  const taken = takenNames(doc);
  let count = doc.schedules.length;
  const eol = eolOf(text);
  const moved: MovedCron[] = [];
  const kept: KeptCron[] = [];
  const movedIndices: number[] = [];
  /** Each moved element's new text, with the comments above it when it moves elsewhere. */
  const movedTexts: string[] = [];
  const inPlaceTexts: string[] = [];
  for (const { element, index } of wantedIndices) {
    const span = { start: element.getStart(sourceFile), end: element.end };
    const entry = doc.crons.find((e) => e.node.offset === span.start);
    const why = elementProblem(ts, sourceFile, element) ?? (entry ? blocker(entry, count) : 'it holds a computed value; migrate moves only literal entries: move it by hand');
    if (why || !entry || !ts.isObjectLiteralExpression(element)) {
      kept.push({ index, span, why: why ?? '' });
      continue;
    }
    const path = stringValue(entry.path)!;
    const name = uniqueName(scheduleNameFromPath(path), taken);
    taken.add(name);
    count++;
    movedIndices.push(index);
    const rewritten = scheduleElementText(text, sourceFile, element, name, eol);
    inPlaceTexts.push(rewritten);
    // A comment after the entry on its line (`{ … }, // nightly`) moves too, above it, where no comma can follow it.
    movedTexts.push([...leadingComments(ts, text, element), ...trailingOf(ts, text, element).comments, rewritten].join(`${eol}${indentationAt(text, span.start)}`));
    moved.push({ index, path, schedule: stringValue(entry.schedule)!, name });
  }
  // Values computed inside crons (not elements of their own) are said once, as an entry kept.
  for (const value of computedCrons) {
    if (!elements.some((element) => touches({ start: element.getStart(sourceFile), end: element.end }, value.span))) kept.push({ index: -1, span: value.span, why: 'a value under "crons" is computed; migrate moves only literal entries: move it by hand' });
  }
  if (!moved.length) return { text, moved, kept };
  const array = located.node;
  const firstElementIndent = indentationAt(text, elements[0]!.getStart(sourceFile));
  const arrayMultiline = text.slice(array.getStart(sourceFile), elements[0]!.getStart(sourceFile)).includes('\n');
  const joined = (indent: string) => movedTexts.join(arrayMultiline ? `,${eol}${indent}` : ', ');
  const edits: TextEdit[] = [];
  if (!schedulesArray && movedIndices.length === elements.length) {
    // Every entry moves and there is no schedules yet: crons becomes schedules where it stands.
    const holder = cronsHolder(ts, sourceFile, located.ancestors);
    const key = holder && (ts.isPropertyAssignment(holder.node) ? holder.node.name : undefined);
    const keySpan = key ? { start: key.getStart(sourceFile), end: key.end } : rootProperty(doc, 'crons')!.keySpan;
    const written = text.slice(keySpan.start, keySpan.end);
    edits.push({ offset: keySpan.start, length: keySpan.end - keySpan.start, content: written.replace('crons', 'schedules') });
    elements.forEach((element, i) => edits.push({ offset: element.getStart(sourceFile), length: element.end - element.getStart(sourceFile), content: inPlaceTexts[i]! }));
    return { text: applyTextEdits(text, edits), moved, kept };
  }
  edits.push(...removeElements(ts, sourceFile, array, movedIndices));
  if (schedulesArray) {
    const last = schedulesArray.elements[schedulesArray.elements.length - 1];
    if (last) {
      const indent = indentationAt(text, last.getStart(sourceFile));
      const multiline = text.slice(schedulesArray.getStart(sourceFile), schedulesArray.elements[0]!.getStart(sourceFile)).includes('\n');
      edits.push({ offset: last.end, length: 0, content: multiline ? `,${eol}${indent}${joined(indent)}` : `, ${movedTexts.join(', ')}` });
    } else {
      edits.push({ offset: schedulesArray.getStart(sourceFile) + 1, length: schedulesArray.end - 1 - schedulesArray.getStart(sourceFile) - 1, content: movedTexts.join(', ') });
    }
  } else {
    const holder = cronsHolder(ts, sourceFile, located.ancestors);
    if (!holder) return keptAll('its "crons" is exported in a way migrate cannot write beside; move the entries by hand');
    const indent = indentationAt(text, holder.node.getStart(sourceFile));
    const unit = firstElementIndent.startsWith(indent) && firstElementIndent.length > indent.length ? firstElementIndent.slice(indent.length) : '  ';
    const end = holder.node.end;
    // The new array ends as the crons array did, with or without a trailing comma.
    const trailing = arrayMultiline && array.elements.hasTrailingComma ? ',' : '';
    edits.push({ offset: end, length: 0, content: holder.sibling(joined(indent + unit) + trailing, eol, indent, unit) });
  }
  return { text: applyTextEdits(text, edits), moved, kept };
}

/** Moves the crons entries of any configuration file; `name` is its file name (vercel.json, vercel.toml, vercel.ts…). */
export function migrateConfigCrons(name: string, text: string, loadTypeScript: () => TsApi, wanted?: Wanted): ScheduleMigration {
  if (name.endsWith('.toml')) return migrateTomlCrons(text, wanted);
  return migrateScriptCrons(loadTypeScript(), name, text, wanted);
}

/**
 * "Move to Vercel Schedules" for the crons entry `span` touches, in a configuration file of any
 * format: a refactor, never a quick fix (Schedules also run on preview and custom environments).
 */
export function moveToSchedulesRefactorIn(doc: VercelDoc, span: Span, loadTypeScript: () => TsApi): Fix | undefined {
  if (!doc.source) return moveToSchedulesRefactor(doc, span);
  const migration = migrateConfigCrons(doc.source.file, doc.text, loadTypeScript, (entry) => touches(entry, span));
  if (!migration.moved.length) return undefined;
  return { title: MOVE_TO_SCHEDULES_TITLE, edits: [differingEdit(doc.text, migration.text)], safe: false };
}
