import { compareCodes } from '../codes';
import { LineMap } from '../positions';
import type { Severity } from '../types';
import type { ProjectFileResult } from './projectCheck';

/** A finding of a project check with 1-based lines and columns (UTF-16), named as reports name files. */
export interface PositionedDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  fixable: boolean;
}

/** Every finding of a project check with its position, by file, line, column and code. */
export function positionedDiagnostics(results: readonly ProjectFileResult[]): PositionedDiagnostic[] {
  const diagnostics: PositionedDiagnostic[] = [];
  for (const result of results) {
    const lines = new LineMap(result.text);
    const file = result.reported;
    for (const finding of result.findings) {
      const start = lines.position(finding.span.start);
      const end = lines.position(finding.span.end);
      diagnostics.push({
        file,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        severity: finding.severity,
        code: finding.code,
        message: finding.message,
        fixable: finding.fixable,
      });
    }
  }
  return diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || compareCodes(a.code, b.code));
}
