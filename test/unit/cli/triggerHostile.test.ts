// `next-cron-routes trigger` against hostile and broken projects (issue #14): answers built to
// leak the secret, header values HTTP cannot carry, env files that are not files, and responses
// no HTTP server should send. Each server here is a raw local TCP server (rawServer.ts), so the
// tests do not need next dev. The last block is a seeded property test over generated answers.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { runCli } from '../../../src/cli/main';
import type { TriggerJson } from '../../../src/core/trigger/result';
import { pickCronSecret } from '../../../src/node/trigger/envFiles';
import { type RawResponse, type RawServer, startRawServer } from '../node/trigger/rawServer';
import { repoRoot } from '../support/repo';

const ROOT = repoRoot();
const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;
const NUM_RUNS = process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : 60;
const CRON_PATH = '/api/cron/x';
const LIMIT = 64 * 1024;
const KEYS = ['path', 'url', 'status', 'error', 'durationMs', 'headers', 'body', 'bodyTruncated', 'explanation'];


let server: RawServer;
const TEMP: string[] = [];

before(async () => {
  server = await startRawServer();
});
after(async () => {
  await server?.close();
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

/** CRON_SECRET in backticks: dotenv keeps quotes, backslashes and spaces inside them as they are. */
function envLine(secret: string): string {
  assert.ok(!secret.includes('`') && !secret.includes('\n'), 'backtick quoting cannot hold this secret');
  return `CRON_SECRET=\`${secret}\`\n`;
}

/** An app folder with one cron job and the given env files. */
function app(files: Record<string, string>, schedule = '0 3 * * *'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-hostile-'));
  TEMP.push(dir);
  fs.writeFileSync(path.join(dir, 'vercel.json'), JSON.stringify({ crons: [{ path: CRON_PATH, schedule }] }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

async function run(dir: string, ...flags: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['trigger', CRON_PATH, '--folder', dir, '--base-url', server.baseUrl, ...flags], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir, now: () => new Date() });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function json(dir: string, ...flags: string[]): Promise<{ code: number; body: TriggerJson; stdout: string; stderr: string }> {
  const result = await run(dir, ...flags, '--json');
  let body: TriggerJson;
  try {
    body = JSON.parse(result.stdout) as TriggerJson;
  } catch {
    assert.fail(`not one JSON object on stdout: ${result.stdout.slice(0, 500)}\nstderr: ${result.stderr.slice(0, 500)}`);
  }
  return { ...result, body };
}

function answer(status: string, headers: [string, string][] = [], body: string | Uint8Array = '', framing: RawResponse['framing'] = 'length'): void {
  server.answer({ statusLine: `HTTP/1.1 ${status}`, headers, body: typeof body === 'string' ? Buffer.from(body) : body, framing });
}

/**
 * The secret as a route could echo it: raw, case-changed (header names are lower-cased on the
 * way), JSON-escaped, URL- and form-encoded, HTML-escaped, and the part of its base64 that
 * depends on it alone.
 */
function forms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const whole = Math.floor(bytes.length / 3) * 4;
  return [
    secret,
    secret.toLowerCase(),
    secret.toUpperCase(),
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    new URLSearchParams({ t: secret }).toString().slice(2),
    secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
    bytes.toString('base64').slice(0, whole),
    bytes.toString('base64url').slice(0, whole),
  ];
}

function assertNoSecret(text: string, secret: string, where: string): void {
  for (const form of forms(secret)) {
    // Its first 8 characters are a leak too: what a cut inside the secret prints.
    const start = form.slice(0, 8);
    assert.ok(!text.includes(start), `${where} holds the secret, or its start, as ${JSON.stringify(form)}:\n${text.slice(0, 3000)}`);
  }
}

const SECRET = 'Tok3n-AbCdEf-7f3c9a1e5b2d4c6e';

describe('trigger never prints the secret a response carries', () => {
  // The last flag: whether the secret is in what is shown (so redacted), rather than cut off.
  const cases: [string, () => void, boolean][] = [
    ['a 3xx Location quoted in the explanation', () => answer('307 Temporary Redirect', [['Location', `/login?next=/api/cron/x&token=${SECRET}`]]), true],
    ['the reason phrase', () => answer(`403 Refused Bearer ${SECRET}`), true],
    ['a response header name (lower-cased on the way)', () => answer('200 OK', [[`X-Echo-${SECRET}`, '1']]), true],
    ['a header value', () => answer('200 OK', [['X-Echo', `Bearer ${SECRET}`]]), true],
    ['a body cut at 64 KiB inside the secret', () => answer('200 OK', [['Content-Type', 'text/plain']], `${'x'.repeat(LIMIT - 20)}${SECRET}${'y'.repeat(100)}`), false],
    ['a body cut inside the secret that never ends', () => answer('200 OK', [['Content-Type', 'text/plain']], `${'x'.repeat(LIMIT - 17)}${SECRET}`, 'endless'), false],
    ['a URL-encoded echo', () => answer('200 OK', [['Content-Type', 'text/plain']], `next=${encodeURIComponent(`Bearer ${SECRET}`)}`), true],
    ['a base64 echo', () => answer('200 OK', [['Content-Type', 'text/plain']], Buffer.from(`Bearer ${SECRET}`).toString('base64')), true],
    ['an HTML page quoting it', () => answer('500 Internal Server Error', [['Content-Type', 'text/html']], `<!doctype html><title>Bad token ${SECRET}</title>`), true],
  ];
  for (const [name, serve, shown] of cases) {
    it(name, async () => {
      const dir = app({ '.env.local': envLine(SECRET) });
      serve();
      const text = await run(dir);
      assert.ok(text.code === 0 || text.code === 1, text.stderr);
      assertNoSecret(text.stdout + text.stderr, SECRET, 'the text report');
      const machine = await json(dir);
      assertNoSecret(machine.stdout + machine.stderr, SECRET, 'the JSON');
      if (shown) assert.match(text.stdout + machine.stdout, /‹CRON_SECRET›/);
    });
  }

  it('a secret with " and \\ echoed back JSON-escaped, in JSON and in text', async () => {
    const secret = 'quo"te\\back-7f3c9a1e5b2d4c6e';
    const dir = app({ '.env.local': envLine(secret) });
    answer('401 Unauthorized', [['Content-Type', 'application/json']], JSON.stringify({ got: `Bearer ${secret}`, error: 'no' }));
    const machine = await json(dir);
    assert.equal(machine.body.status, 401);
    assertNoSecret(machine.stdout, secret, 'the JSON');
    assert.deepEqual(JSON.parse(machine.body.body!), { got: 'Bearer ‹CRON_SECRET›', error: 'no' });
    const text = await run(dir);
    assertNoSecret(text.stdout, secret, 'the text report');
    assert.match(text.stdout, /"got": "Bearer ‹CRON_SECRET›"/);
  });

  it('the cut never falls inside the secret: the body stops before it', async () => {
    const dir = app({ '.env.local': envLine(SECRET) });
    answer('200 OK', [['Content-Type', 'text/plain']], `${'x'.repeat(LIMIT - 20)}${SECRET}`);
    const { body } = await json(dir);
    assert.equal(body.bodyTruncated, true);
    assert.equal(body.body, 'x'.repeat(LIMIT - 20));
  });
});

describe('trigger: header values HTTP cannot carry are not sent', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ['a schedule ending in a line break', { '.env.local': envLine(SECRET) }, '0 3 * * *\n', 'x-vercel-cron-schedule'],
    ['a schedule with €', { '.env.local': envLine(SECRET) }, '0 3 * * * €', 'x-vercel-cron-schedule'],
    ['a quoted secret with \\n', { '.env.local': 'CRON_SECRET="abcdefgh\\nijklmnop"\n' }, '0 3 * * *', 'authorization'],
    ['a secret with €', { '.env.local': envLine('abcdefgh€ijklmnop') }, '0 3 * * *', 'authorization'],
  ];
  for (const [name, files, schedule, header] of cases) {
    it(name, async () => {
      const dir = app(files, schedule);
      const before = server.requests.length;
      const { code, body, stdout, stderr } = await json(dir);
      assert.equal(code, 1);
      assert.deepEqual(Object.keys(body), KEYS);
      assert.equal(body.status, null);
      assert.equal(body.error, 'INVALID_HEADER_VALUE');
      assert.equal(body.body, null);
      assert.ok(body.explanation.includes(header), body.explanation);
      assert.equal(server.requests.length, before, 'nothing was sent');
      for (const part of ['abcdefgh', 'ijklmnop']) assert.ok(!(stdout + stderr).includes(part), 'no part of the secret is printed');
      const text = await run(dir);
      assert.equal(text.code, 1);
      assert.match(text.stdout, /Nothing was sent/);
      for (const part of ['abcdefgh', 'ijklmnop']) assert.ok(!(text.stdout + text.stderr).includes(part), 'no part of the secret is printed');
    });
  }
});

describe('trigger: a secret too short to keep out of the output is not sent', () => {
  it('a usage error (exit 2) that does not print it, and no request', async () => {
    const dir = app({ '.env.local': 'CRON_SECRET=Zq9\n' });
    const before = server.requests.length;
    const { code, stdout, stderr } = await run(dir, '--json');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^next-cron-routes: CRON_SECRET is only 3 characters long; .*at least 4 characters/);
    assert.ok(!stderr.includes('Zq9'));
    assert.equal(server.requests.length, before, 'nothing was sent');
  });
});

describe('trigger: env files that are not plain files', () => {
  const posix = process.platform !== 'win32';

  /** The CLI bundle in a child process, asynchronously (this process's server must answer), killed if a read never returns. */
  function bundle(dir: string, ...args: string[]) {
    return new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'trigger', CRON_PATH, ...args], { cwd: dir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill(), 60_000);
      child.on('close', (status, signal) => {
        clearTimeout(timer);
        resolve({ status, signal, stdout, stderr });
      });
    });
  }

  it('a FIFO named .env.local is skipped with a warning, not read', { skip: !posix }, async () => {
    const dir = app({ '.env': envLine(SECRET) });
    execFileSync('mkfifo', [path.join(dir, '.env.local')]);
    answer('200 OK', [], 'ok');
    const result = await bundle(dir, '--folder', dir, '--base-url', server.baseUrl, '--json');
    assert.equal(result.signal, null, 'trigger hung on the FIFO');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).status, 200);
    const warnings = result.stderr.trim().split('\n');
    assert.equal(warnings.length, 1, result.stderr);
    assert.match(warnings[0]!, /^warning: .*\.env\.local is not a regular file \(a FIFO\); skipped$/);
    assert.match(server.requests.at(-1)!, new RegExp(`authorization: Bearer ${SECRET}`, 'i'), 'the next file in order was used');
  });

  it('a FIFO named vercel.json (--folder) or .vscode/settings.json does not hang trigger either', { skip: !posix }, async () => {
    const noJobs = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-hostile-'));
    TEMP.push(noJobs);
    execFileSync('mkfifo', [path.join(noJobs, 'vercel.json')]);
    const refused = await bundle(noJobs, '--folder', noJobs, '--base-url', server.baseUrl);
    assert.equal(refused.signal, null, 'trigger hung on vercel.json');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--folder: .*vercel\.json is not a regular file \(a FIFO\)/);
    const dir = app({ '.env.local': envLine(SECRET) });
    fs.mkdirSync(path.join(dir, '.vscode'));
    execFileSync('mkfifo', [path.join(dir, '.vscode', 'settings.json')]);
    answer('200 OK');
    const ran = await bundle(dir, '--base-url', server.baseUrl, '--json');
    assert.equal(ran.signal, null, 'trigger hung on settings.json');
    assert.equal(ran.status, 0, ran.stderr);
    assert.match(ran.stderr.trim(), /^warning: .*settings\.json is not a regular file \(a FIFO\); skipped$/);
  });

  it('an env file over 1 MiB is skipped with a warning that shows none of it', async () => {
    const dir = app({ '.env.local': `${envLine('from-the-huge-file-0000')}# ${'p'.repeat(1024 * 1024)}\n`, '.env': envLine(SECRET) });
    answer('200 OK');
    const { code, stderr } = await json(dir);
    assert.equal(code, 0);
    assert.match(stderr, /^warning: .*\.env\.local is larger than 1 MiB; skipped$/);
    assert.ok(!stderr.includes('from-the-huge-file') && !stderr.includes('ppp'));
  });

  it('an unreadable env file is not skipped silently', { skip: !posix }, async () => {
    const dir = app({ '.env': envLine(SECRET) });
    // A symbolic link to itself cannot be read by anyone, root included.
    fs.symlinkSync('.env.local', path.join(dir, '.env.local'));
    answer('200 OK');
    const { code, stderr } = await json(dir);
    assert.equal(code, 0);
    assert.match(stderr, /^warning: .*\.env\.local could not be read \(ELOOP\); skipped$/);
  });
});

describe('trigger: answers no HTTP server should send end in an exit code and JSON', () => {
  it('101 Switching Protocols is an answer, not a wait for the timeout', async () => {
    const dir = app({ '.env.local': envLine(SECRET) });
    answer('101 Switching Protocols', [['Upgrade', 'websocket'], ['Connection', 'Upgrade']], '', 'close');
    const { code, body } = await json(dir, '--timeout', '30');
    assert.equal(code, 1);
    assert.equal(body.status, 101, body.explanation);
  });

  it('a header named constructor or __proto__ is a header like any other', async () => {
    const dir = app({ '.env.local': envLine(SECRET) });
    answer('200 OK', [['Constructor', 'a'], ['__proto__', 'b'], ['toString', 'c']]);
    const { code, body } = await json(dir);
    assert.equal(code, 0);
    assert.equal(body.headers.constructor, 'a');
    assert.equal(Object.getOwnPropertyDescriptor(body.headers, '__proto__')?.value, 'b');
    assert.equal(body.headers.tostring, 'c');
  });

  it('control characters in the reason phrase and body reach the terminal as pictures', async () => {
    const dir = app({ '.env.local': envLine(SECRET) });
    answer('403 No\x1b[2J\x07', [['Content-Type', 'text/plain']], 'line 1\r\nline\x1b]52;c;aGk=\x07 2\x9b');
    const { code, stdout } = await run(dir);
    assert.equal(code, 1);
    // eslint-disable-next-line no-control-regex -- the test is that none are left
    assert.ok(!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(stdout), JSON.stringify(stdout));
    assert.match(stdout, /← 403 No␛\[2J␇ in \d+ ms/);
    assert.match(stdout, /^line 1$/m);
  });

  const broken: [string, () => void, RegExp][] = [
    ['headers over 16 KiB', () => answer('200 OK', [['X-Big', 'a'.repeat(100_000)]]), /HPE_HEADER_OVERFLOW/],
    ['a server that closes mid-body', () => answer('200 OK', [], 'partial', 'short'), /ECONNRESET/],
    ['a status line that is not HTTP', () => server.answer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n')), /HPE_/],
    ['a redirect to itself', () => answer('302 Found', [['Location', CRON_PATH]]), /^$/],
    ['invalid UTF-8 in the body', () => answer('200 OK', [['Content-Type', 'application/json']], Uint8Array.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d])), /^$/],
  ];
  for (const [name, serve, error] of broken) {
    it(name, async () => {
      const dir = app({ '.env.local': envLine(SECRET) });
      serve();
      const { code, body } = await json(dir);
      assert.ok(code === 0 || code === 1);
      assert.equal(code, body.status !== null && body.status >= 200 && body.status < 300 ? 0 : 1);
      assert.match(body.error ?? '', error);
      const text = await run(dir);
      assert.equal(text.code, code);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The property: whatever a local server answers, trigger exits 0 or 1 (0 exactly on 2xx), --json
// prints one valid JSON object of the documented shape, neither stdout nor stderr holds the
// secret in any of the forms a route could echo it in (nor its first 8 characters, which a cut
// inside it prints), and the text report holds no control character. Seeded (FC_SEED, default
// 20261128), 60 runs (FC_NUM_RUNS goes deeper), no clock: each run is two requests to a local
// server.

const SECRET_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', ...'"\\%+/=&<>\'#:;,.~!*()[]{}|-_ ?', 'é', 'É'];
const secretArb = fc.array(fc.constantFrom(...SECRET_CHARS), { minLength: 16, maxLength: 40 }).map((chars) => chars.join(''));

type FormKind = 'raw' | 'json' | 'url' | 'form' | 'html' | 'base64' | 'base64url' | 'lower' | 'upper';
const FORM_KINDS: FormKind[] = ['raw', 'json', 'url', 'form', 'html', 'base64', 'base64url', 'lower', 'upper'];

function encodeAs(kind: FormKind, text: string): string {
  switch (kind) {
    case 'raw':
      return text;
    case 'json':
      return JSON.stringify(text).slice(1, -1);
    case 'url':
      return encodeURIComponent(text);
    case 'form':
      return new URLSearchParams({ t: text }).toString().slice(2);
    case 'html':
      return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    case 'base64':
      return Buffer.from(text).toString('base64');
    case 'base64url':
      return Buffer.from(text).toString('base64url');
    case 'lower':
      return text.toLowerCase();
    case 'upper':
      return text.toUpperCase();
  }
}

/** A piece of text that may carry the secret: random characters around an encoded copy. */
function withSecret(chars: fc.Arbitrary<string>) {
  return fc.record({
    before: fc.array(chars, { maxLength: 12 }).map((a) => a.join('')),
    form: fc.option(fc.constantFrom(...FORM_KINDS), { nil: undefined }),
    prefix: fc.constantFrom('', 'Bearer '),
    after: fc.array(chars, { maxLength: 12 }).map((a) => a.join('')),
  });
}

type Piece = { before: string; form: FormKind | undefined; prefix: string; after: string };
/**
 * The piece as header text, whose characters go on the wire as Latin-1 bytes: a server echoing
 * the header Node sent writes é as one byte (latin1), one building the text itself as UTF-8.
 */
function render(piece: Piece, secret: string, encoding: 'latin1' | 'utf8'): string {
  const echoed = piece.form ? encodeAs(piece.form, piece.prefix + secret) : '';
  const text = piece.before + echoed + piece.after;
  return encoding === 'utf8' ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const reasonChar = fc.oneof(printable, fc.constantFrom('\x1b', '\x07', '\x01', '\x7f', '\t', '\x85', '\x9b', 'é'));
const tokenChar = fc.constantFrom(...'abcXYZ019!#$%&\'*+-.^_`|~');
const hostileResponse = fc.record({
  status: fc.oneof(fc.constantFrom(200, 204, 301, 302, 307, 308, 401, 403, 404, 405, 500), fc.integer({ min: 100, max: 999 })),
  reason: withSecret(reasonChar),
  headers: fc.array(fc.record({ name: withSecret(tokenChar), value: withSecret(printable) }), { maxLength: 5 }),
  location: fc.option(withSecret(printable), { nil: undefined }),
  body: fc.record({
    size: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: LIMIT - 400, max: LIMIT + 400 })),
    filler: fc.constantFrom('ascii', 'bytes', 'json'),
    byte: fc.integer({ min: 0, max: 255 }),
    // Where copies of the secret go: anywhere, or straddling the 64 KiB cut.
    copies: fc.array(fc.record({ form: fc.constantFrom(...FORM_KINDS), at: fc.oneof(fc.nat(), fc.integer({ min: -60, max: 0 }).map((d) => ({ cut: d }))) }), { maxLength: 3 }),
  }),
  contentType: fc.constantFrom(undefined, 'text/plain', 'application/json', 'text/html', 'application/octet-stream'),
  framing: fc.constantFrom<RawResponse['framing']>('length', 'chunked', 'close', 'short', 'endless'),
  headerEncoding: fc.constantFrom<'latin1' | 'utf8'>('latin1', 'utf8'),
});

type Hostile = typeof hostileResponse extends fc.Arbitrary<infer T> ? T : never;

function build(spec: Hostile, secret: string): RawResponse {
  const encoding = spec.headerEncoding;
  const headers: [string, string][] = spec.headers.map((h) => {
    // A name holding a colon is cut there by HTTP itself (`x-ab:cd: 1` is `x-ab` with value
    // `cd: 1`): the server splitting the secret, which no redaction puts back together.
    const name = render(h.name, secret, encoding).includes(':') ? render({ ...h.name, form: undefined }, secret, encoding) : render(h.name, secret, encoding);
    return [`x-${name}`, render(h.value, secret, encoding)];
  });
  if (spec.location) headers.push(['Location', `/login?next=${render(spec.location, secret, encoding)}`]);
  if (spec.contentType) headers.push(['Content-Type', spec.contentType]);
  let body: Buffer;
  if (spec.body.filler === 'json') {
    body = Buffer.from(JSON.stringify({ pad: 'p'.repeat(Math.max(0, spec.body.size - 40)), echo: `Bearer ${secret}` }));
  } else {
    body = Buffer.alloc(spec.body.size, spec.body.filler === 'ascii' ? 'x' : spec.body.byte);
  }
  // Whole copies only, never overlapping: half a copy would be the server printing half the
  // secret, which no redaction can recognise. The JSON filler carries its own copy.
  const placed: [number, number][] = [];
  for (const copy of spec.body.filler === 'json' ? [] : spec.body.copies) {
    const bytes = Buffer.from(encodeAs(copy.form, secret));
    const at = typeof copy.at === 'number' ? copy.at % (body.length + 1) : LIMIT + copy.at.cut - Math.floor(bytes.length / 2);
    if (at < 0 || placed.some(([start, end]) => at < end && start < at + bytes.length)) continue;
    if (at + bytes.length > body.length) body = Buffer.concat([body, Buffer.alloc(at + bytes.length - body.length, 'z')]);
    bytes.copy(body, at);
    placed.push([at, at + bytes.length]);
  }
  return { statusLine: `HTTP/1.1 ${spec.status} ${render(spec.reason, secret, encoding)}`, headers, body, framing: spec.framing };
}

describe('trigger property: hostile answers never leak the secret or break the output', () => {
  it('exit 0 or 1, valid JSON of the documented shape, no form of the secret on stdout or stderr', async () => {
    const dirs = new Map<string, string>();
    await fc.assert(
      fc.asyncProperty(secretArb, hostileResponse, async (secret, spec) => {
        assert.equal(pickCronSecret([{ file: '.env.local', text: envLine(secret) }]).value, secret, 'the env line round-trips');
        let dir = dirs.get(secret);
        if (!dir) {
          dir = app({ '.env.local': envLine(secret) });
          dirs.set(secret, dir);
        }
        server.answer(build(spec, secret));
        const machine = await run(dir, '--json', '--timeout', '60');
        assert.ok(machine.code === 0 || machine.code === 1, `exit ${machine.code}: ${machine.stderr}`);
        const body = JSON.parse(machine.stdout) as TriggerJson;
        assert.deepEqual(Object.keys(body), KEYS);
        assert.equal(body.status === null, body.error !== null);
        assert.equal(machine.code, body.status !== null && body.status >= 200 && body.status < 300 ? 0 : 1);
        assertNoSecret(machine.stdout + machine.stderr, secret, 'the JSON');
        const text = await run(dir, '--timeout', '60');
        assert.ok(text.code === 0 || text.code === 1, `exit ${text.code}: ${text.stderr}`);
        assertNoSecret(text.stdout + text.stderr, secret, 'the text report');
        // eslint-disable-next-line no-control-regex -- nothing a terminal would act on
        assert.ok(!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text.stdout), JSON.stringify(text.stdout.slice(0, 500)));
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});
