import type { Explanation } from './explain';
import { BODY_LIMIT_BYTES, decodeBody, displayBody, type HttpOutcome } from './outcome';
import type { CronRequest } from './request';
import { describeSecretSource, maskHeaders, redactSecret, type SecretSource } from './secret';

/**
 * `trigger --json`: a public contract. Keys in this order; `status` null and `error` set when
 * no response came; header names lower-case; `body` at most 64 KiB of UTF-8 (null without a
 * response); anything equal to the secret replaced, so the JSON can go to CI logs.
 */
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

export function toTriggerJson(path: string, request: CronRequest, outcome: HttpOutcome, explanation: Explanation, secret: string | undefined): TriggerJson {
  if (outcome.kind === 'error') {
    return { path, url: request.url.href, status: null, error: outcome.code, durationMs: outcome.durationMs, headers: {}, body: null, bodyTruncated: false, explanation: explanation.explanation };
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(outcome.headers)) headers[name.toLowerCase()] = redactSecret(value, secret);
  const { text, truncated } = decodeBody(outcome.body, BODY_LIMIT_BYTES);
  return {
    path,
    url: request.url.href,
    status: outcome.status,
    error: null,
    durationMs: outcome.durationMs,
    headers,
    body: redactSecret(text, secret),
    bodyTruncated: truncated || outcome.bodyTruncated,
    explanation: explanation.explanation,
  };
}

export interface ReportInput {
  request: CronRequest;
  secretSource: SecretSource;
  outcome: HttpOutcome;
  explanation: Explanation;
  /** Only to remove it from what the server sent back; it is never printed. */
  secret: string | undefined;
}

/** The run as text, for the output channel and the CLI: request (masked), response, verdict. */
export function formatTriggerReport(input: ReportInput): string {
  const { request, outcome, explanation, secret } = input;
  const lines = [`${request.method} ${request.url.href}`];
  for (const [name, value] of Object.entries(maskHeaders(request.headers))) lines.push(`  ${name}: ${value}`);
  lines.push(`  (${describeSecretSource(input.secretSource)})`);
  if (outcome.kind === 'response') {
    lines.push(`← ${explanation.headline}`);
    for (const [name, value] of Object.entries(outcome.headers)) lines.push(`  ${name}: ${redactSecret(value, secret)}`);
    lines.push('', redactSecret(displayBody(outcome), secret));
  } else {
    lines.push(`← no response: ${explanation.headline} after ${outcome.durationMs} ms (${outcome.code}: ${redactSecret(outcome.message, secret)})`);
  }
  lines.push('', `${explanation.ok ? '✔' : '✘'} ${explanation.explanation}`);
  return lines.join('\n');
}
