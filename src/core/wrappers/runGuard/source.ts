/** Writes one module in TypeScript or in plain JavaScript from the same template. */
export interface Source {
  typed: boolean;
  /** A type annotation, or nothing in JavaScript. */
  t(annotation: string): string;
  /** Lines that exist only in TypeScript (interfaces, type aliases). */
  typesOnly(lines: string): string;
}

export function source(typed: boolean): Source {
  return {
    typed,
    t: (annotation) => (typed ? annotation : ''),
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
