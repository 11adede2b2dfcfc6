import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProblemCode } from '../../../../../src/core/codes';
import type { Plan } from '../../../../../src/core/settings';
import type { Severity } from '../../../../../src/core/types';
import { cronScheduleRule } from '../../../../../src/core/vercel/rules/cron-schedule';
import { meaningPreservingRewrite } from '../../../../../src/core/vercel/scheduleRewrite';
import { applyJsonFix, assertJsonFixSettles, checkJson, cronJson, fixTitled, flagged, jsonFindingsOf, singleInJson, summary } from '../../../support/ruleHarness';

const CODES = cronScheduleRule.codes;

/** Findings of this module only. */
function mine(text: string, plan: Plan = 'unknown') {
  return checkJson(text, { plan }).filter((f) => (CODES as readonly string[]).includes(f.code));
}

describe('cron-schedule: valid schedules report nothing', () => {
  const cases: [string, Plan][] = [
    ['0 3 * * *', 'unknown'],
    ['0 3 * * *', 'pro'],
    ['0 3 * * *', 'enterprise'],
    ['*/5 * * * *', 'pro'],
    ['* * * * *', 'enterprise'],
    ['0 0 1 1 *', 'unknown'],
    ['0 0 * * 0-6', 'unknown'],
    ['15 12 * * 1-5', 'unknown'],
    ['0 0 1,15 * *', 'unknown'],
    ['59 23 31 12 *', 'unknown'],
    ['0 0 29 2 *', 'unknown'],
  ];
  for (const [schedule, plan] of cases) {
    it(`${JSON.stringify(schedule)} on ${plan}`, () => {
      const text = cronJson(schedule);
      assert.deepEqual(summary(text, mine(text, plan)), []);
    });
  }
});

interface InvalidCase {
  schedule: string;
  plan?: Plan;
  /** Every finding of this module: code, severity, flagged text (inside the JSON string). */
  expected: [ProblemCode, Severity, string][];
  /** The schedule after the preferred (or only) fix of the first finding; null: no fix offered. */
  fixed: string | null;
  safe?: boolean;
}

describe('cron-schedule: invalid schedules, flagged text, severity and fix', () => {
  const cases: InvalidCase[] = [
    // names → numbers
    { schedule: '0 0 * * MON', expected: [['invalid-schedule', 'error', 'MON']], fixed: '0 0 * * 1', safe: true },
    {
      schedule: '0 12 * * mon-fri',
      expected: [
        ['invalid-schedule', 'error', 'mon'],
        ['invalid-schedule', 'error', 'fri'],
      ],
      fixed: '0 12 * * 1-5',
      safe: true,
    },
    {
      schedule: '0 0 * JAN SUN',
      expected: [
        ['invalid-schedule', 'error', 'JAN'],
        ['invalid-schedule', 'error', 'SUN'],
      ],
      fixed: '0 0 * 1 0',
      safe: true,
    },
    {
      schedule: '0 0 * FEB-MAR *',
      expected: [
        ['invalid-schedule', 'error', 'FEB'],
        ['invalid-schedule', 'error', 'MAR'],
      ],
      fixed: '0 0 * 2-3 *',
      safe: true,
    },
    // macros → their exact five fields
    { schedule: '@daily', expected: [['invalid-schedule', 'error', '@daily']], fixed: '0 0 * * *', safe: true },
    { schedule: '@DAILY', expected: [['invalid-schedule', 'error', '@DAILY']], fixed: '0 0 * * *', safe: true },
    { schedule: '@midnight', expected: [['invalid-schedule', 'error', '@midnight']], fixed: '0 0 * * *', safe: true },
    { schedule: '@hourly', expected: [['invalid-schedule', 'error', '@hourly']], fixed: '0 * * * *', safe: true },
    { schedule: '@weekly', expected: [['invalid-schedule', 'error', '@weekly']], fixed: '0 0 * * 0', safe: true },
    { schedule: '@monthly', expected: [['invalid-schedule', 'error', '@monthly']], fixed: '0 0 1 * *', safe: true },
    { schedule: '@yearly', expected: [['invalid-schedule', 'error', '@yearly']], fixed: '0 0 1 1 *', safe: true },
    { schedule: '@annually', expected: [['invalid-schedule', 'error', '@annually']], fixed: '0 0 1 1 *', safe: true },
    { schedule: '@reboot', expected: [['invalid-schedule', 'error', '@reboot']], fixed: null },
    { schedule: '@sometimes', expected: [['invalid-schedule', 'error', '@sometimes']], fixed: null },
    // day of week 7 → 0, ranges included
    { schedule: '0 0 * * 7', expected: [['invalid-schedule', 'warning', '7']], fixed: '0 0 * * 0', safe: true },
    { schedule: '0 0 * * 5-7', expected: [['invalid-schedule', 'warning', '7']], fixed: '0 0 * * 0,5-6', safe: true },
    { schedule: '0 0 * * 6-7', expected: [['invalid-schedule', 'warning', '7']], fixed: '0 0 * * 0,6', safe: true },
    { schedule: '0 0 * * 1,7', expected: [['invalid-schedule', 'warning', '7']], fixed: '0 0 * * 1,0', safe: true },
    { schedule: '0 0 * * 0,7', expected: [['invalid-schedule', 'warning', '7']], fixed: '0 0 * * 0', safe: true },
    // six fields: a zero seconds field is dropped, anything else is left alone
    { schedule: '0 0 0 * * *', expected: [['invalid-schedule', 'error', '0']], fixed: '0 0 * * *', safe: true },
    { schedule: '0 30 9 * * 1-5', expected: [['invalid-schedule', 'error', '0']], fixed: '30 9 * * 1-5', safe: true },
    { schedule: '30 0 0 * * *', expected: [['invalid-schedule', 'error', '30']], fixed: null },
    { schedule: '0 0 12 * * 2026', expected: [['invalid-schedule', 'error', '2026']], fixed: null },
    // other syntax errors: no fix
    { schedule: '0 3 * *', expected: [['invalid-schedule', 'error', '0 3 * *']], fixed: null },
    { schedule: '0 3 * * * * *', expected: [['invalid-schedule', 'error', '* *']], fixed: null },
    { schedule: '', expected: [['invalid-schedule', 'error', '']], fixed: null },
    { schedule: '60 0 * * *', expected: [['invalid-schedule', 'error', '60']], fixed: null },
    { schedule: '0 0 L * *', expected: [['invalid-schedule', 'error', 'L']], fixed: null },
    { schedule: '0 0 ? * 1', expected: [['invalid-schedule', 'error', '?']], fixed: null },
    { schedule: '0 0 * * 1#2', expected: [['invalid-schedule', 'error', '1#2']], fixed: null },
    // both day fields: two behaviour-changing fixes
    { schedule: '0 0 1 * 1', expected: [['day-of-month-and-week', 'error', '1 * 1']], fixed: '0 0 1 * *', safe: false },
    // valid but never fires
    { schedule: '0 0 30 2 *', expected: [['never-fires', 'warning', '30 2']], fixed: null },
    { schedule: '0 0 31 4 *', expected: [['never-fires', 'warning', '31 4']], fixed: null },
    // plan-dependent frequency
    { schedule: '*/30 * * * *', expected: [['hobby-frequency', 'warning', '*/30 *']], fixed: '0 0 * * *', safe: false },
    { schedule: '*/30 * * * *', plan: 'hobby', expected: [['hobby-frequency', 'error', '*/30 *']], fixed: '0 0 * * *', safe: false },
    {
      schedule: '*/15 9-17 * * 1-5',
      plan: 'hobby',
      expected: [['hobby-frequency', 'error', '*/15 9-17']],
      fixed: '0 9 * * 1-5',
      safe: false,
    },
    { schedule: '0 9,17 * * *', plan: 'hobby', expected: [['hobby-frequency', 'error', '9,17']], fixed: '0 9 * * *', safe: false },
    { schedule: '30 */6 * * *', plan: 'hobby', expected: [['hobby-frequency', 'error', '*/6']], fixed: '30 0 * * *', safe: false },
    // plan-dependent precision: info on hobby only
    { schedule: '0 3 * * *', plan: 'hobby', expected: [['hobby-precision', 'info', '0 3']], fixed: null },
    { schedule: '15 0 * * *', plan: 'hobby', expected: [['hobby-precision', 'info', '15 0']], fixed: null },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.schedule)}${c.plan ? ` on ${c.plan}` : ''}`, () => {
      const text = cronJson(c.schedule);
      const findings = mine(text, c.plan);
      assert.deepEqual(summary(text, findings), c.expected);
      const first = findings[0]!;
      const fix = first.fixes.find((f) => f.preferred) ?? first.fixes[0];
      if (c.fixed === null) {
        assert.equal(fix, undefined, `no fix expected, got ${JSON.stringify(first.fixes.map((f) => f.title))}`);
        return;
      }
      assert.ok(fix, 'a fix is offered');
      assert.equal(fix.safe, c.safe, 'safe flag');
      const fixed = applyJsonFix(text, fix);
      assert.equal(fixed, cronJson(c.fixed), 'the fix replaces the schedule string and nothing else');
      // Applying the fix output again: no finding of the code, so nothing more to apply.
      assertJsonFixSettles(first.code, text, fix, { plan: c.plan });
    });
  }
});

describe('cron-schedule: plan rows of hobby-frequency and hobby-precision', () => {
  const table: [Plan, Severity | undefined, Severity | undefined][] = [
    ['hobby', 'error', 'info'],
    ['unknown', 'warning', undefined],
    ['pro', undefined, undefined],
    ['enterprise', undefined, undefined],
  ];
  for (const [plan, frequency, precision] of table) {
    it(plan, () => {
      const frequent = jsonFindingsOf('hobby-frequency', cronJson('0 * * * *'), { plan });
      assert.deepEqual(
        frequent.map((f) => f.severity),
        frequency ? [frequency] : [],
      );
      const daily = jsonFindingsOf('hobby-precision', cronJson('0 3 * * *'), { plan });
      assert.deepEqual(
        daily.map((f) => f.severity),
        precision ? [precision] : [],
      );
    });
  }
});

describe('cron-schedule: day-of-month-and-week fixes', () => {
  it('offers "keep day of month" and "keep day of week", neither safe, each settling the finding', () => {
    const text = cronJson('0 6 1-7 * 1');
    const finding = singleInJson('day-of-month-and-week', text);
    assert.equal(flagged(text, finding), '1-7 * 1');
    const byMonth = fixTitled(finding, /keep day of month/i);
    const byWeek = fixTitled(finding, /keep day of week/i);
    assert.equal(byMonth.safe, false);
    assert.equal(byWeek.safe, false);
    assert.equal(applyJsonFix(text, byMonth), cronJson('0 6 1-7 * *'));
    assert.equal(applyJsonFix(text, byWeek), cronJson('0 6 * * 1'));
    assertJsonFixSettles('day-of-month-and-week', text, byMonth);
    assertJsonFixSettles('day-of-month-and-week', text, byWeek);
  });
});

describe('cron-schedule: hobby-frequency fix', () => {
  it('titles the time it keeps, in UTC', () => {
    const finding = singleInJson('hobby-frequency', cronJson('45 7,19 * * *'), { plan: 'hobby' });
    assert.deepEqual(
      finding.fixes.map((f) => f.title),
      ['Run once a day at 07:45 UTC'],
    );
  });
});

describe('cron-schedule: entries that are not schedules', () => {
  it('a missing schedule flags the whole entry', () => {
    const text = '{ "crons": [ { "path": "/api/cron/job" } ] }';
    const finding = singleInJson('invalid-schedule', text);
    assert.equal(flagged(text, finding), '{ "path": "/api/cron/job" }');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.fixes, []);
  });
  it('a schedule that is not a string flags the value', () => {
    for (const value of ['5', 'null', '["0 3 * * *"]', '{ "cron": "0 3 * * *" }']) {
      const text = `{ "crons": [ { "path": "/api/cron/job", "schedule": ${value} } ] }`;
      assert.equal(flagged(text, singleInJson('invalid-schedule', text)), value);
    }
  });
});

describe('cron-schedule: spans through JSON escapes', () => {
  const cases: [string, ProblemCode, string, Plan][] = [
    ['"0 0 * * \\u004DON"', 'invalid-schedule', '\\u004DON', 'unknown'],
    ['"\\u0030 0 * * \\u004d\\u004fN"', 'invalid-schedule', '\\u004d\\u004fN', 'unknown'],
    ['"\\u0030 3 * * *"', 'hobby-precision', '\\u0030 3', 'hobby'],
    ['"*/5\\u0020* * * *"', 'hobby-frequency', '*/5\\u0020*', 'hobby'],
    ['"0\\t3 * * \\u004d\\u004fN"', 'invalid-schedule', '\\u004d\\u004fN', 'unknown'],
    ['"0 0 1 * \\u0031"', 'day-of-month-and-week', '1 * \\u0031', 'unknown'],
    ['"0 0 * * \\"MON"', 'invalid-schedule', '\\"MON', 'unknown'],
    ['"😀 3 * * *"', 'invalid-schedule', '😀', 'unknown'],
  ];
  for (const [raw, code, expected, plan] of cases) {
    it(`${raw} flags ${expected}`, () => {
      const text = `{ "crons": [ { "path": "/api/cron/job", "schedule": ${raw} } ] }`;
      const finding = checkJson(text, { plan }).find((f) => f.code === code);
      assert.ok(finding, JSON.stringify(summary(text, checkJson(text, { plan }))));
      assert.equal(flagged(text, finding), expected);
    });
  }
  it('the rewrite fix of an escaped schedule writes plain text', () => {
    const text = '{ "crons": [ { "path": "/api/cron/job", "schedule": "\\u0030 0 * * \\u004DON" } ] }';
    const fix = singleInJson('invalid-schedule', text).fixes[0]!;
    assert.equal(applyJsonFix(text, fix), '{ "crons": [ { "path": "/api/cron/job", "schedule": "0 0 * * 1" } ] }');
  });
});

describe('cron-schedule: schedules entries (Vercel Schedules)', () => {
  it('reads the expression in its own dialect and fixes names', () => {
    const text = '{ "schedules": { "digest": { "schedule": "0 9 * * MON", "timezone": "Europe/Berlin", "path": "/api/digest" } } }';
    const finding = singleInJson('invalid-schedule', text);
    assert.equal(flagged(text, finding), 'MON');
    assert.equal(applyJsonFix(text, finding.fixes[0]!), text.replace('0 9 * * MON', '0 9 * * 1'));
  });
  it('puts an invalid zone on the timezone value', () => {
    const text = '{ "schedules": { "digest": { "schedule": "0 9 * * *", "timezone": "Mars/Olympus", "path": "/api/digest" } } }';
    const finding = singleInJson('invalid-timezone', text);
    assert.equal(flagged(text, finding), '"Mars/Olympus"');
    assert.equal(finding.severity, 'error');
  });
  it('a valid zone and schedule report nothing', () => {
    const text = '{ "schedules": { "digest": { "schedule": "0 9 * * 1-5", "timezone": "America/New_York", "path": "/api/digest" } } }';
    assert.deepEqual(summary(text, mine(text)), []);
  });
  it('a schedule shorter than 9 or longer than 256 characters is an error: macros are rewritten, the engine\'s warning gives way', () => {
    const at = (schedule: string) => `{ "schedules": [{ "name": "a", "schedule": ${JSON.stringify(schedule)}, "path": "/api/digest" }] }`;
    for (const [macro, rewrite] of [['@daily', '0 0 * * *'], ['@hourly', '0 * * * *'], ['@weekly', '0 0 * * 0'], ['@monthly', '0 0 1 * *'], ['@yearly', '0 0 1 1 *']]) {
      const text = at(macro!);
      const [finding, ...more] = mine(text);
      assert.deepEqual(more, [], macro);
      assert.deepEqual(summary(text, [finding!]), [['invalid-schedule', 'error', JSON.stringify(macro)]]);
      assert.match(finding!.message, new RegExp(`^The vercel CLI takes a Schedules "schedule" of 9 to 256 characters \\(as of 2026-10-13; .*\\); this one has ${macro!.length}, so the deploy fails\\. Write "${rewrite!.replace(/\*/g, '\\*')}" \\(the same schedule\\)\\.$`));
      assert.equal(assertJsonFixSettles('invalid-schedule', text, finding!.fixes[0]!), at(rewrite!));
    }
    // Nine characters: the schema takes it, and the engine says what it knows of macros (a warning).
    assert.deepEqual(summary(at('@annually'), mine(at('@annually'))).map(([code, severity]) => [code, severity]), [['invalid-schedule', 'warning']]);
    const long = at('0 3 * * *'.padEnd(257, ' '));
    const [tooLong] = mine(long);
    assert.match(tooLong!.message, /; this one has 257, so the deploy fails\. Shorten it/);
    assert.deepEqual(tooLong!.fixes, []);
    assert.deepEqual(mine(at('0 3 * * *'.padEnd(256, ' '))), []);
  });
  // Found by the Schedules validator table (schedulesValidator.test.ts): the cached verdict of "" was reused for no zone.
  it('an empty zone is invalid, and no zone after it is still UTC', () => {
    const empty = '{ "schedules": [{ "name": "a", "schedule": "0 9 * * 1-5", "timezone": "", "path": "/api/digest" }] }';
    assert.deepEqual(summary(empty, mine(empty)), [['invalid-timezone', 'error', '""']]);
    const none = '{ "schedules": [{ "name": "a", "schedule": "0 9 * * 1-5", "path": "/api/digest" }] }';
    assert.deepEqual(summary(none, mine(none)), []);
  });
});

describe('cron-schedule: fixes are minimal', () => {
  it('a fix of one entry leaves every other byte of the file alone', () => {
    const text = '{\n\t"crons": [\n\t\t{ "path": "/a", "schedule": "0 0 * * 7" },\n\t\t{ "path": "/b", "schedule": "@daily" }\n\t]\n}\n';
    const findings = jsonFindingsOf('invalid-schedule', text);
    assert.equal(findings.length, 2);
    assert.equal(applyJsonFix(text, findings[0]!.fixes[0]!), text.replace('"0 0 * * 7"', '"0 0 * * 0"'));
    assert.equal(applyJsonFix(text, findings[1]!.fixes[0]!), text.replace('"@daily"', '"0 0 * * *"'));
  });
  it(
    'day of week 0-7 folds to 0-6, not the redundant 0,0-6',
    () => {
      assert.equal(meaningPreservingRewrite('0 0 * * 0-7'), '0 0 * * 0-6');
    },
  );
  it(
    'a month-name fix leaves the day-of-week list as written',
    () => {
      assert.equal(meaningPreservingRewrite('0 0 * JAN 5,1'), '0 0 * 1 5,1');
    },
  );
});

describe('meaningPreservingRewrite', () => {
  const table: [string, string | undefined][] = [
    ['0 0 * * MON', '0 0 * * 1'],
    ['0 0 * * 7', '0 0 * * 0'],
    ['0 0 * * 5-7', '0 0 * * 0,5-6'],
    ['@daily', '0 0 * * *'],
    ['0 0 0 * * *', '0 0 * * *'],
    // nothing to rewrite, or no exact equivalent
    ['0 3 * * *', undefined],
    ['@reboot', undefined],
    ['30 0 0 * * *', undefined],
    ['0 0 12 * * 2026', undefined],
    ['0 0 * * */7', undefined],
    ['0 0 * * 1#2', undefined],
    ['not a schedule', undefined],
  ];
  for (const [input, output] of table) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(output)}`, () => assert.equal(meaningPreservingRewrite(input), output));
  }
});

describe('cron-schedule: Schedules entries', () => {
  it('a schedules entry is read in its own dialect, not from a cron of the same text: no Hobby rules', () => {
    const text = '{ "crons": [{ "path": "/a", "schedule": "*/30 * * * *" }], "schedules": [{ "name": "b", "schedule": "*/30 * * * *", "topic": "t" }] }';
    const rows = summary(text, checkJson(text)).filter(([code]) => code === 'hobby-frequency');
    assert.equal(rows.length, 1);
    assert.ok(checkJson(text).find((f) => f.code === 'hobby-frequency')!.span.start < text.indexOf('"schedules"'));
  });

  it('an entry with no schedule, or one that is no string: invalid-schedule', () => {
    const text = '{ "schedules": [{ "name": "a", "topic": "t" }, { "name": "b", "schedule": 5, "topic": "t" }] }';
    assert.deepEqual(summary(text, checkJson(text)).filter(([code]) => code === 'invalid-schedule'), [
      ['invalid-schedule', 'error', '"a"'],
      ['invalid-schedule', 'error', '5'],
    ]);
  });

  it('a zone that is no IANA name: invalid-timezone on the zone, with the closest names as fixes', () => {
    const text = '{ "schedules": [{ "name": "a", "schedule": "0 3 * * *", "timezone": "America/New York", "topic": "t" }] }';
    const finding = checkJson(text).find((f) => f.code === 'invalid-timezone')!;
    assert.equal(text.slice(finding.span.start, finding.span.end), '"America/New York"');
    assert.match(finding.message, /Did you mean America\/New_York/);
    assert.equal(finding.fixes[0]!.title, 'Change to "America/New_York"');
    const fixed = applyJsonFix(text, finding.fixes[0]!);
    assert.deepEqual(checkJson(fixed).filter((f) => f.code === 'invalid-timezone'), []);
    const city = checkJson('{ "schedules": [{ "name": "a", "schedule": "0 3 * * *", "timezone": "Berlin", "topic": "t" }] }').find((f) => f.code === 'invalid-timezone')!;
    assert.equal(city.fixes[0]!.title, 'Change to "Europe/Berlin"');
    const nothing = checkJson('{ "schedules": [{ "name": "a", "schedule": "0 3 * * *", "timezone": "Qqqqqqqqqqqqqqq", "topic": "t" }] }').find((f) => f.code === 'invalid-timezone')!;
    assert.deepEqual(nothing.fixes, []);
    const number = checkJson('{ "schedules": [{ "name": "a", "schedule": "0 3 * * *", "timezone": 5, "topic": "t" }] }').find((f) => f.code === 'invalid-timezone')!;
    assert.match(number.message, /must be a string/);
  });
});
