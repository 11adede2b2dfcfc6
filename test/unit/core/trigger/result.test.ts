import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainOutcome, type ExplainContext, verdictLine } from '../../../../src/core/trigger/explain';
import { BODY_LIMIT_BYTES, decodeBody, displayBody, DISPLAY_MAX_LINES, type HttpOutcome, type HttpResponse } from '../../../../src/core/trigger/outcome';
import { buildCronRequest } from '../../../../src/core/trigger/request';
import { formatTriggerReport, toTriggerJson } from '../../../../src/core/trigger/result';
import { redactSecret } from '../../../../src/core/trigger/redact';
import { describeSecretSource, maskAuthorization, maskHeaders, type SecretSource } from '../../../../src/core/trigger/secret';

const SECRET = 'from-env-local-7f3c9a1e5b2d4c6e';
const URL_ = new URL('http://127.0.0.1:3000/api/cron/ok');
const envSecret: SecretSource = { kind: 'env-file', file: '.env.local', length: SECRET.length };

function response(status: number, body = '', headers: Record<string, string> = {}, extra: Partial<HttpResponse> = {}): HttpResponse {
  return { kind: 'response', status, statusText: '', headers, body: new TextEncoder().encode(body), bodyTruncated: false, durationMs: 12, ...extra };
}

function ctx(secret: SecretSource = envSecret, surface: 'cli' | 'editor' = 'cli'): ExplainContext {
  return { path: '/api/cron/ok', url: URL_, secret, timeoutSeconds: 60, surface };
}

function request() {
  const built = buildCronRequest({ baseUrl: new URL('http://127.0.0.1:3000'), path: '/api/cron/ok', schedule: '0 3 * * *', secret: SECRET });
  assert.ok(built.ok);
  return built.request;
}

describe('masking: the secret is never shown, only its length', () => {
  it('masks Authorization and Cookie, keeps the rest', () => {
    const masked = maskHeaders({ 'user-agent': 'vercel-cron/1.0', authorization: `Bearer ${SECRET}`, Cookie: 'a=b' });
    assert.equal(masked.authorization, `Bearer ‹hidden, ${SECRET.length} characters›`);
    assert.equal(masked['user-agent'], 'vercel-cron/1.0');
    assert.ok(!JSON.stringify(masked).includes(SECRET));
    assert.ok(!JSON.stringify(masked).includes('a=b'));
  });

  it('shows no character of the secret, not even the last four', () => {
    const masked = maskAuthorization(`Bearer ${SECRET}`);
    for (let i = 0; i + 3 < SECRET.length; i++) assert.ok(!masked.includes(SECRET.slice(i, i + 4)), SECRET.slice(i, i + 4));
  });

  it('redacts the secret from text the server sends back', () => {
    assert.equal(redactSecret(`echo: Bearer ${SECRET}!`, SECRET), 'echo: Bearer ‹CRON_SECRET›!');
    assert.equal(redactSecret('abc', undefined), 'abc');
  });

  it('describes every source', () => {
    assert.match(describeSecretSource(envSecret), /from \.env\.local \(31 characters\)/);
    assert.match(describeSecretSource({ kind: 'secret-storage', length: 20 }), /secret storage/);
    assert.match(describeSecretSource({ kind: 'empty', file: '.env' }), /empty in \.env/);
    assert.match(describeSecretSource({ kind: 'none', searched: ['.env.local', '.env'] }), /looked in \.env\.local, \.env/);
    assert.match(describeSecretSource({ kind: 'untrusted' }), /not trusted/);
  });
});

describe('bodies', () => {
  it('cuts at 64 KiB on a character boundary', () => {
    const text = 'é'.repeat(BODY_LIMIT_BYTES); // 2 bytes each
    const bytes = new TextEncoder().encode(`x${text}`);
    const { text: decoded, truncated } = decodeBody(bytes);
    assert.ok(truncated);
    assert.ok(new TextEncoder().encode(decoded).length <= BODY_LIMIT_BYTES);
    assert.ok(!decoded.includes('\uFFFD'));
  });

  it('pretty-prints JSON, summarises HTML, notes binary and empty bodies', () => {
    assert.equal(displayBody(response(200, '{"a":1}', { 'content-type': 'application/json' })), '{\n  "a": 1\n}');
    assert.equal(displayBody(response(200, '[1]')), '[\n  1\n]');
    assert.equal(displayBody(response(404, '<!DOCTYPE html><html><title>404: Not found</title>', { 'content-type': 'text/html; charset=utf-8' })), '(HTML page, 50 bytes: "404: Not found")');
    assert.match(displayBody(response(200, 'a\u0000b', { 'content-type': 'application/octet-stream' })), /^\(3 bytes of application\/octet-stream\)$/);
    assert.equal(displayBody(response(204)), '(empty body)');
    assert.equal(displayBody(response(200, '{not json', { 'content-type': 'application/json' })), '{not json');
  });

  it('caps long bodies and says so', () => {
    const long = Array.from({ length: DISPLAY_MAX_LINES + 50 }, (_, i) => `line ${i}`).join('\n');
    const shown = displayBody(response(200, long, { 'content-type': 'text/plain' }));
    assert.match(shown, /… 50 more lines$/);
    const cut = displayBody(response(200, 'abc', { 'content-type': 'text/plain' }, { bodyTruncated: true }));
    assert.match(cut, /abc\n… \(body truncated after 64\.0 KiB\)/);
  });
});

describe('explainOutcome: failures in words', () => {
  const cases: [string, HttpOutcome, SecretSource, RegExp, boolean, string | undefined][] = [
    ['200', response(200), envSecret, /success/, true, undefined],
    ['200 without a secret warns the route is open', response(200), { kind: 'none', searched: ['.env'] }, /anyone who knows the URL/, true, undefined],
    ['307 names the target', response(307, '', { location: '/login' }), envSecret, /does not follow redirects.*http:\/\/127\.0\.0\.1:3000\/login/, false, undefined],
    ['308 to the slashed path is trailingSlash', response(308, '', { location: '/api/cron/ok/' }), envSecret, /trailingSlash: write the path in vercel\.json as \/api\/cron\/ok\//, false, undefined],
    ['401 with an env-file secret: a different value', response(401), envSecret, /refused the CRON_SECRET from \.env\.local.*different value/, false, undefined],
    ['403 with no secret: add one', response(403), { kind: 'none', searched: ['.env.local', '.env'] }, /no CRON_SECRET was sent.*\.env\.local/, false, undefined],
    ['401 untrusted', response(401), { kind: 'untrusted' }, /not trusted/, false, undefined],
    ['401 empty', response(401), { kind: 'empty', file: '.env' }, /empty in \.env/, false, undefined],
    ['404: missing route or basePath', response(404), envSecret, /Nothing serves \/api\/cron\/ok.*basePath/, false, undefined],
    ['405: no GET', response(405, '', { allow: 'POST, OPTIONS' }), envSecret, /no GET handler.*allows: POST, OPTIONS.*always send GET/, false, undefined],
    ['500', response(500), envSecret, /does not retry/, false, undefined],
    ['418', response(418), envSecret, /count this run as failed/, false, undefined],
    ['refused', { kind: 'error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED', durationMs: 2 }, envSecret, /127\.0\.0\.1:3000: the dev server is not running/, false, 'start-dev-server'],
    ['timeout', { kind: 'error', code: 'TIMEOUT', message: 'x', durationMs: 60000 }, envSecret, /No response within 60 s.*--timeout/, false, undefined],
    ['cancelled', { kind: 'error', code: 'CANCELLED', message: 'x', durationMs: 5 }, envSecret, /Stopped waiting after 5 ms/, false, undefined],
    ['reset', { kind: 'error', code: 'ECONNRESET', message: 'socket hang up', durationMs: 5 }, envSecret, /closed the connection/, false, undefined],
    ['https to an http server', { kind: 'error', code: 'EPROTO', message: 'wrong version number', durationMs: 5 }, envSecret, /did not answer in TLS/, false, undefined],
    ['self-signed', { kind: 'error', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate', durationMs: 5 }, envSecret, /certificate is not trusted by Node/, false, undefined],
    ['a schedule HTTP cannot carry', { kind: 'error', code: 'INVALID_HEADER_VALUE', header: 'x-vercel-cron-schedule', message: 'the x-vercel-cron-schedule header cannot carry the schedule "0 3 * * *\\n": it holds a line feed (U+000A)', durationMs: 0 }, envSecret, /^Nothing was sent: the x-vercel-cron-schedule header .*correct it in vercel\.json/, false, undefined],
    ['a secret HTTP cannot carry', { kind: 'error', code: 'INVALID_HEADER_VALUE', header: 'authorization', message: 'the authorization header cannot carry this CRON_SECRET: it holds a line break', durationMs: 0 }, envSecret, /^Nothing was sent: the authorization header .*INVALID_CRON_SECRET.*openssl rand -hex 32/, false, undefined],
    ['not HTTP', { kind: 'error', code: 'HPE_HEADER_OVERFLOW', message: 'Parse Error: Header overflow', durationMs: 2 }, envSecret, /^Node could not parse the answer from 127\.0\.0\.1:3000 \(Parse Error: Header overflow, HPE_HEADER_OVERFLOW\)/, false, undefined],
    ['other', { kind: 'error', code: 'EHOSTUNREACH', message: 'connect EHOSTUNREACH 10.0.0.9:3000', durationMs: 5 }, envSecret, /EHOSTUNREACH 10\.0\.0\.9:3000 \(EHOSTUNREACH\)/, false, undefined],
  ];
  for (const [name, outcome, secret, pattern, ok, action] of cases) {
    it(name, () => {
      const explained = explainOutcome(outcome, ctx(secret));
      assert.match(explained.explanation, pattern);
      assert.equal(explained.ok, ok);
      assert.equal(explained.action, action);
    });
  }

  it('the notification line says the title once, then the explanation (#13: "Connection refused. Connection refused at …")', () => {
    for (const [name, outcome, secret] of cases) {
      for (const surface of ['cli', 'editor'] as const) {
        const explained = explainOutcome(outcome, ctx(secret, surface));
        const line = verdictLine('/api/cron/ok', explained);
        assert.ok(line.startsWith(`/api/cron/ok: ${explained.headline}. `), `${name}: ${line}`);
        assert.ok(!explained.explanation.toLowerCase().includes(explained.headline.toLowerCase()), `${name} repeats its title: ${line}`);
      }
    }
    const refused = explainOutcome({ kind: 'error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:3000', durationMs: 2 }, ctx(envSecret, 'editor'));
    assert.equal(
      verdictLine('/api/cron/ok', refused),
      "/api/cron/ok: Connection refused. Nothing is listening at 127.0.0.1:3000: the dev server is not running there. Start the app's dev script (next dev), or point nextCronRoutes.baseUrl at the port it listens on.",
    );
  });

  it('names settings in the editor and flags in the CLI', () => {
    const timeout: HttpOutcome = { kind: 'error', code: 'TIMEOUT', message: 'x', durationMs: 1 };
    assert.match(explainOutcome(timeout, ctx(envSecret, 'editor')).explanation, /nextCronRoutes\.triggerTimeoutSeconds/);
    const refused: HttpOutcome = { kind: 'error', code: 'ECONNREFUSED', message: 'x', durationMs: 1 };
    assert.match(explainOutcome(refused, ctx(envSecret, 'editor')).explanation, /nextCronRoutes\.baseUrl/);
    assert.equal(explainOutcome(response(401), ctx({ kind: 'none', searched: ['.env'] }, 'editor')).action, 'store-secret');
  });
});

describe('toTriggerJson: the --json contract', () => {
  it('keys in the documented order, status and headers from the response', () => {
    const outcome = response(200, `{"echo":"Bearer ${SECRET}"}`, { 'content-type': 'application/json', 'x-echo': SECRET });
    const json = toTriggerJson('/api/cron/ok', request(), outcome, explainOutcome(outcome, ctx()), SECRET);
    assert.deepEqual(Object.keys(json), ['path', 'url', 'status', 'error', 'durationMs', 'headers', 'body', 'bodyTruncated', 'explanation']);
    assert.equal(json.status, 200);
    assert.equal(json.error, null);
    assert.equal(json.url, 'http://127.0.0.1:3000/api/cron/ok');
    assert.ok(!JSON.stringify(json).includes(SECRET), 'the secret is redacted from the body and headers');
  });

  it('status null and error set without a response', () => {
    const outcome: HttpOutcome = { kind: 'error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:3000', durationMs: 3 };
    const json = toTriggerJson('/api/cron/ok', request(), outcome, explainOutcome(outcome, ctx()), SECRET);
    assert.deepEqual(json, { path: '/api/cron/ok', url: 'http://127.0.0.1:3000/api/cron/ok', status: null, error: 'ECONNREFUSED', durationMs: 3, headers: {}, body: null, bodyTruncated: false, explanation: json.explanation });
  });

  it('body at most 64 KiB, bodyTruncated set', () => {
    const outcome = response(200, 'x'.repeat(BODY_LIMIT_BYTES), {}, { bodyTruncated: true });
    const json = toTriggerJson('/api/cron/ok', request(), outcome, explainOutcome(outcome, ctx()), SECRET);
    assert.equal(json.body!.length, BODY_LIMIT_BYTES);
    assert.ok(json.bodyTruncated);
  });
});

describe('the secret in the answer never reaches the output (issue #14 A)', () => {
  const outcome = response(307, '', { [`x-${SECRET}`]: 'name', location: `/login?token=${encodeURIComponent(SECRET)}` }, { statusText: `Refused Bearer ${SECRET}` });

  it('the text report: status line, header names and values, and the explanation quoting the Location', () => {
    const text = formatTriggerReport({ request: request(), secretSource: envSecret, outcome, explanation: explainOutcome(outcome, ctx()), secret: SECRET });
    assert.ok(!text.includes(SECRET) && !text.includes(encodeURIComponent(SECRET)), text);
    assert.match(text, /^← 307 Refused Bearer ‹CRON_SECRET› in 12 ms$/m);
    assert.match(text, /^ {2}x-‹CRON_SECRET›: name$/m);
    assert.match(text, /It pointed to http:\/\/127\.0\.0\.1:3000\/login\?token=‹CRON_SECRET›\./);
  });

  it('--json: header names too, merged when they differ only in the secret', () => {
    const twice = response(200, '', { [`x-${SECRET}`]: 'a', [`x-${SECRET.toUpperCase()}`]: 'b' });
    const json = toTriggerJson('/api/cron/ok', request(), twice, explainOutcome(twice, ctx()), SECRET);
    assert.deepEqual(json.headers, { 'x-‹CRON_SECRET›': 'a, b' });
  });

  it('--json: a header named like an Object member is a key like any other', () => {
    const odd = response(200, '', JSON.parse('{"constructor":"a","__proto__":"b","tostring":"c"}') as Record<string, string>);
    const json = toTriggerJson('/api/cron/ok', request(), odd, explainOutcome(odd, ctx()), SECRET);
    assert.equal(json.headers.constructor, 'a');
    assert.equal(Object.getOwnPropertyDescriptor(json.headers, '__proto__')?.value, 'b');
    assert.equal(json.headers.tostring, 'c');
  });

  it('a body read past 64 KiB shows 64 KiB, cut before the secret that crosses the limit', () => {
    const body = `${'x'.repeat(BODY_LIMIT_BYTES - 10)}${SECRET}${'y'.repeat(500)}`;
    const long = response(200, body, { 'content-type': 'text/plain' });
    const json = toTriggerJson('/api/cron/ok', request(), long, explainOutcome(long, ctx()), SECRET);
    assert.equal(json.body, 'x'.repeat(BODY_LIMIT_BYTES - 10));
    assert.equal(json.bodyTruncated, true);
    const binary = response(200, `\u0000${body}`, { 'content-type': 'application/octet-stream' });
    assert.equal(displayBody(binary, SECRET), '(64.0 KiB+ of application/octet-stream)');
  });
});

describe('formatTriggerReport: control characters reach the terminal as pictures (issue #14 D)', () => {
  it('in the reason phrase, headers and body; line feeds and tabs stay, CR LF becomes LF', () => {
    const outcome = response(403, 'line 1\r\nline\u001b]52;c;aGk=\u0007\t2\u009b\u007f', { 'x-a': 'caf\u0085' }, { statusText: 'No\u001b[2J' });
    const text = formatTriggerReport({ request: request(), secretSource: envSecret, outcome, explanation: explainOutcome(outcome, ctx()), secret: SECRET });
    // eslint-disable-next-line no-control-regex -- the test is that none are left
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text), JSON.stringify(text));
    assert.match(text, /^← 403 No␛\[2J in 12 ms$/m);
    assert.match(text, /^ {2}x-a: caf⟨85⟩$/m);
    assert.match(text, /^line 1\nline␛\]52;c;aGk=␇\t2⟨9b⟩␡$/m);
  });

  it('after redaction: a secret with é that a header carried as UTF-8 read as Latin-1 (Ã and the C1 control U+0089) is still found', () => {
    const secret = 'caf\u00c9-7f3c9a1e';
    const echoed = Buffer.from(secret, 'utf8').toString('latin1');
    assert.ok(echoed.includes('\u0089'));
    const outcome = response(403, '', {}, { statusText: `Refused ${echoed}` });
    const text = formatTriggerReport({ request: request(), secretSource: envSecret, outcome, explanation: explainOutcome(outcome, ctx()), secret });
    assert.match(text, /^← 403 Refused ‹CRON_SECRET› in 12 ms$/m);
  });

  it('a schedule with a line break in the request shows it as ␊', () => {
    const built = buildCronRequest({ baseUrl: new URL('http://127.0.0.1:3000'), path: '/api/cron/ok', schedule: '0 3 * * *\n', secret: SECRET });
    assert.ok(built.ok);
    const outcome: HttpOutcome = { kind: 'error', code: 'INVALID_HEADER_VALUE', header: 'x-vercel-cron-schedule', message: 'x', durationMs: 0 };
    const text = formatTriggerReport({ request: built.request, secretSource: envSecret, outcome, explanation: explainOutcome(outcome, ctx()), secret: SECRET });
    assert.match(text, /^ {2}x-vercel-cron-schedule: 0 3 \* \* \*␊$/m);
  });
});

describe('formatTriggerReport', () => {
  it('shows the request with the secret masked, the response and the verdict', () => {
    const outcome = response(401, '{"error":"Unauthorized"}', { 'content-type': 'application/json' }, { statusText: 'Unauthorized' });
    const text = formatTriggerReport({ request: request(), secretSource: envSecret, outcome, explanation: explainOutcome(outcome, ctx()), secret: SECRET });
    assert.ok(!text.includes(SECRET));
    assert.match(text, /^GET http:\/\/127\.0\.0\.1:3000\/api\/cron\/ok$/m);
    assert.match(text, /^ {2}authorization: Bearer ‹hidden, 31 characters›$/m);
    assert.match(text, /^ {2}x-vercel-cron-schedule: 0 3 \* \* \*$/m);
    assert.match(text, /^← 401 Unauthorized in 12 ms$/m);
    assert.match(text, /"error": "Unauthorized"/);
    assert.match(text, /^✘ The route refused the CRON_SECRET from \.env\.local/m);
  });
});
