/**
 * vercel.json `functions` keys, applied the way Vercel applies them. @vercel/build-utils
 * (lambda.ts, getLambdaOptionsFromFunction) walks the keys in order and takes the first with
 *
 *   sourceFile === pattern || minimatch(sourceFile, pattern)
 *
 * where sourceFile is the function's source path relative to the project root
 * (`app/api/cron/route.ts`, `src/pages/api/cron.ts`) and minimatch runs with default options.
 * Consequences worth knowing (checked against minimatch 3.1 and 10.2, which agree):
 * - `[id]` in a pattern is a character class, so `app/api/[id]/**` does not match
 *   `app/api/[id]/route.ts`; only the exact-path comparison saves a bracketed key that names
 *   one file. Escape brackets (`app/api/\\[id\\]/**` in JSON) to glob below them.
 * - `*` and `**` skip dot folders (`app/.well-known/…`).
 * - `app/api/**` and `app/api/**\/*` match the same files, including `app/api/route.ts`;
 *   `app/api/*` matches only files directly in `app/api/`.
 * - `./app/…` and `/app/…` never match.
 */
import { Minimatch } from 'minimatch';

/** Compiled patterns: diagnostics re-run on every keystroke against the same few keys. */
const compiled = new Map<string, Minimatch | undefined>();

function matcher(pattern: string): Minimatch | undefined {
  if (!compiled.has(pattern)) {
    if (compiled.size > 500) compiled.clear();
    let value: Minimatch | undefined;
    try {
      value = new Minimatch(pattern);
    } catch {
      value = undefined; // minimatch throws on absurdly long patterns; such a key matches nothing
    }
    compiled.set(pattern, value);
  }
  return compiled.get(pattern);
}

/** Whether `pattern` selects `file` as Vercel decides it (exact path, or minimatch). */
export function functionsPatternMatches(pattern: string, file: string): boolean {
  if (file === pattern) return true;
  try {
    return matcher(pattern)?.match(file) ?? false;
  } catch {
    return false;
  }
}

/** Whether any of `files` is selected by `pattern` (stops at the first). */
export function anyFileMatches(pattern: string, files: Iterable<string>): boolean {
  for (const file of files) if (functionsPatternMatches(pattern, file)) return true;
  return false;
}

/** The files among `files` (route, API or middleware source paths) that `pattern` selects. */
export function matchFunctionsPattern(pattern: string, files: Iterable<string>): string[] {
  const out: string[] = [];
  for (const file of files) if (functionsPatternMatches(pattern, file)) out.push(file);
  return out;
}

/** The key whose settings apply to `file`: the first match in key order, as on Vercel. */
export function firstMatchingPattern(file: string, patterns: Iterable<string>): string | undefined {
  for (const pattern of patterns) if (functionsPatternMatches(pattern, file)) return pattern;
  return undefined;
}

/**
 * Whether a key can match a function of a Next.js project at all. Vercel fails the deploy for
 * any other key: `The pattern "…" defined in \`functions\` doesn't match any Serverless
 * Functions.` (platform-facts §2). The prefixes are Vercel's, literally: `src/pages` has no
 * trailing slash there.
 */
export function isPlausibleFunctionsKey(pattern: string): boolean {
  return ['app/', 'src/app/', 'pages/', 'src/pages', 'middleware'].some((prefix) => pattern.startsWith(prefix));
}
