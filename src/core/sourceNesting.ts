/**
 * TypeScript's parser recurses on nested calls, arrays, objects and parentheses, and overflows
 * the call stack between ~640 and ~880 levels (measured on ts 6.0.2 under Node 20). A route
 * file nested that deep is not parsed at all, so the answer is the same on every machine
 * rather than depending on where the stack happens to end.
 */
export const MAX_SOURCE_NESTING = 256;

const TEMPLATE = 0x60; // `
const TEMPLATE_EXPRESSION = -1; // the `{` of a `${`

/**
 * The offset of the first bracket nested deeper than `limit` in JavaScript or TypeScript
 * source, or -1. Strings, comments and template text are skipped; a closer pops only its
 * own opener. Regular expressions are read as code, which can only count more depth, never less.
 */
export function excessiveSourceNesting(text: string, limit: number = MAX_SOURCE_NESTING): number {
  // Nesting deeper than `limit` needs more than `limit` openers: counting them with indexOf (native,
  // vectorised) clears an ordinary file in a fraction of the character-by-character scan below.
  if (openersAtMost(text, limit)) return -1;
  const open: number[] = [];
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (open[open.length - 1] === TEMPLATE) {
      if (c === 0x5c /* \ */) i++;
      else if (c === TEMPLATE) open.pop();
      else if (c === 0x24 /* $ */ && text.charCodeAt(i + 1) === 0x7b /* { */) {
        open.push(TEMPLATE_EXPRESSION);
        if (open.length > limit) return i;
        i++;
      }
      continue;
    }
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      for (i++; i < length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === c || d === 0x0a || d === 0x0d) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? length : end + 1;
    } else if (c === TEMPLATE || c === 0x28 /* ( */ || c === 0x5b /* [ */ || c === 0x7b /* { */) {
      open.push(c);
      if (open.length > limit) return i;
    } else if (c === 0x29 /* ) */ || c === 0x5d /* ] */ || c === 0x7d /* } */) {
      const top = open[open.length - 1];
      if ((c === 0x29 && top === 0x28) || (c === 0x5d && top === 0x5b) || (c === 0x7d && (top === 0x7b || top === TEMPLATE_EXPRESSION))) open.pop();
    }
  }
  return -1;
}

/** Whether the text has at most `limit` opening brackets and backquotes in all. */
function openersAtMost(text: string, limit: number): boolean {
  let count = 0;
  for (const opener of OPENERS) {
    for (let i = text.indexOf(opener); i >= 0; i = text.indexOf(opener, i + 1)) if (++count > limit) return false;
  }
  return true;
}

const OPENERS = ['(', '[', '{', '`'];
