import { readSettings, type Settings } from '../core/facade/settings';
import type { FolderSettings } from '../cli/settingsFile';

/** The prefix of the extension's settings, as VS Code and the CLI's settings file name them. */
const SECTION = 'nextCronRoutes';

/**
 * `nextCronRoutes.*` out of whatever a client sends as settings: the section itself (the answer
 * to `workspace/configuration` for section `nextCronRoutes`), or an object holding it, nested
 * (`{ nextCronRoutes: { plan } }`) or flat (`{ "nextCronRoutes.plan": … }`), as
 * `workspace/didChangeConfiguration` carries it from Helix, Neovim or Zed. Anything else (null, a
 * string, an array) is no settings at all.
 */
export function sectionOf(value: unknown, nested: boolean): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  if (!nested) return withoutNulls(value);
  const raw: Record<string, unknown> = {};
  let found = false;
  for (const [key, each] of Object.entries(value)) {
    if (key === SECTION && isRecord(each)) {
      Object.assign(raw, withoutNulls(each));
      found = true;
    } else if (key.startsWith(`${SECTION}.`) && each !== null && each !== undefined) {
      raw[key.slice(SECTION.length + 1)] = each;
      found = true;
    }
  }
  return found ? raw : undefined;
}

/**
 * The settings of a folder, in the order: the client's (`workspace/configuration`, or
 * what `didChangeConfiguration` pushed) over the folder's `.vscode/settings.json` (read as the
 * CLI reads it) over the defaults. `rules` merge by code, as VS Code merges object settings
 * across scopes: a client that sets one rule does not switch off the file's others.
 */
export function layeredSettings(file: FolderSettings, client: Record<string, unknown> | undefined): { settings: Settings; warnings: string[] } {
  const fromFile: Record<string, unknown> = {};
  for (const key of file.explicit) fromFile[key] = file.settings[key as keyof Settings];
  const merged: Record<string, unknown> = { ...fromFile, ...(client ?? {}) };
  if (isRecord(fromFile.rules) && isRecord(client?.rules)) merged.rules = { ...fromFile.rules, ...client.rules };
  const { settings, warnings } = readSettings(merged);
  return { settings, warnings: [...file.warnings, ...warnings] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Clients answer unset keys with null (Neovim's vim.NIL): unset, not a wrong value. */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, each] of Object.entries(value)) if (each !== null && each !== undefined) out[key] = each;
  return out;
}
