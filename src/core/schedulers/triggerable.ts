/**
 * What Trigger Cron Route offers for the jobs a project's code and workflows declare (issue #20):
 * a QStash schedule whose destination is a route of the app is sent, signed, to the dev server;
 * every other job is listed with how it is really run (the Trigger.dev dev CLI, a workflow
 * dispatch, the Inngest Dev Server…), never faked with a request its platform would not make.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { isQStashMethod, type QStashMethod } from '../trigger/qstash';
import type { ScheduledJob } from './model';
import { jobLensTitle } from './present';

interface EntryBase {
  /** Host path of the project root the job belongs to. */
  root: string;
  /** The file declaring the job, relative to the root, "/"-separated. */
  declaredIn: string;
  source: ScheduledJob['source'];
  /** What a pick shows first: the destination path, the task id, the workflow file. */
  label: string;
  /** "At 03:00 UTC · next in 5 h", as the job's lens reads. */
  schedule: string;
}

/** A QStash schedule whose destination the app's route table answers: sent, signed, to the dev server. */
export interface QStashTriggerEntry extends EntryBase {
  kind: 'qstash';
  path: string;
  method: QStashMethod;
  /** The route file answering the path, relative to the root. */
  routeFile: string;
  /** The schedule's `scheduleId` when the code writes one. */
  scheduleId: string | undefined;
  /** Identifies the schedule among runs (a stable local schedule id is made from it). */
  scheduleKey: string;
}

/** A job nothing here can send: how it is run instead. */
export interface ExplainedTriggerEntry extends EntryBase {
  kind: 'explained';
  howToRun: string;
}

export type CodeTriggerEntry = QStashTriggerEntry | ExplainedTriggerEntry;

/** Jobs of Vercel's own configuration files, which Trigger already lists from them. */
const VERCEL_SOURCES: ReadonlySet<ScheduledJob['source']> = new Set(['vercel-crons', 'vercel-schedules']);

/**
 * The code and workflow jobs of a project, as Trigger Cron Route lists them. `readText` gives a
 * project file's text (a workflow, to see whether it can be dispatched); undefined when unread.
 */
export function codeTriggerEntries(root: string, jobs: readonly ScheduledJob[], now: Date, readText: (file: string) => string | undefined): CodeTriggerEntry[] {
  const entries: CodeTriggerEntry[] = [];
  for (const job of jobs) {
    if (VERCEL_SOURCES.has(job.source)) continue;
    const base = { root, declaredIn: job.declared.file, source: job.source, schedule: jobLensTitle(job, now) };
    const target = job.target;
    if (job.source === 'qstash' && target.kind === 'url') {
      if (target.path !== undefined && job.route.file !== undefined && isQStashMethod(target.method)) {
        entries.push({
          ...base,
          kind: 'qstash',
          label: target.path,
          path: target.path,
          method: target.method,
          routeFile: job.route.file,
          scheduleId: job.name,
          scheduleKey: `${job.declared.file}:${job.declared.span.start}`,
        });
      } else {
        const why = job.route.file === undefined ? job.route.why : `QStash sends ${target.method}, a method this trigger does not send`;
        entries.push({ ...base, kind: 'explained', label: target.url, howToRun: `QStash calls ${target.url}, and no route of this app can be shown to answer it (${why}), so there is nothing local to send it to.` });
      }
      continue;
    }
    entries.push({ ...base, kind: 'explained', label: labelOf(job), howToRun: howToRun(job, readText) });
  }
  return entries;
}

function labelOf(job: ScheduledJob): string {
  const target = job.target;
  switch (target.kind) {
    case 'task':
      return target.id;
    case 'workflow':
      return target.file;
    case 'function':
      return target.name;
    case 'url':
      return target.url;
    case 'handler':
    case 'entrypoint':
      return job.name ?? target.file;
    case 'path':
      return target.path;
    case 'topic':
      return target.topic;
  }
}

function howToRun(job: ScheduledJob, readText: (file: string) => string | undefined): string {
  const target = job.target;
  switch (job.source) {
    case 'trigger-dev':
      return `Trigger.dev runs the task ${target.kind === 'task' ? `"${target.id}" ` : ''}on its own workers, not through a route of the app. Start \`npx trigger.dev@latest dev\` and run it from the task's Test page in the Trigger.dev dashboard; in development its schedule fires only while that CLI runs.`;
    case 'github-actions': {
      const file = target.kind === 'workflow' ? target.file : job.declared.file;
      const name = file.replace(/^.*\//, '');
      const dispatch = workflowDispatchable(readText(job.declared.file));
      if (dispatch === true) return `GitHub runs this workflow on its own runners. It has workflow_dispatch, so run it now with \`gh workflow run ${name}\` or the Actions tab's "Run workflow" button; it runs the default branch's latest commit.`;
      if (dispatch === false) return `GitHub runs this workflow on its own runners, and it has no workflow_dispatch trigger, so it cannot be started by hand: add \`workflow_dispatch:\` under \`on:\` to run it with \`gh workflow run ${name}\`.`;
      return `GitHub runs this workflow on its own runners; a workflow with a workflow_dispatch trigger can be started with \`gh workflow run ${name}\`.`;
    }
    case 'inngest':
      return `Inngest invokes the function ${target.kind === 'function' ? `"${target.name}" ` : ''}through the app's serve endpoint. Start the Inngest Dev Server (\`npx inngest-cli@latest dev\`) beside next dev and invoke the function from its Functions page.`;
    case 'netlify':
      return `Netlify runs scheduled functions itself and they have no public URL. Locally, \`netlify functions:invoke ${target.kind === 'function' ? target.name : '<name>'}\` runs it while \`netlify dev\` runs.`;
    case 'node-cron':
    case 'node-schedule':
    case 'croner':
      return `This schedule calls a function inside the process that started it (${job.declared.file}); there is no request to send. Call the function it runs directly, or move the job to a route and a Vercel cron so it runs on a deployment.`;
    default:
      return 'Nothing here can run this job.';
  }
}

/**
 * Whether a workflow file's `on` includes workflow_dispatch: true, false, or undefined when the
 * file cannot be read or parsed (then nothing is claimed).
 */
export function workflowDispatchable(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const on = doc.contents.items.find((pair) => isScalar(pair.key) && (pair.key.value === 'on' || (pair.key.value === true && pair.key.source === 'on')))?.value;
  if (isScalar(on)) return on.value === 'workflow_dispatch';
  if (isSeq(on)) return on.items.some((item) => isScalar(item) && item.value === 'workflow_dispatch');
  if (isMap(on)) return on.items.some((pair) => isScalar(pair.key) && pair.key.value === 'workflow_dispatch');
  return undefined;
}
