/**
 * The cron functions of a Vercel project without Next.js: the api/ files that vercel.json's
 * crons (and Schedules path targets) request. Vercel deploys each api/ file as a function at
 * `/api/<path without extension>` (`api/cron/index.ts` at /api/cron), and the route rules read
 * them as they read Next.js route files.
 *
 * Precision over recall: a cron path is given a file only when the files say which one serves it.
 * A framework that routes requests itself (appFacts.framework, or a vercel.json `framework` preset
 * other than a static site's), `builds` (only the files it lists are built), legacy `routes`
 * that may send the cron's GET elsewhere before the file system answers (see routesLeavePath), a
 * redirect that may catch /api paths, two files that could serve the path, and a path no file
 * serves all give nothing. `rewrites` are applied after the file system, so a file whose path is all static
 * segments still serves it; a `[name]` file then might not (a rewrite may come first), and is
 * used only without rewrites.
 */
import type { Node } from 'jsonc-parser';
import type { RouteEntry, Segment } from '../next/types';
import { apiFunctionFor, topLevelKeys } from '../vercel/appFacts';
import { stringValue, type VercelDoc } from '../vercel/model';
import type { ProjectView } from '../vercel/project';
import { splitCronPath } from '../vercel/projectRoutes';
import { scheduleRequestMethod, type ScheduleMethod } from '../vercel/scheduleTargets';
import type { Span } from '../types';
import type { CronRouteFile } from './check';

/** vercel.json keys with which the files alone no longer say what serves a path. */
const ROUTED_ELSEWHERE = ['builds'];

/**
 * Values of vercel.json `framework` (Vercel's presets) that build a static site or a single-page
 * app and leave api/ to Vercel's functions. Any other preset (nextjs, hono, express, nuxtjs,
 * sveltekit, astro, …) may route the paths itself, and then the files say nothing.
 */
const STATIC_PRESETS = new Set([
  'vite',
  'create-react-app',
  'vue',
  'angular',
  'svelte',
  'preact',
  'ember',
  'parcel',
  'hugo',
  'jekyll',
  'eleventy',
  'docusaurus',
  'docusaurus-2',
  'vitepress',
  'vuepress',
  'gridsome',
  'hexo',
  'brunch',
  'middleman',
  'zola',
  'polymer',
  'stencil',
  'ionic-angular',
  'ionic-react',
  'scully',
  'dojo',
  'umijs',
  'saber',
  'storybook',
]);

/** The value node of a top-level vercel.json key (the last, as JSON.parse keeps it). */
function topLevelValue(doc: VercelDoc, key: string): Node | undefined {
  return doc.root?.children?.filter((p) => p.children?.[0]?.value === key).pop()?.children?.[1];
}

/**
 * vercel.json `framework` names a static-site preset: Vercel builds with it whatever package.json
 * holds, so a server framework among the dependencies (an Express dev server beside a Vite app)
 * routes nothing on Vercel, and api/ is Vercel's functions.
 */
function namesStaticPreset(doc: VercelDoc): boolean {
  const framework = topLevelValue(doc, 'framework');
  return framework?.type === 'string' && STATIC_PRESETS.has(String(framework.value));
}

/** vercel.json `framework` names a preset that may route paths itself (null, or none, does not). */
function presetRoutes(doc: VercelDoc): boolean {
  const framework = topLevelValue(doc, 'framework');
  if (!framework || framework.type === 'null') return false;
  return framework.type !== 'string' || !STATIC_PRESETS.has(String(framework.value));
}

/** The `source` strings of vercel.json's `redirects`, undefined when it has none. */
function redirectSources(doc: VercelDoc): string[] | undefined {
  const list = topLevelValue(doc, 'redirects');
  if (!list) return undefined;
  const sources: string[] = [];
  for (const item of list.children ?? []) {
    const source = item.children?.find((p: Node) => p.children?.[0]?.value === 'source')?.children?.[1];
    // A redirect whose source cannot be read may match anything.
    sources.push(source?.type === 'string' ? String(source.value) : '');
  }
  return sources;
}

/** A path segment with nothing path-to-regexp reads as a parameter, group, wildcard or modifier. */
const LITERAL_SEGMENT = /^[A-Za-z0-9._~-]*$/;

/**
 * Whether a redirect's source may match `pathname`: a source made of literal segments matches
 * that path alone (with or without a trailing slash); one whose first segment is literal and not
 * `api` matches no path under /api; anything else may.
 */
function redirectMayMatch(source: string, pathname: string): boolean {
  if (!source.startsWith('/')) return true;
  const segments = source.slice(1).split('/');
  if (segments.every((s) => LITERAL_SEGMENT.test(s))) return source.replace(/\/$/, '') === pathname.replace(/\/$/, '');
  return !(LITERAL_SEGMENT.test(segments[0]!) && segments[0] !== 'api');
}

/** Route keys that only match or add headers: they change nothing about which file answers. */
const MATCH_ONLY_KEYS = new Set(['src', 'headers', 'methods', 'caseSensitive', 'continue']);
/** Longer route sources and paths are not matched (a bound on the work a regex may take). */
const MAX_ROUTE_SOURCE = 200;
/**
 * A group that repeats and holds a repetition or an alternation itself (`(a+)+`, `(a|ab)*`), or a
 * back-reference: patterns whose matching work can grow past any bound. Such a route is "cannot tell".
 */
const UNBOUNDED_PATTERN = /\([^()]*[+*}|][^()]*\)[+*{]|\\[1-9]/;

/** A string member of a route object, undefined when absent or not a string. */
function member(route: Node, key: string): Node | undefined {
  return route.children?.find((p: Node) => p.children?.[0]?.value === key)?.children?.[1];
}

/**
 * Whether vercel.json's legacy `routes` leave the cron's GET for `pathname` to the file system.
 * The routes before the first `{ "handle": "filesystem" }` run before it, in order (Vercel anchors
 * each `src` and matches it case-insensitively unless `caseSensitive`); the rest run only when no
 * file answers. A route that may match the path counts only when it adds headers, or rewrites
 * the path to itself; one that sends it elsewhere, answers (`status`), depends on a header or a
 * cookie (`has`, `missing`), names another phase first, or cannot be read is "cannot tell".
 */
function routesLeavePath(doc: VercelDoc, pathname: string): boolean {
  const routes = topLevelValue(doc, 'routes');
  if (routes?.type !== 'array' || pathname.length > MAX_ROUTE_SOURCE) return false;
  for (const route of routes.children ?? []) {
    if (route.type !== 'object') return false;
    const handle = member(route, 'handle');
    if (handle) return handle.type === 'string' && handle.value === 'filesystem';
    const src = member(route, 'src');
    if (src?.type !== 'string') return false;
    const methods = member(route, 'methods');
    if (methods) {
      if (methods.type !== 'array' || !methods.children?.every((m: Node) => m.type === 'string')) return false;
      if (!methods.children.some((m: Node) => String(m.value).toUpperCase() === 'GET')) continue;
    }
    const match = matchRouteSource(String(src.value), pathname, member(route, 'caseSensitive')?.value === true);
    if (match === undefined) return false;
    if (match === null) continue;
    const keys = (route.children ?? []).map((p: Node) => String(p.children?.[0]?.value));
    const dest = member(route, 'dest');
    if (keys.some((key) => key !== 'dest' && !MATCH_ONLY_KEYS.has(key))) return false;
    if (dest === undefined) continue;
    if (dest.type !== 'string' || destination(String(dest.value), match) !== pathname) return false;
    // Rewritten to itself: without `continue`, routing ends here and the file system answers.
    if (member(route, 'continue')?.value !== true) return true;
  }
  return true;
}

/** The match of an anchored route source against a path; null for none, undefined when it cannot be told. */
function matchRouteSource(source: string, pathname: string, caseSensitive: boolean): RegExpExecArray | null | undefined {
  if (source.length > MAX_ROUTE_SOURCE || UNBOUNDED_PATTERN.test(source)) return undefined;
  const anchored = `${source.startsWith('^') ? '' : '^'}${source}${source.endsWith('$') ? '' : '$'}`;
  try {
    return new RegExp(anchored, caseSensitive ? '' : 'i').exec(pathname);
  } catch {
    // PCRE syntax JavaScript does not read.
    return undefined;
  }
}

/** A route's `dest` with `$1` and `$name` filled from the match, without its query. */
function destination(dest: string, match: RegExpExecArray): string {
  const filled = dest.replace(/\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/g, (whole, key: string) => (/^\d+$/.test(key) ? (match[Number(key)] ?? '') : (match.groups?.[key] ?? whole)));
  return filled.split('?')[0]!;
}

/** The route-table shape of an api/ file: `api/jobs/[name].ts` serves /api/jobs/[name]. */
function functionRoute(file: string): RouteEntry {
  const parts = file.replace(/\.[^./]+$/, '').split('/');
  if (parts[parts.length - 1] === 'index') parts.pop();
  const segments = parts.map((part): Segment => {
    const optional = /^\[\[\.\.\.([^\]]+)\]\]$/.exec(part);
    if (optional) return { type: 'optional-catch-all', name: optional[1]! };
    const rest = /^\[\.\.\.([^\]]+)\]$/.exec(part);
    if (rest) return { type: 'catch-all', name: rest[1]! };
    const one = /^\[([^\]]+)\]$/.exec(part);
    return one ? { type: 'dynamic', name: one[1]! } : { type: 'static', value: part };
  });
  return { file, kind: 'function', pattern: `/${parts.join('/')}`, segments };
}

/**
 * The api/ files of a project without Next.js that vercel.json schedules (cron paths, and
 * Schedules path targets requested with GET), each with the paths requested there. Empty for a
 * Next.js app, and wherever the files cannot say what serves a path (see the module comment).
 * A function only a glob would name is no cron function: nothing here but what is scheduled.
 */
export function cronFunctionFiles(doc: VercelDoc, project: ProjectView): Map<string, CronRouteFile> {
  return readCronFunctions(doc, project).files;
}

/** What vercel.json's scheduled paths say about the project's api/ functions. */
export interface CronFunctions {
  /** The functions that serve a scheduled path. */
  files: Map<string, CronRouteFile>;
  /**
   * Functions whose file matches a scheduled path, though the project's routing may send the
   * request elsewhere: not analysed, with why, so a run lists them rather than calling them clean.
   */
  undecided: Map<string, string>;
}

export function readCronFunctions(doc: VercelDoc, project: ProjectView): CronFunctions {
  const files = new Map<string, CronRouteFile>();
  const undecided = new Map<string, string>();
  const facts = project.app();
  if (facts.kind !== 'other' || facts.apiFunctions.length === 0) return { files, undecided };
  const keys = topLevelKeys(doc);
  const framework = topLevelValue(doc, 'framework');
  /** The configuration file the reasons name: vercel.json, vercel.toml or vercel.ts. */
  const configName = doc.source?.file ?? 'vercel.json';
  /** Why no request path of this project can be given a file, whatever the path. */
  const projectWide =
    facts.framework !== undefined && !namesStaticPreset(doc)
      ? `the project uses ${facts.framework}, which may answer the path itself before Vercel's functions`
      : ROUTED_ELSEWHERE.some((key) => keys.has(key))
        ? `${configName} \`builds\` decides which files are built and at which paths they answer`
        : presetRoutes(doc)
          ? `${configName}'s framework preset ${framework?.type === 'string' ? `"${String(framework.value)}" ` : ''}may answer the path itself before Vercel's functions`
          : undefined;
  const rewrites = keys.has('rewrites');
  const routes = keys.has('routes');
  const redirects = redirectSources(doc);
  const add = (path: string, span: Span, scheduleMethod?: ScheduleMethod) => {
    const { pathname } = splitCronPath(path);
    const routedElsewhere =
      projectWide ??
      (redirects?.some((source) => redirectMayMatch(source, pathname))
        ? `a ${configName} redirect may send ${pathname} elsewhere`
        : routes && !routesLeavePath(doc, pathname)
          ? `${configName} \`routes\` may send ${pathname} elsewhere before the file system answers`
          : undefined);
    if (routedElsewhere !== undefined) {
      // The file that would serve the path if the routing left it alone: listed, never analysed.
      const candidate = apiFunctionFor(pathname, facts.apiFunctions, { dynamic: false });
      if (candidate !== undefined && !undecided.has(candidate)) undecided.set(candidate, `${routedElsewhere}, so whether this function serves the cron cannot be told`);
      return;
    }
    // After rewrites or routes, a [name] file might not be what answers (one may come first).
    const file = apiFunctionFor(pathname, facts.apiFunctions, { dynamic: !rewrites && !routes });
    if (file === undefined) return;
    const entry = files.get(file) ?? { route: functionRoute(file), paths: [], sources: [] };
    if (!entry.paths.includes(pathname)) entry.paths.push(pathname);
    entry.sources.push(scheduleMethod ? { path, span, scheduleMethod } : { path, span });
    files.set(file, entry);
  };
  for (const cron of doc.crons) {
    const path = stringValue(cron.path);
    if (path?.startsWith('/')) add(path, cron.path!.span);
  }
  // Schedules' path targets are requested with their own method (POST unless requestMethod says GET).
  for (const schedule of doc.schedules) {
    const path = stringValue(schedule.path);
    const method = scheduleRequestMethod(schedule);
    if (schedule.target === 'path' && path?.startsWith('/') && method) add(path, schedule.path!.span, method);
  }
  // A file another scheduled path does reach is analysed for that path.
  for (const file of files.keys()) undecided.delete(file);
  return { files, undecided };
}

const LANGUAGES: Record<string, string> = { go: 'Go', py: 'Python', rb: 'Ruby' };

/** The language of a function that is not JavaScript or TypeScript (`Python` for api/cron.py), which the route rules cannot read. */
export function otherLanguage(file: string): string | undefined {
  return LANGUAGES[/\.([^./]+)$/.exec(file)?.[1] ?? ''];
}
