import { stringLiteral } from '../next/guardTemplate';

/** Writes one generated helper module in TypeScript or in plain JavaScript from the same template. */
export interface Source {
  typed: boolean;
  /** The TypeScript spelling (a type annotation), or the JavaScript one (nothing unless given). */
  t(typescript: string, javascript?: string): string;
  /** Lines that exist only in TypeScript (interfaces, type aliases). */
  typesOnly(lines: string): string;
}

export function source(typed: boolean): Source {
  return {
    typed,
    t: (typescript, javascript = '') => (typed ? typescript : javascript),
    typesOnly: (lines) => (typed ? lines : ''),
  };
}

/** Joins blocks with one blank line between them, dropping empty ones. */
export function blocks(...parts: string[]): string {
  return parts
    .map((part) => part.replace(/^\n+|\n+$/g, ''))
    .filter((part) => part !== '')
    .join('\n\n');
}

/**
 * A string literal in canonical single quotes, as generated call sites carry job names and schedules:
 * every character that cannot stand in a literal is escaped (applyStyle turns it into the file's quotes).
 */
export function singleQuoted(text: string): string {
  return stringLiteral(text, "'");
}
