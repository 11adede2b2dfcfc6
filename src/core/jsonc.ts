import { getLocation, type Location, parse, type ParseError } from 'jsonc-parser';

/**
 * jsonc-parser parses recursively, so a file of a few thousand nested brackets overflows the
 * call stack (and one such file in one app of a monorepo aborted the whole run). No real
 * configuration nests anywhere near this deep.
 */
export const MAX_JSON_DEPTH = 512;

const QUOTE = 34;
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const LF = 10;
const CR = 13;

/**
 * The offset of the first bracket that nests deeper than `limit`, or -1. Reads strings and
 * comments as JSONC does (a string also ends at a line break, unterminated), and pops only on
 * the matching closer, so it never counts less depth than the parser would recurse.
 */
export function excessiveNestingOffset(text: string, limit: number = MAX_JSON_DEPTH): number {
  // Deeper than `limit` needs more than `limit` openers: indexOf (native) clears ordinary files fast.
  if (openersAtMost(text, limit)) return -1;
  const open: number[] = [];
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE || d === LF || d === CR) break;
      }
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      while (i < length && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? length : end + 1;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      open.push(c);
      if (open.length > limit) return i;
    } else if ((c === 93 /* ] */ && open[open.length - 1] === 91) || (c === 125 /* } */ && open[open.length - 1] === 123)) {
      open.pop();
    }
  }
  return -1;
}

export function tooDeepMessage(): string {
  return `nested more than ${MAX_JSON_DEPTH} levels deep, so it is not read`;
}

/**
 * jsonc-parser's `parse` for configuration files (tsconfig.json, .vscode/settings.json): a file
 * nested too deep reads as undefined with one error, instead of overflowing the stack.
 */
export function parseJsonc(text: string, errors: ParseError[] = []): unknown {
  const deep = excessiveNestingOffset(text);
  if (deep >= 0) {
    // InvalidSymbol is the nearest of jsonc-parser's codes; callers say why in their own words.
    errors.push({ error: 1 as ParseError['error'], offset: deep, length: 1 });
    return undefined;
  }
  return parse(text, errors, { allowTrailingComma: true });
}

function openersAtMost(text: string, limit: number): boolean {
  let count = 0;
  for (const opener of ['[', '{']) {
    for (let i = text.indexOf(opener); i >= 0; i = text.indexOf(opener, i + 1)) if (++count > limit) return false;
  }
  return true;
}

/**
 * jsonc-parser's `getLocation` (hover, completion): it walks the text recursively too, so a
 * vercel.json nested too deep has no location rather than overflowing the stack.
 */
export function locationAt(text: string, offset: number): Location | undefined {
  return excessiveNestingOffset(text) >= 0 ? undefined : getLocation(text, offset);
}
