import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shiftToUtc, unknownPropertyRule } from '../../../../../src/core/vercel/rules/unknown-property';
import { applyJsonFix, assertJsonFixSettles, fixTitled, flagged, jsonFindingsOf, NOW, singleInJson } from '../../../support/ruleHarness';

describe('unknown-property: allowed keys', () => {
  it('path and schedule only: nothing', () => {
    assert.deepEqual(jsonFindingsOf('unknown-property', '{ "crons": [ { "path": "/api/a", "schedule": "0 3 * * *" } ] }'), []);
  });
  it("keys outside crons entries are not this rule's business", () => {
    const text =
      '{ "$schema": "https://openapi.vercel.sh/vercel.json", "regions": ["iad1"], "crons": [], "schedules": { "a": { "schedule": "0 3 * * *", "timezone": "Europe/Berlin", "path": "/a" } } }';
    assert.deepEqual(jsonFindingsOf('unknown-property', text), []);
  });
});

describe('unknown-property: other keys are removed', () => {
  const cases: { name: string; text: string; key: string; flagged: string; removed: string }[] = [
    {
      name: 'last key',
      text: '{ "crons": [ { "path": "/api/a", "schedule": "0 3 * * *", "method": "POST" } ] }',
      key: 'method',
      flagged: '"method": "POST"',
      removed: '{ "crons": [ { "path": "/api/a", "schedule": "0 3 * * *" } ] }',
    },
    {
      name: 'first key',
      text: '{ "crons": [ { "description": "nightly", "path": "/api/a", "schedule": "0 3 * * *" } ] }',
      key: 'description',
      flagged: '"description": "nightly"',
      removed: '{ "crons": [ { "path": "/api/a", "schedule": "0 3 * * *" } ] }',
    },
    {
      name: 'middle key with an object value, pretty-printed',
      text: '{\n  "crons": [\n    {\n      "path": "/api/a",\n      "headers": { "x-job": "a" },\n      "schedule": "0 3 * * *"\n    }\n  ]\n}\n',
      key: 'headers',
      flagged: '"headers": { "x-job": "a" }',
      removed: '{\n  "crons": [\n    {\n      "path": "/api/a",\n      "schedule": "0 3 * * *"\n    }\n  ]\n}\n',
    },
    {
      name: 'the only key',
      text: '{ "crons": [ { "enabled": false } ] }',
      key: 'enabled',
      flagged: '"enabled": false',
      removed: '{ "crons": [ {  } ] }',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const finding = singleInJson('unknown-property', c.text);
      assert.equal(flagged(c.text, finding), c.flagged);
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, new RegExp(`should NOT have additional property \`${c.key}\``));
      assert.deepEqual(
        finding.fixes.map((f) => [f.title, f.safe]),
        [[`Remove "${c.key}"`, false]],
      );
      const removed = applyJsonFix(c.text, finding.fixes[0]!);
      assert.equal(removed, c.removed);
      assertJsonFixSettles('unknown-property', c.text, finding.fixes[0]!);
    });
  }

  it('two unknown keys: two findings, each removal leaves the other key intact', () => {
    const text = '{ "crons": [ { "path": "/api/a", "schedule": "0 3 * * *", "method": "POST", "body": "{}" } ] }';
    const findings = jsonFindingsOf('unknown-property', text);
    assert.deepEqual(
      findings.map((f) => flagged(text, f)),
      ['"method": "POST"', '"body": "{}"'],
    );
    assert.equal(applyJsonFix(text, findings[0]!.fixes[0]!), '{ "crons": [ { "path": "/api/a", "schedule": "0 3 * * *", "body": "{}" } ] }');
    assert.equal(
      applyJsonFix(text, findings[1]!.fixes[0]!),
      '{ "crons": [ { "path": "/api/a", "schedule": "0 3 * * *", "method": "POST" } ] }',
    );
  });
});

describe("unknown-property: a time zone is converted to UTC at today's offset", () => {
  // NOW is 2026-11-28: Berlin is UTC+01:00, New York UTC-05:00, Tokyo +09:00, Kolkata +05:30.
  const cases: { key: string; zone: string; schedule: string; utc: string | null }[] = [
    { key: 'timezone', zone: 'Europe/Berlin', schedule: '0 9 * * *', utc: '0 8 * * *' },
    { key: 'timeZone', zone: 'Asia/Kolkata', schedule: '30 9 * * *', utc: '0 4 * * *' },
    { key: 'tz', zone: 'America/New_York', schedule: '0 22 * * 1,5', utc: '0 3 * * 2,6' },
    { key: 'timezone', zone: 'Asia/Tokyo', schedule: '0 0 * * 1', utc: '0 15 * * 0' },
    { key: 'timezone', zone: 'Asia/Tokyo', schedule: '0 9,23 * * *', utc: '0 0,14 * * *' },
    { key: 'timezone', zone: 'Europe/Berlin', schedule: '0 1 1 * *', utc: '0 0 1 * *' },
    // not expressible by shifting fields: only removal is offered
    { key: 'timezone', zone: 'Europe/Berlin', schedule: '*/15 9 * * *', utc: null },
    { key: 'timezone', zone: 'Europe/Berlin', schedule: '0 0 1 * *', utc: null },
    { key: 'timezone', zone: 'America/New_York', schedule: '0 22 * * 1-5', utc: null },
    { key: 'timezone', zone: 'Mars/Olympus', schedule: '0 9 * * *', utc: null },
  ];
  for (const c of cases) {
    it(`${c.key}: ${c.zone} "${c.schedule}" → ${c.utc ?? 'remove only'}`, () => {
      const text = JSON.stringify({ crons: [{ path: '/api/a', schedule: c.schedule, [c.key]: c.zone }] }, null, 2);
      const finding = singleInJson('unknown-property', text);
      assert.equal(flagged(text, finding), `"${c.key}": "${c.zone}"`);
      assert.match(finding.message, /always run in UTC/);
      const remove = fixTitled(finding, new RegExp(`^Remove "${c.key}"$`));
      assert.equal(applyJsonFix(text, remove), JSON.stringify({ crons: [{ path: '/api/a', schedule: c.schedule }] }, null, 2));
      if (c.utc === null) {
        assert.equal(finding.fixes.length, 1, 'only the removal');
        return;
      }
      const convert = fixTitled(finding, /^Convert to UTC at today's offset/);
      assert.equal(convert.preferred, true);
      assert.equal(convert.safe, false, 'DST makes it a behaviour change');
      assert.ok(convert.title.includes(`"${c.utc}"`), convert.title);
      const converted = applyJsonFix(text, convert);
      assert.equal(converted, JSON.stringify({ crons: [{ path: '/api/a', schedule: c.utc }] }, null, 2));
      assertJsonFixSettles('unknown-property', text, convert);
    });
  }

  it('summer time gives the summer offset', () => {
    const july = new Date('2026-07-01T12:00:00Z');
    assert.equal(shiftToUtc('0 9 * * *', 'Europe/Berlin', july), '0 7 * * *');
    assert.equal(shiftToUtc('0 9 * * *', 'Europe/Berlin', NOW), '0 8 * * *');
  });
});

describe('unknown-property: rule module', () => {
  it('file scope, one code', () => {
    assert.deepEqual(unknownPropertyRule.codes, ['unknown-property']);
    assert.equal(unknownPropertyRule.scope, 'file');
  });
});

describe('unknown-property: Schedules entries', () => {
  it('the schema keys pass, in both shapes', () => {
    const array = '{ "schedules": [{ "name": "a", "schedule": "0 3 * * *", "timezone": "UTC", "jitter": 2, "path": "/a", "requestMethod": "GET" }, { "name": "b", "schedule": "0 3 * * *", "function": "api/b", "service": "w" }, { "name": "c", "schedule": "0 3 * * *", "topic": "t" }, { "name": "d", "schedule": "0 3 * * *", "entrypoint": "e.ts" }] }';
    assert.deepEqual(jsonFindingsOf('unknown-property', array), []);
    assert.deepEqual(jsonFindingsOf('unknown-property', '{ "schedules": { "a": { "schedule": "0 3 * * *", "path": "/a" } } }'), []);
  });

  it('another key: an error on the property, removed by the fix; timeZone is pointed to timezone', () => {
    const text = '{ "schedules": [{ "name": "a", "schedule": "0 3 * * *", "timeZone": "Europe/Berlin", "path": "/a", "headers": {} }] }';
    const findings = jsonFindingsOf('unknown-property', text);
    assert.deepEqual(findings.map((f) => flagged(text, f)), ['"timeZone": "Europe/Berlin"', '"headers": {}']);
    assert.match(findings[0]!.message, /refuses "timeZone".*\(the zone is "timezone"\)/);
    const once = applyJsonFix(text, findings[1]!.fixes[0]!);
    const fixed = assertJsonFixSettles('unknown-property', once, jsonFindingsOf('unknown-property', once)[0]!.fixes[0]!);
    assert.equal(fixed, '{ "schedules": [{ "name": "a", "schedule": "0 3 * * *", "path": "/a" }] }');
  });
});
