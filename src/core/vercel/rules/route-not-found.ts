import { newRouteFile, resolveCrons } from './project-routes';
import type { Finding, VercelRule } from './types';

/** `route-not-found`: Vercel still calls a missing path, and every run gets 404. */
export const routeNotFoundRule: VercelRule = {
  codes: ['route-not-found'],
  scope: 'project',
  check(ctx) {
    const project = ctx.project;
    if (!project) return [];
    const findings: Finding[] = [];
    for (const cron of resolveCrons(ctx, project)) {
      if (cron.route || !cron.entry.path) continue;
      const basePath = project.config.basePath;
      if (cron.appPath === undefined) {
        findings.push({
          code: 'route-not-found',
          severity: 'warning',
          span: cron.entry.path.span,
          fixes: [],
          message: `next.config sets basePath "${basePath}", so every route lives under it and "${cron.pathname}" gets 404 on every run. Write "${basePath}${cron.pathname}".`,
        });
        continue;
      }
      const created = newRouteFile(project, cron.appPath);
      findings.push({
        code: 'route-not-found',
        severity: 'warning',
        span: cron.entry.path.span,
        fixes: created ? [{ title: `Create ${created.file} with a GET that checks CRON_SECRET`, edits: [], createFiles: [created], safe: false }] : [],
        message: `No route file serves "${cron.pathname}"${basePath ? ` (basePath "${basePath}")` : ''}: Vercel still calls it and every run gets 404, silently. Create ${created ? created.file : 'the route'} or fix the path.`,
      });
    }
    return findings;
  },
};
