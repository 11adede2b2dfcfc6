import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { api, ourDiagnostics, workspaceFile } from '../editorApi';

suite('vercel.json language service', () => {
  suiteSetup(async () => (await api()).setClock('2026-11-28T01:48:00Z'));
  suiteTeardown(async () => (await api()).setClock(undefined));

  test('diagnostics with every vercel.json code appear for a broken project', async () => {
    const uri = workspaceFile('apps/broken/vercel.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const codes = new Set((await ourDiagnostics(uri)).map((d) => String(d.code)));
    for (const code of [
      'invalid-json',
      'invalid-schedule',
      'invalid-path',
      'route-not-found',
      'day-of-month-and-week',
      'never-fires',
      'unknown-property',
      'hobby-frequency',
      'duplicate-cron',
      'trailing-slash-redirect',
      'functions-pattern-unmatched',
    ]) {
      assert.ok(codes.has(code), `missing ${code}; got ${[...codes].join(', ')}`);
    }
    // The POST-only route's missing GET is the route file's diagnostic (routeFiles.test.ts), not repeated here.
    assert.ok(!codes.has('route-missing-get'), [...codes].join(', '));
  });

  test('the healthy root project has no diagnostics of ours but the Hobby warning', async () => {
    const codes = (await ourDiagnostics(workspaceFile('vercel.json'))).map((d) => String(d.code));
    assert.deepEqual([...new Set(codes)].sort(), ['hobby-frequency', 'route-not-found']);
  });

  test('a quick fix applies through executeCodeActionProvider and clears its diagnostic', async () => {
    const uri = workspaceFile('apps/broken/vercel.json');
    const document = await vscode.workspace.openTextDocument(uri);
    const target = (await ourDiagnostics(uri)).find((d) => d.code === 'invalid-schedule');
    assert.ok(target, 'the MON schedule is flagged');
    assert.equal(document.getText(target.range), 'MON');
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
      assert.match(document.getText(), /"schedule": "0 8 \* \* 1"/);
      const after = await ourDiagnostics(uri);
      assert.ok(!after.some((d) => d.code === 'invalid-schedule'), 'the diagnostic is gone');
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('"Move to Vercel Schedules" on a crons entry writes a schedules entry the route still answers, and the route\'s checks carry over', async () => {
    const uri = workspaceFile('vercel.json');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const entry = document.getText().indexOf('{ "path": "/api/cron/open"');
    assert.ok(entry > 0, "the open route's entry is in the root vercel.json");
    const at = new vscode.Range(document.positionAt(entry + 3), document.positionAt(entry + 3));
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        at,
        vscode.CodeActionKind.RefactorRewrite.value,
      );
      const move = actions.find((a) => a.title === 'Move to Vercel Schedules');
      assert.ok(move?.edit, `actions: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(move.kind?.value, vscode.CodeActionKind.RefactorRewrite.value);
      assert.ok(await vscode.workspace.applyEdit(move.edit));
      const moved = JSON.parse(document.getText()) as { crons: { path: string }[]; schedules: Record<string, string>[] };
      assert.deepEqual(
        moved.crons.map((c) => c.path),
        ['/api/cron/cleanup-sessions', '/api/cron/sync'],
      );
      assert.deepEqual(moved.schedules, [
        { name: 'api-cron-open', schedule: '0 5 * * *', path: '/api/cron/open', timezone: 'UTC', requestMethod: 'GET' },
      ]);
      // GET is what the route exports: no route-missing-method; Schedules say once that a run is not retried.
      const codes = (await ourDiagnostics(uri)).map((d) => String(d.code));
      assert.ok(!codes.includes('route-missing-method'), codes.join(', '));
      // Only the sync entry's route is missing, as before the move.
      assert.equal(codes.filter((c) => c === 'route-not-found').length, 1, codes.join(', '));
      assert.ok(codes.includes('schedule-no-retry'), codes.join(', '));
      // A path target is a public route: the open route is still reported, now through the schedule.
      const route = (await ourDiagnostics(workspaceFile('app/api/cron/open/route.ts'))).map((d) => String(d.code));
      assert.ok(route.includes('missing-auth'), route.join(', '));
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('"Create route" (vercel.json) and "Add a GET handler" (the route file) write the route files through the editor', async () => {
    const uri = workspaceFile('apps/broken/vercel.json');
    const diagnostics = await ourDiagnostics(uri);
    const created = workspaceFile('apps/broken/app/api/cron/missing/route.ts');
    const postOnly = workspaceFile('apps/broken/app/api/cron/post-only/route.ts');
    const postOnlyBefore = (await vscode.workspace.openTextDocument(postOnly)).getText();
    try {
      for (const [file, code, title] of [
        [uri, 'route-not-found', 'Create app/api/cron/missing/route.ts'],
        [postOnly, 'route-missing-get', 'Add a GET handler'],
      ] as const) {
        const diagnostic = (file === uri ? diagnostics : await ourDiagnostics(file)).find((d) => d.code === code);
        assert.ok(diagnostic, code);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          file,
          diagnostic.range,
          vscode.CodeActionKind.QuickFix.value,
        );
        const action = actions.find((a) => a.title.startsWith(title));
        assert.ok(action?.edit, `${code}: ${actions.map((a) => a.title).join(' | ')}`);
        assert.ok(await vscode.workspace.applyEdit(action.edit));
      }
      const route = await vscode.workspace.openTextDocument(created);
      assert.match(route.getText(), /export async function GET\(request: Request\)/);
      assert.match(route.getText(), /if \(!cronSecret \|\| !isSameSecret/);
      const fixedRoute = await vscode.workspace.openTextDocument(postOnly);
      assert.match(fixedRoute.getText(), /export const GET = POST;/);
    } finally {
      // The created file is an unsaved editor: close it unsaved before removing it from disk.
      const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === created.fsPath);
      if (open) {
        await vscode.window.showTextDocument(open);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
      await vscode.workspace.fs
        .delete(workspaceFile('apps/broken/app/api/cron/missing'), { recursive: true, useTrash: false })
        .then(undefined, () => undefined);
      const document = await vscode.workspace.openTextDocument(postOnly);
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.equal(document.getText(), postOnlyBefore);
    }
  });

  test('too-many-crons fires for a project with 101 jobs', async () => {
    const uri = workspaceFile('apps/many/vercel.json');
    const crons = Array.from({ length: 101 }, (_, i) => ({ path: `/api/cron/job-${i}`, schedule: '0 3 * * *' }));
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify({ crons }, null, 2)));
    try {
      await vscode.workspace.openTextDocument(uri);
      const codes = (await ourDiagnostics(uri)).map((d) => String(d.code));
      assert.ok(codes.includes('too-many-crons'), codes.join(', '));
    } finally {
      await vscode.workspace.fs.delete(workspaceFile('apps/many'), { recursive: true, useTrash: false });
    }
  });

  test('completion inside "path" offers the app\'s route paths', async () => {
    const uri = workspaceFile('vercel.json');
    const document = await vscode.workspace.openTextDocument(uri);
    const position = document.positionAt(document.getText().indexOf('"/api/cron/sync"') + 2);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('/api/cron/cleanup-sessions'), labels.join(', '));
  });

  test('completion inside "schedule" offers presets with their meaning', async () => {
    const uri = workspaceFile('vercel.json');
    const document = await vscode.workspace.openTextDocument(uri);
    const position = document.positionAt(document.getText().indexOf('"0 3 * * *"') + 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    const preset = list.items.find((i) => i.label === '0 9 * * 1-5');
    assert.ok(preset, 'the weekday preset is offered');
    assert.match(String(preset.detail), /Monday through Friday/);
  });

  test('a CodeLens above each cron entry says when it runs next', async () => {
    const uri = workspaceFile('vercel.json');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.includes('At 03:00 UTC · next in 1 h 12 min'), titles.join(' | '));
    assert.ok(
      titles.some((t) => t.startsWith('Every 15 minutes UTC · next in 12 min')),
      titles.join(' | '),
    );
  });
});
