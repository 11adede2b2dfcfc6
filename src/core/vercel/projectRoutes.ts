import type { RouteEntry } from '../next/types';
import { cronRouteFile } from '../next/guardTemplate';
import { stringValue, type CronEntry, type ScheduleEntry } from './model';
import { scheduleRequestMethod, type ScheduleMethod } from './scheduleTargets';
import type { ProjectView } from './project';
import type { VercelRuleContext } from './context';

/** The URL path Vercel requests, split from its query string and hash. */
export function splitCronPath(path: string): { pathname: string; rest: string } {
  const cut = path.search(/[?#]/);
  return cut === -1 ? { pathname: path, rest: '' } : { pathname: path.slice(0, cut), rest: path.slice(cut) };
}

/** The path inside the app: basePath removed; undefined when the path lies outside basePath. */
export function appPathOf(pathname: string, basePath: string): string | undefined {
  if (!basePath) return pathname;
  if (pathname === basePath) return '/';
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
}

export interface ResolvedCron {
  entry: CronEntry;
  path: string;
  pathname: string;
  /** The path inside the app, basePath removed; undefined when the path is outside basePath. */
  appPath: string | undefined;
  route: RouteEntry | undefined;
}

/** Three rules resolve the same paths in one check: resolve once per document and project state. */
const resolvedCache = new WeakMap<object, WeakMap<ProjectView, ResolvedCron[]>>();

/** Resolves each cron path of vercel.json to the route file that serves it. */
export function resolveCrons(ctx: VercelRuleContext, project: ProjectView): ResolvedCron[] {
  let byProject = resolvedCache.get(ctx.doc);
  if (!byProject) resolvedCache.set(ctx.doc, (byProject = new WeakMap()));
  let resolved = byProject.get(project);
  if (!resolved) byProject.set(project, (resolved = resolveCronsUncached(ctx, project)));
  return resolved;
}

function resolveCronsUncached(ctx: VercelRuleContext, project: ProjectView): ResolvedCron[] {
  const basePath = project.config.basePath;
  const resolved: ResolvedCron[] = [];
  for (const entry of ctx.doc.crons) {
    const path = stringValue(entry.path);
    if (!path || !path.startsWith('/')) continue;
    const { pathname } = splitCronPath(path);
    const appPath = appPathOf(pathname, basePath);
    resolved.push({ entry, path, pathname, appPath, route: appPath === undefined ? undefined : project.matchRoute(appPath) });
  }
  return resolved;
}

export interface ResolvedSchedulePath {
  entry: ScheduleEntry;
  path: string;
  pathname: string;
  appPath: string | undefined;
  route: RouteEntry | undefined;
  /** What Vercel sends (`requestMethod`, POST by default); undefined when requestMethod is no method the schema allows. */
  method: ScheduleMethod | undefined;
}

/** Each Schedules `path` target resolved to the route file that serves it, as crons' paths are. */
export function resolveSchedulePaths(doc: VercelRuleContext['doc'], project: ProjectView): ResolvedSchedulePath[] {
  const resolved: ResolvedSchedulePath[] = [];
  for (const entry of doc.schedules) {
    const path = stringValue(entry.path);
    if (entry.target !== 'path' || !path?.startsWith('/')) continue;
    const { pathname } = splitCronPath(path);
    const appPath = appPathOf(pathname, project.config.basePath);
    resolved.push({ entry, path, pathname, appPath, route: appPath === undefined ? undefined : project.matchRoute(appPath), method: scheduleRequestMethod(entry) });
  }
  return resolved;
}

/** Where a new App Router route for `appPath` goes, or undefined when the path is not a plain one. */
export function newRouteFile(project: ProjectView, appPath: string): { file: string; content: string } | undefined {
  // "/api//cron" has an empty segment that no folder can serve.
  const segments = appPath.replace(/^\/|\/$/g, '').split('/');
  if (segments.length === 0 || segments.some((s) => !/^[A-Za-z0-9._~-]+$/.test(s) || s.startsWith('_') || s === '.' || s === '..')) return undefined;
  const style = project.style;
  const jobName = segments[segments.length - 1]!;
  const file = `${style.appDir}/${segments.join('/')}/route.${routeExtension(project)}`;
  return { file, content: cronRouteFile(style, jobName) };
}

/** A pageExtensions entry that names an extension, not a path: `page.ts` is one, `../x.ts` is not. */
const PLAIN_EXTENSION = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;

/**
 * An extension Next treats as a route: `ts`, or `page.ts` when pageExtensions says so. Entries
 * that are no plain extension (`../../outside/x.ts`) are passed over: joined to `route.`, they
 * would name a file elsewhere, even outside the project.
 */
function routeExtension(project: ProjectView): string {
  const wanted = project.style.extension;
  const extensions = project.config.pageExtensions.filter((e) => PLAIN_EXTENSION.test(e));
  return extensions.find((e) => e === wanted) ?? extensions.find((e) => e.endsWith(`.${wanted}`)) ?? extensions.find((e) => /(^|\.)[jt]s$/.test(e)) ?? wanted;
}
