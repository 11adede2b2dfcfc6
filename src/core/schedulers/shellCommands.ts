/**
 * The simple commands of a shell script (a workflow step's `run:`), each a list of words with
 * where they are written, and each word's value as the shell would build it. The split into
 * commands and words is ours, because `shell-quote` keeps no positions and reads a script as one
 * line: newlines, `;`, `&&`, `||`, `|`, `&` and parentheses end a command, `\` before a newline
 * joins lines, comments and here-documents are skipped, redirections and their targets are no
 * words, and the commands inside `$(…)` and backticks are commands too. Each word's value is
 * then `shell-quote`'s reading of it (quotes, escapes, `$VAR`, `${VAR}`), with every expansion
 * kept as a reference rather than a guess. GitHub substitutes `${{ … }}` before the shell runs:
 * such an expression is one reference, wherever it stands.
 *
 * Bounded by the script's length: every character is visited a bounded number of times, and
 * nesting (`$(…)` inside `$(…)`) is followed only MAX_NESTING levels deep.
 */
import { parse } from 'shell-quote';
import type { Span } from '../types';

/** A part of a word's value: literal text, or what an expansion stands for. */
export type WordPart =
  | { kind: 'text'; text: string }
  /** `$NAME` or `${NAME}`. */
  | { kind: 'variable'; name: string }
  /** `${{ … }}`, with what is between the braces, trimmed. */
  | { kind: 'expression'; text: string }
  /** Anything the shell computes when it runs: `$(…)`, `$1`, `${NAME:-x}`, a glob. */
  | { kind: 'computed' };

export interface ShellWord {
  /** The word as written, quotes included. */
  raw: string;
  /** Where it is written in the script. */
  span: Span;
  /** Its value, undefined when shell-quote cannot read it as one word. */
  parts: WordPart[] | undefined;
}

export interface ShellCommand {
  words: ShellWord[];
}

/** `$(…)` inside `$(…)`: deeper ones are skipped, not read. */
const MAX_NESTING = 8;

/** The simple commands of `script`, in the order they start (a substitution's commands after the command holding it). */
export function shellCommands(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  new Scanner(script, 0, script.length, commands, 0).run();
  return commands;
}

const EXPRESSION_OPEN = '${{';
const EXPRESSION_CLOSE = '}}';

class Scanner {
  private at: number;
  private words: ShellWord[] = [];
  private wordStart = -1;
  /** The next word is a redirection's target, not an argument. */
  private redirectTarget = false;
  /** Here-document delimiters whose bodies start after the current line. */
  private pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];
  private heredocOperator: { stripTabs: boolean } | undefined;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
    private readonly out: ShellCommand[],
    private readonly depth: number,
  ) {
    this.at = start;
  }

  run(): void {
    const { text } = this;
    while (this.at < this.end) {
      const c = text[this.at]!;
      if (c === '\\' && text[this.at + 1] === '\n') {
        // A line continuation joins the lines; it separates nothing by itself.
        this.at += 2;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        this.endWord();
        this.at++;
        continue;
      }
      if (c === '\n') {
        this.endWord();
        this.endCommand();
        this.at++;
        this.skipHeredocBodies();
        continue;
      }
      if (c === '#' && this.wordStart < 0) {
        while (this.at < this.end && text[this.at] !== '\n') this.at++;
        continue;
      }
      if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        this.endWord();
        this.endCommand();
        this.at++;
        continue;
      }
      if (c === '<' || c === '>') {
        this.redirection();
        continue;
      }
      if (this.wordStart < 0) this.wordStart = this.at;
      this.wordCharacter();
    }
    this.endWord();
    this.endCommand();
  }

  /** Consumes one unit of a word: a quoted string, an expansion, an escaped or a plain character. */
  private wordCharacter(): void {
    const { text } = this;
    const c = text[this.at]!;
    if (text.startsWith(EXPRESSION_OPEN, this.at)) {
      this.at = this.expressionEnd(this.at);
    } else if (c === "'") {
      const close = text.indexOf("'", this.at + 1);
      this.at = close < 0 || close >= this.end ? this.end : close + 1;
    } else if (c === '"') {
      this.doubleQuoted();
    } else if (c === '\\') {
      this.at = Math.min(this.at + 2, this.end);
    } else if (c === '`') {
      this.backticks();
    } else if (c === '$' && text[this.at + 1] === '(') {
      this.substitution();
    } else if (c === '$' && text[this.at + 1] === '{') {
      this.at = this.braceEnd(this.at + 2);
    } else {
      this.at++;
    }
  }

  private doubleQuoted(): void {
    const { text } = this;
    this.at++;
    while (this.at < this.end && text[this.at] !== '"') {
      const c = text[this.at]!;
      if (text.startsWith(EXPRESSION_OPEN, this.at)) this.at = this.expressionEnd(this.at);
      else if (c === '\\') this.at = Math.min(this.at + 2, this.end);
      else if (c === '`') this.backticks();
      else if (c === '$' && text[this.at + 1] === '(') this.substitution();
      else if (c === '$' && text[this.at + 1] === '{') this.at = this.braceEnd(this.at + 2);
      else this.at++;
    }
    this.at = Math.min(this.at + 1, this.end);
  }

  /** After `${{ … }}` (GitHub's, substituted before the shell runs). */
  private expressionEnd(from: number): number {
    const close = this.text.indexOf(EXPRESSION_CLOSE, from + EXPRESSION_OPEN.length);
    return close < 0 || close + EXPRESSION_CLOSE.length > this.end ? this.end : close + EXPRESSION_CLOSE.length;
  }

  /** After the `}` closing a `${`, counting the braces between. */
  private braceEnd(from: number): number {
    let depth = 1;
    let at = from;
    while (at < this.end && depth > 0) {
      const c = this.text[at]!;
      if (c === '\\') at++;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      at++;
    }
    return Math.min(at, this.end);
  }

  /** `$(…)`: its commands are read too; `$((…))` is arithmetic and holds none. */
  private substitution(): void {
    const open = this.at + 2;
    const close = this.closingParen(open);
    const arithmetic = this.text[open] === '(';
    if (!arithmetic && this.depth < MAX_NESTING) new Scanner(this.text, open, close, this.out, this.depth + 1).run();
    this.at = Math.min(close + 1, this.end);
  }

  /** `` `…` ``: the old spelling of `$(…)`. */
  private backticks(): void {
    let close = this.at + 1;
    while (close < this.end && this.text[close] !== '`') close += this.text[close] === '\\' ? 2 : 1;
    close = Math.min(close, this.end);
    if (this.depth < MAX_NESTING) new Scanner(this.text, this.at + 1, close, this.out, this.depth + 1).run();
    this.at = Math.min(close + 1, this.end);
  }

  /** Where the `)` matching an opened `(` stands (quote-aware), or the end. */
  private closingParen(from: number): number {
    const { text } = this;
    let depth = 1;
    let at = from;
    while (at < this.end) {
      const c = text[at]!;
      if (c === '\\') at += 2;
      else if (c === "'") {
        const close = text.indexOf("'", at + 1);
        at = close < 0 ? this.end : close + 1;
      } else if (c === '"') {
        at++;
        while (at < this.end && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
        at++;
      } else if (c === '(') {
        depth++;
        at++;
      } else if (c === ')') {
        if (--depth === 0) return at;
        at++;
      } else at++;
    }
    return this.end;
  }

  /** `>`, `>>`, `>&`, `<`, `<<`, `<<-`, `<<<`, with a file descriptor number before: none of it is an argument. */
  private redirection(): void {
    const { text } = this;
    if (this.wordStart >= 0 && /^\d+$/.test(text.slice(this.wordStart, this.at))) this.wordStart = -1;
    this.endWord();
    if (text.startsWith('<<<', this.at)) this.at += 3;
    else if (text.startsWith('<<', this.at)) {
      const stripTabs = text[this.at + 2] === '-';
      this.at += stripTabs ? 3 : 2;
      this.heredocOperator = { stripTabs };
    } else {
      this.at++;
      if (text[this.at] === '>' || text[this.at] === '&' || text[this.at] === '|') this.at++;
    }
    this.redirectTarget = true;
  }

  private endWord(): void {
    if (this.wordStart < 0) return;
    const span = { start: this.wordStart, end: this.at };
    const raw = this.text.slice(span.start, span.end);
    this.wordStart = -1;
    if (this.heredocOperator) {
      this.pendingHeredocs.push({ delimiter: raw.replace(/["'\\]/g, ''), stripTabs: this.heredocOperator.stripTabs });
      this.heredocOperator = undefined;
      this.redirectTarget = false;
      return;
    }
    if (this.redirectTarget) {
      this.redirectTarget = false;
      return;
    }
    this.words.push({ raw, span, parts: wordParts(raw) });
  }

  private endCommand(): void {
    if (this.words.length) this.out.push({ words: this.words });
    this.words = [];
    this.redirectTarget = false;
  }

  /** At a line's start: skips the bodies of the here-documents the line before opened. */
  private skipHeredocBodies(): void {
    const { text } = this;
    for (const { delimiter, stripTabs } of this.pendingHeredocs) {
      while (this.at < this.end) {
        let lineEnd = text.indexOf('\n', this.at);
        if (lineEnd < 0 || lineEnd > this.end) lineEnd = this.end;
        const line = text.slice(this.at, lineEnd).replace(/\r$/, '');
        this.at = Math.min(lineEnd + 1, this.end);
        if ((stripTabs ? line.replace(/^\t+/, '') : line) === delimiter) break;
      }
    }
    this.pendingHeredocs = [];
  }
}

/** A marker no script holds, around the index of a reference in a word's value. */
const MARK = '\u0000';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A word's value through shell-quote: each `${{ … }}` is first replaced by a `${…}` that
 * shell-quote hands to the lookup, which answers with a marker; the markers are then split out.
 * Undefined when the word does not read as one word (shell-quote split it or refused it).
 */
export function wordParts(raw: string): WordPart[] | undefined {
  // shell-quote reads backticks as plain text; what they run is computed.
  if (raw.includes('`')) return [{ kind: 'computed' }];
  const references: WordPart[] = [];
  const reference = (part: WordPart) => `${MARK}${references.push(part) - 1}${MARK}`;
  const expressions: string[] = [];
  const prepared = raw.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, inner: string) => `\${__github_expression_${expressions.push(inner.trim()) - 1}}`);
  let entries: ReturnType<typeof parse>;
  try {
    entries = parse(prepared, (key: string) => {
      const expression = /^__github_expression_(\d+)$/.exec(key);
      if (expression) return reference({ kind: 'expression', text: expressions[Number(expression[1])]! });
      return reference(NAME.test(key) ? { kind: 'variable', name: key } : { kind: 'computed' });
    });
  } catch {
    return undefined;
  }
  if (entries.length !== 1) return undefined;
  const entry = entries[0]!;
  let value: string;
  if (typeof entry === 'string') value = entry;
  // An unquoted `?` or `*` (a URL's query): bash keeps the word as written when no file matches.
  else if ('op' in entry && entry.op === 'glob') value = entry.pattern;
  else return undefined;
  const parts: WordPart[] = [];
  value.split(MARK).forEach((piece, index) => {
    if (index % 2 === 0) {
      if (piece) parts.push({ kind: 'text', text: piece });
    } else parts.push(references[Number(piece)] ?? { kind: 'computed' });
  });
  return parts;
}

/** The literal text of a word, when it has no expansion. */
export function literalWord(word: ShellWord): string | undefined {
  if (!word.parts) return undefined;
  return word.parts.every((part) => part.kind === 'text') ? word.parts.map((part) => (part as { text: string }).text).join('') : undefined;
}
