/**
 * What generated wrapper code and the tools that talk to it agree on. Generated helpers
 * carry these values as literals; the trigger command and the rules read them from here.
 */

/** Request header that asks the duplicate-run guard to run even if the slot already ran. Honoured only with a valid CRON_SECRET. */
export const RUN_ANYWAY_HEADER = 'x-cron-run-anyway';

/** Environment variable naming the webhook the monitoring wrapper posts failures to. */
export const ALERT_WEBHOOK_ENV = 'CRON_ALERT_WEBHOOK_URL';

/** Exported names of the generated helpers, and the call shapes a route uses. */
export const MONITORING_EXPORT = 'withCronMonitoring'; // withCronMonitoring('job', handler)
export const RUN_GUARD_EXPORT = 'withCronRunGuard'; // withCronRunGuard({ job: 'job', schedule: '0 3 * * *', lockSeconds: 300 }, handler)
export const SENTRY_EXPORT = 'withSentryCronMonitor'; // withSentryCronMonitor('slug', { schedule: { type: 'crontab', value: '0 3 * * *' }, checkinMargin, maxRuntime, timezone: 'Etc/UTC' }, handler)

/** Where the duplicate-run guard keeps its claims. */
export type StoreKind = 'upstash-redis' | 'ioredis' | 'node-redis' | 'pg' | 'postgres-js' | 'neon' | 'vercel-postgres' | 'interface';

/** The `--store` choices of `fix` and the quick pick, and the store kinds each covers. */
export const STORE_FAMILIES = {
  redis: ['upstash-redis', 'ioredis', 'node-redis'],
  sql: ['pg', 'postgres-js', 'neon', 'vercel-postgres'],
  interface: ['interface'],
} as const satisfies Record<string, readonly StoreKind[]>;

/** The npm package whose presence in package.json selects each store. */
export const STORE_PACKAGES: Record<Exclude<StoreKind, 'interface'>, string> = {
  'upstash-redis': '@upstash/redis',
  ioredis: 'ioredis',
  'node-redis': 'redis',
  pg: 'pg',
  'postgres-js': 'postgres',
  neon: '@neondatabase/serverless',
  'vercel-postgres': '@vercel/postgres',
};

/** The QStash delivery guard (#20): withQStashIdempotency({ job: 'job', lockSeconds: 300 }, handler) */
export const QSTASH_GUARD_EXPORT = 'withQStashIdempotency';
/** Monitoring of a Trigger.dev task's run (#20): run: withTaskMonitoring('task-id', async (payload) => { … }) */
export const TASK_MONITORING_EXPORT = 'withTaskMonitoring';
