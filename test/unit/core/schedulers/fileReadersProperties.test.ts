/**
 * The readers of workflow files and Netlify's declarations on broken text: every cut, splice
 * and repetition of the fixture files is read without throwing, and every job they still declare
 * points inside the text, at a literal that reads as its expression.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { githubActionsReader } from '../../../../src/core/schedulers/githubActions';
import type { ScheduledJob } from '../../../../src/core/schedulers/model';
import { netlifyReader } from '../../../../src/core/schedulers/netlify';
import type { JobSourceReader, SourceContext } from '../../../../src/core/schedulers/source';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';
import { repoRoot } from '../../support/repo';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;
const FIXTURE = path.join(repoRoot(), 'test', 'fixtures', 'schedulers-files');

const FILES: [file: string, reader: JobSourceReader][] = [
  ['.github/workflows/nightly.yml', githubActionsReader],
  ['.github/workflows/health.yml', githubActionsReader],
  ['netlify.toml', netlifyReader],
  ['netlify/functions/hourly-ping.ts', netlifyReader],
  ['netlify/functions/legacy-cleanup.js', netlifyReader],
];

const context: SourceContext = {
  readFile: (file) => {
    const full = path.join(FIXTURE, file);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
  },
  loadTypeScript,
};

/** Text edits a half-typed or damaged file shows: a cut, an insertion of syntax, a repeated slice. */
function mutated(text: string): fc.Arbitrary<string> {
  const at = fc.integer({ min: 0, max: text.length });
  const syntax = fc.constantFrom('"', "'", ':', '- ', '[', '{', '}', '\n', '  ', '*', '&a ', '*a', '#', '=', '"""', '`', '(', ')', '\\', '\t', 'on:', 'cron:', 'schedule');
  const edit = fc.oneof(
    fc.tuple(at, at).map(([a, b]) => (s: string) => s.slice(0, Math.min(a, b)) + s.slice(Math.max(a, b))),
    fc.tuple(at, syntax).map(([a, piece]) => (s: string) => s.slice(0, a) + piece + s.slice(a)),
    fc.tuple(at, at).map(([a, b]) => (s: string) => s.slice(0, Math.max(a, b)) + s.slice(Math.min(a, b))),
  );
  return fc.array(edit, { minLength: 1, maxLength: 5 }).map((edits) => edits.reduce((s, apply) => apply(s), text));
}

/** The literal a job's span covers reads as its expression: as written, inside its quotes, or (an escape) at least a string literal. */
function pointsAtItsLiteral(text: string, job: ScheduledJob): boolean {
  const { start, end } = job.expressionSpan;
  if (!(start >= 0 && start <= end && end <= text.length)) return false;
  const written = text.slice(start, end);
  return written === job.expression || written.slice(1, -1) === job.expression || /^["'>|]/.test(written) || written.includes(job.expression.trim());
}

describe('workflow and Netlify readers on damaged text', () => {
  for (const [file, reader] of FILES) {
    const original = fs.readFileSync(path.join(FIXTURE, file), 'utf8');

    it(`${file}: the fixture itself declares jobs (so the mutations start from something)`, () => {
      assert.ok(reader.read(file, original, context).length > 0);
    });

    it(`${file}: never throws, and every job points inside the text at its literal`, () => {
      fc.assert(
        fc.property(mutated(original), (text) => {
          const jobs = reader.read(file, text, context);
          for (const job of jobs) {
            assert.ok(pointsAtItsLiteral(text, job), `${JSON.stringify(job.expression)} at ${JSON.stringify(text.slice(job.expressionSpan.start, job.expressionSpan.end))}`);
            // (A Netlify helper's argument may be a const written above the call that declares the job.)
            if (reader === githubActionsReader) assert.ok(job.declared.span.start <= job.expressionSpan.start && job.expressionSpan.end <= job.declared.span.end, 'the expression lies inside its entry');
          }
        }),
        { seed: SEED, numRuns: 150 },
      );
    });
  }
});
