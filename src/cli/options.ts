import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isPlan, PLANS, type Settings } from '../core/facade/settings';
import { printable } from './printable';
import { readFolderSettings } from './settingsFile';
import { EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, UsageError } from './usage';
import { isReadableFolder } from './project-check';

/** Parses flags, turning node's errors into usage errors (exit 2). */
export function parseCommand<const T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true as const, strict: true as const });
  } catch (error) {
    // Node's message quotes the argument; a line break in it is escaped where the line is printed.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export const PROJECT_OPTIONS = {
  plan: { type: 'string' },
  fluid: { type: 'boolean' },
  'no-fluid': { type: 'boolean' },
  'max-warnings': { type: 'string' },
  verbose: { type: 'boolean' },
  hints: { type: 'boolean' },
} as const;

/** `--max-warnings <n>`, as ESLint's: undefined when absent, else a whole number from 0 (anything else is a usage error). */
export function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings must be a whole number from 0, got ${JSON.stringify(value)}`);
  return Number(value);
}

/**
 * How `check` exits, and `fix` on what remains: 3 when a file's check failed internally (its
 * stderr line says which), else 1 with an error, or with more warnings than `--max-warnings`
 * allows (said on stderr when no error explains the exit, as ESLint does). Infos and hints never
 * count; files not analysed do not change the exit.
 */
export function exitCode(diagnostics: readonly { severity: string }[], maxWarnings: number | undefined, stderr: (text: string) => void, internalErrors = 0): number {
  if (internalErrors > 0) return EXIT_INTERNAL;
  if (diagnostics.some((d) => d.severity === 'error')) return EXIT_PROBLEMS;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (maxWarnings === undefined || warnings <= maxWarnings) return EXIT_OK;
  stderr(`next-cron-routes: too many warnings: ${warnings} (--max-warnings ${maxWarnings})`);
  return EXIT_PROBLEMS;
}

/**
 * The folder argument and the settings that apply to it: the folder's settings file, then flags.
 * `unread` is the settings file when it exists and could not be read (the defaults apply).
 */
export function projectSettings(
  cwd: string,
  positionals: string[],
  values: { plan?: string; fluid?: boolean; 'no-fluid'?: boolean },
  stderr: (t: string) => void,
): { folder: string; settings: Settings; unread: { file: string; reason: string } | undefined } {
  if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}`);
  const folder = path.resolve(cwd, positionals[0] ?? '.');
  if (!isReadableFolder(folder)) throw new UsageError(`cannot read folder ${JSON.stringify(folder)}`);
  const { settings, warnings, unread } = readFolderSettings(folder);
  for (const warning of warnings) stderr(printable(`warning: ${warning}`));
  if (values.plan !== undefined) {
    if (!isPlan(values.plan)) throw new UsageError(`--plan must be one of ${PLANS.join(', ')}`);
    settings.plan = values.plan;
  }
  if (values.fluid && values['no-fluid']) throw new UsageError('--fluid and --no-fluid exclude each other');
  if (values.fluid) settings.fluidCompute = 'on';
  if (values['no-fluid']) settings.fluidCompute = 'off';
  return { folder, settings, unread };
}
