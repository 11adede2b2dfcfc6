import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dstChanges } from '../../../../src/core/cron/dst';
import { explainCron } from '../../../../src/core/cron/engine';

const FROM = new Date('2026-11-28T01:48:00Z');

function changes(expression: string, zone: string, from = FROM) {
  const schedule = explainCron(expression, { dialect: 'vercel-schedules', scheduleTimeZone: zone, from, runs: 0 }).schedule!;
  return dstChanges(schedule, zone, from);
}

describe('dstChanges', () => {
  it('New York: 02:30 daily is skipped in March, 01:30 daily happens twice in November', () => {
    assert.deepEqual(changes('30 2 * * *', 'America/New_York'), [{ kind: 'skipped', date: '2027-03-14', from: '02:00', to: '03:00', times: ['02:30'] }]);
    assert.deepEqual(changes('30 1 * * *', 'America/New_York'), [{ kind: 'repeated', date: '2027-11-07', from: '01:00', to: '02:00', times: ['01:30'] }]);
  });

  it('every quarter hour names each run inside the window', () => {
    assert.deepEqual(changes('*/15 2 * * *', 'Europe/Berlin')[0]!.times, ['02:00', '02:15', '02:30', '02:45']);
  });

  it('the southern hemisphere changes the other way round, in its own months', () => {
    assert.deepEqual(
      changes('30 2 * * *', 'Australia/Sydney').map((c) => [c.kind, c.date, c.from, c.to]),
      [
        ['repeated', '2027-04-04', '02:00', '03:00'],
        ['skipped', '2027-10-03', '02:00', '03:00'],
      ],
    );
  });

  it('nothing for UTC, a zone without DST, a run outside the window, or a day the schedule does not fire', () => {
    assert.deepEqual(changes('30 2 * * *', 'UTC'), []);
    assert.deepEqual(changes('30 2 * * *', 'Asia/Tokyo'), []);
    assert.deepEqual(changes('0 9 * * *', 'America/New_York'), []);
    assert.deepEqual(changes('30 2 * * 1', 'America/New_York'), []);
    assert.deepEqual(changes('30 2 1 * *', 'America/New_York'), []);
  });

  it('only changes after the instant: a change already past is not named', () => {
    assert.deepEqual(changes('30 2 * * *', 'America/New_York', new Date('2027-03-20T00:00:00Z')).map((c) => c.date), ['2028-03-12']);
  });
});
