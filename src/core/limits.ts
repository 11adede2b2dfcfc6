/**
 * Every platform limit the rules rely on, with the date it was read and its source.
 * Rules quote these entries in their messages, so a limit changes in one place.
 * Facts marked `confirmed: false` are only ever reported as warnings.
 */
export interface Limit<T> {
  value: T;
  /** When the source was read or the rule took effect (ISO date). */
  asOf: string;
  source: string;
  confirmed: boolean;
}

export const LIMITS_AS_OF = '2026-11-28';

export const LIMITS = {
  cronJobsPerProject: {
    value: 100,
    asOf: '2026-01-20',
    source: 'Vercel changelog "Cron jobs now support 100 per project on every plan"',
    confirmed: true,
  },
  hobbyMinIntervalSeconds: {
    value: 86_400,
    asOf: '2026-11-28',
    source: 'https://vercel.com/docs/cron-jobs/usage-and-pricing',
    confirmed: true,
  },
  hobbyDeployError: {
    value:
      'Hobby accounts are limited to daily cron jobs. This cron expression would run more than once per day.',
    asOf: '2026-11-28',
    source: 'https://vercel.com/docs/cron-jobs/usage-and-pricing',
    confirmed: true,
  },
  hobbyPrecisionMinutes: {
    value: 59,
    asOf: '2026-11-28',
    source: 'https://vercel.com/docs/cron-jobs/usage-and-pricing',
    confirmed: true,
  },
  cronPathMaxLength: {
    value: 512,
    asOf: '2026-08-03',
    source: 'vercel/vercel packages/cli/src/util/validate-config.ts',
    confirmed: true,
  },
  scheduleMaxLength: {
    value: 256,
    asOf: '2026-08-03',
    source: 'vercel/vercel packages/cli/src/util/validate-config.ts',
    confirmed: true,
  },
  githubActionsMinIntervalSeconds: {
    value: 300,
    asOf: '2026-11-28',
    source: 'https://docs.github.com/actions/reference/events-that-trigger-workflows#schedule',
    confirmed: true,
  },
  /** Function duration maxima in seconds by plan, with Fluid compute (the default since 2025-04-23). */
  maxDurationFluid: {
    value: { hobby: 300, pro: 800, enterprise: 800 },
    asOf: '2026-08-24',
    source: 'https://vercel.com/docs/functions/configuring-functions/duration',
    confirmed: true,
  },
  /** Pro and Enterprise may go to 1800 s in a beta that needs Fluid compute and Node.js. */
  maxDurationFluidBeta: {
    value: 1800,
    asOf: '2026-06-15',
    source: 'https://vercel.com/docs/functions/configuring-functions/duration',
    confirmed: true,
  },
  /** Legacy limits without Fluid compute. */
  maxDurationLegacy: {
    value: { hobby: 60, pro: 300, enterprise: 900 },
    asOf: '2024-05-01',
    source: 'https://vercel.com/docs/functions/limitations',
    confirmed: true,
  },
  /** The duration a function gets when it sets no maxDuration, with Fluid compute. */
  maxDurationDefaultFluid: {
    value: 300,
    asOf: '2026-08-24',
    source: 'https://vercel.com/docs/functions/configuring-functions/duration',
    confirmed: true,
  },
  /** The default without Fluid compute (legacy). */
  maxDurationDefaultLegacy: {
    value: { hobby: 10, pro: 15, enterprise: 15 },
    asOf: '2024-05-01',
    source: 'https://vercel.com/docs/functions/limitations',
    confirmed: true,
  },
  fluidDefaultSince: {
    value: '2025-04-23',
    asOf: '2025-04-23',
    source: 'https://vercel.com/docs/fluid-compute',
    confirmed: true,
  },
  /** Vercel's advice for CRON_SECRET, and what `vercel build` accepts (INVALID_CRON_SECRET). */
  cronSecretMinLength: {
    value: 16,
    asOf: '2026-11-28',
    source: 'https://vercel.com/docs/cron-jobs/manage-cron-jobs',
    confirmed: true,
  },
  /** Longer expressions are reported without being parsed, so absurd input costs nothing. */
  expressionMaxLength: {
    value: 1024,
    asOf: '2026-11-28',
    source: 'Next Cron Routes: bounded work on bad input',
    confirmed: true,
  },
  /** Schedules entries per project: the CLI's schema caps the array (maxItems). */
  schedulesPerProject: {
    value: 100,
    asOf: '2026-10-13',
    source: 'the vercel CLI 64.0.2 bundled config schema (schedules maxItems)',
    confirmed: true,
  },
  /**
   * Whether crons and schedules share one 100-job cap is not documented: the combined count is
   * only ever a warning.
   */
  cronsAndSchedulesCombined: {
    value: 100,
    asOf: '2026-12-06',
    source: 'https://vercel.com/docs/schedules (a shared limit is not documented)',
    confirmed: false,
  },
  /** A Schedules entry's `jitter`, in whole minutes. */
  scheduleJitterMinutes: {
    value: { min: 1, max: 15 },
    asOf: '2026-10-13',
    source: 'the vercel CLI 64.0.2 bundled config schema (jitter: integer 1-15)',
    confirmed: true,
  },
  /** A Schedules entry's `schedule` string: the macros (@daily is 6 characters) are shorter than the least. */
  schedulesExpressionLength: {
    value: { min: 9, max: 256 },
    asOf: '2026-10-13',
    source: 'the vercel CLI 64.0.2 bundled config schema (schedule: string of 9-256 characters)',
    confirmed: true,
  },
  /** The most characters of a Schedules entry's name and target values (each also at least one). */
  scheduleFieldMaxLength: {
    value: { name: 256, topic: 256, entrypoint: 512, service: 64 },
    asOf: '2026-10-13',
    source: 'the vercel CLI 64.0.2 bundled config schema (schedules items)',
    confirmed: true,
  },
} as const satisfies Record<string, Limit<unknown>>;

/** Cites a limit in a message: "(Vercel, as of 2026-01-20)". */
export function cite(limit: Limit<unknown>): string {
  return `as of ${limit.asOf}; ${limit.source}`;
}
