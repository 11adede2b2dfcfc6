import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeActionsAt, ourDiagnostics, unlessCanceled, workspaceFile } from '../editorApi';

suite('QStash routes in the editor', () => {
  /**
   * Opens `file`, finds its qstash-missing-verification error on `flagged`, applies the quick fix
   * titled `title`, checks the text with `fixed` and that the error is gone, then reverts the file.
   */
  async function appliesVerificationFix(file: string, flagged: string, title: string, fixed: (text: string) => void): Promise<void> {
    const uri = workspaceFile(file);
    const document = await vscode.workspace.openTextDocument(uri);
    await unlessCanceled(() => vscode.window.showTextDocument(document));
    const original = document.getText();
    const error = (await ourDiagnostics(uri)).find((d) => d.code === 'qstash-missing-verification');
    assert.ok(error, 'qstash-missing-verification is reported');
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(error.range), flagged);
    try {
      const actions = await codeActionsAt(uri, error.range, vscode.CodeActionKind.QuickFix);
      const fix = actions.find((a) => a.title === title);
      assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      fixed(document.getText());
      const left = await ourDiagnostics(uri);
      assert.ok(!left.some((d) => d.code === 'qstash-missing-verification'), `left: ${left.map((d) => d.code).join(', ')}`);
    } finally {
      await unlessCanceled(() => vscode.window.showTextDocument(document));
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(document.getText(), original);
  }

  test('an unverified QStash route is an error on its handler, and the verifySignatureAppRouter quick fix clears it', async () => {
    await appliesVerificationFix('app/api/qstash/webhook/route.ts', 'POST', "Verify QStash's signature: wrap POST with verifySignatureAppRouter", (text) => {
      assert.match(text, /^import \{ verifySignatureAppRouter \} from '@upstash\/qstash\/nextjs';\n\nexport const POST = verifySignatureAppRouter\(async function POST\(request: Request\) \{\n/);
      assert.ok(text.endsWith('});\n'), text);
    });
  });

  test('Receiver.verify without await is an error at the call, and "Await the signature check" clears it', async () => {
    await appliesVerificationFix('app/api/qstash/unawaited/route.ts', 'receiver.verify', 'Await the signature check', (text) => {
      assert.match(text, /if \(!await receiver\.verify\(\{ signature: /);
    });
  });

  test('a schedule and a published message to an unverified route: the Problems panel lists them in files not open, with the fix for the route', async () => {
    const schedules = workspaceFile('scripts/register-schedules.ts');
    const queue = workspaceFile('lib/queue.ts');
    // Opening one file of the app makes the server publish the project's findings for the others.
    const sync = await vscode.workspace.openTextDocument(workspaceFile('app/api/jobs/sync/route.ts'));
    await unlessCanceled(() => vscode.window.showTextDocument(sync));
    await ourDiagnostics(workspaceFile('app/api/jobs/sync/route.ts'));
    const listed = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'next-cron-routes').map((d) => String(d.code));
    for (let attempt = 0; attempt < 50 && !listed(queue).length; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(listed(queue), ['qstash-missing-verification']);
    const document = await vscode.workspace.openTextDocument(schedules);
    await unlessCanceled(() => vscode.window.showTextDocument(document));
    const diagnostics = await ourDiagnostics(schedules);
    assert.deepEqual(
      diagnostics.map((d) => [String(d.code), document.getText(d.range)]),
      [
        ['qstash-missing-verification', '`${APP_URL}/api/jobs/digest`'],
        ['route-missing-method', '`${APP_URL}/api/jobs/cleanup`'],
      ],
    );
    const actions = await codeActionsAt(schedules, diagnostics[0]!.range, vscode.CodeActionKind.QuickFix);
    const fix = actions.find((a) => a.title.startsWith("Verify QStash's signature"));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.deepEqual(
      fix.edit.entries().map(([uri]) => vscode.workspace.asRelativePath(uri)),
      ['app/api/jobs/digest/route.ts'],
    );
  });

  test('on a verified QStash destination, "Wrap POST with cron monitoring" wraps the handler and creates the helper; applied once, it is not offered again', async () => {
    const uri = workspaceFile('app/api/jobs/sync/route.ts');
    const document = await vscode.workspace.openTextDocument(uri);
    await unlessCanceled(() => vscode.window.showTextDocument(document));
    const original = document.getText();
    const handler = original.indexOf('POST');
    const at = new vscode.Range(document.positionAt(handler), document.positionAt(handler));
    let created: vscode.Uri | undefined;
    const refactors = async () => codeActionsAt(uri, at, vscode.CodeActionKind.RefactorRewrite);
    try {
      const actions = await refactors();
      const wrap = actions.find((a) => a.title === 'Wrap POST with cron monitoring (QStash destination)');
      assert.ok(wrap?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(actions.some((a) => a.title.startsWith('Guard against duplicate QStash deliveries')), actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(wrap.edit));
      assert.match(document.getText(), /withCronMonitoring\('sync', /);
      const [helper] = await vscode.workspace.findFiles('**/cron-monitoring.ts', '**/node_modules/**');
      assert.ok(helper, 'the monitoring helper is created');
      created = helper;
      assert.match((await vscode.workspace.openTextDocument(helper)).getText(), /export function withCronMonitoring/);
      assert.ok(!(await refactors()).some((a) => a.title.startsWith('Wrap POST with cron monitoring')), 'not offered again');
    } finally {
      await unlessCanceled(() => vscode.window.showTextDocument(document));
      await vscode.commands.executeCommand('workbench.action.files.revert');
      if (created) await vscode.workspace.fs.delete(created).then(undefined, () => undefined);
    }
    assert.equal(document.getText(), original);
  });
});
