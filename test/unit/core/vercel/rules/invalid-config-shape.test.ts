/**
 * invalid-config-shape (issue #14, item 13): `"crons": {}`, a string or null, or a top-level array,
 * read as "no jobs" and passed with no diagnostic at all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidConfigShapeRule } from '../../../../../src/core/vercel/rules/invalid-config-shape';
import { assertJsonFixSettles, checkJson, jsonFindingsOf, summary } from '../../../support/ruleHarness';

describe('invalid-config-shape: the right types', () => {
  const valid = [
    '{}',
    '{ "crons": [] }',
    '{ "crons": [{ "path": "/api/cron/a", "schedule": "0 3 * * *" }] }',
    '{ "functions": {} }',
    '{ "functions": { "app/api/cron/**": { "maxDuration": 60 } } }',
    '{ "schedules": { "nightly": { "schedule": "0 3 * * *", "path": "/api/cron/a" } } }',
    // The array is the shape the vercel CLI validates; the object (the docs') is schedules-shape's.
    '{ "schedules": [] }',
    '{ "schedules": [{ "name": "nightly", "schedule": "0 3 * * *", "path": "/api/cron/a" }] }',
    // The last duplicate is what Vercel reads.
    '{ "crons": "x", "crons": [] }',
    // Half-typed text: no value yet is invalid-json's business, not a wrong type.
    '{ "crons": ',
    '{ "crons": [',
    '',
  ];
  for (const text of valid) {
    it(JSON.stringify(text), () => assert.deepEqual(summary(text, jsonFindingsOf('invalid-config-shape', text)), []));
  }
});

describe('invalid-config-shape: a value of the wrong type', () => {
  const cases: [name: string, text: string, flagged: string[], message: RegExp][] = [
    ['crons as an object', '{ "crons": {} }', ['{}'], /^"crons" must be an array of jobs: .*, not an object: Vercel refuses the file, so the deploy fails\.$/],
    ['crons as a string', '{ "crons": "0 3 * * *" }', ['"0 3 * * *"'], /^"crons" must be an array of jobs.*, not a string:/],
    ['crons as null', '{ "crons": null }', ['null'], /^"crons" must be an array of jobs.*, not null:/],
    ['crons as a number', '{ "crons": 3 }', ['3'], /not a number/],
    ['the last duplicate counts', '{ "crons": [], "crons": {} }', ['{}'], /"crons" must be an array/],
    ['a top-level array', '[{ "path": "/api/cron/a", "schedule": "0 3 * * *" }]', ['[{ "path": "/api/cron/a", "schedule": "0 3 * * *" }]'], /^vercel\.json must be a JSON object .*, not an array: Vercel refuses the file, so the deploy fails and none of its cron jobs runs\.$/],
    ['a top-level string', '"crons"', ['"crons"'], /^vercel\.json must be a JSON object .*, not a string/],
    ['top-level null', 'null', ['null'], /not null/],
    ['crons entries that are not objects', '{ "crons": [1, "a", null, [], { "path": "/a", "schedule": "0 3 * * *" }] }', ['1', '"a"', 'null', '[]'], /^A crons entry must be an object with "path" and "schedule", not (a number|a string|null|an array)/],
    ['functions as an array', '{ "functions": ["app/api/cron/**"] }', ['["app/api/cron/**"]'], /^"functions" must be an object from file patterns to settings.*, not an array/],
    ['a functions pattern whose settings are a number', '{ "functions": { "app/api/cron/**": 60 } }', ['60'], /^The settings of a functions pattern must be an object such as \{ "maxDuration": 60 \}, not a number/],
    ['schedules as a string', '{ "schedules": "0 3 * * *" }', ['"0 3 * * *"'], /^"schedules" must be an array of entries: .*, not a string: Vercel refuses the file/],
    ['schedules array entries that are not objects', '{ "schedules": [1, null, { "name": "a", "schedule": "0 3 * * *", "path": "/a" }] }', ['1', 'null'], /^A schedules entry must be an object with "schedule" and its target, not (a number|null)/],
    ['a schedules entry that is a string', '{ "schedules": { "nightly": "0 3 * * *" } }', ['"0 3 * * *"'], /^A schedules entry must be an object with "schedule" and its target, not a string/],
  ];
  for (const [name, text, flagged, message] of cases) {
    it(name, () => {
      const findings = jsonFindingsOf('invalid-config-shape', text);
      assert.deepEqual(summary(text, findings), flagged.map((f) => ['invalid-config-shape', 'error', f]));
      for (const finding of findings) {
        assert.match(finding.message, message);
        assert.deepEqual(finding.fixes, []);
      }
    });
  }

  it('crons as an object is the only problem reported: no rule reads its keys as jobs', () => {
    const text = '{ "crons": { "path": "/api/cron/a", "schedule": "MON" } }';
    assert.deepEqual(checkJson(text).map((f) => f.code), ['invalid-config-shape']);
  });

  it('nextCronRoutes.rules can turn it off or down', () => {
    assert.deepEqual(checkJson('{ "crons": {} }', { rules: { 'invalid-config-shape': 'off' } }), []);
    assert.deepEqual(checkJson('{ "crons": {} }', { rules: { 'invalid-config-shape': 'warning' } }).map((f) => f.severity), ['warning']);
  });

  it('rule module: file scope, one code', () => {
    assert.deepEqual(invalidConfigShapeRule.codes, ['invalid-config-shape']);
    assert.equal(invalidConfigShapeRule.scope, 'file');
  });
});

describe('invalid-config-shape: the name of a schedules entry', () => {
  const entry = (name: string): string => `{\n  "schedules": [\n    { "name": ${name}, "schedule": "0 3 * * *", "path": "/api/job" }\n  ]\n}\n`;

  const valid = ['"nightly"', '"0nightly.digest_v2-1"', `"${'n'.repeat(256)}"`];
  for (const name of valid) it(`no finding: ${name.slice(0, 20)}`, () => assert.deepEqual(jsonFindingsOf('invalid-config-shape', entry(name)), []));

  it('no finding for a name in the object keyed by name (schedules-shape speaks of that shape)', () => {
    assert.deepEqual(jsonFindingsOf('invalid-config-shape', '{ "schedules": { "nightly digest": { "schedule": "0 3 * * *", "path": "/a" } } }'), []);
  });

  const refused: [name: string, written: string, message: RegExp, fixed: string | undefined][] = [
    ['a space', '"nightly digest"', /^A schedule's "name" takes only letters, digits, "\.", "_" and "-", starting with a letter or digit, at most 256 of them; "nightly digest" is not such a name: Vercel refuses the file, so the deploy fails\. Write "nightly-digest"\.$/, 'nightly-digest'],
    ['a leading dash', '"-nightly"', /"-nightly" is not such a name.* Write "nightly"\.$/, 'nightly'],
    ['a letter outside ASCII', '"nächtlich"', /Write "n-chtlich"\.$/, 'n-chtlich'],
    ['nothing a name can keep', '"!!"', /"!!" is not such a name: Vercel refuses the file, so the deploy fails\.$/, undefined],
    ['empty', '""', /; this one is empty: Vercel refuses the file/, undefined],
    ['257 characters', `"${'n'.repeat(257)}"`, /; this one has 257 \(as of 2026-10-13; .*\): Vercel refuses the file, so the deploy fails\. Write "n{256}"\.$/, 'n'.repeat(256)],
  ];
  for (const [name, written, message, fixed] of refused) {
    it(`an error on the name: ${name}`, () => {
      const text = entry(written);
      const [finding, ...more] = jsonFindingsOf('invalid-config-shape', text);
      assert.deepEqual(more, []);
      assert.deepEqual(summary(text, [finding!]), [['invalid-config-shape', 'error', written]]);
      assert.match(finding!.message, message);
      if (fixed === undefined) return assert.deepEqual(finding!.fixes, []);
      const fix = finding!.fixes[0]!;
      assert.equal(fix.safe, false, 'a rename may break what refers to the name');
      assert.equal(assertJsonFixSettles('invalid-config-shape', text, fix), entry(JSON.stringify(fixed)));
    });
  }

  it('a name that is not a string', () => {
    for (const written of ['5', 'null', 'true', '["a"]']) {
      const text = entry(written);
      const findings = jsonFindingsOf('invalid-config-shape', text);
      assert.deepEqual(summary(text, findings), [['invalid-config-shape', 'error', written]]);
      assert.match(findings[0]!.message, /^A schedule's "name" must be a string such as "nightly-digest", not (a number|null|a boolean|an array): Vercel refuses the file, so the deploy fails\.$/);
    }
  });
});
