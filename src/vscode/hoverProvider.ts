import * as path from 'node:path';
import * as vscode from 'vscode';
import { toVsMarkdown, toVsRange } from './convert';
import { Projects } from './projects';
import { displayTimeZone, getSettings } from './settings';
import { DIAGNOSTIC_SOURCE } from './vercelDiagnostics';

/** Explains schedules, and the route behind each path, in vercel.json on hover (the core's facade answers). */
export class VercelHoverProvider implements vscode.HoverProvider {
  constructor(private readonly projects: Projects) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const file = Projects.fileOf(document.uri);
    if (file === undefined) return undefined;
    const settings = getSettings(document.uri);
    const offset = document.offsetAt(position);
    // VS Code puts the message of every diagnostic under the cursor in this same hover: those
    // problems are not repeated in ours.
    const shownAtCursor = vscode.languages
      .getDiagnostics(document.uri)
      .filter((d) => d.source === DIAGNOSTIC_SOURCE && d.range.contains(position))
      .map((d) => ({ code: String(d.code), message: d.message }));
    await this.projects.ready(file);
    const hover = this.projects.service.hover(file, offset, {
      displayTimeZone: displayTimeZone(settings),
      shownAtCursor,
      fileLink: (root, name) => vscode.Uri.file(path.join(root, name)).toString(),
    });
    return hover && new vscode.Hover(toVsMarkdown(hover.markdown), toVsRange(document, hover.span));
  }
}
