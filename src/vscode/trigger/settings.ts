import * as vscode from 'vscode';
import { type BaseUrlResult, resolveBaseUrl } from '../../core/facade/trigger';
import type { TriggerJob } from './jobs';

export const DEFAULT_TIMEOUT_SECONDS = 60;

/**
 * `nextCronRoutes.baseUrl` for a job. In an untrusted workspace only the user's own value (or
 * the default) counts: the workspace's settings.json must not choose where requests go, since
 * it could aim them at another service on this machine. (What `restrictedConfigurations`
 * does for settings a manifest lists.)
 */
export function baseUrlFor(job: TriggerJob, trusted: boolean): BaseUrlResult {
  const config = vscode.workspace.getConfiguration('nextCronRoutes', job.vercelJson);
  if (trusted) return resolveBaseUrl(config.get('baseUrl'), job.appFolder);
  const inspected = config.inspect('baseUrl');
  const result = resolveBaseUrl(inspected?.globalValue ?? inspected?.defaultValue, job.appFolder);
  const ignored = inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
  if (!result.ok || !ignored) return result;
  const note = "the workspace's nextCronRoutes.baseUrl is ignored until the workspace is trusted";
  return { ...result, warning: result.warning ? `${result.warning}; ${note}` : note };
}

export function timeoutSecondsFor(job: TriggerJob): number {
  const value = vscode.workspace.getConfiguration('nextCronRoutes', job.vercelJson).get<unknown>('triggerTimeoutSeconds');
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT_SECONDS;
}
