// shapes-no-vercel-json only (#15): a Next.js app without a vercel.json is a project of its own
// in the editor, as in `check`. Its cron routes are those cronRouteGlob names (missing-auth a
// warning); a vercel.json created in the app's folder makes the same project vercel.json-rooted
// (the scheduled route's missing-auth an error), with no stale duplicate of the earlier
// diagnostics, and deleting it again brings the glob-only findings back. After each step the
// editor shows what `check` reports on the files as they are on disk.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runCli } from '../../../src/cli/main';
import type { CliDiagnostic } from '../../../src/cli/project-check';

const SOURCE = 'next-cron-routes';
const SEVERITY_NAMES = { [vscode.DiagnosticSeverity.Error]: 'error', [vscode.DiagnosticSeverity.Warning]: 'warning', [vscode.DiagnosticSeverity.Information]: 'info', [vscode.DiagnosticSeverity.Hint]: 'hint' };

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture app is open');
  return folder.uri.fsPath;
}

const file = (name: string) => vscode.Uri.file(path.join(root(), name));

/** Our diagnostics of a file as "line:col-line:col severity code" rows, sorted. */
function rows(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${SEVERITY_NAMES[d.severity]} ${String(d.code)}`)
    .sort();
}

/** What `check --format json` reports on one file of the open folder, as rows. */
async function checkRows(name: string): Promise<string[]> {
  const out: string[] = [];
  const code = await runCli(['check', root(), '--format', 'json'], { stdout: (t) => out.push(t), stderr: () => undefined, cwd: root(), now: () => new Date() });
  assert.ok(code === 0 || code === 1, `check exited ${code}`);
  return (JSON.parse(out.join('\n')) as { diagnostics: CliDiagnostic[] }).diagnostics
    .filter((d) => d.file === name)
    .map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.code}`)
    .sort();
}

/** The first rows of `uri` that `settled` accepts from now on, observed through the editor's event. */
function settledRows(uri: vscode.Uri, settled: (rows: string[]) => boolean, timeoutMs = 20_000): Promise<string[]> {
  const seen: string[][] = [];
  return new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`${vscode.workspace.asRelativePath(uri)}: no settled diagnostics within ${timeoutMs / 1000} s; saw ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const now = rows(uri);
      seen.push(now);
      if (!settled(now)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(now);
    });
  });
}

const hasMissingAuth = (severity: string) => (now: string[]) => now.filter((r) => r.endsWith(' missing-auth')).length === 1 && now.some((r) => r.endsWith(` ${severity} missing-auth`));

if (process.env.NCR_ROUTES_FIXTURE === 'shapes-no-vercel-json') {
  const SYNC = 'app/api/cron/sync-inventory/route.ts';
  const VERCEL_JSON = 'vercel.json';
  const SCHEDULE = '{\n  "crons": [{ "path": "/api/cron/sync-inventory", "schedule": "0 3 * * *" }]\n}\n';

  suite('a Next.js app without a vercel.json (shapes-no-vercel-json)', () => {
    suiteTeardown(async () => {
      const removal = new vscode.WorkspaceEdit();
      removal.deleteFile(file(VERCEL_JSON), { ignoreIfNotExists: true });
      await vscode.workspace.applyEdit(removal);
    });

    test('its routes are checked; a vercel.json created in it schedules one, and deleting it brings the glob-only findings back', async function () {
      this.timeout(90_000);
      const api = await vscode.extensions.getExtension<{ whenAnalysed(uri: string): Promise<void> }>('next-cron-routes.next-cron-routes')!.activate();
      const sync = file(SYNC);
      await vscode.workspace.openTextDocument(sync);
      await api.whenAnalysed(sync.toString());
      const globOnly = rows(sync);
      assert.ok(hasMissingAuth('warning')(globOnly), JSON.stringify(globOnly));
      assert.deepEqual(globOnly, await checkRows(SYNC));

      // The editor creates vercel.json in the app's folder, schedules the route and saves.
      const scheduled = settledRows(sync, hasMissingAuth('error'));
      const create = new vscode.WorkspaceEdit();
      create.createFile(file(VERCEL_JSON), { ignoreIfExists: true });
      create.insert(file(VERCEL_JSON), new vscode.Position(0, 0), SCHEDULE);
      assert.ok(await vscode.workspace.applyEdit(create));
      assert.ok(await (await vscode.workspace.openTextDocument(file(VERCEL_JSON))).save());
      const nowScheduled = await scheduled;
      await api.whenAnalysed(sync.toString());
      // One project, one set of diagnostics: the glob-only warning did not stay beside the error.
      assert.deepEqual(rows(sync), await checkRows(SYNC));
      assert.ok(hasMissingAuth('error')(rows(sync)), JSON.stringify(nowScheduled));

      // Deleted again: the app is checked without it, as before.
      const unscheduled = settledRows(sync, hasMissingAuth('warning'));
      const removal = new vscode.WorkspaceEdit();
      removal.deleteFile(file(VERCEL_JSON));
      assert.ok(await vscode.workspace.applyEdit(removal));
      await unscheduled;
      await api.whenAnalysed(sync.toString());
      assert.deepEqual(rows(sync), globOnly);
      assert.deepEqual(rows(sync), await checkRows(SYNC));
    });
  });
}
