// The route-file rules in the real editor against `next-cron-routes check` on the same app: every
// file the CLI reports shows exactly the same diagnostics (code, severity, range) in the editor.
// Run on test/fixtures/routes-broken (every route code fires) and routes-protected (nothing
// but hints), and on the shapes-* apps (each with an expected-findings.json), selected by
// NCR_ROUTES_FIXTURE.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runCli } from '../../../src/cli/main';
import type { CliDiagnostic } from '../../../src/cli/project-check';
import { ISSUE_ROUTE_CODES } from '../../unit/support/routeCodes';
import { codesByFile, normalise } from '../../unit/support/expectedFindings';

const SEVERITY_NAMES = { [vscode.DiagnosticSeverity.Error]: 'error', [vscode.DiagnosticSeverity.Warning]: 'warning', [vscode.DiagnosticSeverity.Information]: 'info', [vscode.DiagnosticSeverity.Hint]: 'hint' };

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture app is open');
  return folder.uri.fsPath;
}

/** What `check --format json` says about the open folder, as the CLI prints it. */
async function checkJson(): Promise<CliDiagnostic[]> {
  const out: string[] = [];
  const code = await runCli(['check', root(), '--format', 'json'], { stdout: (t) => out.push(t), stderr: () => undefined, cwd: root(), now: () => new Date() });
  assert.ok(code === 0 || code === 1, `check exited ${code}`);
  return (JSON.parse(out.join('\n')) as { diagnostics: CliDiagnostic[] }).diagnostics;
}

/** Our diagnostics of one file in the editor, once they reflect its text, as the CLI would write them. */
async function editorRows(file: string): Promise<string[]> {
  const uri = vscode.Uri.file(path.join(root(), file));
  await vscode.workspace.openTextDocument(uri);
  const api = await vscode.extensions.getExtension<{ whenAnalysed(uri: string): Promise<void> }>('next-cron-routes.next-cron-routes')!.activate();
  await api.whenAnalysed(uri.toString());
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'next-cron-routes')
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${SEVERITY_NAMES[d.severity]} ${String(d.code)}`)
    .sort();
}

suite(`route files in the editor = check (${process.env.NCR_ROUTES_FIXTURE ?? '?'})`, () => {
  test('every file check reports shows the same diagnostics in the editor', async function () {
    this.timeout(60_000);
    const cli = await checkJson();
    const files = [...new Set(cli.map((d) => d.file))].sort();
    assert.ok(files.length > 0, 'check reports something (hints at least)');
    for (const file of files) {
      const expected = cli
        .filter((d) => d.file === file)
        .map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.code}`)
        .sort();
      assert.deepEqual(await editorRows(file), expected, file);
    }
    const codes = new Set(cli.map((d) => d.code));
    const expectedFile = path.join(root(), 'expected-findings.json');
    if (fs.existsSync(expectedFile)) {
      // A shapes-* app: its expected-findings.json says which codes each file must show, no more.
      const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as Record<string, string[]>;
      assert.deepEqual(codesByFile(cli), normalise(expected));
    } else if (process.env.NCR_ROUTES_FIXTURE === 'routes-broken') {
      assert.deepEqual(ISSUE_ROUTE_CODES.filter((code) => !codes.has(code)), [], 'every route code fires on routes-broken');
    } else {
      // Protected routes: hints only (the wrapper suggestions and ===-on-the-secret), nothing above.
      assert.deepEqual([...codes].sort(), ['auth-not-timing-safe', 'no-idempotency-guard', 'no-monitoring']);
      assert.ok(cli.every((d) => d.severity === 'hint'));
    }
  });
});
