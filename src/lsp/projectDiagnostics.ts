/**
 * VS Code's Problems panel (issue #17): the route findings of every project an open document
 * belongs to, published for the project's files that are not open, as the extension showed them
 * before it became a client of this server. Open documents are published with their own text by
 * the server; a file's findings are sent again only when the facade replaced them (it keeps a
 * route's findings until an event reaches what the route read).
 */
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CronService, Finding } from '../core/service';
import { toDiagnostic } from './convert';
import { filePathOf, fileUriOf, type LspWorkspace } from './workspace';

export class ProjectDiagnostics {
  /** What was published per file not open: the findings array the facade answered. */
  private shown = new Map<string, readonly Finding[]>();

  constructor(
    private readonly workspace: LspWorkspace,
    private readonly send: (uri: string, diagnostics: Diagnostic[]) => Promise<void>,
    private readonly relatedInformation: boolean,
  ) {}

  async publish(service: CronService): Promise<void> {
    // Each project once, named by an open document of it: its configuration file may be vercel.json, vercel.toml, vercel.ts… or none.
    const roots = new Map<string, string>();
    for (const document of this.workspace.openDocuments()) {
      const file = filePathOf(document.uri);
      const root = file === undefined ? undefined : service.projectRoot(file);
      if (root !== undefined && file !== undefined && !roots.has(root)) roots.set(root, file);
    }
    const shown = new Map<string, readonly Finding[]>();
    for (const [root, opened] of roots) {
      const project = service.routeDiagnostics(opened);
      if (!project || project.root !== root) continue;
      const related = this.relatedInformation ? (name: string) => this.workspace.textDocumentAt(path.join(root, name)) : undefined;
      for (const [name, findings] of project.files) {
        const file = path.join(root, name);
        if (this.workspace.documentAt(file)) continue;
        const uri = fileUriOf(file);
        shown.set(uri, findings);
        if (this.shown.get(uri) === findings) continue;
        // Positions come from the text the findings were computed on.
        const document = TextDocument.create(uri, '', 0, project.text(name));
        await this.send(uri, findings.map((finding) => toDiagnostic(document, finding, related)));
      }
    }
    for (const uri of this.shown.keys()) {
      const file = filePathOf(uri);
      if (!shown.has(uri) && file !== undefined && !this.workspace.documentAt(file)) await this.send(uri, []);
    }
    this.shown = shown;
  }
}
