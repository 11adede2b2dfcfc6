import { cite, LIMITS } from '../../limits';
import { stringValue, type VercelDoc } from '../model';
import type { Finding } from '../../diagnostics';
import type { VercelRule } from '../context';

/** `invalid-path`: Vercel's schema requires a path of 1–512 characters starting with "/". */
export const invalidPathRule: VercelRule = {
  codes: ['invalid-path'],
  scope: 'file',
  check({ doc }) {
    const findings: Finding[] = [];
    const max = LIMITS.cronPathMaxLength.value;
    for (const entry of doc.crons) {
      if (entry.node.type !== 'object') continue;
      if (!entry.path) {
        findings.push({ code: 'invalid-path', severity: 'error', span: entry.span, fixes: [], message: 'This cron job has no "path"; Vercel requires path and schedule, so the deploy fails. Add the route\'s URL path, such as "/api/cron/cleanup".' });
        continue;
      }
      const path = stringValue(entry.path);
      const node = entry.path.node;
      if (path === undefined) {
        findings.push({ code: 'invalid-path', severity: 'error', span: entry.path.span, fixes: [], message: 'The cron path must be a string such as "/api/cron/cleanup".' });
      } else if (path.trim() === '') {
        findings.push({ code: 'invalid-path', severity: 'error', span: entry.path.span, fixes: [], message: 'The cron path is empty, so the deploy fails. Write the route\'s URL path, such as "/api/cron/cleanup".' });
      } else if (!path.startsWith('/')) {
        const url = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(path.trim());
        const fixed = url ? url[1] || '/' : `/${path.trim().replace(/^\/+/, '')}`;
        const why = url
          ? `A cron path is the path only: Vercel requests the production deployment's URL plus this path, so a full URL fails the deploy. Write "${fixed}".`
          : `Cron paths must start with "/" (Vercel requests the production URL plus this path), so the deploy fails. Write "${fixed}".`;
        findings.push({
          code: 'invalid-path',
          severity: 'error',
          span: entry.path.span,
          message: why,
          // Dropping a host changes which deployment is meant, so only the plain slash fix is automatic.
          fixes: [{ title: `Change to "${fixed}"`, edits: [{ offset: node.offset, length: node.length, content: JSON.stringify(fixed) }], safe: !url, preferred: true }],
        });
      } else if (path.length > max) {
        findings.push({ code: 'invalid-path', severity: 'error', span: entry.path.span, fixes: [], message: `The cron path is ${path.length} characters long; Vercel allows at most ${max} (${cite(LIMITS.cronPathMaxLength)}).` });
      }
    }
    findings.push(...schedulePathFindings(doc));
    return findings;
  },
};

/** A Schedules `path` target: the CLI's schema wants a string starting with "/", at most 512 characters. */
function schedulePathFindings(doc: VercelDoc): Finding[] {
  const findings: Finding[] = [];
  const max = LIMITS.cronPathMaxLength.value;
  for (const entry of doc.schedules) {
    if (!entry.path) continue;
    const path = stringValue(entry.path);
    const node = entry.path.node;
    if (path === undefined) {
      findings.push({ code: 'invalid-path', severity: 'error', span: entry.path.span, fixes: [], message: 'A schedule\'s "path" must be a string such as "/api/cron/cleanup".' });
    } else if (!path.startsWith('/')) {
      const trimmed = path.trim();
      const url = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(trimmed);
      const fixed = url ? url[1] || '/' : `/${trimmed.replace(/^\/+/, '')}`;
      findings.push({
        code: 'invalid-path',
        severity: 'error',
        span: entry.path.span,
        message: `A schedule's "path" must start with "/" (Vercel requests the deployment's URL plus this path), so the deploy fails. Write "${fixed}".`,
        fixes: trimmed ? [{ title: `Change to "${fixed}"`, edits: [{ offset: node.offset, length: node.length, content: JSON.stringify(fixed) }], safe: !url, preferred: true }] : [],
      });
    } else if (path.length > max) {
      findings.push({ code: 'invalid-path', severity: 'error', span: entry.path.span, fixes: [], message: `The schedule's path is ${path.length} characters long; Vercel allows at most ${max} (${cite(LIMITS.cronPathMaxLength)}).` });
    }
  }
  return findings;
}
