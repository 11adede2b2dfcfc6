/**
 * GitHub Actions schedules: a workflow file (`.github/workflows/*.yml` or `.yaml`) declares one
 * job per `on.schedule[]` entry whose `cron` is a string, evaluated in the entry's `timezone`
 * (an IANA zone, since 2026-03) or UTC (platform-facts §5). Read with the `yaml` package's
 * document model, which keeps every node's position; never by pattern over the text.
 *
 * A schedule runs the whole workflow, so the target names the workflow file and every job of it
 * (`jobs:` keys in file order, comma-separated). A file the parser reports errors in declares
 * nothing: GitHub refuses such a workflow, and no schedule of it runs.
 */
import { type Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import type { ScheduledJob } from './model';
import type { JobSourceReader } from './source';
import { stringScalar } from './yamlScalars';

const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/** Whether `file` (relative to a repository's root, "/"-separated) is a workflow file there: the only place GitHub reads them from. */
export function isWorkflowFile(file: string): boolean {
  return WORKFLOW_FILE.test(file);
}

/** The value of `key` in a map (the first such pair; the parser reports duplicates as errors). */
function valueOf(map: YAMLMap, key: string, matches: (keyNode: unknown) => boolean = (node) => isScalar(node) && node.value === key): unknown {
  return map.items.find((pair) => matches(pair.key))?.value;
}

/**
 * The `on` key. YAML 1.1 reads a bare `on` as the boolean true (a file that declares
 * `%YAML 1.1`); GitHub reads it as the key `on` either way.
 */
function isOnKey(node: unknown): boolean {
  if (!isScalar(node)) return false;
  return node.value === 'on' || (node.value === true && node.source === 'on');
}

/** The ids of the workflow's jobs, in file order; undefined when `jobs` is no map of them. */
function workflowJobIds(root: YAMLMap): string[] | undefined {
  const jobs = valueOf(root, 'jobs');
  if (!isMap(jobs)) return undefined;
  const ids = jobs.items.map((pair) => (isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined));
  return ids.length > 0 && ids.every((id) => id !== undefined) ? (ids as string[]) : undefined;
}

/** Where an entry's last key or value ends: the map's own range runs on over the line break and any comment after it. */
function entryEnd(entry: YAMLMap): number {
  let end = entry.range![0];
  for (const pair of entry.items) {
    for (const node of [pair.key, pair.value]) {
      const range = (node as { range?: [number, number, number] } | null)?.range;
      if (range) end = Math.max(end, range[1]);
    }
  }
  return end;
}

function workflowJobs(file: string, text: string): ScheduledJob[] {
  let doc: Document;
  try {
    doc = parseDocument(text);
  } catch {
    return [];
  }
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
  const root = doc.contents;
  const on = valueOf(root, 'on', isOnKey);
  if (!isMap(on)) return [];
  const schedule = valueOf(on, 'schedule');
  if (!isSeq(schedule)) return [];
  const jobIds = workflowJobIds(root);
  if (!jobIds) return [];
  const workflowName = stringScalar(valueOf(root, 'name'), doc, text)?.value;
  const jobs: ScheduledJob[] = [];
  for (const entry of schedule.items) {
    if (!isMap(entry) || !entry.range) continue;
    const cron = stringScalar(valueOf(entry, 'cron'), doc, text);
    if (!cron) continue;
    const timezoneNode = valueOf(entry, 'timezone');
    const timezone = stringScalar(timezoneNode, doc, text);
    // A `timezone` written as anything but a string (empty, a number, a map) is GitHub's to refuse: no job is claimed.
    if (timezoneNode !== undefined && !timezone) continue;
    jobs.push({
      declared: { file, span: { start: entry.range[0], end: entryEnd(entry) } },
      source: 'github-actions',
      ...(workflowName === undefined ? {} : { name: workflowName }),
      expression: cron.value,
      expressionSpan: cron.span,
      dialect: 'github-actions',
      timeZone: timezone?.value ?? 'UTC',
      ...(timezone ? { timeZoneSpan: timezone.span } : {}),
      // GitHub names no bound on how late a scheduled run starts.
      jitter: undefined,
      target: { kind: 'workflow', file, job: jobIds.join(',') },
      route: { file: undefined, why: "GitHub runs the workflow's jobs on its own runners; no file of the app answers the schedule" },
    });
  }
  return jobs;
}

export const githubActionsReader: JobSourceReader = {
  sources: ['github-actions'],
  // Only workflow files, and only those that name a schedule at all, are parsed.
  mayDeclare: (file, text) => WORKFLOW_FILE.test(file) && text.includes('schedule'),
  read: (file, text) => workflowJobs(file, text),
};
