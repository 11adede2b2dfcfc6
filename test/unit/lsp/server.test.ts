/**
 * The language server over stdio, driven as a generic LSP client would (issue #17): initialize,
 * open a fixture app's vercel.json and cron routes, get the diagnostics `check` reports for them,
 * hover a schedule, apply a quick fix and `source.fixAll`, change documents (the route and a
 * helper it reads) and files on disk, settings and trust, then shutdown/exit.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, Hover } from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../support/repo';
import { applyEdit, CLI, positioned, PULL_CLIENT, PUSH_CLIENT, TestClient, uriOf } from './lspClient';

const FIXTURE = path.join(repoRoot(), 'test', 'fixtures', 'routes-broken');
const ROUTE = 'app/api/cron/static-report/route.ts';
const FAILS_OPEN_ROUTE = 'app/api/cron/docs-snippet/route.ts';
const HELPER_ROUTE = 'app/api/cron/sync-crm/route.ts';
const FIX_ALL_KIND = 'source.fixAll.next-cron-routes';

interface CliDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  fixable: boolean;
}

const made: string[] = [];
after(() => {
  for (const folder of made) fs.rmSync(folder, { recursive: true, force: true });
});

/** A fresh copy of the fixture app, so edits on disk stay in the test. */
function fixtureCopy(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-lsp-'));
  made.push(folder);
  fs.cpSync(FIXTURE, folder, { recursive: true });
  return folder;
}

/** What `next-cron-routes check --format json` reports for one file of the folder. */
function checkReports(folder: string, file: string): CliDiagnostic[] {
  const run = spawnSync(process.execPath, [CLI, 'check', folder, '--format', 'json'], { encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  const all = (JSON.parse(run.stdout) as { diagnostics: CliDiagnostic[] }).diagnostics;
  return all.filter((d) => d.file === file).map(({ file: _file, ...rest }) => ({ file, ...rest }));
}

function sameAsCheck(published: readonly Diagnostic[], file: string, expected: CliDiagnostic[]): void {
  const byPosition = (a: { line: number; column: number; code: string }, b: { line: number; column: number; code: string }) => a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const got = published.map((d) => ({ file, ...positioned(d) })).sort(byPosition);
  assert.deepEqual(got, expected.map(({ fixable: _fixable, ...rest }) => rest).sort(byPosition));
}

function read(folder: string, file: string): string {
  return fs.readFileSync(path.join(folder, file), 'utf8');
}

function codesOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

describe('language server over stdio (a push-diagnostics client, trusted)', () => {
  let folder: string;
  let client: TestClient;

  before(async () => {
    folder = fixtureCopy();
    client = new TestClient(null);
  });
  after(() => client.kill());

  it('initializes with the capabilities an editor needs', async () => {
    const result = await client.initialize(folder, PUSH_CLIENT, { trusted: true });
    const capabilities = result.capabilities;
    assert.equal(result.serverInfo?.name, 'next-cron-routes');
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.positionEncoding, 'utf-16');
    assert.deepEqual((capabilities.completionProvider as { triggerCharacters: string[] }).triggerCharacters, ['"', '/']);
    assert.ok((capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds.includes(FIX_ALL_KIND));
    assert.ok((capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds.includes('refactor.rewrite'));
    // A client that does not pull gets no diagnostic provider, and is sent diagnostics instead.
    assert.equal(capabilities.diagnosticProvider, undefined);
  });

  it('answers nextCronRoutes/memoryUsage with its heap and resident size, not collected without --expose-gc', async () => {
    const usage = await client.request<{ heapUsed: number; rss: number; collected: boolean }>('nextCronRoutes/memoryUsage', null);
    assert.ok(usage.heapUsed > 1_000_000 && usage.heapUsed < usage.rss, `heapUsed ${usage.heapUsed}, rss ${usage.rss}`);
    assert.equal(usage.collected, false);
  });

  it('publishes for vercel.json and a cron route exactly what check reports for them', async () => {
    await client.open(path.join(folder, 'vercel.json'), read(folder, 'vercel.json'), 'json');
    await client.open(path.join(folder, ROUTE), read(folder, ROUTE), 'typescript');
    const vercel = await client.diagnosticsFor(uriOf(path.join(folder, 'vercel.json')));
    const route = await client.diagnosticsFor(uriOf(path.join(folder, ROUTE)));
    sameAsCheck(vercel.diagnostics, 'vercel.json', checkReports(folder, 'vercel.json'));
    const expected = checkReports(folder, ROUTE);
    assert.ok(expected.some((d) => d.code === 'missing-auth'), 'the fixture route lacks its CRON_SECRET check');
    sameAsCheck(route.diagnostics, ROUTE, expected);
    assert.ok(route.diagnostics.every((d) => d.source === 'next-cron-routes'));
    // The watchers were registered for the files whose change matters.
    assert.ok(client.registrations.includes('workspace/didChangeWatchedFiles'), client.registrations.join(', '));
  });

  it('hovers a schedule with Markdown any editor shows (no VS Code icons)', async () => {
    const text = read(folder, 'vercel.json');
    const offset = text.indexOf('0 6 * * 1') + 2;
    const line = text.slice(0, offset).split('\n').length - 1;
    const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(path.join(folder, 'vercel.json')) }, position: { line, character } });
    assert.ok(hover, 'no hover on the schedule');
    const value = (hover.contents as { kind: string; value: string }).value;
    assert.equal((hover.contents as { kind: string }).kind, 'markdown');
    assert.match(value, /Monday/);
    assert.match(value, /UTC/);
    assert.doesNotMatch(value, /\$\((error|warning|info|lightbulb)\)/);
    assert.equal(hover.range?.start.line, line);
  });

  it('completes schedules and shows one lens per cron entry', async () => {
    const uri = uriOf(path.join(folder, 'vercel.json'));
    const text = read(folder, 'vercel.json');
    const offset = text.indexOf('"0 6 * * 1"') + 1;
    const line = text.slice(0, offset).split('\n').length - 1;
    const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    assert.ok(items.length > 0, 'no schedule completions');
    assert.ok(items.every((item) => item.textEdit && 'range' in item.textEdit && item.textEdit.range.start.line === line));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 10);
    assert.ok(lenses.every((lens) => lens.command && lens.command.title.length > 0));
  });

  it('offers the missing-auth quick fix; applying it and changing the document clears the finding', async () => {
    const file = path.join(folder, ROUTE);
    const uri = uriOf(file);
    const published = await client.diagnosticsFor(uri);
    const missingAuth = published.diagnostics.find((d) => d.code === 'missing-auth');
    assert.ok(missingAuth);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missingAuth.range, context: { diagnostics: [missingAuth] } });
    const fix = actions.find((a) => a.kind === 'quickfix' && /CRON_SECRET/.test(a.title));
    assert.ok(fix?.edit, `no CRON_SECRET fix among ${actions.map((a) => a.title).join('; ')}`);
    assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['missing-auth']);
    const fixed = applyEdit(read(folder, ROUTE), uri, fix.edit);
    assert.match(fixed, /CRON_SECRET/);
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await client.diagnosticsFor(uri, 2);
    assert.ok(!codesOf(after.diagnostics).includes('missing-auth'), codesOf(after.diagnostics).join(', '));
  });

  it('source.fixAll.next-cron-routes applies the default fix set (auth-fails-open) and nothing when not asked for', async () => {
    const file = path.join(folder, FAILS_OPEN_ROUTE);
    const uri = uriOf(file);
    await client.open(file, read(folder, FAILS_OPEN_ROUTE), 'typescript');
    const before = await client.diagnosticsFor(uri);
    assert.ok(codesOf(before.diagnostics).includes('auth-fails-open'));
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const unasked = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
    assert.deepEqual(unasked.filter((a) => a.kind?.startsWith('source')), []);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: [FIX_ALL_KIND] } });
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, FIX_ALL_KIND);
    const fixed = applyEdit(read(folder, FAILS_OPEN_ROUTE), uri, actions[0]!.edit!);
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await client.diagnosticsFor(uri, 2);
    assert.ok(!codesOf(after.diagnostics).includes('auth-fails-open'), codesOf(after.diagnostics).join(', '));
    // `source.fixAll` alone (VS Code's editor.codeActionsOnSave) is answered too.
    const general = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(path.join(folder, ROUTE)) }, range, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.ok(general.every((a) => a.kind === 'source.fixAll'));
  });

  it('offers Move to Vercel Schedules as refactor.rewrite on a crons entry, and not when only quick fixes are asked', async () => {
    const uri = uriOf(path.join(folder, 'vercel.json'));
    const text = read(folder, 'vercel.json');
    const line = text.split('\n').findIndex((l) => l.includes('/api/cron/backfill'));
    const range = { start: { line, character: 10 }, end: { line, character: 10 } };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
    const move = actions.find((a) => a.title === 'Move to Vercel Schedules');
    assert.equal(move?.kind, 'refactor.rewrite');
    const moved = applyEdit(text, uri, move.edit!);
    assert.ok(!moved.includes('{ "path": "/api/cron/backfill"'));
    assert.match(moved, /"schedules": \[\n {4}\{\n {6}"name": "api-cron-backfill",\n {6}"schedule": "0 1 \* \* \*",\n {6}"timezone": "UTC",\n {6}"path": "\/api\/cron\/backfill",\n {6}"requestMethod": "GET"\n {4}\}\n {2}\]\n\}/);
    const quickFixesOnly = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['quickfix'] } });
    assert.deepEqual(quickFixesOnly.filter((a) => a.kind === 'refactor.rewrite'), []);
    const outside = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    assert.deepEqual(outside.filter((a) => a.kind === 'refactor.rewrite'), []);
  });

  it('re-checks a route when a helper it reads changes in the editor', async () => {
    const route = path.join(folder, HELPER_ROUTE);
    const helper = path.join(folder, 'lib/cron.ts');
    await client.open(route, read(folder, HELPER_ROUTE), 'typescript');
    const before = await client.diagnosticsFor(uriOf(route));
    assert.ok(!codesOf(before.diagnostics).includes('auth-spoofable'));
    await client.open(helper, read(folder, 'lib/cron.ts'), 'typescript');
    const seen = client.published.length;
    const spoofable = "export function verifyCron(request: Request): boolean {\n  return request.headers.get('user-agent') === 'vercel-cron/1.0';\n}\n";
    await client.notify('textDocument/didChange', { textDocument: { uri: uriOf(helper), version: 2 }, contentChanges: [{ text: spoofable }] });
    const after = await client.publishedSince(uriOf(route), seen, (p) => codesOf(p.diagnostics).includes('auth-spoofable'));
    assert.ok(codesOf(after.diagnostics).includes('auth-spoofable'), codesOf(after.diagnostics).join(', '));
  });

  it('takes file events from the watchers: middleware.ts changed on disk', async () => {
    const route = uriOf(path.join(folder, HELPER_ROUTE));
    const before = client.published.filter((p) => p.uri === route).at(-1)!;
    assert.ok(codesOf(before.diagnostics).includes('middleware-redirects-cron'));
    const middleware = path.join(folder, 'middleware.ts');
    fs.writeFileSync(middleware, read(folder, 'middleware.ts').replace(", '/api/cron/sync-crm'", ''));
    const seen = client.published.length;
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(middleware), type: 2 }] });
    const after = await client.publishedSince(route, seen, (p) => !codesOf(p.diagnostics).includes('middleware-redirects-cron'));
    assert.ok(!codesOf(after.diagnostics).includes('middleware-redirects-cron'), codesOf(after.diagnostics).join(', '));
  });

  it('answers shutdown and exits with 0 on exit', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('language server over stdio (a pull-diagnostics client, untrusted, then trusted and configured)', () => {
  let folder: string;
  let client: TestClient;

  before(() => {
    folder = fixtureCopy();
    client = new TestClient(null);
  });
  after(() => client.kill());

  const pull = async (file: string) => {
    const report = await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: uriOf(path.join(folder, file)) } });
    assert.equal(report.kind, 'full');
    return report.items;
  };

  it('declares pull diagnostics with inter-file dependencies, and answers them as check does', async () => {
    // No initializationOptions: an editor other than VS Code starts untrusted.
    const result = await client.initialize(folder, PULL_CLIENT);
    assert.deepEqual(result.capabilities.diagnosticProvider, { identifier: 'next-cron-routes', interFileDependencies: true, workspaceDiagnostics: false });
    for (const file of ['vercel.json', ROUTE]) await client.open(path.join(folder, file), read(folder, file), file.endsWith('.json') ? 'json' : 'typescript');
    sameAsCheck(await pull(ROUTE), ROUTE, checkReports(folder, ROUTE));
    // .vscode/settings.json says "pro": none of Hobby's limits.
    assert.deepEqual(codesOf(await pull('vercel.json')), []);
    assert.deepEqual(client.published, [], 'a client that pulls is sent nothing');
  });

  it('reads no .env file until trust is granted, then asks the client to refresh', async () => {
    await client.open(path.join(folder, '.env.local'), read(folder, '.env.local'), 'dotenv');
    assert.deepEqual(codesOf(await pull('.env.local')), []);
    const seen = client.refreshes;
    await client.notify('nextCronRoutes/setTrust', { trusted: true });
    await client.refreshedSince(seen);
    assert.deepEqual(codesOf(await pull('.env.local')), ['cron-secret-format']);
  });

  it('settings from workspace/configuration override .vscode/settings.json', async () => {
    client.configuration = { plan: 'hobby', rules: { 'hobby-precision': 'off' } };
    const seen = client.refreshes;
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.refreshedSince(seen);
    const codes = codesOf(await pull('vercel.json'));
    assert.ok(codes.includes('hobby-frequency'), codes.join(', '));
    assert.ok(!codes.includes('hobby-precision'), codes.join(', '));
  });

  it('answers shutdown and exits with 0 on exit', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('language server over stdio (a client slower to answer workspace/configuration than the server waits)', () => {
  let folder: string;
  let client: TestClient;

  before(() => {
    folder = fixtureCopy();
    client = new TestClient({ plan: 'hobby' });
    // Answers well after the server's 5 s wait (4 s of margin for a busy machine): late, but an answer.
    client.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => new Promise((resolve) => setTimeout(() => resolve(params.items.map(() => client.configuration)), 9_000)));
  });
  after(() => client.kill());

  it('checks with .vscode/settings.json meanwhile, then with the late answer, and asks the client to refresh', async () => {
    await client.initialize(folder, PULL_CLIENT);
    await client.open(path.join(folder, 'vercel.json'), read(folder, 'vercel.json'), 'json');
    const seen = client.refreshes;
    const pullJson = async () => (await client.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: uriOf(path.join(folder, 'vercel.json')) } })).items;
    // .vscode/settings.json says "pro": none of Hobby's limits while the client has not answered.
    assert.deepEqual(codesOf(await pullJson()), []);
    await client.refreshedSince(seen);
    const codes = codesOf(await pullJson());
    assert.ok(codes.includes('hobby-frequency'), `the client's "hobby" rules once it answers: ${codes.join(', ')}`);
    assert.equal(await client.shutdown(), 0);
  });
});
