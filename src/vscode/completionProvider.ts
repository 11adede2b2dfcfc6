import * as vscode from 'vscode';
import { getCompletions } from '../core/vercel/completion';
import type { Clock } from './clock';
import { toVsRange } from './convert';
import type { Projects } from './projects';
import { getSettings } from './settings';

/** Route paths inside `path`, plan-valid presets inside `schedule`. */
export class VercelCompletionProvider implements vscode.CompletionItemProvider {
  constructor(
    private readonly clock: Clock,
    private readonly projects: Projects,
  ) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const project = await this.projects.forVercelJson(document.uri);
    const settings = getSettings(document.uri);
    const result = getCompletions(document.getText(), document.offsetAt(position), project, settings.plan, this.clock.now());
    return result.items.map((item) => {
      const completion = new vscode.CompletionItem(item.label, vscode.CompletionItemKind.Value);
      completion.insertText = item.insertText;
      completion.detail = item.detail;
      completion.sortText = item.sortText;
      // Filter against the whole quoted string the user has typed so far.
      completion.filterText = item.insertText;
      if (result.replace) completion.range = toVsRange(document, result.replace);
      return completion;
    });
  }
}
