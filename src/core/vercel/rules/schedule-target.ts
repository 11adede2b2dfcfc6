import { cite, LIMITS } from '../../limits';
import { type JsonValue, type ScheduleEntry, stringValue } from '../model';
import { SCHEDULE_METHODS } from '../scheduleTargets';
import type { Finding, Fix } from '../../diagnostics';
import type { VercelRule } from '../context';
import { removeProperty } from './unknown-property';

const TARGETS = 'one of "path" (a public route, requested like a cron job), "function" (a private function), "topic" (a Vercel Queue topic) or "entrypoint"';

function label(entry: ScheduleEntry): string {
  return entry.name === undefined ? `schedules[${entry.index}]` : `"${entry.name}"`;
}

function property(entry: ScheduleEntry, key: string) {
  // The last of a duplicated key is the one JSON.parse, and so Vercel, keeps.
  return [...entry.properties].reverse().find((p) => p.key === key);
}

/** Removals that touch (the first two properties of an entry) cannot be applied together: no such fix is offered. */
function disjoint(fix: Fix): boolean {
  const edits = [...fix.edits].sort((a, b) => a.offset - b.offset);
  return edits.every((edit, i) => i === 0 || edits[i - 1]!.offset + edits[i - 1]!.length <= edit.offset);
}

/** The entry's own findings, in the order the CLI's schema checks them. */
function entryFindings(entry: ScheduleEntry): Finding[] {
  const findings: Finding[] = [];
  const report = (span: Finding['span'], message: string, fixes: Fix[] = []) => findings.push({ code: 'schedule-target', severity: 'error', span, fixes, message });
  if (entry.targets.length === 0) {
    report(entry.nameSpan, `Schedule ${label(entry)} names no target, so the deploy fails: each entry runs exactly ${TARGETS}. Add the one it should run.`);
  } else if (entry.targets.length > 1) {
    const [first, ...others] = entry.targets;
    const keep = (key: string): Fix => ({
      title: `Keep only "${key}"`,
      edits: entry.targets.filter((other) => other !== key).flatMap((other) => removeProperty(entry, other)),
      safe: false,
    });
    for (const other of others) {
      report(
        property(entry, other)!.span,
        `Schedule ${label(entry)} names both "${first}" and "${other}", so the deploy fails: each entry runs exactly ${TARGETS}. Keep one, and give the other a schedules entry of its own.`,
        entry.targets.map(keep).filter(disjoint),
      );
    }
  }
  const method = property(entry, 'requestMethod');
  if (method && !entry.targets.includes('path')) {
    report(method.span, `"requestMethod" applies only to a "path" target, and schedule ${label(entry)} has none, so the deploy fails. Remove it.`, [
      { title: 'Remove "requestMethod"', edits: removeProperty(entry, 'requestMethod'), safe: false },
    ]);
  } else if (method && entry.requestMethodValue && !SCHEDULE_METHODS.some((m) => m === entry.requestMethod)) {
    const upper = entry.requestMethod?.toUpperCase();
    const fixed = SCHEDULE_METHODS.find((m) => m === upper);
    const value = entry.requestMethodValue;
    report(
      value.span,
      `"requestMethod" must be "GET" or "POST", so the deploy fails.${fixed ? ` Write "${fixed}".` : ' Without it, Vercel sends POST.'}`,
      fixed ? [{ title: `Write "${fixed}"`, edits: [{ offset: value.span.start, length: value.span.end - value.span.start, content: JSON.stringify(fixed) }], safe: true, preferred: true }] : [],
    );
  }
  const service = property(entry, 'service');
  if (service && !entry.targets.includes('function')) {
    report(service.span, `"service" applies only to a "function" target, and schedule ${label(entry)} has none, so the deploy fails. Remove it.`, [
      { title: 'Remove "service"', edits: removeProperty(entry, 'service'), safe: false },
    ]);
  }
  for (const [key, value] of [['function', entry.function], ['topic', entry.topic], ['entrypoint', entry.entrypoint], ['service', entry.service]] as const) {
    // A service without a function is refused as such above: one value, one finding.
    const why = value && !(key === 'service' && !entry.targets.includes('function')) && refusedValue(key, value);
    if (why) report(value.span, `${why}, so the deploy fails. ${VALUE_ADVICE[key]}`);
  }
  return findings;
}

const VALUE_ADVICE = {
  function: 'Name the function file it runs, such as "api/cleanup.ts".',
  topic: 'Name the Vercel Queue topic it publishes to, in those characters.',
  entrypoint: 'Name the file it runs.',
  service: 'Name the service of "services" that owns the function.',
} as const;

/** What the CLI's schema accepts as each target value (and `service`) beyond a non-empty string. */
const VALUE_FORMS: Partial<Record<string, { pattern: RegExp; says: string }>> = {
  topic: { pattern: /^[A-Za-z0-9_-]+$/, says: 'only letters, digits, "_" and "-"' },
  service: { pattern: /^[a-z]([a-z_-]*[a-z])?$/, says: 'lowercase letters, "_" and "-", starting and ending with a letter (the name of one of "services")' },
};

/**
 * Why the CLI's schema refuses a target's value (or `service`'s), or undefined. The target
 * itself is not judged here: whether a function or topic exists is for other rules to tell.
 */
function refusedValue(key: 'function' | 'topic' | 'entrypoint' | 'service', value: JsonValue): string | undefined {
  const text = stringValue(value);
  if (text === undefined) return `"${key}" must be a string`;
  if (text.length === 0) return `"${key}" must not be empty`;
  const limit = LIMITS.scheduleFieldMaxLength;
  const max = key === 'function' ? undefined : limit.value[key];
  const length = [...text].length;
  if (max !== undefined && length > max) return `"${key}" may be at most ${max} characters (${cite(limit)}), and this one has ${length}`;
  const form = VALUE_FORMS[key];
  if (form && !form.pattern.test(text)) return `"${key}" may hold ${form.says}, and ${JSON.stringify(text)} does not`;
  return undefined;
}

/**
 * `schedule-target`: a Schedules entry runs exactly one target; `requestMethod` goes only with
 * `path` (GET or POST) and `service` only with `function` (the vercel CLI's 64.0.2 schema).
 */
export const scheduleTargetRule: VercelRule = {
  codes: ['schedule-target'],
  scope: 'file',
  check({ doc }) {
    return doc.schedules.flatMap(entryFindings);
  },
};
