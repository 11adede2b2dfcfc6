import * as path from 'node:path';
import * as vscode from 'vscode';
import { type Fix, groupVariants } from '../core/service';
import { APPLY_VARIANT_COMMAND, type VariantChoice } from './fixVariants';
import { DIAGNOSTIC_SOURCE } from './vercelDiagnostics';

/** Turns a core fix into a WorkspaceEdit: edits to vercel.json, new files, edits elsewhere. */
export async function toWorkspaceEdit(document: vscode.TextDocument, fix: Fix, root = path.dirname(document.uri.fsPath)): Promise<vscode.WorkspaceEdit> {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  }
  for (const created of fix.createFiles ?? []) {
    // createFile's `contents` does not survive every round trip (a code action returned by
    // executeCodeActionProvider and applied later): create, then insert the text.
    const uri = vscode.Uri.file(path.join(root, created.file));
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), created.content);
  }
  for (const other of fix.fileEdits ?? []) {
    const target = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, other.file)));
    for (const e of other.edits) {
      edit.replace(target.uri, new vscode.Range(target.positionAt(e.offset), target.positionAt(e.offset + e.length)), e.content);
    }
  }
  return edit;
}

/** A fix as a code action; alternatives become one action whose command asks which. */
export async function toCodeAction(document: vscode.TextDocument, entry: Fix | Fix[], root: string, kind: vscode.CodeActionKind): Promise<vscode.CodeAction> {
  if (Array.isArray(entry)) {
    const action = new vscode.CodeAction(entry[0]!.title, kind);
    const choice: VariantChoice = { fixes: entry, toEdit: (fix) => toWorkspaceEdit(document, fix, root) };
    action.command = { title: entry[0]!.title, command: APPLY_VARIANT_COMMAND, arguments: [choice] };
    return action;
  }
  const action = new vscode.CodeAction(entry.title, kind);
  action.isPreferred = entry.preferred ?? false;
  action.edit = await toWorkspaceEdit(document, entry, root);
  return action;
}

/** Where the fixes of a diagnostic's finding are asked for (the core's facade, through the diagnostics that showed it). */
export interface FindingSource {
  fixesFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Fix[];
}

/** Quick fixes for our diagnostics, straight from the rules' fixes. */
export class FindingCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly source: FindingSource,
    /** The project root a fix's other files are relative to. */
    private readonly rootOf: (document: vscode.TextDocument) => string | undefined = (d) => path.dirname(d.uri.fsPath),
  ) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const fixes = this.source.fixesFor(document, diagnostic);
      const root = this.rootOf(document);
      for (const entry of root ? groupVariants(fixes) : []) {
        const action = await toCodeAction(document, entry, root!, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    return actions;
  }
}
