import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import { bodyReadLimit, CANCELLED, type CronRequest, type HttpOutcome, INVALID_HEADER_VALUE, isLoopbackAddress, NOT_LOOPBACK, TIMEOUT, unsendableHeader } from '../../core/facade/trigger';

export interface SendOptions {
  /** Whole request, connect to last byte. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Bytes of body kept; the rest is not read. Default: 64 KiB and a look past it for the secret (bodyReadLimit). */
  maxBodyBytes?: number;
}

/**
 * Resolves like dns.lookup but only to loopback addresses: a request judged "local" by its
 * host name must not reach another machine because a hosts file says so.
 */
const loopbackOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const local = addresses.filter((a) => isLoopbackAddress(a.address));
    if (local.length === 0) {
      const refused = Object.assign(new Error(addresses.map((a) => a.address).join(', ')), { code: NOT_LOOPBACK });
      return callback(refused, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, local);
    callback(null, local[0]!.address, local[0]!.family);
  });
};

/**
 * Repeated headers joined with ", " (as fetch's Headers does), names lower-case. No prototype:
 * a header named "constructor" was read as Object's and printed as "function Object() {…}, a",
 * and one named "__proto__" was dropped.
 */
function headersOf(response: http.IncomingMessage): Record<string, string> {
  const headers = Object.create(null) as Record<string, string>;
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    headers[name] = name in headers ? `${headers[name]}, ${raw[i + 1]}` : raw[i + 1]!;
  }
  return headers;
}

/**
 * Sends the cron request once, like Vercel: no redirects followed (Node's http never does),
 * no retries, no proxy, no keep-alive. Never rejects: every failure is an outcome.
 */
export function sendCronRequest(request: CronRequest, options: SendOptions): Promise<HttpOutcome> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  const limit = options.maxBodyBytes ?? bodyReadLimit(request.headers.authorization?.length ?? 0);
  return new Promise<HttpOutcome>((resolve) => {
    let settled = false;
    const cleanups: (() => void)[] = [];
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      for (const cleanup of cleanups) cleanup();
      resolve(outcome);
    };
    const fail = (code: string, message: string) => finish({ kind: 'error', code, message, durationMs: elapsed() });
    if (options.signal?.aborted) return fail(CANCELLED, 'cancelled before sending');
    // Node would throw ERR_INVALID_CHAR (naming the header, never the value): check first, send nothing.
    const unsendable = unsendableHeader(request.headers);
    if (unsendable) return finish({ kind: 'error', code: INVALID_HEADER_VALUE, message: unsendable.message, header: unsendable.header, durationMs: 0 });

    const transport = request.url.protocol === 'https:' ? https : http;
    let outgoing: http.ClientRequest;
    try {
      outgoing = transport.request(request.url, {
        method: request.method,
        headers: request.headers,
        // A fresh connection per run: no pooled socket from an earlier server on the same port.
        agent: false,
        ...(request.loopback ? { lookup: loopbackOnlyLookup } : {}),
      });
    } catch (error) {
      // Whatever else http.request refuses synchronously is an outcome too: this never rejects.
      const code = (error as NodeJS.ErrnoException).code;
      return fail(code ?? 'ERROR', error instanceof Error ? error.message : String(error));
    }
    const timer = setTimeout(() => {
      fail(TIMEOUT, `no response within ${Math.round(options.timeoutMs / 1000)} s`);
      outgoing.destroy();
    }, options.timeoutMs);
    cleanups.push(() => clearTimeout(timer));
    if (options.signal) {
      const onAbort = () => {
        fail(CANCELLED, 'cancelled');
        outgoing.destroy();
      };
      options.signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => options.signal!.removeEventListener('abort', onAbort));
    }

    const answer = (response: http.IncomingMessage, body: Buffer, bodyTruncated: boolean) =>
      finish({
        kind: 'response',
        status: response.statusCode ?? 0,
        statusText: response.statusMessage || http.STATUS_CODES[response.statusCode ?? 0] || '',
        headers: headersOf(response),
        body,
        bodyTruncated,
        durationMs: elapsed(),
      });
    outgoing.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'ERROR', error.message));
    // A 101 is an answer like any other (a cron run would count it as failed); without this
    // listener Node waited for a response that never came, until the timeout.
    outgoing.on('upgrade', (response: http.IncomingMessage, socket: Duplex) => {
      socket.destroy();
      answer(response, Buffer.alloc(0), false);
    });
    // Whatever else ends the connection without an outcome (a 1xx and then nothing) ends the wait.
    outgoing.on('close', () => fail('ECONNRESET', 'the connection closed without an answer'));
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = (bodyTruncated: boolean) => answer(response, Buffer.concat(chunks), bodyTruncated);
      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = limit - kept;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          kept = limit;
          done(true);
          // The rest is not wanted: stop reading rather than download a huge body.
          response.destroy();
          return;
        }
        chunks.push(chunk);
        kept += chunk.length;
      });
      response.on('end', () => done(false));
      response.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'ERROR', error.message));
      response.on('aborted', () => fail('ECONNRESET', 'the server closed the connection mid-body'));
    });
    outgoing.end();
  });
}
