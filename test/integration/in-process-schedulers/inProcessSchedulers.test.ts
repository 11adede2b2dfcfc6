import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeActionsAt, ourDiagnostics, unlessCanceled, workspaceFile } from '../editorApi';

const CODE = 'in-process-scheduler-on-serverless';

async function open(file: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(file));
  await unlessCanceled(() => vscode.window.showTextDocument(document));
  return document;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

suite('in-process schedulers in a Vercel-deployed Next.js app, in the editor', () => {
  test('the editor shows what check shows: the schedulers the app runs, not the worker, the client clock or the cleared interval', async () => {
    const expected: [string, string[]][] = [
      ['instrumentation.ts', ['cron.schedule']],
      ['lib/feed.ts', ['new Cron']],
      ['app/dashboard/page.tsx', ['schedule.scheduleJob']],
      ['app/api/hits/route.ts', ['setInterval']],
      ['app/api/events/route.ts', []],
      ['app/api/validate/route.ts', []],
      ['components/Clock.tsx', []],
      ['components/useNow.ts', []],
      ['scripts/worker.ts', []],
    ];
    for (const [file, flagged] of expected) {
      const document = await open(file);
      const diagnostics = (await ourDiagnostics(document.uri)).filter((d) => d.code === CODE);
      assert.deepEqual(diagnostics.map((d) => document.getText(d.range)), flagged, file);
      for (const diagnostic of diagnostics) assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning, file);
    }
  });

  test('"Move this schedule to vercel.json" adds the crons entry, creates the guarded route and removes the schedule', async () => {
    const document = await open('instrumentation.ts');
    const original = document.getText();
    const vercelJson = await vscode.workspace.openTextDocument(workspaceFile('vercel.json'));
    const vercelOriginal = vercelJson.getText();
    const route = workspaceFile('app/api/cron/daily-digest/route.ts');
    const warning = (await ourDiagnostics(document.uri)).find((d) => d.code === CODE);
    assert.ok(warning, `${CODE} is reported`);
    try {
      const actions = await codeActionsAt(document.uri, warning.range, vscode.CodeActionKind.QuickFix);
      const fix = actions.find((a) => a.title === 'Move this schedule to vercel.json');
      assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.doesNotMatch(document.getText(), /cron\.schedule|node-cron/);
      assert.match(document.getText(), /^export async function register\(\) \{/, 'the imports only the schedule used went with it');
      assert.match(vercelJson.getText(), /\{\n {6}"path": "\/api\/cron\/daily-digest",\n {6}"schedule": "0 8 \* \* \*"\n {4}\}/);
      assert.ok(await exists(route), 'the route is created');
      const created = await vscode.workspace.openTextDocument(route);
      assert.match(created.getText(), /import \{ sendDigest \} from '@\/lib\/digest';/);
      assert.match(created.getText(), /if \(!cronSecret \|\| !isSameSecret\(/);
      assert.match(created.getText(), /await sendDigest\(\);/);
      const left = await ourDiagnostics(document.uri);
      assert.ok(!left.some((d) => d.code === CODE), `left: ${left.map((d) => String(d.code)).join(', ')}`);
    } finally {
      for (const edited of [vercelJson, document]) {
        await unlessCanceled(() => vscode.window.showTextDocument(edited));
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      if (await exists(route)) await vscode.workspace.fs.delete(workspaceFile('app/api/cron/daily-digest'), { recursive: true });
    }
    assert.equal(document.getText(), original);
    assert.equal(vercelJson.getText(), vercelOriginal);
  });
});
