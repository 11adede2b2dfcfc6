/**
 * What the editor tests of every run ask of the workspace and the extension: a workspace file's
 * URI, the extension's test API (a pinned clock, "analysed" for a document), and our diagnostics
 * of a file once the server has answered for its current text.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'next-cron-routes.next-cron-routes';

export interface Api {
  setClock(instant: string | undefined): void;
  whenAnalysed(uri: string): Promise<void>;
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.file(path.join(folder.uri.fsPath, name));
}

export async function api(): Promise<Api> {
  const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(extension);
  return extension.activate();
}

export async function ourDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  await (await api()).whenAnalysed(uri.toString());
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'next-cron-routes');
}

/** The text of the hovers two characters into the first occurrence of `needle` in `document`. */
export async function hoverAt(document: vscode.TextDocument, needle: string): Promise<string> {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, needle);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset + 2));
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/**
 * A request to the editor, made again when the editor cancels it: it cancels a code-action or
 * show-document request when the file's diagnostics are published anew or another editor opens
 * while it runs (the server publishes a project's findings for files not open after each
 * analysis), which is no answer of ours. Any other error, or a fifth cancel, is thrown.
 */
export async function unlessCanceled<T>(request: () => Thenable<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= 5 || !(error instanceof Error) || error.message !== 'Canceled') throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The code actions of `kind` at `range` (see unlessCanceled). */
export function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  return unlessCanceled(() => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind.value));
}
