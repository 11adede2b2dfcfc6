import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'next-cron-routes.next-cron-routes';

interface Api {
  setClock(instant: string | undefined): void;
  whenAnalysed(uri: string): Promise<void>;
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

/** Resolves once the extension has activated by itself (workspaceContains:vercel.json). */
async function whenActive(extension: vscode.Extension<Api>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!extension.isActive) {
    if (Date.now() > deadline) throw new Error(`${EXTENSION_ID} did not activate within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/**
 * One hover as VS Code renders it: the messages (and codes) of the diagnostics under the cursor,
 * then the providers' Markdown.
 */
async function renderedHover(uri: vscode.Uri, position: vscode.Position): Promise<{ markers: string[]; markdown: string; shown: string }> {
  const markdown = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position));
  const markers = vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.range.contains(position))
    .map((d) => `${d.message} ${String(d.code ?? '')}`);
  return { markers, markdown, shown: [...markers, markdown].join('\n') };
}

suite('Foundation: activation and schedule hover', () => {
  let api: Api;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await whenActive(extension, 15_000);
    api = extension.exports;
    // 01:48 UTC: the 03:00 UTC run is 1 h 12 min away, whatever the machine's clock says.
    api.setClock('2026-11-28T01:48:00Z');
  });

  suiteTeardown(() => api?.setClock(undefined));

  test('activates in a workspace with a vercel.json, without being asked', () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  test('hover on a schedule shows the description and next runs in UTC and the display zone', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('vercel.json'));
    await vscode.window.showTextDocument(document);
    const offset = document.getText().indexOf('0 3 * * *') + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset));
    const text = hoverText(hovers);
    assert.match(text, /At 03:00/);
    assert.match(text, /in 1 h 12 min/);
    assert.match(text, /Sat 2026-11-28 03:00/);
    // America/New_York from the workspace's nextCronRoutes.displayTimeZone.
    assert.match(text, /Fri 2026-11-27 22:00 UTC-05:00/);
    assert.match(text, /Sun 2026-11-29 03:00/);
    assert.match(text, /anywhere between 03:00 and 03:59 UTC/);
  });

  test('hover on a too-frequent schedule warns about the Hobby plan', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('vercel.json'));
    const offset = document.getText().indexOf('*/15 * * * *') + 1;
    await api.whenAnalysed(document.uri.toString());
    const { markdown, shown } = await renderedHover(document.uri, document.positionAt(offset));
    assert.match(markdown, /Every 15 minutes/);
    assert.match(markdown, /in 12 min/);
    assert.equal(shown.match(/hobby-frequency/g)?.length, 1, shown);
    assert.match(shown, /On the Hobby plan this deploy would fail/);
  });

  test('plan hobby: the hover VS Code shows says hobby-frequency once, and its source is a well-formed link', async () => {
    const uri = workspaceFile('vercel.json');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const config = vscode.workspace.getConfiguration('nextCronRoutes', uri);
    const before = config.inspect('plan')?.workspaceValue;
    await config.update('plan', 'hobby', vscode.ConfigurationTarget.Workspace);
    try {
      await api.whenAnalysed(uri.toString());
      const start = document.getText().indexOf('*/15 * * * *');
      const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'hobby-frequency');
      assert.ok(diagnostic, 'hobby-frequency is a diagnostic on hobby');
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      // Inside the flagged fields (the diagnostic's message is part of the hover) and on the last
      // field, outside them (only our Markdown can say it there).
      for (const offset of [start + 1, start + '*/15 * * * '.length]) {
        const { markers, markdown, shown } = await renderedHover(uri, document.positionAt(offset));
        assert.equal(shown.match(/allows cron jobs at most once a day/g)?.length, 1, `offset ${offset}:\n${shown}`);
        assert.match(markdown, /Every 15 minutes/);
        for (const [, url] of markdown.matchAll(/\]\(([^)]*)\)/g)) {
          assert.doesNotThrow(() => new URL(url!), `a link to ${url}`);
          assert.doesNotMatch(url!, /\\/, `no escape inside the address ${url}`);
        }
        assert.doesNotMatch(markdown, /pricing\\?\)\\\./, 'no escaped punctuation glued to the address');
        if (markers.length === 0) assert.match(markdown, /\]\(https:\/\/vercel\.com\/docs\/cron-jobs\/usage-and-pricing\)/);
      }
    } finally {
      await config.update('plan', before, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('hover on a cron path shows the route file, its handlers and maxDuration', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('vercel.json'));
    const served = document.getText().indexOf('/api/cron/cleanup-sessions') + 3;
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(served)));
    assert.match(text, /app\/api\/cron\/cleanup-sessions\/route\.ts/);
    assert.match(text, /Exports: \*\*GET\*\*/);
    assert.match(text, /maxDuration/);
    const missing = document.getText().indexOf('/api/cron/sync') + 3;
    const missingText = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(missing)));
    assert.match(missingText, /No route file serves/);
    assert.doesNotMatch(missingText, /Next run/);
  });

  test('the contributed vercel.json schema offers cron entry properties with descriptions', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('vercel.json'));
    const editor = await vscode.window.showTextDocument(document);
    const original = document.getText();
    const draft = '{ "crons": [ {  } ] }';
    try {
      await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(0), document.positionAt(original.length)), draft));
      const position = document.positionAt(draft.indexOf('{  }') + 2);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
      const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label).replace(/"/g, ''));
      assert.ok(labels.includes('path'), `completions: ${labels.join(', ')}`);
      assert.ok(labels.includes('schedule'), `completions: ${labels.join(', ')}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(document.getText(), original);
  });

  test('"Explain Cron Schedule" explains an expression passed as an argument', async () => {
    const text = await vscode.commands.executeCommand<string>('nextCronRoutes.explainSchedule', { expression: '0 0 * * MON' });
    assert.match(text, /invalid-schedule/);
    assert.match(text, /Write 1 instead/);
  });
});
