import * as vscode from 'vscode';
import { loadCronSecret, type LoadedSecret } from '../../node/trigger/envFiles';
import type { TriggerJob } from './jobs';

const KEY_PREFIX = 'nextCronRoutes.cronSecret:';

function storageKey(job: TriggerJob): string {
  return `${KEY_PREFIX}${job.appDir}`;
}

/**
 * The CRON_SECRET for a run: the app's env files in Next's order, then VS Code secret storage.
 * Untrusted workspaces read neither (their env files are the workspace's to write, and a
 * stored secret must not go where an untrusted workspace points). An env file that sets an
 * empty value wins, as it does for the dev server.
 */
export async function secretFor(job: TriggerJob, trusted: boolean, storage: vscode.SecretStorage): Promise<LoadedSecret> {
  if (!trusted) return { value: undefined, source: { kind: 'untrusted' } };
  const fromFiles = await loadCronSecret(job.appDir);
  if (fromFiles.source.kind !== 'none') return fromFiles;
  const stored = await storage.get(storageKey(job));
  return stored ? { value: stored, source: { kind: 'secret-storage', length: stored.length } } : fromFiles;
}

/** Asks for a secret (masked input) and stores it for the app; true when stored. */
export async function promptAndStoreSecret(job: TriggerJob, storage: vscode.SecretStorage): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: `CRON_SECRET for ${job.appFolder || 'the workspace app'}`,
    prompt: 'Stored in VS Code secret storage and sent when no env file of the app sets CRON_SECRET. Use the value your dev server reads.',
    password: true,
    ignoreFocusOut: true,
    // Vercel refuses secrets with whitespace (INVALID_CRON_SECRET); a pasted newline is the usual cause.
    validateInput: (text) => (!text ? 'Enter the secret' : /\s/.test(text) ? 'CRON_SECRET cannot contain spaces or line breaks' : undefined),
  });
  if (!value) return false;
  await storage.store(storageKey(job), value);
  return true;
}
