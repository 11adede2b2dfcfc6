import { compareCodes } from '../codes';
import type * as CronParserModule from 'cron-parser';
import type * as CronstrueModule from 'cronstrue';
import { cite, LIMITS } from '../limits';
import type { Plan } from '../settings';
import { isValidTimeZone } from '../time/zones';
import type { Problem, Span } from '../types';
import { canEverFire, type ParsedSchedule, runsPerFiringDay, shortestIntervalSeconds } from './analysis';
import { type CivilDate, nextFiringDate } from './calendar';
import { type Dialect, type DialectId, DIALECTS } from './dialects';
import { type FieldProblem, parseField } from './fields';
import {
  checkDayFields,
  checkFieldCount,
  expandMacro,
  FIELDS_5,
  FIELDS_6,
  ProblemList,
  spanOf,
  takeZonePrefix,
  tokenize,
  whole,
} from './syntax';
import { PLAN_REFUSALS, planProblems } from './planRules';

/**
 * The cron engine: the one module that uses cron-parser and cronstrue. Both are required on
 * first use, so loading the extension costs nothing until a schedule is explained.
 */
let cronParser: typeof CronParserModule | undefined;
let cronstrue: typeof CronstrueModule | undefined;
function loadCronParser(): typeof CronParserModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred until first use
  return (cronParser ??= require('cron-parser') as typeof CronParserModule);
}
function loadCronstrue(): typeof CronstrueModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred until first use
  return (cronstrue ??= require('cronstrue') as typeof CronstrueModule);
}

export const MAX_RUNS = 100;

export interface ExplainOptions {
  dialect?: DialectId;
  /** The zone of dialects whose zone is a separate setting (Trigger.dev, GitHub Actions, Schedules). */
  scheduleTimeZone?: string;
  /** Adds plan-dependent problems such as `hobby-frequency`. */
  plan?: Plan;
  /** Runs are computed strictly after this instant. */
  from: Date;
  /** How many next runs to compute (0 to 100, default 5). */
  runs?: number;
  /** Whether to compute the human description (default true); diagnostics do not need it. */
  describe?: boolean;
}

export interface CronExplanation {
  expression: string;
  dialect: DialectId;
  /** No error-severity problem. */
  valid: boolean;
  /** cronstrue's reading, whenever the expression parses (also when a plan rule fails it). */
  description: string | undefined;
  scheduleTimeZone: string;
  nextRuns: Date[];
  problems: Problem[];
  /** The shortest gap between consecutive runs, from the field sets; undefined if it never repeats. */
  shortestIntervalSeconds: number | undefined;
  /** Runs on each day it fires, before the Hobby plan's rounding. */
  runsPerDay: number | undefined;
  /** The expression as cron-parser reads it: macros expanded, prefix removed. */
  normalized: string | undefined;
  schedule: ParsedSchedule | undefined;
}

function emptyResult(expression: string, dialect: DialectId, zone: string, problems: ProblemList, description?: string): CronExplanation {
  return {
    expression,
    dialect,
    valid: !problems.hasError,
    description,
    scheduleTimeZone: zone,
    nextRuns: [],
    problems: sortProblems(problems.items),
    shortestIntervalSeconds: undefined,
    runsPerDay: undefined,
    normalized: undefined,
    schedule: undefined,
  };
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || compareCodes(a.code, b.code));
}

function describe(normalized: string): string | undefined {
  try {
    return loadCronstrue().toString(normalized, {
      throwExceptionOnParseError: true,
      use24HourTimeFormat: true,
      dayOfWeekStartIndexZero: true,
      verbose: false,
    });
  } catch {
    // cronstrue throws strings, not Errors; a description is a nicety, never a failure.
    return undefined;
  }
}

interface Preview {
  runs: Date[];
  /** Why the preview stopped short, if it did. */
  stopped: string | undefined;
}

const DAY_MS = 86_400_000;
/** Every zone's offset, historic ones included, is less than a day from UTC. */
const ZONE_MARGIN_MS = DAY_MS;

function civilDate(time: number): CivilDate {
  const date = new Date(time);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The latest time of day (in seconds) the schedule fires at; hashed time fields could fire at any. */
function lastTimeOfDay(schedule: ParsedSchedule): number {
  const { second, minute, hour } = schedule;
  if (hour.hashed || minute.hashed || second?.hashed) return Number.POSITIVE_INFINITY;
  const max = (values: Set<number>) => Math.max(...values);
  return max(hour.values) * 3600 + max(minute.values) * 60 + (second ? max(second.values) : 0);
}

/**
 * The next runs, by cron-parser. Before each run the calendar skips the days the field sets
 * rule out, so cron-parser only steps through days that can fire: a schedule whose runs are
 * years apart costs the same few steps per run as a daily one. The work is bounded by counts
 * (the runs asked for, 400 years of months per run, cron-parser's own 10,000 steps per run),
 * never by time, so one input always gives one output however busy the machine is.
 */
function computeNextRuns(normalized: string, schedule: ParsedSchedule, zone: string, from: Date, count: number): Preview {
  const runs: Date[] = [];
  if (count <= 0) return { runs, stopped: undefined };
  try {
    const expression = loadCronParser().CronExpressionParser.parse(normalized, {
      currentDate: from,
      tz: zone,
      hashSeed: normalized,
    });
    const lastInDay = lastTimeOfDay(schedule);
    let cursor = from.getTime();
    // Any day that can still fire after `from`, in any zone, is on or after this civil date.
    let searchFrom: CivilDate | undefined = civilDate(cursor - ZONE_MARGIN_MS);
    // Not take(): it swallows errors and returns a partial list.
    while (runs.length < count) {
      if (searchFrom) {
        const day = nextFiringDate(schedule, searchFrom);
        if (!day) return { runs, stopped: 'no day in the next 400 years matches the day fields' };
        const skipTo = Date.UTC(day.year, day.month - 1, day.day) - ZONE_MARGIN_MS;
        if (skipTo > cursor) expression.reset(new Date(skipTo));
      }
      const run = expression.next();
      cursor = run.getTime();
      runs.push(new Date(cursor));
      // Read in the schedule's zone: after the day's last time, only a later day can fire.
      const timeOfDay = run.getHours() * 3600 + run.getMinutes() * 60 + run.getSeconds();
      searchFrom = timeOfDay >= lastInDay ? civilDate(Date.UTC(run.getFullYear(), run.getMonth(), run.getDate() + 1)) : undefined;
    }
    return { runs, stopped: undefined };
  } catch (error) {
    // Keep the runs found before cron-parser gave up (e.g. at an unusual DST transition).
    return { runs, stopped: error instanceof Error ? error.message : String(error) };
  }
}

function resolveZone(dialect: Dialect, scheduleTimeZone: string | undefined, prefixZone: string | undefined): string {
  if (dialect.zone === 'utc-only') return 'UTC';
  if (dialect.zone === 'cron-tz-prefix') return prefixZone ?? 'UTC';
  return scheduleTimeZone ?? 'UTC';
}

/**
 * Explains a schedule for a platform: problems with spans inside the string, a description,
 * the next runs after `from`, and the shortest interval between runs. Never throws; work is
 * bounded for any input.
 */
export function explainCron(expression: string, options: ExplainOptions): CronExplanation {
  const dialect = DIALECTS[options.dialect ?? 'vercel'];
  const problems = new ProblemList(expression.length);
  const runCount = Math.max(0, Math.min(MAX_RUNS, Math.floor(options.runs ?? 5)));

  if (options.scheduleTimeZone !== undefined && !isValidTimeZone(options.scheduleTimeZone)) {
    problems.add(
      'invalid-timezone',
      'error',
      `"${options.scheduleTimeZone}" is not an IANA time zone (such as Europe/Berlin).`,
      whole(expression),
    );
    return emptyResult(expression, dialect.id, 'UTC', problems);
  }
  const maxLength = LIMITS.expressionMaxLength.value;
  if (expression.length > maxLength) {
    problems.add(
      'invalid-schedule',
      'error',
      `The schedule is ${expression.length} characters long; schedules over ${maxLength} characters are not parsed.`,
      whole(expression),
    );
    return emptyResult(expression, dialect.id, resolveZone(dialect, options.scheduleTimeZone, undefined), problems);
  }
  if (dialect.id === 'vercel' && expression.length > LIMITS.scheduleMaxLength.value) {
    problems.add(
      'invalid-schedule',
      'error',
      `Vercel accepts schedules of at most ${LIMITS.scheduleMaxLength.value} characters (${cite(LIMITS.scheduleMaxLength)}).`,
      whole(expression),
    );
  }

  const tokens = tokenize(expression);
  if (tokens.length === 0) {
    problems.add(
      'invalid-schedule',
      'error',
      'The schedule is empty. Write five fields: minute hour day-of-month month day-of-week, such as "0 3 * * *".',
      whole(expression),
    );
    return emptyResult(expression, dialect.id, resolveZone(dialect, options.scheduleTimeZone, undefined), problems);
  }
  const prefixZone = takeZonePrefix(tokens, dialect, problems);
  const zone = resolveZone(dialect, options.scheduleTimeZone, prefixZone);
  if (problems.hasError) return emptyResult(expression, dialect.id, zone, problems);

  let fieldTexts: { text: string; span: Span }[];
  if (tokens.length >= 1 && tokens[0]!.text.startsWith('@')) {
    const macro = tokens[0]!;
    if (tokens.length > 1) {
      problems.add('invalid-schedule', 'error', `A macro such as ${macro.text} stands alone; remove what follows it.`, {
        start: tokens[1]!.start,
        end: expression.length,
      });
      return emptyResult(expression, dialect.id, zone, problems);
    }
    const expansion = expandMacro(macro, dialect, problems);
    if (!expansion) return emptyResult(expression, dialect.id, zone, problems);
    fieldTexts = expansion.split(' ').map((text) => ({ text, span: spanOf(macro) }));
  } else {
    const names = checkFieldCount(tokens, expression, dialect, problems);
    if (!names) return emptyResult(expression, dialect.id, zone, problems);
    fieldTexts = tokens.map((t) => ({ text: t.text, span: spanOf(t) }));
  }

  const names = fieldTexts.length === 6 ? FIELDS_6 : FIELDS_5;
  const isMacro = tokens[0]!.text.startsWith('@');
  const report = (p: FieldProblem) => problems.add('invalid-schedule', p.severity, p.message, isMacro ? spanOf(tokens[0]!) : p.span);
  const parsed = fieldTexts.map((f, i) => {
    // Macro expansions are well-formed, so their problems cannot point inside the macro.
    const field = parseField(names[i]!, f.text, f.span.start, dialect, report);
    return isMacro ? { ...field, span: f.span } : field;
  });
  const schedule: ParsedSchedule = {
    second: names.length === 6 ? parsed[0] : undefined,
    minute: parsed[names.indexOf('minute')]!,
    hour: parsed[names.indexOf('hour')]!,
    dayOfMonth: parsed[names.indexOf('dayOfMonth')]!,
    month: parsed[names.indexOf('month')]!,
    dayOfWeek: parsed[names.indexOf('dayOfWeek')]!,
  };
  const normalized = fieldTexts.map((f) => f.text).join(' ');
  // People still want to read what a refused schedule says (the CLI's JSON nulls it).
  const wantsDescription = options.describe !== false;
  if (problems.hasError) return emptyResult(expression, dialect.id, zone, problems, wantsDescription ? describe(normalized) : undefined);

  checkDayFields(schedule, dialect, problems);
  const description = wantsDescription ? describe(normalized) : undefined;
  const fires = canEverFire(schedule);
  if (!fires) {
    problems.add(
      'never-fires',
      'warning',
      `Day of month ${schedule.dayOfMonth.text} never falls in ${monthList(schedule.month.values)}, so this schedule never fires. Check the day and the month.`,
      { start: schedule.dayOfMonth.span.start, end: schedule.month.span.end },
    );
  }
  const interval = fires ? shortestIntervalSeconds(schedule) : undefined;
  const runsPerDay = runsPerFiringDay(schedule);
  for (const p of planProblems({ dialect, schedule, plan: options.plan, interval, runsPerDay, fires, expression })) {
    problems.add(p.code, p.severity, p.message, p.span);
  }

  let nextRuns: Date[] = [];
  const unpreviewable = parsed.some((f) => f.unpreviewable);
  if (fires && !problems.hasError && unpreviewable) {
    problems.add(
      'next-runs-unavailable',
      'info',
      'Next runs cannot be previewed for W, LW and L-n days; the schedule itself is valid here.',
      whole(expression),
    );
  } else if (fires && !checkRefusesPreview(problems)) {
    const preview = computeNextRuns(normalized, schedule, zone, options.from, runCount);
    nextRuns = preview.runs;
    if (preview.stopped) {
      const what = preview.runs.length ? `Only ${preview.runs.length} next run(s) could be previewed` : 'Next runs cannot be previewed';
      problems.add('next-runs-unavailable', 'info', `${what}: ${preview.stopped}.`, whole(expression));
    }
  }

  return {
    expression,
    dialect: dialect.id,
    valid: !problems.hasError,
    description,
    scheduleTimeZone: zone,
    nextRuns,
    problems: sortProblems(problems.items),
    shortestIntervalSeconds: interval,
    runsPerDay,
    normalized,
    schedule,
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function monthList(values: Set<number>): string {
  const names = [...values].sort((a, b) => a - b).map((m) => MONTHS[m - 1]!);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : (names[0] ?? 'any month');
}

/** A schedule the platform refuses outright has no runs to preview, whatever cron-parser would say. */
function checkRefusesPreview(problems: ProblemList): boolean {
  return problems.items.some((p) => p.severity === 'error' && !PLAN_REFUSALS.has(p.code));
}
