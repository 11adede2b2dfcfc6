import { stringValue } from '../model';
import type { Finding } from '../../diagnostics';
import type { VercelRule } from '../context';

function normalizeSchedule(schedule: string): string {
  // Most schedules are already single-spaced; only rebuild the others.
  return /^\S+( \S+)*$/.test(schedule) ? schedule : schedule.trim().split(/\s+/).join(' ');
}

/** `duplicate-cron`: the same path and schedule twice registers the job twice. */
export const duplicateCronRule: VercelRule = {
  codes: ['duplicate-cron'],
  scope: 'file',
  check({ doc }) {
    const seen = new Map<string, number>();
    const findings: Finding[] = [];
    for (const entry of doc.crons) {
      const path = stringValue(entry.path);
      const schedule = stringValue(entry.schedule);
      if (path === undefined || schedule === undefined) continue;
      const key = `${path}\u0000${normalizeSchedule(schedule)}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, entry.index);
        continue;
      }
      findings.push({
        code: 'duplicate-cron',
        severity: 'warning',
        span: entry.span,
        fixes: [],
        message: `This job repeats crons[${first}] (${path} at "${schedule}"), so it runs twice each time. Remove one of them; one path at several different schedules is fine.`,
      });
    }
    return findings;
  },
};
