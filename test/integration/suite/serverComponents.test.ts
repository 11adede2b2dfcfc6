import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourDiagnostics, workspaceFile } from '../editorApi';

suite('Server Components', () => {
  test('cookies() inside after() in a page is an error, and "Read cookies() before after()" fixes it', async () => {
    const uri = workspaceFile('app/visits/page.tsx');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const original = document.getText();
    const error = (await ourDiagnostics(uri)).find((d) => d.code === 'after-request-api-in-callback');
    assert.ok(error, 'after-request-api-in-callback is reported');
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(error.range), 'cookies()');
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, error.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === 'Read cookies() before after()');
      assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      const text = document.getText();
      assert.match(text, /export default async function VisitsPage\(\) \{\n {2}const cookieStore = await cookies\(\);\n {2}after\(async \(\) => \{\n {4}const visitor = cookieStore\.get\('visitor'\)\?\.value;/);
      const left = await ourDiagnostics(uri);
      assert.ok(!left.some((d) => d.code === 'after-request-api-in-callback'), `left: ${left.map((d) => d.code).join(', ')}`);
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(document.getText(), original);
  });
});
