/**
 * Trigger Cron Route for a QStash schedule (issue #20): the delivery QStash makes to a
 * destination of the app, sent to the local dev server instead. What QStash sends is in
 * platform-facts §5 (Receiving) and §6 (Receiver): the headers below, and an `Upstash-Signature`
 * JWT signed with the project's current signing key. The signature needs node:crypto, so it is
 * added by the Node transport (src/node/trigger/qstashSignature.ts); everything else is here.
 */
import { type HttpOutcome, type HttpResponse } from './outcome';
import { explainOutcome, type Explanation, type ExplainContext } from './explain';
import { isLoopbackHostname } from './loopback';
import type { CronRequest } from './request';

/** The user agent QStash deliveries carry (platform-facts §5). */
export const QSTASH_USER_AGENT = 'Upstash-QStash';
export const QSTASH_SIGNATURE_HEADER = 'upstash-signature';
export const CURRENT_SIGNING_KEY = 'QSTASH_CURRENT_SIGNING_KEY';
export const NEXT_SIGNING_KEY = 'QSTASH_NEXT_SIGNING_KEY';
/** How long QStash's signature is valid (platform-facts §6: "the token lives 5 min"). */
export const QSTASH_SIGNATURE_LIFETIME_SECONDS = 5 * 60;

/** The methods QStash sends to a destination; the reader keeps only these. */
export type QStashMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
const QSTASH_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export function isQStashMethod(method: string): method is QStashMethod {
  return QSTASH_METHODS.includes(method);
}

/** Where each signing key came from; never its value. */
export type QStashKeySource =
  | { kind: 'env-file'; current: { file: string; length: number }; next: { file: string; length: number } | undefined }
  /** No env file sets QSTASH_CURRENT_SIGNING_KEY (or sets it empty); `next` says whether the next key was found. */
  | { kind: 'missing'; searched: readonly string[]; nextFound: boolean }
  /** Untrusted workspace: env files are not read. */
  | { kind: 'untrusted' };

export function describeQStashKeys(source: QStashKeySource): string {
  switch (source.kind) {
    case 'env-file':
      return `signed with ${CURRENT_SIGNING_KEY} from ${source.current.file} (${source.current.length} characters)`;
    case 'missing':
      return `no ${CURRENT_SIGNING_KEY} found (looked in ${source.searched.join(', ')})`;
    case 'untrusted':
      return 'not signed: the workspace is not trusted, so env files are not read';
  }
}

/**
 * Why nothing was sent when there is no key to sign with: what is missing, and where to put it.
 * A request without a valid signature proves nothing about the route (it refuses it, or it does
 * not verify at all, which the qstash-missing-verification rule reports), so none is sent.
 */
export function missingSigningKeyExplanation(source: Exclude<QStashKeySource, { kind: 'env-file' }>): string {
  if (source.kind === 'untrusted') {
    return `the workspace is not trusted, so the app's env files are not read and there is no ${CURRENT_SIGNING_KEY} to sign the request with. Trust the workspace to send a signed QStash request.`;
  }
  const next = source.nextFound ? ` (${NEXT_SIGNING_KEY} is set, but QStash signs with the current key)` : '';
  return `no ${CURRENT_SIGNING_KEY} in ${source.searched.join(', ')}${next}, so the request cannot be signed as QStash signs it. Copy the current and next signing keys from the Upstash console (QStash → Signing keys) into the app's .env.local as ${CURRENT_SIGNING_KEY} and ${NEXT_SIGNING_KEY}: the route's verifySignatureAppRouter or Receiver reads the same variables.`;
}

export interface QStashRequestInput {
  baseUrl: URL;
  /** The destination's path inside the app (query included), as the reader resolved it. */
  path: string;
  method: QStashMethod;
  /** A fresh id per delivery, as QStash gives each message its own. */
  messageId: string;
  /** The schedule's id: its `scheduleId` option when written, else one made for this run. */
  scheduleId: string;
}

/**
 * The delivery without its signature: `<base><path>` with the method the schedule names and the
 * headers QStash sends (platform-facts §5), first delivery (`Upstash-Retried: 0`), no body (a
 * schedule without `body`). The path is appended as text, so it cannot change the host.
 */
export function buildQStashRequest(input: QStashRequestInput): { ok: true; request: CronRequest } | { ok: false; error: string } {
  if (!input.path.startsWith('/') || input.path.startsWith('//')) return { ok: false, error: `the destination path "${input.path}" must start with a single "/"` };
  const base = input.baseUrl;
  const url = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${input.path}`);
  if (url.host !== base.host) return { ok: false, error: `the destination path "${input.path}" changes the host` };
  const headers: Record<string, string> = {
    'user-agent': QSTASH_USER_AGENT,
    'upstash-message-id': input.messageId,
    'upstash-schedule-id': input.scheduleId,
    'upstash-retried': '0',
  };
  return { ok: true, request: { method: input.method, url, headers, loopback: isLoopbackHostname(url.hostname) } };
}

/** The claims of QStash's signature (platform-facts §6) but `body`, which the signer hashes. */
export interface QStashClaims {
  iss: 'Upstash';
  /** The destination URL requested. */
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
}

export function qstashClaims(url: URL, nowSeconds: number, tokenId: string): QStashClaims {
  return { iss: 'Upstash', sub: url.href, iat: nowSeconds, nbf: nowSeconds, exp: nowSeconds + QSTASH_SIGNATURE_LIFETIME_SECONDS, jti: tokenId };
}

export interface QStashExplainContext {
  /** The destination path, as the schedule names it. */
  path: string;
  /** The file declaring the schedule (project-relative), as advice names it. */
  declaredIn: string;
  url: URL;
  method: string;
  keys: QStashKeySource & { kind: 'env-file' };
  timeoutSeconds: number;
  surface: ExplainContext['surface'];
}

/**
 * What a delivery's answer means in QStash's terms: 2xx is delivered; anything else is a failed
 * delivery QStash retries (the `Upstash-Retried` count grows). No response is explained as for a
 * cron request (the dev server is down, timed out…): those reasons do not depend on the sender.
 */
export function explainQStashOutcome(outcome: HttpOutcome, ctx: QStashExplainContext): Explanation {
  if (outcome.kind === 'error') {
    // Without a response nothing depends on who sent the request; the secret is unused there.
    return explainOutcome(outcome, { path: ctx.path, url: ctx.url, secret: { kind: 'untrusted' }, timeoutSeconds: ctx.timeoutSeconds, surface: ctx.surface });
  }
  return explainQStashResponse(outcome, ctx);
}

function explainQStashResponse(response: HttpResponse, ctx: QStashExplainContext): Explanation {
  const { status } = response;
  const headline = `${status}${response.statusText ? ` ${response.statusText}` : ''} in ${response.durationMs} ms`;
  const result = (ok: boolean, explanation: string): Explanation => ({ ok, headline, explanation, action: undefined });
  const retried = 'QStash counts the delivery as failed and retries it, as the schedule\'s retries allow.';
  if (status >= 200 && status < 300) return result(true, `The route answered ${status} to a delivery signed with ${CURRENT_SIGNING_KEY} from ${ctx.keys.current.file}: QStash would count it as delivered.`);
  if (status === 401 || status === 403 || status === 500) {
    return result(
      false,
      `The route refused the signed delivery (${status}). ${retried} When it verifies the signature, it reads other keys than ${ctx.keys.current.file}: the dev server's own environment wins over env files, env files edited after next dev started need a restart, or the keys belong to another QStash project. Or it checks the URL the signature names: this delivery is signed for ${ctx.url.href}, and a verify({ url }) given the production URL refuses it. verifySignatureAppRouter answers an invalid signature with a 500; the dev server's terminal shows the error.`,
    );
  }
  if (status === 404) return result(false, `Nothing serves ${ctx.path} (404): the route file is missing or misnamed, or the destination in ${ctx.declaredIn} has a typo. ${retried}`);
  if (status === 405) {
    const allow = response.headers.allow ? ` The route allows: ${response.headers.allow}.` : '';
    return result(false, `The route has no ${ctx.method} handler (405).${allow} The schedule in ${ctx.declaredIn} sends ${ctx.method}${ctx.method === 'POST' ? ' (QStash\'s default)' : ''}: export a ${ctx.method} handler, or set the schedule's method to one the route exports.`);
  }
  if (status >= 300 && status < 400) return result(false, `The route answered a redirect (${status}) instead of running the job: a middleware, proxy or auth layer may redirect requests it does not recognise. Let QStash's signed requests through, or leave the destination out of its matcher.`);
  if (status >= 500) return result(false, `The route failed with ${status}: the dev server's terminal shows the error. ${retried}`);
  return result(false, `The route answered ${status}: ${retried}`);
}
