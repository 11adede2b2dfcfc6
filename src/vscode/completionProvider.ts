import * as vscode from 'vscode';
import { toVsRange } from './convert';
import { Projects } from './projects';

/** Route paths inside `path`, plan-valid presets inside `schedule` (the core's facade answers). */
export class VercelCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly projects: Projects) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const file = Projects.fileOf(document.uri);
    if (file === undefined) return [];
    await this.projects.ready(file);
    const result = this.projects.service.completion(file, document.offsetAt(position));
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
