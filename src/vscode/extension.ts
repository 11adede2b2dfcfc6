import * as vscode from 'vscode';
import { Clock } from './clock';
import { registerExplainCommand } from './explainCommand';
import { ScheduleHoverProvider } from './hoverProvider';

/** vercel.json in any folder, whichever JSON flavour the user's editor assigns it. */
export const VERCEL_JSON: vscode.DocumentSelector = [
  { language: 'json', pattern: '**/vercel.json' },
  { language: 'jsonc', pattern: '**/vercel.json' },
];

/** What the extension exports, for tests and other extensions. */
export interface NextCronRoutesApi {
  /** Pins "now" for relative times (tests); `undefined` restores the real clock. */
  setClock(instant: string | undefined): void;
}

/** Registers providers and commands only: no workspace scan, no parsing at activation. */
export function activate(context: vscode.ExtensionContext): NextCronRoutesApi {
  const clock = new Clock();
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(VERCEL_JSON, new ScheduleHoverProvider(clock)),
    registerExplainCommand(clock),
  );
  return { setClock: (instant) => clock.pin(instant) };
}

export function deactivate(): void {}
