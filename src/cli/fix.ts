import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { applyEdits } from 'jsonc-parser';
import type { TextEdit } from '../core/types';
import { type Fix, isDefaultFix } from '../core/vercel/rules/types';
import type { CliIo } from './explain';
import { exitCode, parseCommand, parseMaxWarnings, PROJECT_OPTIONS, projectSettings } from './options';
import { debugEnabled, formatText, internalErrorLines, notAnalysedLines } from './formats';
import { printable } from './printable';
import { type CliFinding, checkFolder, diffPaths, runNotices, shownPaths, toCliDiagnostics, vercelJsonCount } from './project-check';
import { UsageError } from './usage';
import { STORE_FAMILIES, type StoreKind } from '../core/wrappers/protocol';
import { chooseStore, isStoreFamily, type StoreFamily } from '../core/wrappers/stores';
import { FileOverlay } from './workspace';

const MAX_PASSES = 10;

/** Which fix of a finding to apply: the core's default set unasked, any fix for a named code. */
function chooseFix(finding: CliFinding, only: Set<string> | undefined, store: StoreFamily | undefined, warn: (text: string) => void): Fix | undefined {
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

/** Adds a fix's edits to the pass unless they collide with edits already taken. */
function takeFix(fix: Fix, vercelJson: string, root: string, pending: Map<string, TextEdit[]>, creates: Map<string, string>): boolean {
  const planned: [string, TextEdit[]][] = [[vercelJson, fix.edits], ...(fix.fileEdits ?? []).map((f) => [path.join(root, f.file), f.edits] as [string, TextEdit[]])];
  for (const [file, edits] of planned) {
    const existing = pending.get(file) ?? [];
    if (edits.some((e) => existing.some((x) => overlaps(e, x)))) return false;
  }
  for (const created of fix.createFiles ?? []) if (creates.has(path.join(root, created.file))) return false;
  for (const [file, edits] of planned) if (edits.length) pending.set(file, [...(pending.get(file) ?? []), ...edits]);
  for (const created of fix.createFiles ?? []) creates.set(path.join(root, created.file), created.content);
  return true;
}

/**
 * `fix [folder] [--only <code>,…] [--dry-run] [--plan …] [--fluid|--no-fluid] [--max-warnings <n>]`: applies the
 * editor's quick fixes until nothing changes, then exits as `check` would on what remains.
 */
export function runFix(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommand(args, { ...PROJECT_OPTIONS, only: { type: 'string' }, 'dry-run': { type: 'boolean' }, store: { type: 'string' } });
  const store = values.store;
  if (store !== undefined && !isStoreFamily(store)) throw new UsageError(`--store must be one of ${Object.keys(STORE_FAMILIES).join(', ')}`);
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  const { folder, settings, unread } = projectSettings(io.cwd, positionals, values as Record<string, never>, io.stderr);
  const only = typeof values.only === 'string' ? new Set(values.only.split(',').map((c) => c.trim()).filter(Boolean)) : undefined;
  const overlay = new FileOverlay();
  const fixedCodes = new Map<string, Set<string>>();
  const now = io.now();
  const warnings = new Set<string>();

  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const pending = new Map<string, TextEdit[]>();
    const creates = new Map<string, string>();
    for (const result of checkFolder(folder, settings, overlay, now, true)) {
      for (const finding of result.findings) {
        const fix = chooseFix(finding, only, store, (text) => warnings.add(text));
        if (!fix) continue;
        const root = result.root;
        if (fix.createFiles?.some((c) => overlay.exists(path.join(root, c.file)))) continue;
        if (!takeFix(fix, result.file, root, pending, creates)) continue;
        const touched = [...(fix.edits.length ? [result.file] : []), ...(fix.createFiles ?? []).map((c) => path.join(root, c.file)), ...(fix.fileEdits ?? []).map((f) => path.join(root, f.file))];
        for (const file of touched) fixedCodes.set(file, (fixedCodes.get(file) ?? new Set()).add(finding.code));
      }
    }
    let changed = false;
    for (const [file, edits] of pending) {
      const before = overlay.read(file) ?? '';
      const after = applyEdits(before, edits);
      if (after !== before) {
        overlay.write(file, after);
        changed = true;
      }
    }
    for (const [file, content] of creates) {
      overlay.write(file, content);
      changed = true;
    }
    if (!changed) break;
  }

  const reported = (file: string) => path.relative(folder, file).split(path.sep).join('/');
  const shown = shownPaths(io.cwd, folder);
  const inDiff = diffPaths(io.cwd, folder);
  for (const [file, content] of [...overlay.changed].sort(([a], [b]) => a.localeCompare(b))) {
    const codes = [...(fixedCodes.get(file) ?? [])].sort().join(', ');
    if (values['dry-run']) {
      const before = overlay.original.get(file);
      const name = inDiff(reported(file));
      io.stdout(createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${name}`, `b/${name}`, before ?? '', content, undefined, undefined, { context: 3 }).replace(/^=+\n/, '').trimEnd());
    } else {
      io.stdout(printable(`${overlay.original.get(file) === undefined ? 'created' : 'fixed'} ${shown(reported(file))} (${codes})`));
    }
  }
  for (const warning of warnings) io.stderr(printable(warning));
  if (overlay.changed.size === 0) io.stdout('nothing to fix');
  if (!values['dry-run']) overlay.flush();

  // Exit as check would on what remains (after a dry run: on what would remain). A dry run says
  // what that is, as check's text, on stderr: stdout stays a diff that git apply accepts.
  const after = checkFolder(folder, settings, overlay, now);
  const remaining = toCliDiagnostics(after);
  // A file whose check failed, or that was not analysed, is said on stderr, never taken for fixed or clean.
  const notices = runNotices(after, folder, unread);
  for (const line of internalErrorLines(notices.internalErrors, shown, debugEnabled())) io.stderr(line);
  if (values['dry-run']) io.stderr(formatText(remaining, vercelJsonCount(after), shown, notices, values.verbose === true));
  else for (const line of notAnalysedLines(notices.notAnalysed, shown, values.verbose === true)) io.stderr(line);
  return exitCode(remaining, maxWarnings, io.stderr, notices.internalErrors.length);
}
