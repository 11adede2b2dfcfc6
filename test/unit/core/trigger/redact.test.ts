// Redaction of CRON_SECRET from what a trigger prints (issue #14 A): every form a route could echo
// it in, JSON that stays valid, and cuts that never split it. Seeded (FC_SEED, default 20261128).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BODY_LIMIT_BYTES, bodyReadLimit, decodeBody } from '../../../../src/core/trigger/outcome';
import { cutOutsideSecret, MAX_FORM_BYTES_PER_CHAR, MIN_SECRET_LENGTH, REDACTED, redactJson, redactSecret, secretSpans } from '../../../../src/core/trigger/redact';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;
const SECRET = 'S3cr"et\\/é&<+ x-7f3c9a';

function base64At(offset: number, secret: string, encoding: BufferEncoding = 'utf8'): string {
  return Buffer.concat([Buffer.from('Bearer '.slice(0, offset)), Buffer.from(secret, encoding)]).toString('base64');
}

describe('redactSecret: every form of the secret a route could echo', () => {
  const forms: [string, string][] = [
    ['raw', SECRET],
    ['lower-cased (header names)', SECRET.toLowerCase()],
    ['upper-cased', SECRET.toUpperCase()],
    ['JSON-escaped', JSON.stringify(SECRET).slice(1, -1)],
    ['JSON-escaped, non-ASCII as \\u', JSON.stringify(SECRET).slice(1, -1).replace(/é/g, '\\u00E9')],
    ['JSON, every character as \\u', [...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
    ['encodeURIComponent', encodeURIComponent(SECRET)],
    ['encodeURIComponent, lower-case hex', encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
    ['form-encoded (+ for space)', new URLSearchParams({ s: SECRET }).toString().slice(2)],
    ['percent-encoded Latin-1 bytes', [...Buffer.from(SECRET, 'latin1')].map((b) => `%${b.toString(16)}`).join('')],
    ['encodeURI (leaves & / + raw)', encodeURI(SECRET)],
    ['HTML-escaped', SECRET.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')],
    ['HTML character references', [...SECRET].map((c, i) => (i % 2 ? `&#${c.charCodeAt(0)};` : `&#x${c.charCodeAt(0).toString(16)};`)).join('')],
    ['UTF-8 read as Latin-1 (a header a server wrote in UTF-8)', Buffer.from(SECRET, 'utf8').toString('latin1')],
    ['HTML-escaped, then UTF-8 read as Latin-1', Buffer.from(SECRET.replace(/&/g, '&amp;'), 'utf8').toString('latin1')],
    ['as new URL() writes it in a path', new URL(`http://h/${SECRET}`).pathname.slice(1)],
    ['base64 of "Bearer <secret>"', base64At(7, SECRET)],
    ['base64 of the secret alone', base64At(0, SECRET)],
    ['base64 at the third alignment', base64At(1, SECRET)],
    ['base64url', Buffer.from(SECRET).toString('base64url')],
    ['base64 of its Latin-1 bytes (as Node sends it)', base64At(0, SECRET, 'latin1')],
  ];
  for (const [name, form] of forms) {
    it(name, () => {
      const redacted = redactSecret(`before ${form} after`, SECRET);
      if (!name.startsWith('base64')) assert.equal(redacted, `before ${REDACTED} after`, JSON.stringify(form));
      else {
        // Left of it: "Bearer " still encoded, and the character or two at each end that also depend on the bytes around the secret.
        const [head, tail] = redacted.split(REDACTED) as [string, string];
        assert.ok(head.length <= 'before '.length + 12 && tail.length <= ' after'.length + 4, `${form} → ${redacted}`);
      }
    });
  }

  it('as the URL parser writes it in a query, "%" left alone and ">" encoded (found by the property test)', () => {
    const secret = '%aa7f3c9a1e5b>aa';
    const href = new URL(`/login?next=${secret}`, 'http://127.0.0.1:3000').href;
    assert.equal(href, 'http://127.0.0.1:3000/login?next=%aa7f3c9a1e5b%3Eaa');
    assert.equal(redactSecret(href, secret), `http://127.0.0.1:3000/login?next=${REDACTED}`);
  });

  it('UTF-8 read as Latin-1 and then written by the URL parser, "%" left alone (found by the property test)', () => {
    const secret = '%aa7f3c9a1e5bÉaa';
    const location = Buffer.from(`/login?next=${secret}`, 'utf8').toString('latin1');
    const href = new URL(location, 'http://127.0.0.1:3000').href;
    assert.equal(href, 'http://127.0.0.1:3000/login?next=%aa7f3c9a1e5b%C3%83%C2%89aa');
    assert.equal(redactSecret(href, secret), `http://127.0.0.1:3000/login?next=${REDACTED}`);
  });

  it('upper-cased, then written by the URL parser, with a "%" of its own (found by the property test)', () => {
    const secret = 'aaaaa%aaaa7f3céaa';
    const href = new URL(`/login?next=${secret.toUpperCase()}`, 'http://127.0.0.1:3000').href;
    assert.equal(href, 'http://127.0.0.1:3000/login?next=AAAAA%AAAA7F3C%C3%89AA');
    assert.equal(redactSecret(href, secret), `http://127.0.0.1:3000/login?next=${REDACTED}`);
  });

  it('a secret as long as an env file may hold (1 MiB) is handled', () => {
    const secret = 'k'.repeat(1024 * 1024 - 20) + 'é-end';
    assert.equal(redactSecret(`<${secret}>`, secret), `<${REDACTED}>`);
  });

  it('base64 lower-cased, as in a header name (found by the property test)', () => {
    const secret = 'Éanj7f3c9a1e5b2d';
    const name = `x-${Buffer.from(secret).toString('base64url')}`.toLowerCase();
    // The last character or two also depend on what would follow the secret, and stay.
    assert.match(redactSecret(name, secret), /^x-‹CRON_SECRET›[a-z0-9_-]{0,2}$/);
  });

  it('a header value loses its surrounding spaces on the way: the secret without them is found too', () => {
    assert.equal(redactSecret('x-echo:abcdefgh;', '  abcdefgh\t '), `x-echo:${REDACTED};`);
  });

  it('a stray "%" or "\\" before an encoded secret does not hide it', () => {
    const secret = 'aa7f3c9a1e5b2d4c6e|';
    assert.equal(redactSecret(`x-%${encodeURIComponent(secret)}`, secret), `x-%${REDACTED}`);
    const json = JSON.stringify('"quoted\\secret').slice(1, -1);
    assert.equal(redactSecret(`\\${json}`, '"quoted\\secret'), `\\${REDACTED}`);
  });

  it('leaves text without the secret alone, and does nothing for a secret too short to send', () => {
    const text = 'HTTP/1.1 200 OK: {"ok":true} %41 &amp; \\u0041 QmVhcmVy';
    assert.equal(redactSecret(text, SECRET), text);
    assert.equal(redactSecret(text, undefined), text);
    assert.equal(MIN_SECRET_LENGTH, 4);
    assert.equal(redactSecret('abc abc', 'abc'), 'abc abc');
    assert.equal(redactSecret('abcd abcd', 'abcd'), `${REDACTED} ${REDACTED}`);
  });

  it('overlapping and adjacent occurrences are all covered', () => {
    assert.equal(redactSecret('xababab', 'abab'), `x${REDACTED}`);
    assert.deepEqual(secretSpans('abababab', 'abab'), [{ start: 0, end: 8 }]);
    assert.equal(redactSecret('abcdabcd', 'abcd'), `${REDACTED}${REDACTED}`);
    // A repetitive secret in a repetitive body: one run, found in one pass over the body.
    assert.deepEqual(secretSpans(`b${'a'.repeat(100_000)}b`, 'a'.repeat(4096)), [{ start: 1, end: 100_001 }]);
    assert.deepEqual(secretSpans('abababab-ababab', 'ababab'), [{ start: 0, end: 8 }, { start: 9, end: 15 }]);
  });

  it('is total: a secret that could never be sent (a lone surrogate) does not throw', () => {
    assert.equal(redactSecret('a\ud800bcd', 'a\ud800bcd'), REDACTED);
  });
});

describe('redactJson: valid JSON, the secret gone from its text and from its values', () => {
  it('a secret with quotes and backslashes, escaped in the JSON text', () => {
    const json = JSON.stringify({ headers: { 'x-echo': `Bearer ${SECRET}` } });
    const out = redactJson(json, SECRET);
    assert.deepEqual(JSON.parse(out), { headers: { 'x-echo': `Bearer ${REDACTED}` } });
  });

  it('a JSON body inside a JSON string: the secret escaped twice', () => {
    const body = JSON.stringify({ got: SECRET });
    const json = JSON.stringify({ body });
    assert.deepEqual(JSON.parse(JSON.parse(redactJson(json, SECRET)).body), { got: REDACTED });
  });

  it('a secret spread over a key and its value is cut in both, outside the quotes', () => {
    const secret = 'ab":"cd-7f3c9a';
    const json = JSON.stringify({ 'x-ab': 'cd-7f3c9a' });
    assert.ok(json.includes(secret));
    const out = redactJson(json, secret);
    assert.deepEqual(JSON.parse(out), { [`x-${REDACTED}`]: REDACTED });
  });

  it('never splits an escape: a secret that starts inside one', () => {
    const secret = 'nsecret-7f3c9a';
    const json = JSON.stringify({ v: `line\n${'secret-7f3c9a'}` });
    const out = redactJson(json, secret);
    assert.deepEqual(JSON.parse(out), { v: `line${REDACTED}` });
  });

  it('property: any values with forms of the secret in them stay valid JSON with no form left in any value', () => {
    const secret = fc.array(fc.constantFrom(...'abcXYZ019"\\/%&<>+ é-_'), { minLength: 6, maxLength: 20 }).map((a) => `k${a.join('')}`);
    const piece = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('"', '\\', '%', '&', '\n', '\u001b', 'é', '😀'));
    fc.assert(
      fc.property(secret, fc.array(fc.tuple(piece, fc.constantFrom('raw', 'json', 'url', 'twice'), piece), { maxLength: 4 }), (s, parts) => {
        const encode = (form: string) => (form === 'json' ? JSON.stringify(s).slice(1, -1) : form === 'url' ? encodeURIComponent(s) : form === 'twice' ? JSON.stringify(JSON.stringify(s)).slice(1, -1) : s);
        const values = parts.map(([before, form, after]) => before + encode(form) + after);
        const out = redactJson(JSON.stringify({ values, [values[0] ?? 'k']: values.join('') }), s);
        const parsed = JSON.parse(out) as Record<string, unknown>;
        for (const text of [out, ...Object.keys(parsed), ...JSON.stringify(parsed).split('"')]) {
          for (const form of [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]) assert.ok(!text.includes(form), `${JSON.stringify(form)} in ${out}`);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('cutting a body never splits the secret', () => {
  it('cutOutsideSecret moves a cut inside an occurrence to its start', () => {
    const text = `${'x'.repeat(10)}${SECRET}tail`;
    assert.equal(cutOutsideSecret(text, 15, SECRET), 10);
    assert.equal(cutOutsideSecret(text, 10, SECRET), 10);
    assert.equal(cutOutsideSecret(text, 5, SECRET), 5);
    assert.equal(cutOutsideSecret(text, 10 + SECRET.length, SECRET), 10 + SECRET.length);
  });

  it('decodeBody reads past the 64 KiB and cuts before a secret that crosses it, in any form', () => {
    for (const form of [SECRET, encodeURIComponent(SECRET), JSON.stringify(SECRET).slice(1, -1), Buffer.from(SECRET).toString('base64')]) {
      for (const before of [1, Math.floor(form.length / 2), form.length - 1]) {
        const body = Buffer.from(`${'x'.repeat(BODY_LIMIT_BYTES - before)}${form}${'y'.repeat(BODY_LIMIT_BYTES)}`);
        const read = body.subarray(0, bodyReadLimit(`Bearer ${SECRET}`.length));
        const { text, truncated } = decodeBody(read, BODY_LIMIT_BYTES, SECRET);
        assert.ok(truncated);
        // Cut before the secret, or (base64, whose last characters also depend on what follows)
        // after all of it that depends on the secret alone, which the output then redacts whole.
        const shown = redactSecret(text, SECRET);
        assert.match(shown, /^x*(‹CRON_SECRET›[A-Za-z0-9+/]{0,2})?$/, `${form} at -${before}: …${shown.slice(-30)}`);
        assert.equal(shown.replace(/‹.*$/, '').length, BODY_LIMIT_BYTES - before);
      }
    }
  });

  it('the look past the cut is long enough for the longest form of any sendable character', () => {
    const widest = [...Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i)), '\t', ...Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(0x80 + i))];
    for (const c of widest) {
      const forms = [`&#${'0'.repeat(7 - String(c.charCodeAt(0)).length)}${c.charCodeAt(0)};`, encodeURIComponent(c), `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`, Buffer.from(c, 'utf8').toString('latin1')];
      for (const form of forms) assert.ok(Buffer.byteLength(form) <= MAX_FORM_BYTES_PER_CHAR, `${JSON.stringify(c)} as ${form}`);
    }
    assert.equal(bodyReadLimit(0), BODY_LIMIT_BYTES);
  });

  it('decoding up to a character boundary does not depend on what follows (so the cut text begins the whole text)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(64), (bytes, at) => {
        const limit = Math.min(at, bytes.length);
        const cut = decodeBody(bytes, limit).text;
        assert.ok(new TextDecoder().decode(bytes).startsWith(cut));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
