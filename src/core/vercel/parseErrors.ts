import type * as TS from 'typescript';
import type { TextEdit } from '../types';
import type { ProjectView } from './project';
import { type Finding, type Fix, keepFixes } from '../diagnostics';

/**
 * TypeScript's syntax errors in a parsed file: `parseDiagnostics`, which every SourceFile carries
 * but the public typings leave out.
 */
export function parseErrors(sourceFile: TS.SourceFile): readonly TS.DiagnosticWithLocation[] {
  return (sourceFile as unknown as { parseDiagnostics?: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

/** Lines on each side of a syntax error that no fix edits, besides the error's own top-level statement. */
const NEAR_LINES = 2;

/**
 * The ranges a fix must not touch: each error's top-level statement (from its leading comments,
 * where TypeScript's recovery put it) and NEAR_LINES lines around the error. A parser that
 * recovered from an error guessed where a block or call ends; an edit placed by that guess lands
 * in the wrong place, and the rule that asked for it still fires on the next run (a missing
 * paren around an auth check once got a new `if (!process.env.CRON_SECRET)` on every pass).
 */
function guardedRanges(sourceFile: TS.SourceFile, errors: readonly TS.DiagnosticWithLocation[]): [number, number][] {
  const text = sourceFile.text;
  const statements = sourceFile.statements;
  const ranges: [number, number][] = [];
  for (const error of errors) {
    const start = Math.max(0, Math.min(error.start, text.length));
    const end = Math.min(text.length, start + Math.max(0, error.length));
    // From the start of the line NEAR_LINES above the error's to the end of the line NEAR_LINES below.
    let from = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
    for (let n = 0; n < NEAR_LINES && from > 0; n++) from = from === 1 ? 0 : text.lastIndexOf('\n', from - 2) + 1;
    let to = text.indexOf('\n', end);
    if (to === -1) to = text.length;
    for (let n = 0; n < NEAR_LINES && to < text.length; n++) {
      const next = text.indexOf('\n', to + 1);
      to = next === -1 ? text.length : next;
    }
    // The statements in order: the first that ends at or after the error, then on while they start before its end.
    let low = 0;
    let high = statements.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (statements[middle]!.end < start) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < statements.length && statements[i]!.pos <= end; i++) {
      from = Math.min(from, statements[i]!.pos);
      to = Math.max(to, statements[i]!.end);
    }
    ranges.push([from, to]);
  }
  return merged(ranges);
}

/** Sorted, disjoint ranges covering the same offsets. */
function merged(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [from, to] of ranges.sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** Whether any edit touches a range (ends inclusive: an insertion right after a broken statement is next to it). */
function touches(edits: readonly TextEdit[], ranges: readonly [number, number][]): boolean {
  return edits.some((edit) => {
    // The first range that ends at or after the edit's start; the edit touches it unless it ends first.
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (ranges[middle]![1] < edit.offset) low = middle + 1;
      else high = middle;
    }
    return low < ranges.length && ranges[low]![0] <= edit.offset + edit.length;
  });
}

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;

/**
 * Drops every fix of the findings that edits code inside or next to a syntax error: in `file`
 * (whose parse is `sourceFile`) or in another script file of the project it edits. A fix made
 * there could turn a recoverable file into garbage, and would not settle: the rule that asked
 * for it reads the same broken tree on the next run. Findings of files without errors are left
 * as they are, fixes unbuilt.
 */
export function withoutFixesNearParseErrors(findings: Finding[], file: string, sourceFile: TS.SourceFile, project: ProjectView): Finding[] {
  if (findings.length === 0 || parseErrors(sourceFile).length === 0) return findings;
  const rangesOf = new Map<string, [number, number][]>([[file, guardedRanges(sourceFile, parseErrors(sourceFile))]]);
  const ranges = (target: string): [number, number][] => {
    let found = rangesOf.get(target);
    if (!found) {
      const parsed = SCRIPT.test(target) ? project.sourceFile(target) : undefined;
      found = parsed ? guardedRanges(parsed, parseErrors(parsed)) : [];
      rangesOf.set(target, found);
    }
    return found;
  };
  const clear = (fix: Fix) => !touches(fix.edits, ranges(file)) && !(fix.fileEdits ?? []).some((f) => touches(f.edits, ranges(f.file)));
  for (const finding of findings) keepFixes(finding, clear);
  return findings;
}

/**
 * The same for fixes of vercel.json findings that edit script files (a GET added to a route):
 * every such target is read for its syntax errors.
 */
export function fileEditsAwayFromParseErrors(fixes: Fix[], project: ProjectView): Fix[] {
  if (!fixes.some((fix) => fix.fileEdits?.some((f) => SCRIPT.test(f.file)))) return fixes;
  const clear = (fix: Fix) =>
    !(fix.fileEdits ?? []).some((f) => {
      const parsed = SCRIPT.test(f.file) ? project.sourceFile(f.file) : undefined;
      return parsed !== undefined && parseErrors(parsed).length > 0 && touches(f.edits, guardedRanges(parsed, parseErrors(parsed)));
    });
  return fixes.every(clear) ? fixes : fixes.filter(clear);
}
