import { UsageError } from './usage';
import type { CliIo } from './explain';
import { debugEnabled, FORMATS, type Format, formatJson, formatSarif, formatText, internalErrorLines } from './formats';
import { exitCode, parseCommand, parseMaxWarnings, PROJECT_OPTIONS, projectSettings } from './options';
import { checkFolder, projectCounts, runNotices, shownPaths, toCliDiagnostics } from './project-check';
import { toolVersion } from './version';
import { FileOverlay } from './workspace';

/** `check [folder] [--plan …] [--fluid|--no-fluid] [--format text|json|sarif] [--max-warnings <n>] [--verbose] [--hints]` */
export function runCheck(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommand(args, { ...PROJECT_OPTIONS, format: { type: 'string' } });
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  const { folder, settings, unread } = projectSettings(io.cwd, positionals, values as Record<string, never>, io.stderr);
  const results = checkFolder(folder, settings, new FileOverlay(), io.now());
  const diagnostics = toCliDiagnostics(results);
  const notices = runNotices(results, folder, unread);
  const shown = shownPaths(io.cwd, folder);
  for (const line of internalErrorLines(notices.internalErrors, shown, debugEnabled())) io.stderr(line);
  if (format === 'json') io.stdout(formatJson(diagnostics, notices));
  else if (format === 'sarif') io.stdout(formatSarif(diagnostics, toolVersion(), notices));
  else io.stdout(formatText(diagnostics, projectCounts(results), shown, notices, { verbose: values.verbose === true, hints: values.hints === true }));
  return exitCode(diagnostics, maxWarnings, io.stderr, notices.internalErrors.length);
}
