import * as path from 'node:path';
import { readSettings, type Settings, settingsFromJsonc } from '../core/facade/settings';
import { readProjectFile } from './workspace';

export interface FolderSettings {
  settings: Settings;
  /** The keys present in the file, so flags and defaults know what the user chose. */
  explicit: Set<string>;
  warnings: string[];
  /** The settings file when it exists and was not read (a FIFO, a folder, too large), with why. */
  unread?: { file: string; reason: string };
}

/**
 * Reads `nextCronRoutes.*` from `<folder>/.vscode/settings.json` (JSONC, as VS Code writes it)
 * so that the editor and CI agree. A missing file means defaults; a broken one is a warning.
 */
export function readFolderSettings(folder: string): FolderSettings {
  const file = path.join(folder, '.vscode', 'settings.json');
  const read = readProjectFile(file);
  if ('missing' in read) return { ...readSettings({}), explicit: new Set() };
  if ('skipped' in read) return { ...readSettings({}), explicit: new Set(), warnings: [`${file}: not read: ${read.skipped}; using the defaults`], unread: { file, reason: read.skipped } };
  const { settings, explicit, unreadable, warnings } = settingsFromJsonc(read.text);
  return { settings, explicit, warnings: [...(unreadable ? [`${file}: ${unreadable}`] : []), ...warnings] };
}
