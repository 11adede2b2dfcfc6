import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { api, hoverAt, ourDiagnostics, workspaceFile } from '../editorApi';

/** Our diagnostics of a workspace file, opened in the editor, as [code, the text each flags]. */
async function flaggedIn(file: string): Promise<[string, string][]> {
  const uri = workspaceFile(file);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return (await ourDiagnostics(uri)).map((d) => [String(d.code), document.getText(d.range)]);
}

suite('schedulers declared in workflow files and netlify.toml, in the editor', () => {
  suiteSetup(async () => (await api()).setClock('2026-11-28T01:48:00Z'));
  suiteTeardown(async () => (await api()).setClock(undefined));

  test('a workflow schedule with a timezone: its meaning, next runs in its zone and UTC, and GitHub caveats', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('.github/workflows/nightly.yml'));
    await vscode.window.showTextDocument(document);
    const hover = await hoverAt(document, '30 6 * * 1-5');
    assert.match(hover, /At 06:30, Monday through Friday/);
    assert.match(hover, /Europe\/Berlin/);
    assert.match(hover, /Mon 2026-11-30 05:30 UTC/);
    assert.match(hover, /60 days/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 3);
    assert.equal(lenses.filter((lens) => lens.command?.title.startsWith('At ')).length, 3, lenses.map((lens) => lens.command?.title).join(' | '));
  });

  test('a workflow: an invalid field, a zone that is no IANA zone, and the 5-minute floor, where they are written', async () => {
    assert.deepEqual((await flaggedIn('.github/workflows/health.yml')).sort(), [
      ['interval-too-short', '*/2 *'],
      ['invalid-schedule', '25'],
      ['invalid-timezone', 'Mars/Olympus'],
    ]);
  });

  test('netlify.toml and a function file: the macro Netlify refuses, the date that never comes', async () => {
    assert.deepEqual(await flaggedIn('netlify.toml'), [['invalid-schedule', '@annually']]);
    assert.deepEqual(await flaggedIn('netlify/functions/month-end.ts'), [['never-fires', '31 4,6,9,11']]);
    const document = await vscode.workspace.openTextDocument(workspaceFile('netlify/functions/hourly-ping.ts'));
    assert.match(await hoverAt(document, '@hourly'), /Netlify scheduled function hourly\\?-ping/);
  });
});
