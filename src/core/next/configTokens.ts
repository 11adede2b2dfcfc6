/**
 * The tokens of a next.config file: enough of JavaScript's lexical grammar (strings, templates,
 * regular expressions, comments, numbers, punctuators) that the evaluator never mistakes the
 * inside of a string or a regex for code.
 */
export interface Token {
  type: 'ident' | 'num' | 'str' | 'punct' | 'regex';
  /** Identifier name, punctuator, or the cooked string (templates with `${}` have none). */
  value: string;
  /** A template literal with substitutions: not a literal value. */
  dynamic?: boolean;
  /** A line break precedes the token (for automatic semicolon insertion). */
  nl: boolean;
}

const PUNCTUATORS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '<<',
  '>>',
];
const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);
const ID_START = /[A-Za-z_$\u0080-\uffff]/;
const ID_PART = /[\w$\u0080-\uffff]/;
const NUMBER = /0[xXbBoO][\da-fA-F_]+n?|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?n?/y;

/**
 * Splits JS/TS text into tokens, dropping comments. Tokens inside template substitutions
 * (`${…}`) are dropped too: such a template is only ever "not a literal". Never throws.
 */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  if (src.startsWith('#!')) i = src.includes('\n') ? src.indexOf('\n') : src.length;
  let nl = false;
  let prev: Token | undefined;
  // One entry per open `${`: how many `{` are open inside that substitution.
  const substitutions: number[] = [];
  const push = (type: Token['type'], value: string, dynamic = false) => {
    prev = { type, value, nl, dynamic };
    if (substitutions.length === 0) tokens.push(prev);
    nl = false;
  };
  const template = (from: number, opening: boolean) => {
    const t = readTemplate(src, from);
    if (opening) push('str', t.value, t.substitution);
    if (t.substitution) substitutions.push(0);
    i = t.end;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') {
      nl = true;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0 || src.slice(i, end).includes('\n')) nl = true;
      i = end < 0 ? src.length : end + 2;
    } else if (c === '"' || c === "'") {
      const s = readQuoted(src, i, c);
      push('str', s.value);
      i = s.end;
    } else if (c === '`') {
      template(i + 1, true);
    } else if (c === '}' && substitutions.length > 0 && substitutions[substitutions.length - 1] === 0) {
      // The end of a `${…}`: the template's text goes on.
      substitutions.pop();
      template(i + 1, false);
    } else if (ID_START.test(c)) {
      let j = i + 1;
      while (j < src.length && ID_PART.test(src[j])) j++;
      push('ident', src.slice(i, j));
      i = j;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(src[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src);
      const len = m ? m[0].length : 1;
      push('num', src.slice(i, i + len));
      i += len;
    } else if (c === '/' && regexAllowed(prev) && readRegex(src, i) > 0) {
      const end = readRegex(src, i);
      push('regex', src.slice(i, end));
      i = end;
    } else {
      const p = PUNCTUATORS.find((q) => src.startsWith(q, i)) ?? c;
      if (substitutions.length > 0 && (p === '{' || p === '}')) substitutions[substitutions.length - 1] += p === '{' ? 1 : -1;
      push('punct', p);
      i += p.length;
    }
  }
  return tokens;
}

function regexAllowed(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.type === 'punct') return ![')', ']', '}', '++', '--'].includes(prev.value);
  if (prev.type === 'ident') return REGEX_AFTER_WORDS.has(prev.value);
  return false;
}

/** The end of a regex literal starting at `start`, or -1 when it is really a division. */
function readRegex(src: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < src.length) {
    const c = src[i];
    if (c === '\n' || c === '\r') return -1;
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      i++;
      while (i < src.length && ID_PART.test(src[i])) i++;
      return i;
    }
    i++;
  }
  return -1;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Decodes one escape after a backslash at `i`; returns the text and the index after it. */
function readEscape(src: string, i: number): { text: string; end: number } {
  const c = src[i] ?? '';
  if (c in SIMPLE_ESCAPES && !(c === '0' && /\d/.test(src[i + 1] ?? ''))) return { text: SIMPLE_ESCAPES[c], end: i + 1 };
  if (c === '\r') return { text: '', end: src[i + 1] === '\n' ? i + 2 : i + 1 };
  if (c === '\n' || c === '\u2028' || c === '\u2029') return { text: '', end: i + 1 };
  const hex = c === 'x' ? /^[\da-fA-F]{2}/.exec(src.slice(i + 1, i + 3)) : null;
  if (hex) return { text: String.fromCharCode(parseInt(hex[0], 16)), end: i + 3 };
  if (c === 'u') {
    const m = /^\{([\da-fA-F]{1,6})\}|^([\da-fA-F]{4})/.exec(src.slice(i + 1, i + 9));
    const code = m ? parseInt(m[1] ?? m[2], 16) : NaN;
    if (m && code <= 0x10ffff) return { text: String.fromCodePoint(code), end: i + 1 + m[0].length };
  }
  return { text: c, end: i + 1 };
}

function readQuoted(src: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < src.length && src[i] !== quote && src[i] !== '\n') {
    if (src[i] === '\\') {
      const e = readEscape(src, i + 1);
      value += e.text;
      i = e.end;
    } else value += src[i++];
  }
  return { value, end: Math.min(i + 1, src.length) };
}

/** Reads template text from `start` up to the closing backtick or a `${`. */
function readTemplate(src: string, start: number): { value: string; end: number; substitution: boolean } {
  let value = '';
  let i = start;
  while (i < src.length) {
    const c = src[i];
    if (c === '`') return { value, end: i + 1, substitution: false };
    if (c === '$' && src[i + 1] === '{') return { value, end: i + 2, substitution: true };
    if (c === '\\') {
      const e = readEscape(src, i + 1);
      value += e.text;
      i = e.end;
    } else {
      value += c;
      i++;
    }
  }
  return { value, end: i, substitution: false };
}

export function isPunct(t: Token | undefined, value: string): boolean {
  return t?.type === 'punct' && t.value === value;
}

export function isIdent(t: Token | undefined, value?: string): boolean {
  return t?.type === 'ident' && (value === undefined || t.value === value);
}

/** Opening brackets and their partners. */
export const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** For each opening bracket token, the index after its closing partner (or the end); else 0. */
export function matchBrackets(tokens: Token[]): Int32Array {
  const closing = new Int32Array(tokens.length);
  const open: number[] = [];
  tokens.forEach((tok, i) => {
    if (tok.type !== 'punct') return;
    if (tok.value in OPEN) open.push(i);
    else if (tok.value === ')' || tok.value === ']' || tok.value === '}') {
      const at = open.pop();
      if (at !== undefined) closing[at] = i + 1;
    }
  });
  for (const at of open) closing[at] = tokens.length;
  return closing;
}
