/**
 * Drives vercel.json rules the way the editor and the CLI do: through checkVercelJson, with an
 * in-memory ProjectModel when a test gives files. Helpers read findings as the text they flag
 * (like typescript-eslint's RuleTester) and apply fixes with jsonc-parser's applyEdits.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from 'jsonc-parser';
import type { ProblemCode } from '../../../../../src/core/codes';
import type { Plan, RuleSetting } from '../../../../../src/core/settings';
import type { Severity } from '../../../../../src/core/types';
import { checkVercelJson } from '../../../../../src/core/vercel/check';
import { parseVercelJson } from '../../../../../src/core/vercel/model';
import { ProjectModel } from '../../../../../src/core/vercel/projectModel';
import type { Finding, Fix } from '../../../../../src/core/diagnostics';
import { loadTypeScript } from '../../../../../src/node/loadTypeScript';
import { repoRoot } from '../../../support/repo';

/** A Saturday, 01:48 UTC: the instant the rest of the suite computes from. */
export const NOW = new Date('2026-11-28T01:48:00Z');

export type Files = Readonly<Record<string, string>>;

export interface RunOptions {
  plan?: Plan;
  now?: Date;
  /** Files of the Next.js app around vercel.json; omit for a text-only check (no project rules). */
  files?: Files;
  rules?: Record<string, RuleSetting>;
}

export function projectOf(files: Files): ProjectModel {
  return new ProjectModel(Object.keys(files), {
    readFile: (file) => (Object.prototype.hasOwnProperty.call(files, file) ? files[file] : undefined),
    loadTypeScript,
  });
}

export function check(text: string, options: RunOptions = {}): Finding[] {
  return checkVercelJson(parseVercelJson(text), {
    plan: options.plan ?? 'unknown',
    now: options.now ?? NOW,
    project: options.files ? projectOf(options.files) : undefined,
    rules: options.rules ?? {},
  });
}

/** The findings of one code. */
export function findingsOf(code: ProblemCode, text: string, options: RunOptions = {}): Finding[] {
  return check(text, options).filter((f) => f.code === code);
}

/** The text a finding flags. */
export function flagged(text: string, finding: Pick<Finding, 'span'>): string {
  return text.slice(finding.span.start, finding.span.end);
}

/** `[code, severity, flagged text]` of every finding, the compact form tables compare. */
export function summary(text: string, findings: readonly Finding[]): [string, Severity, string][] {
  return findings.map((f) => [f.code, f.severity, flagged(text, f)]);
}

/** One crons entry as vercel.json, pretty-printed the way people write it. */
export function cronJson(schedule: unknown, pathValue: unknown = '/api/cron/job', extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ crons: [{ path: pathValue, schedule, ...extra }] }, null, 2) + '\n';
}

/** Applies a fix's vercel.json edits. */
export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** Applies a fix to the whole project: vercel.json edits, other files' edits and created files. */
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
  return { text: applyFix(text, fix), files: next };
}

/** The only finding of `code`, failing with the whole list when there is not exactly one. */
export function single(code: ProblemCode, text: string, options: RunOptions = {}): Finding {
  const all = check(text, options);
  const mine = all.filter((f) => f.code === code);
  assert.equal(mine.length, 1, `expected one ${code}, got ${JSON.stringify(summary(text, all))}`);
  return mine[0]!;
}

/** The fix of a finding whose title matches. */
export function fixTitled(finding: Finding, title: RegExp): Fix {
  const fix = finding.fixes.find((f) => title.test(f.title));
  assert.ok(fix, `no fix titled ${title} among ${JSON.stringify(finding.fixes.map((f) => f.title))}`);
  return fix;
}

/**
 * Applies `fix`, then checks that the result has no finding of `code` left and that a second
 * round of the same code's fixes (there should be none) changes nothing.
 */
export function assertFixSettles(code: ProblemCode, text: string, fix: Fix, options: RunOptions = {}): string {
  const { text: fixed, files } = applyFixToProject(text, options.files ?? {}, fix);
  const after = check(fixed, { ...options, files: options.files ? files : undefined });
  const left = after.filter((f) => f.code === code);
  assert.deepEqual(summary(fixed, left), [], `fixing ${code} left findings of it in ${fixed}`);
  return fixed;
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
