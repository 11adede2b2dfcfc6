/**
 * The duplicate-run guard helper that the "Guard against duplicate runs" action writes into a
 * Next.js project, in canonical style (single quotes, semicolons, 2-space indent) for
 * `applyStyle` to adapt: no line that holds a quoted string may also hold an apostrophe.
 */
import { RUN_ANYWAY_HEADER, RUN_GUARD_EXPORT, type StoreKind } from '../protocol';
import { coreCode } from './core';
import { defaultGuardFile, interfaceStore } from './interfaceStore';
import { ioredisStore, nodeRedisStore, upstashStore } from './redisStores';
import { slotCode } from './slot';
import { blocks, source, type Source } from '../source';
import { neonStore, pgStore, postgresJsStore, vercelPostgresStore } from './sqlStores';
import type { StoreSection } from './store';

export { CRON_RUNS_TABLE } from './sqlStores';
export { STORE_STUB_TS } from './interfaceStore';

/** Each store's section; `file`, where the helper is written, is for messages that name it. */
const STORES: Record<StoreKind, (s: Source, file: string) => StoreSection> = {
  'upstash-redis': upstashStore,
  ioredis: ioredisStore,
  'node-redis': nodeRedisStore,
  pg: pgStore,
  'postgres-js': postgresJsStore,
  neon: neonStore,
  'vercel-postgres': vercelPostgresStore,
  interface: interfaceStore,
};

/** The claim store of a helper module: the duplicate-run guard's, and the QStash delivery guard's (qstashGuard.ts). */
export function storeSection(store: StoreKind, s: Source, file: string): StoreSection {
  return STORES[store](s, file);
}

/** The helper in TypeScript or JavaScript; `file`, relative to the project root, is where it will be written. */
export function runGuardModule(store: StoreKind, options: { typed: boolean; file?: string }): string {
  const s = source(options.typed);
  const section = STORES[store](s, options.file ?? defaultGuardFile(options.typed));
  const imports = [...(options.typed ? [`import type { NextApiRequest, NextApiResponse } from 'next';`] : []), ...section.imports];
  return `${blocks(moduleDoc(section.doc), imports.join('\n'), section.code, coreCode(s), slotCode(s))}\n`;
}

function moduleDoc(storeDoc: string[]): string {
  const lines = [
    'Runs each scheduled slot of a cron job once. Vercel can deliver one cron event more than once',
    'and a slow run can overlap the next, so a run first claims its slot, `cron:<job>:<slot>`, where',
    'the slot is the latest time at or before now that the schedule fires, in UTC (for a Vercel',
    'Schedules entry, on the clocks of its `timeZone`; the key is that instant in UTC):',
    '- a second request for a slot already claimed answers 200 `{ skipped: true, reason }` and logs',
    '  a `cron-skip` line, without running the handler;',
    '- a run that throws or answers with a 5xx status releases its slot, so a retry can run;',
    '- a claim expires after `lockSeconds`, which must cover the route maxDuration.',
    '',
    'Only a request with `Authorization: Bearer <CRON_SECRET>` claims a slot: anyone else could take',
    'it and make the real run skip. Other requests reach the handler untouched, and its own',
    'CRON_SECRET check refuses them.',
    '',
    `To run a job again on purpose, send \`${RUN_ANYWAY_HEADER}: 1\` together with that Authorization`,
    'header (Trigger Cron Route in Next Cron Routes offers "run anyway"). Without the secret the',
    'header changes nothing.',
    '',
    ...storeDoc,
    '',
    `Usage: \`export const GET = ${RUN_GUARD_EXPORT}({ job: 'cleanup', schedule: '0 3 * * *', lockSeconds: 300 }, handler);\``,
  ];
  return ['/**', ...lines.map((line) => (line ? ` * ${line}` : ' *')), ' */'].join('\n');
}
