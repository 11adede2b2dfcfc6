/**
 * The wrapper refactors on handlers other schedulers call (#20; wrappers/codeHandlers.ts): which
 * file is a QStash destination or declares a Trigger.dev task comes from the project's jobs. Code
 * actions are asked on every cursor move, so the file is parsed only when a job points at it.
 */
import type { Fix } from '../diagnostics';
import { parseSourceWithinLimits, type TsApi } from '../next/routeExports';
import type { ScheduledJob } from '../schedulers/model';
import type { Span } from '../types';
import type { ProjectView } from '../vercel/project';
import { qstashDestinationFixes, triggerDevTaskFixes } from '../wrappers/codeHandlers';

/** An App Router route file: the only kind the QStash wrappers rewrite. */
const APP_ROUTE_FILE = /(^|\/)route\.[cm]?[jt]sx?$/;

export interface CodeHandlerInput {
  /** The file, relative to the project root, with the text the editor has. */
  file: string;
  text: string;
  span: Span;
  project: ProjectView;
  /** The jobs the file itself declares (cached per text). */
  fileJobs(): readonly ScheduledJob[];
  /** The jobs every file of the project declares (cached per file). */
  projectJobs(): readonly ScheduledJob[];
  loadTypeScript(): TsApi;
}

export function codeHandlerRefactors(input: CodeHandlerInput): Fix[] {
  const { span } = input;
  const tasks = input.fileJobs().filter((job) => job.source === 'trigger-dev' && job.target.kind === 'task' && job.declared.span.start <= span.start && span.end <= job.declared.span.end);
  const destinations = APP_ROUTE_FILE.test(input.file)
    ? input.projectJobs().filter((job) => job.source === 'qstash' && job.route.file === input.file && 'kind' in job.route && job.route.kind === 'app-route')
    : [];
  if (!tasks.length && !destinations.length) return [];
  const ts = input.loadTypeScript();
  const sourceFile = parseSourceWithinLimits(ts, input.file, input.text);
  if (!sourceFile) return [];
  const code = { ts, sourceFile, project: input.project, file: input.file };
  const fixes: Fix[] = [];
  for (const job of tasks) {
    if (job.target.kind === 'task') fixes.push(...triggerDevTaskFixes(code, { id: job.target.id, callSpan: job.declared.span }));
  }
  // Several schedules may deliver to one route with the same method: one set of actions per method.
  const methods = new Map<string, string>();
  for (const job of destinations) if (job.target.kind === 'url' && job.target.path !== undefined && !methods.has(job.target.method)) methods.set(job.target.method, job.target.path);
  for (const [method, path] of methods) fixes.push(...qstashDestinationFixes(code, { path, method }, span));
  return fixes;
}
