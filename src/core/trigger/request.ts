import { RUN_ANYWAY_HEADER } from '../wrappers/protocol';
import { isLoopbackHostname } from './loopback';
import { MIN_SECRET_LENGTH } from './redact';

/** What Vercel's scheduler sends (platform-facts §1.4); nothing else, so local runs match production. */
export const CRON_USER_AGENT = 'vercel-cron/1.0';

export interface CronRequest {
  /** Vercel Cron: GET; a Schedules path target: its `requestMethod`, POST by default; a QStash delivery: its schedule's method. */
  method: string;
  url: URL;
  /** Lower-case names, in the order they are sent. */
  headers: Record<string, string>;
  loopback: boolean;
}

export interface CronRequestInput {
  baseUrl: URL;
  /** The cron path exactly as vercel.json writes it, query string included. */
  path: string;
  /** What the scheduler sends: GET for a cron job (the default), a Schedules path target's own method. */
  method?: 'GET' | 'POST';
  schedule: string;
  /** Sent as `Authorization: Bearer …` only when non-empty, as Vercel does when CRON_SECRET is set. */
  secret: string | undefined;
  /** Asks a duplicate-run guard to run this slot again; the guard honours it only with the secret, so it is sent only with it. */
  runAnyway?: boolean;
}

/** What a header value may hold, as Node's http checks it before sending: tab, printable ASCII, Latin-1's upper half. */
const INVALID_HEADER_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
/** A header name is an HTTP token (RFC 9110), as Node checks it. */
const HTTP_TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;

/** A header Node's http would refuse to send (it throws ERR_INVALID_CHAR), and why, in words. */
export interface UnsendableHeader {
  header: string;
  /** Never quotes the secret: for `authorization` it does not even name the character. */
  message: string;
}

function describeChar(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (char === '\n') return `a line feed (${hex})`;
  if (char === '\r') return `a carriage return (${hex})`;
  if (code < 0x20 || code === 0x7f) return `a control character (${hex})`;
  return `"${char}" (${hex}), beyond the Latin-1 characters a header can hold`;
}

/**
 * The first header of a request that cannot go on the wire, checked with the rules Node's http
 * applies (validateHeaderName, validateHeaderValue): a schedule ending in a copied line break,
 * a secret with "€". The request layer sends nothing then, and answers as for no response.
 */
export function unsendableHeader(headers: Readonly<Record<string, string>>): UnsendableHeader | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (!HTTP_TOKEN.test(name)) return { header: name, message: `${JSON.stringify(name)} is not a valid header name` };
    const bad = INVALID_HEADER_VALUE_CHAR.exec(value);
    if (!bad) continue;
    if (name === 'authorization') {
      return { header: name, message: 'the authorization header cannot carry this CRON_SECRET: it holds a line break, another control character or a character beyond U+00FF' };
    }
    if (name === 'x-vercel-cron-schedule') {
      return { header: name, message: `the x-vercel-cron-schedule header cannot carry the schedule ${JSON.stringify(value)}: it holds ${describeChar(bad[0])}` };
    }
    return { header: name, message: `the ${name} header cannot carry its value: it holds ${describeChar(bad[0])}` };
  }
  return undefined;
}

/**
 * The request a Vercel cron run makes: GET `<base><path>` (a Schedules path target: its method,
 * with the same headers, platform-facts §1.5) with the user agent, the schedule
 * header and the bearer secret. The path is appended as text (never resolved as a relative
 * URL), so a path such as `//evil.example/x` cannot change the host.
 */
export function buildCronRequest(input: CronRequestInput): { ok: true; request: CronRequest } | { ok: false; error: string } {
  if (!input.path.startsWith('/')) return { ok: false, error: `the cron path "${input.path}" must start with "/", as Vercel requires` };
  const base = input.baseUrl;
  const url = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${input.path}`);
  if (url.host !== base.host) return { ok: false, error: `the cron path "${input.path}" changes the host` };
  if (input.secret && input.secret.length < MIN_SECRET_LENGTH) {
    const n = input.secret.length;
    return {
      ok: false,
      error: `CRON_SECRET is only ${n} character${n === 1 ? '' : 's'} long; a trigger sends secrets of at least ${MIN_SECRET_LENGTH} characters, the shortest it can keep out of what it prints of the answer. Vercel advises 16 or more random characters (openssl rand -hex 32).`,
    };
  }
  const headers: Record<string, string> = {
    'user-agent': CRON_USER_AGENT,
    'x-vercel-cron-schedule': input.schedule,
  };
  if (input.secret) headers.authorization = `Bearer ${input.secret}`;
  if (input.secret && input.runAnyway) headers[RUN_ANYWAY_HEADER] = '1';
  return { ok: true, request: { method: input.method ?? 'GET', url, headers, loopback: isLoopbackHostname(url.hostname) } };
}
