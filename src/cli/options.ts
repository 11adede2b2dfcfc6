import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isPlan, PLANS, type Settings } from '../core/settings';
import { readFolderSettings } from './settingsFile';
import { UsageError } from './usage';
import { isReadableFolder } from './project-check';

/** Parses flags, turning node's errors into usage errors (exit 2). */
export function parseCommand<const T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true as const, strict: true as const });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

export const PROJECT_OPTIONS = {
  plan: { type: 'string' },
  fluid: { type: 'boolean' },
  'no-fluid': { type: 'boolean' },
} as const;

/** The folder argument and the settings that apply to it: the folder's settings file, then flags. */
export function projectSettings(cwd: string, positionals: string[], values: { plan?: string; fluid?: boolean; 'no-fluid'?: boolean }, stderr: (t: string) => void): { folder: string; settings: Settings } {
  if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}`);
  const folder = path.resolve(cwd, positionals[0] ?? '.');
  if (!isReadableFolder(folder)) throw new UsageError(`cannot read folder ${folder}`);
  const { settings, warnings } = readFolderSettings(folder);
  for (const warning of warnings) stderr(`warning: ${warning}`);
  if (values.plan !== undefined) {
    if (!isPlan(values.plan)) throw new UsageError(`--plan must be one of ${PLANS.join(', ')}`);
    settings.plan = values.plan;
  }
  if (values.fluid && values['no-fluid']) throw new UsageError('--fluid and --no-fluid exclude each other');
  if (values.fluid) settings.fluidCompute = 'on';
  if (values['no-fluid']) settings.fluidCompute = 'off';
  return { folder, settings };
}
