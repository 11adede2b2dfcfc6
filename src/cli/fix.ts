import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { applyEdits } from 'jsonc-parser';
import { type FixPass, FixPlanningError, isStoreFamily, STORE_FAMILY_NAMES } from '../core/service';
import type { CliIo } from './explain';
import { exitCode, parseCommand, parseMaxWarnings, PROJECT_OPTIONS, projectSettings } from './options';
import { debugEnabled, formatText, internalErrorLines, notAnalysedLines } from './formats';
import { printable } from './printable';
import { cliService, diffPaths, projectCounts, runNotices, shownPaths, toCliDiagnostics } from './project-check';
import { EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, UsageError } from './usage';
import { FileOverlay, type FileRead } from './workspace';
import { abbreviated, firstSyntaxError, oneLine, WriteFailure, WriteGuard } from './writes';

const MAX_PASSES = 10;

/** A failure of fix itself, found before anything is written: a fix that would break a file, fixes that never settle. */
class FixFailure extends Error {}

/** The overlay fix plans in; it remembers the last file the checks read, which an internal error names. */
class PlanOverlay extends FileOverlay {
  lastRead: string | undefined;

  override readResult(file: string): FileRead {
    this.lastRead = file;
    return super.readResult(file);
  }
}

/**
 * `fix [folder] [--only <code>,…] [--dry-run] [--plan …] [--fluid|--no-fluid] [--max-warnings <n>] [--verbose] [--hints]`: applies the
 * editor's quick fixes until nothing changes, then exits as `check` would on what remains.
 *
 * It plans every edit in memory first. A fix whose files may not be written (outside the project,
 * through a symbolic link, not a regular file, a name too long: WriteGuard) is left out, with one
 * line on stderr per refused file, and the exit is at least 1; the other fixes still apply, and none
 * of them depends on a refused file, since that file never enters the plan. The plan is then
 * validated (it settled, and no file that parsed before stops parsing) and written all at once, each
 * file atomically; only then are the written files listed. A failure of fix itself, or a write the
 * disk refuses, writes nothing and exits 3 with one line saying what failed where.
 */
export function runFix(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommand(args, { ...PROJECT_OPTIONS, only: { type: 'string' }, 'dry-run': { type: 'boolean' }, store: { type: 'string' } });
  const store = values.store;
  if (store !== undefined && !isStoreFamily(store)) throw new UsageError(`--store must be one of ${STORE_FAMILY_NAMES.join(', ')}`);
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  const { folder, settings, unread } = projectSettings(io.cwd, positionals, values as Record<string, never>, io.stderr);
  const only = typeof values.only === 'string' ? new Set(values.only.split(',').map((c) => c.trim()).filter(Boolean)) : undefined;
  const dryRun = values['dry-run'] === true;
  const reported = (file: string) => path.relative(folder, file).split(path.sep).join('/');
  const shown = shownPaths(io.cwd, folder);
  const named = (file: string) => abbreviated(shown(reported(file)));
  const overlay = new PlanOverlay();
  // What fix is doing, and on which file, for the one line an internal error gets.
  let doing = 'checking';
  let doingFile: string | undefined;
  let written = false;
  try {
    const guard = new WriteGuard(folder, (file) => shown(reported(file)));
    const fixedCodes = new Map<string, Set<string>>();
    const service = cliService(settings, overlay, io.now());
    const warnings = new Set<string>();
    const refused = new Map<string, string>();

    let settled = false;
    let lastChanged: string[] = [];
    // Up to MAX_PASSES passes that change something, then one that must not.
    for (let pass = 0; pass <= MAX_PASSES && !settled; pass++) {
      doing = 'checking';
      doingFile = undefined;
      let plan: FixPass;
      try {
        plan = service.fixAll(folder, { only, store, refusal: (file) => guard.refusal(file), exists: (file) => overlay.exists(file) });
      } catch (error) {
        if (!(error instanceof FixPlanningError)) throw error;
        doing = 'planning fixes for';
        doingFile = error.file;
        throw error.error;
      }
      for (const warning of plan.warnings) warnings.add(warning);
      for (const [file, reason] of plan.refused) refused.set(file, reason);
      for (const [file, codes] of plan.fixedCodes) for (const code of codes) fixedCodes.set(file, (fixedCodes.get(file) ?? new Set()).add(code));
      const { edits: pending, creates } = plan;
      doing = 'applying fixes to';
      const changed: string[] = [];
      for (const [file, edits] of pending) {
        doingFile = file;
        const before = overlay.read(file) ?? '';
        const after = applyEdits(before, edits);
        if (after !== before) {
          overlay.write(file, after);
          changed.push(file);
        }
      }
      for (const [file, content] of creates) {
        overlay.write(file, content);
        changed.push(file);
      }
      settled = changed.length === 0;
      lastChanged = changed;
    }
    doingFile = undefined;
    // A fix applied to its own result must change nothing: fixes still changing files after the
    // last pass would change them again on the next run.
    if (!settled) throw new FixFailure(`the fixes did not settle in ${MAX_PASSES} passes (${lastChanged.map(named).sort().join(', ')} still changed)`);

    const changes = [...overlay.changed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    doing = 'validating';
    for (const [file, content] of changes) {
      doingFile = file;
      const before = overlay.original.get(file);
      // A new file must parse; an edited one must if it did before.
      if (before !== undefined && firstSyntaxError(file, before) !== undefined) continue;
      const broken = firstSyntaxError(file, content);
      if (broken) throw new FixFailure(`the fixes would leave a syntax error in ${named(file)} at ${broken}${before === undefined ? '' : ', which parses now'}`);
    }
    doingFile = undefined;

    for (const [file, reason] of [...refused].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) io.stderr(printable(`next-cron-routes: refused to write ${named(file)}: ${reason}`));
    if (!dryRun && changes.length) {
      doing = 'writing';
      overlay.flush(guard);
      written = true;
    }

    const inDiff = diffPaths(io.cwd, folder);
    for (const [file, content] of changes) {
      const codes = [...(fixedCodes.get(file) ?? [])].sort().join(', ');
      const before = overlay.original.get(file);
      if (dryRun) {
        const name = inDiff(reported(file));
        io.stdout(createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${name}`, `b/${name}`, before ?? '', content, undefined, undefined, { context: 3 }).replace(/^=+\n/, '').trimEnd());
      } else {
        io.stdout(printable(`${before === undefined ? 'created' : 'fixed'} ${shown(reported(file))} (${codes})`));
      }
    }
    for (const warning of warnings) io.stderr(printable(warning));
    if (changes.length === 0 && refused.size === 0) io.stdout('nothing to fix');

    // Exit as check would on what remains (after a dry run: on what would remain), and at least 1
    // when a write was refused. A dry run says what remains, as check's text, on stderr: stdout
    // stays a diff that git apply accepts.
    doing = 'checking what remains in';
    const after = service.checkProject(folder);
    const remaining = toCliDiagnostics(after);
    // A file whose check failed, or that was not analysed, is said on stderr, never taken for fixed or clean.
    const notices = runNotices(after, folder, unread);
    for (const line of internalErrorLines(notices.internalErrors, shown, debugEnabled())) io.stderr(line);
    if (dryRun) io.stderr(formatText(remaining, projectCounts(after), shown, notices, { verbose: values.verbose === true, hints: values.hints === true }));
    else for (const line of notAnalysedLines(notices, shown, values.verbose === true)) io.stderr(line);
    return Math.max(exitCode(remaining, maxWarnings, io.stderr, notices.internalErrors.length), refused.size ? EXIT_PROBLEMS : EXIT_OK);
  } catch (error) {
    const nothing = written ? 'the files listed above were written' : 'nothing was written';
    if (error instanceof FixFailure) io.stderr(printable(`next-cron-routes: internal error: ${error.message}; ${nothing}`));
    else if (error instanceof WriteFailure)
      io.stderr(printable(`next-cron-routes: could not write ${named(error.file)}: ${error.reason}; ${error.leftChanged.length ? `left changed: ${error.leftChanged.map(named).join(', ')}` : 'nothing was written'}`));
    else {
      const where = doingFile ? named(doingFile) : `${path.relative(io.cwd, folder) || '.'}${overlay.lastRead ? ` (last file read: ${named(overlay.lastRead)})` : ''}`;
      io.stderr(printable(`next-cron-routes: internal error while ${doing} ${where}: ${oneLine(error)}; ${nothing}`));
    }
    return EXIT_INTERNAL;
  }
}
