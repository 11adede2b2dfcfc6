/**
 * The language server on schedulers declared in files (#19): a GitHub Actions workflow and
 * netlify.toml get the diagnostics `check` reports for them, a hover with the next runs in the
 * entry's zone and the source's caveats, and one CodeLens per schedule.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, Hover } from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../support/repo';
import { CLI, positioned, PUSH_CLIENT, TestClient, uriOf } from './lspClient';

const FIXTURE = path.join(repoRoot(), 'test', 'fixtures', 'schedulers-files');
const NIGHTLY = '.github/workflows/nightly.yml';
const HEALTH = '.github/workflows/health.yml';

/** A monorepo whose root is no project: its .github/workflows are the workspace folder's own. */
const MONOREPO = path.join(repoRoot(), 'test', 'fixtures', 'monorepo-workflows');

function read(file: string, folder = FIXTURE): string {
  return fs.readFileSync(path.join(folder, file), 'utf8');
}

/** `check --format json`'s findings of one file, as [line, column, code]. */
function checkReports(file: string, folder = FIXTURE): [number, number, string][] {
  const run = spawnSync(process.execPath, [CLI, 'check', folder, '--format', 'json'], { encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  const all = (JSON.parse(run.stdout) as { diagnostics: { file: string; line: number; column: number; code: string }[] }).diagnostics;
  return all.filter((d) => d.file === file).map((d) => [d.line, d.column, d.code]);
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const line = text.slice(0, offset).split('\n').length - 1;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

describe('language server: workflow files and netlify.toml', () => {
  let client: TestClient;

  before(async () => {
    client = new TestClient(null);
    await client.initialize(FIXTURE, PUSH_CLIENT, { trusted: true });
  });
  after(() => client.kill());

  for (const [file, languageId] of [
    [HEALTH, 'yaml'],
    ['netlify.toml', 'toml'],
  ] as const) {
    it(`publishes for ${file} what check reports`, async () => {
      await client.open(path.join(FIXTURE, file), read(file), languageId);
      const published = await client.diagnosticsFor(uriOf(path.join(FIXTURE, file)));
      const got = published.diagnostics.map((d) => positioned(d)).map((d): [number, number, string] => [d.line, d.column, d.code]);
      const expected = checkReports(file);
      assert.ok(expected.length > 0, `the fixture's ${file} has findings`);
      assert.deepEqual(got, expected);
    });
  }

  it('hovers a workflow schedule with its runs in the entry zone, UTC, and GitHub caveats', async () => {
    const text = read(NIGHTLY);
    await client.open(path.join(FIXTURE, NIGHTLY), text, 'yaml');
    const position = positionOf(text, text.indexOf('30 6 * * 1-5') + 3);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(path.join(FIXTURE, NIGHTLY)) }, position });
    assert.ok(hover, 'no hover on the workflow schedule');
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /Monday through Friday/);
    assert.match(value, /Europe\/Berlin/);
    assert.match(value, /\| Next run \| Europe\/Berlin \| UTC/);
    assert.match(value, /60 days/);
    assert.match(value, /GitHub Actions schedule Nightly sync/);
    assert.equal(hover.range?.start.line, position.line);
  });

  it('shows one lens per schedule of a workflow', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(path.join(FIXTURE, NIGHTLY)) } });
    assert.deepEqual(
      lenses.map((lens) => lens.range.start.line),
      [5, 7, 9],
    );
    assert.match(lenses[1]!.command?.title ?? '', /Europe\/Berlin/);
  });
});

describe("language server: a monorepo's root workflows, the root being no project", () => {
  let client: TestClient;
  const nightly = path.join(MONOREPO, NIGHTLY);

  before(async () => {
    client = new TestClient(null);
    await client.initialize(MONOREPO, PUSH_CLIENT, { trusted: true });
  });
  after(() => client.kill());

  it('publishes what check reports, hovers and shows a lens per schedule', async () => {
    const text = read(NIGHTLY, MONOREPO);
    await client.open(nightly, text, 'yaml');
    const published = await client.diagnosticsFor(uriOf(nightly));
    const expected = checkReports(NIGHTLY, MONOREPO);
    assert.ok(expected.length > 0, "the fixture's workflow has findings");
    assert.deepEqual(
      published.diagnostics.map((d) => positioned(d)).map((d): [number, number, string] => [d.line, d.column, d.code]),
      expected,
    );
    const position = positionOf(text, text.indexOf('0 5 * * 1-5') + 2);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(nightly) }, position });
    assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /GitHub Actions schedule Nightly backup/);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(nightly) } });
    assert.deepEqual(
      lenses.map((lens) => lens.range.start.line),
      [5, 8],
    );
  });
});
