import { explainCron } from '../cron/engine';
import type { Plan } from '../settings';
import { formatRelative } from '../time/zones';
import type { Span } from '../types';
import { stringValue, type VercelDoc } from './model';

export interface CoreCodeLens {
  span: Span;
  title: string;
  path: string | undefined;
}

/** One lens per cron entry: "At 03:00 UTC · next in 5 h 12 min". */
export function getCodeLenses(doc: VercelDoc, plan: Plan, now: Date): CoreCodeLens[] {
  const lenses: CoreCodeLens[] = [];
  for (const entry of doc.crons) {
    const expression = stringValue(entry.schedule);
    if (expression === undefined) continue;
    const explanation = explainCron(expression, { dialect: 'vercel', plan, from: now, runs: 1 });
    const next = explanation.nextRuns[0];
    const title = explanation.description
      ? `${explanation.description} UTC${next ? ` · next ${formatRelative(next, now)}` : ''}${explanation.valid ? '' : ' · rejected by Vercel'}`
      : 'Not a valid Vercel schedule';
    lenses.push({ span: entry.span, title, path: stringValue(entry.path) });
  }
  return lenses;
}
