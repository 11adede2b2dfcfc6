import { RUN_ANYWAY_HEADER } from '../wrappers/protocol';
import { isLoopbackHostname } from './loopback';

/** What Vercel's scheduler sends (platform-facts §1.4); nothing else, so local runs match production. */
export const CRON_USER_AGENT = 'vercel-cron/1.0';

export interface CronRequest {
  method: 'GET';
  url: URL;
  /** Lower-case names, in the order they are sent. */
  headers: Record<string, string>;
  loopback: boolean;
}

export interface CronRequestInput {
  baseUrl: URL;
  /** The cron path exactly as vercel.json writes it, query string included. */
  path: string;
  schedule: string;
  /** Sent as `Authorization: Bearer …` only when non-empty, as Vercel does when CRON_SECRET is set. */
  secret: string | undefined;
  /** Asks a duplicate-run guard to run this slot again; the guard honours it only with the secret, so it is sent only with it. */
  runAnyway?: boolean;
}

/**
 * The request a Vercel cron run makes: GET `<base><path>` with the user agent, the schedule
 * header and the bearer secret. The path is appended as text (never resolved as a relative
 * URL), so a path such as `//evil.example/x` cannot change the host.
 */
export function buildCronRequest(input: CronRequestInput): { ok: true; request: CronRequest } | { ok: false; error: string } {
  if (!input.path.startsWith('/')) return { ok: false, error: `the cron path "${input.path}" must start with "/", as Vercel requires` };
  const base = input.baseUrl;
  const url = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${input.path}`);
  if (url.host !== base.host) return { ok: false, error: `the cron path "${input.path}" changes the host` };
  const headers: Record<string, string> = {
    'user-agent': CRON_USER_AGENT,
    'x-vercel-cron-schedule': input.schedule,
  };
  if (input.secret) headers.authorization = `Bearer ${input.secret}`;
  if (input.secret && input.runAnyway) headers[RUN_ANYWAY_HEADER] = '1';
  return { ok: true, request: { method: 'GET', url, headers, loopback: isLoopbackHostname(url.hostname) } };
}
