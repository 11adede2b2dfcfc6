import { cutOutsideSecret, MAX_FORM_BYTES_PER_CHAR } from './redact';

/** What came back from one request, as the request layer reports it (no Node types here). */
export type HttpOutcome = HttpResponse | HttpFailure;

export interface HttpResponse {
  kind: 'response';
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** At most the request layer's read limit: the 64 KiB shown, and a look past it (bodyReadLimit). */
  body: Uint8Array;
  /** More bytes arrived than the read limit; they were not read. */
  bodyTruncated: boolean;
  durationMs: number;
}

/** No response: `code` is Node's (`ECONNREFUSED`, `ENOTFOUND`, …) or one of ours below. */
export interface HttpFailure {
  kind: 'error';
  code: string;
  message: string;
  durationMs: number;
  /** INVALID_HEADER_VALUE: the header that could not be sent. */
  header?: string;
}

/** Codes the request layer itself reports. */
export const TIMEOUT = 'TIMEOUT';
export const CANCELLED = 'CANCELLED';
/** "localhost" resolved to an address that is not loopback: nothing was sent. */
export const NOT_LOOPBACK = 'ENOTLOOPBACK';
/** A header value HTTP cannot carry (a line break in the schedule, "€" in the secret): nothing was sent. */
export const INVALID_HEADER_VALUE = 'INVALID_HEADER_VALUE';

/** The JSON contract's body limit (`--json`), and what the output channel shows at most. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * How much of a body the request layer reads: the 64 KiB shown, and past it as much as the
 * longest form of the secret could take, so that a secret starting before the cut is read
 * whole and the cut can be moved before it instead of printing half of it.
 */
export function bodyReadLimit(secretLength: number): number {
  return BODY_LIMIT_BYTES + MAX_FORM_BYTES_PER_CHAR * secretLength;
}

/**
 * UTF-8 text of at most `limit` bytes, cut on a character boundary so a truncated body never
 * ends in half a character, and, given the secret, before any form of it the cut would split
 * (found in the bytes read past the limit): a body cut inside the secret printed half of it.
 */
export function decodeBody(bytes: Uint8Array, limit = BODY_LIMIT_BYTES, secret?: string): { text: string; truncated: boolean } {
  const decoder = new TextDecoder('utf-8');
  let end = Math.min(bytes.length, limit);
  if (end === bytes.length) return { text: decoder.decode(bytes), truncated: false };
  // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  const text = decoder.decode(bytes.subarray(0, end));
  if (!secret) return { text, truncated: true };
  // Decoding is the same up to a character boundary whatever follows, so `text` begins `whole`.
  const whole = decoder.decode(bytes);
  return { text: whole.slice(0, cutOutsideSecret(whole, text.length, secret)), truncated: true };
}

function isJsonType(contentType: string | undefined): boolean {
  return !!contentType && /^application\/([\w.+-]*\+)?json\b|^text\/json\b/i.test(contentType);
}

/** Whether a body is binary enough that printing it would be noise. */
function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 1024).includes(0);
}

/** What the output shows of a body at most: a log to read, not a file to archive. */
export const DISPLAY_MAX_LINES = 200;

function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Keeps the first lines; says how much was left out and where the whole body is. */
function capLines(text: string, note: string): string {
  const lines = text.split('\n');
  if (lines.length <= DISPLAY_MAX_LINES) return note ? `${text}\n${note}` : text;
  return `${lines.slice(0, DISPLAY_MAX_LINES).join('\n')}\n… ${lines.length - DISPLAY_MAX_LINES} more lines${note ? `; ${note.replace(/^… /, '')}` : ''}`;
}

/**
 * The body as a reader wants it: pretty JSON when it is JSON (by content type or by shape),
 * an HTML page as its title (Next's 404 and error pages are kilobytes of scripts), a size note
 * for binary data, other text as is; long bodies cut with a line saying so.
 */
export function displayBody(response: HttpResponse, secret?: string): string {
  const shown = Math.min(response.body.length, BODY_LIMIT_BYTES);
  const size = `${kib(shown)}${response.bodyTruncated || shown < response.body.length ? '+' : ''}`;
  if (response.body.length === 0) return response.bodyTruncated ? '(body cut before the first byte)' : '(empty body)';
  const contentType = response.headers['content-type'];
  if (looksBinary(response.body)) return `(${size} of ${contentType ?? 'binary data'})`;
  const { text, truncated } = decodeBody(response.body, BODY_LIMIT_BYTES, secret);
  const cut = truncated || response.bodyTruncated;
  if (/^text\/html\b/i.test(contentType ?? '') || /^\s*<!doctype html/i.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return `(HTML page, ${size}${title ? `: "${title}"` : ''})`;
  }
  if (!cut && (isJsonType(contentType) || /^\s*[[{]/.test(text))) {
    try {
      return capLines(JSON.stringify(JSON.parse(text), null, 2), '');
    } catch {
      // Not JSON after all: show it as text.
    }
  }
  return capLines(text, cut ? `… (body truncated after ${kib(BODY_LIMIT_BYTES)})` : '');
}
