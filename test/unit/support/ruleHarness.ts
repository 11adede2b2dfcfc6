/**
 * The one harness of the rule tables, for every rule family. Each family is driven the way the
 * editor and the CLI drive it: vercel.json rules through checkVercelJson, cron route rules (the
 * wrapper hints among them) and env-file rules through checkCronRoutes, over an in-memory
 * ProjectModel. Findings are read as the text they flag (like typescript-eslint's RuleTester),
 * fixes are applied with jsonc-parser's applyEdits (they are plain text edits), and every table
 * case holds a rule's fixable predicate to building its fixes. Running what a fix wrote is
 * routeRunner.ts's.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import type { ProblemCode } from '../../../src/core/codes';
import { type Finding, type Fix, hasFixes } from '../../../src/core/diagnostics';
import type { ProjectFileFindings, RouteCheckOptions } from '../../../src/core/routes/check';
import { findHandler } from '../../../src/core/routes/handlers';
import { checkCronRoutes } from '../../../src/core/service/rules';
import type { Plan, RuleSetting } from '../../../src/core/settings';
import type { Severity } from '../../../src/core/types';
import { checkVercelJson } from '../../../src/core/vercel/check';
import { parseVercelConfig } from '../../../src/core/vercel/configFiles';
import { parseVercelJson } from '../../../src/core/vercel/model';
import { ProjectModel } from '../../../src/core/vercel/projectModel';
import { loadTypeScript } from '../../../src/node/loadTypeScript';
import { repoRoot } from './repo';

// ─── Shared by every family ──────────────────────────────────────────────────────────────────

/** A Saturday, 01:48 UTC: the instant the rest of the suite computes from. */
export const NOW = new Date('2026-11-28T01:48:00Z');

export type Files = Readonly<Record<string, string>>;

export function projectOf(files: Files): ProjectModel {
  return new ProjectModel(Object.keys(files), {
    readFile: (file) => (Object.prototype.hasOwnProperty.call(files, file) ? files[file] : undefined),
    loadTypeScript,
  });
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

/** The fix of a finding whose title matches. */
export function fixTitled(finding: Finding, title: RegExp): Fix {
  const fix = finding.fixes.find((f) => title.test(f.title));
  assert.ok(fix, `no fix titled ${title} among ${JSON.stringify(finding.fixes.map((f) => f.title))}`);
  return fix;
}

/** Every finding's fixable predicate (what `check` reports) must answer as building its fixes does. */
function assertFixablePredicates(file: string, findings: readonly Finding[]): void {
  for (const finding of findings) {
    const predicted = hasFixes(finding);
    assert.equal(predicted, finding.fixes.length > 0, `${file}: ${finding.code}'s fixable predicate says ${predicted}, its fixes say otherwise`);
  }
}

/** The files of a fixture project under test/fixtures, relative with "/". */
export function fixtureFiles(name: string): Record<string, string> {
  const root = path.join(repoRoot(), 'test', 'fixtures', name);
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return files;
}

// ─── vercel.json rules: a vercel.json text, and the app around it when a test gives files ─────

export interface RunOptions {
  plan?: Plan;
  now?: Date;
  /** Files of the Next.js app around vercel.json; omit for a text-only check (no project rules). */
  files?: Files;
  rules?: Record<string, RuleSetting>;
}

/** Every finding of every vercel.json rule on `text`. */
export function checkJson(text: string, options: RunOptions = {}): Finding[] {
  const findings = checkVercelJson(parseVercelJson(text), {
    plan: options.plan ?? 'unknown',
    now: options.now ?? NOW,
    project: options.files ? projectOf(options.files) : undefined,
    rules: options.rules ?? {},
  });
  assertFixablePredicates('vercel.json', findings);
  return findings;
}

/** Every finding of every vercel.json rule on a configuration file of any format (vercel.toml, vercel.ts…) named `name`. */
export function checkConfig(name: string, text: string, options: RunOptions = {}): Finding[] {
  const findings = checkVercelJson(parseVercelConfig(name, text, loadTypeScript), {
    plan: options.plan ?? 'unknown',
    now: options.now ?? NOW,
    project: options.files ? projectOf(options.files) : undefined,
    rules: options.rules ?? {},
  });
  assertFixablePredicates(name, findings);
  return findings;
}

/** The vercel.json findings of one code. */
export function jsonFindingsOf(code: ProblemCode, text: string, options: RunOptions = {}): Finding[] {
  return checkJson(text, options).filter((f) => f.code === code);
}

/** One crons entry as vercel.json, pretty-printed the way people write it. */
export function cronJson(schedule: unknown, pathValue: unknown = '/api/cron/job', extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ crons: [{ path: pathValue, schedule, ...extra }] }, null, 2) + '\n';
}

/** Applies a fix's vercel.json edits. */
export function applyJsonFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** Applies a vercel.json finding's fix to the whole project: vercel.json edits, other files' edits and created files. */
export function applyFixToProject(text: string, files: Files, fix: Fix): { text: string; files: Record<string, string> } {
  const next: Record<string, string> = { ...files };
  for (const { file, edits } of fix.fileEdits ?? []) {
    assert.ok(Object.prototype.hasOwnProperty.call(files, file), `fix edits ${file}, which does not exist`);
    next[file] = applyEdits(files[file]!, edits);
  }
  for (const { file, content } of fix.createFiles ?? []) {
    assert.ok(!Object.prototype.hasOwnProperty.call(files, file), `fix creates ${file}, which already exists`);
    next[file] = content;
  }
  return { text: applyJsonFix(text, fix), files: next };
}

/** The only vercel.json finding of `code`, failing with the whole list when there is not exactly one. */
export function singleInJson(code: ProblemCode, text: string, options: RunOptions = {}): Finding {
  const all = checkJson(text, options);
  const mine = all.filter((f) => f.code === code);
  assert.equal(mine.length, 1, `expected one ${code}, got ${JSON.stringify(summary(text, all))}`);
  return mine[0]!;
}

/**
 * Applies `fix` to vercel.json (and the project), then checks that the result has no finding of
 * `code` left, so a second round of the same code's fixes has nothing to do.
 */
export function assertJsonFixSettles(code: ProblemCode, text: string, fix: Fix, options: RunOptions = {}): string {
  const { text: fixed, files } = applyFixToProject(text, options.files ?? {}, fix);
  const after = checkJson(fixed, { ...options, files: options.files ? files : undefined });
  const left = after.filter((f) => f.code === code);
  assert.deepEqual(summary(fixed, left), [], `fixing ${code} left findings of it in ${fixed}`);
  return fixed;
}

// ─── Cron route rules (and the wrapper hints, and env files): an app's files ──────────────────

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
  for (const { file, findings } of results) assertFixablePredicates(file, findings);
  return results;
}

/** The findings of one checked file; fails when the file was not checked at all. */
export function findingsIn(files: Files, file: string = ROUTE, options: Partial<RouteCheckOptions> = {}): Finding[] {
  const results = runRoutes(files, options);
  const result = results.find((r) => r.file === file);
  assert.ok(result, `${file} was not checked; checked: ${JSON.stringify(results.map((r) => r.file))}`);
  return result.findings;
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

// ─── Flow tables: the wrapper hints' data-flow analyses (src/core/wrappers/flow/) ─────────────

export interface FlowCase<V extends string> {
  name: string;
  route: string;
  /** Other files of the app (helpers, instrumentation.ts, next.config.js); `package.json` may be replaced. */
  files?: Files;
  verdict: V;
  /** What the reason must say: the sink, the claim, or what could not be read. */
  why?: RegExp;
}

/** A route file's app for a flow table: one daily cron at /api/cron/job, the `@/*` alias, the given files. */
export function flowApp(route: string, files: Files = {}): Files {
  return { 'vercel.json': vercelJson(), 'package.json': packageJson('15.3.2'), 'tsconfig.json': TSCONFIG_ROOT_ALIAS, [ROUTE]: route, ...files };
}

type Analyse<V> = (project: ReturnType<typeof projectOf>, file: string, handler: NonNullable<ReturnType<typeof findHandler>>, options?: { prefilter?: boolean }) => { verdict: V; why: string };

/** One `it` per row: the analysis's verdict and reason (the same without its shortcut), then whether the rule reports (only on `fires`). */
export function flowTable<V extends string>(rows: readonly FlowCase<V>[], analyse: Analyse<V>, code: ProblemCode, fires: V): void {
  for (const row of rows) {
    it(`${row.verdict}: ${row.name}`, () => {
      const files = flowApp(row.route, row.files);
      const project = projectOf(files);
      const ts = project.ts();
      const handler = findHandler(ts, project.sourceFile(ROUTE)!, 'app');
      assert.ok(handler, 'the route has a GET handler');
      const facts = analyse(project, ROUTE, handler);
      assert.equal(facts.verdict, row.verdict, `why: ${facts.why}`);
      if (row.why) assert.match(facts.why, row.why);
      // The import-closure shortcut (prefilter.ts) answers as the walk does.
      const walked = analyse(project, ROUTE, handler, { prefilter: false });
      assert.deepEqual(walked, facts, 'the walk alone gives the same answer');
      const reported = findingsIn(files, ROUTE, { rules: { [code]: 'hint' } }).filter((f) => f.code === code);
      assert.equal(reported.length, row.verdict === fires ? 1 : 0, `${code} ${row.verdict === fires ? 'reported' : 'quiet'}`);
      for (const finding of reported) assert.equal(finding.severity, 'hint');
    });
  }
}

/** The cron secret check every table route starts with, so the auth rules stay out of the way. */
export const AUTH = `  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });\n`;
