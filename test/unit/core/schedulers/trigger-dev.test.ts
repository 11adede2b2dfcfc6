import { describe } from 'node:test';
import { triggerDevReader } from '../../../../src/core/schedulers/trigger-dev';
import { readerTable } from './readerHarness';

describe('trigger-dev reader: schedules.task and schedules.create of @trigger.dev/sdk', () => {
  readerTable(triggerDevReader, [
    {
      name: 'a string cron is UTC; the id names the task and the job',
      files: { 'trigger/a.ts': "import { schedules } from '@trigger.dev/sdk';\nexport const t = schedules.task({ id: 'digest', cron: '0 */2 * * *', run: async () => {} });" },
      jobs: ["0 */2 * * * | '0 */2 * * *' | UTC | task digest | digest"],
    },
    {
      name: '{ pattern, timezone } from v3, the pattern a const',
      files: { 'trigger/a.ts': "import { schedules } from '@trigger.dev/sdk/v3';\nconst P = '0 9 * * 1';\nschedules.task({ id: 'w', cron: { pattern: P, timezone: 'Europe/Paris' }, run });" },
      jobs: ["0 9 * * 1 | '0 9 * * 1' | Europe/Paris | task w | w"],
    },
    {
      name: 'a window of minutes or hours is the jitter; a percentage leaves it unknown',
      files: { 'a.ts': "import { schedules } from '@trigger.dev/sdk';\nschedules.task({ id: 'a', cron: { pattern: '0 1 * * *', window: '2h' }, run });\nschedules.task({ id: 'b', cron: { pattern: '0 2 * * *', window: '30%' }, run });" },
      jobs: ["0 1 * * * | '0 1 * * *' | UTC | task a | a", "0 2 * * * | '0 2 * * *' | UTC | task b | b"],
      jitters: [{ from: 'minute', upToMinutes: 120 }, undefined],
    },
    {
      name: 'a pattern without timezone is UTC; namespace import',
      files: { 'a.ts': "import * as sdk from '@trigger.dev/sdk';\nsdk.schedules.task({ id: 'x', cron: { pattern: '0 5 * * *' }, run });" },
      jobs: ["0 5 * * * | '0 5 * * *' | UTC | task x | x"],
    },
    {
      name: 'schedules.create: the task by its id, the timezone option, externalId names the job',
      files: { 'a.ts': "import { schedules } from '@trigger.dev/sdk';\nawait schedules.create({ task: digest.id, cron: '0 8 * * *', timezone: 'America/Chicago', externalId: 'user-1', deduplicationKey: 'k' });" },
      jobs: ["0 8 * * * | '0 8 * * *' | America/Chicago | task digest.id | user-1"],
    },
    {
      name: 'a task without cron, a computed cron or zone, a task of another package: nothing',
      files: {
        'a.ts': "import { schedules, task } from '@trigger.dev/sdk';\nimport { schedules as other } from 'cronjobs';\nschedules.task({ id: 'a', run });\nschedules.task({ id: 'b', cron: make(), run });\nschedules.task({ id: 'c', cron: { pattern: '0 1 * * *', timezone: zone }, run });\nother.task({ id: 'd', cron: '0 1 * * *', run });\ntask({ id: 'e', run });",
      },
      jobs: [],
    },
  ]);
});
