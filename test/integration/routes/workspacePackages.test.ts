// shapes-workspace only (#15, shape 5): the route diagnostics of apps/web follow the files of
// packages/auth that its routes import as @acme/auth. Editing the package's helper (unsaved) or
// its package.json re-checks the routes that read it, with no node_modules and no disk watcher
// needed (the edits are the editor's own document changes).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const SOURCE = 'next-cron-routes';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture app is open');
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

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

/** The first set of our codes `settled` accepts from now on, observed through the editor's event. */
function settledCodes(uri: vscode.Uri, settled: (codes: string[]) => boolean, timeoutMs = 20_000): Promise<string[]> {
  const seen: string[][] = [];
  return new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`${vscode.workspace.asRelativePath(uri)}: no settled diagnostics within ${timeoutMs / 1000} s; saw ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const codes = ourCodes(uri);
      seen.push(codes);
      if (!settled(codes)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(codes);
    });
  });
}

async function replaceAll(uri: vscode.Uri, text: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

async function revert(uri: vscode.Uri): Promise<void> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!open) return;
  await vscode.window.showTextDocument(open);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

if (process.env.NCR_ROUTES_FIXTURE === 'shapes-workspace') {
  const CLEANUP = workspaceFile('apps/web/app/api/cron/cleanup/route.ts');
  const INDEX = workspaceFile('packages/auth/src/index.ts');
  const MANIFEST = workspaceFile('packages/auth/package.json');

  suite('routes follow the workspace package they import (shapes-workspace)', () => {
    test("editing the package's helper re-checks the route that calls it", async function () {
      this.timeout(60_000);
      try {
        assert.deepEqual(await analysed(CLEANUP), ['auth-fails-open', 'no-idempotency-guard', 'no-monitoring']);
        const rechecked = settledCodes(CLEANUP, (codes) => !codes.includes('auth-fails-open'));
        // Fail closed now: refuse when the secret is unset.
        await replaceAll(
          INDEX,
          "export function isCronRequest(request: Request): boolean {\n  const secret = process.env.CRON_SECRET;\n  if (!secret) return false;\n  return request.headers.get('authorization') === `Bearer ${secret}`;\n}\n",
        );
        assert.deepEqual(await rechecked, ['no-idempotency-guard', 'no-monitoring']);
      } finally {
        await revert(INDEX);
      }
    });

    test("editing the package's exports re-checks the routes that import through them", async function () {
      this.timeout(60_000);
      let restored: Promise<string[]> | undefined;
      try {
        assert.deepEqual(await analysed(CLEANUP), ['auth-fails-open', 'no-idempotency-guard', 'no-monitoring']);
        // "." no longer exported: @acme/auth names nothing, so its fail-open helper is no longer seen
        // and the call in the route's guard is a check the analysis cannot read (nothing claimed).
        const rechecked = settledCodes(CLEANUP, (codes) => !codes.includes('auth-fails-open'));
        const manifest = JSON.parse((await vscode.workspace.openTextDocument(MANIFEST)).getText()) as { exports: Record<string, unknown> };
        delete manifest.exports['.'];
        await replaceAll(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
        assert.deepEqual(await rechecked, ['no-idempotency-guard', 'no-monitoring']);
        restored = settledCodes(CLEANUP, (codes) => codes.includes('auth-fails-open'));
      } finally {
        await revert(MANIFEST);
      }
      // Reverted: the package's helper is followed again.
      assert.deepEqual(await restored, ['auth-fails-open', 'no-idempotency-guard', 'no-monitoring']);
    });
  });
}
