/**
 * schedule-drift: the schedule a generated wrapper carries (the duplicate-run guard's `schedule`,
 * the Sentry monitor's `schedule.value`) against the route's schedules in vercel.json.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CRON_PATH, type Files, fixOnce, flowApp, type Row, rowsOf, single } from '../support/ruleHarness';

const guarded = (schedule: string): string => `export const GET = withCronRunGuard({ job: 'job', schedule: ${schedule}, lockSeconds: 300 }, async () => Response.json({}));\n`;
const monitored = (schedule: string): string =>
  `export const GET = withSentryCronMonitor('job', { schedule: { type: 'crontab', value: ${schedule} } }, async () => Response.json({}));\n`;

/** The app, vercel.json scheduling the route at each of `schedules`. */
function scheduledAt(route: string, ...schedules: string[]): Files {
  return { ...flowApp(route), 'vercel.json': JSON.stringify({ crons: schedules.map((schedule) => ({ path: CRON_PATH, schedule })) }, null, 2) + '\n' };
}

describe('schedule-drift: the table', () => {
  const cases: [name: string, files: Files, rows: Row[]][] = [
    ['the guard carries the schedule of vercel.json', scheduledAt(guarded("'0 5 * * *'"), '0 5 * * *'), []],
    ['the guard carries an old schedule', scheduledAt(guarded("'0 4 * * *'"), '0 5 * * *'), [['schedule-drift', 'warning', "'0 4 * * *'"]]],
    ['the Sentry monitor carries the schedule of vercel.json', scheduledAt(monitored("'0 5 * * *'"), '0 5 * * *'), []],
    ['the Sentry monitor carries an old schedule', scheduledAt(monitored("'30 5 * * *'"), '0 5 * * *'), [['schedule-drift', 'warning', "'30 5 * * *'"]]],
    ['one of two schedules of the route', scheduledAt(guarded("'0 6 * * *'"), '0 5 * * *', '0 6 * * *'), []],
    ['none of two schedules of the route', scheduledAt(guarded("'0 7 * * *'"), '0 5 * * *', '0 6 * * *'), [['schedule-drift', 'warning', "'0 7 * * *'"]]],
    ['a call of another name with a schedule', scheduledAt("export const GET = withLock({ schedule: '0 4 * * *' }, async () => Response.json({}));\n", '0 5 * * *'), []],
  ];
  for (const [name, files, rows] of cases) it(name, () => assert.deepEqual(rowsOf(['schedule-drift'], files), rows));
});

describe('schedule-drift: the fix', () => {
  it('writes the schedule of vercel.json in the quote the literal had, and settles', () => {
    const fixed = fixOnce('schedule-drift', scheduledAt(guarded('"0 4 * * *"'), '0 5 * * *'), /Use the schedule from vercel.json \("0 5 \* \* \*"\)/);
    assert.equal(fixed, guarded('"0 5 * * *"'));
  });
  it('none when the route has two schedules: which one the wrapper meant is not for the fix to guess', () => {
    assert.deepEqual(single('schedule-drift', scheduledAt(guarded("'0 7 * * *'"), '0 5 * * *', '0 6 * * *')).fixes, []);
  });
});
