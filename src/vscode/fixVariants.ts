import * as vscode from 'vscode';
import { APPLY_VARIANT_COMMAND, type VariantChoiceArgument } from './protocol';
import type { ServerClient } from './server';

/**
 * The lightbulb's command for a fix with alternatives: the server sends every choice's edit
 * (src/lsp/protocol.ts), the picker asks which.
 */
export function registerVariantCommand(server: Promise<ServerClient>): vscode.Disposable {
  return vscode.commands.registerCommand(APPLY_VARIANT_COMMAND, async (choice: VariantChoiceArgument) => {
    const picked = await vscode.window.showQuickPick(
      choice.choices.map((each) => ({ label: each.label, edit: each.edit })),
      { title: choice.title.replace(/…$/, ''), placeHolder: 'Where should the guard keep its claims?' },
    );
    if (!picked) return false;
    return vscode.workspace.applyEdit(await (await server).asWorkspaceEdit(picked.edit));
  });
}
