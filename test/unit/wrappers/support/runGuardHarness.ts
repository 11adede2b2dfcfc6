/**
 * Runs a generated duplicate-run guard as a module and drives it the way Next.js does: App Router
 * handlers get a Request and answer with a Response, Pages Router handlers get req and res.
 * `guardScenarios` registers the behaviour every store must show, against whatever store backs it.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RUN_ANYWAY_HEADER, type StoreKind } from '../../../../src/core/wrappers/protocol';
import { runGuardModule, STORE_STUB_TS } from '../../../../src/core/wrappers/runGuard';
import { loadModule } from '../../snippets/support';

export const SECRET = 'test-cron-secret';
export const AUTHORIZED = { authorization: `Bearer ${SECRET}` };
/** Once a year: every call of a test lands in the same slot. */
export const YEARLY = '0 0 1 1 *';
export const LOCK_SECONDS = 300;

export interface GuardOptions {
  job: string;
  schedule: string;
  timeZone?: string;
  lockSeconds: number;
}
export type Guard = <H>(options: GuardOptions, handler: H) => H;
export interface RunGuardModule {
  withCronRunGuard: Guard;
  previousCronSlot: (schedule: string, now: Date, timeZone?: string) => Date;
}

/** The generated module, run; `modules` stands in for imports, `edit` changes the text first. */
export function loadRunGuard(store: StoreKind, options: { typed: boolean; modules?: Record<string, unknown>; edit?: (text: string) => string }): RunGuardModule {
  const text = (options.edit ?? ((t: string) => t))(runGuardModule(store, { typed: options.typed }));
  return loadModule(text, options.typed ? 'cron-run-guard.ts' : 'cron-run-guard.js', options.modules) as unknown as RunGuardModule;
}

/** The interface variant with `store` supplied where the user would write theirs. */
export function withSuppliedStore(text: string): string {
  assert.ok(text.includes(STORE_STUB_TS), 'the stub line is where the user supplies a store');
  return `import { suppliedStore } from 'supplied-store';\n${text.replace(STORE_STUB_TS, 'export const cronRunStore: CronRunStore = suppliedStore;')}`;
}

/** A store in memory, atomic within this process: what a test needs, never what a deployment should use. */
export class MemoryStore {
  readonly expiries = new Map<string, number>();
  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > Date.now()) return false;
    this.expiries.set(key, Date.now() + ttlSeconds * 1000);
    return true;
  }
  async release(key: string): Promise<void> {
    this.expiries.delete(key);
  }
}

/** The key a call made now claims. */
export function slotKey(job: string, schedule: string, module: RunGuardModule): string {
  return `cron:${job}:${module.previousCronSlot(schedule, new Date()).toISOString()}`;
}

export type Router = 'app' | 'pages';
export type Outcome = 'ok' | 'throw' | 'fail';
export interface Answer {
  status: number;
  body: unknown;
}

/**
 * A cron job as a route would write it, with its own CRON_SECRET check: counts the runs that got
 * past that check, and ends as `outcome()` says.
 */
export class Job {
  runs = 0;
  refused = 0;
  outcome: Outcome = 'ok';
  readonly error = new Error('the job failed');

  private authorized(header: string | null | undefined): boolean {
    const ok = !!process.env.CRON_SECRET && header === `Bearer ${process.env.CRON_SECRET}`;
    if (ok) this.runs++;
    else this.refused++;
    return ok;
  }

  app = async (request: Request): Promise<Response> => {
    if (!this.authorized(request.headers.get('authorization'))) return Response.json({ error: 'Unauthorized' }, { status: 401 });
    // Lets concurrent calls interleave, as a real job awaiting I/O would.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.outcome === 'throw') throw this.error;
    if (this.outcome === 'fail') return Response.json({ error: 'failed' }, { status: 500 });
    return Response.json({ ran: true });
  };

  pages = async (req: FakeRequest, res: FakeResponse): Promise<void> => {
    if (!this.authorized(req.headers.authorization as string | undefined)) {
      res.status(401).json({ error: 'Unauthorized' });
      return;
    }
    await new Promise((resolve) => setImmediate(resolve));
    if (this.outcome === 'throw') throw this.error;
    if (this.outcome === 'fail') res.status(500).json({ error: 'failed' });
    else res.status(200).json({ ran: true });
  };
}

interface FakeRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The parts of NextApiResponse the guard and the jobs use. */
export class FakeResponse {
  statusCode = 200;
  body: unknown = undefined;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  json(body: unknown): void {
    this.body = body;
  }
}

/** Calls a guarded handler as the router would, with lower-case header names. */
export async function call(router: Router, route: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  if (router === 'app') {
    const request = new Request('http://localhost/api/cron/job', { headers });
    const response = await (route as (request: Request, context: unknown) => Promise<Response>)(request, { params: Promise.resolve({}) });
    return { status: response.status, body: await response.json() };
  }
  const res = new FakeResponse();
  await (route as (req: FakeRequest, res: FakeResponse) => Promise<void>)({ method: 'GET', headers }, res);
  return { status: res.statusCode, body: res.body };
}

export interface LogLine {
  type: string;
  [field: string]: unknown;
}

/** The JSON lines console.log printed while `run` ran. */
export async function logsOf<T>(run: () => Promise<T>): Promise<{ result: T; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('{')) lines.push(JSON.parse(args[0]) as LogLine);
    else original(...args);
  };
  try {
    return { result: await run(), lines };
  } finally {
    console.log = original;
  }
}

export interface ScenarioContext {
  /** The module under test; read when each test runs, so it may be loaded in a `before` hook. */
  module(): RunGuardModule;
  /** Makes the claim on `key` expire now, as the store would once its TTL ran out. */
  expire(key: string): Promise<void>;
  /** Seconds the claim on `key` has left, when the store can tell. */
  ttl?(key: string): Promise<number | undefined>;
}

let jobCounter = 0;

/** Registers the guard behaviour for both routers; every test uses a job name of its own. */
export function guardScenarios(label: string, context: ScenarioContext): void {
  for (const router of ['app', 'pages'] as const) {
    const setup = (name: string) => {
      const job = new Job();
      const jobName = `${name}-${router}-${++jobCounter}`;
      const module = context.module();
      const route = module.withCronRunGuard({ job: jobName, schedule: YEARLY, lockSeconds: LOCK_SECONDS }, router === 'app' ? job.app : job.pages);
      return { job, route, key: slotKey(jobName, YEARLY, module), jobName };
    };

    it(`${label} ${router}: the first call runs, a second in the same slot answers 200 skipped and logs one cron-skip line`, async () => {
      const { job, route, key, jobName } = setup('twice');
      assert.deepEqual(await call(router, route, AUTHORIZED), { status: 200, body: { ran: true } });
      const { result, lines } = await logsOf(() => call(router, route, AUTHORIZED));
      assert.deepEqual(result, { status: 200, body: { skipped: true, reason: `another run already claimed ${key}` } });
      assert.equal(job.runs, 1);
      assert.deepEqual(lines, [{ type: 'cron-skip', job: jobName, key, reason: `another run already claimed ${key}` }]);
      if (context.ttl) {
        const left = await context.ttl(key);
        assert.ok(left !== undefined && left > LOCK_SECONDS - 5 && left <= LOCK_SECONDS, `the claim lives lockSeconds (${left} s left)`);
      }
    });

    it(`${label} ${router}: a Schedules entry in a zone keys its run by the scheduled instant in UTC, and a duplicate delivery skips`, async () => {
      const job = new Job();
      const jobName = `zoned-${router}-${++jobCounter}`;
      // UTC+14 all year: its New Year is 10:00 UTC on 31 December, a slot no UTC reading of the schedule has.
      const timeZone = 'Pacific/Kiritimati';
      const route = context.module().withCronRunGuard({ job: jobName, schedule: YEARLY, timeZone, lockSeconds: LOCK_SECONDS }, router === 'app' ? job.app : job.pages);
      const now = new Date();
      const localYear = new Date(now.getTime() + 14 * 3600_000).getUTCFullYear();
      const key = `cron:${jobName}:${localYear - 1}-12-31T10:00:00.000Z`;
      assert.deepEqual(await call(router, route, AUTHORIZED), { status: 200, body: { ran: true } });
      const { result } = await logsOf(() => call(router, route, AUTHORIZED));
      assert.deepEqual(result, { status: 200, body: { skipped: true, reason: `another run already claimed ${key}` } });
      assert.equal(job.runs, 1);
    });

    it(`${label} ${router}: of 10 concurrent calls exactly one runs`, async () => {
      const { job, route } = setup('concurrent');
      const answers = await logsOf(() => Promise.all(Array.from({ length: 10 }, () => call(router, route, AUTHORIZED))));
      assert.equal(job.runs, 1);
      assert.equal(answers.result.filter((a) => (a.body as { skipped?: boolean }).skipped === true && a.status === 200).length, 9);
      assert.equal(answers.lines.filter((l) => l.type === 'cron-skip').length, 9);
    });

    it(`${label} ${router}: a run that throws releases the slot and the error reaches the caller unchanged`, async () => {
      const { job, route } = setup('throws');
      job.outcome = 'throw';
      await assert.rejects(call(router, route, AUTHORIZED), (error) => error === job.error);
      job.outcome = 'ok';
      assert.deepEqual(await call(router, route, AUTHORIZED), { status: 200, body: { ran: true } });
      assert.equal(job.runs, 2);
    });

    it(`${label} ${router}: a run that answers 500 releases the slot`, async () => {
      const { job, route } = setup('fails');
      job.outcome = 'fail';
      assert.equal((await call(router, route, AUTHORIZED)).status, 500);
      job.outcome = 'ok';
      assert.deepEqual(await call(router, route, AUTHORIZED), { status: 200, body: { ran: true } });
      assert.equal(((await logsOf(() => call(router, route, AUTHORIZED))).result.body as { skipped?: boolean }).skipped, true, 'the successful run holds the slot');
      assert.equal(job.runs, 2);
    });

    it(`${label} ${router}: an expired claim is taken again`, async () => {
      const { job, route, key } = setup('expired');
      await call(router, route, AUTHORIZED);
      await context.expire(key);
      assert.deepEqual(await call(router, route, AUTHORIZED), { status: 200, body: { ran: true } });
      assert.equal(job.runs, 2);
      assert.equal(((await logsOf(() => call(router, route, AUTHORIZED))).result.body as { skipped?: boolean }).skipped, true, 'and held again');
    });

    it(`${label} ${router}: requests without the secret reach the handler untouched and claim nothing`, async () => {
      const { job, route } = setup('unauthenticated');
      assert.equal((await call(router, route)).status, 401);
      assert.equal((await call(router, route, { authorization: 'Bearer wrong' })).status, 401);
      assert.equal((await call(router, route, { authorization: `Bearer ${SECRET}x` })).status, 401);
      assert.equal(job.refused, 3);
      assert.deepEqual(await call(router, route, AUTHORIZED), { status: 200, body: { ran: true } }, 'the slot is still free');
    });

    it(`${label} ${router}: without CRON_SECRET set nothing claims (fail closed)`, async () => {
      const { job, route } = setup('no-secret');
      const saved = process.env.CRON_SECRET;
      delete process.env.CRON_SECRET;
      try {
        assert.equal((await call(router, route, { authorization: 'Bearer undefined' })).status, 401);
        assert.equal((await call(router, route, { authorization: 'Bearer ' })).status, 401);
      } finally {
        process.env.CRON_SECRET = saved;
      }
      assert.deepEqual(await call(router, route, AUTHORIZED), { status: 200, body: { ran: true } });
      assert.equal(job.runs, 1);
    });

    it(`${label} ${router}: ${RUN_ANYWAY_HEADER}: 1 with the secret runs in a claimed slot and leaves the claim alone`, async () => {
      const { job, route, key, jobName } = setup('run-anyway');
      await call(router, route, AUTHORIZED);
      const { result, lines } = await logsOf(() => call(router, route, { ...AUTHORIZED, [RUN_ANYWAY_HEADER]: '1' }));
      assert.deepEqual(result, { status: 200, body: { ran: true } });
      assert.deepEqual(lines, [{ type: 'cron-run-anyway', job: jobName, key }]);
      assert.equal(job.runs, 2);
      assert.equal(((await logsOf(() => call(router, route, AUTHORIZED))).result.body as { skipped?: boolean }).skipped, true, 'the first run still holds the slot');
    });

    it(`${label} ${router}: ${RUN_ANYWAY_HEADER} without the secret bypasses nothing`, async () => {
      const { job, route } = setup('run-anyway-unauthenticated');
      await call(router, route, AUTHORIZED);
      const { result, lines } = await logsOf(() => call(router, route, { authorization: 'Bearer wrong', [RUN_ANYWAY_HEADER]: '1' }));
      assert.equal(result.status, 401);
      assert.deepEqual(lines, []);
      assert.equal(job.runs, 1);
    });
  }
}
