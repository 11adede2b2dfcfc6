import { describe } from 'node:test';
import { qstashReader } from '../../../../src/core/schedulers/qstash';
import { readerTable } from './readerHarness';

const CLIENT = "import { Client } from '@upstash/qstash';\nconst client = new Client({ token: 't' });\n";

describe('qstash reader: client.schedules.create on a Client of @upstash/qstash', () => {
  readerTable(qstashReader, [
    {
      name: 'a literal, UTC',
      files: { 'scripts/a.ts': `${CLIENT}client.schedules.create({ destination: 'https://x.dev/api/a', cron: '0 4 * * *' });` },
      jobs: ["0 4 * * * | '0 4 * * *' | UTC | url https://x.dev/api/a | -"],
    },
    {
      name: 'the CRON_TZ= prefix gives the zone; scheduleId names the job',
      files: { 'a.ts': `${CLIENT}await client.schedules.create({ scheduleId: 'daily', destination: 'http://localhost:3000', cron: "CRON_TZ=Asia/Tokyo 0 9 * * *" });` },
      jobs: ['CRON_TZ=Asia/Tokyo 0 9 * * * | "CRON_TZ=Asia/Tokyo 0 9 * * *" | Asia/Tokyo | url http://localhost:3000 → / | daily'],
    },
    {
      name: 'a const of the same file: the span is its literal',
      files: { 'a.ts': `${CLIENT}const DAILY = '0 1 * * *' as const;\nclient.schedules.create({ destination: 'https://x.dev', cron: DAILY });` },
      jobs: ["0 1 * * * | '0 1 * * *' | UTC | url https://x.dev | -"],
    },
    {
      name: 'an imported const and an imported client (relative and default-less)',
      files: {
        'scripts/run.ts': "import { qstash } from '../lib/q';\nimport { NIGHTLY } from '../lib/s';\nqstash.schedules.create({ destination: `${base}/api/n`, cron: NIGHTLY });",
        'lib/q.ts': "import { Client } from '@upstash/qstash';\nexport const qstash = new Client({ token: '' });",
        'lib/s.ts': "export const NIGHTLY = '0 2 * * *';",
      },
      jobs: ['0 2 * * * | NIGHTLY | UTC | url `${base}/api/n` → /api/n | -'],
    },
    {
      name: 'namespace import and require',
      files: {
        'a.js': "const qs = require('@upstash/qstash');\nconst c = new qs.Client({});\nc.schedules.create({ destination: 'u', cron: '*/5 * * * *' });\nimport * as Q from '@upstash/qstash';\nnew Q.Client({}).schedules.create({ destination: 'v', cron: '0 * * * *' });",
      },
      jobs: ["*/5 * * * * | '*/5 * * * *' | UTC | url u | -", "0 * * * * | '0 * * * *' | UTC | url v | -"],
    },
    {
      name: 'computed: an env value, a let, a function result say nothing',
      files: { 'a.ts': `${CLIENT}let c = '0 1 * * *';\nclient.schedules.create({ destination: 'u', cron: process.env.CRON! });\nclient.schedules.create({ destination: 'u', cron: c });\nclient.schedules.create({ destination: 'u', cron: pick() });\nclient.schedules.create({ ...opts });` },
      jobs: [],
    },
    {
      name: "the Client of the package's first versions, from @upstash/qstash/nodejs",
      files: { 'a.ts': "import { Client } from '@upstash/qstash/nodejs';\nconst c = new Client({ token: '' });\nc.schedules.create({ destination: `${base}/api/a`, cron: '0 1 * * *' });" },
      jobs: ["0 1 * * * | '0 1 * * *' | UTC | url `${base}/api/a` → /api/a | -"],
    },
    {
      name: 'another package of the same shape is not QStash',
      files: { 'a.ts': "import { Client } from 'other-queue';\nnew Client().schedules.create({ destination: 'u', cron: '0 1 * * *' });\nconst x = { schedules: { create() {} } };\nx.schedules.create({ destination: 'u', cron: '0 1 * * *' });" },
      jobs: [],
    },
    {
      name: 'the method sent, and the path of a destination whose origin alone is computed',
      files: {
        'a.ts': [
          CLIENT,
          "client.schedules.create({ destination: process.env.APP_URL + '/api/cron/' + 'sync?x=1', cron: '0 1 * * *', method: 'get' });",
          "client.schedules.create({ destination: `https://${host}:3000/api/b`, cron: '0 2 * * *', method: 'PUT' });",
          "client.schedules.create({ destination: `${base}/api/${name}`, cron: '0 3 * * *' });",
          "client.schedules.create({ destination: base + '/api/' + name, cron: '0 4 * * *' });",
          "client.schedules.create({ destination: 'https://x.dev/v1' + base + '/c', cron: '0 5 * * *' });",
          "client.schedules.create({ destination: 'mailto:a@b.c', cron: '0 6 * * *' });",
          "client.schedules.create({ destination: 'u', cron: '0 7 * * *', method: verb });",
        ].join('\n'),
      },
      jobs: [
        "0 1 * * * | '0 1 * * *' | UTC | url GET process.env.APP_URL + '/api/cron/' + 'sync?x=1' → /api/cron/sync?x=1 | -",
        "0 2 * * * | '0 2 * * *' | UTC | url PUT `https://${host}:3000/api/b` → /api/b | -",
        "0 3 * * * | '0 3 * * *' | UTC | url `${base}/api/${name}` | -",
        "0 4 * * * | '0 4 * * *' | UTC | url base + '/api/' + name | -",
        "0 5 * * * | '0 5 * * *' | UTC | url 'https://x.dev/v1' + base + '/c' | -",
        "0 6 * * * | '0 6 * * *' | UTC | url mailto:a@b.c | -",
      ],
    },
    {
      name: 'half-typed code: the literal as typed so far (the checks then say what is missing)',
      files: { 'a.ts': `${CLIENT}client.schedules.create({ destination: 'u', cron: '0 1 * *` },
      jobs: ["0 1 * * | '0 1 * * | UTC | url u | -"],
    },
  ]);
});
