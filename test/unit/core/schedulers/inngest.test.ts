import { describe } from 'node:test';
import { inngestReader } from '../../../../src/core/schedulers/inngest';
import { readerTable } from './readerHarness';

const CLIENT = { 'inngest/client.ts': "import { Inngest } from 'inngest';\nexport const inngest = new Inngest({ id: 'app' });" };

describe('inngest reader: createFunction on an Inngest client', () => {
  readerTable(inngestReader, [
    {
      name: 'current form: triggers in the options, TZ= gives the zone',
      files: { 'inngest/f.ts': "import { inngest } from './client';\nexport const f = inngest.createFunction({ id: 'digest', triggers: { cron: 'TZ=Europe/Paris 0 12 * * 5' } }, async () => {});", ...CLIENT },
      jobs: ["TZ=Europe/Paris 0 12 * * 5 | 'TZ=Europe/Paris 0 12 * * 5' | Europe/Paris | function digest | digest"],
    },
    {
      name: 'older form: a trigger array second, with an event beside the cron',
      files: { 'inngest/f.ts': "import { inngest } from './client';\ninngest.createFunction({ id: 'n' }, [{ event: 'a/b' }, { cron: '0 0 * * *' }], handler);", ...CLIENT },
      jobs: ["0 0 * * * | '0 0 * * *' | UTC | function n | n"],
    },
    {
      name: 'a client made in the same file',
      files: { 'f.ts': "import { Inngest } from 'inngest';\nconst client = new Inngest({ id: 'a' });\nclient.createFunction({ id: 'x' }, { cron: '*/10 * * * *' }, fn);" },
      jobs: ["*/10 * * * * | '*/10 * * * *' | UTC | function x | x"],
    },
    {
      name: 'an unknown client, an undocumented key, a computed cron: nothing',
      files: { 'inngest/f.ts': "import { inngest } from './client';\nimport { other } from 'elsewhere';\nother.createFunction({ id: 'a' }, { cron: '0 0 * * *' }, fn);\ninngest.createFunction({ id: 'b' }, { cron: '0 0 * * *', timezone: 'UTC' }, fn);\ninngest.createFunction({ id: 'c', triggers: { cron: spec } }, fn);", ...CLIENT },
      jobs: [],
    },
  ]);
});
