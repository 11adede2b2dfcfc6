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
  describe('the POST must be wired to the schedule handler (handleSchedule from @vercel/schedules)', () => {
    const wired: [string, string][] = [
      ['an aliased import', `import { handleSchedule as onSchedule } from '@vercel/schedules';\nexport const POST = onSchedule(async () => {});\n`],
      ['a namespace import', `import * as schedules from '@vercel/schedules';\nexport const POST = schedules.handleSchedule(async () => {});\n`],
      ['inside another wrapper', `import { handleSchedule } from '@vercel/schedules';\nimport { withLogs } from './logs';\nexport const POST = withLogs(handleSchedule(async () => {}));\n`],
      ['with satisfies', `import { handleSchedule } from '@vercel/schedules';\nexport const POST = handleSchedule(async () => {}) satisfies unknown;\n`],
    ];
    for (const [name, handler] of wired) {
      it(`no finding: ${name}`, () => assert.deepEqual(jsonFindingsOf('function-target-not-triggerable', config(TRIGGERED), { files: { ...FILES, 'api/cleanup.ts': handler } }), []));
    }
    const cannotTell: [string, string][] = [
      ['a re-export', `export { POST } from './handler';\n`],
      ['a const of another module', `import { handler } from './handler';\nexport const POST = handler;\n`],
      ['another wrapper of a handler defined elsewhere', `import { wrap } from './wrap';\nimport { job } from './job';\nexport const POST = wrap(job);\n`],
      ['a local function that is only named handleSchedule', `function handleSchedule(fn: () => Promise<void>) {\n  return async () => { await fn(); return new Response(); };\n}\nexport const POST = handleSchedule(async () => {});\n`],
      ['a POST whose body calls the imported handleSchedule', `import { handleSchedule } from '@vercel/schedules';\nexport async function POST(request: Request) {\n  return handleSchedule(async () => {})(request);\n}\n`],
    ];
    for (const [name, handler] of cannotTell) {
      it(`no finding, the file cannot tell: ${name}`, () => assert.deepEqual(jsonFindingsOf('function-target-not-triggerable', config(TRIGGERED), { files: { ...FILES, 'api/cleanup.ts': handler } }), []));
    }
    const plain: [string, string][] = [
      ['a function declaration', `export async function POST(request: Request) {\n  return new Response('ok');\n}\n`],
      ['an arrow', `export const POST = async () => new Response('ok');\n`],
      ['handleSchedule imported but not used by POST', `import { handleSchedule } from '@vercel/schedules';\nexport const GET = handleSchedule(async () => {});\nexport const POST = async () => new Response('ok');\n`],
    ];
    for (const [name, handler] of plain) {
      it(`a warning: ${name}`, () => {
        const finding = singleInJson('function-target-not-triggerable', config(TRIGGERED), { files: { ...FILES, 'api/cleanup.ts': handler } });
        assert.equal(finding.severity, 'warning');
        assert.match(finding.message, /^api\/cleanup\.ts exports POST as a plain handler, not wired to the schedule handler: .* Wrap the job in handleSchedule\. This is a warning/);
        assert.deepEqual(finding.fixes, []);
      });
    }
    it('a plain POST and no trigger: one finding that says both, with the trigger fix', () => {
      const finding = singleInJson('function-target-not-triggerable', config(), { files: { ...FILES, 'api/cleanup.ts': plain[0]![1] } });
      assert.match(finding.message, /^The platform cannot invoke this function target: no "functions" entry gives api\/cleanup\.ts "experimentalTriggers".* api\/cleanup\.ts exports POST as a plain handler/);
      assert.equal(finding.fixes.length, 1);
    });
  });
});
