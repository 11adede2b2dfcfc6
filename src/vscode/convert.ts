import * as vscode from 'vscode';
import type { LineMap, Span } from '../core/service';

export function toVsRange(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

/** A span of a text that is not (or not necessarily) open as a document. */
export function toVsRangeIn(lines: LineMap, span: Span): vscode.Range {
  const start = lines.position(span.start);
  const end = lines.position(span.end);
  return new vscode.Range(start.line - 1, start.column - 1, end.line - 1, end.column - 1);
}

export function toVsMarkdown(markdown: string): vscode.MarkdownString {
  const result = new vscode.MarkdownString(markdown, true);
  result.isTrusted = false;
  return result;
}
