/**
 * The model of scheduled jobs: one type for "something that runs on a schedule", whatever
 * declares it. Hover, CodeLens, Trigger Cron Route and the checks read jobs; a new scheduler
 * (Vercel Schedules, QStash, Trigger.dev, node-cron, GitHub Actions) plugs in by producing them.
 * Today vercel.json `crons` (`vercelCronJobs`) and `schedules` (`vercelScheduleJobs`) produce them;
 * the types live in schedulers/model.ts, beside the readers of the other sources.
 */
import { LIMITS } from './limits';
import { cronFunctionFiles } from './routes/functionRoutes';
import type { Plan } from './settings';
import type { Span } from './types';
import type { JobJitter, JobRoute, JobTarget, ScheduledJob } from './schedulers/model';
import { type ScheduleEntry, stringValue, type VercelDoc } from './vercel/model';
import { functionTargetFile, scheduleRequestMethod, scheduleTimeZone } from './vercel/scheduleTargets';
import type { ProjectView } from './vercel/project';
import { appPathOf, splitCronPath } from './vercel/projectRoutes';
import { apiFunctionServes } from './vercel/appFacts';

export type { JobJitter, JobRoute, JobSource, JobTarget, ScheduledJob } from './schedulers/model';

/**
 * Vercel Cron's window: Hobby runs anywhere within the scheduled hour (limits.ts), Pro and
 * Enterprise within the minute; an unknown plan leaves it unknown.
 */
function vercelCronJitter(plan: Plan): JobJitter | undefined {
  if (plan === 'hobby') return { from: 'hour', upToMinutes: LIMITS.hobbyPrecisionMinutes.value };
  if (plan === 'pro' || plan === 'enterprise') return { from: 'minute', upToMinutes: 0 };
  return undefined;
}

/**
 * The route file a Vercel Cron path resolves to, as the checks resolve it: in a Next.js app
 * through the route table (basePath removed, query and hash cut); elsewhere through the api/
 * functions the crons call (routes/functionRoutes.ts), matched by the entry's path span.
 */
function resolveCronPath(path: string, pathSpan: Span, project: ProjectView | undefined, functionFiles: () => ReturnType<typeof cronFunctionFiles>): JobRoute {
  if (!path.startsWith('/')) return { file: undefined, why: 'the path does not start with "/", so Vercel requests no file of the project' };
  if (!project) return { file: undefined, why: 'the project around vercel.json was not read' };
  if (project.app().kind !== 'next') {
    for (const [file, entry] of functionFiles()) {
      if (entry.sources.some((source) => source.span.start === pathSpan.start && source.span.end === pathSpan.end)) return { file, kind: entry.route.kind };
    }
    // What route-not-found says of such a path, in the same words.
    const { pathname } = splitCronPath(path);
    const facts = project.app();
    if (facts.kind === 'other' && facts.apiFunctions.length > 0 && apiFunctionServes(pathname, facts.apiFunctions) === false) return { file: undefined, why: `no function in api/ serves ${pathname}` };
    return { file: undefined, why: 'the folder is no Next.js app, and its files do not show which function serves the path' };
  }
  const { pathname } = splitCronPath(path);
  const basePath = project.config.basePath;
  const appPath = appPathOf(pathname, basePath);
  if (appPath === undefined) return { file: undefined, why: `the path is outside the app's basePath ${basePath}` };
  const route = project.matchRoute(appPath);
  return route ? { file: route.file, kind: route.kind } : { file: undefined, why: `no route file of the app serves ${appPath}` };
}

/**
 * The jobs vercel.json's `crons` declare: one per entry whose `path` and `schedule` are strings
 * (the checks report the others), in the file's order. `file` is where vercel.json lies relative
 * to the project root; `project` is the app around it, when it was read.
 */
export function vercelCronJobs(doc: VercelDoc, project: ProjectView | undefined, plan: Plan, file = 'vercel.json'): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  let functionFiles: ReturnType<typeof cronFunctionFiles> | undefined;
  const functions = () => (functionFiles ??= cronFunctionFiles(doc, project!));
  for (const entry of doc.crons) {
    const path = stringValue(entry.path);
    const expression = stringValue(entry.schedule);
    if (path === undefined || expression === undefined) continue;
    jobs.push({
      declared: { file, span: entry.span },
      source: 'vercel-crons',
      expression,
      expressionSpan: entry.schedule!.span,
      dialect: 'vercel',
      timeZone: 'UTC',
      jitter: vercelCronJitter(plan),
      target: { kind: 'path', path, method: 'GET' },
      route: resolveCronPath(path, entry.path!.span, project, functions),
    });
  }
  return jobs;
}

/** A Schedules entry's `jitter`: the run starts within that many minutes after the scheduled one. */
function scheduleJitter(entry: ScheduleEntry): JobJitter | undefined {
  const value = entry.jitter?.node.value;
  const { min, max } = LIMITS.scheduleJitterMinutes.value;
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? { from: 'minute', upToMinutes: value } : undefined;
}

/** What an entry runs, when it names exactly one target as a string (the checks report the others). */
function scheduleTarget(entry: ScheduleEntry): JobTarget | undefined {
  switch (entry.target) {
    case 'path': {
      const path = stringValue(entry.path);
      const method = scheduleRequestMethod(entry);
      return path === undefined || method === undefined ? undefined : { kind: 'path', path, method };
    }
    case 'function': {
      const name = stringValue(entry.function);
      return name === undefined ? undefined : { kind: 'function', name };
    }
    case 'topic': {
      const topic = stringValue(entry.topic);
      return topic === undefined ? undefined : { kind: 'topic', topic };
    }
    case 'entrypoint': {
      const file = stringValue(entry.entrypoint);
      return file === undefined ? undefined : { kind: 'entrypoint', file };
    }
    default:
      return undefined;
  }
}

function scheduleRoute(entry: ScheduleEntry, target: JobTarget, project: ProjectView | undefined, functionFiles: () => ReturnType<typeof cronFunctionFiles>): JobRoute {
  if (target.kind === 'path') return resolveCronPath(target.path, entry.path!.span, project, functionFiles);
  if (target.kind === 'function') {
    if (!project) return { file: undefined, why: 'the project around vercel.json was not read' };
    const file = functionTargetFile(target.name, (name) => project.has(name));
    return file ? { file, kind: 'function' } : { file: undefined, why: `no file of the project is named ${target.name} (with or without an extension)` };
  }
  if (target.kind === 'topic') return { file: undefined, why: 'a topic target publishes to a Vercel Queue; its consumers are not read' };
  return { file: undefined, why: 'an entrypoint target is run by the platform; which file it names is not read' };
}

/**
 * The jobs vercel.json's `schedules` declare (either shape): one per entry with a string
 * `schedule` and exactly one target written as a string, in the file's order. Each is read in
 * its own `timezone` (UTC when absent) with its `jitter` as the window.
 */
export function vercelScheduleJobs(doc: VercelDoc, project: ProjectView | undefined, file = 'vercel.json'): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  let functionFiles: ReturnType<typeof cronFunctionFiles> | undefined;
  const functions = () => (functionFiles ??= cronFunctionFiles(doc, project!));
  for (const entry of doc.schedules) {
    const expression = stringValue(entry.schedule);
    const target = scheduleTarget(entry);
    if (expression === undefined || !target) continue;
    jobs.push({
      declared: { file, span: entry.span },
      source: 'vercel-schedules',
      ...(entry.name === undefined ? {} : { name: entry.name }),
      expression,
      expressionSpan: entry.schedule!.span,
      dialect: 'vercel-schedules',
      timeZone: scheduleTimeZone(entry),
      jitter: scheduleJitter(entry),
      target,
      route: scheduleRoute(entry, target, project, functions),
    });
  }
  return jobs;
}
