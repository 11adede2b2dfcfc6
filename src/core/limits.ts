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
  /** Longer expressions are reported without being parsed, so absurd input costs nothing. */
  expressionMaxLength: {
    value: 1024,
    asOf: '2026-11-28',
    source: 'Next Cron Routes: bounded work on bad input',
    confirmed: true,
  },
} as const satisfies Record<string, Limit<unknown>>;

/** Cites a limit in a message: "(Vercel, as of 2026-01-20)". */
export function cite(limit: Limit<unknown>): string {
  return `as of ${limit.asOf}; ${limit.source}`;
}
