import type { CronExplanation } from '../cron/engine';
import type { Plan } from '../settings';
import type { Rule } from '../diagnostics';
import type { CronEntry, VercelDoc } from './model';
import type { ProjectView } from './project';

/** Everything a vercel.json rule may read. */
export interface VercelRuleContext {
  doc: VercelDoc;
  plan: Plan;
  now: Date;
  /** The Next.js app around the vercel.json; undefined when only the text is known. */
  project: ProjectView | undefined;
  /** The engine's reading of a cron entry's schedule, computed once per check. */
  explain(entry: CronEntry): CronExplanation | undefined;
  /** The engine's reading of a `schedules` entry (Vercel Schedules dialect, its own zone). */
  explainSchedule(expression: string, timeZone: string | undefined): CronExplanation;
}

/** `project` rules read the app's files and run only when a project view exists. */
export type VercelRule = Rule<VercelRuleContext> & { scope: 'file' | 'project' };
