import type { Location } from 'jsonc-parser';
import { locationAt } from '../jsonc';
import { explainCron } from '../cron/engine';
import type { Plan } from '../settings';
import type { ProjectView } from './project';

export interface CoreCompletion {
  label: string;
  /** The full JSON string to insert, quotes included. */
  insertText: string;
  detail: string;
  sortText: string;
}

export interface CompletionResult {
  items: CoreCompletion[];
  /** The range the items replace: the string under the cursor, quotes included. */
  replace: { start: number; end: number } | undefined;
}

const PRESETS = ['0 3 * * *', '0 0 * * *', '0 9 * * 1-5', '0 8 * * 1', '0 0 1 * *', '*/15 * * * *', '*/5 * * * *', '0 * * * *', '30 2 * * 0'];

function stringAt(location: Location, offset: number): { start: number; end: number } | undefined {
  const node = location.previousNode;
  if (node && node.type === 'string' && offset >= node.offset && offset <= node.offset + node.length) return { start: node.offset, end: node.offset + node.length };
  return undefined;
}

/**
 * Completions inside a cron entry: URL paths of the app's routes for `path` (cron-looking
 * ones first; in a project without Next.js, of its api/ functions), and schedules valid for the
 * plan with what they mean for `schedule`.
 */
export function getCompletions(text: string, offset: number, project: ProjectView | undefined, plan: Plan, now: Date): CompletionResult {
  const location = locationAt(text, offset);
  if (!location || location.isAtPropertyKey) return { items: [], replace: undefined };
  const replace = stringAt(location, offset);
  if (location.matches(['crons', '*', 'path']) && project && project.app().kind !== 'next') {
    // Another Vercel project: the paths of its api/ functions (a framework's own routes are not files).
    const items = project
      .app()
      .apiFunctions.filter((f) => !f.includes('['))
      .map((file) => {
        const url = `/${file.replace(/\.[^./]+$/, '').replace(/\/index$/, '')}`;
        const cronish = /cron|job|task|schedule/i.test(url);
        return { label: url, insertText: JSON.stringify(url), detail: file, sortText: `${cronish ? 0 : 1}${url}` };
      });
    return { items, replace };
  }
  if (location.matches(['crons', '*', 'path']) && project) {
    const basePath = project.config.basePath;
    const items = project.routes
      .routes()
      .filter((r) => !r.pattern.includes('['))
      .map((r) => {
        const url = `${basePath}${r.pattern}${project.config.trailingSlash ? '/' : ''}`;
        const cronish = /cron|job|task|schedule/i.test(r.pattern);
        return { label: url, insertText: JSON.stringify(url), detail: r.file, sortText: `${cronish ? 0 : 1}${url}` };
      });
    return { items, replace };
  }
  if (location.matches(['crons', '*', 'schedule'])) {
    const items: CoreCompletion[] = [];
    PRESETS.forEach((preset, index) => {
      const explanation = explainCron(preset, { dialect: 'vercel', plan, from: now, runs: 0 });
      if (!explanation.valid || (plan === 'hobby' && (explanation.runsPerDay ?? 1) > 1)) return;
      items.push({ label: preset, insertText: JSON.stringify(preset), detail: `${explanation.description ?? ''} (UTC)`, sortText: String(index).padStart(2, '0') });
    });
    return { items, replace };
  }
  return { items: [], replace: undefined };
}
