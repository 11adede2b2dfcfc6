import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BODY_LIMIT_BYTES, bodyReadLimit, INVALID_HEADER_VALUE } from '../../../../src/core/trigger/outcome';
import { buildCronRequest } from '../../../../src/core/trigger/request';
import { sendCronRequest } from '../../../../src/node/trigger/httpRequest';
import { freePort, portAnswers, waitForPort } from '../../../../src/node/trigger/port';
import { startRawServer } from './rawServer';

/** A local server whose routes exercise each outcome; it records what it received. */
const received: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
let server: http.Server;
let base: URL;

before(async () => {
  server = http.createServer((req, res) => {
    received.push({ method: req.method!, url: req.url!, headers: req.headers });
    if (req.url === '/redirect') {
      res.writeHead(307, { location: '/login' }).end();
    } else if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(BODY_LIMIT_BYTES * 4));
    } else if (req.url === '/slow') {
      const timer = setTimeout(() => res.end('late'), 30_000);
      req.on('close', () => clearTimeout(timer));
    } else if (req.url === '/cookies') {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'X-Custom': 'Yes' }).end('{"ok":true}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function cronRequest(path: string, baseUrl = base, secret: string | undefined = 'the-secret-value', schedule = '0 3 * * *') {
  const built = buildCronRequest({ baseUrl, path, schedule, secret });
  assert.ok(built.ok);
  return built.request;
}

describe('sendCronRequest', () => {
  it('sends GET with exactly the cron headers, and reads status, headers and body', async () => {
    received.length = 0;
    const outcome = await sendCronRequest(cronRequest('/ok?x=1'), { timeoutMs: 5000 });
    assert.equal(outcome.kind, 'response');
    assert.ok(outcome.kind === 'response');
    assert.equal(outcome.status, 200);
    assert.equal(outcome.statusText, 'OK');
    assert.equal(outcome.headers['x-custom'], 'Yes');
    assert.equal(new TextDecoder().decode(outcome.body), '{"ok":true}');
    assert.equal(received.length, 1);
    const [got] = received;
    assert.equal(got!.method, 'GET');
    assert.equal(got!.url, '/ok?x=1');
    assert.equal(got!.headers['user-agent'], 'vercel-cron/1.0');
    assert.equal(got!.headers['x-vercel-cron-schedule'], '0 3 * * *');
    assert.equal(got!.headers.authorization, 'Bearer the-secret-value');
  });

  it('does not follow redirects', async () => {
    received.length = 0;
    const outcome = await sendCronRequest(cronRequest('/redirect'), { timeoutMs: 5000 });
    assert.ok(outcome.kind === 'response' && outcome.status === 307 && outcome.headers.location === '/login');
    assert.deepEqual(received.map((r) => r.url), ['/redirect']);
  });

  it('keeps 64 KiB of a huge body, and a look past it as long as the secret could be written, then stops reading', async () => {
    const request = cronRequest('/huge');
    const outcome = await sendCronRequest(request, { timeoutMs: 5000 });
    assert.ok(outcome.kind === 'response');
    assert.equal(outcome.body.length, bodyReadLimit(request.headers.authorization!.length));
    assert.equal(bodyReadLimit('Bearer the-secret-value'.length), BODY_LIMIT_BYTES + 230);
    assert.ok(outcome.bodyTruncated);
  });

  it('joins repeated headers', async () => {
    const outcome = await sendCronRequest(cronRequest('/cookies'), { timeoutMs: 5000 });
    assert.ok(outcome.kind === 'response' && outcome.headers['set-cookie'] === 'a=1, b=2');
  });

  it('times out', async () => {
    const outcome = await sendCronRequest(cronRequest('/slow'), { timeoutMs: 200 });
    assert.ok(outcome.kind === 'error' && outcome.code === 'TIMEOUT');
    assert.ok(outcome.durationMs >= 150 && outcome.durationMs < 5000, String(outcome.durationMs));
  });

  it('is cancellable, and an already aborted signal sends nothing', async () => {
    const abort = new AbortController();
    const pending = sendCronRequest(cronRequest('/slow'), { timeoutMs: 10_000, signal: abort.signal });
    setImmediate(() => abort.abort());
    const outcome = await pending;
    assert.ok(outcome.kind === 'error' && outcome.code === 'CANCELLED');
    received.length = 0;
    const aborted = AbortSignal.abort();
    const none = await sendCronRequest(cronRequest('/ok'), { timeoutMs: 10_000, signal: aborted });
    assert.ok(none.kind === 'error' && none.code === 'CANCELLED');
    assert.equal(received.length, 0);
  });

  it('reports connection refused', async () => {
    const port = await freePort();
    const outcome = await sendCronRequest(cronRequest('/ok', new URL(`http://127.0.0.1:${port}`)), { timeoutMs: 5000 });
    assert.ok(outcome.kind === 'error' && outcome.code === 'ECONNREFUSED', JSON.stringify(outcome));
  });

  it('a header value HTTP cannot carry: nothing sent, an outcome naming the header, never a throw (issue #14)', async () => {
    const cases: [string | undefined, string, string][] = [
      ['the-secret-value', '0 3 * * *\n', 'x-vercel-cron-schedule'],
      ['the-secret-value', '0 3 * * * €', 'x-vercel-cron-schedule'],
      ['the-secret\nvalue', '0 3 * * *', 'authorization'],
      ['the-secret-€-value', '0 3 * * *', 'authorization'],
    ];
    for (const [secret, schedule, header] of cases) {
      received.length = 0;
      const outcome = await sendCronRequest(cronRequest('/ok', base, secret, schedule), { timeoutMs: 5000 });
      assert.ok(outcome.kind === 'error', JSON.stringify(outcome));
      assert.equal(outcome.code, INVALID_HEADER_VALUE);
      assert.equal(outcome.header, header);
      assert.ok(outcome.message.includes(header));
      assert.ok(!outcome.message.includes('the-secret'), outcome.message);
      assert.equal(received.length, 0, 'nothing reached the server');
    }
  });

  it('reaches "localhost" through the loopback-only lookup', async () => {
    const outcome = await sendCronRequest(cronRequest('/ok', new URL(`http://localhost:${base.port}`)), { timeoutMs: 5000 });
    assert.ok(outcome.kind === 'response' && outcome.status === 200, JSON.stringify(outcome));
  });
});

describe('sendCronRequest: answers no HTTP server should send (issue #14 D)', () => {
  async function rawAnswer(bytes: string) {
    const raw = await startRawServer();
    raw.answer((socket) => socket.end(Buffer.from(bytes, 'latin1')));
    try {
      return await sendCronRequest(cronRequest('/x', new URL(raw.baseUrl)), { timeoutMs: 30_000 });
    } finally {
      await raw.close();
    }
  }

  it('101 Switching Protocols is an answer at once, not a wait until the timeout', async () => {
    const outcome = await rawAnswer('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    assert.ok(outcome.kind === 'response', JSON.stringify(outcome));
    assert.equal(outcome.status, 101);
    assert.equal(outcome.headers.upgrade, 'websocket');
    assert.equal(outcome.body.length, 0);
  });

  it('a 1xx and then nothing, or a close mid-body, is a failure outcome', async () => {
    const early = await rawAnswer('HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n');
    assert.ok(early.kind === 'error' && early.code === 'ECONNRESET', JSON.stringify(early));
    const cut = await rawAnswer('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
    assert.ok(cut.kind === 'error' && cut.code === 'ECONNRESET', JSON.stringify(cut));
  });

  it('headers named constructor, __proto__ or toString are headers like any other', async () => {
    const outcome = await rawAnswer('HTTP/1.1 200 OK\r\nConstructor: a\r\n__proto__: b\r\ntoString: c\r\nContent-Length: 0\r\n\r\n');
    assert.ok(outcome.kind === 'response');
    assert.deepEqual(Object.entries(outcome.headers), [['constructor', 'a'], ['__proto__', 'b'], ['tostring', 'c'], ['content-length', '0']]);
  });
});

describe('ports', () => {
  it('waitForPort resolves as soon as something listens', async () => {
    const port = await freePort();
    assert.equal(await portAnswers('127.0.0.1', port), false);
    const late = http.createServer();
    const waiting = waitForPort('127.0.0.1', port, { timeoutMs: 10_000 });
    late.listen(port, '127.0.0.1');
    try {
      assert.equal(await waiting, true);
    } finally {
      late.close();
    }
  });

  it('waitForPort gives up when cancelled or when `until` settles', async () => {
    const port = await freePort();
    const abort = new AbortController();
    const waiting = waitForPort('127.0.0.1', port, { timeoutMs: 60_000, signal: abort.signal });
    abort.abort();
    assert.equal(await waiting, false);
    assert.equal(await waitForPort('127.0.0.1', port, { timeoutMs: 60_000, until: Promise.resolve() }), false);
  });
});
