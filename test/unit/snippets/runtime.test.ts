/**
 * Snippets run: inserted with their defaults, transpiled by the repo's TypeScript and called the
 * way the platform calls them (a Web Request to a route handler, a Pages Router req/res pair, a
 * QStash-signed POST). The TypeScript and JavaScript variants of a route behave the same.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { inserted, loadModule, withEnv } from './support';

type Handler = (request: Request) => Promise<Response>;

const VARIANTS = [
  { file: 'typescript.json', ext: 'ts' },
  { file: 'javascript.json', ext: 'js' },
] as const;

const SECRET = 'c3f1e2d4a5b6978812ab34cd56ef7890';

async function answer(response: Response): Promise<[number, unknown]> {
  return [response.status, await response.json()];
}

describe('snippets at runtime: App Router cron route (cron-route)', () => {
  for (const { file, ext } of VARIANTS) {
    const { GET, maxDuration } = loadModule(inserted(file, 'cron-route'), `route.${ext}`) as { GET: Handler; maxDuration: number };
    const call = (authorization?: string) =>
      GET(new Request('https://app.example/api/cron/cleanup-sessions', { headers: authorization === undefined ? {} : { authorization } }));

    it(`${ext}: fails closed when CRON_SECRET is unset or empty: "Bearer undefined" gets a 401`, async () => {
      for (const secret of [undefined, '']) {
        await withEnv({ CRON_SECRET: secret }, async () => {
          for (const header of ['Bearer undefined', 'Bearer ', 'Bearer', undefined]) {
            assert.deepEqual(
              await answer(await call(header)),
              [401, { error: 'Unauthorized' }],
              `CRON_SECRET=${JSON.stringify(secret)}, header ${header}`,
            );
          }
        });
      }
    });

    it(`${ext}: accepts exactly "Bearer <CRON_SECRET>" and answers with a JSON result`, async () => {
      await withEnv({ CRON_SECRET: SECRET }, async () => {
        const response = await call(`Bearer ${SECRET}`);
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', /application\/json/);
        const body = (await response.json()) as { ok: boolean; job: string; ranAt: string };
        assert.equal(body.ok, true);
        assert.equal(body.job, 'cleanup-sessions');
        assert.ok(!Number.isNaN(Date.parse(body.ranAt)));
      });
    });

    it(`${ext}: refuses a wrong, shorter, longer or differently written secret without throwing`, async () => {
      await withEnv({ CRON_SECRET: SECRET }, async () => {
        const wrong = [
          `Bearer ${SECRET.slice(0, -1)}x`,
          `Bearer ${SECRET.slice(1)}`,
          `Bearer ${SECRET}0`,
          `bearer ${SECRET}`,
          `Bearer  ${SECRET}`,
          SECRET,
          `Bearer ${SECRET.toUpperCase()}`,
          'Bearer undefined',
          `Bearer ${SECRET.slice(0, 31)}é`,
          undefined,
        ];
        for (const header of wrong) assert.equal((await call(header)).status, 401, String(header));
      });
    });

    it(`${ext}: exports maxDuration 60, which every plan accepts with or without Fluid compute`, () => {
      assert.equal(maxDuration, 60);
    });
  }
});

describe('snippets at runtime: Pages Router cron API route (cron-pages-route)', () => {
  interface FakeResponse {
    statusCode: number;
    body: unknown;
    headers: Record<string, string>;
  }
  type PagesHandler = (req: { method: string; headers: Record<string, string | undefined> }, res: unknown) => Promise<void>;

  async function call(handler: PagesHandler, method: string, authorization?: string): Promise<FakeResponse> {
    const result: FakeResponse = { statusCode: 0, body: undefined, headers: {} };
    const res = {
      status(code: number) {
        result.statusCode = code;
        return res;
      },
      json(body: unknown) {
        result.body = body;
      },
      setHeader(name: string, value: string) {
        result.headers[name.toLowerCase()] = value;
        return res;
      },
    };
    await handler({ method, headers: authorization === undefined ? {} : { authorization } }, res);
    return result;
  }

  for (const { file, ext } of VARIANTS) {
    const { default: handler, config } = loadModule(inserted(file, 'cron-pages-route'), `handler.${ext}`) as {
      default: PagesHandler;
      config: unknown;
    };

    it(`${ext}: answers only GET (405 with Allow otherwise)`, async () => {
      const result = await call(handler, 'POST', `Bearer ${SECRET}`);
      assert.deepEqual([result.statusCode, result.headers.allow], [405, 'GET']);
    });

    it(`${ext}: fails closed without CRON_SECRET and accepts only the right one`, async () => {
      await withEnv({ CRON_SECRET: undefined }, async () => {
        assert.equal((await call(handler, 'GET', 'Bearer undefined')).statusCode, 401);
      });
      await withEnv({ CRON_SECRET: SECRET }, async () => {
        assert.equal((await call(handler, 'GET', `Bearer ${SECRET}x`)).statusCode, 401);
        assert.equal((await call(handler, 'GET')).statusCode, 401);
        const ok = await call(handler, 'GET', `Bearer ${SECRET}`);
        assert.equal(ok.statusCode, 200);
        assert.deepEqual((ok.body as { ok: boolean; job: string }).job, 'cleanup-sessions');
      });
    });

    it(`${ext}: sets maxDuration through config, as a literal`, () => {
      assert.deepEqual(config, { maxDuration: 60 });
    });
  }
});

/** A QStash message signature: an HS256 JWT whose `body` claim is the SHA-256 of the raw body. */
function sign(key: string, body: string, url: string, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = part({ alg: 'HS256', typ: 'JWT' });
  const payload = part({
    iss: 'Upstash',
    sub: url,
    iat: now,
    nbf: now,
    exp: now + 300,
    jti: `jwt_${randomUUID()}`,
    body: createHash('sha256').update(body).digest('base64url'),
    ...claims,
  });
  return `${header}.${payload}.${createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')}`;
}

const KEYS = {
  QSTASH_CURRENT_SIGNING_KEY: 'sig_current_5f2c1a9e0b7d',
  QSTASH_NEXT_SIGNING_KEY: 'sig_next_8d3e6b1f4a2c',
  QSTASH_DEV: undefined,
  QSTASH_REGION: undefined,
};
const APP_URL = 'https://app.example';
const WORKER_URL = `${APP_URL}/api/workers/generate-report`;
const BODY = JSON.stringify({ reportId: 'r_42' });

function post(body: string, signature?: string): Request {
  return new Request(WORKER_URL, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...(signature ? { 'upstash-signature': signature } : {}) },
  });
}

describe('snippets at runtime: QStash worker with Receiver.verify (cron-qstash-receiver)', () => {
  for (const { file, ext } of VARIANTS) {
    const load = () => loadModule(inserted(file, 'cron-qstash-receiver'), `route.${ext}`).POST as Handler;

    it(`${ext}: accepts a message signed with the current or the next key, for this URL and body`, async () => {
      await withEnv({ ...KEYS, APP_URL }, async () => {
        const POST = load();
        assert.deepEqual(await answer(await POST(post(BODY, sign(KEYS.QSTASH_CURRENT_SIGNING_KEY, BODY, WORKER_URL)))), [
          200,
          { ok: true },
        ]);
        assert.deepEqual(await answer(await POST(post(BODY, sign(KEYS.QSTASH_NEXT_SIGNING_KEY, BODY, WORKER_URL)))), [200, { ok: true }]);
      });
    });

    it(`${ext}: refuses a missing or foreign signature, a changed body, another URL or an expired message`, async () => {
      await withEnv({ ...KEYS, APP_URL }, async () => {
        const POST = load();
        const refused = [
          post(BODY),
          post(BODY, sign('sig_someone_else', BODY, WORKER_URL)),
          post(JSON.stringify({ reportId: 'r_43' }), sign(KEYS.QSTASH_CURRENT_SIGNING_KEY, BODY, WORKER_URL)),
          post(BODY, sign(KEYS.QSTASH_CURRENT_SIGNING_KEY, BODY, `${APP_URL}/api/workers/other-job`)),
          post(BODY, sign(KEYS.QSTASH_CURRENT_SIGNING_KEY, BODY, WORKER_URL, { exp: Math.floor(Date.now() / 1000) - 60 })),
          post(BODY, 'not-a-jwt'),
        ];
        for (const request of refused) assert.deepEqual(await answer(await POST(request)), [401, { error: 'Invalid signature' }]);
      });
    });

    it(`${ext}: verifies the raw body: the same JSON re-serialised differently is refused`, async () => {
      await withEnv({ ...KEYS, APP_URL }, async () => {
        const raw = '{ "reportId": "r_42" }';
        const signature = sign(KEYS.QSTASH_CURRENT_SIGNING_KEY, raw, WORKER_URL);
        assert.equal((await load()(post(raw, signature))).status, 200);
        assert.equal((await load()(post(JSON.stringify(JSON.parse(raw)), signature))).status, 401);
      });
    });

    it(`${ext}: fails closed without signing keys`, async () => {
      await withEnv(
        {
          QSTASH_CURRENT_SIGNING_KEY: undefined,
          QSTASH_NEXT_SIGNING_KEY: undefined,
          QSTASH_DEV: undefined,
          QSTASH_REGION: undefined,
          APP_URL,
        },
        async () => {
          const POST = load();
          assert.equal((await POST(post(BODY, sign(KEYS.QSTASH_CURRENT_SIGNING_KEY, BODY, WORKER_URL)))).status, 401);
          assert.equal((await POST(post(BODY, sign('', BODY, WORKER_URL)))).status, 401);
        },
      );
    });
  }

  it('QSTASH_DEV=true makes it accept the public dev-server key instead of yours, as its comment warns', async () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      await withEnv({ ...KEYS, QSTASH_DEV: 'true', APP_URL }, async () => {
        const POST = loadModule(inserted('typescript.json', 'cron-qstash-receiver'), 'route.ts').POST as Handler;
        // The key every copy of @upstash/qstash ships for its local dev server (src/dev-server/constants.ts).
        assert.equal((await POST(post(BODY, sign('sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r', BODY, WORKER_URL)))).status, 200);
        assert.equal((await POST(post(BODY, sign(KEYS.QSTASH_CURRENT_SIGNING_KEY, BODY, WORKER_URL)))).status, 401);
      });
    } finally {
      console.warn = warn;
    }
  });
});

describe('snippets at runtime: QStash worker with verifySignatureAppRouter (cron-qstash-worker)', () => {
  for (const { file, ext } of VARIANTS) {
    it(`${ext}: runs the handler only for a valid signature`, async () => {
      await withEnv(KEYS, async () => {
        const POST = loadModule(inserted(file, 'cron-qstash-worker'), `route.${ext}`).POST as Handler;
        assert.deepEqual(await answer(await POST(post(BODY, sign(KEYS.QSTASH_NEXT_SIGNING_KEY, BODY, WORKER_URL)))), [200, { ok: true }]);
        assert.equal((await POST(post(BODY))).status, 403);
        // A bad signature throws inside the wrapper: Next answers 500 and QStash retries.
        await assert.rejects(POST(post('{"reportId":"r_43"}', sign(KEYS.QSTASH_CURRENT_SIGNING_KEY, BODY, WORKER_URL))));
      });
    });

    it(`${ext}: refuses to load without signing keys`, async () => {
      await withEnv({ ...KEYS, QSTASH_CURRENT_SIGNING_KEY: undefined, QSTASH_NEXT_SIGNING_KEY: undefined }, () => {
        assert.throws(() => loadModule(inserted(file, 'cron-qstash-worker'), `route.${ext}`), /signing ?key/i);
      });
    });
  }
});

describe('snippets at runtime: health-check route (cron-health)', () => {
  const nextServer = { connection: async () => {} };
  for (const { file, ext } of VARIANTS) {
    const load = (lastRun?: string) =>
      loadModule(inserted(file, 'cron-health', lastRun ? { values: { 3: lastRun } } : {}), `route.${ext}`, { 'next/server': nextServer })
        .GET as () => Promise<Response>;

    it(`${ext}: answers 503 until the last run is wired in, never cached`, async () => {
      const response = await load()();
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.deepEqual(await response.json(), { healthy: false, job: 'cleanup-sessions', lastRunAt: null, maxAgeHours: 25 });
    });

    it(`${ext}: 200 for a recent run, 503 for an overdue one`, async () => {
      assert.equal((await load('return new Date(Date.now() - 60 * 60 * 1000);')()).status, 200);
      assert.equal((await load('return new Date(Date.now() - 24.9 * 60 * 60 * 1000);')()).status, 200);
      assert.equal((await load('return new Date(Date.now() - 26 * 60 * 60 * 1000);')()).status, 503);
    });
  }
});

describe('snippets at runtime: node-cron start-up (cron-node-cron, cron-instrumentation)', () => {
  function loadCron() {
    const calls: unknown[][] = [];
    const nodeCron = { __esModule: true, default: { schedule: (...args: unknown[]) => calls.push(args) } };
    const { startCronJobs } = loadModule(inserted('typescript.json', 'cron-node-cron'), 'cron.ts', { 'node-cron': nodeCron }) as {
      startCronJobs: () => void;
    };
    return { startCronJobs, calls };
  }
  const reset = () => delete (globalThis as { cronJobsStarted?: boolean }).cronJobsStarted;

  it('schedules the job once, named, in its zone, without overlapping runs', async () => {
    reset();
    try {
      await withEnv({ VERCEL: undefined }, () => {
        const { startCronJobs, calls } = loadCron();
        startCronJobs();
        startCronJobs();
        assert.equal(calls.length, 1);
        const [expression, task, options] = calls[0]!;
        assert.equal(expression, '0 3 * * *');
        assert.equal(typeof task, 'function');
        assert.deepEqual(options, { name: 'cleanup-sessions', timezone: 'UTC', noOverlap: true });
      });
    } finally {
      reset();
    }
  });

  it('does not start on Vercel, where no process outlives a request', async () => {
    reset();
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      await withEnv({ VERCEL: '1' }, () => {
        const { startCronJobs, calls } = loadCron();
        startCronJobs();
        assert.equal(calls.length, 0);
        assert.equal(warnings.length, 1);
      });
    } finally {
      console.warn = warn;
      reset();
    }
  });

  it('instrumentation.ts starts the jobs in the Node.js runtime only', async () => {
    for (const [runtime, expected] of [
      ['nodejs', 1],
      ['edge', 0],
      [undefined, 0],
    ] as const) {
      let started = 0;
      const { register } = loadModule(inserted('typescript.json', 'cron-instrumentation'), 'instrumentation.ts', {
        './lib/cron': { startCronJobs: () => started++ },
      }) as { register: () => Promise<void> };
      await withEnv({ NEXT_RUNTIME: runtime }, () => register());
      assert.equal(started, expected, String(runtime));
    }
  });
});
