/**
 * Drives the cron route rules the way the editor and the CLI do: checkCronRoutes over an
 * in-memory ProjectModel. Findings are read as the text they flag (like typescript-eslint's
 * RuleTester), fixes are applied with jsonc-parser's applyEdits (they are plain text edits).
 */
import assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import type { ProblemCode } from '../../../../src/core/codes';
import { checkCronRoutes } from '../../../../src/core/service/rules';
import { type ProjectFileFindings, type RouteCheckOptions } from '../../../../src/core/routes/check';
import type { Severity } from '../../../../src/core/types';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { type Finding, type Fix, hasFixes } from '../../../../src/core/diagnostics';
import { projectOf } from '../vercel/rules/harness';

export type Files = Readonly<Record<string, string>>;

/** The route most tests put their handler in, and the cron path vercel.json sends to it. */
export const ROUTE = 'app/api/cron/job/route.ts';
export const CRON_PATH = '/api/cron/job';

export const TSCONFIG_ROOT_ALIAS = JSON.stringify({ compilerOptions: { strict: true, paths: { '@/*': ['./*'] } } }, null, 2) + '\n';
export const TSCONFIG_SRC_ALIAS = JSON.stringify({ compilerOptions: { strict: true, paths: { '@/*': ['./src/*'] } } }, null, 2) + '\n';

/** vercel.json with one daily cron per path. */
export function vercelJson(...paths: string[]): string {
  return JSON.stringify({ crons: (paths.length ? paths : [CRON_PATH]).map((path) => ({ path, schedule: '0 5 * * *' })) }, null, 2) + '\n';
}

export function packageJson(next: string): string {
  return JSON.stringify({ name: 'app', private: true, dependencies: { next, react: '19.0.0', 'react-dom': '19.0.0' } }, null, 2) + '\n';
}

/**
 * A Next.js app: vercel.json scheduling /api/cron/job, package.json with `next`, a tsconfig with
 * the `@/*` → `./*` alias, then the given files (which may replace any of those).
 */
export function app(files: Files, next = '15.3.2'): Files {
  return { 'vercel.json': vercelJson(), 'package.json': packageJson(next), 'tsconfig.json': TSCONFIG_ROOT_ALIAS, ...files };
}

/** The app with `route` as app/api/cron/job/route.ts. */
export function routeApp(route: string, extra: Files = {}, next?: string): Files {
  return app({ [ROUTE]: route, ...extra }, next);
}

export const DEFAULTS: RouteCheckOptions = {
  plan: 'unknown',
  fluidCompute: 'auto',
  // The wrapper hints fire on nearly every handler; their own tables (test/unit/wrappers) turn them on.
  rules: { 'no-monitoring': 'off', 'no-idempotency-guard': 'off' },
  cronRouteGlob: '**/api/cron/**',
  readSecrets: true,
};

export function runRoutes(files: Files, options: Partial<RouteCheckOptions> = {}): ProjectFileFindings[] {
  const project = projectOf(files);
  const results = checkCronRoutes(parseVercelJson(files['vercel.json'] ?? '{}'), project, { ...DEFAULTS, ...options, rules: { ...DEFAULTS.rules, ...options.rules } });
  // `check` reports fixability from the rules' predicates; every case of every table holds them to building the fixes.
  for (const { file, findings } of results) {
    for (const finding of findings) {
      const predicted = hasFixes(finding);
      assert.equal(predicted, finding.fixes.length > 0, `${file}: ${finding.code}'s fixable predicate says ${predicted}, its fixes say otherwise`);
    }
  }
  return results;
}

/** The findings of one checked file; fails when the file was not checked at all. */
export function findingsIn(files: Files, file: string = ROUTE, options: Partial<RouteCheckOptions> = {}): Finding[] {
  const results = runRoutes(files, options);
  const result = results.find((r) => r.file === file);
  assert.ok(result, `${file} was not checked; checked: ${JSON.stringify(results.map((r) => r.file))}`);
  return result.findings;
}

/** The text a finding flags. */
export function flagged(text: string, finding: Pick<Finding, 'span'>): string {
  return text.slice(finding.span.start, finding.span.end);
}

export type Row = [code: string, severity: Severity, text: string];

/** `[code, severity, flagged text]` of each finding, the compact form the tables compare. */
export function summary(text: string, findings: readonly Finding[]): Row[] {
  return findings.map((f) => [f.code, f.severity, flagged(text, f)]);
}

/** summary() of one file's findings. */
export function rowsIn(files: Files, file: string = ROUTE, options: Partial<RouteCheckOptions> = {}): Row[] {
  return summary(files[file]!, findingsIn(files, file, options));
}

/** The rows of the given codes only. */
export function rowsOf(codes: readonly ProblemCode[], files: Files, file: string = ROUTE, options: Partial<RouteCheckOptions> = {}): Row[] {
  return rowsIn(files, file, options).filter(([code]) => (codes as readonly string[]).includes(code));
}

/** The only finding of `code` in the file, failing with the whole list otherwise. */
export function single(code: ProblemCode, files: Files, file: string = ROUTE, options: Partial<RouteCheckOptions> = {}): Finding {
  const all = findingsIn(files, file, options);
  const mine = all.filter((f) => f.code === code);
  assert.equal(mine.length, 1, `expected one ${code} in ${file}, got ${JSON.stringify(summary(files[file]!, all))}`);
  return mine[0]!;
}

/** The fix of a finding whose title matches. */
export function fixTitled(finding: Finding, title: RegExp): Fix {
  const fix = finding.fixes.find((f) => title.test(f.title));
  assert.ok(fix, `no fix titled ${title} among ${JSON.stringify(finding.fixes.map((f) => f.title))}`);
  return fix;
}

/** Applies a route finding's fix: its edits are to the file the finding is in. */
export function applyFix(text: string, fix: Fix): string {
  assert.equal(fix.fileEdits, undefined, 'route fixes edit the route file itself');
  assert.equal(fix.createFiles, undefined, 'route fixes create no files');
  return applyEdits(text, fix.edits);
}

/**
 * Applies `fix` to `file`, then checks that the fixed project has no finding of `code` left
 * in that file, so the fix cannot be offered (or applied by `fix --all`) a second time.
 * Returns the fixed text.
 */
export function assertFixSettles(
  code: ProblemCode,
  files: Files,
  fix: Fix,
  file: string = ROUTE,
  options: Partial<RouteCheckOptions> = {},
): string {
  const fixed = applyFix(files[file]!, fix);
  assert.notEqual(fixed, files[file], 'the fix changes the file');
  const after = findingsIn({ ...files, [file]: fixed }, file, options);
  assert.deepEqual(
    summary(
      fixed,
      after.filter((f) => f.code === code),
    ),
    [],
    `fixing ${code} left findings of it in:\n${fixed}`,
  );
  return fixed;
}

/** Applies the only `code` finding's fix titled `title`, asserting it settles; returns the fixed text. */
export function fixOnce(
  code: ProblemCode,
  files: Files,
  title: RegExp,
  file: string = ROUTE,
  options: Partial<RouteCheckOptions> = {},
): string {
  return assertFixSettles(code, files, fixTitled(single(code, files, file, options), title), file, options);
}

/** The constant-time helper the Node fixes append, in the canonical style. */
export const NODE_HELPER = [
  'function isSameSecret(actual: string | null | undefined, expected: string | null | undefined): boolean {',
  "  if (typeof actual !== 'string' || typeof expected !== 'string') return false;",
  '  const left = Buffer.from(actual);',
  '  const right = Buffer.from(expected);',
  '  return left.length === right.length && timingSafeEqual(left, right);',
  '}',
].join('\n');

/** The Web Crypto helper the edge fixes append, in the canonical style. */
export const EDGE_HELPER = [
  'async function isSameSecret(actual: string | null | undefined, expected: string | null | undefined): Promise<boolean> {',
  "  if (typeof actual !== 'string' || typeof expected !== 'string') return false;",
  '  const encoder = new TextEncoder();',
  "  const [left, right] = await Promise.all([crypto.subtle.digest('SHA-256', encoder.encode(actual)), crypto.subtle.digest('SHA-256', encoder.encode(expected))]);",
  '  const a = new Uint8Array(left);',
  '  const b = new Uint8Array(right);',
  '  let difference = 0;',
  '  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;',
  '  return difference === 0;',
  '}',
].join('\n');

/** Rewrites canonical single-quoted, semicolon source the way a double-quote, no-semicolon project writes it. */
export function doubleQuotesNoSemis(source: string): string {
  return source.replace(/'([^'\n]*)'/g, '"$1"').replace(/;$/gm, '');
}
