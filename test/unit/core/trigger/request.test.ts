import assert from 'node:assert/strict';
import * as http from 'node:http';
import { describe, it } from 'node:test';
import { DEFAULT_BASE_URL, normalizeAppFolder, parseBaseUrl, resolveBaseUrl } from '../../../../src/core/trigger/baseUrl';
import { displayHost, hostMatches, isLoopbackAddress, isLoopbackHostname } from '../../../../src/core/trigger/loopback';
import { buildCronRequest, CRON_USER_AGENT, unsendableHeader } from '../../../../src/core/trigger/request';

describe('isLoopbackHostname (on URL-canonicalised hosts)', () => {
  const cases: [string, boolean][] = [
    ['http://localhost:3000', true],
    ['http://LOCALHOST:3000', true],
    ['http://localhost.:3000', true],
    ['http://127.0.0.1:3000', true],
    ['http://127.255.255.254', true],
    ['http://127.1', true],
    ['http://0x7f.0.0.1', true],
    ['http://2130706433', true],
    ['http://[::1]:3000', true],
    ['http://[0:0:0:0:0:0:0:1]', true],
    ['http://128.0.0.1', false],
    ['http://10.0.0.5:3000', false],
    ['http://0.0.0.0:3000', false],
    ['http://[::]:3000', false],
    ['http://[::ffff:7f00:1]', false],
    ['http://localhost.example.com', false],
    ['http://example.com', false],
    ['http://127.0.0.1.nip.io', false],
    ['http://app.localhost', false],
  ];
  for (const [url, expected] of cases) {
    it(`${url} → ${expected}`, () => assert.equal(isLoopbackHostname(new URL(url).hostname), expected));
  }

  it('resolved addresses: IPv4, IPv6 and IPv4-mapped loopback only', () => {
    assert.ok(isLoopbackAddress('127.0.0.1'));
    assert.ok(isLoopbackAddress('::1'));
    assert.ok(isLoopbackAddress('::ffff:127.0.0.1'));
    assert.ok(!isLoopbackAddress('192.168.1.2'));
    assert.ok(!isLoopbackAddress('::ffff:10.0.0.1'));
  });
});

describe('hostMatches (--allow-remote)', () => {
  const url = new URL('http://Staging.Example.com:8080/x');
  for (const allowed of ['staging.example.com', 'STAGING.example.com', 'staging.example.com:8080', 'http://staging.example.com']) {
    it(`"${allowed}" names the host`, () => assert.ok(hostMatches(url, allowed)));
  }
  for (const allowed of ['example.com', 'evil.com', '', 'staging.example.com.evil.com']) {
    it(`"${allowed}" does not`, () => assert.ok(!hostMatches(url, allowed)));
  }
  it('IPv6 with and without brackets', () => {
    const v6 = new URL('http://[fd00::5]:3000');
    assert.ok(hostMatches(v6, 'fd00::5'));
    assert.ok(hostMatches(v6, '[fd00::5]'));
    assert.equal(displayHost(v6), 'fd00::5');
  });
});

describe('base URL', () => {
  it('defaults to http://localhost:3000', () => {
    for (const setting of [undefined, null, '']) {
      const result = resolveBaseUrl(setting, '');
      assert.ok(result.ok);
      assert.equal(result.url.href, `${DEFAULT_BASE_URL}/`);
      assert.equal(result.source, 'default');
    }
  });

  it('a map picks the app folder, however it is written', () => {
    const setting = { './apps/web/': 'http://localhost:3001', 'apps\\admin': 'http://127.0.0.1:3002', '.': 'http://localhost:4000' };
    const web = resolveBaseUrl(setting, 'apps/web');
    assert.ok(web.ok && web.url.port === '3001' && web.source === 'map');
    const admin = resolveBaseUrl(setting, 'apps/admin/');
    assert.ok(admin.ok && admin.url.port === '3002');
    const root = resolveBaseUrl(setting, '');
    assert.ok(root.ok && root.url.port === '4000');
  });

  it('a map without the app falls back to the default, with a warning', () => {
    const result = resolveBaseUrl({ 'apps/web': 'http://localhost:3001' }, 'apps/docs');
    assert.ok(result.ok);
    assert.equal(result.url.port, '3000');
    assert.match(result.warning ?? '', /no entry for "apps\/docs"/);
  });

  const bad: [unknown, RegExp][] = [
    ['localhost:3000', /http:\/\/ or https:\/\//],
    ['not a url', /not a URL/],
    ['ftp://localhost', /http:\/\/ or https:\/\//],
    ['http://user:pw@localhost:3000', /credentials/],
    ['http://localhost:3000/?x=1', /query or fragment/],
    [42, /a URL or an object/],
    [['http://localhost'], /a URL or an object/],
    [{ 'apps/web': 3000 }, /must be a URL string/],
  ];
  for (const [setting, message] of bad) {
    it(`refuses ${JSON.stringify(setting)}`, () => {
      const result = resolveBaseUrl(setting, 'apps/web');
      assert.ok(!result.ok);
      assert.match(result.error, message);
    });
  }

  it('credentials never appear in the error', () => {
    const result = parseBaseUrl('http://user:hunter2@localhost:3000');
    assert.ok(!result.ok && !result.error.includes('hunter2'));
  });

  it('normalizes app folders', () => {
    assert.equal(normalizeAppFolder('./apps/web/'), 'apps/web');
    assert.equal(normalizeAppFolder('.'), '');
    assert.equal(normalizeAppFolder('apps\\web'), 'apps/web');
  });
});

describe('buildCronRequest', () => {
  const baseUrl = new URL('http://localhost:3000');

  it('GET with exactly the headers Vercel sends, the secret as a bearer token', () => {
    const result = buildCronRequest({ baseUrl, path: '/api/cron/ok?region=iad1', schedule: '0 3 * * *', secret: 's3cret-value' });
    assert.ok(result.ok);
    assert.equal(result.request.method, 'GET');
    assert.equal(result.request.url.href, 'http://localhost:3000/api/cron/ok?region=iad1');
    assert.deepEqual(result.request.headers, { 'user-agent': CRON_USER_AGENT, 'x-vercel-cron-schedule': '0 3 * * *', authorization: 'Bearer s3cret-value' });
    assert.equal(CRON_USER_AGENT, 'vercel-cron/1.0');
    assert.ok(result.request.loopback);
  });

  it('a Schedules path target: its method, with the same headers and secret', () => {
    const result = buildCronRequest({ baseUrl, path: '/api/digest', method: 'POST', schedule: '0 9 * * *', secret: 's3cret-value' });
    assert.ok(result.ok);
    assert.equal(result.request.method, 'POST');
    assert.deepEqual(result.request.headers, { 'user-agent': CRON_USER_AGENT, 'x-vercel-cron-schedule': '0 9 * * *', authorization: 'Bearer s3cret-value' });
  });

  it('no Authorization header without a secret or with an empty one', () => {
    for (const secret of [undefined, '']) {
      const result = buildCronRequest({ baseUrl, path: '/x', schedule: '0 3 * * *', secret });
      assert.ok(result.ok && !('authorization' in result.request.headers));
    }
  });

  it('appends the path to a base URL with a path prefix, without doubling slashes', () => {
    const result = buildCronRequest({ baseUrl: new URL('http://127.0.0.1:8080/proxy/'), path: '/api/cron/x', schedule: '0 3 * * *', secret: undefined });
    assert.ok(result.ok && result.request.url.href === 'http://127.0.0.1:8080/proxy/api/cron/x');
  });

  it('a path cannot change the host', () => {
    const result = buildCronRequest({ baseUrl, path: '//evil.example/x', schedule: '0 3 * * *', secret: 'k3y-k3y-k3y' });
    assert.ok(result.ok);
    assert.equal(result.request.url.host, 'localhost:3000');
    assert.ok(result.request.loopback);
  });

  it('refuses a path without the leading slash', () => {
    const result = buildCronRequest({ baseUrl, path: 'api/cron/x', schedule: '0 3 * * *', secret: undefined });
    assert.ok(!result.ok && /must start with "\/"/.test(result.error));
  });

  it('refuses to send a secret shorter than 4 characters, without quoting it (issue #14)', () => {
    for (const secret of ['Q', 'Zq9']) {
      const result = buildCronRequest({ baseUrl, path: '/x', schedule: '0 3 * * *', secret });
      assert.ok(!result.ok);
      assert.match(result.error, new RegExp(`^CRON_SECRET is only ${secret.length} characters? long; .*at least 4 characters`));
      assert.ok(!result.error.includes(secret));
    }
    assert.ok(buildCronRequest({ baseUrl, path: '/x', schedule: '0 3 * * *', secret: 'Zq9x' }).ok);
  });

  it('marks a remote host as not loopback', () => {
    const result = buildCronRequest({ baseUrl: new URL('https://staging.example.com'), path: '/x', schedule: '0 3 * * *', secret: undefined });
    assert.ok(result.ok && !result.request.loopback);
  });
});

describe('run anyway (the duplicate-run guard override)', () => {
  const base = new URL('http://127.0.0.1:3000');
  it('is sent with the secret, after the headers Vercel sends', () => {
    const built = buildCronRequest({ baseUrl: base, path: '/api/cron/a', schedule: '0 3 * * *', secret: 's3cret-s3cret-s3cret', runAnyway: true });
    assert.ok(built.ok);
    assert.deepEqual(Object.keys(built.request.headers), ['user-agent', 'x-vercel-cron-schedule', 'authorization', 'x-cron-run-anyway']);
    assert.equal(built.request.headers['x-cron-run-anyway'], '1');
  });
  it('is never sent without the secret (the guard would ignore it), nor unasked', () => {
    const noSecret = buildCronRequest({ baseUrl: base, path: '/api/cron/a', schedule: '0 3 * * *', secret: undefined, runAnyway: true });
    assert.ok(noSecret.ok);
    assert.equal('x-cron-run-anyway' in noSecret.request.headers, false);
    const plain = buildCronRequest({ baseUrl: base, path: '/api/cron/a', schedule: '0 3 * * *', secret: 's3cret-s3cret-s3cret' });
    assert.ok(plain.ok);
    assert.equal('x-cron-run-anyway' in plain.request.headers, false);
  });
});

describe("unsendableHeader: what Node's http would refuse to send (issue #14)", () => {
  /** Whether Node accepts the header, by the checks http.request runs before it sends anything. */
  function nodeAccepts(name: string, value: string): boolean {
    try {
      http.validateHeaderName(name);
      http.validateHeaderValue(name, value);
      return true;
    } catch {
      return false;
    }
  }

  it('agrees with Node on every character up to U+02FF and a few beyond, in values and names', () => {
    const chars = [...Array.from({ length: 0x300 }, (_, code) => String.fromCharCode(code)), '€', '\u2028', '😀', '\ud800'];
    for (const char of chars) {
      for (const [name, value] of [['x-vercel-cron-schedule', `0 3 * * *${char}`], [`x-a${char}`, 'v']] as const) {
        assert.equal(unsendableHeader({ [name]: value }) === undefined, nodeAccepts(name, value), `${JSON.stringify(name)}: ${JSON.stringify(value)}`);
      }
    }
  });

  it('names the header and the character of a schedule', () => {
    assert.deepEqual(unsendableHeader({ 'user-agent': 'vercel-cron/1.0', 'x-vercel-cron-schedule': '0 3 * * *\n' }), {
      header: 'x-vercel-cron-schedule',
      message: 'the x-vercel-cron-schedule header cannot carry the schedule "0 3 * * *\\n": it holds a line feed (U+000A)',
    });
    assert.match(unsendableHeader({ 'x-vercel-cron-schedule': '0 3 * * * €' })!.message, /"€" \(U\+20AC\), beyond the Latin-1/);
  });

  it('names neither the secret nor its character for authorization', () => {
    for (const secret of ['abcdefgh€ijklmnop', 'abcdefgh\nijklmnop', 'abcdefgh\u0000ijklmnop']) {
      const built = buildCronRequest({ baseUrl: new URL('http://127.0.0.1:3000'), path: '/x', schedule: '0 3 * * *', secret });
      assert.ok(built.ok);
      const found = unsendableHeader(built.request.headers);
      assert.equal(found?.header, 'authorization');
      assert.ok(!/abcdefgh|ijklmnop|€|U\+20AC|U\+000A|U\+0000/.test(found!.message), found!.message);
    }
  });

  it('accepts what Vercel sends: tab, printable ASCII and Latin-1 (Node sends é as one byte)', () => {
    assert.equal(unsendableHeader({ 'user-agent': CRON_USER_AGENT, 'x-vercel-cron-schedule': '0 3 * * *', authorization: 'Bearer caf\u00e9-\t-~!' }), undefined);
  });
});
