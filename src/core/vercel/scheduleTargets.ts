import { functionsPatternMatches } from '../next/functionsGlob';
import { type FunctionsEntry, type ScheduleEntry, stringValue, type VercelDoc } from './model';

/**
 * What a Vercel Schedules entry runs, read the same way by the rules, the jobs and the hover:
 * the method a path target is sent, the file a function target names, and whether `functions`
 * marks that file as a schedule trigger.
 */

/** The methods the CLI's schema allows in `requestMethod`. */
export const SCHEDULE_METHODS = ['GET', 'POST'] as const;
export type ScheduleMethod = (typeof SCHEDULE_METHODS)[number];

/**
 * The method Vercel sends to a path target: `requestMethod`, which defaults to POST (the CLI's
 * schema); undefined when `requestMethod` is written but is not one the schema allows.
 */
export function scheduleRequestMethod(entry: ScheduleEntry): ScheduleMethod | undefined {
  if (!entry.requestMethodValue) return 'POST';
  return SCHEDULE_METHODS.find((method) => method === entry.requestMethod);
}

/** The zone the entry's expression is read in: its `timezone`, else UTC (the CLI schema's default). */
export function scheduleTimeZone(entry: ScheduleEntry): string {
  return stringValue(entry.timezone) ?? 'UTC';
}

/** The file extensions a function target's name may leave out, in the order they are tried. */
const FUNCTION_EXTENSIONS = ['ts', 'js', 'mts', 'mjs', 'cts', 'cjs', 'tsx', 'jsx'];

/**
 * The file a `function` target names: the docs write `"function": "api/cleanup"` for the file
 * api/cleanup.ts. How a Next.js app names one is not documented, so the name is tried as written
 * and with each extension, relative to the project root, and nothing else is guessed.
 */
export function functionTargetFile(name: string, has: (file: string) => boolean): string | undefined {
  const bare = name.replace(/^\.?\//, '');
  if (!bare || bare.split('/').some((segment) => segment === '..')) return undefined;
  if (/\.[cm]?[jt]sx?$/.test(bare) && has(bare)) return bare;
  for (const extension of FUNCTION_EXTENSIONS) {
    const file = `${bare}.${extension}`;
    if (has(file)) return file;
  }
  return undefined;
}

/** Whether a `functions` entry declares the schedule trigger: `experimentalTriggers: [{ "type": "schedule/v1beta" }]`. */
export function declaresScheduleTrigger(entry: FunctionsEntry): boolean {
  const triggers = entry.experimentalTriggers?.node;
  if (triggers?.type !== 'array') return false;
  return (triggers.children ?? []).some((trigger) =>
    (trigger.children ?? []).some((property) => {
      const [key, value] = property.children ?? [];
      return key?.value === 'type' && value?.type === 'string' && String(value.value).startsWith('schedule/');
    }),
  );
}

/** The `functions` entries whose pattern selects the target's file (or, when the file is not found, its name with an extension). */
export function functionsEntriesFor(doc: VercelDoc, name: string, file: string | undefined): FunctionsEntry[] {
  const candidates = file ? [file] : FUNCTION_EXTENSIONS.map((extension) => `${name.replace(/^\.?\//, '')}.${extension}`);
  return doc.functions.filter((entry) => candidates.some((candidate) => functionsPatternMatches(entry.pattern, candidate)));
}

/**
 * Whether a `functions` key serves a Schedules function target: such keys name files the
 * platform deploys as private functions (api/cleanup.ts in a Next.js app too), which the Next.js
 * route rules cannot see, so `functions-pattern-unmatched` must not call them unmatched.
 */
export function isScheduleFunctionKey(doc: VercelDoc, entry: FunctionsEntry): boolean {
  if (declaresScheduleTrigger(entry)) return true;
  return doc.schedules.some((schedule) => {
    const name = stringValue(schedule.function);
    return name !== undefined && functionsEntriesFor(doc, name, undefined).includes(entry);
  });
}
