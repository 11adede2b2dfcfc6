/**
 * Property tests for the vercel.json language service: whatever is typed, checking never
 * throws, every span lies inside the document, every fix's edits lie inside the file they
 * edit, and applying a safe fix never throws. Seeded (FC_SEED, default 20261128) so a failure
 * reproduces; FC_NUM_RUNS goes deeper.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyEdits, parse } from 'jsonc-parser';
import { explainCron } from '../../../../src/core/cron/engine';
import { PLANS } from '../../../../src/core/settings';
import type { Span, TextEdit } from '../../../../src/core/types';
import { checkVercelJson } from '../../../../src/core/vercel/check';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import type { ProjectView } from '../../../../src/core/vercel/project';
import type { Finding } from '../../../../src/core/diagnostics';
import { meaningPreservingRewrite } from '../../../../src/core/vercel/scheduleRewrite';
import { fixtureFiles, NOW, projectOf } from '../../support/ruleHarness';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;
const NUM_RUNS = process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : 300;
const params = { seed: SEED, numRuns: NUM_RUNS };

/** Projects with the config shapes that change what the project rules do. */
const FIXTURES = ['app-router', 'base-path', 'trailing-slash-true', 'page-extensions', 'dynamic'];
const PROJECT_FILES = FIXTURES.map((name) => fixtureFiles(name));
const SEED_DOCUMENTS = PROJECT_FILES.map((files) => files['vercel.json']!).concat([
  '{\n  // jobs\n  "crons": [\n    { "path": "api/x/", "schedule": "@daily", "timezone": "Europe/Berlin", },\n  ],\n}\n',
  '{ "crons": [ { "path": "/api/a", "schedule": "0 0 1 * 7" }, { "path": "/api/a", "schedule": "0 0 1 * 7" } ], "functions": { "app/api/**": {} } }',
  '{ "schedules": { "n": { "schedule": "0 9 * * MON", "timezone": "Asia/Tokyo", "path": "/x" } }, "fluid": true }',
]);

/**
 * Known defect, pinned as TODO tests in rules/json-syntax.test.ts and model.test.ts: jsonc-parser
 * reports errors at the end of the text, and a "/*" that is the last thing in it, one character
 * past the end, and the model passes that on to spans, nodes and the edits built from them.
 */
function knownEofOverrun(text: string, end: number, finding: Finding): boolean {
  if (end !== text.length + 1) return false;
  return text.endsWith('/*') || (finding.code === 'invalid-json' && finding.span.start === text.length);
}

function assertSpanInside(span: Span, length: number, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: integer offsets ${JSON.stringify(span)}`);
  assert.ok(0 <= span.start && span.start <= span.end && span.end <= length, `${what}: ${JSON.stringify(span)} not inside [0, ${length}]`);
}

function assertEditsInside(edits: readonly TextEdit[], length: number, what: string): void {
  for (const edit of edits) {
    assert.ok(
      edit.length >= 0 && edit.offset >= 0 && edit.offset + edit.length <= length,
      `${what}: edit ${JSON.stringify(edit)} outside [0, ${length}]`,
    );
  }
}

/** The whole contract for one text, with and without a project. */
function checkContract(
  text: string,
  project: { files: Record<string, string>; view: ProjectView } | undefined,
  plan: (typeof PLANS)[number],
): void {
  let findings: Finding[];
  try {
    findings = checkVercelJson(parseVercelJson(text), { plan, now: NOW, project: project?.view, rules: {} });
  } catch (error) {
    assert.fail(`checkVercelJson threw ${String(error)} for ${JSON.stringify(text)}`);
  }
  for (const finding of findings) {
    const what = `${finding.code} in ${JSON.stringify(text)}`;
    if (!knownEofOverrun(text, finding.span.end, finding)) assertSpanInside(finding.span, text.length, what);
    assert.ok(finding.message.length > 0, `${what}: a message`);
    for (const fix of finding.fixes) {
      if (fix.edits.some((e) => knownEofOverrun(text, e.offset + e.length, finding))) continue;
      assertEditsInside(fix.edits, text.length, `${what} / ${fix.title}`);
      for (const fileEdit of fix.fileEdits ?? []) {
        const target = project?.files[fileEdit.file];
        assert.ok(target !== undefined, `${what} / ${fix.title}: edits ${fileEdit.file}, which is not a file of the project`);
        assertEditsInside(fileEdit.edits, target.length, `${what} / ${fix.title} / ${fileEdit.file}`);
      }
      if (fix.safe) {
        assert.equal(fix.createFiles, undefined, `${what}: a safe fix creates no file`);
        try {
          applyEdits(text, fix.edits);
        } catch (error) {
          assert.fail(`${what}: applying the safe fix "${fix.title}" threw ${String(error)}`);
        }
      }
    }
  }
}

const projects = PROJECT_FILES.map((files) => ({ files, view: projectOf(files) }));

/** JSON-ish pieces: what an editor session inserts, in the places it inserts them. */
const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '\\u00',
  '\\u0030',
  '//',
  '/*',
  '*/',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '"crons"',
  '"path"',
  '"schedule"',
  '"timezone"',
  '"functions"',
  '"schedules"',
  '"fluid"',
  'true',
  'null',
  '0',
  '-1',
  '1e999',
  '"0 3 * * *"',
  '"@daily"',
  '"0 0 * * MON"',
  '"0 0 * * 5-7"',
  '"0 0 0 * * *"',
  '"*/5 * * * *"',
  '"0 0 1 * 1"',
  '"/api/cron/digest/"',
  '"api/x"',
  '""',
  'MON',
  '7',
  '@',
  '*',
  '/',
  '?',
  '#',
  '😀',
  '\u2028',
  '\uFEFF',
];

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    piece: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.piece + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate':
      return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    case 'truncate':
      return text.slice(0, at);
  }
}

const jsonish = fc
  .tuple(fc.constantFrom(...SEED_DOCUMENTS), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([seed, mutations]) => mutations.reduce(mutate, seed));

describe('vercel.json language service properties', () => {
  it('any string: never throws, spans and edits inside, safe fixes apply (no project)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom(...PLANS), (text, plan) =>
        checkContract(text, undefined, plan),
      ),
      params,
    );
  });

  it('any string: the same with a project', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.nat(projects.length - 1), fc.constantFrom(...PLANS), (text, i, plan) =>
        checkContract(text, projects[i], plan),
      ),
      params,
    );
  });

  it('jsonish mutations of real documents: the same, with and without a project', () => {
    fc.assert(
      fc.property(jsonish, fc.nat(projects.length - 1), fc.constantFrom(...PLANS), (text, i, plan) => {
        checkContract(text, undefined, plan);
        checkContract(text, projects[i], plan);
      }),
      params,
    );
  });

  it('removing comments and trailing commas from otherwise valid JSONC gives strict JSON with the same value', () => {
    fc.assert(
      fc.property(jsonish, (text) => {
        const doc = parseVercelJson(text);
        if (doc.strict.errors.length > 0) return;
        const finding = checkVercelJson(doc, { plan: 'unknown', now: NOW, project: undefined, rules: {} }).find(
          (f) => f.code === 'invalid-json',
        );
        if (!finding) {
          assert.doesNotThrow(() => JSON.parse(text), `no invalid-json finding, so ${JSON.stringify(text)} should be strict JSON`);
          return;
        }
        const fixed = applyEdits(text, finding.fixes[0]!.edits);
        let strict: unknown;
        assert.doesNotThrow(() => (strict = JSON.parse(fixed)), `${JSON.stringify(text)} → ${JSON.stringify(fixed)} is not strict JSON`);
        assert.deepEqual(strict, parse(text, [], { allowTrailingComma: true }));
      }),
      params,
    );
  });
});

describe('schedule rewrites keep the meaning', () => {
  const field = (values: string[]) => fc.constantFrom(...values);
  const expression = fc.oneof(
    fc
      .tuple(
        field(['0', '5', '30', '*/15', '0,30']),
        field(['0', '3', '12', '*/6', '9-17']),
        field(['*']),
        field(['*', '1', 'JAN', 'feb-mar', '6-8', 'DEC']),
        field(['*', 'MON', 'sun', 'MON-FRI', '7', '5-7', '6-7', '1,7', '0,7', 'SAT,SUN', '1-5']),
      )
      .map((f) => f.join(' ')),
    fc.tuple(field(['1', '15', 'L']), field(['*', 'JAN', '2'])).map(([dom, month]) => `0 0 ${dom} ${month} *`),
    fc.tuple(field(['0']), field(['0', '30']), field(['9', '*/2']), field(['* * *', '* * MON', '1 * *'])).map((f) => f.join(' ')),
    fc.constantFrom('@daily', '@DAILY', '@hourly', '@weekly', '@monthly', '@yearly', '@annually', '@midnight'),
  );

  it('a rewrite fires exactly when the original does (node-cron reads both)', () => {
    fc.assert(
      fc.property(expression, (original) => {
        const rewritten = meaningPreservingRewrite(original);
        if (rewritten === undefined) return;
        const before = explainCron(original, { dialect: 'node-cron', from: NOW, runs: 24 });
        // cron-parser cannot preview some node-cron spellings (such as "0,7"): no reference then.
        if (before.nextRuns.length === 0) return;
        const after = explainCron(rewritten, { dialect: 'vercel', from: NOW, runs: 24 });
        assert.ok(!after.problems.some((p) => p.code === 'invalid-schedule'), `${original} → ${rewritten} is still invalid on Vercel`);
        // The engine may stop early on rare schedules (a time bound): compare the runs both have.
        const n = Math.min(before.nextRuns.length, after.nextRuns.length);
        assert.ok(n >= Math.min(12, before.nextRuns.length), `${original} → ${rewritten}: only ${n} runs to compare`);
        const iso = (runs: Date[]) => runs.slice(0, n).map((d) => d.toISOString());
        assert.deepEqual(iso(after.nextRuns), iso(before.nextRuns), `${original} → ${rewritten}`);
        assert.equal(meaningPreservingRewrite(rewritten), undefined, `rewriting ${rewritten} again changes it`);
      }),
      { seed: SEED, numRuns: Math.min(NUM_RUNS, 200) },
    );
  });
});
