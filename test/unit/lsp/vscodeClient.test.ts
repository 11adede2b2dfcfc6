/**
 * The server as the VS Code extension's client starts it (`initializationOptions.editor: 'vscode'`,
 * issue #17): hovers as VS Code shows them, "▶ Trigger" lenses, a pinned clock, and the requests
 * of src/vscode/protocol.ts that let the extension parse nothing. Generic clients get none of it
 * (server.test.ts).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, Diagnostic, Hover } from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../support/repo';
import { PUSH_CLIENT, TestClient, uriOf } from './lspClient';

const TRIGGER_APP = path.join(repoRoot(), 'test', 'fixtures', 'trigger-app');
const WORKSPACE = path.join(repoRoot(), 'test', 'integration', 'fixtures', 'workspace');
/** VS Code's client refreshes lenses when asked (the minute timer, a pinned clock). */
const VSCODE_CLIENT = { ...PUSH_CLIENT, workspace: { ...PUSH_CLIENT.workspace, codeLens: { refreshSupport: true } } };

function positionOf(text: string, offset: number): { line: number; character: number } {
  const line = text.slice(0, offset).split('\n').length - 1;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

async function opened(client: TestClient, file: string, languageId: string): Promise<{ uri: string; text: string }> {
  const text = fs.readFileSync(file, 'utf8');
  await client.open(file, text, languageId);
  return { uri: uriOf(file), text };
}

describe('language server for the VS Code extension', () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient(null);
    await client.initialize(TRIGGER_APP, VSCODE_CLIENT, { trusted: false, editor: 'vscode' });
  });
  after(() => client.kill());

  it('puts "▶ Trigger" above each cron entry and above the GET of a route a job calls', async () => {
    const vercelJson = await opened(client, path.join(TRIGGER_APP, 'vercel.json'), 'json');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: vercelJson.uri } });
    const triggers = lenses.filter((lens) => lens.command?.command === 'nextCronRoutes.triggerCronRoute');
    assert.deepEqual(
      triggers.map((lens) => lens.command!.arguments![0]),
      ['ok', 'secret', 'post-only', 'redirect', 'sleep', 'missing', 'guarded'].map((name) => ({ path: `/api/cron/${name}`, folder: TRIGGER_APP })),
    );
    assert.ok(triggers.every((lens) => lens.command!.title === '▶ Trigger'));

    const route = await opened(client, path.join(TRIGGER_APP, 'app', 'api', 'cron', 'ok', 'route.ts'), 'typescript');
    const routeLenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: route.uri } });
    assert.deepEqual(
      routeLenses.map((lens) => lens.command!.title),
      ['▶ Trigger /api/cron/ok'],
    );
    assert.match(route.text.split('\n')[routeLenses[0]!.range.start.line]!, /export async function GET/);
  });

  it('answers the jobs of vercel.json files and what Trigger Cron Route needs of a route', async () => {
    const uri = uriOf(path.join(TRIGGER_APP, 'vercel.json'));
    const { jobs } = await client.request<{ jobs: { uri: string; path: string; schedule: string }[] }>('nextCronRoutes/jobs', { uris: [uri, uriOf(path.join(TRIGGER_APP, 'missing', 'vercel.json'))] });
    assert.deepEqual(jobs[0], { uri, path: '/api/cron/ok', schedule: '0 3 * * *' });
    assert.equal(jobs.length, 7);
    assert.deepEqual(await client.request('nextCronRoutes/cronRoute', { uri, path: '/api/cron/guarded' }), { file: 'app/api/cron/guarded/route.ts', runGuard: true });
    assert.deepEqual(await client.request('nextCronRoutes/cronRoute', { uri, path: '/api/cron/ok' }), { file: 'app/api/cron/ok/route.ts', runGuard: false });
    assert.deepEqual(await client.request('nextCronRoutes/cronRoute', { uri, path: '/api/cron/missing' }), { runGuard: false });
  });

  it('answers the jobs of vercel.toml and vercel.ts, and puts "▶ Trigger" on their entries and on the routes they call', async () => {
    for (const [app, name, languageId, entries] of [
      ['config-toml', 'vercel.toml', 'plaintext', 4],
      ['config-ts', 'vercel.ts', 'typescript', 5],
    ] as const) {
      const folder = path.join(repoRoot(), 'test', 'fixtures', app);
      const config = path.join(folder, name);
      const uri = uriOf(config);
      const { jobs } = await client.request<{ jobs: { uri: string; path: string; schedule: string }[] }>('nextCronRoutes/jobs', { uris: [uri] });
      assert.deepEqual(jobs[0], { uri, path: '/api/cron/cleanup', schedule: '0 3 * * *' }, `${name}: the first entry`);
      // Every entry with a path and a schedule written out; vercel.ts's weekly(1) is computed, so it gives no job.
      assert.equal(jobs.length, entries, `${name}: ${jobs.map((job) => `${job.path} ${job.schedule}`).join(' | ')}`);
      const document = await opened(client, config, languageId);
      const lenses = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: document.uri } })).filter((lens) => lens.command?.command === 'nextCronRoutes.triggerCronRoute');
      assert.deepEqual(lenses[0]!.command!.arguments![0], { path: '/api/cron/cleanup', folder }, name);
      const route = await opened(client, path.join(folder, 'app', 'api', 'cron', 'cleanup', 'route.ts'), 'typescript');
      const routeLenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: route.uri } });
      assert.ok(routeLenses.some((lens) => lens.command?.title === '▶ Trigger /api/cron/cleanup'), `${name}: ${routeLenses.map((lens) => lens.command?.title).join(' | ')}`);
    }
  });

  // Vercel reads vercel.ts only at a project's Root Directory: deeper, a module of that name is the app's code.
  it('a module named vercel.ts deep in an app gives no jobs and no "▶ Trigger", and the routes go by the app\'s vercel.json', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-helper-'));
    try {
      const files: Record<string, string> = {
        'package.json': '{ "dependencies": { "next": "16.0.0" } }',
        'vercel.json': '{ "crons": [{ "path": "/api/cron/sync", "schedule": "0 3 * * *" }] }\n',
        'app/api/cron/sync/route.ts': 'export async function GET() {\n  return Response.json({ ok: true });\n}\n',
        'app/api/cron/vercel.ts': "export const crons = [{ path: '/api/cron/other', schedule: '0 4 * * *' }];\n",
      };
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
        fs.writeFileSync(path.join(folder, file), text);
      }
      const helper = await opened(client, path.join(folder, 'app', 'api', 'cron', 'vercel.ts'), 'typescript');
      assert.deepEqual(await client.request('nextCronRoutes/jobs', { uris: [helper.uri] }), { jobs: [] });
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: helper.uri } });
      assert.deepEqual(lenses.filter((lens) => lens.command?.command === 'nextCronRoutes.triggerCronRoute'), []);
      const route = await opened(client, path.join(folder, 'app', 'api', 'cron', 'sync', 'route.ts'), 'typescript');
      const routeLenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: route.uri } });
      assert.deepEqual(routeLenses.map((lens) => lens.command?.title), ['▶ Trigger /api/cron/sync']);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('hands an open document\'s diagnostics as published, and null for a document it does not know', async () => {
    const uri = uriOf(path.join(TRIGGER_APP, 'vercel.json'));
    const published = await client.diagnosticsFor(uri);
    assert.deepEqual(await client.request<Diagnostic[]>('nextCronRoutes/analysed', { uri }), published.diagnostics);
    assert.equal(await client.request('nextCronRoutes/analysed', { uri: uriOf(path.join(TRIGGER_APP, 'nowhere.ts')) }), null);
  });
});

describe('hovers and lenses for VS Code', () => {
  const vscodeServer = new TestClient(null);
  const otherServer = new TestClient(null);
  after(() => {
    vscodeServer.kill();
    otherServer.kill();
  });

  async function hoverAt(client: TestClient, needle: string, delta: number): Promise<string> {
    const file = path.join(WORKSPACE, 'vercel.json');
    const text = fs.readFileSync(file, 'utf8');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(file) }, position: positionOf(text, text.indexOf(needle) + delta) });
    assert.ok(hover, `a hover on ${needle}`);
    return (hover.contents as { value: string }).value;
  }

  before(async () => {
    for (const [client, options] of [
      [vscodeServer, { trusted: true, editor: 'vscode' }],
      [otherServer, { trusted: true }],
    ] as const) {
      await client.initialize(WORKSPACE, VSCODE_CLIENT, options);
      await client.notify('nextCronRoutes/setClock', { instant: '2026-11-28T01:48:00Z' });
      await opened(client, path.join(WORKSPACE, 'vercel.json'), 'json');
    }
  });

  it('leaves out the problem VS Code shows under the cursor, which other editors get in the hover', async () => {
    const message = /allows cron jobs at most once a day|Hobby/;
    const diagnostics = await vscodeServer.request<Diagnostic[]>('nextCronRoutes/analysed', { uri: uriOf(path.join(WORKSPACE, 'vercel.json')) });
    const flagged = diagnostics.find((d) => d.code === 'hobby-frequency');
    assert.ok(flagged, 'hobby-frequency on */15 with the plan unknown');
    const inVsCode = await hoverAt(vscodeServer, '*/15 * * * *', 1);
    const elsewhere = await hoverAt(otherServer, '*/15 * * * *', 1);
    assert.match(inVsCode, /Every 15 minutes/);
    assert.doesNotMatch(inVsCode, /hobby-frequency/);
    assert.match(elsewhere, /hobby-frequency/);
    assert.match(elsewhere, message);
  });

  it('counts relative times from the pinned clock', async () => {
    assert.match(await hoverAt(vscodeServer, '0 3 * * *', 2), /in 1 h 12 min/);
    const lenses = await vscodeServer.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(path.join(WORKSPACE, 'vercel.json')) } });
    assert.ok(lenses.some((lens) => lens.command?.title === 'At 03:00 UTC · next in 1 h 12 min'), lenses.map((lens) => lens.command?.title).join(' | '));
  });
});

describe("the Problems panel: the route findings of an open document's project", () => {
  const ROUTES_BROKEN = path.join(repoRoot(), 'test', 'fixtures', 'routes-broken');
  const ROUTE = path.join(ROUTES_BROKEN, 'app', 'api', 'cron', 'static-report', 'route.ts');
  let client: TestClient;

  before(async () => {
    client = new TestClient(null);
    await client.initialize(ROUTES_BROKEN, VSCODE_CLIENT, { trusted: false, editor: 'vscode' });
  });
  after(() => client.kill());

  it('are published for route files not open, and replaced by the document\'s own once it opens', async () => {
    await opened(client, path.join(ROUTES_BROKEN, 'vercel.json'), 'json');
    const unopened = await client.diagnosticsFor(uriOf(ROUTE));
    assert.ok(unopened.diagnostics.some((d) => d.code === 'missing-auth'), JSON.stringify(unopened.diagnostics.map((d) => d.code)));
    assert.equal(unopened.version, undefined, 'published for the file, not for a document');
    const seen = client.published.length;
    await opened(client, ROUTE, 'typescript');
    const own = await client.publishedSince(uriOf(ROUTE), seen, (params) => params.version === 1);
    assert.deepEqual(own.diagnostics.map((d) => d.code).sort(), unopened.diagnostics.map((d) => d.code).sort());
  });
  it('are published for a vercel.toml project too, with no vercel.json to name it', async () => {
    const configToml = path.join(repoRoot(), 'test', 'fixtures', 'config-toml');
    const tomlClient = new TestClient(null);
    try {
      await tomlClient.initialize(configToml, VSCODE_CLIENT, { trusted: false, editor: 'vscode' });
      await opened(tomlClient, path.join(configToml, 'vercel.toml'), 'toml');
      const route = path.join(configToml, 'app', 'api', 'cron', 'report', 'route.ts');
      const unopened = await tomlClient.diagnosticsFor(uriOf(route));
      assert.deepEqual(unopened.diagnostics.map((d) => d.code), ['no-monitoring']);
    } finally {
      tomlClient.kill();
    }
  });
});
