import { type ScheduleEntry, stringValue, type VercelDoc } from '../model';
import { scheduleRequestMethod, scheduleTimeZone } from '../scheduleTargets';
import type { Finding } from '../../diagnostics';
import type { VercelRule } from '../context';

function normalizeSchedule(schedule: string): string {
  // Most schedules are already single-spaced; only rebuild the others.
  return /^\S+( \S+)*$/.test(schedule) ? schedule : schedule.trim().split(/\s+/).join(' ');
}

/** `duplicate-cron`: the same path and schedule twice registers the job twice (and the same Schedules target). */
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
    findings.push(...duplicateSchedules(doc));
    return findings;
  },
};

/**
 * Two Schedules entries with the same target (method included) at the same schedule in the same
 * zone run it twice per slot. Another zone is another time, so it is no duplicate.
 */
function duplicateSchedules(doc: VercelDoc): Finding[] {
  const seen = new Map<string, ScheduleEntry>();
  const findings: Finding[] = [];
  for (const entry of doc.schedules) {
    const target = entry.target && stringValue(entry[entry.target]);
    const schedule = stringValue(entry.schedule);
    if (!entry.target || target === undefined || schedule === undefined) continue;
    const zone = scheduleTimeZone(entry);
    const method = entry.target === 'path' ? (scheduleRequestMethod(entry) ?? entry.requestMethod) : '';
    const key = `${entry.target}\u0000${target}\u0000${method}\u0000${zone}\u0000${normalizeSchedule(schedule)}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, entry);
      continue;
    }
    const firstName = first.name === undefined ? `schedules[${first.index}]` : `"${first.name}"`;
    findings.push({
      code: 'duplicate-cron',
      severity: 'warning',
      span: entry.span,
      fixes: [],
      message: `This schedule repeats ${firstName} (${entry.target} ${target} at "${schedule}" in ${zone}), so it runs twice each time. Remove one of them; one target at several schedules, or in several zones, is fine.`,
    });
  }
  return findings;
}
