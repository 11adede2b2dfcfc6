import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { ourDiagnostics, workspaceFile } from '../editorApi';

const CODE = 'workflow-calls-cron-without-secret';

suite('workflows that call a cron route without the secret, in the editor', () => {
  test('the three wrong calls are flagged on their URLs, as check flags them; the right ones are not', async () => {
    const uri = workspaceFile('.github/workflows/call-crons.yml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.deepEqual(
      (await ourDiagnostics(uri)).map((d) => [String(d.code), document.getText(d.range)]),
      [
        [CODE, '"${{ secrets.APP_URL }}/api/cron/sync"'],
        [CODE, '"$APP_URL/api/cron/digest"'],
        [CODE, '"$APP_URL/api/cron/backfill"'],
      ],
    );
    const right = workspaceFile('.github/workflows/calls-done-right.yml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(right));
    assert.deepEqual(await ourDiagnostics(right), []);
  });

  test('the quick fix sends CRON_SECRET from the secret, and the finding goes', async () => {
    const uri = workspaceFile('.github/workflows/call-crons.yml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const original = document.getText();
    const [first] = (await ourDiagnostics(uri)).filter((d) => d.code === CODE);
    assert.ok(first, `${CODE} is reported`);
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, first.range, vscode.CodeActionKind.QuickFix.value);
      const send = actions.find((a) => a.title === 'Send CRON_SECRET as the Authorization header');
      assert.ok(send?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(send.edit));
      const text = document.getText();
      assert.match(text, /- name: Sync now\n {8}env:\n {10}CRON_SECRET: \$\{\{ secrets\.CRON_SECRET \}\}\n {8}run: \|/);
      assert.match(text, /curl -H "Authorization: Bearer \$CRON_SECRET" -fsS --retry 3/);
      const left = (await ourDiagnostics(uri)).filter((d) => d.code === CODE).map((d) => document.getText(d.range));
      assert.deepEqual(left, ['"$APP_URL/api/cron/digest"', '"$APP_URL/api/cron/backfill"']);
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(document.getText(), original);
  });
});
