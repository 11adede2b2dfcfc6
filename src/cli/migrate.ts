import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { isConfigFileIn, LineMap, migrateConfigCrons, migrateCronsToSchedules } from '../core/service';
import { loadTypeScript } from '../node/loadTypeScript';
import type { CliIo } from './explain';
import { parseCommand, projectSettings } from './options';
import { printable } from './printable';
import { diffPaths, shownPaths } from './project-check';
import { EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS } from './usage';
import { FileOverlay, walkFiles } from './workspace';
import { abbreviated, firstSyntaxError, oneLine, WriteFailure, WriteGuard } from './writes';

/** What every run that moves a job says once: the one way a Schedule runs where a Cron Job did not. */
export const PREVIEW_NOTICE =
  'Vercel Schedules also run on preview and custom environments, which Cron Jobs never did: each route must refuse a request without the right CRON_SECRET there too, and CRON_SECRET must be set in those environments.';

/**
 * The configuration files below `folder` (`listed` its files, relative), sorted: every vercel.json
 * and vercel.toml, and a vercel.ts (.mts, .js…) only where Vercel could read one, as check decides.
 */
function configFiles(folder: string, listed: readonly string[]): string[] {
  const present = new Set(listed);
  const found: string[] = [];
  for (const file of listed) {
    const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
    const holds = (name: string) => present.has(dir ? `${dir}/${name}` : name);
    if (isConfigFileIn(path.posix.basename(file), { top: dir === '', holds })) found.push(path.join(folder, file));
  }
  return found.sort();
}

/**
 * `migrate [folder] [--dry-run]`: moves every `crons` entry of vercel.json, vercel.toml and
 * vercel.ts below `folder` to `schedules` (core/vercel/migrateToSchedules.ts, migrateConfigFiles.ts), says what moved per entry and what could
 * not, with why. Files are written all at once through fix's write guard; `--dry-run` prints the
 * unified diff instead (on stdout, the rest on stderr) and writes nothing. Exit 0 when done or
 * nothing to do, 1 when an entry or file could not be migrated, 3 on a failure of its own.
 */
export function runMigrate(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommand(args, { 'dry-run': { type: 'boolean' } });
  const dryRun = values['dry-run'] === true;
  const { folder } = projectSettings(io.cwd, positionals, {}, io.stderr);
  const reported = (file: string) => path.relative(folder, file).split(path.sep).join('/');
  const shown = shownPaths(io.cwd, folder);
  const named = (file: string) => abbreviated(shown(reported(file)));
  // Progress lines go to stderr on a dry run: its stdout is a diff that git apply accepts.
  const say = dryRun ? io.stderr : io.stdout;
  let failed = false;
  let written = false;
  try {
    const listed = walkFiles(folder);
    const files = configFiles(folder, listed);
    const guard = new WriteGuard(folder, (file) => shown(reported(file)));
    const overlay = new FileOverlay();
    const movedLines: string[] = [];
    for (const file of files) {
      const read = overlay.readResult(file);
      if (!('text' in read)) {
        if ('skipped' in read) {
          io.stderr(printable(`next-cron-routes: ${named(file)} was not migrated: ${read.skipped}`));
          failed = true;
        }
        continue;
      }
      const name = path.basename(file);
      const migration = name === 'vercel.json' ? migrateCronsToSchedules(read.text) : migrateConfigCrons(name, read.text, loadTypeScript);
      const lines = new LineMap(read.text);
      for (const kept of migration.kept) {
        const at = lines.position(kept.span.start);
        io.stderr(printable(`${named(file)}:${at.line}:${at.column}: ${kept.index < 0 ? 'crons' : `crons[${kept.index}]`} was not migrated: ${kept.why}`));
        failed = true;
      }
      if (!migration.moved.length) continue;
      const refusal = guard.refusal(file);
      if (refusal) {
        io.stderr(printable(`next-cron-routes: refused to write ${named(file)}: ${refusal}; its crons were not migrated`));
        failed = true;
        continue;
      }
      // A migration that would break the file is a bug of ours: nothing is written.
      const broken = firstSyntaxError(file, migration.text);
      if (broken) throw new Error(`the migration would leave a syntax error in ${named(file)} at ${broken}`);
      overlay.write(file, migration.text);
      for (const moved of migration.moved) {
        movedLines.push(printable(`${dryRun ? 'would move' : 'moved'} ${shown(reported(file))} crons[${moved.index}] ${JSON.stringify(moved.path)} at "${moved.schedule}" to schedules as "${moved.name}" (timezone UTC, requestMethod GET)`));
      }
    }

    const changes = [...overlay.changed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (dryRun) {
      const inDiff = diffPaths(io.cwd, folder);
      for (const [file, content] of changes) {
        const name = inDiff(reported(file));
        io.stdout(createTwoFilesPatch(`a/${name}`, `b/${name}`, overlay.original.get(file) ?? '', content, undefined, undefined, { context: 3 }).replace(/^=+\n/, '').trimEnd());
      }
    } else if (changes.length) {
      overlay.flush(guard);
      written = true;
    }
    // Said once the files are written (or the diff printed), never for a write that failed.
    for (const line of movedLines) say(line);
    if (movedLines.length) say(PREVIEW_NOTICE);
    else if (!failed) io.stdout('nothing to migrate');
    return failed ? EXIT_PROBLEMS : EXIT_OK;
  } catch (error) {
    const nothing = written ? 'the files listed above were written' : 'nothing was written';
    if (error instanceof WriteFailure)
      io.stderr(printable(`next-cron-routes: could not write ${named(error.file)}: ${error.reason}; ${error.leftChanged.length ? `left changed: ${error.leftChanged.map(named).join(', ')}` : 'nothing was written'}`));
    else io.stderr(printable(`next-cron-routes: internal error in migrate: ${oneLine(error)}; ${nothing}`));
    return EXIT_INTERNAL;
  }
}
