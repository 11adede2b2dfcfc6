/** Half-open character range `[start, end)` in UTF-16 code units, as JavaScript strings count. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A finding of the core, before it becomes an editor diagnostic or a CLI line. */
export interface Problem {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
}

/** A text replacement, the same shape as jsonc-parser's `Edit`. */
export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
