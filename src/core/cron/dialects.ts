/**
 * What each scheduler accepts. `unconfirmed` features are reported as warnings: the
 * platform's behaviour could not be verified (platform-facts §1.2, §1.5, §5, §7).
 */
export type Support = 'yes' | 'no' | 'unconfirmed';

export const DIALECT_IDS = [
  'vercel',
  'vercel-schedules',
  'github-actions',
  'netlify',
  'qstash',
  'trigger',
  'node-cron',
  'standard',
  'croner',
  'node-schedule',
  'inngest',
] as const;

export type DialectId = (typeof DIALECT_IDS)[number];

/** Where the zone a schedule is evaluated in comes from. */
export type ZoneSource = 'utc-only' | 'separate-field' | 'cron-tz-prefix';

export interface Dialect {
  id: DialectId;
  label: string;
  /** A leading seconds field (six fields). */
  seconds: Support;
  names: Support;
  /** Macros the dialect accepts, with their five-field meaning. */
  macros: Readonly<Record<string, string>>;
  /** Macros that are not accepted by this dialect but may be unconfirmed rather than wrong. */
  otherMacros: Support;
  question: Support;
  lastDay: Support;
  nearestWeekday: Support;
  nthWeekday: Support;
  hash: Support;
  dayOfWeekSeven: Support;
  /** "L-n" (n days before the last): where absent, it goes with `nearestWeekday` (the libraries that have W have it). */
  lastDayOffset?: Support;
  /** Vercel refuses a schedule with both day fields restricted; classic cron ORs them. */
  bothDayFields: 'or' | 'refused' | 'unconfirmed';
  zone: ZoneSource;
  /** For `cron-tz-prefix` dialects: the prefix the scheduler documents, and its name as messages say it. */
  zonePrefix?: { documented: 'CRON_TZ' | 'TZ'; by: string };
  docsUrl: string;
}

const CLASSIC_MACROS = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
} as const;

/** Every macro some scheduler knows, so the others can say "not here" rather than "garbage". */
export const KNOWN_MACROS: Readonly<Record<string, string>> = {
  ...CLASSIC_MACROS,
  '@weekdays': '0 0 * * 1-5',
  '@weekends': '0 0 * * 0,6',
  '@minutely': '* * * * *',
  '@secondly': '* * * * * *',
};

/**
 * The dialects of the in-process libraries, read from their current sources and checked against
 * the libraries themselves (test/unit/core/cron/libraryVerdicts.test.ts), and Inngest's, from its
 * documentation (its server parses the expression, so what it does not document is unconfirmed).
 */
const LIBRARY_DIALECTS = {
  // croner 11: 5 or 6 fields (a 7th, the year, is not read here), names (three letters),
  // the classic macros with @midnight, ?, L, LW, nW, nL, n#k, no L-n, no H; day fields OR'd
  // (its default `domAndDow: false`). The zone is the `timezone` option, else the process's.
  croner: {
    id: 'croner',
    label: 'croner',
    seconds: 'yes',
    names: 'yes',
    macros: CLASSIC_MACROS,
    otherMacros: 'no',
    question: 'yes',
    lastDay: 'yes',
    nearestWeekday: 'yes',
    lastDayOffset: 'no',
    nthWeekday: 'yes',
    hash: 'no',
    dayOfWeekSeven: 'yes',
    bothDayFields: 'or',
    zone: 'separate-field',
    docsUrl: 'https://croner.56k.guru/usage/pattern/',
  },
  // node-schedule 2.1.1 parses with cron-parser 4: 5 or 6 fields, names, ?, L, nL, n#k, no W or
  // LW or L-n, no H, and of the macros only @yearly @monthly @weekly @daily @hourly.
  'node-schedule': {
    id: 'node-schedule',
    label: 'node-schedule',
    seconds: 'yes',
    names: 'yes',
    macros: { '@yearly': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@hourly': '0 * * * *' },
    otherMacros: 'no',
    question: 'yes',
    lastDay: 'yes',
    nearestWeekday: 'no',
    nthWeekday: 'yes',
    hash: 'no',
    dayOfWeekSeven: 'yes',
    bothDayFields: 'or',
    zone: 'separate-field',
    docsUrl: 'https://github.com/node-schedule/node-schedule#cron-style-scheduling',
  },
  // Inngest documents five fields and the TZ= prefix (UTC without it); names appear in its examples.
  inngest: {
    id: 'inngest',
    label: 'Inngest cron trigger',
    seconds: 'unconfirmed',
    names: 'yes',
    macros: {},
    otherMacros: 'unconfirmed',
    question: 'unconfirmed',
    lastDay: 'unconfirmed',
    nearestWeekday: 'unconfirmed',
    nthWeekday: 'unconfirmed',
    hash: 'unconfirmed',
    dayOfWeekSeven: 'unconfirmed',
    bothDayFields: 'or',
    zone: 'cron-tz-prefix',
    zonePrefix: { documented: 'TZ', by: 'Inngest' },
    docsUrl: 'https://www.inngest.com/docs/guides/scheduled-functions',
  },
} as const satisfies Record<'croner' | 'node-schedule' | 'inngest', Dialect>;

export const DIALECTS: Readonly<Record<DialectId, Dialect>> = {
  vercel: {
    id: 'vercel',
    label: 'Vercel Cron Jobs',
    seconds: 'no',
    names: 'no',
    macros: {},
    otherMacros: 'no',
    question: 'no',
    lastDay: 'no',
    nearestWeekday: 'no',
    nthWeekday: 'no',
    hash: 'no',
    dayOfWeekSeven: 'unconfirmed',
    bothDayFields: 'refused',
    zone: 'utc-only',
    docsUrl: 'https://vercel.com/docs/cron-jobs',
  },
  'vercel-schedules': {
    id: 'vercel-schedules',
    label: 'Vercel Schedules (beta)',
    seconds: 'unconfirmed',
    names: 'unconfirmed',
    macros: {},
    otherMacros: 'unconfirmed',
    question: 'unconfirmed',
    lastDay: 'unconfirmed',
    nearestWeekday: 'unconfirmed',
    nthWeekday: 'unconfirmed',
    hash: 'unconfirmed',
    dayOfWeekSeven: 'unconfirmed',
    bothDayFields: 'unconfirmed',
    zone: 'separate-field',
    docsUrl: 'https://vercel.com/docs/schedules/configuration',
  },
  'github-actions': {
    id: 'github-actions',
    label: 'GitHub Actions schedule',
    seconds: 'no',
    names: 'yes',
    macros: {},
    otherMacros: 'no',
    question: 'no',
    lastDay: 'no',
    nearestWeekday: 'no',
    nthWeekday: 'no',
    hash: 'no',
    dayOfWeekSeven: 'unconfirmed',
    bothDayFields: 'or',
    zone: 'separate-field',
    docsUrl: 'https://docs.github.com/actions/reference/events-that-trigger-workflows#schedule',
  },
  netlify: {
    // "The cron expression format used by tools like crontab", in UTC, with "the extensions in the
    // RFC, except for the @reboot and @annually specifications" (docs.netlify.com, scheduled
    // functions). Everything crontab leaves open is unconfirmed.
    id: 'netlify',
    label: 'Netlify scheduled functions',
    seconds: 'unconfirmed',
    names: 'unconfirmed',
    macros: {
      '@yearly': CLASSIC_MACROS['@yearly'],
      '@monthly': CLASSIC_MACROS['@monthly'],
      '@weekly': CLASSIC_MACROS['@weekly'],
      '@daily': CLASSIC_MACROS['@daily'],
      '@midnight': CLASSIC_MACROS['@midnight'],
      '@hourly': CLASSIC_MACROS['@hourly'],
    },
    otherMacros: 'no',
    question: 'unconfirmed',
    lastDay: 'unconfirmed',
    nearestWeekday: 'unconfirmed',
    nthWeekday: 'unconfirmed',
    hash: 'unconfirmed',
    dayOfWeekSeven: 'unconfirmed',
    bothDayFields: 'unconfirmed',
    zone: 'utc-only',
    docsUrl: 'https://docs.netlify.com/build/functions/scheduled-functions/',
  },
  qstash: {
    id: 'qstash',
    label: 'Upstash QStash schedule',
    seconds: 'no',
    names: 'unconfirmed',
    macros: {},
    otherMacros: 'unconfirmed',
    question: 'unconfirmed',
    lastDay: 'unconfirmed',
    nearestWeekday: 'unconfirmed',
    nthWeekday: 'unconfirmed',
    hash: 'no',
    dayOfWeekSeven: 'unconfirmed',
    bothDayFields: 'or',
    zone: 'cron-tz-prefix',
    zonePrefix: { documented: 'CRON_TZ', by: 'QStash' },
    docsUrl: 'https://upstash.com/docs/qstash/features/schedules',
  },
  trigger: {
    id: 'trigger',
    label: 'Trigger.dev scheduled task',
    seconds: 'no',
    names: 'unconfirmed',
    macros: {},
    otherMacros: 'unconfirmed',
    question: 'unconfirmed',
    lastDay: 'yes',
    nearestWeekday: 'unconfirmed',
    nthWeekday: 'unconfirmed',
    hash: 'no',
    dayOfWeekSeven: 'yes',
    bothDayFields: 'or',
    zone: 'separate-field',
    docsUrl: 'https://trigger.dev/docs/tasks/scheduled',
  },
  'node-cron': {
    id: 'node-cron',
    label: 'node-cron',
    seconds: 'yes',
    names: 'yes',
    macros: CLASSIC_MACROS,
    otherMacros: 'no',
    question: 'yes',
    lastDay: 'yes',
    nearestWeekday: 'yes',
    nthWeekday: 'yes',
    hash: 'no',
    dayOfWeekSeven: 'yes',
    bothDayFields: 'or',
    zone: 'separate-field',
    docsUrl: 'https://github.com/node-cron/node-cron',
  },
  standard: {
    id: 'standard',
    label: 'standard cron (Vixie/cronie)',
    seconds: 'no',
    names: 'yes',
    macros: CLASSIC_MACROS,
    otherMacros: 'no',
    question: 'no',
    lastDay: 'no',
    nearestWeekday: 'no',
    nthWeekday: 'no',
    hash: 'no',
    dayOfWeekSeven: 'yes',
    bothDayFields: 'or',
    zone: 'separate-field',
    docsUrl: 'https://man7.org/linux/man-pages/man5/crontab.5.html',
  },
  ...LIBRARY_DIALECTS,
};

export function isDialectId(value: string): value is DialectId {
  return (DIALECT_IDS as readonly string[]).includes(value);
}
