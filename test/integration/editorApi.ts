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
