/**
 * `no-idempotency-guard` (issue #15, shape 9): a run is guarded when a claim whose result is
 * tested comes before the work, when a claim throws or ends the run on a duplicate, or when a key
 * derived from the run (not random, not the clock to the millisecond) is handed downstream; an
 * ignored claim, a random or time-of-call key and a read-then-write are not; an early exit the
 * analysis cannot read keeps the hint quiet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findHandler } from '../../../src/core/routes/handlers';
import { analyseClaims, type ClaimFacts } from '../../../src/core/wrappers/flow/claims';
import { runGuardModule } from '../../../src/core/wrappers/runGuard';
import { AUTH, flowApp, type FlowCase, flowTable, projectOf, ROUTE } from '../support/ruleHarness';

type Verdict = ClaimFacts['verdict'];

function route(imports: string, body: string): string {
  return `${imports}${imports ? '\n' : ''}export async function GET(request: Request) {\n${AUTH}${body}}\n`;
}

const WORK = "  await fetch('https://api.example.com/digest', { method: 'POST' });\n  return Response.json({ ok: true });\n";
const SKIP = 'return Response.json({ skipped: true })';
const IOREDIS = { 'lib/redis.ts': `import Redis from 'ioredis';\n\nexport const redis = new Redis(process.env.REDIS_URL!);\n` };
const UPSTASH = { 'lib/redis.ts': `import { Redis } from '@upstash/redis';\n\nexport const redis = Redis.fromEnv();\n` };
const TODAY = "  const today = new Date().toISOString().slice(0, 10);\n";

const claimed: FlowCase<Verdict>[] = [
  {
    name: "ioredis SET key value 'EX' n 'NX', compared with 'OK'",
    route: route(`import { redis } from '@/lib/redis';`, `${TODAY}  const ok = await redis.set(\`cron:digest:\${today}\`, '1', 'EX', 86400, 'NX');\n  if (ok !== 'OK') ${SKIP};\n${WORK}`),
    files: IOREDIS,
    verdict: 'claimed',
    why: /tested before the work/,
  },
  {
    name: 'node-redis set with { NX: true } inside the if',
    route: route(`import { createClient } from 'redis';`, `  const client = await createClient({ url: process.env.REDIS_URL }).connect();\n  if (!(await client.set('cron:digest', '1', { NX: true, EX: 3600 }))) ${SKIP};\n${WORK}`),
    verdict: 'claimed',
  },
  {
    name: '@upstash/redis set with { nx: true }',
    route: route(`import { redis } from '@/lib/redis';`, `  const claimed = await redis.set('cron:digest', 1, { nx: true, ex: 3600 });\n  if (!claimed) ${SKIP};\n${WORK}`),
    files: UPSTASH,
    verdict: 'claimed',
  },
  {
    name: 'setnx compared with 0',
    route: route(`import { redis } from '@/lib/redis';`, `  if ((await redis.setnx('cron:digest', Date.now())) === 0) ${SKIP};\n${WORK}`),
    files: IOREDIS,
    verdict: 'claimed',
  },
  {
    name: "redis.call('SET', key, 1, 'NX', 'EX', 60)",
    route: route(`import { redis } from '@/lib/redis';`, `  const reply = await redis.call('SET', 'cron:digest', '1', 'NX', 'EX', '60');\n  if (reply === null) ${SKIP};\n${WORK}`),
    files: IOREDIS,
    verdict: 'claimed',
  },
  {
    name: 'a claim helper in lib/ whose result the handler tests',
    route: route(`import { claimRun } from '@/lib/claim';`, `  if (!(await claimRun('digest'))) ${SKIP};\n${WORK}`),
    files: { ...UPSTASH, 'lib/claim.ts': `import { redis } from './redis';\n\nexport async function claimRun(job: string): Promise<boolean> {\n  const result = await redis.set(\`cron:\${job}\`, 1, { nx: true, ex: 3600 });\n  return result === 'OK';\n}\n` },
    verdict: 'claimed',
  },
  {
    name: 'a local withLock wrapper doing SET NX',
    route: `import { redis } from '@/lib/redis';\n\nasync function withLock(key: string, work: () => Promise<Response>): Promise<Response> {\n  const locked = await redis.set(key, 1, { nx: true, ex: 600 });\n  if (!locked) ${SKIP};\n  return work();\n}\n\nexport async function GET(request: Request) {\n${AUTH}  return withLock('cron:digest', async () => {\n  ${WORK}  });\n}\n`,
    files: UPSTASH,
    verdict: 'claimed',
  },
  {
    name: "@upstash/lock's acquire()",
    route: route(`import { Lock } from '@upstash/lock';\nimport { Redis } from '@upstash/redis';`, `  const lock = new Lock({ id: 'cron:digest', lease: 60_000, redis: Redis.fromEnv() });\n  if (!(await lock.acquire())) ${SKIP};\n${WORK}`),
    verdict: 'claimed',
  },
  {
    name: "redlock's using()",
    route: route(`import Redlock from 'redlock';\nimport Redis from 'ioredis';`, `  const redlock = new Redlock([new Redis()]);\n  return redlock.using(['cron:digest'], 60_000, async () => {\n  ${WORK}  });\n`),
    verdict: 'claimed',
    why: /using/,
  },
  {
    name: "redlock's acquire() awaited: it throws when the lock is held",
    route: route(`import { redlock } from '@/lib/redlock';`, `  const lock = await redlock.acquire(['cron:digest'], 60_000);\n  try {\n    await fetch('https://api.example.com/digest', { method: 'POST' });\n  } finally {\n    await lock.release();\n  }\n  return Response.json({ ok: true });\n`),
    files: { 'lib/redlock.ts': `import Redlock from 'redlock';\nimport Redis from 'ioredis';\n\nexport const redlock = new Redlock([new Redis(process.env.REDIS_URL!)]);\n` },
    verdict: 'claimed',
    why: /acquire/,
  },
  {
    name: '@upstash/ratelimit allowing one call a day',
    route: route(
      `import { Ratelimit } from '@upstash/ratelimit';\nimport { Redis } from '@upstash/redis';\n\nconst ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.fixedWindow(1, '1 d') });`,
      `  const { success } = await ratelimit.limit('cron:digest');\n  if (!success) ${SKIP};\n${WORK}`,
    ),
    verdict: 'claimed',
  },
  {
    name: 'prisma create on a unique run key, P2002 answered by returning',
    route: route(`import { prisma } from '@/lib/db';`, `${TODAY}  try {\n    await prisma.cronRun.create({ data: { job: 'digest', day: today } });\n  } catch (error) {\n    if ((error as { code?: string }).code === 'P2002') ${SKIP};\n    throw error;\n  }\n${WORK}`),
    files: { 'lib/db.ts': `import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n` },
    verdict: 'claimed',
    why: /unique-key violation/,
  },
  {
    name: 'prisma create(...).catch(P2002 → null), result tested',
    route: route(`import { prisma } from '@/lib/db';`, `  const run = await prisma.cronRun.create({ data: { job: 'digest' } }).catch((error) => {\n    if (error.code === 'P2002') return null;\n    throw error;\n  });\n  if (!run) ${SKIP};\n${WORK}`),
    files: { 'lib/db.ts': `import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n` },
    verdict: 'claimed',
  },
  {
    name: 'pg INSERT … ON CONFLICT DO NOTHING, rowCount tested',
    route: route(`import { pool } from '@/lib/pg';`, `${TODAY}  const { rowCount } = await pool.query('INSERT INTO cron_runs (job, day) VALUES ($1, $2) ON CONFLICT DO NOTHING', ['digest', today]);\n  if (rowCount === 0) ${SKIP};\n${WORK}`),
    files: { 'lib/pg.ts': `import { Pool } from 'pg';\n\nexport const pool = new Pool();\n` },
    verdict: 'claimed',
  },
  {
    name: 'neon tagged template with RETURNING, rows tested',
    route: route(`import { neon } from '@neondatabase/serverless';\n\nconst sql = neon(process.env.DATABASE_URL!);`, `${TODAY}  const rows = await sql\`INSERT INTO cron_runs (job, day) VALUES ('digest', \${today}) ON CONFLICT (job, day) DO NOTHING RETURNING day\`;\n  if (rows.length === 0) ${SKIP};\n${WORK}`),
    verdict: 'claimed',
  },
  {
    name: "drizzle's onConflictDoNothing().returning(), tested",
    route: route(`import { db } from '@/lib/db';\nimport { cronRuns } from '@/lib/schema';`, `${TODAY}  const inserted = await db.insert(cronRuns).values({ job: 'digest', day: today }).onConflictDoNothing().returning();\n  if (inserted.length === 0) ${SKIP};\n${WORK}`),
    files: { 'lib/db.ts': `import { drizzle } from 'drizzle-orm/node-postgres';\n\nexport const db = drizzle(process.env.DATABASE_URL!);\n`, 'lib/schema.ts': `export const cronRuns = {};\n` },
    verdict: 'claimed',
  },
  {
    name: "Stripe idempotencyKey from today's date",
    route: route(`import Stripe from 'stripe';\n\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);`, `${TODAY}  await stripe.payouts.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: \`payout-\${today}\` });\n  return Response.json({ ok: true });\n`),
    verdict: 'claimed',
    why: /idempotencyKey derived from a per-run value/,
  },
  {
    name: "QStash deduplicationId from date-fns format(now, 'yyyy-MM-dd')",
    route: route(`import { Client } from '@upstash/qstash';\nimport { format } from 'date-fns';\n\nconst qstash = new Client({ token: process.env.QSTASH_TOKEN! });`, `  await qstash.publishJSON({ url: 'https://example.com/api/send-digest', body: {}, deduplicationId: \`digest-\${format(new Date(), 'yyyy-MM-dd')}\` });\n  return Response.json({ ok: true });\n`),
    verdict: 'claimed',
    why: /deduplicationId/,
  },
  {
    name: 'an Idempotency-Key header from the day number (Math.floor(Date.now() / 86_400_000))',
    route: route('', `  const day = Math.floor(Date.now() / 86_400_000);\n  await fetch('https://api.example.com/charge', { method: 'POST', headers: { 'Idempotency-Key': \`charge-\${day}\` } });\n  return Response.json({ ok: true });\n`),
    verdict: 'claimed',
    why: /Idempotency-Key/,
  },
  {
    name: 'a per-item key from the data (invoice id)',
    route: route(`import Stripe from 'stripe';\nimport { dueInvoices } from '@/lib/invoices';\n\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);`, `  for (const invoice of await dueInvoices()) {\n    await stripe.paymentIntents.create({ amount: invoice.amount, currency: 'usd' }, { idempotencyKey: \`invoice-\${invoice.id}\` });\n  }\n  return Response.json({ ok: true });\n`),
    files: { 'lib/invoices.ts': `export async function dueInvoices(): Promise<{ id: string; amount: number }[]> {\n  return [];\n}\n` },
    verdict: 'claimed',
  },
];

const unseen: FlowCase<Verdict>[] = [
  {
    name: 'an early exit on a lock package the analysis does not know',
    route: route(`import { acquireLock } from 'acme-locks';`, `  if (!(await acquireLock('cron:digest'))) ${SKIP};\n${WORK}`),
    verdict: 'unseen',
    why: /acme-locks/,
  },
  {
    name: 'an early exit on a helper whose module does not resolve',
    route: route(`import { alreadyRan } from '@/lib/runs';`, `  if (await alreadyRan('digest')) ${SKIP};\n${WORK}`),
    verdict: 'unseen',
    why: /alreadyRan/,
  },
  {
    name: 'wrapped by a package the analysis does not know',
    route: `import { withSingleRun } from 'acme-cron';\n\nexport const GET = withSingleRun(async (request: Request) => {\n${AUTH}${WORK}});\n`,
    verdict: 'unseen',
    why: /acme-cron/,
  },
];

const unclaimed: FlowCase<Verdict>[] = [
  { name: 'no claim at all', route: route('', WORK), verdict: 'unclaimed' },
  {
    name: 'SET NX whose result is ignored',
    route: route(`import { redis } from '@/lib/redis';`, `  await redis.set('cron:digest', 1, { nx: true, ex: 3600 });\n${WORK}`),
    files: UPSTASH,
    verdict: 'unclaimed',
    why: /nothing tests its result/,
  },
  {
    name: 'SET NX assigned but never tested',
    route: route(`import { redis } from '@/lib/redis';`, `  const claimed = await redis.set('cron:digest', 1, { nx: true, ex: 3600 });\n  console.log({ claimed });\n${WORK}`),
    files: UPSTASH,
    verdict: 'unclaimed',
  },
  {
    name: 'read, then write: two deliveries both read nothing',
    route: route(`import { redis } from '@/lib/redis';`, `  if (await redis.get('cron:digest')) ${SKIP};\n  await redis.set('cron:digest', 1, { ex: 3600 });\n${WORK}`),
    files: UPSTASH,
    verdict: 'unclaimed',
  },
  {
    name: 'idempotencyKey from randomUUID()',
    route: route(`import { randomUUID } from 'node:crypto';\nimport Stripe from 'stripe';\n\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);`, `  await stripe.payouts.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: randomUUID() });\n  return Response.json({ ok: true });\n`),
    verdict: 'unclaimed',
    why: /random id/,
  },
  {
    name: 'idempotencyKey from Date.now()',
    route: route(`import Stripe from 'stripe';\n\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);`, `  const key = \`payout-\${Date.now()}\`;\n  await stripe.payouts.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: key });\n  return Response.json({ ok: true });\n`),
    verdict: 'unclaimed',
    why: /time of the call/,
  },
  {
    name: 'deduplicationId from the full ISO timestamp',
    route: route(`import { Client } from '@upstash/qstash';\n\nconst qstash = new Client({ token: process.env.QSTASH_TOKEN! });`, `  await qstash.publishJSON({ url: 'https://example.com/api/send', body: {}, deduplicationId: new Date().toISOString() });\n  return Response.json({ ok: true });\n`),
    verdict: 'unclaimed',
    why: /time of the call/,
  },
  {
    name: 'a constant idempotencyKey is the same for every run',
    route: route(`import Stripe from 'stripe';\n\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);`, `  await stripe.payouts.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: 'daily-payout' });\n  return Response.json({ ok: true });\n`),
    verdict: 'unclaimed',
    why: /same for every run/,
  },
  {
    name: 'a rate limiter allowing ten calls a window',
    route: route(
      `import { Ratelimit } from '@upstash/ratelimit';\nimport { Redis } from '@upstash/redis';\n\nconst ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(10, '1 h') });`,
      `  const { success } = await ratelimit.limit('cron:digest');\n  if (!success) ${SKIP};\n${WORK}`,
    ),
    verdict: 'unclaimed',
  },
  {
    name: 'ON CONFLICT DO NOTHING whose row count nobody reads',
    route: route(`import { pool } from '@/lib/pg';`, `  await pool.query('INSERT INTO cron_runs (job) VALUES ($1) ON CONFLICT DO NOTHING', ['digest']);\n${WORK}`),
    files: { 'lib/pg.ts': `import { Pool } from 'pg';\n\nexport const pool = new Pool();\n` },
    verdict: 'unclaimed',
  },
  {
    name: 'an insert whose failure is only logged',
    route: route(`import { prisma } from '@/lib/db';`, `  try {\n    await prisma.cronRun.create({ data: { job: 'digest' } });\n  } catch (error) {\n    console.error(error);\n  }\n${WORK}`),
    files: { 'lib/db.ts': `import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n` },
    verdict: 'unclaimed',
  },
  {
    name: 'an unknown auth helper in an early exit is a request check, not a claim',
    route: `import { verifyCron } from 'acme-auth';\n\nexport async function GET(request: Request) {\n  if (!verifyCron(request)) return new Response('Unauthorized', { status: 401 });\n${WORK}}\n`,
    verdict: 'unclaimed',
  },
];

describe('no-idempotency-guard: claims that gate the work', () => flowTable(claimed, analyseClaims, 'no-idempotency-guard', 'unclaimed'));
describe('no-idempotency-guard: early exits the analysis cannot read keep it quiet', () => flowTable(unseen, analyseClaims, 'no-idempotency-guard', 'unclaimed'));
describe('no-idempotency-guard: nothing claims the run (the hint)', () => flowTable(unclaimed, analyseClaims, 'no-idempotency-guard', 'unclaimed'));

describe('no-idempotency-guard: more client shapes', () =>
  flowTable(
    [
      {
        name: "node-redis 5's { condition: 'NX' }",
        route: route(`import { createClient } from 'redis';`, `  const client = await createClient().connect();\n  const reply = await client.set('cron:digest', '1', { condition: 'NX', expiration: { type: 'EX', value: 60 } });\n  if (reply !== 'OK') ${SKIP};\n${WORK}`),
        verdict: 'claimed',
      },
      {
        name: 'an upsert that updates only an expired claim and returns it, from a query constant',
        route: route(
          `import { Pool } from 'pg';\n\nconst pool = new Pool();\nconst CLAIM = ['INSERT INTO cron_runs (key, expires_at) VALUES ($1, now() + interval \\'1 day\\')', 'ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at', 'WHERE cron_runs.expires_at < now()', 'RETURNING key'].join(' ');`,
          `  const result = await pool.query(CLAIM, ['cron:digest']);\n  if (result.rows.length === 0) ${SKIP};\n${WORK}`,
        ),
        verdict: 'claimed',
      },
      {
        name: 'an upsert that always updates claims nothing',
        route: route(`import { Pool } from 'pg';\n\nconst pool = new Pool();`, `  const result = await pool.query('INSERT INTO cron_runs (key) VALUES ($1) ON CONFLICT (key) DO UPDATE SET at = now() RETURNING key', ['cron:digest']);\n  if (result.rows.length === 0) ${SKIP};\n${WORK}`),
        verdict: 'unclaimed',
      },
    ],
    analyseClaims,
    'no-idempotency-guard',
    'unclaimed',
  ));

describe("no-idempotency-guard: our own generated guard is a claim by its data flow, not only by its name", () => {
  for (const store of ['ioredis', 'upstash-redis', 'node-redis', 'pg', 'postgres-js', 'neon', 'vercel-postgres'] as const) {
    it(store, () => {
      const files = flowApp(`import { withCronRunGuard } from '@/lib/cron-run-guard';\n\nexport const GET = withCronRunGuard({ job: 'job', schedule: '0 5 * * *', lockSeconds: 300 }, async (request: Request) => {\n${AUTH}${WORK}});\n`, {
        'lib/cron-run-guard.ts': runGuardModule(store, { typed: true, file: 'lib/cron-run-guard.ts' }),
      });
      const project = projectOf(files);
      const handler = findHandler(project.ts(), project.sourceFile(ROUTE)!, 'app')!;
      assert.equal(analyseClaims(project, ROUTE, handler).verdict, 'claimed');
    });
  }
});
