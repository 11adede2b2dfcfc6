import * as path from 'node:path';
import * as vscode from 'vscode';
import { getScheduleHover } from '../core/vercel/hover';
import { parseVercelJson } from '../core/vercel/model';
import { getPathHover } from '../core/vercel/pathHover';
import type { Clock } from './clock';
import { toVsMarkdown, toVsRange } from './convert';
import type { Projects } from './projects';
import { displayTimeZone, getSettings } from './settings';

/** Explains schedules, and the route behind each path, in vercel.json on hover. */
export class VercelHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly clock: Clock,
    private readonly projects: Projects,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const settings = getSettings(document.uri);
    const text = document.getText();
    const offset = document.offsetAt(position);
    const schedule = getScheduleHover(text, offset, { now: this.clock.now(), plan: settings.plan, displayTimeZone: displayTimeZone(settings) });
    if (schedule) return new vscode.Hover(toVsMarkdown(schedule.markdown), toVsRange(document, schedule.span));
    const project = await this.projects.forVercelJson(document.uri);
    if (!project) return undefined;
    const root = path.dirname(document.uri.fsPath);
    const hover = getPathHover(parseVercelJson(text), offset, project, (file) => vscode.Uri.file(path.join(root, file)).toString());
    return hover && new vscode.Hover(toVsMarkdown(hover.markdown), toVsRange(document, hover.span));
  }
}
