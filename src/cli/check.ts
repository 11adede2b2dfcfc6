import { UsageError } from './usage';
import type { CliIo } from './explain';
import { FORMATS, type Format, formatJson, formatSarif, formatText } from './formats';
import { exitCode, parseCommand, parseMaxWarnings, PROJECT_OPTIONS, projectSettings } from './options';
import { checkFolder, shownPaths, toCliDiagnostics, vercelJsonCount } from './project-check';
import { toolVersion } from './version';
import { FileOverlay } from './workspace';

/** `check [folder] [--plan …] [--fluid|--no-fluid] [--format text|json|sarif] [--max-warnings <n>]` */
export function runCheck(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommand(args, { ...PROJECT_OPTIONS, format: { type: 'string' } });
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  const { folder, settings } = projectSettings(io.cwd, positionals, values as Record<string, never>, io.stderr);
  const results = checkFolder(folder, settings, new FileOverlay(), io.now());
  const diagnostics = toCliDiagnostics(results);
  if (format === 'json') io.stdout(formatJson(diagnostics));
  else if (format === 'sarif') io.stdout(formatSarif(diagnostics, toolVersion()));
  else io.stdout(formatText(diagnostics, vercelJsonCount(results), shownPaths(io.cwd, folder)));
  return exitCode(diagnostics, maxWarnings, io.stderr);
}
