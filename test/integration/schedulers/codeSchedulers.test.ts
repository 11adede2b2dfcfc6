import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { api, hoverAt, ourDiagnostics, workspaceFile } from '../editorApi';

async function open(file: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(file));
  await vscode.window.showTextDocument(document);
  return document;
}

suite('schedulers written in code, in the editor', () => {
  suiteSetup(async () => (await api()).setClock('2026-01-01T00:00:00Z'));
  suiteTeardown(async () => (await api()).setClock(undefined));

  test('a QStash schedules.create call: the hover reads the CRON_TZ= zone, and an imported const is checked where it is used', async () => {
    const document = await open('scripts/register-schedules.ts');
    const hover = await hoverAt(document, 'CRON_TZ=America/New_York');
    assert.match(hover, /At 04:00/);
    assert.match(hover, /America\/New\\_York/);
    assert.match(hover, /in 9 h/);
    assert.match(hover, /up to 60 seconds/);
    const diagnostics = await ourDiagnostics(document.uri);
    assert.deepEqual(
      diagnostics.map((d) => [String(d.code), document.getText(d.range)]),
      [['invalid-schedule', 'EVERY_TEN_SECONDS']],
    );
  });

  test('a Trigger.dev task: the hover in its zone, a lens with the next run, a bad zone flagged where it is written', async () => {
    const document = await open('trigger/digest.ts');
    const weekly = await hoverAt(document, "'0 9 * * 1'");
    assert.match(weekly, /At 09:00, only on Monday/);
    assert.match(weekly, /Europe\/Paris/);
    assert.match(weekly, /Trigger\\\.dev scheduled task/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    assert.ok(titles.includes('At 09:00, only on Monday Europe/Paris · next in 4 d 8 h'), titles.join(' | '));
    const diagnostics = await ourDiagnostics(document.uri);
    assert.deepEqual(
      diagnostics.map((d) => [String(d.code), document.getText(d.range)]),
      [
        ['invalid-schedule', '*/30'],
        ['invalid-timezone', "'Europe/Pariss'"],
      ],
    );
  });
});
