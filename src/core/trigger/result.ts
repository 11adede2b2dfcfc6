import type { Explanation } from './explain';
import { BODY_LIMIT_BYTES, decodeBody, displayBody, type HttpOutcome } from './outcome';
import { redactJson, redactSecret } from './redact';
import type { CronRequest } from './request';
import { describeSecretSource, maskHeaders, type SecretSource } from './secret';

/**
 * `trigger --json`: a public contract. Keys in this order; `status` null and `error` set when
 * no response came; header names lower-case; `body` at most 64 KiB of UTF-8 (null without a
 * response); every form of the secret replaced by ‹CRON_SECRET›, so the JSON can go to CI logs.
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

/**
 * The `--json` text: built from the run, then redacted as a whole (`redactJson`), so the secret
 * is found wherever the answer put it, escaped however JSON escapes it.
 */
export function formatTriggerJson(path: string, request: CronRequest, outcome: HttpOutcome, explanation: Explanation, secret: string | undefined): string {
  return redactJson(JSON.stringify(triggerJsonOf(path, request, outcome, explanation, secret)), secret);
}

/** The same as an object (the editor command's result), parsed back from that text. */
export function toTriggerJson(path: string, request: CronRequest, outcome: HttpOutcome, explanation: Explanation, secret: string | undefined): TriggerJson {
  return JSON.parse(formatTriggerJson(path, request, outcome, explanation, secret)) as TriggerJson;
}

function triggerJsonOf(path: string, request: CronRequest, outcome: HttpOutcome, explanation: Explanation, secret: string | undefined): TriggerJson {
  if (outcome.kind === 'error') {
    return { path, url: request.url.href, status: null, error: outcome.code, durationMs: outcome.durationMs, headers: {}, body: null, bodyTruncated: false, explanation: explanation.explanation };
  }
  // Null prototype: a header named "constructor" or "__proto__" is a key like any other.
  const headers = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(outcome.headers)) {
    // Names that differ only in the secret become one key, their values joined like a repeated header.
    const key = redactSecret(name.toLowerCase(), secret);
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  const { text, truncated } = decodeBody(outcome.body, BODY_LIMIT_BYTES, secret);
  return {
    path,
    url: request.url.href,
    status: outcome.status,
    error: null,
    durationMs: outcome.durationMs,
    headers,
    body: text,
    bodyTruncated: truncated || outcome.bodyTruncated,
    explanation: explanation.explanation,
  };
}

/** A control character as something to read: its control picture (␛ for ESC), or ⟨9b⟩ for a C1 control, which has none. */
function picture(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `⟨${code.toString(16)}⟩`;
}

/**
 * Control characters as pictures: the report goes to a terminal, where a reason phrase or body
 * holding ESC sequences would clear the screen, retitle the window or write the clipboard. Line
 * feeds and tabs stay; CR LF becomes LF. C1 controls (U+0080–U+009F) count too: some terminals
 * act on U+009B as on ESC [. Done after redaction, which needs the text as it came (a UTF-8 é
 * read as Latin-1 is "Ã" and the C1 control U+0089), and in characters no form of a sendable
 * secret contains, so a picture can neither hide the secret nor complete one.
 */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/\r\n/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, picture);
}

/** A value shown on one line: its line breaks as pictures too. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]/g, picture);
}

export interface ReportInput {
  request: CronRequest;
  secretSource: SecretSource;
  /** Replaces the CRON_SECRET line for a request that carries another credential (a QStash signature). */
  credentialLine?: string;
  outcome: HttpOutcome;
  explanation: Explanation;
  /** Only to remove it from what the server sent back; it is never printed. */
  secret: string | undefined;
}

/**
 * The run as text, for the output channel and the CLI: request (masked), response, verdict.
 * Redacted (then made printable) as a whole once it is written, so every line the answer
 * reaches (status line, header names and values, body, the explanation quoting a Location) is
 * covered.
 */
export function formatTriggerReport(input: ReportInput): string {
  const { request, outcome, explanation, secret } = input;
  const lines = [`${request.method} ${request.url.href}`];
  for (const [name, value] of Object.entries(maskHeaders(request.headers))) lines.push(`  ${name}: ${oneLine(value)}`);
  lines.push(`  (${input.credentialLine ?? describeSecretSource(input.secretSource)})`);
  if (outcome.kind === 'response') {
    lines.push(`← ${explanation.headline}`);
    for (const [name, value] of Object.entries(outcome.headers)) lines.push(`  ${name}: ${value}`);
    lines.push('', displayBody(outcome, secret));
  } else {
    lines.push(`← no response: ${explanation.headline} after ${outcome.durationMs} ms (${outcome.code}: ${outcome.message})`);
  }
  lines.push('', `${explanation.ok ? '✔' : '✘'} ${explanation.explanation}`);
  return printable(redactSecret(lines.join('\n'), secret));
}
