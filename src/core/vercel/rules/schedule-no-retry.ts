import type { Finding } from '../../diagnostics';
import type { VercelRule } from '../context';

/**
 * `schedule-no-retry`: a failed run of a function or path target is not retried (a topic's
 * message is the queue's to redeliver), so a job that fails silently stays failed until the next
 * slot. Said once per entry, on its name.
 */
export const scheduleNoRetryRule: VercelRule = {
  codes: ['schedule-no-retry'],
  scope: 'file',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const entry of doc.schedules) {
      if (entry.target !== 'path' && entry.target !== 'function') continue;
      const name = entry.name === undefined ? `schedules[${entry.index}]` : `"${entry.name}"`;
      findings.push({
        code: 'schedule-no-retry',
        severity: 'hint',
        span: entry.nameSpan,
        fixes: [],
        message: `Vercel does not retry a failed run of ${name} (a ${entry.target} target), and it may deliver one run twice: make the job idempotent (claim the run before its work, keyed by the run), and report failures to monitoring, or a missed run goes unnoticed until the next one.`,
      });
    }
    return findings;
  },
};
