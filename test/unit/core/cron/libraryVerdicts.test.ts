import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Cron } from 'croner';
import nodeCron from 'node-cron';
import nodeSchedule from 'node-schedule';
import { explainCron } from '../../../../src/core/cron/engine';

/**
 * The dialects of the in-process schedulers held to the libraries themselves: on each expression
 * of the table, the engine finds no error exactly when the installed library accepts it. Where we
 * knowingly differ, the difference is listed with why, and must still be a difference.
 */
const EXPRESSIONS = [
  '0 3 * * *', '*/5 * * * * *', '0 0 3 * * * 2026', '0 3 * * MON', '0 3 * jan *', '0 3 * * mon-fri', '0 3 * * SUN-SAT', '0 3 * * Sun',
  '0 3 L * *', '0 3 * * 5L', '0 3 * * 1#2', '0 3 * * 1#6', '0 3 15W * *', '0 3 LW * *', '0 3 L-2 * *', '0 3 ? * 1', '0 0 3 ? * 1', '0 0 12 * * 1L',
  '0 3 * * 7', '0 3 * * 8', '0 3 * * 0-7', '0 3 1,15 * 1', '1,2 3 * * *', '0 3 1-5/2 * *', '0 0 */2 * * *',
  '@daily', '@midnight', '@hourly', '@weekly', '@yearly', '@annually', '@monthly', '@reboot', '@weekdays', '@minutely',
  'H 3 * * *', '0 60 * * *', '60 * * * * *', '0 3 32 * *', '0 3 0 * *', '0 3 * 13 *', '*/0 * * * *', '0 3 31 2 *',
  'CRON_TZ=UTC 0 3 * * *', 'TZ=UTC 0 3 * * *', '5-1 * * * *', '0 3 * * 7-1', '0 */90 * * *', '0 3 * * 5#1,5#3',
];

type Library = 'node-cron' | 'croner' | 'node-schedule';

const ACCEPTS: Record<Library, (expression: string) => boolean> = {
  'node-cron': (expression) => nodeCron.validate(expression),
  croner: (expression) => {
    try {
      new Cron(expression, { paused: true });
      return true;
    } catch {
      return false;
    }
  },
  'node-schedule': (expression) => {
    // scheduleJob answers null for a pattern cron-parser 4 refuses; a job it made is cancelled at once.
    const job = nodeSchedule.scheduleJob(expression, () => undefined);
    job?.cancel();
    return job !== null;
  },
};

/** Where the engine's verdict is not the library's, on purpose. */
const DIVERGENCES: Record<Library, Record<string, string>> = {
  'node-cron': {
    '0 3 31 2 *': 'the library refuses a date that never comes; the engine says never-fires, a warning',
    '5-1 * * * *': 'a backwards range is reported as an error: the library takes it, and what it then runs is not what was written',
    '0 3 * * 7-1': 'a backwards range, as above',
    '0 */90 * * *': 'a step larger than its range fires once (at 0): reported as an error, it is almost always a mistake',
  },
  croner: {
    '0 0 3 * * * 2026': "croner's seventh field (the year) is not read by the engine; the croner reader declares no job for such a pattern",
  },
  'node-schedule': {
    '0 3 31 2 *': 'the library refuses a date that never comes; the engine says never-fires, a warning',
    '0 */90 * * *': 'a step larger than its range, as for node-cron',
    '0 3 * * 5#1,5#3': 'cron-parser 4 refuses # in a list; the engine reads each item',
  },
};

describe('dialects of the in-process schedulers agree with the installed libraries', () => {
  after(() => nodeSchedule.gracefulShutdown());
  for (const library of Object.keys(ACCEPTS) as Library[]) {
    it(`${library}: the engine refuses what the library refuses, and accepts what it accepts`, () => {
      const wrong: string[] = [];
      for (const expression of EXPRESSIONS) {
        const ours = explainCron(expression, { dialect: library, from: new Date('2026-03-02T00:00:00Z'), runs: 1, describe: false }).valid;
        const theirs = ACCEPTS[library](expression);
        const divergent = expression in DIVERGENCES[library];
        if ((ours !== theirs) !== divergent) wrong.push(`${JSON.stringify(expression)}: engine ${ours ? 'accepts' : 'refuses'}, ${library} ${theirs ? 'accepts' : 'refuses'}${divergent ? ' (listed as a divergence)' : ''}`);
      }
      assert.deepEqual(wrong, []);
    });
  }
});
