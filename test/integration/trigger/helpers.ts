// Shared by the trusted (trigger/) and untrusted (trigger-untrusted/) editor runs.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'next-cron-routes.next-cron-routes';
export const TRIGGER = 'nextCronRoutes.triggerCronRoute';
export const CHANNEL = 'Next Cron Routes: Trigger';
export const LOCAL_SECRET = 'from-env-local-7f3c9a1e5b2d4c6e';
export const DOT_ENV_SECRET = 'from-dot-env-0000000000000000';

/** The `trigger --json` shape the command resolves to. */
export interface TriggerJson {
  path: string;
  url: string;
  status: number | null;
  error: string | null;
  durationMs: number;
  headers: Record<string, string>;
  body: string | null;
  bodyTruncated: boolean;
  explanation: string;
}

/** Activates the extension; its folder is the repository (extensionDevelopmentPath). */
export async function activate(): Promise<string> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, 'the extension is loaded');
  await extension.activate();
  return extension.extensionPath;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return folder.uri.fsPath;
}

export async function setUserSetting(key: 'baseUrl' | 'triggerTimeoutSeconds', value: unknown): Promise<void> {
  // User settings (the run's fresh profile): nothing is written into the fixture.
  await vscode.workspace.getConfiguration('nextCronRoutes').update(key, value, vscode.ConfigurationTarget.Global);
}

export function trigger(arg: unknown): Thenable<TriggerJson | undefined> {
  return vscode.commands.executeCommand<TriggerJson | undefined>(TRIGGER, arg);
}

/** Polls `probe` until it returns a value (bounded): for state the editor updates asynchronously. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let interval = 20;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(interval * 2, 250);
  }
}

interface Api {
  setClock(instant: string | undefined): void;
}

let runCounter = 0;

/**
 * Pins the extension's clock to a fresh instant before each run, so the run's block in the
 * output channel has a header no other run has: `[<instant>] <path>`.
 */
export async function nextRunStamp(): Promise<string> {
  const stamp = new Date(Date.UTC(2026, 10, 28, 12, 0, 0, ++runCounter)).toISOString();
  (await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate()).setClock(stamp);
  return stamp;
}

/** Runs the command with a pinned clock; returns its result and the stamp of its output block. */
export async function triggerStamped(arg: unknown): Promise<{ result: TriggerJson | undefined; stamp: string }> {
  const stamp = await nextRunStamp();
  return { result: await trigger(arg), stamp };
}

/**
 * The block a run wrote to our output channel, read the way a user sees it: the command shows
 * the channel, and "Output: Open Output in Editor" opens what the Output view holds. The view
 * fills asynchronously, so this polls (bounded) until the block with `stamp` is complete.
 */
export async function outputBlock(stamp: string): Promise<{ block: string; text: string }> {
  return eventually(async () => {
    await vscode.commands.executeCommand('workbench.action.openActiveLogOutputFile');
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.scheme !== 'output' || !decodeURIComponent(editor.document.uri.toString()).includes(CHANNEL)) return undefined;
    const text = editor.document.getText();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const start = text.indexOf(`[${stamp}] `);
    if (start === -1) return undefined;
    // A block ends with its verdict (✔/✘ …) or "Not sent: …", maybe a next step (→ …), then an empty line.
    const match = /^(?:[✔✘] |Not sent: ).*\n(?:→ .*\n)*\n/m.exec(text.slice(start));
    return match ? { block: text.slice(start, start + match.index + match[0].length), text } : undefined;
  }, `the output block [${stamp}]`, 15_000);
}

/** A non-loopback IPv4 address of this machine, so "another host" needs no network. */
export function externalAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}
