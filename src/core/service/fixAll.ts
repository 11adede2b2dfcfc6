import type { TextEdit } from '../types';
import { type Fix, isDefaultFix } from '../diagnostics';
import { STORE_FAMILIES, type StoreKind } from '../wrappers/protocol';
import { chooseStore, type StoreFamily } from '../wrappers/stores';
import type { CronServiceHost } from './host';
import { checkProjectFolder, type ProjectFileResult, type ProjectFinding } from './projectCheck';

export interface FixAllOptions {
  /** Apply any fix of these codes, and nothing else; absent: the core's default set (isDefaultFix). */
  only?: ReadonlySet<string>;
  /** The store family a duplicate-run guard is written for (`--store`). */
  store?: StoreFamily;
  /** Why a file may not be written (a host path), or undefined when it may: a fix touching such a file is left out. */
  refusal?(file: string): string | undefined;
  /** Whether a file exists: a fix that would create one that does is left out. */
  exists?(file: string): boolean;
}

/** One pass of fixes over a folder, planned on one check of it; files are host paths. */
export interface FixPass {
  /** The check the plan was made on. */
  results: ProjectFileResult[];
  /** Edits per file, none overlapping. */
  edits: Map<string, TextEdit[]>;
  /** New files and their content. */
  creates: Map<string, string>;
  /** The codes whose fixes write each file. */
  fixedCodes: Map<string, Set<string>>;
  /** Files a fix would have written and may not, with why (the fix is left out). */
  refused: Map<string, string>;
  /** What the choice of a fix wants said (a store family without its client), in order. */
  warnings: string[];
}

/**
 * A failure while planning the fixes of one file's findings (a bug of ours): `file` is the host
 * path of the result being planned, `error` what was thrown.
 */
export class FixPlanningError extends Error {
  constructor(
    readonly file: string,
    readonly error: unknown,
  ) {
    super(`planning fixes for ${file} failed`);
  }
}

/** Which fix of a finding to apply: the core's default set unasked, any fix for a named code. */
function chooseFix(finding: ProjectFinding, only: ReadonlySet<string> | undefined, store: StoreFamily | undefined, warn: (text: string) => void): Fix | undefined {
  const fixes = finding.fixes ?? [];
  const candidates = only ? (only.has(finding.code) ? fixes : []) : fixes.filter((f) => isDefaultFix(finding.code, f));
  const variants = candidates.filter((f) => f.variant);
  if (variants.length && store) {
    const detected = variants.map((f) => f.variant!.key as StoreKind).filter((kind) => kind !== 'interface');
    const kind = chooseStore(detected, store);
    const chosen = variants.find((f) => f.variant!.key === kind);
    if (chosen && !(STORE_FAMILIES[store] as readonly string[]).includes(kind)) warn(`warning: no ${store} client in package.json; using ${chosen.variant!.label}`);
    return chosen;
  }
  return candidates.find((f) => f.preferred) ?? candidates[0];
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length || (a.offset === b.offset && (a.length === 0 || b.length === 0));
}

/** Every file a fix writes: the file of its finding (when it edits it), the files it creates, the other files it edits. */
function targetsOf(fix: Fix, findingFile: string, inRoot: (file: string) => string): string[] {
  return [...(fix.edits.length ? [findingFile] : []), ...(fix.createFiles ?? []).map((c) => inRoot(c.file)), ...(fix.fileEdits ?? []).map((f) => inRoot(f.file))];
}

/** Adds a fix's edits to the pass unless they collide with edits already taken. */
function takeFix(fix: Fix, findingFile: string, inRoot: (file: string) => string, pending: Map<string, TextEdit[]>, creates: Map<string, string>): boolean {
  const planned: [string, TextEdit[]][] = [[findingFile, fix.edits], ...(fix.fileEdits ?? []).map((f) => [inRoot(f.file), f.edits] as [string, TextEdit[]])];
  for (const [file, edits] of planned) {
    const existing = pending.get(file) ?? [];
    if (edits.some((e) => existing.some((x) => overlaps(e, x)))) return false;
  }
  for (const created of fix.createFiles ?? []) if (creates.has(inRoot(created.file))) return false;
  for (const [file, edits] of planned) if (edits.length) pending.set(file, [...(pending.get(file) ?? []), ...edits]);
  for (const created of fix.createFiles ?? []) creates.set(inRoot(created.file), created.content);
  return true;
}

/**
 * What `fix` applies in one pass: the check of `folder` with every finding's fixes, then one fix
 * per finding (the default set, or any of `only`'s codes) in the order of the results, left out
 * when it would create a file that exists, write a file it may not, or overlap an edit taken
 * before it. Applying the pass and checking again until nothing changes is the caller's.
 */
export function planFixPass(host: CronServiceHost, folder: string, options: FixAllOptions = {}): FixPass {
  const results = checkProjectFolder(host, folder, true);
  const pass: FixPass = { results, edits: new Map(), creates: new Map(), fixedCodes: new Map(), refused: new Map(), warnings: [] };
  for (const result of results) {
    try {
      planFile(host, result, options, pass);
    } catch (error) {
      throw new FixPlanningError(result.file, error);
    }
  }
  return pass;
}

function planFile(host: CronServiceHost, result: ProjectFileResult, options: FixAllOptions, pass: FixPass): void {
  const inRoot = host.inFolder(result.root);
  for (const finding of result.findings) {
    const fix = chooseFix(finding, options.only, options.store, (text) => pass.warnings.push(text));
    if (!fix) continue;
    if (fix.createFiles?.some((c) => options.exists?.(inRoot(c.file)))) continue;
    const targets = targetsOf(fix, result.file, inRoot);
    const refusals = targets.flatMap((file) => {
      const reason = options.refusal?.(file);
      return reason ? [[file, reason] as const] : [];
    });
    if (refusals.length) {
      for (const [file, reason] of refusals) pass.refused.set(file, reason);
      continue;
    }
    if (!takeFix(fix, result.file, inRoot, pass.edits, pass.creates)) continue;
    for (const file of targets) pass.fixedCodes.set(file, (pass.fixedCodes.get(file) ?? new Set()).add(finding.code));
  }
}
