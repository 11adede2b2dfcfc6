import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scheduleNoRetryRule } from '../../../../../src/core/vercel/rules/schedule-no-retry';
import { jsonFindingsOf, summary } from '../../../support/ruleHarness';

describe('schedule-no-retry', () => {
  it('registers its one code', () => assert.deepEqual(scheduleNoRetryRule.codes, ['schedule-no-retry']));

  it('once per path or function entry, on its name, as a hint naming the actions', () => {
    const text = JSON.stringify(
      {
        schedules: [
          { name: 'digest', schedule: '0 3 * * *', path: '/api/digest' },
          { name: 'cleanup', schedule: '0 4 * * *', function: 'api/cleanup' },
          { name: 'fanout', schedule: '0 5 * * *', topic: 'jobs' },
          { name: 'both', schedule: '0 6 * * *', path: '/a', function: 'api/b' },
          { schedule: '0 7 * * *', path: '/api/unnamed' },
        ],
      },
      null,
      2,
    );
    const findings = jsonFindingsOf('schedule-no-retry', text);
    // A topic is the queue's to redeliver; an entry with two targets is schedule-target's.
    assert.deepEqual(summary(text, findings), [
      ['schedule-no-retry', 'hint', '"digest"'],
      ['schedule-no-retry', 'hint', '"cleanup"'],
      ['schedule-no-retry', 'hint', text.slice(text.lastIndexOf('{\n      "schedule": "0 7'), text.lastIndexOf('}\n  ]') + 1)],
    ]);
    assert.match(findings[0]!.message, /does not retry a failed run of "digest" \(a path target\)/);
    assert.match(findings[0]!.message, /idempotent/);
    assert.match(findings[0]!.message, /monitoring/);
    assert.match(findings[2]!.message, /schedules\[4\]/);
  });

  it('the object shape names the entry by its key', () => {
    const text = '{ "schedules": { "nightly": { "schedule": "0 3 * * *", "function": "api/x" } } }';
    assert.deepEqual(summary(text, jsonFindingsOf('schedule-no-retry', text)), [['schedule-no-retry', 'hint', '"nightly"']]);
  });
});
