import { cite, LIMITS } from '../../limits';
import type { Finding } from '../../diagnostics';
import type { VercelDoc } from '../model';
import type { VercelRule } from '../context';

/** `too-many-crons`: 100 jobs per project on every plan since 2026-01-20; 100 schedules. */
export const tooManyCronsRule: VercelRule = {
  codes: ['too-many-crons'],
  scope: 'file',
  check({ doc }) {
    const limit = LIMITS.cronJobsPerProject;
    const findings = schedulesFindings(doc);
    if (doc.crons.length <= limit.value || !doc.cronsNode) return findings;
    const first = doc.crons[limit.value]!;
    return [
      ...findings,
      {
        code: 'too-many-crons',
        severity: 'error',
        span: { start: first.span.start, end: doc.crons[doc.crons.length - 1]!.span.end },
        fixes: [],
        message: `This project has ${doc.crons.length} cron jobs; Vercel allows ${limit.value} per project on every plan (${cite(limit)}), so the deploy fails. Combine jobs that run at the same time into one route.`,
      },
    ];
  },
};

/**
 * Schedules: at most 100 entries (the CLI's schema), an error; crons and schedules together over
 * 100, each within its own cap, a warning, since a shared limit is not documented.
 */
function schedulesFindings(doc: VercelDoc): Finding[] {
  const own = LIMITS.schedulesPerProject;
  const combined = LIMITS.cronsAndSchedulesCombined;
  const entries = doc.schedules;
  if (entries.length > own.value) {
    return [
      {
        code: 'too-many-crons',
        severity: 'error',
        span: { start: entries[own.value]!.span.start, end: entries[entries.length - 1]!.span.end },
        fixes: [],
        message: `This project has ${entries.length} schedules; the vercel CLI accepts at most ${own.value} (${cite(own)}), so the deploy fails. Combine jobs that run at the same time into one target.`,
      },
    ];
  }
  const total = doc.crons.length + entries.length;
  if (total <= combined.value || doc.crons.length > LIMITS.cronJobsPerProject.value || entries.length === 0 || doc.crons.length === 0) return [];
  // The schedules past the shared cap, if there were one.
  const firstOver = entries[Math.max(0, combined.value - doc.crons.length)]!;
  return [
    {
      code: 'too-many-crons',
      severity: 'warning',
      span: { start: firstOver.span.start, end: entries[entries.length - 1]!.span.end },
      fixes: [],
      message: `This project has ${doc.crons.length} cron jobs and ${entries.length} schedules, ${total} in all. Each is within its own cap of ${combined.value}, but whether they share one is not documented (${cite(combined)}); if they do, the deploy fails. Move cron jobs to Schedules or combine jobs.`,
    },
  ];
}
