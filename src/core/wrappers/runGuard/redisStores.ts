import type { Source } from '../source';
import { requiredEnvCode, type StoreSection } from './store';

/** Upstash speaks HTTP, so this variant also runs on the Edge runtime. */
export function upstashStore(s: Source): StoreSection {
  const { t } = s;
  return {
    imports: [`import { Redis } from '@upstash/redis';`],
    doc: [
      'Claims live in Upstash Redis over HTTP (Node.js and Edge runtimes): Redis.fromEnv() reads',
      'UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (or KV_REST_API_URL and KV_REST_API_TOKEN).',
    ],
    code: `let redis${t(': Redis | undefined')};

/** Created on the first claim, not at import: building the app imports this module without its env. */
function client()${t(': Redis')} {
  redis ??= Redis.fromEnv();
  return redis;
}

async function claimSlot(key${t(': string')}, ttlSeconds${t(': number')})${t(': Promise<boolean>')} {
  return (await client().set(key, new Date().toISOString(), { nx: true, ex: ttlSeconds })) === 'OK';
}

async function releaseSlot(key${t(': string')})${t(': Promise<void>')} {
  await client().del(key);
}`,
  };
}

export function ioredisStore(s: Source): StoreSection {
  const { t } = s;
  return {
    imports: [`import { Redis } from 'ioredis';`],
    doc: ['Claims live in Redis at REDIS_URL, through ioredis (Node.js runtime).'],
    code: `let redis${t(': Redis | undefined')};

/** One connection per server instance, opened on the first claim rather than at import. */
function client()${t(': Redis')} {
  redis ??= new Redis(requiredEnv('REDIS_URL'));
  return redis;
}

async function claimSlot(key${t(': string')}, ttlSeconds${t(': number')})${t(': Promise<boolean>')} {
  return (await client().set(key, new Date().toISOString(), 'EX', ttlSeconds, 'NX')) === 'OK';
}

async function releaseSlot(key${t(': string')})${t(': Promise<void>')} {
  await client().del(key);
}

${requiredEnvCode(s)}`,
  };
}

export function nodeRedisStore(s: Source): StoreSection {
  const { t } = s;
  return {
    imports: [`import { createClient${s.typed ? ', type RedisClientType' : ''} } from 'redis';`],
    doc: ['Claims live in Redis at REDIS_URL, through node-redis (the redis package, Node.js runtime).'],
    code: `let connection${t(': Promise<RedisClientType> | undefined')};

/** Connects once per server instance, on the first claim; after a failed attempt the next request tries again. */
function client()${t(': Promise<RedisClientType>')} {
  connection ??= createClient({ url: requiredEnv('REDIS_URL') })
    // Without a listener, a dropped connection would crash the process; the client reconnects by itself.
    .on('error', (error) => console.error(JSON.stringify({ type: 'cron-guard-redis-error', error: String(error) })))
    .connect()
    .catch((error) => {
      connection = undefined;
      throw error;
    });
  return connection;
}

async function claimSlot(key${t(': string')}, ttlSeconds${t(': number')})${t(': Promise<boolean>')} {
  const reply = await (await client()).set(key, new Date().toISOString(), { condition: 'NX', expiration: { type: 'EX', value: ttlSeconds } });
  return reply === 'OK';
}

async function releaseSlot(key${t(': string')})${t(': Promise<void>')} {
  await (await client()).del(key);
}

${requiredEnvCode(s)}`,
  };
}
