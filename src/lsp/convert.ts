/**
 * The core's plain data as LSP data. Spans are UTF-16 offsets, as LSP's default position
 * encoding counts: every conversion goes through the document's positionAt/offsetAt.
 */
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CodeLens,
  type CompletionItem,
  CompletionItemKind,
  type CreateFile,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  DiagnosticSeverity,
  type Range,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { CompletionResult, CoreCodeLens, Finding, Fix, Severity, Span, TextEdit as CoreTextEdit } from '../core/service';

/** The `source` of every diagnostic the server publishes (the same as the extension's). */
export const DIAGNOSTIC_SOURCE = 'next-cron-routes';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries back to the server in `codeAction` (clients that keep `data`): the finding's span. */
export interface DiagnosticData {
  start: number;
  end: number;
}

export function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

/**
 * A finding as a diagnostic. `related` places are named relative to the project root; they are
 * linked only when the client shows related information and the file can be read.
 */
export function toDiagnostic(document: TextDocument, finding: Finding, related?: (file: string) => TextDocument | undefined): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(document, finding.span),
    severity: SEVERITIES[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.code,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data: { start: finding.span.start, end: finding.span.end } satisfies DiagnosticData,
  };
  if (related && finding.related?.length) {
    const information: DiagnosticRelatedInformation[] = [];
    for (const place of finding.related) {
      const target = related(place.file);
      if (target) information.push({ location: { uri: target.uri, range: toRange(target, place.span) }, message: place.message });
    }
    if (information.length) diagnostic.relatedInformation = information;
  }
  return diagnostic;
}

/** The span a client's diagnostic stands for: its `data` when the client kept it, else its range. */
export function spanOfDiagnostic(document: TextDocument, diagnostic: { range?: unknown; data?: unknown }): Span | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (data && Number.isInteger(data.start) && Number.isInteger(data.end)) return { start: data.start!, end: data.end! };
  return spanOfRange(document, diagnostic.range);
}

/** A client's range as offsets in `document`; undefined when it is no range. */
export function spanOfRange(document: TextDocument, value: unknown): Span | undefined {
  const range = value as Range | undefined;
  if (!isPosition(range?.start) || !isPosition(range?.end)) return undefined;
  return { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
}

function isPosition(value: unknown): value is { line: number; character: number } {
  const position = value as { line?: unknown; character?: unknown } | undefined;
  return typeof position?.line === 'number' && typeof position.character === 'number' && Number.isFinite(position.line) && Number.isFinite(position.character);
}

/** What the client can apply, from its `workspace.workspaceEdit` capabilities. */
export interface EditSupport {
  documentChanges: boolean;
  createFiles: boolean;
}

/**
 * Collects the edits of one or more fixes into one WorkspaceEdit: edits per file (text of files
 * other than the finding's is read through `documentAt`, open or from disk) and files to create.
 */
export class WorkspaceEditBuilder {
  private readonly edits = new Map<string, { document: TextDocument; version: number | null; edits: TextEdit[] }>();
  private readonly creates = new Map<string, string>();

  constructor(
    private readonly support: EditSupport,
    /** A file's document by path: the open one (with its version) or one made from the disk's text. */
    private readonly documentAt: (file: string) => { document: TextDocument; open: boolean } | undefined,
    private readonly uriOf: (file: string) => string,
  ) {}

  /**
   * Whether the fix can be expressed for this client: a fix that creates a file needs a client
   * that creates files, and every file it edits must be readable.
   */
  canAdd(fix: Fix, root: string): boolean {
    if (fix.createFiles?.length && !(this.support.documentChanges && this.support.createFiles)) return false;
    return (fix.fileEdits ?? []).every((other) => this.documentAt(path.join(root, other.file)) !== undefined);
  }

  /** Adds a fix of a finding in `file` (whose document is `document`); `root` is the project root its other files are relative to. */
  add(fix: Fix, file: string, document: TextDocument, open: boolean, root: string): void {
    this.addEdits(file, document, open, fix.edits);
    for (const other of fix.fileEdits ?? []) {
      const target = path.join(root, other.file);
      const found = this.documentAt(target);
      if (found) this.addEdits(target, found.document, found.open, other.edits);
    }
    for (const created of fix.createFiles ?? []) this.creates.set(path.join(root, created.file), created.content);
  }

  isEmpty(): boolean {
    return this.edits.size === 0 && this.creates.size === 0;
  }

  build(): WorkspaceEdit {
    if (!this.support.documentChanges) {
      const changes: Record<string, TextEdit[]> = {};
      for (const [file, entry] of this.edits) changes[this.uriOf(file)] = entry.edits;
      return { changes };
    }
    const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
    for (const [file, content] of this.creates) {
      const uri = this.uriOf(file);
      documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: content }] });
    }
    for (const [file, entry] of this.edits) documentChanges.push({ textDocument: { uri: this.uriOf(file), version: entry.version }, edits: entry.edits });
    return { documentChanges };
  }

  private addEdits(file: string, document: TextDocument, open: boolean, edits: readonly CoreTextEdit[]): void {
    if (!edits.length) return;
    let entry = this.edits.get(file);
    if (!entry) this.edits.set(file, (entry = { document, version: open ? document.version : null, edits: [] }));
    for (const edit of edits) entry.edits.push({ range: toRange(document, { start: edit.offset, end: edit.offset + edit.length }), newText: edit.content });
  }
}

/**
 * The core's hover Markdown for any client: VS Code's theme icons (`$(warning)`) mean nothing to
 * other editors, which would show the text as is; a word in bold says the same.
 */
export function portableMarkdown(markdown: string): string {
  const words: Record<string, string> = { error: 'Error', warning: 'Warning', info: 'Info', lightbulb: 'Hint' };
  return markdown.replace(/\$\((error|warning|info|lightbulb)\)/g, (_, icon: string) => `**${words[icon]}**`);
}

export function toCompletionItems(document: TextDocument, result: CompletionResult): CompletionItem[] {
  const range = result.replace && toRange(document, result.replace);
  return result.items.map((item) => ({
    label: item.label,
    kind: CompletionItemKind.Value,
    detail: item.detail,
    sortText: item.sortText,
    // The range holds the string's quotes: clients filter the typed text (quote included) against this.
    filterText: item.insertText,
    ...(range ? { textEdit: { range, newText: item.insertText } } : { insertText: item.insertText }),
  }));
}

/**
 * A lens is a title over a cron entry. Its command is empty, which clients show as text that does
 * nothing when clicked: Trigger Cron Route needs the editor's UI (a later stage of issue #17).
 */
export function toCodeLens(document: TextDocument, lens: CoreCodeLens): CodeLens {
  return { range: toRange(document, lens.span), command: { title: lens.title, command: '', arguments: lens.path === undefined ? [] : [lens.path] } };
}
