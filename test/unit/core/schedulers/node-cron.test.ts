import { describe } from 'node:test';
import { nodeCronReader } from '../../../../src/core/schedulers/node-cron';
import { readerTable } from './readerHarness';

describe('node-cron reader: schedule and createTask of node-cron', () => {
  readerTable(nodeCronReader, [
    {
      name: 'default import, no timezone: the process zone',
      files: { 'server.ts': "import cron from 'node-cron';\ncron.schedule('*/15 * * * * *', () => tick());" },
      jobs: ["*/15 * * * * * | '*/15 * * * * *' | process | handler () => tick() | -"],
    },
    {
      name: 'named createTask with timezone and name',
      files: { 'server.ts': "import { createTask } from 'node-cron';\nconst task = createTask('0 3 * * *', run, { timezone: 'Europe/Rome', name: 'nightly' });" },
      jobs: ["0 3 * * * | '0 3 * * *' | Europe/Rome | handler run | nightly"],
    },
    {
      name: 'require, and an imported const',
      files: { 'server.js': "const cron = require('node-cron');\nconst { EVERY } = require('./s');\nimport { HOURLY } from './s';\ncron.schedule(HOURLY, job);", 's.js': "export const HOURLY = '@hourly';" },
      jobs: ['@hourly | HOURLY | process | handler job | -'],
    },
    {
      name: 'options that cannot be read, a computed expression, another package: nothing',
      files: { 'server.ts': "import cron from 'node-cron';\nimport other from 'cron';\ncron.schedule('0 1 * * *', job, opts);\ncron.schedule('0 1 * * *', job, { ...opts });\ncron.schedule(`0 ${h} * * *`, job);\nother.schedule('0 1 * * *', job);\ncron.validate('0 1 * * *');" },
      jobs: [],
    },
  ]);
});
