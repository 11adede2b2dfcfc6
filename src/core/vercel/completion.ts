import type { Location } from 'jsonc-parser';
import { locationAt } from '../jsonc';
import { explainCron } from '../cron/engine';
import type { Plan } from '../settings';
import type { VercelDoc } from './model';
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
  if (location.matches(['crons', '*', 'path']) && project) return { items: pathItems(project), replace };
  if (location.matches(['crons', '*', 'schedule'])) return { items: scheduleItems(plan, now), replace };
  return { items: [], replace: undefined };
}

/** The URL paths a cron may request, as JSON strings. */
function pathItems(project: ProjectView): CoreCompletion[] {
  if (project.app().kind !== 'next') {
    // Another Vercel project: the paths of its api/ functions (a framework's own routes are not files).
    return project
      .app()
      .apiFunctions.filter((f) => !f.includes('['))
      .map((file) => {
        const url = `/${file.replace(/\.[^./]+$/, '').replace(/\/index$/, '')}`;
        const cronish = /cron|job|task|schedule/i.test(url);
        return { label: url, insertText: JSON.stringify(url), detail: file, sortText: `${cronish ? 0 : 1}${url}` };
      });
  }
  const basePath = project.config.basePath;
  return project.routes
    .routes()
    .filter((r) => !r.pattern.includes('['))
    .map((r) => {
      const url = `${basePath}${r.pattern}${project.config.trailingSlash ? '/' : ''}`;
      const cronish = /cron|job|task|schedule/i.test(r.pattern);
      return { label: url, insertText: JSON.stringify(url), detail: r.file, sortText: `${cronish ? 0 : 1}${url}` };
    });
}

/** Schedules valid for the plan, with what they mean, as JSON strings. */
function scheduleItems(plan: Plan, now: Date): CoreCompletion[] {
  const items: CoreCompletion[] = [];
  PRESETS.forEach((preset, index) => {
    const explanation = explainCron(preset, { dialect: 'vercel', plan, from: now, runs: 0 });
    if (!explanation.valid || (plan === 'hobby' && (explanation.runsPerDay ?? 1) > 1)) return;
    items.push({ label: preset, insertText: JSON.stringify(preset), detail: `${explanation.description ?? ''} (UTC)`, sortText: String(index).padStart(2, '0') });
  });
  return items;
}

/**
 * Completion in vercel.toml: the items of vercel.json inside a crons entry's `path` and
 * `schedule` strings, found through the model (the TOML tree, so a file TOML cannot parse gets
 * none), each written in the quotes the string has: a basic string as JSON writes it (the same
 * escapes), a literal one as is. A multi-line string gets none.
 */
export function getTomlCompletions(doc: VercelDoc, offset: number, project: ProjectView | undefined, plan: Plan, now: Date): CompletionResult {
  for (const entry of doc.crons) {
    for (const [key, value] of [['path', entry.path], ['schedule', entry.schedule]] as const) {
      if (value?.node.type !== 'string' || offset <= value.span.start || offset >= value.span.end) continue;
      const quote = doc.text[value.span.start];
      if ((quote !== '"' && quote !== "'") || doc.text.startsWith(quote.repeat(3), value.span.start)) return { items: [], replace: undefined };
      if (key === 'path' && !project) return { items: [], replace: undefined };
      const items = key === 'path' ? pathItems(project!) : scheduleItems(plan, now);
      return {
        // A literal string cannot hold its own quote: such a path is left out rather than written wrong.
        items: quote === '"' ? items : items.filter((item) => !item.label.includes("'")).map((item) => ({ ...item, insertText: `'${item.label}'` })),
        replace: value.span,
      };
    }
  }
  return { items: [], replace: undefined };
}
