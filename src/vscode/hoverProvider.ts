import * as vscode from 'vscode';
import { getScheduleHover } from '../core/vercel/hover';
import type { Clock } from './clock';
import { toVsMarkdown, toVsRange } from './convert';
import { displayTimeZone, getSettings } from './settings';

/** Explains cron schedules in vercel.json on hover. */
export class ScheduleHoverProvider implements vscode.HoverProvider {
  constructor(private readonly clock: Clock) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const settings = getSettings(document.uri);
    const hover = getScheduleHover(document.getText(), document.offsetAt(position), {
      now: this.clock.now(),
      plan: settings.plan,
      displayTimeZone: displayTimeZone(settings),
    });
    return hover && new vscode.Hover(toVsMarkdown(hover.markdown), toVsRange(document, hover.span));
  }
}
