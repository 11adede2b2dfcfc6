import { cite, LIMITS } from '../../limits';
import type { VercelRule } from '../context';

/** `too-many-crons`: 100 jobs per project on every plan since 2026-01-20. */
export const tooManyCronsRule: VercelRule = {
  codes: ['too-many-crons'],
  scope: 'file',
  check({ doc }) {
    const limit = LIMITS.cronJobsPerProject;
    if (doc.crons.length <= limit.value || !doc.cronsNode) return [];
    const first = doc.crons[limit.value]!;
    return [
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
