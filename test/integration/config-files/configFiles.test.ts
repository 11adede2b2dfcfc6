import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { api, ourDiagnostics, workspaceFile } from '../editorApi';

async function hoverAt(document: vscode.TextDocument, needle: string): Promise<string> {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, needle);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    document.uri,
    document.positionAt(offset + 2),
  );
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

suite('vercel.toml and vercel.ts in the editor', () => {
  suiteSetup(async () => (await api()).setClock('2026-11-28T01:48:00Z'));
  suiteTeardown(async () => (await api()).setClock(undefined));

  for (const file of ['toml/vercel.toml', 'ts/vercel.ts']) {
    test(`${file}: a schedule hover, a path hover, and the schedule's diagnostic where it is written`, async () => {
      const uri = workspaceFile(file);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostics = await ourDiagnostics(uri);
      const names = diagnostics.find((d) => d.code === 'invalid-schedule');
      assert.ok(names, `got ${diagnostics.map((d) => String(d.code)).join(', ')}`);
      assert.equal(document.getText(names.range), 'MON');
      const schedule = await hoverAt(document, '0 3 * * *');
      assert.match(schedule, /At 03:00/);
      assert.match(schedule, /in 1 h 12 min/);
      assert.match(await hoverAt(document, '/api/cron/cleanup'), /app\/api\/cron\/cleanup\/route\.ts/);
    });
  }

  test('ts/vercel.ts: a computed schedule is one config-not-static, and nothing else is said of its entry', async () => {
    const uri = workspaceFile('ts/vercel.ts');
    const document = await vscode.workspace.openTextDocument(uri);
    const diagnostics = await ourDiagnostics(uri);
    const computed = diagnostics.filter((d) => d.code === 'config-not-static');
    assert.deepEqual(
      computed.map((d) => document.getText(d.range)),
      ['weekly()'],
    );
    assert.equal(computed[0]!.severity, vscode.DiagnosticSeverity.Information);
    const line = computed[0]!.range.start.line;
    assert.deepEqual(
      diagnostics.filter((d) => d.range.start.line === line && d.code !== 'config-not-static').map((d) => String(d.code)),
      [],
    );
  });

  test("toml/vercel.toml: the quick fix keeps the literal string's quotes and clears its diagnostic", async () => {
    const uri = workspaceFile('toml/vercel.toml');
    const document = await vscode.workspace.openTextDocument(uri);
    const target = (await ourDiagnostics(uri)).find((d) => d.code === 'invalid-schedule');
    assert.ok(target);
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        target.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const rewrite = actions.find((a) => a.title.startsWith('Rewrite as "0 8 * * 1"'));
      assert.ok(rewrite?.edit, `actions: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(rewrite.edit));
      assert.match(document.getText(), /schedule = '0 8 \* \* 1' # weekly/);
      assert.deepEqual(
        (await ourDiagnostics(uri)).map((d) => String(d.code)),
        [],
      );
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
  for (const [file, written] of [
    ['toml/vercel.toml', /^\[\[schedules\]\]\nname = "api-cron-cleanup"\npath = "\/api\/cron\/cleanup"\nschedule = '0 3 \* \* \*'\ntimezone = "UTC"\nrequestMethod = "GET"\n/m],
    ['ts/vercel.ts', /^ {2}schedules: \[\n {4}\{ name: 'api-cron-cleanup', timezone: 'UTC', requestMethod: 'GET', path: '\/api\/cron\/cleanup', schedule: NIGHTLY \},\n {2}\],$/m],
  ] as const) {
    test(`${file}: "Move to Vercel Schedules" on the nightly crons entry writes it as a schedule in the file's syntax, and the route still answers it`, async () => {
      const uri = workspaceFile(file);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const entry = document.getText().indexOf('/api/cron/cleanup');
      const at = new vscode.Range(document.positionAt(entry + 2), document.positionAt(entry + 2));
      try {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, at, vscode.CodeActionKind.RefactorRewrite.value);
        const move = actions.find((a) => a.title === 'Move to Vercel Schedules');
        assert.ok(move?.edit, `actions: ${actions.map((a) => a.title).join(' | ')}`);
        assert.ok(await vscode.workspace.applyEdit(move.edit));
        assert.match(document.getText(), written);
        // The weekly entry stays a cron, with its diagnostic; the moved one is answered by the route's GET.
        assert.equal((document.getText().match(/\/api\/cron\/cleanup/g) ?? []).length, file.endsWith('.toml') ? 2 : 3);
        const codes = (await ourDiagnostics(uri)).map((d) => String(d.code));
        assert.ok(!codes.includes('route-missing-method'), codes.join(', '));
        assert.ok(codes.includes('schedule-no-retry'), codes.join(', '));
        assert.ok(codes.includes('invalid-schedule'), codes.join(', '));
      } finally {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    });
  }
});
