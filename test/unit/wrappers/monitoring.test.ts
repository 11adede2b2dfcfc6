/**
 * The generated monitoring helper, run for real in each of its forms: TypeScript (transpiled),
 * JavaScript (imported as an ES module by Node itself), and both restyled with double quotes, no
 * semicolons and tabs. Failure alerts go to a real HTTP server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { applyStyle } from '../../../src/core/next/guardTemplate';
import { ALERT_WEBHOOK_ENV, MONITORING_EXPORT } from '../../../src/core/wrappers/protocol';
import { ALERT_TIMEOUT_MS, monitoringModule } from '../../../src/core/wrappers/monitoring';
import { loadModule, withEnv } from '../snippets/support';

type Handler = (...args: never[]) => unknown;
type Wrap = (job: string, handler: Handler) => (...args: unknown[]) => Promise<unknown>;

const restyle = (text: string) => applyStyle(text, { quote: '"', semicolons: false, indent: '\t' });

// TypeScript's CommonJS output would turn import() into require(); Node must parse the ESM itself.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;
const esm = (text: string) => importEsm(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`);

const VARIANTS: Record<string, () => Promise<Record<string, unknown>>> = {
  TypeScript: async () => loadModule(monitoringModule({ typed: true }), 'cron-monitoring.ts'),
  'JavaScript (ESM)': () => esm(monitoringModule({ typed: false })),
  'TypeScript, restyled': async () => loadModule(restyle(monitoringModule({ typed: true })), 'cron-monitoring.ts'),
  'JavaScript (ESM), restyled': () => esm(restyle(monitoringModule({ typed: false }))),
};

interface Captured {
  log: unknown[];
  error: unknown[];
}

/** Captures console.log and console.error for the rest of the test, each line parsed as JSON. */
function captureConsole(t: TestContext): Captured {
  const captured: Captured = { log: [], error: [] };
  for (const stream of ['log', 'error'] as const) {
    t.mock.method(console, stream, (...parts: unknown[]) => {
      assert.equal(parts.length, 1, 'one string per line');
      captured[stream].push(JSON.parse(String(parts[0])));
    });
  }
  return captured;
}

interface Webhook {
  url: string;
  requests: { method: string | undefined; contentType: string | undefined; body: unknown }[];
  /** Settles when the first request has arrived. */
  received: Promise<void>;
  close(): Promise<void>;
}

/** A webhook on 127.0.0.1 that answers 204, answers 500, or never answers. */
async function webhook(answer: 204 | 500 | 'never'): Promise<Webhook> {
  const requests: Webhook['requests'] = [];
  let arrived!: () => void;
  const received = new Promise<void>((resolve) => (arrived = resolve));
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method, contentType: request.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      arrived();
      if (answer !== 'never') response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL nothing listens on: a port that was free a moment ago. */
async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/hook`;
}

/** A Pages Router `res` as far as the wrapper can see it. */
function pagesResponse() {
  return {
    statusCode: 200,
    body: undefined as unknown,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(body: unknown) {
      this.body = body;
    },
  };
}

const RUN_FIELDS = ['type', 'job', 'startedAt', 'durationMs', 'outcome', 'status', 'error'];

function assertRun(line: unknown, expected: { job: string; outcome: string; status: number | null; error: string | null }, window: { from: number; to: number }) {
  const run = line as Record<string, unknown>;
  assert.deepEqual(Object.keys(run), RUN_FIELDS);
  assert.deepEqual({ type: run.type, job: run.job, outcome: run.outcome, status: run.status, error: run.error }, { type: 'cron-run', ...expected });
  assert.equal(typeof run.startedAt, 'string');
  assert.equal(new Date(run.startedAt as string).toISOString(), run.startedAt, 'startedAt is ISO 8601');
  const started = Date.parse(run.startedAt as string);
  assert.ok(started >= window.from && started <= window.to, `startedAt ${run.startedAt} within the call`);
  assert.ok(Number.isInteger(run.durationMs) && (run.durationMs as number) >= 0 && (run.durationMs as number) <= window.to - started, `durationMs ${run.durationMs}`);
}

/** Calls the wrapped handler and returns what it resolved to or threw, with the call's time window. */
async function call(wrapped: (...args: unknown[]) => Promise<unknown>, ...args: unknown[]) {
  const from = Date.now();
  try {
    const value = await wrapped(...args);
    return { value, window: { from, to: Date.now() } };
  } catch (error) {
    return { error, window: { from, to: Date.now() } };
  }
}

for (const [variant, load] of Object.entries(VARIANTS)) {
  describe(`${MONITORING_EXPORT} (${variant})`, () => {
    let wrap: Wrap;
    const job = 'cleanup-sessions';

    it('loads', async () => {
      const module = await load();
      assert.deepEqual(Object.keys(module).filter((name) => name !== '__esModule'), [MONITORING_EXPORT]);
      wrap = module[MONITORING_EXPORT] as Wrap;
    });

    it('a success logs one line and returns the very response, with the arguments passed through', async (t) => {
      const captured = captureConsole(t);
      const response = Response.json({ ok: true });
      const request = new Request('http://localhost/api/cron/cleanup-sessions');
      const context = { params: Promise.resolve({}) };
      const seen: unknown[][] = [];
      await withEnv({ [ALERT_WEBHOOK_ENV]: undefined }, async () => {
        const { value, window } = await call(wrap(job, (async (...args: unknown[]) => (seen.push(args), response)) as Handler), request, context);
        assert.equal(value, response);
        assert.equal(seen.length, 1);
        assert.equal(seen[0]![0], request);
        assert.equal(seen[0]![1], context);
        assert.equal(captured.error.length, 0);
        assert.equal(captured.log.length, 1);
        assertRun(captured.log[0], { job, outcome: 'success', status: 200, error: null }, window);
      });
    });

    it('a synchronous handler works too', async (t) => {
      const captured = captureConsole(t);
      const response = new Response(null, { status: 204 });
      const { value } = await call(wrap(job, (() => response) as Handler), new Request('http://localhost/'));
      assert.equal(value, response);
      assert.equal((captured.log[0] as { status: number }).status, 204);
    });

    it('a thrown error is re-thrown unchanged and logged as a failure with status null', async (t) => {
      const captured = captureConsole(t);
      const boom = new Error('database unreachable');
      await withEnv({ [ALERT_WEBHOOK_ENV]: undefined }, async () => {
        const { error, window } = await call(wrap(job, (async () => { throw boom; }) as Handler), new Request('http://localhost/'));
        assert.equal(error, boom);
        assert.equal(captured.log.length, 0);
        assert.equal(captured.error.length, 1);
        assertRun(captured.error[0], { job, outcome: 'failure', status: null, error: 'database unreachable' }, window);
      });
    });

    it('a thrown non-Error is re-thrown unchanged, its text logged', async (t) => {
      const captured = captureConsole(t);
      const { error } = await call(wrap(job, (() => Promise.reject('plain string')) as Handler));
      assert.equal(error, 'plain string');
      assert.equal((captured.error[0] as { error: string }).error, 'plain string');
    });

    it('a returned 500 is a failure, returned unchanged', async (t) => {
      const captured = captureConsole(t);
      const response = Response.json({ error: 'failed' }, { status: 500 });
      await withEnv({ [ALERT_WEBHOOK_ENV]: undefined }, async () => {
        const { value, window } = await call(wrap(job, (async () => response) as Handler), new Request('http://localhost/'));
        assert.equal(value, response);
        assert.deepEqual(await response.json(), { error: 'failed' }, 'the body is still unread');
        assert.equal(captured.log.length, 0);
        assertRun(captured.error[0], { job, outcome: 'failure', status: 500, error: null }, window);
      });
    });

    it('only a 2xx is a success: 200, 302, 401 and 500 in turn log success, failure, failure, failure; only the 500 alerts', async (t) => {
      const captured = captureConsole(t);
      const hook = await webhook(204);
      // [status, outcome, whether it posts to the webhook]: a 3xx or 4xx is the route refusing the
      // request (a forged one, or a wrong CRON_SECRET), logged as a failure but not paged.
      const table: [number, 'success' | 'failure', boolean][] = [
        [200, 'success', false],
        [302, 'failure', false],
        [401, 'failure', false],
        [500, 'failure', true],
      ];
      try {
        await withEnv({ [ALERT_WEBHOOK_ENV]: hook.url }, async () => {
          for (const [status, outcome, alerts] of table) {
            const before = { log: captured.log.length, error: captured.error.length, alerts: hook.requests.length };
            const response = status === 302 ? Response.redirect('http://localhost/login', 302) : Response.json({ status }, { status });
            const { value, window } = await call(wrap(job, (async () => response) as Handler), new Request('http://localhost/'));
            assert.equal(value, response, 'the response passes through unchanged');
            const stream = outcome === 'success' ? captured.log : captured.error;
            assert.deepEqual(
              [captured.log.length - before.log, captured.error.length - before.error],
              outcome === 'success' ? [1, 0] : [0, 1],
              `HTTP ${status}: one line, on console.${outcome === 'success' ? 'log' : 'error'}`,
            );
            assertRun(stream[stream.length - 1], { job, outcome, status, error: null }, window);
            assert.equal(hook.requests.length - before.alerts, alerts ? 1 : 0, `HTTP ${status} ${alerts ? 'posts' : 'does not post'} an alert`);
          }
        });
        assert.equal((hook.requests[0]!.body as { status: number }).status, 500);
        assert.match(String((hook.requests[0]!.body as { text: string }).text), /^Cron job cleanup-sessions failed: HTTP 500 after \d+ ms$/);
      } finally {
        await hook.close();
      }
    });

    it('Pages Router: the status is res.statusCode after the handler', async (t) => {
      const captured = captureConsole(t);
      const req = { method: 'GET', headers: {} };
      const ok = pagesResponse();
      const done = await call(wrap('pages-job', (async (_req: unknown, res: ReturnType<typeof pagesResponse>) => res.status(202).json({ ok: true })) as Handler), req, ok);
      assert.equal(done.value, undefined);
      assert.deepEqual([ok.statusCode, ok.body], [202, { ok: true }], 'the response is untouched');
      assertRun(captured.log[0], { job: 'pages-job', outcome: 'success', status: 202, error: null }, done.window);

      const failing = pagesResponse();
      const failed = await call(wrap('pages-job', (async (_req: unknown, res: ReturnType<typeof pagesResponse>) => res.status(503).json({ error: 'later' })) as Handler), req, failing);
      assert.equal(failed.error, undefined);
      assertRun(captured.error[0], { job: 'pages-job', outcome: 'failure', status: 503, error: null }, failed.window);

      const refusing = pagesResponse();
      const refused = await call(wrap('pages-job', (async (_req: unknown, res: ReturnType<typeof pagesResponse>) => res.status(401).json({ error: 'Unauthorized' })) as Handler), req, refusing);
      assert.equal(refused.error, undefined);
      assertRun(captured.error[1], { job: 'pages-job', outcome: 'failure', status: 401, error: null }, refused.window);
      assert.equal(captured.log.length, 1, 'only the 202 logged a success');
    });

    it('a failure posts one JSON alert to the webhook; a success posts none', async (t) => {
      const captured = captureConsole(t);
      const hook = await webhook(204);
      try {
        await withEnv({ [ALERT_WEBHOOK_ENV]: hook.url }, async () => {
          await call(wrap(job, (async () => Response.json({ ok: true })) as Handler), new Request('http://localhost/'));
          assert.equal(hook.requests.length, 0, 'no alert for a success');

          const boom = new Error('quota exceeded');
          const { error } = await call(wrap(job, (async () => { throw boom; }) as Handler), new Request('http://localhost/'));
          assert.equal(error, boom);
          assert.equal(hook.requests.length, 1);
          const [request] = hook.requests;
          assert.equal(request!.method, 'POST');
          assert.equal(request!.contentType, 'application/json');
          const { text, ...fields } = request!.body as Record<string, unknown>;
          assert.deepEqual(fields, captured.error[0], 'the alert carries the logged fields');
          assert.match(String(text), /^Cron job cleanup-sessions failed: quota exceeded after \d+ ms$/);

          await call(wrap(job, (async () => new Response('x', { status: 502 })) as Handler), new Request('http://localhost/'));
          assert.equal(hook.requests.length, 2);
          assert.match(String((hook.requests[1]!.body as { text: string }).text), /^Cron job cleanup-sessions failed: HTTP 502 after \d+ ms$/);
          assert.equal(captured.error.length, 2, 'no alert failure logged');
        });
      } finally {
        await hook.close();
      }
    });

    it('reads the webhook URL per run, not when the module loads', async (t) => {
      captureConsole(t);
      const hook = await webhook(204);
      const wrapped = wrap(job, (async () => { throw new Error('x'); }) as Handler);
      try {
        await withEnv({ [ALERT_WEBHOOK_ENV]: undefined }, () => call(wrapped));
        assert.equal(hook.requests.length, 0);
        await withEnv({ [ALERT_WEBHOOK_ENV]: hook.url }, () => call(wrapped));
        assert.equal(hook.requests.length, 1);
      } finally {
        await hook.close();
      }
    });

    it('a webhook answering 500 does not mask the error or the response; the alert failure is logged', async (t) => {
      const captured = captureConsole(t);
      const hook = await webhook(500);
      try {
        await withEnv({ [ALERT_WEBHOOK_ENV]: hook.url }, async () => {
          const boom = new Error('original');
          const { error } = await call(wrap(job, (async () => { throw boom; }) as Handler));
          assert.equal(error, boom);
          const response = new Response('x', { status: 500 });
          const { value } = await call(wrap(job, (async () => response) as Handler));
          assert.equal(value, response);
        });
        assert.equal(hook.requests.length, 2);
        assert.deepEqual(
          captured.error.map((line) => (line as { type: string }).type),
          ['cron-run', 'cron-alert-failed', 'cron-run', 'cron-alert-failed'],
        );
        assert.deepEqual(captured.error[1], { type: 'cron-alert-failed', job, error: 'webhook answered 500' });
      } finally {
        await hook.close();
      }
    });

    it('a refused connection does not mask the error', async (t) => {
      const captured = captureConsole(t);
      const url = await refusedUrl();
      await withEnv({ [ALERT_WEBHOOK_ENV]: url }, async () => {
        const boom = new Error('original');
        const { error } = await call(wrap(job, (async () => { throw boom; }) as Handler));
        assert.equal(error, boom);
      });
      assert.deepEqual(
        captured.error.map((line) => (line as { type: string }).type),
        ['cron-run', 'cron-alert-failed'],
      );
    });

    it('a malformed webhook URL does not mask the error', async (t) => {
      const captured = captureConsole(t);
      await withEnv({ [ALERT_WEBHOOK_ENV]: 'not a url' }, async () => {
        const boom = new Error('original');
        assert.equal((await call(wrap(job, (async () => { throw boom; }) as Handler))).error, boom);
      });
      assert.equal((captured.error[1] as { type: string }).type, 'cron-alert-failed');
    });

    it(`a webhook that never answers delays the error by the alert timeout (${ALERT_TIMEOUT_MS} ms), not more`, async (t) => {
      const captured = captureConsole(t);
      // The wrapper asks for its timeout through AbortSignal.timeout; the test records the request
      // and hands back a short real timeout, so the abort path runs for real without a 5 s wait.
      const requested: number[] = [];
      const timeout = AbortSignal.timeout.bind(AbortSignal);
      const shortened = 100;
      t.mock.method(AbortSignal, 'timeout', (ms: number) => (requested.push(ms), timeout(shortened)));
      const hook = await webhook('never');
      try {
        await withEnv({ [ALERT_WEBHOOK_ENV]: hook.url }, async () => {
          const boom = new Error('original');
          const { error, window } = await call(wrap(job, (async () => { throw boom; }) as Handler));
          assert.equal(error, boom);
          assert.deepEqual(requested, [ALERT_TIMEOUT_MS]);
          assert.ok(window.to - window.from >= shortened - 5, `waited for the alert: ${window.to - window.from} ms`);
          assert.ok(window.to - window.from < shortened + 2000, `gave up on the alert: ${window.to - window.from} ms`);
        });
        await hook.received;
        assert.equal(hook.requests.length, 1);
        const failed = captured.error[1] as { type: string; error: string };
        assert.equal(failed.type, 'cron-alert-failed');
        assert.match(failed.error, /timeout|abort/i);
      } finally {
        await hook.close();
      }
    });
  });
}
