import * as path from 'node:path';
import * as vscode from 'vscode';
import { getScheduleHover } from '../core/vercel/hover';
import { getPathHover } from '../core/vercel/pathHover';
import type { Clock } from './clock';
import { toVsMarkdown, toVsRange } from './convert';
import type { Projects } from './projects';
import type { VercelDocs } from './vercelDocs';
import { displayTimeZone, getSettings } from './settings';
import { DIAGNOSTIC_SOURCE } from './vercelDiagnostics';

/** Explains schedules, and the route behind each path, in vercel.json on hover. */
export class VercelHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly clock: Clock,
    private readonly projects: Projects,
    private readonly docs: VercelDocs,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const settings = getSettings(document.uri);
    const doc = this.docs.get(document);
    const offset = document.offsetAt(position);
    // VS Code puts the message of every diagnostic under the cursor in this same hover: those
    // problems are not repeated in ours.
    const shownAtCursor = vscode.languages
      .getDiagnostics(document.uri)
      .filter((d) => d.source === DIAGNOSTIC_SOURCE && d.range.contains(position))
      .map((d) => ({ code: String(d.code), message: d.message }));
    const schedule = getScheduleHover(doc, offset, {
      now: this.clock.now(),
      plan: settings.plan,
      displayTimeZone: displayTimeZone(settings),
      rules: settings.rules,
      shownAtCursor,
    });
    if (schedule) return new vscode.Hover(toVsMarkdown(schedule.markdown), toVsRange(document, schedule.span));
    const project = await this.projects.forVercelJson(document.uri);
    if (!project) return undefined;
    const root = path.dirname(document.uri.fsPath);
    const hover = getPathHover(doc, offset, project, (file) => vscode.Uri.file(path.join(root, file)).toString());
    return hover && new vscode.Hover(toVsMarkdown(hover.markdown), toVsRange(document, hover.span));
  }
}
