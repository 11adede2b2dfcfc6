import type { Severity } from './types';

/**
 * The registry of problem codes: the contract between diagnostics, quick fixes, the CLI
 * (`explain`, `check`, `fix`) and the `nextCronRoutes.rules` setting. Codes never change
 * meaning once published.
 */
export interface CodeInfo {
  /** The severity before plan-dependent logic and user overrides. */
  defaultSeverity: Severity;
  description: string;
}

export const CODES = {
  'invalid-schedule': {
    defaultSeverity: 'error',
    description:
      'The schedule is not valid for its platform (field count, range, names, macros, special characters). Undocumented cases are warnings.',
  },
  'invalid-timezone': {
    defaultSeverity: 'error',
    description: 'The schedule names a time zone that is not a valid IANA zone.',
  },
  'day-of-month-and-week': {
    defaultSeverity: 'error',
    description:
      'Both day-of-month and day-of-week are restricted. Vercel refuses this; elsewhere tools disagree on whether the days combine with OR or AND.',
  },
  'never-fires': {
    defaultSeverity: 'warning',
    description: 'The schedule is valid but can never fire (for example 30 February).',
  },
  'hobby-frequency': {
    defaultSeverity: 'warning',
    description:
      'Fires more than once per day, which the Vercel Hobby plan rejects at deploy. Error on hobby, warning when the plan is unknown.',
  },
  'hobby-precision': {
    defaultSeverity: 'info',
    description: 'On the Hobby plan the job fires anywhere within the scheduled hour.',
  },
  'interval-too-short': {
    defaultSeverity: 'warning',
    description: 'Fires more often than the platform runs scheduled jobs (GitHub Actions: every 5 minutes at most).',
  },
  'next-runs-unavailable': {
    defaultSeverity: 'info',
    description: 'The schedule is valid for its platform, but its next runs cannot be previewed.',
  },
} as const satisfies Record<string, CodeInfo>;

export type ProblemCode = keyof typeof CODES;

export function isKnownCode(code: string): code is ProblemCode {
  return Object.prototype.hasOwnProperty.call(CODES, code);
}
