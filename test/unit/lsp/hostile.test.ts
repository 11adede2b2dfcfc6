/**
 * The language server against hostile input (issue #17): the hostile-project generators of the
 * CLI's fuzz suite (test/unit/hostile/projects.ts) materialised as workspace folders and sent as
 * documents, half-typed JSON keystroke by keystroke, deep nesting, requests for files that do not
 * exist or are not files, malformed params, unknown methods and broken JSON-RPC frames. After each
 * round the server must still answer, and at the end exit with 0; no output may hold the secret.
 * Bounded by counts: a fixed seed and number of projects, a fixed number of keystrokes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Hover } from 'vscode-languageserver-protocol/node';
import { materialize, project, type ProjectSpec, secretForms } from '../hostile/projects';
import { PUSH_CLIENT, TestClient, uriOf } from './lspClient';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;
const PROJECTS = process.env.NCR_FUZZ_PROJECTS ? Number(process.env.NCR_FUZZ_PROJECTS) : 8;
/** Keystrokes of the half-typed vercel.json: each one a change and a hover. */
const KEYSTROKES = 40;
const SOURCE = /(^|\/)(vercel\.json|next\.config\.js|tsconfig\.json|package\.json|\.env\.local|[^/]+\.ts)$/;

const decoder = new TextDecoder('utf-8', { fatal: false });
const textOf = (content: string | Uint8Array) => (typeof content === 'string' ? content : decoder.decode(content));

describe('language server under hostile input', () => {
  let root: string;
  let folders: string[];
  let specs: ProjectSpec[];
  let client: TestClient;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-lsp-hostile-'));
    specs = fc.sample(project, { numRuns: PROJECTS, seed: SEED });
    folders = specs.map((spec, index) => {
      const folder = path.join(root, `p${index}`, 'app');
      fs.mkdirSync(path.join(root, `p${index}`, 'outside'), { recursive: true });
      fs.writeFileSync(path.join(root, `p${index}`, 'outside', 'secret.txt'), 'outside the project');
      materialize(spec, folder, path.join(root, `p${index}`, 'outside'));
      return folder;
    });
    client = new TestClient({ plan: 'hobby' });
    await client.initialize(folders, PUSH_CLIENT, { trusted: true });
  });
  after(() => {
    client.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** The server still answers a request, and its process still runs. */
  async function alive(what: string): Promise<void> {
    const answer = await client.request<unknown>('textDocument/hover', { textDocument: { uri: 'file:///nowhere/vercel.json' }, position: { line: 0, character: 0 } });
    assert.equal(answer, null, what);
    assert.equal(client.child.exitCode, null, `the server exited after ${what}`);
  }

  /** Every request a client sends about a document, at its start, middle and end. */
  async function exercise(uri: string, text: string): Promise<void> {
    const lines = text.split('\n');
    const positions = [
      { line: 0, character: 0 },
      { line: Math.floor(lines.length / 2), character: 3 },
      { line: lines.length - 1, character: lines.at(-1)!.length },
      { line: lines.length + 10, character: 10_000 },
    ];
    for (const position of positions) {
      await client.request('textDocument/hover', { textDocument: { uri }, position });
      await client.request('textDocument/completion', { textDocument: { uri }, position });
    }
    await client.request('textDocument/codeLens', { textDocument: { uri } });
    const range = { start: positions[0]!, end: positions[2]! };
    const diagnostics = client.published.filter((p) => p.uri === uri).at(-1)?.diagnostics ?? [];
    await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
    await client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } });
  }

  it('opens every file of the generated projects as documents and answers every request on them', async () => {
    for (const [index, spec] of specs.entries()) {
      for (const entry of spec.entries) {
        if (entry.kind !== 'file' || !SOURCE.test(entry.path)) continue;
        const uri = uriOf(path.join(folders[index]!, entry.path));
        const text = textOf(entry.content);
        await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: entry.path.endsWith('.json') ? 'json' : 'typescript', version: 1, text } });
        await exercise(uri, text);
      }
      await alive(`project ${index} (${spec.entries.map((e) => `${e.kind} ${e.path}`).join(', ')})`);
    }
  });

  it('takes a vercel.json typed keystroke by keystroke, each half-typed state hovered', async () => {
    const file = path.join(folders[0]!, 'typed', 'vercel.json');
    const uri = uriOf(file);
    const full = JSON.stringify({ crons: [{ path: '/api/cron/job', schedule: '*/5 * * * *' }, { path: '/api/cron/other', schedule: '0 0 29 2 *' }] }, null, 2);
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: '' } });
    const step = Math.ceil(full.length / KEYSTROKES);
    let typed = 0;
    for (let version = 2; typed < full.length; version++) {
      const next = Math.min(full.length, typed + step);
      const before = full.slice(0, typed);
      const line = before.split('\n').length - 1;
      const character = before.length - (before.lastIndexOf('\n') + 1);
      await client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: full.slice(typed, next) }] });
      typed = next;
      await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    }
    await alive('the half-typed vercel.json');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 20 } });
    assert.ok(hover, 'the finished vercel.json has a hover on its first schedule');
  });

  it('survives deep nesting and huge documents', async () => {
    const documents = [
      ['vercel.json', '['.repeat(200_000)],
      ['vercel.json', `{"crons": ${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`],
      ['app/api/cron/deep/route.ts', `export const GET = ${'() => '.repeat(50_000)}1;\n`],
      ['app/api/cron/wide/route.ts', `export async function GET() { return ${'('.repeat(20_000)}1${')'.repeat(20_000)}; }\n`],
      ['.env.local', `CRON_SECRET=${'x'.repeat(1_000_000)}\n`],
    ];
    for (const [index, [name, text]] of documents.entries()) {
      const uri = uriOf(path.join(folders[1 % folders.length]!, 'deep', String(index), name!));
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
      await exercise(uri, text!);
      await client.notify('textDocument/didClose', { textDocument: { uri } });
    }
    await alive('deep and huge documents');
    // Well-formed messages about hostile files are answered, not caught: no handler failed so far.
    assert.deepEqual(client.logs.filter((line) => / failed: /.test(line)), []);
  });

  it('answers requests for unknown files and malformed params, and ignores malformed notifications', async () => {
    const known = uriOf(path.join(folders[0]!, 'typed', 'vercel.json'));
    const requests: [string, unknown][] = [
      ['textDocument/hover', { textDocument: { uri: 'file:///does/not/exist.ts' }, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: { uri: 'not a uri' }, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: { uri: 'file:///%E0%A4%A' }, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: { uri: 42 }, position: null }],
      ['textDocument/hover', null],
      ['textDocument/hover', { textDocument: { uri: known }, position: { line: -1, character: -5 } }],
      ['textDocument/hover', { textDocument: { uri: known }, position: { line: 1e300, character: 'x' } }],
      ['textDocument/completion', { textDocument: { uri: known }, position: { line: Number.MAX_SAFE_INTEGER, character: 0 } }],
      ['textDocument/codeLens', { textDocument: null }],
      ['textDocument/codeAction', { textDocument: { uri: known }, range: 'everything', context: 'x' }],
      ['textDocument/codeAction', { textDocument: { uri: known }, range: null, context: { diagnostics: [null, 1, { source: 'next-cron-routes', code: 'missing-auth', range: { start: {}, end: 3 } }], only: [7, null] } }],
      ['textDocument/codeAction', { textDocument: { uri: known }, range: null, context: { diagnostics: [{ source: 'next-cron-routes', code: 'never-fires', data: { start: -10, end: 1e9 } }] } }],
      ['textDocument/diagnostic', { textDocument: { uri: known } }],
      ['textDocument/diagnostic', [1, 2, 3]],
      ['next-cron-routes/unknown', {}],
      ['textDocument/definition', { textDocument: { uri: known }, position: { line: 0, character: 0 } }],
    ];
    for (const [method, params] of requests) {
      // A result or a JSON-RPC error: either is an answer; a hang fails through `bounded`.
      await client.request(method, params).catch((error: unknown) => error);
    }
    const notifications: [string, unknown][] = [
      ['textDocument/didOpen', { textDocument: { uri: uriOf(path.join(folders[0]!, 'n.ts')), text: 42 } }],
      ['textDocument/didOpen', null],
      ['textDocument/didChange', { textDocument: { uri: 'file:///never/opened.ts', version: 2 }, contentChanges: [{ text: 'x' }] }],
      ['textDocument/didChange', { textDocument: { uri: known, version: 'x' }, contentChanges: [{ range: { start: { line: 1e9, character: 0 }, end: { line: -1, character: 0 } }, text: '{' }, { range: 'x', text: 1 }, null] }],
      ['textDocument/didChange', { textDocument: { uri: known }, contentChanges: 'all' }],
      ['textDocument/didClose', { textDocument: { uri: 'file:///never/opened.ts' } }],
      ['workspace/didChangeWatchedFiles', { changes: 'x' }],
      ['workspace/didChangeWatchedFiles', { changes: [null, { uri: 5, type: 9 }, { uri: 'file:///x/vercel.json', type: 3 }, { uri: uriOf(path.join(folders[0]!, 'vercel.json')), type: 1 }] }],
      ['workspace/didChangeConfiguration', { settings: { nextCronRoutes: 'x' } }],
      ['workspace/didChangeConfiguration', null],
      ['workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 'file:///' }], removed: 'x' } }],
      ['nextCronRoutes/setTrust', 'yes'],
      ['nextCronRoutes/setTrust', { trusted: true }],
      ['$/cancelRequest', { id: 'nope' }],
      ['$/unknown', [1]],
    ];
    for (const [method, params] of notifications) await client.notify(method, params);
    await alive('malformed requests and notifications');
    // What a handler threw became a logged line (the workspace folder event's `removed: 'x'`).
    assert.ok(client.logs.some((line) => /didChangeWorkspaceFolders failed: /.test(line)), client.logs.join('\n').slice(0, 2000));
  });

  it('outlives broken JSON-RPC frames', async () => {
    const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    for (const body of ['{{{{{', '[]', '42', '{"jsonrpc":"2.0"}', '{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":"x"}', '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.ts","text":"\\u0000"}}}']) {
      client.child.stdin.write(frame(body));
    }
    await alive('broken frames');
  });

  it('never shows the secret, and exits with 0 after shutdown', async () => {
    const shown = JSON.stringify(client.published);
    for (const form of secretForms()) assert.ok(!shown.includes(form), `a diagnostic holds the secret (${form})`);
    assert.equal(await client.shutdown(), 0);
  });
});
