import { resolveCrons, splitCronPath } from '../projectRoutes';
import type { Finding } from '../../diagnostics';
import type { VercelRule } from '../context';

/** `trailing-slash-redirect`: Next answers the "wrong" slash with a 308, which cron does not follow. Next.js apps only. */
export const trailingSlashRedirectRule: VercelRule = {
  codes: ['trailing-slash-redirect'],
  scope: 'project',
  check(ctx) {
    const project = ctx.project;
    if (!project || project.config.skipTrailingSlashRedirect || project.app().kind !== 'next') return [];
    const wantsSlash = project.config.trailingSlash;
    const findings: Finding[] = [];
    for (const cron of resolveCrons(ctx, project)) {
      const node = cron.entry.path?.node;
      if (!node || node.type !== 'string' || cron.pathname === '/') continue;
      const hasSlash = cron.pathname.endsWith('/');
      if (hasSlash === wantsSlash) continue;
      const { pathname, rest } = splitCronPath(cron.path);
      const fixed = wantsSlash ? `${pathname}/${rest}` : `${pathname.replace(/\/+$/, '')}${rest}`;
      findings.push({
        code: 'trailing-slash-redirect',
        severity: 'warning',
        span: cron.entry.path!.span,
        fixes: [{ title: `Change to "${fixed}"`, edits: [{ offset: node.offset, length: node.length, content: JSON.stringify(fixed) }], safe: true, preferred: true }],
        message: wantsSlash
          ? `next.config sets trailingSlash: true, so "${pathname}" answers with a 308 redirect to "${pathname}/". Vercel Cron does not follow redirects: the run "succeeds" and the job never executes. Add the slash (before any query string).`
          : `"${pathname}" ends with a slash, and Next.js redirects it (308) to the path without one. Vercel Cron does not follow redirects: the run "succeeds" and the job never executes. Remove the slash.`,
      });
    }
    return findings;
  },
};
