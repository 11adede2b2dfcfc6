/**
 * The generated Sentry helper, run with a stand-in '@sentry/nextjs' whose withMonitor records its
 * arguments and settles check-ins the way the real one does, then once with the real package and a
 * recording transport, so the monitor config reaches Sentry in the units its API expects.
 * And the monitor config literal written at call sites.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyStyle } from '../../../src/core/next/guardTemplate';
import { SENTRY_EXPORT } from '../../../src/core/wrappers/protocol';
import { sentryMonitorConfig, sentryMonitorModule } from '../../../src/core/wrappers/monitoring';
import { loadModule } from '../snippets/support';

type Handler = (...args: never[]) => unknown;
type Wrap = (slug: string, config: unknown, handler: Handler) => (...args: unknown[]) => Promise<unknown>;

interface MonitorCall {
  slug: string;
  config: unknown;
  checkIn: 'in_progress' | 'ok' | 'error';
}

/** withMonitor as @sentry/core implements it, minus the network: ok on resolve, error on throw or reject. */
function standIn() {
  const calls: MonitorCall[] = [];
  const withMonitor = (slug: string, callback: () => unknown, config: unknown) => {
    const call: MonitorCall = { slug, config, checkIn: 'in_progress' };
    calls.push(call);
    let result: unknown;
    try {
      result = callback();
    } catch (error) {
      call.checkIn = 'error';
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => ((call.checkIn = 'ok'), value),
        (error) => {
          call.checkIn = 'error';
          throw error;
        },
      );
    }
    call.checkIn = 'ok';
    return result;
  };
  return { calls, module: { withMonitor } };
}

const restyle = (text: string) => applyStyle(text, { quote: '"', semicolons: false, indent: '\t' });

const VARIANTS: Record<string, { source: string; file: string }> = {
  TypeScript: { source: sentryMonitorModule({ typed: true }), file: 'sentry-cron-monitor.ts' },
  JavaScript: { source: sentryMonitorModule({ typed: false }), file: 'sentry-cron-monitor.js' },
  'TypeScript, restyled': { source: restyle(sentryMonitorModule({ typed: true })), file: 'sentry-cron-monitor.ts' },
  'JavaScript, restyled': { source: restyle(sentryMonitorModule({ typed: false })), file: 'sentry-cron-monitor.js' },
};

/** The config literal as the route would evaluate it. */
function evaluate(literal: string): unknown {
  return loadModule(`export default ${literal};\n`, 'config.ts').default;
}

const CONFIG = { schedule: { type: 'crontab', value: '0 3 * * *' }, checkinMargin: 60, maxRuntime: 5, timezone: 'Etc/UTC' };

for (const [variant, { source, file }] of Object.entries(VARIANTS)) {
  describe(`${SENTRY_EXPORT} (${variant}) with a stand-in @sentry/nextjs`, () => {
    const sentry = standIn();
    let wrap: Wrap;

    before(() => {
      sentry.calls.length = 0;
      const module = loadModule(source, file, { '@sentry/nextjs': sentry.module });
      assert.deepEqual(Object.keys(module).filter((name) => name !== '__esModule'), [SENTRY_EXPORT]);
      wrap = module[SENTRY_EXPORT] as Wrap;
    });

    const last = () => sentry.calls[sentry.calls.length - 1]!;

    it('a success checks in ok under the slug and config, returning the very response', async () => {
      const response = Response.json({ ok: true });
      const request = new Request('http://localhost/api/cron/cleanup-sessions');
      const context = { params: Promise.resolve({}) };
      const seen: unknown[][] = [];
      const wrapped = wrap('cleanup-sessions', CONFIG, (async (...args: unknown[]) => (seen.push(args), response)) as Handler);
      assert.equal(sentry.calls.length, 0, 'nothing happens before a run');
      assert.equal(await wrapped(request, context), response);
      assert.equal(sentry.calls.length, 1);
      assert.equal(last().slug, 'cleanup-sessions');
      assert.equal(last().config, CONFIG, 'the config object is passed as given');
      assert.equal(last().checkIn, 'ok');
      assert.deepEqual(seen, [[request, context]]);
    });

    it('a thrown error checks in error and is re-thrown unchanged', async () => {
      const boom = new Error('database unreachable');
      await assert.rejects(wrap('job', CONFIG, (async () => { throw boom; }) as Handler)(new Request('http://localhost/')), (error) => error === boom);
      assert.equal(last().checkIn, 'error');
      await assert.rejects(wrap('job', CONFIG, (() => { throw boom; }) as Handler)(), (error) => error === boom, 'a synchronous throw too');
      assert.equal(last().checkIn, 'error');
    });

    it('a returned 5xx checks in error and is returned unchanged', async () => {
      const response = Response.json({ error: 'failed' }, { status: 503 });
      assert.equal(await wrap('job', CONFIG, (async () => response) as Handler)(new Request('http://localhost/')), response);
      assert.equal(last().checkIn, 'error');
      assert.deepEqual(await response.json(), { error: 'failed' }, 'the body is still unread');
    });

    it('only a 2xx checks in ok: a returned 3xx or 4xx (a refused run) checks in error and is returned unchanged', async () => {
      for (const [status, checkIn] of [[200, 'ok'], [204, 'ok'], [302, 'error'], [401, 'error'], [404, 'error']] as const) {
        const response = status === 302 ? Response.redirect('http://localhost/login', 302) : new Response(status === 204 ? null : 'x', { status });
        assert.equal(await wrap('job', CONFIG, (() => response) as Handler)(new Request('http://localhost/')), response);
        assert.equal(last().checkIn, checkIn, `HTTP ${status}`);
      }
    });

    it('Pages Router: res.statusCode after the handler decides', async () => {
      const res = { statusCode: 200 };
      const handler = (code: number) => (async (_req: unknown, response: { statusCode: number }) => void (response.statusCode = code)) as Handler;
      assert.equal(await wrap('pages', CONFIG, handler(200))({}, res), undefined);
      assert.equal(last().checkIn, 'ok');
      assert.equal(await wrap('pages', CONFIG, handler(500))({}, res), undefined);
      assert.equal(last().checkIn, 'error');
      assert.equal(res.statusCode, 500, 'the response is left as the handler set it');
      assert.equal(await wrap('pages', CONFIG, handler(401))({}, res), undefined);
      assert.equal(last().checkIn, 'error');
    });
  });
}

describe(`${SENTRY_EXPORT} with the real @sentry/nextjs`, () => {
  // Loaded here, not at the top, so the stand-in suites never touch the real SDK.
  let Sentry: typeof import('@sentry/nextjs');
  let wrap: Wrap;
  const envelopes: string[] = [];

  before(() => {
    Sentry = loadModule(`export * from '@sentry/nextjs';\n`, 'sentry.ts') as unknown as typeof import('@sentry/nextjs');
    Sentry.init({
      dsn: 'https://public@127.0.0.1/1',
      defaultIntegrations: false,
      transport: (options: Parameters<typeof Sentry.createTransport>[0]) =>
        Sentry.createTransport(options, async (request) => {
          envelopes.push(typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body));
          return { statusCode: 200 };
        }),
    });
    wrap = loadModule(sentryMonitorModule({ typed: true }), 'sentry-cron-monitor.ts')[SENTRY_EXPORT] as Wrap;
  });

  after(async () => {
    await Sentry.close(2000);
  });

  /** The check-in items sent since the last call. */
  async function checkIns(): Promise<Record<string, unknown>[]> {
    await Sentry.flush(2000);
    const items = envelopes.splice(0).flatMap((envelope) => {
      const [, itemHeader, payload] = envelope.split('\n');
      return JSON.parse(itemHeader!).type === 'check_in' ? [JSON.parse(payload!) as Record<string, unknown>] : [];
    });
    return items;
  }

  it('checks in in_progress with the monitor config from sentryMonitorConfig, then ok or error', async () => {
    const config = evaluate(sentryMonitorConfig('0 3 * * *', { plan: 'hobby', maxDurationSeconds: 300 }));
    const response = Response.json({ ok: true });
    assert.equal(await wrap('cleanup-sessions', config, async () => response)(new Request('http://localhost/')), response);
    const [started, finished] = await checkIns();
    assert.deepEqual(
      { slug: started!.monitor_slug, status: started!.status, config: started!.monitor_config },
      // Sentry's wire format: margin and runtime in minutes, as MonitorConfig documents.
      { slug: 'cleanup-sessions', status: 'in_progress', config: { schedule: { type: 'crontab', value: '0 3 * * *' }, checkin_margin: 60, max_runtime: 5, timezone: 'Etc/UTC' } },
    );
    assert.deepEqual([finished!.monitor_slug, finished!.status, finished!.check_in_id], ['cleanup-sessions', 'ok', started!.check_in_id]);

    const failed = new Response(null, { status: 500 });
    assert.equal(await wrap('cleanup-sessions', config, async () => failed)(new Request('http://localhost/')), failed);
    assert.deepEqual((await checkIns()).map((checkIn) => checkIn.status), ['in_progress', 'error']);

    const boom = new Error('x');
    await assert.rejects(wrap('cleanup-sessions', config, async () => { throw boom; })(), (error) => error === boom);
    assert.deepEqual((await checkIns()).map((checkIn) => checkIn.status), ['in_progress', 'error']);

    const refused = Response.json({ error: 'Unauthorized' }, { status: 401 });
    assert.equal(await wrap('cleanup-sessions', config, async () => refused)(new Request('http://localhost/')), refused);
    assert.deepEqual((await checkIns()).map((checkIn) => checkIn.status), ['in_progress', 'error']);
  });
});

describe('sentryMonitorConfig', () => {
  const table: [string, Parameters<typeof sentryMonitorConfig>[1], { checkinMargin: number; maxRuntime: number }][] = [
    ['hobby: jobs fire anywhere within the hour', { plan: 'hobby', maxDurationSeconds: 300 }, { checkinMargin: 60, maxRuntime: 5 }],
    ['unknown plan: might be Hobby', { plan: 'unknown', maxDurationSeconds: 60 }, { checkinMargin: 60, maxRuntime: 1 }],
    ['pro: a few minutes', { plan: 'pro', maxDurationSeconds: 800 }, { checkinMargin: 5, maxRuntime: 14 }],
    ['enterprise: a few minutes', { plan: 'enterprise', maxDurationSeconds: 900 }, { checkinMargin: 5, maxRuntime: 15 }],
    ['a part minute rounds up', { plan: 'pro', maxDurationSeconds: 301 }, { checkinMargin: 5, maxRuntime: 6 }],
    ['at least a minute', { plan: 'pro', maxDurationSeconds: 10 }, { checkinMargin: 5, maxRuntime: 1 }],
    ['at least a minute, even from nonsense', { plan: 'pro', maxDurationSeconds: Number.NaN }, { checkinMargin: 5, maxRuntime: 1 }],
  ];
  for (const [name, options, expected] of table) {
    it(name, () => {
      assert.deepEqual(evaluate(sentryMonitorConfig('*/15 * * * *', options)), {
        schedule: { type: 'crontab', value: '*/15 * * * *' },
        ...expected,
        timezone: 'Etc/UTC',
      });
    });
  }

  it('is canonical source text, as in the brief', () => {
    assert.equal(
      sentryMonitorConfig('0 3 * * *', { plan: 'hobby', maxDurationSeconds: 300 }),
      `{ schedule: { type: 'crontab', value: '0 3 * * *' }, checkinMargin: 60, maxRuntime: 5, timezone: 'Etc/UTC' }`,
    );
  });

  it('a schedule with quotes or backslashes stays one string literal', () => {
    const schedule = `0 3 * * * it's \\ odd`;
    assert.deepEqual((evaluate(sentryMonitorConfig(schedule, { plan: 'pro', maxDurationSeconds: 60 })) as { schedule: unknown }).schedule, { type: 'crontab', value: schedule });
  });
});
