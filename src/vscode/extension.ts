import * as vscode from 'vscode';
import { Clock } from './clock';
import { type ExplainPickState, explainPickState, registerExplainCommand } from './explainCommand';
import { registerVariantCommand } from './fixVariants';
import { startServerClient } from './server';
import { registerTrigger } from './trigger';
import { activeJobPickItem } from './trigger/quickPick';
import type { DevServerDownState } from './trigger/devServerStatus';

/** What the extension exports, for tests and other extensions. */
export interface NextCronRoutesApi {
  /** Pins "now" for relative times (tests); `undefined` restores the real clock. */
  setClock(instant: string | undefined): void;
  /** Resolves when the document's diagnostics reflect its current text. */
  whenAnalysed(uri: string): Promise<void>;
  /** The highlighted item of Trigger Cron Route's open quick pick (label), for tests that navigate it. */
  activeJobPickItem(): string | undefined;
  /** The "Cron dev server down — Start & Retry" status bar item while it is shown. */
  devServerDown(): DevServerDownState | undefined;
  /** Explain Cron Schedule's open picker (its input and highlighted scheduler), for tests that drive it. */
  explainPick(): ExplainPickState | undefined;
}

/**
 * Registers the commands and schedules the language client's start, nothing more: hovers,
 * diagnostics, completion, CodeLens and code actions come from the language server (src/lsp/)
 * in its own process, and the commands that need the editor's UI ask it for data. The returned
 * promise settles once the server has answered `initialize`, so the editor's first requests
 * find its providers registered.
 */
export function activate(context: vscode.ExtensionContext): Promise<NextCronRoutesApi> {
  const clock = new Clock();
  const server = startServerClient(context);
  context.subscriptions.push(registerExplainCommand(clock), registerVariantCommand(server));
  const trigger = registerTrigger(context, { clock, server });
  const api: NextCronRoutesApi = {
    setClock: (instant) => {
      clock.pin(instant);
      void server.then((client) => client.setClock(instant));
    },
    activeJobPickItem,
    devServerDown: () => trigger.devServerDown(),
    explainPick: explainPickState,
    whenAnalysed: async (uri) => (await server).whenAnalysed(vscode.Uri.parse(uri)),
  };
  return server.then(
    () => api,
    (error: unknown) => {
      // The commands still work without the server; the client's own channel says why it failed.
      console.error(`next-cron-routes: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      return api;
    },
  );
}

export function deactivate(): void {}
