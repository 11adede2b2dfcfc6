import * as vscode from 'vscode';
import { displayTimeZoneOf } from '../core/facade/schedules';
import { readSettings, type Settings } from '../core/facade/settings';

export const SECTION = 'nextCronRoutes';

/** The resource-scoped `nextCronRoutes.*` settings, read through the core's validator. */
export function getSettings(scope: vscode.Uri | undefined): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return readSettings({
    plan: config.get('plan'),
    fluidCompute: config.get('fluidCompute'),
    displayTimeZone: config.get('displayTimeZone'),
    rules: config.get('rules'),
    cronRouteGlob: config.get('cronRouteGlob'),
  }).settings;
}

export function displayTimeZone(settings: Settings): string {
  return displayTimeZoneOf(settings.displayTimeZone);
}
