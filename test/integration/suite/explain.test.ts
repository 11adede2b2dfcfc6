// "Explain Cron Schedule" in the real editor: the expression comes first (prefilled with the
// schedule under the cursor), the scheduler defaults from the file and can be changed in the
// same picker, as a person would with the arrow keys.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExplainPickState } from '../../../src/vscode/explainCommand';
import { eventually } from '../trigger/helpers';

const EXPLAIN = 'nextCronRoutes.explainSchedule';

interface Api {
  explainPick(): ExplainPickState | undefined;
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

async function api(): Promise<Api> {
  return vscode.extensions.getExtension<Api>('next-cron-routes.next-cron-routes')!.activate();
}

/** Opens `uri` with the cursor `delta` characters into the first `needle` (or at the start). */
async function cursorIn(uri: vscode.Uri, needle: string | undefined, delta = 1): Promise<void> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const offset = needle === undefined ? 0 : editor.document.getText().indexOf(needle) + delta;
  assert.ok(offset >= 0, `${needle} is in ${uri.fsPath}`);
  const position = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
}

/** The picker once it is open and reports its highlighted item. */
async function openPicker(): Promise<ExplainPickState> {
  const extension = await api();
  return eventually(() => {
    const state = extension.explainPick();
    return state?.active ? state : undefined;
  }, 'the Explain Cron Schedule picker');
}

suite('Explain Cron Schedule: the expression first', () => {
  teardown(async () => {
    // A failed test must not leave its picker open for the next one.
    if ((await api()).explainPick()) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  test('in a GitHub workflow: prefilled with the schedule under the cursor, GitHub Actions on top; Enter explains it there', async () => {
    const workflow = workspaceFile('.github/workflows/nightly.yml');
    await vscode.workspace.fs.writeFile(workflow, Buffer.from("on:\n  schedule:\n    - cron: '*/2 * * * *'\njobs: {}\n"));
    try {
      await cursorIn(workflow, '*/2', 2);
      const running = vscode.commands.executeCommand<string | undefined>(EXPLAIN);
      const state = await openPicker();
      assert.equal(state.value, '*/2 * * * *');
      assert.equal(state.active, 'GitHub Actions schedule');
      assert.equal(state.items[0]?.label, 'GitHub Actions schedule');
      // Every scheduler says at once what it makes of the expression.
      assert.match(state.items[0]!.description, /\$\(warning\) interval-too-short/);
      assert.match(state.items.find((i) => i.label === 'Vercel Cron Jobs')!.description, /hobby-frequency/);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const text = await running;
      assert.ok(text, 'a report');
      assert.match(text, /^\*\/2 \* \* \* \* {2}\(GitHub Actions schedule, UTC\)/);
      assert.match(text, /warning interval-too-short/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(workspaceFile('.github'), { recursive: true, useTrash: false });
    }
  });

  test('in vercel.json: Vercel Cron Jobs by default; moving to another scheduler explains it for that one', async () => {
    await cursorIn(workspaceFile('vercel.json'), '*/15 * * * *', 3);
    const running = vscode.commands.executeCommand<string | undefined>(EXPLAIN);
    const state = await openPicker();
    assert.equal(state.value, '*/15 * * * *');
    assert.equal(state.active, 'Vercel Cron Jobs');
    const extension = await api();
    // Down, as a person would, until the editor reports GitHub Actions highlighted.
    await eventually(async () => {
      const active = extension.explainPick()?.active;
      if (active === 'GitHub Actions schedule') return true;
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      return undefined;
    }, 'GitHub Actions to be highlighted');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const text = await running;
    assert.ok(text, 'a report');
    assert.match(text, /^\*\/15 \* \* \* \* {2}\(GitHub Actions schedule, UTC\)/);
    assert.doesNotMatch(text, /hobby-frequency/, "Vercel's plan limits are not GitHub's");
  });

  test('nothing under the cursor: the input starts empty, and Enter on it explains nothing and keeps asking', async () => {
    await cursorIn(workspaceFile('app/api/cron/open/route.ts'), undefined);
    const running = vscode.commands.executeCommand<string | undefined>(EXPLAIN);
    const state = await openPicker();
    assert.equal(state.value, '');
    assert.equal(state.active, 'Vercel Cron Jobs', 'a route file schedules for Vercel');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    // Had Enter explained the empty input, the command would resolve with a report, not undefined.
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await running, undefined);
  });
});
