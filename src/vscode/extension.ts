import * as vscode from 'vscode';
import { Clock } from './clock';
import { VercelCodeLensProvider } from './codeLensProvider';
import { VercelCompletionProvider } from './completionProvider';
import { type ExplainPickState, explainPickState, registerExplainCommand } from './explainCommand';
import { VercelHoverProvider } from './hoverProvider';
import { Projects } from './projects';
import { registerTrigger } from './trigger';
import { activeJobPickItem } from './trigger/quickPick';
import type { DevServerDownState } from './trigger/devServerStatus';
import { RouteDiagnostics } from './routeDiagnostics';
import { registerVariantCommand } from './fixVariants';
import { FindingCodeActions } from './vercelCodeActions';
import { VercelDiagnostics } from './vercelDiagnostics';
import { VercelDocs } from './vercelDocs';

/** vercel.json in any folder, whichever JSON flavour the user's editor assigns it. */
export const VERCEL_JSON: vscode.DocumentSelector = [
  { language: 'json', pattern: '**/vercel.json' },
  { language: 'jsonc', pattern: '**/vercel.json' },
];

/** Route handlers and their helpers, where route diagnostics and fixes live. */
export const ROUTE_FILES: vscode.DocumentSelector = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ language, scheme: 'file' }));

/** What the extension exports, for tests and other extensions. */
export interface NextCronRoutesApi {
  /** Pins "now" for relative times (tests); `undefined` restores the real clock. */
  setClock(instant: string | undefined): void;
  /** Resolves when the document's diagnostics (and its project's route diagnostics) reflect its current text. */
  whenAnalysed(uri: string): Promise<void>;
  /** The highlighted item of Trigger Cron Route's open quick pick (label), for tests that navigate it. */
  activeJobPickItem(): string | undefined;
  /** The "Cron dev server down — Start & Retry" status bar item while it is shown. */
  devServerDown(): DevServerDownState | undefined;
  /** Explain Cron Schedule's open picker (its input and highlighted scheduler), for tests that drive it. */
  explainPick(): ExplainPickState | undefined;
}

/** Registers providers and commands only: the app's files are read on first need. */
export function activate(context: vscode.ExtensionContext): NextCronRoutesApi {
  const clock = new Clock();
  const projects = new Projects(clock);
  const docs = new VercelDocs();
  const diagnostics = new VercelDiagnostics(projects, docs);
  const routeDiagnostics = new RouteDiagnostics(projects);
  const codeLenses = new VercelCodeLensProvider(projects);
  const minuteTimer = setInterval(() => codeLenses.refresh(), 60_000);
  minuteTimer.unref?.();
  context.subscriptions.push(
    projects,
    diagnostics,
    routeDiagnostics,
    { dispose: () => clearInterval(minuteTimer) },
    vscode.languages.registerHoverProvider(VERCEL_JSON, new VercelHoverProvider(projects)),
    vscode.languages.registerCodeActionsProvider(VERCEL_JSON, new FindingCodeActions(diagnostics), { providedCodeActionKinds: FindingCodeActions.kinds }),
    vscode.languages.registerCodeActionsProvider(ROUTE_FILES, new FindingCodeActions(routeDiagnostics, (d) => routeDiagnostics.rootFor(d)), {
      providedCodeActionKinds: FindingCodeActions.kinds,
    }),
    vscode.languages.registerCompletionItemProvider(VERCEL_JSON, new VercelCompletionProvider(projects), '"', '/'),
    vscode.languages.registerCodeLensProvider(VERCEL_JSON, codeLenses),
    registerExplainCommand(clock),
    registerVariantCommand(),
  );
  const trigger = registerTrigger(context, { clock, projects, docs });
  return {
    setClock: (instant) => {
      clock.pin(instant);
      codeLenses.refresh();
    },
    activeJobPickItem,
    devServerDown: () => trigger.devServerDown(),
    explainPick: explainPickState,
    whenAnalysed: async (uri) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)));
      await diagnostics.analyse(document);
      await routeDiagnostics.analyseAround(document.uri);
    },
  };
}

export function deactivate(): void {}
