import * as vscode from 'vscode';
import type { Fix } from '../core/service';

export const APPLY_VARIANT_COMMAND = 'nextCronRoutes.applyFixVariant';

/** What the lightbulb hands the command: the alternatives and how to turn one into an edit. */
export interface VariantChoice {
  fixes: Fix[];
  toEdit(fix: Fix): Promise<vscode.WorkspaceEdit>;
}

export function registerVariantCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(APPLY_VARIANT_COMMAND, async (choice: VariantChoice) => {
    const picked = await vscode.window.showQuickPick(
      choice.fixes.map((fix) => ({ label: fix.variant?.label ?? fix.title, fix })),
      { title: choice.fixes[0]?.title.replace(/…$/, ''), placeHolder: 'Where should the guard keep its claims?' },
    );
    if (!picked) return false;
    return vscode.workspace.applyEdit(await choice.toEdit(picked.fix));
  });
}
