import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionTargetNotTriggerableRule } from '../../../../../src/core/vercel/rules/function-target-not-triggerable';
import { assertJsonFixSettles, checkJson, type Files, jsonFindingsOf, singleInJson, summary } from '../../../support/ruleHarness';

const HANDLER = `import { handleSchedule } from '@vercel/schedules';

export const POST = handleSchedule(async () => {
  await cleanUp();
});

async function cleanUp() {}
`;

const FILES: Files = { 'package.json': '{ "dependencies": { "next": "16.0.0" } }', 'api/cleanup.ts': HANDLER };

function config(functions?: string): string {
  const schedules = '  "schedules": [\n    { "name": "cleanup", "schedule": "0 3 * * *", "function": "api/cleanup" }\n  ]';
  return functions === undefined ? `{\n${schedules}\n}\n` : `{\n${schedules},\n  "functions": ${functions}\n}\n`;
}

const TRIGGERED = '{\n    "api/cleanup.ts": { "experimentalTriggers": [{ "type": "schedule/v1beta" }] }\n  }';

describe('function-target-not-triggerable', () => {
  it('registers its one code', () => assert.deepEqual(functionTargetNotTriggerableRule.codes, ['function-target-not-triggerable']));

  it('no finding: the file exports POST and functions gives it the trigger', () => assert.deepEqual(jsonFindingsOf('function-target-not-triggerable', config(TRIGGERED), { files: FILES }), []));
  it('no finding: a glob key carries the trigger', () =>
    assert.deepEqual(jsonFindingsOf('function-target-not-triggerable', config('{ "api/**/*.ts": { "experimentalTriggers": [{ "type": "schedule/v1beta" }] } }'), { files: FILES }), []));
  it('no finding on an empty function: schedule-target says the schema refuses it', () => {
    const text = config(TRIGGERED).replace('"function": "api/cleanup"', '"function": ""');
    assert.deepEqual(jsonFindingsOf('function-target-not-triggerable', text, { files: FILES }), []);
    assert.equal(jsonFindingsOf('schedule-target', text, { files: FILES }).length, 1);
  });
  it('no finding without the project', () => assert.deepEqual(jsonFindingsOf('function-target-not-triggerable', config()), []));

  it('functions-pattern-unmatched accepts the key in a Next.js app', () => {
    const text = config(TRIGGERED);
    assert.deepEqual(summary(text, checkJson(text, { files: FILES })).filter(([code]) => code === 'functions-pattern-unmatched'), []);
  });

  it('a missing file: a warning on the name, nothing to add', () => {
    const text = config(TRIGGERED);
    const finding = singleInJson('function-target-not-triggerable', text, { files: { 'package.json': '{}' } });
    assert.deepEqual(summary(text, [finding]), [['function-target-not-triggerable', 'warning', '"api/cleanup"']]);
    assert.match(finding.message, /No file of the project is named "api\/cleanup"/);
    assert.deepEqual(finding.fixes, []);
  });

  it('no functions key: the fix adds one with the trigger, once', () => {
    const text = config();
    const finding = singleInJson('function-target-not-triggerable', text, { files: FILES });
    assert.match(finding.message, /no "functions" entry gives api\/cleanup\.ts "experimentalTriggers"/);
    assert.match(finding.message, /warning until the docs say/);
    const fixed = assertJsonFixSettles('function-target-not-triggerable', text, finding.fixes[0]!, { files: FILES });
    assert.equal(fixed, `{\n  "schedules": [\n    { "name": "cleanup", "schedule": "0 3 * * *", "function": "api/cleanup" }\n  ],\n  "functions": { "api/cleanup.ts": { "experimentalTriggers": [{ "type": "schedule/v1beta" }] } }\n}\n`);
  });

  it('an entry for the file without the trigger: the fix adds it there, keeping its settings', () => {
    const text = config('{\n    "api/cleanup.ts": { "maxDuration": 60 }\n  }');
    const finding = singleInJson('function-target-not-triggerable', text, { files: FILES });
    const fixed = assertJsonFixSettles('function-target-not-triggerable', text, finding.fixes[0]!, { files: FILES });
    assert.match(fixed, /"api\/cleanup\.ts": \{ "maxDuration": 60, "experimentalTriggers": \[\{ "type": "schedule\/v1beta" \}\] \}/);
  });

  it('functions for other files: the fix adds the file beside them', () => {
    const text = config('{\n    "app/api/x/route.ts": { "maxDuration": 60 }\n  }');
    const finding = singleInJson('function-target-not-triggerable', text, { files: { ...FILES, 'app/api/x/route.ts': 'export async function GET() { return Response.json({}); }\n' } });
    const { edits } = finding.fixes[0]!;
    assert.equal(edits.length, 1);
    assert.equal(edits[0]!.content, ',\n    "api/cleanup.ts": { "experimentalTriggers": [{ "type": "schedule/v1beta" }] }');
  });

  it('a file that exports no POST: said, with the trigger present', () => {
    const text = config(TRIGGERED);
    const finding = singleInJson('function-target-not-triggerable', text, { files: { ...FILES, 'api/cleanup.ts': 'export async function GET() {}\n' } });
    assert.match(finding.message, /api\/cleanup\.ts exports no POST, which the platform invokes/);
    assert.deepEqual(finding.fixes, []);
  });
});
