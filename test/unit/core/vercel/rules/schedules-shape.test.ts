import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVercelJson } from '../../../../../src/core/vercel/model';
import { schedulesShapeRule } from '../../../../../src/core/vercel/rules/schedules-shape';
import { applyJsonFix, assertJsonFixSettles, fixTitled, flagged, jsonFindingsOf, singleInJson, summary } from '../../../support/ruleHarness';

const OBJECT_SHAPE = `{
  // Nightly jobs
  "schedules": {
    "nightly-digest": {
      "schedule": "0 3 * * *",
      "timezone": "Europe/Berlin",
      "path": "/api/cron/digest"
    },
    "fanout": { "schedule": "*/10 * * * *", "topic": "jobs" }
  }
}
`;

describe('schedules-shape', () => {
  it('registers its one code', () => assert.deepEqual(schedulesShapeRule.codes, ['schedules-shape']));

  const quiet: [string, string][] = [
    ['the array the CLI validates', '{ "schedules": [{ "name": "a", "schedule": "0 3 * * *", "path": "/a" }] }'],
    ['an empty array', '{ "schedules": [] }'],
    ['no schedules', '{ "crons": [] }'],
    ['a value of another type (invalid-config-shape says so)', '{ "schedules": "0 3 * * *" }'],
  ];
  for (const [name, text] of quiet) it(`no finding: ${name}`, () => assert.deepEqual(jsonFindingsOf('schedules-shape', text), []));

  it('the object keyed by name: a warning on the key, saying what the CLI says', () => {
    const finding = singleInJson('schedules-shape', OBJECT_SHAPE);
    assert.deepEqual(summary(OBJECT_SHAPE, [finding]), [['schedules-shape', 'warning', '"schedules"']]);
    assert.match(finding.message, /should be array/);
    assert.match(finding.message, /warning while the docs and the CLI disagree/);
  });

  it('the fix writes the array in place, keeping comments, indentation and every entry', () => {
    const fix = fixTitled(singleInJson('schedules-shape', OBJECT_SHAPE), /as an array/);
    const fixed = assertJsonFixSettles('schedules-shape', OBJECT_SHAPE, fix);
    assert.equal(
      fixed,
      `{
  // Nightly jobs
  "schedules": [
    {
      "name": "nightly-digest",
      "schedule": "0 3 * * *",
      "timezone": "Europe/Berlin",
      "path": "/api/cron/digest"
    },
    { "name": "fanout", "schedule": "*/10 * * * *", "topic": "jobs" }
  ]
}
`,
    );
    const entries = parseVercelJson(fixed).schedules;
    assert.deepEqual(entries.map((e) => [e.name, e.target]), [['nightly-digest', 'path'], ['fanout', 'topic']]);
    // Applying it again finds nothing to do.
    assert.deepEqual(jsonFindingsOf('schedules-shape', fixed), []);
  });

  it('an empty entry gets its name alone', () => {
    const text = '{ "schedules": { "a": {} } }';
    assert.equal(applyJsonFix(text, singleInJson('schedules-shape', text).fixes[0]!), '{ "schedules": [ { "name": "a" } ] }');
  });

  const unfixable: [string, string][] = [
    ['a name the schema refuses', '{ "schedules": { "nightly digest": { "schedule": "0 3 * * *", "path": "/a" } } }'],
    ['an entry that is no object', '{ "schedules": { "a": "0 3 * * *" } }'],
    ['an entry with a "name" of its own', '{ "schedules": { "a": { "name": "b", "schedule": "0 3 * * *", "path": "/a" } } }'],
    ['no entries', '{ "schedules": {} }'],
  ];
  for (const [name, text] of unfixable) {
    it(`reported without a fix: ${name}`, () => {
      const finding = singleInJson('schedules-shape', text);
      assert.equal(flagged(text, finding), '"schedules"');
      assert.deepEqual(finding.fixes, []);
    });
  }
});
