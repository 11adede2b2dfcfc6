/**
 * The facade's "Trigger Cron Route" (issue #16): the request Vercel's scheduler makes for a cron
 * job, where it may go, and what its answer means, for the CLI's `trigger`, the editor's command
 * and the Node transport that sends it (src/node/trigger). Nothing here reads the workspace or
 * the network: front ends hand in the vercel.json text, the settings and the secret, and the
 * transport hands back an outcome. Which file serves a path comes from the service's `routeTable`.
 */
import { parseJsonc } from '../jsonc';
import { appPathOf, cronJobsOf, type CronJob, privateScheduleTargetsOf, type PrivateScheduleTarget, type RouteLookup } from '../trigger/jobs';

/** The triggerable jobs and private targets of a configuration already parsed (vercel.toml and vercel.ts through the service's parseVercelConfig). */
export { cronJobsOf, privateScheduleTargetsOf };
import { parseVercelJson } from '../vercel/model';
import { RUN_GUARD_EXPORT } from '../wrappers/protocol';

// The jobs: what a quick pick and the lenses show of each, and which of them a route file serves.
export { describeSchedule, findGetHandler, jobsServedBy, privateTargetExplanation, type CronJob, type PrivateScheduleTarget, type RouteLookup } from '../trigger/jobs';
export { RUN_ANYWAY_HEADER } from '../wrappers/protocol';

// The request: its base URL (setting or flag), the request itself, and the loopback gate a remote host must pass.
export { parseBaseUrl, resolveBaseUrl, type BaseUrlResult } from '../trigger/baseUrl';
export { buildCronRequest, unsendableHeader, type CronRequest } from '../trigger/request';
export { displayHost, hostMatches, isLoopbackAddress } from '../trigger/loopback';
export type { SecretSource } from '../trigger/secret';
// A QStash delivery (#20): its request, the claims the Node signer signs, the keys it needs, its answer.
export {
  buildQStashRequest,
  CURRENT_SIGNING_KEY,
  describeQStashKeys,
  explainQStashOutcome,
  isQStashMethod,
  missingSigningKeyExplanation,
  NEXT_SIGNING_KEY,
  qstashClaims,
  QSTASH_SIGNATURE_HEADER,
  type QStashKeySource,
  type QStashMethod,
} from '../trigger/qstash';

// The answer, as the transport reports it (its failure codes, how much body it reads) and as the user reads it.
export { bodyReadLimit, CANCELLED, INVALID_HEADER_VALUE, NOT_LOOPBACK, TIMEOUT, type HttpOutcome } from '../trigger/outcome';
export { explainOutcome, verdictLine, type Explanation as OutcomeExplanation } from '../trigger/explain';
export { formatTriggerJson, formatTriggerReport, toTriggerJson, type TriggerJson } from '../trigger/result';
/** Every form of the secret masked: over any text a run shows (it may quote what the route answered). */
export { redactSecret } from '../trigger/redact';

// The session around runs: recent choices first, the last runs of each job, the dev server's command.
export { formatRuns, pushRecent, recentFirst, RunHistory } from '../trigger/history';
export { devServerCommand } from '../trigger/devCommand';

/** The jobs of one vercel.json text that can be triggered (a path and a schedule, both strings): crons, then Schedules path targets. */
export function cronJobsIn(vercelJsonText: string): CronJob[] {
  return cronJobsOf(parseVercelJson(vercelJsonText));
}

/** The Schedules function targets of one vercel.json text: private, so Trigger explains them instead of sending. */
export function privateScheduleTargetsIn(vercelJsonText: string): PrivateScheduleTarget[] {
  return privateScheduleTargetsOf(parseVercelJson(vercelJsonText));
}

/** The project-relative route file that serves a cron path, by the project's route table; undefined when none does. */
export function routeFileOf(cronPath: string, project: RouteLookup): string | undefined {
  const appPath = appPathOf(cronPath, project.config.basePath);
  return appPath === undefined ? undefined : project.matchRoute(appPath)?.file;
}

/** Whether a route file's text wraps its handler in the duplicate-run guard, so that "run anyway" means something. */
export function routeHasRunGuard(routeText: string): boolean {
  return routeText.includes(`${RUN_GUARD_EXPORT}(`);
}

/**
 * `nextCronRoutes.baseUrl` and `nextCronRoutes.triggerTimeoutSeconds` as a settings.json text
 * (JSONC) sets them, flat or nested, unvalidated: the CLI targets what the editor targets.
 */
export function triggerSettingsIn(settingsJsonText: string): { baseUrl: unknown; timeoutSeconds: unknown } {
  const json: unknown = parseJsonc(settingsJsonText);
  const flat = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const nested = flat.nextCronRoutes && typeof flat.nextCronRoutes === 'object' ? (flat.nextCronRoutes as Record<string, unknown>) : {};
  return { baseUrl: flat['nextCronRoutes.baseUrl'] ?? nested.baseUrl, timeoutSeconds: flat['nextCronRoutes.triggerTimeoutSeconds'] ?? nested.triggerTimeoutSeconds };
}
