import { cite, LIMITS } from '../../limits';
import type { Finding, Fix } from '../../diagnostics';
import type { VercelRule } from '../context';

/** `invalid-jitter`: the CLI's schema wants a whole number of minutes within its range. */
export const invalidJitterRule: VercelRule = {
  codes: ['invalid-jitter'],
  scope: 'file',
  check({ doc }) {
    const limit = LIMITS.scheduleJitterMinutes;
    const { min, max } = limit.value;
    const findings: Finding[] = [];
    for (const entry of doc.schedules) {
      const jitter = entry.jitter;
      if (!jitter) continue;
      const value = jitter.node.value;
      const numeric = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
      if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) continue;
      const written = doc.text.slice(jitter.span.start, jitter.span.end);
      const why =
        numeric === undefined
          ? `${written} is not a number`
          : typeof value === 'string'
            ? `${written} is a string`
            : numeric < min || numeric > max
              ? `${written} is outside ${min}–${max}`
              : `${written} is not a whole number`;
      const fixes: Fix[] = [];
      if (numeric !== undefined && Number.isFinite(numeric)) {
        const nearest = Math.min(max, Math.max(min, Math.round(numeric)));
        fixes.push({ title: `Set jitter to ${nearest}`, edits: [{ offset: jitter.span.start, length: jitter.span.end - jitter.span.start, content: String(nearest) }], safe: false, preferred: true });
      }
      findings.push({
        code: 'invalid-jitter',
        severity: 'error',
        span: jitter.span,
        fixes,
        message: `"jitter" must be a whole number of minutes from ${min} to ${max} (${cite(limit)}): ${why}, so the deploy fails. Each run then starts within that many minutes after its scheduled time.`,
      });
    }
    return findings;
  },
};
