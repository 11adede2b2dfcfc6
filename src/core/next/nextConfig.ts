/**
 * Reads the few next.config options that change URLs, statically: the file is never run and
 * never given to the TypeScript compiler, because this module runs in the activation bundle and
 * a config may have side effects. A small tokenizer plus a tiny evaluator for literals is
 * enough for the shapes people write; anything else is reported in `unreadable` and the
 * default applies.
 */
import { ConfigReader, TOP_KEYS } from './configReader';
import type { ObjValue, Value } from './configValues';
import { isPunct, type Token, tokenize } from './configTokens';
import { DEFAULT_PAGE_EXTENSIONS, type NextConfigInfo } from './types';

/**
 * The config files Next loads, in its lookup order (`CONFIG_FILES` in next/src/shared/lib/
 * constants.ts; `.mts` is the newest addition and needs a Node with type stripping).
 */
export const NEXT_CONFIG_FILES: readonly string[] = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.mts'];

/**
 * Names Next refuses when none of {@link NEXT_CONFIG_FILES} exists: "Configuring Next.js via
 * 'next.config.cjs' is not supported" (next/src/server/config.ts). Readable, but not loaded.
 */
export const UNSUPPORTED_NEXT_CONFIG_FILES: readonly string[] = ['next.config.cjs', 'next.config.cts', 'next.config.json'];

/** The options Next uses when the config says nothing. */
export function defaultNextConfig(file?: string): NextConfigInfo {
  return {
    file,
    basePath: '',
    trailingSlash: false,
    skipTrailingSlashRedirect: false,
    pageExtensions: [...DEFAULT_PAGE_EXTENSIONS],
    cacheComponents: false,
    unreadable: [],
  };
}

/**
 * Reads `basePath`, `trailingSlash`, `skipTrailingSlashRedirect`, `pageExtensions` and
 * `cacheComponents` (also `experimental.cacheComponents`) from next.config text. Finds the
 * exported object through `module.exports =`, `export default`, local constants, plugin
 * wrappers such as `withSentryConfig(nextConfig, …)` and `(phase) => ({…})`. Never throws.
 */
export function readNextConfig(text: string, file: string): NextConfigInfo {
  const info = defaultNextConfig(file);
  try {
    const tokens = tokenize(String(text));
    const reader = new ConfigReader(tokens);
    const config = reader.readExport();
    if (config?.k === 'obj') apply(info, config);
    else info.unreadable = keysMentioned(tokens);
  } catch {
    // A reader bug must not break the extension: keep the defaults.
  }
  return info;
}

// ───────────────────────────── applying values ─────────────────────────────

function apply(info: NextConfigInfo, config: ObjValue): void {
  const unreadable: string[] = [];
  const read = <T>(key: string, value: Value | undefined, convert: (v: Value) => T | undefined, name = key): T | undefined => {
    if (value === undefined) return undefined;
    const converted = convert(value);
    if (converted === undefined) unreadable.push(name);
    return converted;
  };
  const props = config.props;
  info.basePath = read('basePath', props.get('basePath'), asString) ?? info.basePath;
  info.trailingSlash = read('trailingSlash', props.get('trailingSlash'), asBool) ?? false;
  info.skipTrailingSlashRedirect = read('skipTrailingSlashRedirect', props.get('skipTrailingSlashRedirect'), asBool) ?? false;
  const extensions = read('pageExtensions', props.get('pageExtensions'), asStringArray);
  // Next rejects an empty list at startup; the default is the useful answer for the rules.
  if (extensions && extensions.length > 0) info.pageExtensions = extensions;
  const top = read('cacheComponents', props.get('cacheComponents'), asBool);
  let experimental: boolean | undefined;
  const exp = props.get('experimental');
  if (exp?.k === 'obj') experimental = read('cacheComponents', exp.props.get('cacheComponents'), asBool, 'experimental.cacheComponents');
  else if (exp !== undefined) unreadable.push('experimental');
  info.cacheComponents = top === true || experimental === true;
  info.unreadable = unreadable;
}

const asString = (v: Value): string | undefined => (v.k === 'str' ? v.v : undefined);
const asBool = (v: Value): boolean | undefined => (v.k === 'bool' ? v.v : undefined);
function asStringArray(v: Value): string[] | undefined {
  if (v.k !== 'arr') return undefined;
  const out: string[] = [];
  for (const item of v.items) {
    if (item.k !== 'str') return undefined;
    out.push(item.v);
  }
  return out;
}

/** When no config object is found, an option named as a property anywhere is at least present. */
function keysMentioned(tokens: Token[]): string[] {
  const found = new Set<string>();
  tokens.forEach((t, i) => {
    const name = t.type === 'ident' || t.type === 'str' ? t.value : undefined;
    if (name !== undefined && TOP_KEYS.includes(name) && isPunct(tokens[i + 1], ':')) found.add(name);
  });
  return [...found];
}
