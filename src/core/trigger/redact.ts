/**
 * Keeping CRON_SECRET out of what a trigger prints. The answer comes from the user's own route,
 * and a route may echo the secret anywhere: in the reason phrase, a header name or value, a
 * Location the explanation quotes, a body cut at 64 KiB. So the secret is looked for once, in
 * the finished output (`redactSecret` for the text report, `redactJson` for `--json`), in every
 * form a route or the output itself could write it in, rather than field by field.
 *
 * Forms, any case (header names arrive lower-cased): the raw text; JSON string escapes (`\"`,
 * `\\`, `\/`, `\u0041`); percent-encoding (UTF-8 or Latin-1 bytes, `+` for a space); HTML
 * character references (`&quot;`, `&#34;`, `&#x22;`); base64, standard or URL-safe, at any of
 * the three byte alignments, as far as its characters depend on the secret alone; and the secret
 * as the URL parser (path, query or fragment: `\` to `/`, some characters percent-encoded) or an
 * HTTP parser (spaces at either end dropped) rewrites it. Any of these may also arrive as UTF-8 read as Latin-1 (how Node decodes a header
 * a server wrote in UTF-8: `Ã©` for `é`) or percent-encoded by the URL parser (the Location the
 * explanation resolves). Each form is found by decoding the text once and searching the decoded
 * text, overlapping occurrences in one pass, so the cost grows with the text, not with text ×
 * secret. Other nestings (JSON inside a URL) are not decoded, and a secret the answer splits
 * itself (half in one header, half in another, or cut by HTTP's own syntax: a header line
 * `x-ab:cd: 1` is the header `x-ab` with value `cd: 1`) is not put back together.
 */

/** What the secret becomes wherever it would be printed. */
export const REDACTED = '‹CRON_SECRET›';

/**
 * The shortest secret a trigger sends. Hiding a shorter one in what the route answers would
 * mangle ordinary text ("abc" is in every other word), so such a secret is refused instead.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * The most bytes one character of a sendable secret (tab, printable ASCII, Latin-1) takes in
 * any form searched here: `&#0000233;` is 10. A body is read this much per secret character
 * past the 64 KiB it shows, so the cut can see a secret that starts before it whole.
 */
export const MAX_FORM_BYTES_PER_CHAR = 10;

/** Half-open range of UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** Decoded text, and for each of its code units the offset in the source where it began. */
interface Decoding {
  text: string;
  /** starts[i] for each code unit of text, then the source length. */
  starts: Int32Array;
}

type Emit = (chars: string, start: number) => void;

/**
 * Decodes what `pattern` (global) matches in `text`: `decode` emits the decoded characters with
 * the source offset each began at, or returns false to leave the match as it is. Text between
 * matches is copied as it is. Undefined when nothing was decoded. Every encoding here is at
 * least as long as what it decodes to, so the decoded text is never longer than the source.
 */
function decodeMatches(text: string, pattern: RegExp, decode: (match: RegExpExecArray, emit: Emit) => boolean): Decoding | undefined {
  const chunks: string[] = [];
  const starts = new Int32Array(text.length + 1);
  let length = 0;
  const emit: Emit = (chars, start) => {
    chunks.push(chars);
    for (let k = 0; k < chars.length; k++) starts[length++] = start;
  };
  let copied = 0;
  const copyTo = (end: number) => {
    chunks.push(text.slice(copied, end));
    for (let k = copied; k < end; k++) starts[length++] = k;
  };
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const before = { chunks: chunks.length, length };
    copyTo(match.index);
    if (decode(match, emit)) {
      copied = match.index + match[0].length;
    } else {
      chunks.length = before.chunks;
      length = before.length;
      pattern.lastIndex = match.index + 1;
    }
  }
  if (copied === 0 && length === 0) return undefined;
  copyTo(text.length);
  starts[length] = text.length;
  return { text: chunks.join(''), starts: starts.subarray(0, length + 1) };
}

/** A UTF-8 sequence starting at `at` in `byteAt` (0-255, or -1 past the end): its length and code point, or undefined. */
function utf8Sequence(byteAt: (i: number) => number, at: number): { length: number; codePoint: number } | undefined {
  const lead = byteAt(at);
  let length: number;
  let min = 0x80;
  let max = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) min = 0xa0;
    if (lead === 0xed) max = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) min = 0x90;
    if (lead === 0xf4) max = 0x8f;
  } else return undefined;
  let codePoint = lead & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const byte = byteAt(at + k);
    if (byte < (k === 1 ? min : 0x80) || byte > (k === 1 ? max : 0xbf)) return undefined;
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  return { length, codePoint };
}

const JSON_ESCAPE = /\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g;
const JSON_SHORT: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** JSON string escapes, wherever they are: `\"`, `\\`, `\/`, `\b\f\n\r\t`, `\uXXXX`. Read left to right, so `\\u0041` is a backslash and "u0041". */
function decodeJsonEscapes(text: string): Decoding | undefined {
  if (!text.includes('\\')) return undefined;
  return decodeMatches(text, JSON_ESCAPE, (match, emit) => {
    emit(match[1] ? String.fromCharCode(parseInt(match[1], 16)) : JSON_SHORT[match[2]!]!, match.index);
    return true;
  });
}

const PERCENT_RUN = /(?:%[0-9a-fA-F]{2})+/g;

/**
 * `%XX` runs as UTF-8 where they form it; other bytes as Latin-1, or, `strict`, left as they are:
 * a "%" of the secret's own followed by two hex digits (`%aa`) is not an escape, and reading it
 * as one would hide the rest. `+` is left alone (see `fold`).
 */
function decodePercent(text: string, strict = false): Decoding | undefined {
  if (!text.includes('%')) return undefined;
  return decodeMatches(text, PERCENT_RUN, (match, emit) => {
    const bytes: number[] = [];
    for (let i = 0; i < match[0].length; i += 3) bytes.push(parseInt(match[0].slice(i + 1, i + 3), 16));
    let decoded = false;
    for (let k = 0; k < bytes.length; ) {
      const sequence = utf8Sequence((j) => bytes[j] ?? -1, k);
      if (sequence) {
        emit(String.fromCodePoint(sequence.codePoint), match.index + 3 * k);
        decoded = true;
        k += sequence.length;
      } else {
        if (strict && bytes[k]! >= 0x80) {
          for (let c = 3 * k; c < 3 * k + 3; c++) emit(match[0][c]!, match.index + c);
        } else {
          emit(String.fromCharCode(bytes[k]!), match.index + 3 * k);
          decoded = true;
        }
        k++;
      }
    }
    return decoded;
  });
}

const HTML_REFERENCE = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/gi;
const HTML_NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const HTML_NAMES: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' };

/** HTML character references: `&#39;`, `&#x27;`, and the five XML names. */
function decodeHtml(text: string): Decoding | undefined {
  if (!text.includes('&')) return undefined;
  return decodeMatches(text, HTML_REFERENCE, (match, emit) => {
    const codePoint = match[1] ? Number(match[1]) : match[2] ? parseInt(match[2], 16) : HTML_NAMED[match[3]!.toLowerCase()]!.codePointAt(0)!;
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return false;
    emit(String.fromCodePoint(codePoint), match.index);
    return true;
  });
}

const MOJIBAKE = /[\u00c2-\u00f4][\u0080-\u00bf]{1,3}/g;

/** UTF-8 bytes that were read as Latin-1 characters (`Ã©` for `é`), as Node reads header values. */
function decodeMojibake(text: string): Decoding | undefined {
  return decodeMatches(text, MOJIBAKE, (match, emit) => {
    const sequence = utf8Sequence((j) => match[0].charCodeAt(j) || -1, 0);
    if (!sequence) return false;
    emit(String.fromCodePoint(sequence.codePoint), match.index);
    for (let k = sequence.length; k < match[0].length; k++) emit(match[0][k]!, match.index + k);
    return true;
  });
}

/**
 * Case folded code unit by code unit, so offsets stay put (the rare character whose lower case
 * is longer, like İ, is kept); `+` and space are one character, as in form-encoded text.
 */
function fold(text: string): string {
  let lower = text.toLowerCase();
  if (lower.length !== text.length) lower = Array.from({ length: text.length }, (_, i) => (text[i]!.toLowerCase().length === 1 ? text[i]!.toLowerCase() : text[i]!)).join('');
  return lower.replace(/\+/g, ' ');
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The base64 characters that depend on these bytes alone, for each of the three positions the
 * bytes can start at within a 3-byte group, in the standard and the URL-safe alphabet.
 */
function base64Cores(bytes: Uint8Array): string[] {
  const cores = new Set<string>();
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(Math.ceil((offset + bytes.length) / 3) * 3);
    padded.set(bytes, offset);
    let chars = '';
    for (let i = 0; i < padded.length; i += 3) {
      const group = (padded[i]! << 16) | (padded[i + 1]! << 8) | padded[i + 2]!;
      chars += BASE64[(group >> 18) & 63]! + BASE64[(group >> 12) & 63]! + BASE64[(group >> 6) & 63]! + BASE64[group & 63]!;
    }
    // Character i holds bits [6i, 6i + 6); the bytes hold bits [8 * offset, 8 * (offset + length)).
    const core = chars.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    if (core.length < MIN_SECRET_LENGTH) continue;
    cores.add(core);
    cores.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...cores];
}

interface Needles {
  /** Folded, to find in folded decodings. */
  text: string[];
  /** Base64 cores, folded likewise. */
  base64: string[];
}

let cached: { secret: string; needles: Needles } | undefined;

/** encodeURIComponent, or the text itself for a lone surrogate (never sent: not a header character), which has no UTF-8. */
function uriComponent(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The secret as `new URL()` writes it after `part` ("/", "/?" or "/#") of an address. */
function asInUrl(secret: string, part: string): string {
  const base = `http://h${part}`;
  try {
    return new URL(base + secret).href.slice(base.length);
  } catch {
    return secret;
  }
}

function needlesFor(secret: string): Needles {
  if (cached?.secret === secret) return cached.needles;
  periods.clear();
  const utf8 = new TextEncoder().encode(secret);
  // Its UTF-8 read as Latin-1, as a header a server wrote in UTF-8 arrives: decoded below too,
  // but the URL parser may also have encoded it (with a "%" of the secret's own left as it is).
  const asLatin1 = Array.from(utf8, (byte) => String.fromCharCode(byte)).join('');
  const variants = [
    secret,
    // What the URL parser makes of it in the Location the explanation resolves: in the path
    // (\ becomes /), the query or the fragment, some characters percent-encoded and "%" not.
    ...[secret, asLatin1].flatMap((text) => ['/', '/?', '/#'].map((part) => asInUrl(text, part))),
    // What an HTTP parser makes of it at either end of a header value: spaces and tabs dropped.
    secret.replace(/^[ \t]+|[ \t]+$/g, ''),
  ];
  // The common encoders' output as it is, too: decoding reads `%` + `aa…` as the byte %AA when
  // a stray "%" precedes an encoded secret starting with "aa", and a stray "\\" unpairs the
  // backslashes of a JSON-escaped one.
  const jsonEscaped = JSON.stringify(secret).slice(1, -1);
  variants.push(
    uriComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    jsonEscaped,
    jsonEscaped.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    secret.replace(/[&<>"']/g, (c) => `&${HTML_NAMES[c]!};`),
  );
  const text = [...new Set(variants.filter((s) => s.length >= MIN_SECRET_LENGTH).map(fold))];
  const byteForms = [utf8];
  // Node sends a header as Latin-1 bytes: é is one byte on the wire, two in UTF-8.
  const codes = Array.from(secret, (c) => c.charCodeAt(0));
  if (codes.every((c) => c <= 0xff) && codes.some((c) => c >= 0x80)) byteForms.push(Uint8Array.from(codes));
  // Folded too: a header name holding the base64 arrives lower-cased.
  const needles = { text, base64: [...new Set(byteForms.flatMap(base64Cores).map(fold))] };
  cached = { secret, needles };
  return needles;
}

/** The smallest p with needle[i] = needle[i + p] throughout (KMP's failure function). */
function periodOf(needle: string): number {
  const fail = new Int32Array(needle.length + 1);
  fail[0] = -1;
  for (let i = 1, k = -1; i <= needle.length; i++) {
    while (k >= 0 && needle[k] !== needle[i - 1]) k = fail[k]!;
    fail[i] = ++k;
  }
  return needle.length - fail[needle.length]!;
}

const periods = new Map<string, number>();

/**
 * Every occurrence of `needle`, overlapping ones included (in "ababab", "abab" is at 0 and 2),
 * reported as runs. An occurrence overlapping the last can only begin a period further on and
 * needs only its last `period` characters compared, so a secret like "aaaa…" in a body of "a"s
 * costs the length of the body, not body × secret.
 */
function findAll(haystack: string, needle: string, found: (start: number, end: number) => void): void {
  let period = periods.get(needle);
  if (period === undefined) periods.set(needle, (period = periodOf(needle)));
  const tail = needle.slice(needle.length - period);
  for (let start = haystack.indexOf(needle); start !== -1; ) {
    let last = start;
    while (period < needle.length && haystack.startsWith(tail, last + needle.length)) last += period;
    found(start, last + needle.length);
    start = haystack.indexOf(needle, last + 1);
  }
}

function searchDecodings(text: string, needles: Needles, spans: Span[], toSource: (offset: number) => number): void {
  const decodings: (Decoding | undefined)[] = [undefined, decodeJsonEscapes(text), decodePercent(text), decodeHtml(text)];
  decodings.forEach((decoding, index) => {
    if (index > 0 && !decoding) return;
    const decoded = decoding?.text ?? text;
    const found = (start: number, end: number) => {
      spans.push(decoding ? { start: toSource(decoding.starts[start]!), end: toSource(decoding.starts[end]!) } : { start: toSource(start), end: toSource(end) });
    };
    const folded = fold(decoded);
    for (const needle of [...needles.text, ...needles.base64]) findAll(folded, needle, found);
  });
}

/** Where any form of the secret is in `text`: sorted, overlaps merged. None for a secret too short to send. */
export function secretSpans(text: string, secret: string | undefined): Span[] {
  if (!secret || secret.length < MIN_SECRET_LENGTH || !text) return [];
  const needles = needlesFor(secret);
  const spans: Span[] = [];
  searchDecodings(text, needles, spans, (offset) => offset);
  // Two ways text reaches us on top of how the route wrote it, so every form above may arrive
  // through them: UTF-8 read as Latin-1 (Node's reading of header bytes: an HTML-escaped é as
  // "Ã©"), and percent-encoded by the URL parser (the Location the explanation resolves: a
  // space in an HTML-escaped secret as %20, that "Ã©" as %C3%83%C2%A9).
  const latin1 = decodeMojibake(text);
  const url = decodePercent(text, true);
  const urlOfLatin1 = url && decodeMojibake(url.text);
  const layers = [latin1, url, urlOfLatin1 && { text: urlOfLatin1.text, starts: urlOfLatin1.starts.map((offset) => url.starts[offset]!) }];
  for (const layer of layers) {
    if (layer) searchDecodings(layer.text, needles, spans, (offset) => layer.starts[offset]!);
  }
  return mergeSpans(spans);
}

function replaceSpans(text: string, spans: readonly Span[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + REDACTED;
    at = span.end;
  }
  return out + text.slice(at);
}

/** Text with every form of the secret replaced by ‹CRON_SECRET›. */
export function redactSecret(text: string, secret: string | undefined): string {
  const spans = secretSpans(text, secret);
  return spans.length ? replaceSpans(text, spans) : text;
}

/** The contents (between the quotes) of the strings of JSON text as JSON.stringify writes it. */
function jsonStrings(json: string): Span[] {
  const strings: Span[] = [];
  for (let i = json.indexOf('"'); i !== -1; ) {
    let j = i + 1;
    while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
    strings.push({ start: i + 1, end: j });
    i = json.indexOf('"', j + 1);
  }
  return strings;
}

function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * JSON text (as JSON.stringify writes it) with every form of the secret replaced inside its
 * strings, and still valid JSON. Forms are looked for in the text as printed and in each
 * string's value as a reader gets it after parsing: a JSON body in the `body` string is escaped
 * once more, which would hide a JSON-escaped secret in it from the first look. A replacement
 * never splits an escape, and one that runs across a string's quotes (a secret with `","` in
 * it, spread over a header name and its value) is made in each string it touches; only JSON's
 * own punctuation and numbers are left alone.
 */
export function redactJson(json: string, secret: string | undefined): string {
  if (!secret || secret.length < MIN_SECRET_LENGTH) return json;
  const strings = jsonStrings(json);
  const found = secretSpans(json, secret);
  for (const string of strings) {
    const content = json.slice(string.start, string.end);
    const value = decodeJsonEscapes(content);
    if (!value) continue;
    for (const span of secretSpans(value.text, secret)) found.push({ start: string.start + value.starts[span.start]!, end: string.start + value.starts[span.end]! });
  }
  const spans = mergeSpans(found);
  const cuts: Span[] = [];
  let next = 0;
  for (const string of strings) {
    // Step through the string a character (or surrogate pair) or an escape at a time.
    let cutStart = -1;
    for (let j = string.start; j < string.end; ) {
      const code = json.charCodeAt(j);
      const unitEnd = json[j] === '\\' ? j + (json[j + 1] === 'u' ? 6 : 2) : code >= 0xd800 && code <= 0xdbff ? j + 2 : j + 1;
      while (next < spans.length && spans[next]!.end <= j) next++;
      const inSpan = next < spans.length && spans[next]!.start < unitEnd;
      if (inSpan && cutStart === -1) cutStart = j;
      if (!inSpan && cutStart !== -1) {
        cuts.push({ start: cutStart, end: j });
        cutStart = -1;
      }
      j = unitEnd;
    }
    if (cutStart !== -1) cuts.push({ start: cutStart, end: string.end });
  }
  return cuts.length ? replaceSpans(json, cuts) : json;
}

/**
 * Where to cut `text` at or before `index` without cutting a form of the secret in two: before
 * the occurrence that `index` falls inside. `text` must reach far enough past `index` to hold
 * such an occurrence whole (MAX_FORM_BYTES_PER_CHAR per character of the secret).
 */
export function cutOutsideSecret(text: string, index: number, secret: string | undefined): number {
  for (const span of secretSpans(text, secret)) {
    if (span.start >= index) break;
    if (span.end > index) return span.start;
  }
  return index;
}
