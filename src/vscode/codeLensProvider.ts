import * as vscode from 'vscode';
import { getCodeLenses } from '../core/vercel/codeLens';
import type { Clock } from './clock';
import { toVsRange } from './convert';
import { getSettings } from './settings';
import type { VercelDocs } from './vercelDocs';

/** "At 03:00 UTC · next in 5 h 12 min" above each cron entry. */
export class VercelCodeLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(
    private readonly clock: Clock,
    private readonly docs: VercelDocs,
  ) {}

  /** Relative times go stale; the adapter refreshes them each minute while a vercel.json is open. */
  refresh(): void {
    this.emitter.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const settings = getSettings(document.uri);
    return getCodeLenses(this.docs.get(document), settings.plan, this.clock.now()).map(
      (lens) => new vscode.CodeLens(toVsRange(document, lens.span), { title: lens.title, command: '' }),
    );
  }
}
