import * as path from 'node:path';
import { type Finding, type Fix, isDefaultFix, type TextEdit } from '../core/service';

/** One fix chosen for `source.fixAll`, with the finding whose file its `edits` change. */
export interface ChosenFix {
  finding: Finding;
  fix: Fix;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return (a.offset < b.offset + b.length && b.offset < a.offset + a.length) || (a.offset === b.offset && (a.length === 0 || b.length === 0));
}

/**
 * What `source.fixAll` applies to one file: for each finding, the fix `next-cron-routes fix`
 * would take unasked (the core's default set, `isDefaultFix`: meaning-preserving fixes and the
 * auth hardening ones), left out when it would create a file (a save must never add files), asks
 * which of several variants, or overlaps an edit taken before it. `fix` converges over passes;
 * an editor's fix-all is one pass, and the rest follow on the next save.
 */
export function chooseFixAll(findings: readonly Finding[], file: string, root: string): ChosenFix[] {
  const taken = new Map<string, TextEdit[]>();
  const chosen: ChosenFix[] = [];
  for (const finding of findings) {
    const candidates = finding.fixes.filter((fix) => isDefaultFix(finding.code, fix) && !fix.createFiles?.length && !fix.variant);
    const fix = candidates.find((f) => f.preferred) ?? candidates[0];
    if (!fix) continue;
    const planned: [string, readonly TextEdit[]][] = [[file, fix.edits], ...(fix.fileEdits ?? []).map((other) => [path.join(root, other.file), other.edits] as [string, TextEdit[]])];
    if (planned.some(([target, edits]) => edits.some((edit) => (taken.get(target) ?? []).some((other) => overlaps(edit, other))))) continue;
    for (const [target, edits] of planned) taken.set(target, [...(taken.get(target) ?? []), ...edits]);
    chosen.push({ finding, fix });
  }
  return chosen;
}
