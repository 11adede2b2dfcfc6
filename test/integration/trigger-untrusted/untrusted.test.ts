// Trigger Cron Route in an untrusted workspace (workspace trust on, folder not trusted):
// loopback requests still go, but without reading the app's env files or stored secrets, and
// never to another host.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { type FixtureServer, startFixtureServer } from '../../unit/node/trigger/fixtureServer';
import { activate, DOT_ENV_SECRET, EXTENSION_ID, externalAddress, LOCAL_SECRET, outputBlock, setUserSetting, triggerStamped } from '../trigger/helpers';

suite('Trigger Cron Route (untrusted workspace)', () => {
  let server: FixtureServer;
  const envBefore = ourConcern(process.env);

  suiteSetup(async function () {
    this.timeout(180_000);
    assert.equal(vscode.workspace.isTrusted, false, 'the run starts untrusted');
    server = await startFixtureServer(await activate(), { warm: ['/api/cron/ok', '/api/cron/secret'] });
    await setUserSetting('baseUrl', server.baseUrl);
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    await setUserSetting('baseUrl', undefined);
    (await vscode.extensions.getExtension<{ setClock(i: string | undefined): void }>(EXTENSION_ID)!.activate()).setClock(undefined);
    await server?.stop();
  });

  test('env files are left unread: no Authorization header, and the secret route says 401', async () => {
    const ok = (await triggerStamped('/api/cron/ok')).result;
    assert.equal(ok?.status, 200, ok?.explanation);
    assert.equal((JSON.parse(ok.body!) as { hasAuthorization: boolean }).hasAuthorization, false);
    const { result: refused, stamp } = await triggerStamped('/api/cron/secret');
    assert.equal(refused?.status, 401);
    assert.match(refused.explanation, /not trusted/);
    const { block, text } = await outputBlock(stamp);
    assert.match(block, /no CRON_SECRET sent: the workspace is not trusted/);
    assert.ok(!/^ {2}authorization:/m.test(text));
    for (const secret of [LOCAL_SECRET, DOT_ENV_SECRET]) assert.ok(!text.includes(secret));
  });

  test('a non-loopback host is never contacted, and no dialog is offered', async function () {
    const address = externalAddress();
    if (!address) this.skip();
    let hits = 0;
    const listener = http.createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>((resolve) => listener.listen(0, address, resolve));
    try {
      await setUserSetting('baseUrl', `http://${address}:${(listener.address() as AddressInfo).port}`);
      const { result, stamp } = await triggerStamped('/api/cron/ok');
      assert.equal(result, undefined);
      assert.match((await outputBlock(stamp)).block, /Not sent: .* is not this machine, and an untrusted workspace only sends requests to localhost/);
      assert.equal(hits, 0);
    } finally {
      listener.close();
      await setUserSetting('baseUrl', server.baseUrl);
    }
  });

  test('a QStash destination is not signed without trust: nothing is sent, and the log says what is missing', async () => {
    const { result, stamp } = await triggerStamped({ path: '/api/qstash/digest', source: 'qstash' });
    assert.equal(result, undefined, 'nothing sent');
    const { block, text } = await outputBlock(stamp);
    assert.match(block, /Not sent: the workspace is not trusted, so the app's env files are not read and there is no QSTASH_CURRENT_SIGNING_KEY/);
    assert.ok(!text.includes('sig_fixture'));
  });

  test('the extension host environment is never modified', () => {
    assert.deepEqual(ourConcern(process.env), envBefore);
  });
});

/**
 * The environment minus what VS Code itself sets lazily in the extension host (VSCODE_*, such
 * as VSCODE_L10N_BUNDLE_LOCATION): what the extension could leak a secret into.
 */
function ourConcern(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('VSCODE_')));
}
