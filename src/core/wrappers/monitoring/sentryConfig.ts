import { LIMITS } from '../../limits';
import type { Plan } from '../../settings';
import { singleQuoted } from '../source';

/**
 * Sentry's check-in margin, in minutes, when Vercel fires on time (Pro, Enterprise): room for a
 * cold start and for the check-in to reach Sentry.
 */
const PUNCTUAL_MARGIN_MINUTES = 5;

/**
 * The monitor config literal for a `withSentryCronMonitor` call site, as source text in canonical
 * style. Sentry's `checkinMargin` and `maxRuntime` are minutes (MonitorConfig in @sentry/core).
 */
export function sentryMonitorConfig(schedule: string, options: { plan: Plan; maxDurationSeconds: number }): string {
  // Hobby runs fire anywhere within the hour; an unknown plan might be Hobby, and a margin too
  // wide only delays a missed-run alert, where one too narrow raises false ones.
  const punctual = options.plan === 'pro' || options.plan === 'enterprise';
  const checkinMargin = punctual ? PUNCTUAL_MARGIN_MINUTES : LIMITS.hobbyPrecisionMinutes.value + 1;
  // Whole minutes, rounded up so a run that uses all of its maxDuration is not reported as timed out.
  const maxRuntime = Number.isFinite(options.maxDurationSeconds) ? Math.max(1, Math.ceil(options.maxDurationSeconds / 60)) : 1;
  // Vercel evaluates cron expressions in UTC.
  return `{ schedule: { type: 'crontab', value: ${singleQuoted(schedule)} }, checkinMargin: ${checkinMargin}, maxRuntime: ${maxRuntime}, timezone: 'Etc/UTC' }`;
}
