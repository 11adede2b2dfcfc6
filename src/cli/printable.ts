/**
 * Text the CLI prints comes partly from the project and the command line: a cron path with BEL or
 * ESC in it, a file name with a line break, a Unicode bidi override. Printed raw, those ring the
 * terminal, recolour or move it, reorder what it shows, or forge a whole diagnostic line. Every
 * line of check, fix and explain's text output goes through `printable`; JSON and SARIF escape on
 * their own.
 */

/** C0 controls (tab and line breaks included), DEL, C1 controls, bidi embeddings/overrides and isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escape(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line as it may be printed: each unprintable character as `\x1b` or `\u202e`. */
export function printable(line: string): string {
  return line.replace(UNPRINTABLE, escape);
}

/** Lines joined for printing, each made printable (a line break inside one stays inside it). */
export function printableLines(lines: readonly string[]): string {
  return lines.map(printable).join('\n');
}

/**
 * `text` made printable, with where each of its offsets went: carets drawn under the escaped
 * text still point at the characters they meant.
 */
export function printableWithOffsets(text: string): { text: string; offset: (original: number) => number } {
  const offsets: number[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    offsets.push(out.length);
    const char = text[i]!;
    out += UNPRINTABLE.test(char) ? escape(char) : char;
    UNPRINTABLE.lastIndex = 0;
  }
  offsets.push(out.length);
  return { text: out, offset: (original) => offsets[Math.max(0, Math.min(original, text.length))]! };
}
