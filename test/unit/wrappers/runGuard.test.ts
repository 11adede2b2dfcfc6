/**
 * The generated duplicate-run guard, run: with a store supplied to the interface variant, with
 * @upstash/redis against a local HTTP server that answers like Upstash (asserting the exact
 * command it sends), the interface store as generated (unimplemented) and implemented in place,
 * and a bad schedule.
 * Real Redis and PostgreSQL: runGuardStores.test.ts.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  AUTHORIZED,
  call,
  guardScenarios,
  Job,
  loadRunGuard,
  LOCK_SECONDS,
  logsOf,
  MemoryStore,
  type RunGuardModule,
  SECRET,
  slotKey,
  withSuppliedStore,
  YEARLY,
} from './support/runGuardHarness';
import { STORE_STUB_TS } from '../../../src/core/wrappers/runGuard';

/** The stub with its claim answering true, as if only release were left to implement. */
function implementClaimOnly(text: string): string {
  const claim = /async claim\(\) \{\n\s*throw new Error\([^\n]*\);\n\s*\}/;
  assert.match(text, claim);
  return text.replace(claim, 'async claim() {\n    return true;\n  }');
}

function useSecret(): void {
  let saved: string | undefined;
  before(() => {
    saved = process.env.CRON_SECRET;
    process.env.CRON_SECRET = SECRET;
  });
  after(() => {
    if (saved === undefined) delete process.env.CRON_SECRET;
    else process.env.CRON_SECRET = saved;
  });
}

describe('run guard: interface store, implemented', () => {
  useSecret();
  const store = new MemoryStore();
  const module = loadRunGuard('interface', { typed: true, edit: withSuppliedStore, modules: { 'supplied-store': { suppliedStore: store } } });
  guardScenarios('supplied store', {
    module: () => module,
    expire: async (key) => void store.expiries.set(key, Date.now() - 1),
    ttl: async (key) => ((store.expiries.get(key) ?? 0) - Date.now()) / 1000,
  });

  it('release errors are logged and never replace the outcome of the run', async () => {
    const failing = {
      claim: async () => true,
      release: async () => {
        throw new Error('store down');
      },
    };
    const guard = loadRunGuard('interface', { typed: true, edit: withSuppliedStore, modules: { 'supplied-store': { suppliedStore: failing } } });
    const job = new Job();
    job.outcome = 'throw';
    const route = guard.withCronRunGuard({ job: 'release-fails', schedule: YEARLY, lockSeconds: 60 }, job.app);
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      await assert.rejects(call('app', route, AUTHORIZED), (error) => error === job.error);
    } finally {
      console.error = original;
    }
    assert.equal(errors.length, 1);
    assert.deepEqual(JSON.parse(errors[0]!), { type: 'cron-release-failed', job: 'release-fails', key: slotKey('release-fails', YEARLY, guard), error: 'Error: store down' });
  });

  it('a store that cannot claim makes the authenticated request fail rather than run unguarded', async () => {
    const down = { claim: async () => Promise.reject(new Error('store down')), release: async () => {} };
    const guard = loadRunGuard('interface', { typed: true, edit: withSuppliedStore, modules: { 'supplied-store': { suppliedStore: down } } });
    const job = new Job();
    const route = guard.withCronRunGuard({ job: 'claim-fails', schedule: YEARLY, lockSeconds: 60 }, job.app);
    await assert.rejects(call('app', route, AUTHORIZED), /store down/);
    assert.equal(job.runs, 0);
  });
});

describe('run guard: interface stubs and schedules', () => {
  useSecret();

  for (const typed of [true, false]) {
    const language = typed ? 'TypeScript' : 'JavaScript';
    const file = `lib/cron-run-guard.${typed ? 'ts' : 'js'}`;
    for (const router of ['app', 'pages'] as const) {
      it(`${language} ${router}, as generated: an authenticated request fails with an Error saying what to implement where; others reach the handler`, async () => {
        const guard = loadRunGuard('interface', { typed });
        const job = new Job();
        const route = guard.withCronRunGuard({ job: 'stub', schedule: YEARLY, lockSeconds: 60 }, router === 'app' ? job.app : job.pages);
        assert.deepEqual(await call(router, route), { status: 401, body: { error: 'Unauthorized' } }, 'an unauthenticated request never reaches the store');
        // The route rejects, so Next.js answers 500 and logs this error with its message.
        await assert.rejects(call(router, route, AUTHORIZED), (error: unknown) => {
          assert.ok(error instanceof Error, `an Error, not ${String(error)}`);
          assert.equal(error.constructor, Error, `a plain Error, not a ${error.constructor.name}`);
          assert.match(error.message, new RegExp(`^Implement cronRunStore\\.claim\\(\\) in ${file.replace('.', '\\.')}: `));
          assert.match(error.message, /storage that every server instance shares/);
          return true;
        });
        assert.equal(job.runs, 0, 'the job never runs unguarded');
      });
    }

    it(`${language}, claim implemented but not release: a failed run logs what to implement and keeps its own outcome`, async () => {
      const guard = loadRunGuard('interface', { typed, edit: (text) => implementClaimOnly(text) });
      const job = new Job();
      job.outcome = 'fail';
      const route = guard.withCronRunGuard({ job: 'release-stub', schedule: YEARLY, lockSeconds: 60 }, job.app);
      const errors: string[] = [];
      const original = console.error;
      console.error = (line: string) => errors.push(line);
      try {
        assert.equal((await call('app', route, AUTHORIZED)).status, 500);
      } finally {
        console.error = original;
      }
      assert.equal(errors.length, 1);
      const line = JSON.parse(errors[0]!) as { type: string; error: string };
      assert.equal(line.type, 'cron-release-failed');
      assert.match(line.error, new RegExp(`^Error: Implement cronRunStore\\.release\\(\\) in ${file.replace('.', '\\.')}: `));
    });
  }

  it('a trivial in-memory store written where the stub was: a duplicate delivery is skipped', async () => {
    const inMemory = [
      'const claims = new Map<string, number>();',
      'export const cronRunStore: CronRunStore = {',
      '  async claim(key, ttlSeconds) {',
      '    if ((claims.get(key) ?? 0) > Date.now()) return false;',
      '    claims.set(key, Date.now() + ttlSeconds * 1000);',
      '    return true;',
      '  },',
      '  async release(key) {',
      '    claims.delete(key);',
      '  },',
      '};',
    ].join('\n');
    const guard = loadRunGuard('interface', {
      typed: true,
      edit: (text) => {
        assert.ok(text.includes(STORE_STUB_TS), 'the stub is one declaration to replace');
        return text.replace(STORE_STUB_TS, inMemory);
      },
    });
    const job = new Job();
    const route = guard.withCronRunGuard({ job: 'in-memory', schedule: YEARLY, lockSeconds: 60 }, job.app);
    const key = slotKey('in-memory', YEARLY, guard);
    assert.deepEqual(await call('app', route, AUTHORIZED), { status: 200, body: { ran: true } });
    const { result, lines } = await logsOf(() => call('app', route, AUTHORIZED));
    assert.deepEqual(result, { status: 200, body: { skipped: true, reason: `another run already claimed ${key}` } });
    assert.deepEqual(lines.map((l) => l.type), ['cron-skip']);
    assert.equal(job.runs, 1);
  });

  for (const typed of [true, false]) {
    it(`a malformed schedule fails when the route module loads (${typed ? 'TypeScript' : 'JavaScript'})`, () => {
      const guard = loadRunGuard('interface', { typed });
      assert.throws(() => guard.withCronRunGuard({ job: 'x', schedule: '0 3 * *', lockSeconds: 60 }, () => {}), /Expected 5 cron fields/);
      assert.throws(() => guard.withCronRunGuard({ job: 'x', schedule: '0 24 * * *', lockSeconds: 60 }, () => {}), /Cron field out of range: 24/);
      assert.throws(() => guard.withCronRunGuard({ job: 'x', schedule: '0 3 * * MON', lockSeconds: 60 }, () => {}), /Unsupported cron field: MON/);
    });
  }

  it('the key names the job and the slot of the schedule', async () => {
    const store = new MemoryStore();
    const guard = loadRunGuard('interface', { typed: true, edit: withSuppliedStore, modules: { 'supplied-store': { suppliedStore: store } } });
    const route = guard.withCronRunGuard({ job: 'cleanup-sessions', schedule: '0 3 * * *', lockSeconds: 60 }, new Job().app);
    await call('app', route, AUTHORIZED);
    const now = new Date();
    let day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    if (now.getUTCHours() < 3) day -= 24 * 60 * 60 * 1000;
    assert.deepEqual([...store.expiries.keys()], [`cron:cleanup-sessions:${new Date(day + 3 * 60 * 60 * 1000).toISOString()}`]);
  });
});

/**
 * Answers the Upstash REST API (POST a command as a JSON array, get `{ result }`) from a map, so
 * @upstash/redis runs unchanged; records every command it receives.
 */
class UpstashServer {
  readonly commands: unknown[][] = [];
  readonly values = new Map<string, { value: string; expiresAt: number }>();
  /** When set, the next SET answers this whatever the map holds. */
  forcedReply: 'OK' | null | undefined = undefined;
  private server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (request.headers.authorization !== 'Bearer upstash-token') {
        response.statusCode = 401;
        response.end(JSON.stringify({ error: 'unauthorized' }));
        return;
      }
      try {
        // The client batches commands issued together (auto-pipelining) into POST /pipeline.
        if (request.url === '/pipeline') {
          const commands = JSON.parse(body) as unknown[][];
          response.end(JSON.stringify(commands.map((command) => ({ result: this.execute(command) }))));
        } else {
          response.end(JSON.stringify({ result: this.execute(JSON.parse(body) as unknown[]) }));
        }
      } catch (error) {
        response.statusCode = 400;
        response.end(JSON.stringify({ error: String(error) }));
      }
    });
  });

  private execute(command: unknown[]): unknown {
    this.commands.push(command);
    const [name, key, value, ...options] = command as [string, string, string, ...unknown[]];
    const live = (k: string) => {
      const entry = this.values.get(k);
      return entry && entry.expiresAt > Date.now() ? entry : undefined;
    };
    if (name.toUpperCase() === 'DEL') return this.values.delete(key) ? 1 : 0;
    if (name.toUpperCase() !== 'SET') throw new Error(`unexpected command ${name}`);
    if (this.forcedReply !== undefined) {
      const reply = this.forcedReply;
      this.forcedReply = undefined;
      return reply;
    }
    const upper = options.map((o) => String(o).toUpperCase());
    if (upper.includes('NX') && live(key)) return null;
    const ex = Number(options[upper.indexOf('EX') + 1]);
    this.values.set(key, { value, expiresAt: Date.now() + ex * 1000 });
    return 'OK';
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('run guard: @upstash/redis over HTTP (a local server answering as Upstash)', { timeout: 30_000 }, () => {
  useSecret();
  const upstash = new UpstashServer();
  const saved: Record<string, string | undefined> = {};
  before(async () => {
    const url = await upstash.listen();
    for (const [name, value] of Object.entries({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: 'upstash-token' })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await upstash.close();
  });

  for (const typed of [true, false]) {
    const language = typed ? 'TypeScript' : 'JavaScript';
    let module: RunGuardModule;
    before(() => {
      module = loadRunGuard('upstash-redis', { typed });
    });

    it(`${language}: sends SET key value NX EX lockSeconds, and DEL when the run fails`, async () => {
      const job = new Job();
      const route = module.withCronRunGuard({ job: `upstash-${language}`, schedule: YEARLY, lockSeconds: LOCK_SECONDS }, job.app);
      const key = slotKey(`upstash-${language}`, YEARLY, module);
      upstash.commands.length = 0;
      job.outcome = 'fail';
      await call('app', route, AUTHORIZED);
      assert.equal(upstash.commands.length, 2, JSON.stringify(upstash.commands));
      const [set, del] = upstash.commands as [unknown[], unknown[]];
      assert.deepEqual(
        [String(set[0]).toUpperCase(), set[1], String(set[3]).toUpperCase(), String(set[4]).toUpperCase(), set[5]],
        ['SET', key, 'NX', 'EX', LOCK_SECONDS],
      );
      assert.equal(set.length, 6);
      assert.ok(!Number.isNaN(Date.parse(String(set[2]))), 'the value records when the claim was made');
      assert.deepEqual([String(del[0]).toUpperCase(), del[1]], ['DEL', key]);
    });

    it(`${language}: a null reply to SET NX is a duplicate: 200 skipped, handler not run`, async () => {
      const job = new Job();
      const route = module.withCronRunGuard({ job: `upstash-null-${language}`, schedule: YEARLY, lockSeconds: LOCK_SECONDS }, job.pages);
      upstash.forcedReply = null;
      const { result, lines } = await logsOf(() => call('pages', route, AUTHORIZED));
      const key = slotKey(`upstash-null-${language}`, YEARLY, module);
      assert.deepEqual(result, { status: 200, body: { skipped: true, reason: `another run already claimed ${key}` } });
      assert.deepEqual(lines.map((l) => l.type), ['cron-skip']);
      assert.equal(job.runs, 0);
    });

    it(`${language}: an unauthenticated request sends no command`, async () => {
      upstash.commands.length = 0;
      const route = module.withCronRunGuard({ job: 'upstash-anon', schedule: YEARLY, lockSeconds: LOCK_SECONDS }, new Job().app);
      assert.equal((await call('app', route, { authorization: 'Bearer nope' })).status, 401);
      assert.deepEqual(upstash.commands, []);
    });

    guardScenarios(`upstash ${language}`, {
      module: () => module,
      expire: async (key) => void upstash.values.delete(key),
      ttl: async (key) => ((upstash.values.get(key)?.expiresAt ?? 0) - Date.now()) / 1000,
    });
  }
});
