/**
 * The facade's settings (issue #16): the `nextCronRoutes.*` settings as every front end reads
 * them, and the problem codes they name. The service takes settings from its host; this is how a
 * host makes them, from the editor's configuration, a client's or a settings.json.
 */
import type { ParseError } from 'jsonc-parser';
import { CODES, type CodeInfo, isKnownCode } from '../codes';
import { excessiveNestingOffset, parseJsonc, tooDeepMessage } from '../jsonc';
import { readSettings, type Settings } from '../settings';

// Validation of raw values (warnings name the setting and what it expects), and the plans.
export { isPlan, PLANS, readSettings, type Plan, type RuleSetting, type Settings } from '../settings';
export type { CodeInfo } from '../codes';

/** The registry's entry for a problem code (default severity, description); undefined for a code it does not know. */
export function describeCode(code: string): CodeInfo | undefined {
  return isKnownCode(code) ? CODES[code] : undefined;
}

/** The `nextCronRoutes.*` settings of one settings.json text. */
export interface SettingsFromJsonc {
  settings: Settings;
  /** The keys the text sets, so flags and defaults know what the user chose. */
  explicit: Set<string>;
  /** Why the text was read only in part (not valid JSON) or not at all (nested too deep), for a warning that names the file. */
  unreadable: string | undefined;
  /** The settings' own warnings (a value of the wrong kind). */
  warnings: string[];
}

const PREFIX = 'nextCronRoutes.';

/**
 * Reads `nextCronRoutes.*` out of a `.vscode/settings.json` text (JSONC, as VS Code writes it),
 * flat (`"nextCronRoutes.plan"`) or nested (`{ "nextCronRoutes": { "plan": … } }`), as VS Code does.
 */
export function settingsFromJsonc(text: string): SettingsFromJsonc {
  // jsonc-parser recurses: a file nested thousands deep would overflow the stack.
  const tooDeep = excessiveNestingOffset(text) >= 0;
  const errors: ParseError[] = [];
  const json: unknown = tooDeep ? undefined : parseJsonc(text, errors);
  const unreadable = tooDeep ? `${tooDeepMessage()}; using the defaults` : errors.length ? 'not valid JSON; using what could be read' : undefined;
  const raw: Record<string, unknown> = {};
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
      if (key.startsWith(PREFIX)) raw[key.slice(PREFIX.length)] = value;
      if (key === 'nextCronRoutes' && value && typeof value === 'object') Object.assign(raw, value);
    }
  }
  const { settings, warnings } = readSettings(raw);
  return { settings, explicit: new Set(Object.keys(raw)), unreadable, warnings };
}
