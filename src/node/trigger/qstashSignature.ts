import { createHash, createHmac, randomUUID } from 'node:crypto';
import { type CronRequest, qstashClaims, QSTASH_SIGNATURE_HEADER } from '../../core/facade/trigger';

/**
 * Signs a QStash delivery as QStash does (platform-facts §6; @upstash/qstash's Receiver checks
 * it): an HS256 JWT keyed by the signing key's text, issuer "Upstash", subject the URL requested,
 * `body` the base64url SHA-256 of the raw body, valid five minutes. Needs node:crypto, so it lives
 * here and not in the core. The request is returned with `upstash-signature` added; the key is not kept.
 */
export function signQStashRequest(request: CronRequest, signingKey: string, options: { body?: string; now?: Date } = {}): CronRequest {
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims = { ...qstashClaims(request.url, nowSeconds, `jwt_${randomUUID()}`), body: createHash('sha256').update(options.body ?? '', 'utf8').digest('base64url') };
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', signingKey).update(`${header}.${payload}`).digest('base64url');
  return { ...request, headers: { ...request.headers, [QSTASH_SIGNATURE_HEADER]: `${header}.${payload}.${signature}` } };
}

/** A message id in QStash's `msg_…` form, new for each delivery, so an idempotency guard sees a new message. */
export function localMessageId(): string {
  return `msg_local_${randomUUID().replace(/-/g, '')}`;
}

/**
 * A schedule id for a schedule whose code names none (QStash makes `scd_…` ids): the same for
 * every run of one schedule, as QStash's is, so a route keying its work by it sees one schedule.
 */
export function localScheduleId(scheduleKey: string): string {
  return `scd_local_${createHash('sha256').update(scheduleKey, 'utf8').digest('hex').slice(0, 24)}`;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
