import * as vscode from 'vscode';
import { toVsRange } from './convert';
import { Projects } from './projects';

/** "At 03:00 UTC · next in 5 h 12 min" above each cron entry (the core's facade answers). */
export class VercelCodeLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(private readonly projects: Projects) {}

  /** Relative times go stale; the adapter refreshes them each minute while a vercel.json is open. */
  refresh(): void {
    this.emitter.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const file = Projects.fileOf(document.uri);
    if (file === undefined) return [];
    await this.projects.ready(file);
    return this.projects.service.codeLenses(file).map((lens) => new vscode.CodeLens(toVsRange(document, lens.span), { title: lens.title, command: '' }));
  }
}
