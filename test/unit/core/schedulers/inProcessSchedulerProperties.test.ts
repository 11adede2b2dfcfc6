/**
 * in-process-scheduler-on-serverless on broken and random code: cuts, splices and syntax inserted
 * into the fixture app's scheduling files, and arbitrary text, never throw; every finding lies in
 * the text, and every fix offered builds, with edits inside the file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SCHEDULER_SOURCES } from '../../../../src/core/schedulers/registry';
import { checkSchedulerFile, mayHaveSchedulerFileFindings } from '../../../../src/core/schedulers/rules';
import { projectJobInput } from '../../../../src/core/service/codeJobs';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';
import { fixtureFiles, projectOf } from '../../support/ruleHarness';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261207;
const CODE = 'in-process-scheduler-on-serverless';
const APP = fixtureFiles('in-process-schedulers');
const FILES = ['instrumentation.ts', 'lib/feed.ts', 'app/dashboard/page.tsx', 'app/api/hits/route.ts', 'app/api/events/route.ts'];

function mutated(text: string): fc.Arbitrary<string> {
  const at = fc.integer({ min: 0, max: text.length });
  const syntax = fc.constantFrom('(', ')', '{', '}', "'", '"', '`', ',', ';', '\n', '=>', 'export ', 'async ', 'setInterval(', 'clearInterval', "'use client';\n", 'new Cron(', 'cron.schedule(', 'function ', '/*', '*/', '//', 'import ', ' as ', '\\');
  const edit = fc.oneof(
    fc.tuple(at, at).map(([a, b]) => (s: string) => s.slice(0, Math.min(a, b)) + s.slice(Math.max(a, b))),
    fc.tuple(at, syntax).map(([a, piece]) => (s: string) => s.slice(0, a) + piece + s.slice(a)),
    fc.tuple(at, at).map(([a, b]) => (s: string) => s.slice(0, Math.max(a, b)) + s.slice(Math.min(a, b))),
  );
  return fc.array(edit, { minLength: 1, maxLength: 5 }).map((edits) => edits.reduce((s, apply) => apply(s), text));
}

/** Checks `file` holding `text` in the fixture app; the findings' spans and fixes must make sense. */
function checkIn(file: string, text: string): void {
  const files = { ...APP, [file]: text };
  const project = projectOf(files);
  if (!mayHaveSchedulerFileFindings(file, text)) return;
  const input = projectJobInput(project, loadTypeScript);
  const jobs = SCHEDULER_SOURCES.filter((reader) => reader.mayDeclare(file, text)).flatMap((reader) => reader.read(file, text, input));
  for (const finding of checkSchedulerFile({ file, text, jobs, project, loadTypeScript, rules: {} })) {
    if (finding.code !== CODE) continue;
    assert.ok(finding.span.start >= 0 && finding.span.start < finding.span.end && finding.span.end <= text.length, 'the span lies in the text');
    for (const fix of finding.fixes) {
      for (const edit of fix.edits) assert.ok(edit.offset >= 0 && edit.offset + edit.length <= text.length, 'the edit lies in the file');
      for (const created of fix.createFiles ?? []) assert.ok(!(created.file in files), `${created.file} is created, not overwritten`);
    }
  }
}

describe(`${CODE} on damaged and random code`, () => {
  for (const file of FILES) {
    it(`${file}: cut, spliced and half-typed, it never throws`, () => {
      fc.assert(
        fc.property(mutated(APP[file]!), (text) => checkIn(file, text)),
        { seed: SEED, numRuns: 60 },
      );
    });
  }
  it('arbitrary text in a module a page imports never throws', () => {
    const pieces = fc.constantFrom('setInterval(() => {}, 1)', "import cron from 'node-cron';", "cron.schedule('0 * * * *', f)", 'export function f() {}', '{', '}', '(', ')', 'if (typeof window) ', "'use client'", '\n', ';');
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.array(pieces, { maxLength: 20 }).map((parts) => parts.join(' ')));
    fc.assert(
      fc.property(text, (body) => checkIn('lib/feed.ts', body)),
      { seed: SEED, numRuns: 150 },
    );
  });
});
