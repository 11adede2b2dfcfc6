/**
 * The generated duplicate-run guard against a real redis-server and a real PostgreSQL, started by
 * the test on free 127.0.0.1 ports (support/servers.ts): ioredis, node-redis, pg and postgres.js
 * run unchanged; @neondatabase/serverless and @vercel/postgres speak HTTP or WebSocket to their
 * services, so their tagged-template `sql` is stood in for by one that sends the same
 * parameterised statement ($1, $2, ...) through pg, which still runs their SQL for real.
 * Each client import is wrapped to count the clients the helper creates: one per module, lazily.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis as IORedis } from 'ioredis';
import { Pool } from 'pg';
import realPostgres from 'postgres';
import { createClient } from 'redis';
import type { StoreKind } from '../../../src/core/wrappers/protocol';
import { CRON_RUNS_TABLE } from '../../../src/core/wrappers/runGuard';
import { AUTHORIZED, call, guardScenarios, Job, loadRunGuard, type RunGuardModule, SECRET, YEARLY } from './support/runGuardHarness';
import { type Server, skipUnless, startPostgres, startRedis } from './support/servers';

/** Sets environment variables until the suite ends. */
function useEnv(values: () => Record<string, string>): void {
  const saved: Record<string, string | undefined> = {};
  before(() => {
    for (const [name, value] of Object.entries(values())) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

/** One client module stood in for by a wrapper that records what the helper creates. */
interface Client {
  modules: Record<string, unknown>;
  created: unknown[];
  close(): Promise<void>;
}

interface StoreUnderTest {
  store: StoreKind;
  client(): Client;
}

/** Registers, per store and language, the shared scenarios plus the lazy single client. */
function storeSuites(stores: StoreUnderTest[], admin: { expire(key: string): Promise<void>; ttl(key: string): Promise<number | undefined> }): void {
  for (const { store, client } of stores) {
    for (const typed of [true, false]) {
      describe(`${store} (${typed ? 'TypeScript' : 'JavaScript'})`, () => {
        let module: RunGuardModule;
        let recorded: Client;
        before(() => {
          recorded = client();
          module = loadRunGuard(store, { typed, modules: recorded.modules });
        });
        after(() => recorded.close());

        it('creates no client at import, none for an unauthenticated request, then one for the first claim', async () => {
          const route = module.withCronRunGuard({ job: `${store}-lazy-${typed}`, schedule: YEARLY, lockSeconds: 60 }, new Job().app);
          assert.equal(recorded.created.length, 0);
          assert.equal((await call('app', route)).status, 401);
          assert.equal(recorded.created.length, 0);
          assert.equal((await call('app', route, AUTHORIZED)).status, 200);
          assert.equal(recorded.created.length, 1);
        });

        guardScenarios(store, { module: () => module, ...admin });

        it('every request shared the one client', () => {
          assert.equal(recorded.created.length, 1);
        });
      });
    }
  }
}

describe('run guard stores against a real redis-server', { skip: skipUnless('redis'), timeout: 60_000 }, () => {
  let server: Server;
  let admin: IORedis;
  before(async () => {
    server = await startRedis();
    admin = new IORedis(server.url);
  });
  after(async () => {
    await admin?.quit();
    await server?.stop();
  });
  useEnv(() => ({ REDIS_URL: server.url, CRON_SECRET: SECRET }));

  storeSuites(
    [
      {
        store: 'ioredis',
        client: () => {
          const created: IORedis[] = [];
          class Recorded extends IORedis {
            constructor(url: string) {
              super(url);
              created.push(this);
            }
          }
          return { modules: { ioredis: { Redis: Recorded } }, created, close: async () => void (await Promise.all(created.map((c) => c.quit()))) };
        },
      },
      {
        store: 'node-redis',
        client: () => {
          const created: ReturnType<typeof createClient>[] = [];
          const recorded = (options: Parameters<typeof createClient>[0]) => {
            const client = createClient(options);
            created.push(client);
            return client;
          };
          return { modules: { redis: { createClient: recorded } }, created, close: async () => void (await Promise.all(created.map((c) => c.close()))) };
        },
      },
    ],
    {
      // PEXPIRE 1 and wait for Redis to drop the key, as it would when the TTL ran out.
      expire: async (key) => {
        await admin.pexpire(key, 1);
        while ((await admin.exists(key)) === 1) await new Promise((resolve) => setImmediate(resolve));
      },
      ttl: async (key) => admin.ttl(key),
    },
  );
});

/** A tagged template that sends its statement as `$1, $2, ...` with parameters, as Neon and @vercel/postgres do. */
function taggedOver(pool: Pool) {
  return (strings: TemplateStringsArray, ...values: unknown[]) => {
    const text = strings.reduce((query, part, i) => `${query}$${i}${part}`);
    return pool.query(text, values);
  };
}

describe('run guard stores against a real PostgreSQL', { skip: skipUnless('postgres'), timeout: 60_000 }, () => {
  let server: Server;
  let admin: Pool;
  before(async () => {
    server = await startPostgres();
    admin = new Pool({ connectionString: server.url });
    await admin.query(CRON_RUNS_TABLE);
  });
  after(async () => {
    await admin?.end();
    await server?.stop();
  });
  useEnv(() => ({ DATABASE_URL: server.url, CRON_SECRET: SECRET }));

  storeSuites(
    [
      {
        store: 'pg',
        client: () => {
          const created: Pool[] = [];
          class Recorded extends Pool {
            constructor(config: ConstructorParameters<typeof Pool>[0]) {
              super(config);
              created.push(this);
            }
          }
          return { modules: { pg: { Pool: Recorded } }, created, close: async () => void (await Promise.all(created.map((p) => p.end()))) };
        },
      },
      {
        store: 'postgres-js',
        client: () => {
          const created: ReturnType<typeof realPostgres>[] = [];
          const recorded = (url: string) => {
            // postgres.js prints NOTICEs by default; keep the test output to the results.
            const sql = realPostgres(url, { onnotice: () => {} });
            created.push(sql);
            return sql;
          };
          return { modules: { postgres: recorded }, created, close: async () => void (await Promise.all(created.map((sql) => sql.end()))) };
        },
      },
      {
        store: 'neon',
        client: () => {
          const created: Pool[] = [];
          // neon() resolves the tag to the rows.
          const neon = (url: string) => {
            const pool = new Pool({ connectionString: url });
            created.push(pool);
            const tag = taggedOver(pool);
            return async (strings: TemplateStringsArray, ...values: unknown[]) => (await tag(strings, ...values)).rows;
          };
          return { modules: { '@neondatabase/serverless': { neon } }, created, close: async () => void (await Promise.all(created.map((p) => p.end()))) };
        },
      },
      {
        store: 'vercel-postgres',
        client: () => {
          // @vercel/postgres exports one `sql` that connects on its first query (to POSTGRES_URL), resolving to a QueryResult.
          const created: Pool[] = [];
          let tag: ReturnType<typeof taggedOver> | undefined;
          const sql = (strings: TemplateStringsArray, ...values: unknown[]) => {
            if (!tag) {
              const pool = new Pool({ connectionString: process.env.DATABASE_URL });
              created.push(pool);
              tag = taggedOver(pool);
            }
            return tag(strings, ...values);
          };
          return { modules: { '@vercel/postgres': { sql } }, created, close: async () => void (await Promise.all(created.map((p) => p.end()))) };
        },
      },
    ],
    {
      expire: async (key) => void (await admin.query('UPDATE cron_runs SET expires_at = now() - make_interval(secs => 1) WHERE key = $1', [key])),
      ttl: async (key) => {
        const { rows } = await admin.query<{ left: string }>('SELECT extract(epoch FROM expires_at - now()) AS left FROM cron_runs WHERE key = $1', [key]);
        return rows[0] ? Number(rows[0].left) : undefined;
      },
    },
  );
});
