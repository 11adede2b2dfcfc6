import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface Api {
  whenAnalysed(uri: string): Promise<void>;
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

async function ours(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  const api = await vscode.extensions.getExtension<Api>('next-cron-routes.next-cron-routes')!.activate();
  await api.whenAnalysed(uri.toString());
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'next-cron-routes');
}

suite('cron route files', () => {
  test('an unprotected cron route gets missing-auth, and "Add CRON_SECRET check" fixes it', async () => {
    const uri = workspaceFile('app/api/cron/open/route.ts');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const original = document.getText();
    const missing = (await ours(uri)).find((d) => d.code === 'missing-auth');
    assert.ok(missing, 'missing-auth is reported');
    assert.equal(document.getText(missing.range), 'GET');
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, missing.range, vscode.CodeActionKind.QuickFix.value);
      const add = actions.find((a) => a.title.startsWith('Add CRON_SECRET check'));
      assert.ok(add?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(add.edit));
      const text = document.getText();
      assert.match(text, /export async function GET\(request: Request\) \{\n {2}\/\/ Fail closed/);
      assert.match(text, /import \{ timingSafeEqual \} from 'node:crypto';/);
      assert.match(text, /return NextResponse\.json\(\{ error: 'Unauthorized' \}, \{ status: 401 \}\);/);
      const after = await ours(uri);
      assert.ok(!after.some((d) => d.code === 'missing-auth'), `left: ${after.map((d) => d.code).join(', ')}`);
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(document.getText(), original);
  });

  test('a protected cron route has no auth findings but the timing hint, and the two wrapper hints', async () => {
    const codes = (await ours(workspaceFile('app/api/cron/cleanup-sessions/route.ts'))).map((d) => String(d.code));
    assert.deepEqual(codes.sort(), ['auth-not-timing-safe', 'no-idempotency-guard', 'no-monitoring']);
  });

  test('the lightbulb on GET offers both wrapper actions; "Wrap with cron monitoring" rewrites GET and creates the helper', async () => {
    const uri = workspaceFile('app/api/cron/cleanup-sessions/route.ts');
    const helper = workspaceFile('lib/cron-monitoring.ts');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const original = document.getText();
    const hint = (await ours(uri)).find((d) => d.code === 'no-monitoring');
    assert.ok(hint, 'no-monitoring is reported');
    assert.equal(document.getText(hint.range), 'GET');
    assert.equal(hint.severity, vscode.DiagnosticSeverity.Hint);
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, hint.range, vscode.CodeActionKind.QuickFix.value);
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Wrap with cron monitoring'), titles.join(' | '));
      assert.ok(titles.some((t) => t.startsWith('Guard against duplicate runs')), titles.join(' | '));
      const wrap = actions.find((a) => a.title === 'Wrap with cron monitoring')!;
      assert.ok(wrap.edit && (await vscode.workspace.applyEdit(wrap.edit)));
      assert.match(document.getText(), /^import \{ withCronMonitoring \} from '\.\.\/\.\.\/\.\.\/\.\.\/lib\/cron-monitoring';$/m);
      assert.match(document.getText(), /export const GET = withCronMonitoring\('cleanup-sessions', async \(request: NextRequest\) => \{/);
      const created = await vscode.workspace.openTextDocument(helper);
      assert.match(created.getText(), /export function withCronMonitoring/);
      const after = (await ours(uri)).map((d) => String(d.code));
      assert.ok(!after.includes('no-monitoring'), after.join(', '));
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.workspace.fs.delete(helper).then(undefined, () => undefined);
    }
    assert.equal(document.getText(), original);
  });

  test('route-missing-get is one diagnostic, in the route file, linked to its vercel.json entry; its fix is there', async () => {
    const vercelJson = workspaceFile('apps/broken/vercel.json');
    const route = workspaceFile('apps/broken/app/api/cron/post-only/route.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vercelJson));
    await ours(vercelJson);
    await ours(route);
    // The Problems panel's view: every diagnostic of ours, in every file.
    const all = vscode.languages.getDiagnostics().flatMap(([uri, list]) => list.filter((d) => d.source === 'next-cron-routes' && d.code === 'route-missing-get').map((d) => ({ uri, d })));
    assert.deepEqual(
      all.map(({ uri }) => vscode.workspace.asRelativePath(uri)),
      ['apps/broken/app/api/cron/post-only/route.ts'],
      'one problem, one diagnostic, where it is fixed',
    );
    const { d: diagnostic } = all[0]!;
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    const document = await vscode.workspace.openTextDocument(route);
    assert.equal(document.getText(diagnostic.range), 'POST');
    const related = diagnostic.relatedInformation ?? [];
    assert.equal(related.length, 1);
    assert.equal(related[0]!.location.uri.fsPath, vercelJson.fsPath);
    const vercelDocument = await vscode.workspace.openTextDocument(vercelJson);
    assert.equal(vercelDocument.getText(related[0]!.location.range), '"/api/cron/post-only"');
    assert.match(related[0]!.message, /Vercel Cron sends GET \/api\/cron\/post-only/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', route, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(
      actions.some((a) => a.title === 'Add a GET handler'),
      actions.map((a) => a.title).join(' | '),
    );
  });
});
