/**
 * Runs the scheduler-file rules over one file of an in-memory Next.js app, as the service does:
 * the file's jobs read and resolved first (service/codeJobs.ts), then the rules the prefilter lets
 * through. Fixes are applied to every file they touch.
 */
import assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import { type Finding, type Fix, hasFixes } from '../../../../../src/core/diagnostics';
import { checkSchedulerFile, mayHaveSchedulerFileFindings } from '../../../../../src/core/schedulers/rules';
import { JobFiles, projectJobInput } from '../../../../../src/core/service/codeJobs';
import type { RuleSetting } from '../../../../../src/core/settings';
import { loadTypeScript } from '../../../../../src/node/loadTypeScript';
import { type Files, projectOf } from '../../../support/ruleHarness';

export const NEXT_APP: Files = { 'package.json': '{ "dependencies": { "next": "16.0.0", "@upstash/qstash": "2.12.0" } }\n' };

/** Every scheduler-file finding of `file`, each one's fixable predicate held to its fixes. */
export function checkFile(files: Files, file: string, rules: Record<string, RuleSetting> = {}): Finding[] {
  const all = { ...NEXT_APP, ...files };
  const project = projectOf(all);
  const text = all[file]!;
  const jobs = new JobFiles().jobsOf(file, file, projectJobInput(project, loadTypeScript))?.jobs ?? [];
  if (!mayHaveSchedulerFileFindings(file, text)) return [];
  const findings = checkSchedulerFile({ file, text, jobs, project, loadTypeScript, rules });
  for (const finding of findings) assert.equal(hasFixes(finding), finding.fixes.length > 0);
  return findings;
}

/** `[code, severity, flagged text]` of the findings of one code. */
export function rowsOf(files: Files, file: string, code: string): [string, string, string][] {
  const text = files[file]!;
  return checkFile(files, file)
    .filter((f) => f.code === code)
    .map((f) => [f.code, f.severity, text.slice(f.span.start, f.span.end)]);
}

/** The project after a fix of a finding in `file`: its own edits and other files'. */
export function applyFix(files: Files, file: string, fix: Fix): Record<string, string> {
  const next: Record<string, string> = { ...files };
  if (fix.edits.length) next[file] = applyEdits(files[file]!, fix.edits);
  for (const { file: other, edits } of fix.fileEdits ?? []) {
    assert.ok(Object.prototype.hasOwnProperty.call(files, other), `fix edits ${other}, which does not exist`);
    next[other] = applyEdits(files[other]!, edits);
  }
  return next;
}
