import * as vscode from 'vscode';
import type { Fix } from '../core/vercel/rules/types';

export const APPLY_VARIANT_COMMAND = 'nextCronRoutes.applyFixVariant';

/** What the lightbulb hands the command: the alternatives and how to turn one into an edit. */
export interface VariantChoice {
  fixes: Fix[];
  toEdit(fix: Fix): Promise<vscode.WorkspaceEdit>;
}

/**
 * Alternatives of one action (a duplicate-run guard per store) become one code action; when
 * several fit, a quick pick asks which. Others are offered as they are.
 */
export function groupVariants(fixes: readonly Fix[]): (Fix | Fix[])[] {
  const out: (Fix | Fix[])[] = [];
  const groups = new Map<string, Fix[]>();
  for (const fix of fixes) {
    if (!fix.variant) {
      out.push(fix);
      continue;
    }
    let group = groups.get(fix.variant.group);
    if (!group) {
      group = [];
      groups.set(fix.variant.group, group);
      out.push(group);
    }
    group.push(fix);
  }
  // A group that need not ask is its first (default) variant.
  return out.map((entry) => (Array.isArray(entry) && !entry.some((f) => f.variant?.ask) ? entry[0]! : entry));
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
