import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scheduleTargetRule } from '../../../../../src/core/vercel/rules/schedule-target';
import { assertJsonFixSettles, fixTitled, jsonFindingsOf, singleInJson, summary } from '../../../support/ruleHarness';

function entry(fields: string): string {
  return `{\n  "schedules": [\n    {\n      "name": "job",\n      "schedule": "0 3 * * *",\n${fields}\n    }\n  ]\n}\n`;
}

describe('schedule-target', () => {
  it('registers its one code', () => assert.deepEqual(scheduleTargetRule.codes, ['schedule-target']));

  const valid: [string, string][] = [
    ['a path', '      "path": "/api/job"'],
    ['a path sent GET', '      "path": "/api/job",\n      "requestMethod": "GET"'],
    ['a path sent POST', '      "path": "/api/job",\n      "requestMethod": "POST"'],
    ['a function with its service', '      "function": "api/job",\n      "service": "worker"'],
    ['a topic', '      "topic": "jobs"'],
    ['an entrypoint', '      "entrypoint": "jobs/run.ts"'],
  ];
  for (const [name, fields] of valid) it(`no finding: ${name}`, () => assert.deepEqual(jsonFindingsOf('schedule-target', entry(fields)), []));

  it('no target: an error on the name', () => {
    const text = entry('      "timezone": "UTC"');
    const finding = singleInJson('schedule-target', text);
    assert.deepEqual(summary(text, [finding]), [['schedule-target', 'error', '"job"']]);
    assert.match(finding.message, /names no target.*exactly one of "path".*"function".*"topic".*"entrypoint"/);
  });

  it('two targets: an error on the second, with a fix that keeps each one', () => {
    const text = entry('      "path": "/api/job",\n      "function": "api/job"');
    const finding = singleInJson('schedule-target', text);
    assert.deepEqual(summary(text, [finding]), [['schedule-target', 'error', '"function": "api/job"']]);
    assert.match(finding.message, /names both "path" and "function"/);
    assert.equal(assertJsonFixSettles('schedule-target', text, fixTitled(finding, /Keep only "path"/)), entry('      "path": "/api/job"'));
    assert.equal(assertJsonFixSettles('schedule-target', text, fixTitled(finding, /Keep only "function"/)), entry('      "function": "api/job"'));
  });

  it('three targets: one finding per extra target', () => {
    const text = entry('      "path": "/a",\n      "topic": "t",\n      "entrypoint": "e.ts"');
    assert.deepEqual(
      summary(text, jsonFindingsOf('schedule-target', text)).map((row) => row[2]),
      ['"topic": "t"', '"entrypoint": "e.ts"'],
    );
  });

  it('requestMethod without a path: removed by the fix', () => {
    const text = entry('      "topic": "jobs",\n      "requestMethod": "GET"');
    const finding = singleInJson('schedule-target', text);
    assert.deepEqual(summary(text, [finding]), [['schedule-target', 'error', '"requestMethod": "GET"']]);
    assert.equal(assertJsonFixSettles('schedule-target', text, finding.fixes[0]!), entry('      "topic": "jobs"'));
  });

  it('a requestMethod the schema does not allow: upper case is fixed, other methods are not', () => {
    const lower = entry('      "path": "/a",\n      "requestMethod": "get"');
    const finding = singleInJson('schedule-target', lower);
    assert.deepEqual(summary(lower, [finding]), [['schedule-target', 'error', '"get"']]);
    assert.equal(assertJsonFixSettles('schedule-target', lower, finding.fixes[0]!), entry('      "path": "/a",\n      "requestMethod": "GET"'));
    const put = entry('      "path": "/a",\n      "requestMethod": "PUT"');
    const other = singleInJson('schedule-target', put);
    assert.match(other.message, /must be "GET" or "POST".*Without it, Vercel sends POST/);
    assert.deepEqual(other.fixes, []);
  });

  it('service without a function', () => {
    const text = entry('      "path": "/a",\n      "service": "worker"');
    const finding = singleInJson('schedule-target', text);
    assert.deepEqual(summary(text, [finding]), [['schedule-target', 'error', '"service": "worker"']]);
    assert.equal(assertJsonFixSettles('schedule-target', text, finding.fixes[0]!), entry('      "path": "/a"'));
  });

  it('the object shape, and an unnamed entry named by its index', () => {
    const object = '{ "schedules": { "nightly": { "schedule": "0 3 * * *" } } }';
    assert.deepEqual(summary(object, jsonFindingsOf('schedule-target', object)), [['schedule-target', 'error', '"nightly"']]);
    const unnamed = '{ "schedules": [{ "schedule": "0 3 * * *" }] }';
    assert.match(singleInJson('schedule-target', unnamed).message, /schedules\[0\]/);
  });
});

describe('schedule-target: the values the schema takes for function, topic, entrypoint and service', () => {
  const valid: [string, string][] = [
    ['a topic of letters, digits, "_" and "-"', '      "topic": "Nightly_jobs-2"'],
    ['a topic of 256 characters', `      "topic": "${'t'.repeat(256)}"`],
    ['an entrypoint of 512 characters', `      "entrypoint": "${'e'.repeat(512)}"`],
    ['a one-letter service', '      "function": "api/job",\n      "service": "w"'],
    ['a service with "_" and "-" inside', '      "function": "api/job",\n      "service": "web_api-v"'],
  ];
  for (const [name, fields] of valid) it(`no finding: ${name}`, () => assert.deepEqual(jsonFindingsOf('schedule-target', entry(fields)), []));

  const refused: [name: string, fields: string, flagged: string, message: RegExp][] = [
    ['an empty function', '      "function": ""', '""', /^"function" must not be empty, so the deploy fails\. Name the function file it runs/],
    ['a function that is a number', '      "function": 5', '5', /^"function" must be a string, so the deploy fails\./],
    ['a topic with a dot', '      "topic": "jobs.nightly"', '"jobs.nightly"', /^"topic" may hold only letters, digits, "_" and "-", and "jobs\.nightly" does not, so the deploy fails\. Name the Vercel Queue topic/],
    ['an empty topic', '      "topic": ""', '""', /^"topic" must not be empty/],
    ['a topic of 257 characters', `      "topic": "${'t'.repeat(257)}"`, `"${'t'.repeat(257)}"`, /^"topic" may be at most 256 characters \(as of 2026-10-13; the vercel CLI 64\.0\.2 .*\), and this one has 257, so the deploy fails\./],
    ['a topic that is null', '      "topic": null', 'null', /^"topic" must be a string/],
    ['an empty entrypoint', '      "entrypoint": ""', '""', /^"entrypoint" must not be empty/],
    ['an entrypoint of 513 characters', `      "entrypoint": "${'e'.repeat(513)}"`, `"${'e'.repeat(513)}"`, /^"entrypoint" may be at most 512 characters/],
    ['a service with a capital', '      "function": "api/job",\n      "service": "Web"', '"Web"', /^"service" may hold lowercase letters, "_" and "-", starting and ending with a letter .*, and "Web" does not, so the deploy fails\. Name the service/],
    ['a service ending in a dash', '      "function": "api/job",\n      "service": "web-"', '"web-"', /"web-" does not/],
    ['a service of 65 characters', `      "function": "api/job",\n      "service": "${'w'.repeat(65)}"`, `"${'w'.repeat(65)}"`, /^"service" may be at most 64 characters/],
  ];
  for (const [name, fields, flagged, message] of refused) {
    it(`an error on the value: ${name}`, () => {
      const text = entry(fields);
      const findings = jsonFindingsOf('schedule-target', text);
      assert.deepEqual(summary(text, findings), [['schedule-target', 'error', flagged]]);
      assert.match(findings[0]!.message, message);
      assert.deepEqual(findings[0]!.fixes, [], 'renaming a target changes what runs: no fix');
    });
  }

  it('a service without a function is said once, not also judged by its form', () => {
    const text = entry('      "path": "/a",\n      "service": "Web"');
    assert.deepEqual(summary(text, jsonFindingsOf('schedule-target', text)), [['schedule-target', 'error', '"service": "Web"']]);
  });
});
