import { parseArgs } from 'node:util';
import { DIALECT_IDS, DIALECTS, explainSchedule, isDialectId, isValidTimeZone, machineTimeZone, scheduleReport, toZonedIso } from '../core/facade/schedules';
import { isPlan, PLANS, type Plan } from '../core/facade/settings';
import { printable, printableLines, printableWithOffsets } from './printable';
import { readFolderSettings } from './settingsFile';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from './usage';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  now: () => Date;
}

const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * `--from` as an instant, or why not. JavaScript's Date rolls an impossible date over
 * (2026-02-30 becomes 2026-03-02, 24:00 the next day), so every field is checked first.
 */
export function parseFrom(value: string): Date {
  const match = ISO_WITH_ZONE.exec(value);
  if (!match) throw new UsageError(`--from must be ISO-8601 with Z or an offset, e.g. 2026-11-28T09:00:00Z; got ${JSON.stringify(value)}`);
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const days = month! >= 1 && month! <= 12 ? new Date(Date.UTC(year!, month!, 0)).getUTCDate() : 0;
  const problem =
    days === 0
      ? `there is no month ${String(month).padStart(2, '0')}`
      : day! < 1 || day! > days
        ? `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')} has ${days} days`
        : hour! > 23 || minute! > 59 || second > 59
          ? 'hours go from 00 to 23, minutes and seconds from 00 to 59'
          : offsetHours > 23 || offsetMinutes > 59
            ? 'the offset is not a time of day'
            : undefined;
  const parsed = new Date(value);
  if (problem || Number.isNaN(parsed.getTime())) throw new UsageError(`--from: ${JSON.stringify(value)} is not a valid date and time${problem ? ` (${problem})` : ''}`);
  return parsed;
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        dialect: { type: 'string' },
        'schedule-tz': { type: 'string' },
        tz: { type: 'string' },
        plan: { type: 'string' },
        from: { type: 'string' },
        runs: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    // Node's message quotes the argument; a line break in it is escaped where the line is printed.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function runExplain(args: string[], io: CliIo): number {
  const { values, positionals } = parseOptions(args);
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'explain needs a cron expression, e.g. next-cron-routes explain "0 3 * * *"'
        : `explain takes one expression; quote it: next-cron-routes explain ${JSON.stringify(positionals.join(' '))}`,
    );
  }
  const expression = positionals[0]!;
  const dialect = values.dialect ?? 'vercel';
  if (!isDialectId(dialect)) throw new UsageError(`--dialect must be one of ${DIALECT_IDS.join(', ')}`);
  const zoneSource = DIALECTS[dialect].zone;
  const scheduleTz = values['schedule-tz'];
  if (scheduleTz !== undefined) {
    if (zoneSource === 'utc-only') throw new UsageError(`--schedule-tz does not apply to ${dialect}: its schedules are always UTC`);
    if (zoneSource === 'cron-tz-prefix') throw new UsageError(`--schedule-tz does not apply to ${dialect}: put ${DIALECTS[dialect].zonePrefix?.documented ?? 'CRON_TZ'}=<zone> before the fields`);
    if (!isValidTimeZone(scheduleTz)) throw new UsageError(`--schedule-tz: ${JSON.stringify(scheduleTz)} is not an IANA time zone`);
  }

  const folder = readFolderSettings(io.cwd);
  for (const warning of folder.warnings) io.stderr(printable(`warning: ${warning}`));
  let plan: Plan | undefined = folder.explicit.has('plan') ? folder.settings.plan : undefined;
  if (values.plan !== undefined) {
    if (!isPlan(values.plan)) throw new UsageError(`--plan must be one of ${PLANS.join(', ')}`);
    plan = values.plan;
  }
  const displayZone = values.tz ?? folder.settings.displayTimeZone ?? machineTimeZone();
  if (!isValidTimeZone(displayZone)) throw new UsageError(`--tz: ${JSON.stringify(displayZone)} is not an IANA time zone`);
  const from = values.from === undefined ? io.now() : parseFrom(values.from);
  let runs = 5;
  if (values.runs !== undefined) {
    runs = Number(values.runs);
    if (!/^\d+$/.test(values.runs) || runs < 1 || runs > 100) throw new UsageError('--runs must be a whole number from 1 to 100');
  }

  const explanation = explainSchedule(expression, { dialect, scheduleTimeZone: scheduleTz, plan, rules: folder.settings.rules, from, runs });
  const { problems, valid } = explanation;
  if (values.json) {
    io.stdout(
      JSON.stringify({
        version: 1,
        expression,
        dialect,
        valid,
        description: valid ? (explanation.description ?? null) : null,
        scheduleTimeZone: explanation.scheduleTimeZone,
        nextRuns: valid ? explanation.nextRuns.map((d) => d.toISOString()) : [],
        nextRunsLocal: valid ? explanation.nextRuns.map((d) => toZonedIso(d, displayZone)) : [],
        problems: problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, start: p.span.start, end: p.span.end })),
      }),
    );
  } else {
    // The expression is escaped before the report draws carets under it, so they still point at
    // the characters meant; every line is made printable as it is printed.
    const shown = printableWithOffsets(expression);
    const shownProblems = problems.map((p) => ({ ...p, span: { start: shown.offset(p.span.start), end: shown.offset(p.span.end) } }));
    const report = scheduleReport({ ...explanation, expression: shown.text, problems: shownProblems }, { displayZone, now: from });
    io.stdout(printableLines(report.split('\n')));
  }
  return valid ? EXIT_OK : EXIT_PROBLEMS;
}
