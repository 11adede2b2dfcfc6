import { apiFunctionServes, outsideApp, topLevelKeys } from '../appFacts';
import { stringValue } from '../model';
import type { ProjectView } from '../project';
import { newRouteFile, resolveCrons, resolveSchedulePaths, splitCronPath } from '../projectRoutes';
import type { Finding } from '../../diagnostics';
import type { Span } from '../../types';
import type { VercelRule, VercelRuleContext } from '../context';

/** vercel.json keys that send a path somewhere else than the file of its name. */
const ROUTING_KEYS = ['rewrites', 'routes'];

/**
 * A project without Next.js: Vercel deploys each file of api/ as a function at `/api/<file>`.
 * Only a path under /api, in a project whose paths are all api/ files (no framework routing,
 * no rewrites) and that has at least one, can be told missing; any other path says nothing.
 */
function notNextFindings(ctx: VercelRuleContext, project: ProjectView): Finding[] {
  const facts = project.app();
  if (facts.framework !== undefined || facts.apiFunctions.length === 0 || outsideApp(ctx.doc, project)) return [];
  const keys = topLevelKeys(ctx.doc);
  if (ROUTING_KEYS.some((key) => keys.has(key))) return [];
  const extension = /\.([^.]+)$/.exec(facts.apiFunctions[0]!)?.[1] ?? 'ts';
  const findings: Finding[] = [];
  // Schedules' path targets are requested like crons, whatever their method: a missing file is the same 404.
  const requested = [...ctx.doc.crons, ...ctx.doc.schedules.filter((entry) => entry.target === 'path')];
  for (const entry of requested) {
    const path = stringValue(entry.path);
    if (!entry.path || !path?.startsWith('/')) continue;
    const { pathname } = splitCronPath(path);
    if (apiFunctionServes(pathname, facts.apiFunctions) !== false) continue;
    const rest = pathname.replace(/^\/|\/$/g, '');
    const file = `${rest === 'api' ? 'api/index' : rest}.${extension}`;
    findings.push({
      code: 'route-not-found',
      severity: 'warning',
      span: entry.path.span,
      fixes: [],
      message: `No function in api/ serves "${pathname}": Vercel still calls it and every run gets 404, silently. A file in api/ answers at its path without the extension (api/cron/cleanup.${extension} serves /api/cron/cleanup); add ${file} or fix the path.`,
    });
  }
  return findings;
}

/** `route-not-found`: Vercel still calls a missing path, and every run gets 404. */
export const routeNotFoundRule: VercelRule = {
  codes: ['route-not-found'],
  scope: 'project',
  check(ctx) {
    const project = ctx.project;
    if (!project) return [];
    if (project.app().kind !== 'next') return notNextFindings(ctx, project);
    const findings: Finding[] = [];
    // Schedules' path targets are requested like crons (with their own method): the same 404.
    // Built field by field: an object spread of each resolved cron cost this rule twice the rest of a keystroke's analysis.
    const targets: { route: unknown; pathSpan: Span | undefined; appPath: string | undefined; pathname: string; method: string | undefined }[] = [];
    for (const cron of resolveCrons(ctx, project)) targets.push({ route: cron.route, pathSpan: cron.entry.path?.span, appPath: cron.appPath, pathname: cron.pathname, method: 'GET' });
    for (const schedule of resolveSchedulePaths(ctx.doc, project)) {
      targets.push({ route: schedule.route, pathSpan: schedule.entry.path?.span, appPath: schedule.appPath, pathname: schedule.pathname, method: schedule.method });
    }
    for (const cron of targets) {
      if (cron.route || !cron.pathSpan) continue;
      const basePath = project.config.basePath;
      if (cron.appPath === undefined) {
        findings.push({
          code: 'route-not-found',
          severity: 'warning',
          span: cron.pathSpan,
          fixes: [],
          message: `next.config sets basePath "${basePath}", so every route lives under it and "${cron.pathname}" gets 404 on every run. Write "${basePath}${cron.pathname}".`,
        });
        continue;
      }
      // The route written answers GET: a schedule sent POST would get 405 from it.
      const created = cron.method === 'GET' ? newRouteFile(project, cron.appPath) : undefined;
      findings.push({
        code: 'route-not-found',
        severity: 'warning',
        span: cron.pathSpan,
        fixes: created ? [{ title: `Create ${created.file} with a GET that checks CRON_SECRET`, edits: [], createFiles: [created], safe: false }] : [],
        message: `No route file serves "${cron.pathname}"${basePath ? ` (basePath "${basePath}")` : ''}: Vercel still calls it and every run gets 404, silently. Create ${created ? created.file : 'the route'} or fix the path.`,
      });
    }
    return findings;
  },
};
