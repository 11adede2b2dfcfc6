import { describe } from 'node:test';
import { nodeScheduleReader } from '../../../../src/core/schedulers/node-schedule';
import { readerTable } from './readerHarness';

describe('node-schedule reader: scheduleJob of node-schedule', () => {
  readerTable(nodeScheduleReader, [
    {
      name: 'spec and function; a name first when there are three arguments',
      files: { 'jobs.ts': "import schedule from 'node-schedule';\nschedule.scheduleJob('42 * * * *', job);\nschedule.scheduleJob('report', '0 6 * * 1', () => report());" },
      jobs: ["42 * * * * | '42 * * * *' | process | handler job | -", "0 6 * * 1 | '0 6 * * 1' | process | handler () => report() | report"],
    },
    {
      name: '{ rule, tz } gives the zone',
      files: { 'jobs.ts': "import { scheduleJob } from 'node-schedule';\nscheduleJob({ rule: '0 0 * * *', tz: 'Asia/Kolkata' }, job);" },
      jobs: ["0 0 * * * | '0 0 * * *' | Asia/Kolkata | handler job | -"],
    },
    {
      name: 'a date string, a RecurrenceRule, fields, a computed tz: no schedule said',
      files: { 'jobs.ts': "import * as schedule from 'node-schedule';\nschedule.scheduleJob('2030-01-01T00:00:00Z', job);\nschedule.scheduleJob(rule, job);\nschedule.scheduleJob({ hour: 3, minute: 0 }, job);\nschedule.scheduleJob({ rule: '0 0 * * *', tz: zone }, job);" },
      jobs: [],
    },
  ]);
});
