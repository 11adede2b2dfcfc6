import * as path from 'node:path';
import { DIALECTS, explainSchedule, toZonedIso } from '../core/facade/schedules';
import { type JobJitter, type JobTarget, LineMap, type ScheduledJob } from '../core/service';
import type { Settings } from '../core/facade/settings';
import type { CliIo } from './explain';
import { parseFrom } from './explain';
import { parseCommand, projectSettings } from './options';
import { printable } from './printable';
import { cliService, shownPaths } from './project-check';
import { EXIT_OK, UsageError } from './usage';
import { FileOverlay } from './workspace';

/** The most next runs `jobs --runs` computes per job: the cron engine's own cap, as `explain` has it. */
export const MAX_JOB_RUNS = 100;
const DEFAULT_JOB_RUNS = 5;

/** A job's target with every field the `jobs` JSON names; the fields its kind does not have are null. */
export interface JobTargetRecord {
  kind: JobTarget['kind'];
  path: string | null;
  method: string | null;
  function: string | null;
  topic: string | null;
  entrypoint: string | null;
  url: string | null;
  task: string | null;
  workflow: string | null;
}

/** One job of `jobs --json`, keys in the order the JSON contract lists them. */
export interface JobRecord {
  source: ScheduledJob['source'];
  file: string;
  line: number;
  column: number;
  name: string | null;
  schedule: string;
  dialect: ScheduledJob['dialect'];
  timeZone: string | null;
  jitter: JobJitter | null;
  target: JobTargetRecord;
  routeFile: string | null;
  nextRuns: string[];
}

/**
 * The target as the JSON has it. A workflow is `<file>#<job>` (one string names both); a
 * handler (a callback in the running process) has no field of its own: the job's file and line
 * say where it is written.
 */
export function jobTargetRecord(target: JobTarget): JobTargetRecord {
  const record: JobTargetRecord = { kind: target.kind, path: null, method: null, function: null, topic: null, entrypoint: null, url: null, task: null, workflow: null };
  switch (target.kind) {
    case 'path':
      return { ...record, path: target.path, method: target.method };
    case 'function':
      return { ...record, function: target.name };
    case 'topic':
      return { ...record, topic: target.topic };
    case 'entrypoint':
      return { ...record, entrypoint: target.file };
    case 'url':
      return { ...record, url: target.url, method: target.method };
    case 'task':
      return { ...record, task: target.id };
    case 'workflow':
      return { ...record, workflow: `${target.file}#${target.job}` };
    case 'handler':
      return record;
  }
}

/**
 * The job's name where its source gives one (a Schedules entry's name). The job model names
 * jobs once a source has names (Vercel Schedules); until then no job has one.
 */
/** A job's next runs, from the cron engine in the job's zone (UTC when the zone is the process's); the first error when there are none. */
function nextRunsOf(job: ScheduledJob, from: Date, runs: number, settings: Settings): { runs: Date[]; zone: string; why: string | undefined; description: string | undefined } {
  const separateZone = DIALECTS[job.dialect].zone === 'separate-field';
  const explanation = explainSchedule(job.expression, {
    dialect: job.dialect,
    scheduleTimeZone: separateZone && job.timeZone !== null ? job.timeZone : undefined,
    rules: settings.rules,
    from,
    runs,
  });
  const error = explanation.problems.find((p) => p.severity === 'error');
  const why = explanation.nextRuns.length ? undefined : (error?.message ?? explanation.problems[0]?.message ?? 'the schedule has no run ahead');
  return { runs: explanation.nextRuns, zone: explanation.scheduleTimeZone, why, description: explanation.description };
}

interface ListedJob {
  record: JobRecord;
  zone: string;
  why: string | undefined;
  description: string | undefined;
  routeWhy: string | undefined;
}

function byPosition(a: ListedJob, b: ListedJob): number {
  const x = a.record;
  const y = b.record;
  return (x.file < y.file ? -1 : x.file > y.file ? 1 : 0) || x.line - y.line || x.column - y.column;
}

function parseRuns(value: string | undefined): number {
  if (value === undefined) return DEFAULT_JOB_RUNS;
  const runs = Number(value);
  if (!/^\d+$/.test(value) || runs < 1 || runs > MAX_JOB_RUNS) throw new UsageError(`--runs must be a whole number from 1 to ${MAX_JOB_RUNS}, got ${JSON.stringify(value)}`);
  return runs;
}

function jitterText(jitter: JobJitter | null, source: string): string {
  // Only Vercel Cron's window rests on the plan; a Schedules entry without `jitter` sets none.
  if (!jitter) {
    if (source === 'vercel-crons') return 'unknown (it depends on the plan: set nextCronRoutes.plan)';
    // GitHub sets no window, but delays scheduled runs at busy times (platform-facts §5).
    if (source === 'github-actions') return 'not bounded: GitHub may start a scheduled run late at busy times';
    return 'none set';
  }
  if (jitter.upToMinutes === 0) return `none: within the scheduled ${jitter.from}`;
  return `up to ${jitter.upToMinutes} min after the start of the scheduled ${jitter.from}`;
}

function targetText(target: JobTargetRecord): string {
  const value = target.path ?? target.function ?? target.topic ?? target.entrypoint ?? target.url ?? target.task ?? target.workflow;
  if (target.kind === 'path') return `${target.method ?? 'GET'} ${target.path ?? ''}`;
  return value === null ? `${target.kind} (at the line above)` : `${target.kind} ${value}`;
}

/** One block per job: where, what and when. */
function jobBlock(job: ListedJob, shown: (reported: string) => string): string[] {
  const r = job.record;
  const lines = [`${shown(r.file)}:${r.line}:${r.column}  ${r.source}${r.name === null ? '' : `  ${r.name}`}`];
  lines.push(`  schedule   ${r.schedule}${job.description ? `  (${job.description})` : ''}`);
  lines.push(`  zone       ${r.timeZone ?? "none given: the process's zone, which nothing here knows; next runs are computed in UTC"}`);
  lines.push(`  jitter     ${jitterText(r.jitter, r.source)}`);
  lines.push(`  target     ${targetText(r.target)}`);
  lines.push(`  route      ${r.routeFile === null ? `none: ${job.routeWhy ?? 'the target is no file of the project'}` : shown(r.routeFile)}`);
  if (!r.nextRuns.length) lines.push(`  next runs  none: ${job.why ?? 'the schedule has no run ahead'}`);
  for (const [i, run] of r.nextRuns.entries()) {
    const local = job.zone === 'UTC' ? '' : `  (${toZonedIso(new Date(run), job.zone)} ${job.zone})`;
    lines.push(`  ${i === 0 ? 'next runs ' : '          '} ${run}${local}`);
  }
  return lines;
}

/**
 * `jobs [folder] [--json] [--from <ISO>] [--runs <n>]`: every job the projects below `folder`
 * schedule, as the editor's job model has them (the facade's `jobs`), with their next runs.
 */
export function runJobs(args: string[], io: CliIo): number {
  const { values, positionals } = parseCommand(args, { json: { type: 'boolean' }, from: { type: 'string' }, runs: { type: 'string' } });
  const runs = parseRuns(values.runs);
  const from = values.from === undefined ? io.now() : parseFrom(values.from);
  const { folder, settings } = projectSettings(io.cwd, positionals, {}, io.stderr);
  const reported = (file: string) => path.relative(folder, file).split(path.sep).join('/');
  const overlay = new FileOverlay();
  const listed: ListedJob[] = [];
  for (const project of cliService(settings, overlay, io.now()).jobs(folder)) {
    const lineMaps = new Map<string, LineMap>();
    for (const job of project.jobs) {
      const declared = path.join(project.root, job.declared.file);
      const lines = lineMaps.get(declared) ?? new LineMap(overlay.read(declared) ?? '');
      lineMaps.set(declared, lines);
      const position = lines.position(job.declared.span.start);
      const next = nextRunsOf(job, from, runs, settings);
      listed.push({
        record: {
          source: job.source,
          file: reported(declared),
          line: position.line,
          column: position.column,
          name: job.name ?? null,
          schedule: job.expression,
          dialect: job.dialect,
          timeZone: job.timeZone,
          jitter: job.jitter ?? null,
          target: jobTargetRecord(job.target),
          routeFile: job.route.file === undefined ? null : reported(path.join(project.root, job.route.file)),
          nextRuns: next.runs.map((run) => run.toISOString()),
        },
        zone: next.zone,
        why: next.why,
        description: next.description,
        routeWhy: job.route.file === undefined ? job.route.why : undefined,
      });
    }
  }
  listed.sort(byPosition);
  if (values.json) {
    io.stdout(JSON.stringify({ version: 1, jobs: listed.map((job) => job.record) }));
    return EXIT_OK;
  }
  const shown = shownPaths(io.cwd, folder);
  if (!listed.length) io.stdout(printable(`no scheduled jobs below ${path.relative(io.cwd, folder) || '.'}`));
  const blocks = listed.map((job) => jobBlock(job, shown).map(printable).join('\n'));
  if (blocks.length) io.stdout(`${blocks.join('\n\n')}\n\n${listed.length} job${listed.length === 1 ? '' : 's'}`);
  return EXIT_OK;
}
