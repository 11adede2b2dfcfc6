// Trigger Cron Route in the real editor against a real `next dev` of test/fixtures/trigger-app
// (started here, from the extension host, on a free loopback port; one server for the suite).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DevServerDownState } from '../../../src/vscode/trigger/devServerStatus';
import { type FixtureServer, startFixtureServer } from '../../unit/node/trigger/fixtureServer';
import { activate, DOT_ENV_SECRET, eventually, EXTENSION_ID, externalAddress, LOCAL_SECRET, nextRunStamp, outputBlock, setUserSetting, TRIGGER, type TriggerJson, triggerStamped, workspaceRoot } from './helpers';

/** test/fixtures/trigger-app/.env.local's QStash signing key (a fixture value). */
const QSTASH_CURRENT_KEY = 'sig_fixtureCurrentKey7Q2w9e4r1t6y';

suite('Trigger Cron Route (trusted workspace, real next dev)', () => {
  let server: FixtureServer;
  const envBefore = ourConcern(process.env);

  suiteSetup(async function () {
    this.timeout(180_000);
    assert.equal(vscode.workspace.isTrusted, true);
    server = await startFixtureServer(await activate());
    await setUserSetting('baseUrl', server.baseUrl);
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    await setUserSetting('baseUrl', undefined);
    await setUserSetting('triggerTimeoutSeconds', undefined);
    (await vscode.extensions.getExtension<{ setClock(i: string | undefined): void }>(EXTENSION_ID)!.activate()).setClock(undefined);
    await server?.stop();
  });

  test('the command is contributed to the palette with its category', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(TRIGGER));
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; category: string; title: string }[] } };
    const entry = manifest.contributes.commands.find((c) => c.command === TRIGGER);
    assert.deepEqual(entry && [entry.category, entry.title], ['Next Cron Routes', 'Trigger Cron Route']);
  });

  test('200 with the cron headers; the output channel shows request and response', async () => {
    const { result, stamp } = await triggerStamped('/api/cron/ok');
    assert.ok(result, 'a result');
    assert.equal(result.status, 200, result.explanation);
    assert.deepEqual(JSON.parse(result.body!), { ok: true, userAgent: 'vercel-cron/1.0', schedule: '0 3 * * *', hasAuthorization: true });
    const { block } = await outputBlock(stamp);
    assert.match(block, new RegExp(`^GET ${server.baseUrl}/api/cron/ok$`, 'm'));
    assert.match(block, /^ {2}user-agent: vercel-cron\/1\.0$/m);
    assert.match(block, /^ {2}x-vercel-cron-schedule: 0 3 \* \* \*$/m);
    assert.match(block, /^← 200 OK in \d+ ms$/m);
    assert.match(block, /"userAgent": "vercel-cron\/1\.0"/);
    assert.match(block, /^✔ The route answered 200/m);
  });

  test('the secret comes from .env.local over .env, and the log masks it', async () => {
    const { result, stamp } = await triggerStamped({ path: '/api/cron/secret', folder: '.' });
    assert.ok(result);
    assert.equal(result.status, 200, result.explanation);
    const { block, text } = await outputBlock(stamp);
    assert.match(block, new RegExp(`^ {2}authorization: Bearer ‹hidden, ${LOCAL_SECRET.length} characters›$`, 'm'));
    assert.match(block, /CRON_SECRET from \.env\.local/);
    for (const secret of [LOCAL_SECRET, DOT_ENV_SECRET]) assert.ok(!text.includes(secret) && !text.includes(secret.slice(-4)), 'no part of a secret in the output');
  });

  test('405, 307 and 404 are explained in words', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/cron/post-only', 405, /no GET handler.*always send GET/],
      ['/api/cron/redirect', 307, /does not follow redirects.*\/login/],
      ['/api/cron/missing', 404, /Nothing serves \/api\/cron\/missing/],
    ];
    for (const [cronPath, status, explanation] of cases) {
      const { result, stamp } = await triggerStamped({ path: cronPath, folder: workspaceRoot() });
      assert.equal(result?.status, status, cronPath);
      assert.match((await outputBlock(stamp)).block, explanation);
    }
  });

  test('a Schedules path target is sent POST, its default method, and answers where the cron\'s GET got 405', async () => {
    const vercelJson = path.join(workspaceRoot(), 'vercel.json');
    const before = fs.readFileSync(vercelJson, 'utf8');
    const config = JSON.parse(before) as Record<string, unknown>;
    // Another query makes another path, so the cron job of /api/cron/post-only is not matched too.
    fs.writeFileSync(vercelJson, JSON.stringify({ ...config, schedules: [{ name: 'post-only', schedule: '0 5 * * *', path: '/api/cron/post-only?via=schedules' }] }, null, 2));
    try {
      const { result, stamp } = await triggerStamped({ path: '/api/cron/post-only?via=schedules', folder: workspaceRoot() });
      assert.equal(result?.status, 200, result?.explanation);
      assert.deepEqual(JSON.parse(result!.body!), { ran: true });
      assert.match((await outputBlock(stamp)).block, new RegExp(`^POST ${server.baseUrl}/api/cron/post-only\\?via=schedules$`, 'm'));
    } finally {
      fs.writeFileSync(vercelJson, before);
    }
  });

  test('a timeout from nextCronRoutes.triggerTimeoutSeconds', async () => {
    await setUserSetting('triggerTimeoutSeconds', 1);
    try {
      const { result, stamp } = await triggerStamped('/api/cron/sleep');
      assert.equal(result?.status, null);
      assert.equal(result?.error, 'TIMEOUT');
      assert.match((await outputBlock(stamp)).block, /No response within 1 s.*nextCronRoutes\.triggerTimeoutSeconds/);
    } finally {
      await setUserSetting('triggerTimeoutSeconds', undefined);
    }
  });

  test('a non-loopback host is refused without confirmation, and nothing is sent', async function () {
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
      // The test host refuses modal dialogs, which is exactly "not confirmed".
      const { result, stamp } = await triggerStamped('/api/cron/ok');
      assert.equal(result, undefined);
      assert.match((await outputBlock(stamp)).block, new RegExp(`Not sent: sending to ${address.replace(/\./g, '\\.')} was not confirmed`));
      assert.equal(hits, 0);
    } finally {
      listener.close();
      await setUserSetting('baseUrl', server.baseUrl);
    }
  });

  test('"▶ Trigger" CodeLenses above vercel.json entries and above the GET of a cron route', async () => {
    const root = workspaceRoot();
    const vercelJson = vscode.Uri.file(path.join(root, 'vercel.json'));
    // The provider command needs the document open in the editor.
    await vscode.workspace.openTextDocument(vercelJson);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', vercelJson)).filter((l) => l.command?.command === TRIGGER);
    assert.deepEqual(
      lenses.map((l) => (l.command!.arguments![0] as { path: string }).path),
      ['/api/cron/ok', '/api/cron/secret', '/api/cron/post-only', '/api/cron/redirect', '/api/cron/sleep', '/api/cron/missing', '/api/cron/guarded'],
    );
    assert.ok(lenses.every((l) => l.command!.title === '▶ Trigger'));
    const route = vscode.Uri.file(path.join(root, 'app', 'api', 'cron', 'ok', 'route.ts'));
    const document = await vscode.workspace.openTextDocument(route);
    const routeLenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', route)).filter((l) => l.command?.command === TRIGGER);
    assert.equal(routeLenses.length, 1);
    assert.equal(routeLenses[0]!.command!.title, '▶ Trigger /api/cron/ok');
    assert.match(document.lineAt(routeLenses[0]!.range.start.line).text, /export async function GET/);
    await nextRunStamp();
    const result = await vscode.commands.executeCommand<TriggerJson>(routeLenses[0]!.command!.command, ...routeLenses[0]!.command!.arguments!);
    assert.equal(result.status, 200);
    const postOnly = vscode.Uri.file(path.join(root, 'app', 'api', 'cron', 'post-only', 'route.ts'));
    await vscode.workspace.openTextDocument(postOnly);
    const none = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', postOnly)).filter((l) => l.command?.command === TRIGGER);
    assert.deepEqual(none, [], 'no GET, no lens');
  });

  test('the quick pick offers the most recent choice first', async () => {
    await triggerStamped('/api/cron/redirect');
    await nextRunStamp();
    const picked = vscode.commands.executeCommand<TriggerJson | undefined>(TRIGGER);
    let settled = false;
    void picked.then(() => (settled = true));
    // The quick pick opens asynchronously: accept its first item once it is there.
    await eventually(async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled || undefined;
    }, 'the quick pick to be accepted');
    const result = await picked;
    assert.equal(result?.path, '/api/cron/redirect');
    assert.equal(result?.status, 307);
  });

  test('a route with the duplicate-run guard: the second run of a slot is skipped; "run anyway" in the quick pick runs it', async () => {
    const first = await triggerStamped('/api/cron/guarded');
    assert.equal(first.result?.status, 200, first.result?.explanation);
    assert.deepEqual(JSON.parse(first.result!.body!), { ran: true, runAnyway: false });
    const second = await triggerStamped('/api/cron/guarded');
    assert.equal(second.result?.status, 200);
    assert.equal((JSON.parse(second.result!.body!) as { skipped?: boolean }).skipped, true);
    // Most recent first: the guarded job, then its "run anyway" item.
    const stamp = await nextRunStamp();
    const api = await vscode.extensions.getExtension<{ activeJobPickItem(): string | undefined }>(EXTENSION_ID)!.activate();
    const picked = vscode.commands.executeCommand<TriggerJson | undefined>(TRIGGER);
    // Move down as a user would until the editor reports the "run anyway" item highlighted.
    await eventually(async () => {
      const active = api.activeJobPickItem();
      if (active?.endsWith('/api/cron/guarded: run anyway')) return true;
      if (active !== undefined) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      return undefined;
    }, 'the "run anyway" item to be highlighted');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const forced = await picked;
    assert.equal(forced?.path, '/api/cron/guarded');
    assert.deepEqual(JSON.parse(forced!.body!), { ran: true, runAnyway: true });
    assert.match((await outputBlock(stamp)).block, /^ {2}x-cron-run-anyway: 1$/m);
  });

  test('the quick pick lists the QStash destination of the code; it is sent signed and the route\'s verifySignatureAppRouter accepts it', async () => {
    const stamp = await nextRunStamp();
    const api = await vscode.extensions.getExtension<{ activeJobPickItem(): string | undefined }>(EXTENSION_ID)!.activate();
    const picked = vscode.commands.executeCommand<TriggerJson | undefined>(TRIGGER);
    // Move down as a user would until the QStash entry is highlighted (the list is bounded: cron jobs, then the code's).
    await eventually(async () => {
      const active = api.activeJobPickItem();
      if (active?.endsWith(' /api/qstash/digest')) return true;
      if (active !== undefined) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      return undefined;
    }, 'the QStash entry to be highlighted', 60_000);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const result = await picked;
    assert.equal(result?.status, 200, result?.explanation);
    const body = JSON.parse(result!.body!) as { verified: boolean; messageId: string; retried: string; userAgent: string };
    assert.equal(body.verified, true);
    assert.match(body.messageId, /^msg_local_/);
    assert.deepEqual([body.retried, body.userAgent], ['0', 'Upstash-QStash']);
    const { block, text } = await outputBlock(stamp);
    assert.match(block, new RegExp(`^POST ${server.baseUrl}/api/qstash/digest$`, 'm'));
    assert.match(block, /^ {2}upstash-signature: ‹hidden, \d+ characters›$/m);
    assert.match(block, /^ {2}upstash-schedule-id: nightly-digest$/m);
    assert.match(block, /signed with QSTASH_CURRENT_SIGNING_KEY from \.env\.local/);
    assert.match(block, /QStash would count it as delivered/);
    assert.ok(!text.includes(QSTASH_CURRENT_KEY) && !text.includes(QSTASH_CURRENT_KEY.slice(-6)), 'no part of the signing key in the output');
  });

  test('the extension host environment is never modified', () => {
    assert.deepEqual(ourConcern(process.env), envBefore);
    assert.ok(!Object.values(process.env).some((v) => v === LOCAL_SECRET || v === DOT_ENV_SECRET));
  });

  test('connection refused when the server is down (stops the server): the title once, and the way out stays until the server answers', async function () {
    this.timeout(120_000);
    await server.stop();
    const api = await vscode.extensions.getExtension<{ devServerDown(): DevServerDownState | undefined }>(EXTENSION_ID)!.activate();
    const { result, stamp } = await triggerStamped('/api/cron/ok');
    assert.equal(result?.status, null);
    assert.equal(result?.error, 'ECONNREFUSED');
    // The notification reads "<path>: Connection refused. <explanation>": the explanation must not say it again.
    assert.doesNotMatch(result!.explanation, /connection refused/i);
    const { block } = await outputBlock(stamp);
    assert.match(block, /^← no response: Connection refused after \d+ ms \(ECONNREFUSED/m);
    assert.match(block, /^✘ Nothing is listening at 127\.0\.0\.1:\d+: the dev server is not running there\. Start the app's dev script/m);
    assert.match(block, /^→ Start the dev server and retry: "Cron dev server down — Start & Retry" in the status bar\.$/m);

    // The notification hides after seconds; the status bar item stays, whatever the clock says.
    const down = api.devServerDown();
    assert.ok(down, 'the status bar item is shown');
    assert.match(down.text, /Cron dev server down — Start & Retry$/);
    assert.equal(down.path, '/api/cron/ok');
    assert.equal(down.baseUrl, `${server.baseUrl}/`);
    assert.match(down.tooltip, /^Connection refused\. Nothing is listening/);
    assert.ok((await vscode.commands.getCommands(true)).includes(down.command));

    // "Start & Retry" runs the app's own dev script in a terminal, waits for its port, and triggers
    // the job again. The app's dev script here is a small real server on the port (next dev on this
    // machine takes a minute to compile); it answers one request and exits by itself.
    const root = workspaceRoot();
    const manifest = path.join(root, 'package.json');
    const manifestBefore = fs.readFileSync(manifest, 'utf8');
    fs.writeFileSync(path.join(root, 'cron-dev-server.mjs'), devServerScript(server.port));
    fs.writeFileSync(manifest, JSON.stringify({ ...JSON.parse(manifestBefore), scripts: { dev: 'node cron-dev-server.mjs' } }, null, 2));
    const terminalsBefore = new Set(vscode.window.terminals);
    try {
      await nextRunStamp();
      const retried = await vscode.commands.executeCommand<TriggerJson | undefined>(down.command);
      assert.equal(retried?.status, 200, retried?.explanation);
      assert.deepEqual(JSON.parse(retried!.body!), { devServer: 'started from the status bar', userAgent: 'vercel-cron/1.0' });
      assert.ok(
        vscode.window.terminals.some((t) => !terminalsBefore.has(t) && /^dev · /.test(t.name)),
        'the dev script ran in a terminal the user can see',
      );
      assert.equal(api.devServerDown(), undefined, 'the item goes once the server answers');
    } finally {
      for (const terminal of vscode.window.terminals) if (!terminalsBefore.has(terminal)) terminal.dispose();
      fs.writeFileSync(manifest, manifestBefore);
      fs.rmSync(path.join(root, 'cron-dev-server.mjs'), { force: true });
    }
  });
});

/** A dev "server" for one request: answers the cron GET with 200 and exits, so nothing outlives the test. */
function devServerScript(port: number): string {
  return `import * as fs from 'node:fs';
import * as http from 'node:http';
const server = http.createServer((request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ devServer: 'started from the status bar', userAgent: request.headers['user-agent'] }), () => {
    server.close();
    server.closeAllConnections();
  });
});
server.listen(${port}, '127.0.0.1');
// Never outlive a failed test by long.
setTimeout(() => process.exit(1), 120_000).unref();
`;
}

/**
 * The environment minus what VS Code itself sets lazily in the extension host (VSCODE_*, such
 * as VSCODE_L10N_BUNDLE_LOCATION): what the extension could leak a secret into.
 */
function ourConcern(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('VSCODE_')));
}
