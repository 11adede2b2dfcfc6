/**
 * The model of scheduled jobs: one type for "something that runs on a schedule", whatever
 * declares it (jobs.ts builds Vercel's; source.ts is how the other schedulers plug in).
 */
import type { DialectId } from '../cron/dialects';
import type { RouteEntry } from '../next/types';
import type { Span } from '../types';

/** What declares a job: Vercel's configuration files, or a scheduler written in the project's code or workflows. */
export type JobSource =
  | 'vercel-crons'
  | 'vercel-schedules'
  | 'qstash'
  | 'trigger-dev'
  | 'node-cron'
  | 'node-schedule'
  | 'croner'
  | 'inngest'
  | 'netlify'
  | 'github-actions';

/** What a job runs when it fires: one shape per kind of target a scheduler names. */
export type JobTarget =
  /** An HTTP request to a path of the project (Vercel Cron: GET). */
  | { kind: 'path'; path: string; method: string }
  /** A function of the project by name (a Vercel Schedules function target). */
  | { kind: 'function'; name: string }
  /** A message published to a topic or queue. */
  | { kind: 'topic'; topic: string }
  /** A module run as a process's entry point (a script a system cron starts). */
  | { kind: 'entrypoint'; file: string }
  /**
   * A request to an absolute URL (a QStash destination), with the method sent, and the URL's path
   * when the written URL certainly ends in it (`${process.env.APP_URL}/api/cron/x`): what resolves it to a route.
   */
  | { kind: 'url'; url: string; method: string; path?: string }
  /** A task by its id (a Trigger.dev scheduled task). */
  | { kind: 'task'; id: string }
  /** A job of a workflow file (GitHub Actions `on.schedule`). */
  | { kind: 'workflow'; file: string; job: string }
  /** A callback in the running process (node-cron's `schedule(expression, handler)`), where it is written. */
  | { kind: 'handler'; file: string; span: Span };

/**
 * How far a run may stray from the time its expression names: it starts somewhere within
 * `upToMinutes` minutes from the start of the scheduled minute, or of the scheduled hour.
 */
export interface JobJitter {
  from: 'minute' | 'hour';
  upToMinutes: number;
}

/** The route file a job's target resolves to, or why it resolves to none. */
export type JobRoute = { file: string; kind: RouteEntry['kind'] } | { file: undefined; why: string };

export interface ScheduledJob {
  /** Where the job is declared: a file relative to the project root, "/"-separated, and the declaration's span in it. */
  declared: { file: string; span: Span };
  source: JobSource;
  /** The job's own name where its source gives one (a Schedules entry's `name`, or its key in the object shape). */
  name?: string;
  /** The schedule as written, and where (within `declared.file`). */
  expression: string;
  expressionSpan: Span;
  /** Which scheduler's syntax the expression is read in (cron/dialects.ts). */
  dialect: DialectId;
  /** The zone the expression is evaluated in; null when it is the running process's zone. Vercel Cron: UTC. */
  timeZone: string | null;
  /** Where the zone is written, when it is written apart from the expression (a `timezone` option): its problems land there. */
  timeZoneSpan?: Span;
  /** How late (or early) within a window a run may start, when the platform says; undefined when it depends on what is unknown (the plan). */
  jitter: JobJitter | undefined;
  target: JobTarget;
  /** The file of the project that answers the target, or why none does. */
  route: JobRoute;
}
