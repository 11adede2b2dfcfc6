import * as path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { excessiveNestingOffset, tooDeepMessage } from '../core/jsonc';
import { readSettings, type Settings } from '../core/settings';
import { readProjectFile } from './workspace';

export interface FolderSettings {
  settings: Settings;
  /** The keys present in the file, so flags and defaults know what the user chose. */
  explicit: Set<string>;
  warnings: string[];
  /** The settings file when it exists and was not read (a FIFO, a folder, too large), with why. */
  unread?: { file: string; reason: string };
}

const PREFIX = 'nextCronRoutes.';

/**
 * Reads `nextCronRoutes.*` from `<folder>/.vscode/settings.json` (JSONC, as VS Code writes it)
 * so that the editor and CI agree. A missing file means defaults; a broken one is a warning.
 */
export function readFolderSettings(folder: string): FolderSettings {
  const file = path.join(folder, '.vscode', 'settings.json');
  const read = readProjectFile(file);
  if ('missing' in read) return { ...readSettings({}), explicit: new Set() };
  if ('skipped' in read) return { ...readSettings({}), explicit: new Set(), warnings: [`${file}: not read: ${read.skipped}; using the defaults`], unread: { file, reason: read.skipped } };
  const text = read.text;
  const errors: ParseError[] = [];
  // jsonc-parser recurses: a file nested thousands deep would overflow the stack.
  const tooDeep = excessiveNestingOffset(text) >= 0;
  const json: unknown = tooDeep ? undefined : parse(text, errors, { allowTrailingComma: true });
  const warnings = tooDeep ? [`${file}: ${tooDeepMessage()}; using the defaults`] : errors.length ? [`${file}: not valid JSON; using what could be read`] : [];
  const raw: Record<string, unknown> = {};
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
      if (key.startsWith(PREFIX)) raw[key.slice(PREFIX.length)] = value;
      // VS Code also accepts the nested form { "nextCronRoutes": { "plan": … } }.
      if (key === 'nextCronRoutes' && value && typeof value === 'object') Object.assign(raw, value);
    }
  }
  const { settings, warnings: settingWarnings } = readSettings(raw);
  return { settings, explicit: new Set(Object.keys(raw)), warnings: [...warnings, ...settingWarnings] };
}
