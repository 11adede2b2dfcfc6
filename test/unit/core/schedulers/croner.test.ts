import { describe } from 'node:test';
import { cronerReader } from '../../../../src/core/schedulers/croner';
import { readerTable } from './readerHarness';

describe('croner reader: new Cron and Cron of croner', () => {
  readerTable(cronerReader, [
    {
      name: 'new Cron with options and a function; Cron with a function only',
      files: { 'w.ts': "import { Cron } from 'croner';\nfunction tick() {}\nnew Cron('*/5 * * * *', { timezone: 'Europe/Oslo', name: 'poll' }, tick);\nCron('0 0 * * *', tick);" },
      jobs: ["*/5 * * * * | '*/5 * * * *' | Europe/Oslo | handler tick | poll", "0 0 * * * | '0 0 * * *' | process | handler tick | -"],
    },
    {
      name: 'compute-only (no function): the job is the construction',
      files: { 'w.ts': "const { Cron } = require('croner');\nconst next = new Cron('@daily').nextRun();" },
      jobs: ["@daily | '@daily' | process | handler new Cron('@daily') | -"],
    },
    {
      name: 'patterns and options the engine would misread say nothing',
      files: { 'w.ts': "import { Cron } from 'croner';\nnew Cron('0 0 0 * * * 2030', f);\nnew Cron('2030-01-01T00:00:00', f);\nnew Cron('0 0 * * 1', { domAndDow: true }, f);\nnew Cron('0 0 * * *', { utcOffset: 60 }, f);\nnew Cron('0 0 * * *', unknownThing, f);" },
      jobs: [],
    },
  ]);
});
