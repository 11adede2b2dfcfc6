import * as vscode from 'vscode';
import type { Span } from '../core/types';

export function toVsRange(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

export function toVsMarkdown(markdown: string): vscode.MarkdownString {
  const result = new vscode.MarkdownString(markdown, true);
  result.isTrusted = false;
  return result;
}
