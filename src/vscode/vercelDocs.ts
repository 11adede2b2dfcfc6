import type * as vscode from 'vscode';
import { parseVercelJson, type VercelDoc } from '../core/vercel/model';

/**
 * One parse of each open vercel.json per document version, shared by diagnostics, hover and
 * CodeLens: a hover or a lens refresh on an unchanged document costs no parsing at all.
 */
export class VercelDocs {
  private readonly parsed = new Map<string, { version: number; doc: VercelDoc }>();

  get(document: vscode.TextDocument): VercelDoc {
    const key = document.uri.toString();
    const cached = this.parsed.get(key);
    if (cached && cached.version === document.version) return cached.doc;
    const doc = parseVercelJson(document.getText());
    this.parsed.set(key, { version: document.version, doc });
    return doc;
  }

  forget(uri: vscode.Uri): void {
    this.parsed.delete(uri.toString());
  }
}
