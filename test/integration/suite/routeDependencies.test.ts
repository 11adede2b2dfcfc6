// Route diagnostics follow the files they depend on (#13): a helper module a fix creates counts
// at once, without waiting for the disk watcher. apps/guard/lib is hidden from the watcher by
// the fixture's files.watcherExclude, as it is when the watcher lags or inotify runs out, so
// nothing here can pass by the watcher being quick. ("Cannot find module '@/lib/cron-run-guard'"
// lingering after the guard action is the TypeScript server's own lag; these are ours.)
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const SOURCE = 'next-cron-routes';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

const A = workspaceFile('apps/guard/app/api/cron/a/route.ts');
const B = workspaceFile('apps/guard/app/api/cron/b/route.ts');
const GUARD = workspaceFile('apps/guard/lib/cron-run-guard.ts');
const MONITORING = workspaceFile('apps/guard/lib/cron-monitoring.ts');

function ourCodes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE)
    .map((d) => String(d.code))
    .sort();
}

async function analysed(uri: vscode.Uri): Promise<string[]> {
  const api = await vscode.extensions.getExtension<{ whenAnalysed(uri: string): Promise<void> }>('next-cron-routes.next-cron-routes')!.activate();
  await vscode.workspace.openTextDocument(uri);
  await api.whenAnalysed(uri.toString());
  return ourCodes(uri);
}

/**
 * Every set of our codes the file shows from now on, and the first that `settled` accepts:
 * the diagnostics as they change, observed through the editor's event, never sampled on a timer.
 */
function watchCodes(uri: vscode.Uri, settled: (codes: string[]) => boolean, timeoutMs = 20_000): { seen: string[][]; done: Promise<string[]> } {
  const seen: string[][] = [];
  let subscription: vscode.Disposable | undefined;
  const done = new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription?.dispose();
      reject(new Error(`${vscode.workspace.asRelativePath(uri)}: no settled diagnostics within ${timeoutMs / 1000} s; saw ${JSON.stringify(seen)}`));
    }, timeoutMs);
    subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const codes = ourCodes(uri);
      seen.push(codes);
      if (!settled(codes)) return;
      clearTimeout(timer);
      subscription?.dispose();
      resolve(codes);
    });
  });
  return { seen, done };
}

async function quickFix(uri: vscode.Uri, code: string, title: RegExp): Promise<vscode.CodeAction> {
  const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => d.source === SOURCE && d.code === code);
  assert.ok(diagnostic, `${code} in ${vscode.workspace.asRelativePath(uri)}`);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `${title} among ${actions.map((a) => a.title).join(' | ')}`);
  return action;
}

/** Back to the fixture: routes reverted, created helpers deleted through the editor (so the deletion reaches the extension too). */
async function restore(): Promise<void> {
  for (const uri of [A, B, GUARD, MONITORING]) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!open) continue;
    await vscode.window.showTextDocument(open);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  const removal = new vscode.WorkspaceEdit();
  for (const helper of [GUARD, MONITORING]) removal.deleteFile(helper, { ignoreIfNotExists: true });
  await vscode.workspace.applyEdit(removal);
}

suite('route diagnostics follow the files they depend on', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    assert.deepEqual(await analysed(A), ['missing-auth', 'no-idempotency-guard', 'no-monitoring']);
    assert.deepEqual(await analysed(B), ['missing-auth', 'no-idempotency-guard', 'no-monitoring']);
  });
  suiteTeardown(restore);

  test('"Guard against duplicate runs": once its helper exists, the next route\'s guard imports it instead of creating it again', async function () {
    this.timeout(60_000);
    try {
      const guard = await quickFix(A, 'no-idempotency-guard', /^Guard against duplicate runs/);
      const watched = watchCodes(A, (codes) => !codes.includes('no-idempotency-guard'));
      assert.ok(await vscode.workspace.applyEdit(guard.edit!));
      await watched.done;
      const helper = (await vscode.workspace.openTextDocument(GUARD)).getText();
      assert.equal(helper.match(/export function withCronRunGuard/g)?.length, 1);

      // B's fix is built now: the helper is there, so it only imports it.
      const second = await quickFix(B, 'no-idempotency-guard', /^Guard against duplicate runs/);
      assert.deepEqual(
        second.edit!.entries().map(([uri]) => vscode.workspace.asRelativePath(uri)),
        ['apps/guard/app/api/cron/b/route.ts'],
        'the second guard edits its route only',
      );
      assert.ok(await vscode.workspace.applyEdit(second.edit!));
      assert.match((await vscode.workspace.openTextDocument(B)).getText(), /^import \{ withCronRunGuard \} from '\.\.\/\.\.\/\.\.\/\.\.\/lib\/cron-run-guard';$/m);
      assert.equal((await vscode.workspace.openTextDocument(GUARD)).getText(), helper, 'the helper is written once');
    } finally {
      await restore();
    }
  });

  test('"Wrap with cron monitoring": the first diagnostics of the wrapped route already follow the new helper; editing the helper re-checks the route', async function () {
    this.timeout(60_000);
    try {
      // The previous test's clean-up deleted lib/: wait for the check that follows it.
      assert.deepEqual(await analysed(B), ['missing-auth', 'no-idempotency-guard', 'no-monitoring']);
      const wrap = await quickFix(B, 'no-monitoring', /^Wrap with cron monitoring$/);
      // The edit's first analysis is the one without no-monitoring: it must already read the
      // helper, which does not check CRON_SECRET, so missing-auth stays. A model that has not
      // seen the helper created treats the wrapper as a check it cannot follow and drops it.
      const watched = watchCodes(B, (codes) => !codes.includes('no-monitoring'));
      assert.ok(await vscode.workspace.applyEdit(wrap.edit!));
      assert.deepEqual(await watched.done, ['missing-auth', 'no-idempotency-guard'], `diagnostics seen: ${JSON.stringify(watched.seen)}`);

      // Only the helper changes (unsaved, in the editor): the route that reads it is checked again.
      const helper = await vscode.workspace.openTextDocument(MONITORING);
      const at = helper.getText().indexOf('    const started = Date.now();');
      assert.ok(at > 0, 'the generated wrapper body');
      const check = "    if ((args[0] as Request).headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) return new Response(null, { status: 401 }) as Awaited<ReturnType<H>>;\n";
      const rechecked = watchCodes(B, (codes) => !codes.includes('missing-auth'));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(MONITORING, helper.positionAt(at), check);
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.deepEqual(await rechecked.done, ['auth-fails-open', 'no-idempotency-guard'], 'the wrapper now checks the secret (and fails open when it is unset)');
    } finally {
      await restore();
    }
  });
});
