import { nextMajor } from '../next/nextVersion';
import { compareCodes } from '../codes';
import { Minimatch } from 'minimatch';
import { type FluidMode, type Plan, type RuleSetting } from '../settings';
import { clamp, stringValue, type VercelDoc } from '../vercel/model';
import type { ProjectView } from '../vercel/project';
import { appPathOf, splitCronPath } from '../vercel/projectRoutes';
import { scheduleRequestMethod, type ScheduleMethod } from '../vercel/scheduleTargets';
import { type Finding, keepFixes } from '../diagnostics';
import type { RouteEntry } from '../next/types';
import type { Span } from '../types';
import { analyseAuth, type AuthFacts } from './authAnalysis';
import type { RouteRule, RouteRuleContext } from './context';
import { checkEnvSecret } from './envRules';
import { type CronFunctions, otherLanguage, readCronFunctions } from './functionRoutes';
import { findFunctionHandler, findHandler, type Handler, unreadableFunctionHandler, unreadableHandler } from './handlers';
import { failOpenApplies, middlewareFacts, type MiddlewareFacts } from './middleware';
import { hasSecretCheck, refusal } from './secretCheck';
import { isInertHandler } from './inertHandler';

export interface RouteCheckOptions {
  plan: Plan;
  fluidCompute: FluidMode;
  rules: Readonly<Record<string, RuleSetting>>;
  cronRouteGlob: string;
  /** Env files hold the secret: read them only where the user trusts the workspace. */
  readSecrets: boolean;
  /** Check only these route files (the editor re-checking what a file event touched); no env files. */
  only?: ReadonlySet<string>;
  /**
   * Called for every route file considered (checked, or skipped as a glob-only file that is no
   * cron GET) with every project path its check read, parsed or probed (a missing module's
   * candidate names too), when the project view can track them. A create, change or delete of
   * any of them can change the file's findings; nothing else can, short of vercel.json,
   * next.config, middleware, package.json or the route table.
   */
  onReads?: (file: string, reads: ReadonlySet<string>) => void;
  /**
   * What an earlier check of the same project prepared (`prepareRouteCheck`), when nothing it read
   * has changed since: a re-check of one route then costs that route, not a walk of every route.
   */
  setup?: RouteCheckSetup;
}

/**
 * What checking any route of a project needs first, whatever the route: the middleware's facts,
 * the Next.js major, and which files are cron routes. The editor keeps it between re-checks of a
 * few routes and prepares it again when a file it read changes (or any file appears or goes).
 */
export interface RouteCheckSetup {
  middleware: MiddlewareFacts[];
  major: number | undefined;
  /** A project without Next.js: the api/ functions its crons call. */
  functions: CronFunctions | undefined;
  routeFiles: ReadonlyMap<string, CronRouteFile>;
}

export function prepareRouteCheck(doc: VercelDoc, project: ProjectView, cronRouteGlob: string): RouteCheckSetup {
  const middleware = middlewareFacts(project);
  const major = nextMajor((file) => project.readFile(file));
  // Route files are Next.js's; another Vercel project has functions in api/ that vercel.json schedules
  // (none where the files cannot tell, as in a monorepo root above the app).
  const functions = project.app().kind === 'next' ? undefined : readCronFunctions(doc, project);
  const routeFiles = functions ? functions.files : cronRouteFiles(doc, project, cronRouteGlob, middleware);
  return { middleware, major, functions, routeFiles };
}

export interface ProjectFileFindings<F = Finding> {
  /** Relative to the project root. Every checked file is listed, with or without findings. */
  file: string;
  findings: F[];
  /**
   * Why the file was not analysed, when it was not: it could not be read or parsed, or the auth
   * analysis stopped at its depth budget. Its findings are then empty, and that says nothing about
   * the file: show it as unchecked, never as clean.
   */
  notAnalysed?: string;
  /**
   * What checking this file threw (a bug of ours, not a finding): its findings are empty. One file's
   * failure no longer ends the check of the others; the caller must say that this one failed.
   */
  internalError?: unknown;
  /**
   * Why the route's handler could not be analysed while the rest of the file was: its GET (a Pages
   * route's default export) is the result of a call such as `handle(app)`, or comes from another
   * module. The findings stand for what was seen (exports, segment config) and none is about the
   * handler; list the file as not analysed, never as clean.
   */
  handlerNotAnalysed?: string;
}

/** Per glob, whether each route file matches: every keystroke asks again for every route of the app. */
const globMatches = new Map<string, { matcher: Minimatch; results: Map<string, boolean> }>();
export function matchesGlob(glob: string, file: string): boolean {
  let entry = globMatches.get(glob);
  if (!entry) {
    if (globMatches.size > 50) globMatches.clear();
    entry = { matcher: new Minimatch(glob, { dot: true }), results: new Map() };
    globMatches.set(glob, entry);
  }
  let result = entry.results.get(file);
  if (result === undefined) {
    if (entry.results.size > 50_000) entry.results.clear();
    result = entry.matcher.match(file);
    entry.results.set(file, result);
  }
  return result;
}

/**
 * A vercel.json `path` value that requests a route: a `crons` entry's (GET), or a Schedules path
 * target's, which carries the method it is sent with (`requestMethod`, POST by default).
 */
export interface CronSource {
  path: string;
  span: Span;
  scheduleMethod?: ScheduleMethod;
}

/** The method a source sends: Vercel Cron always GET. */
export function sourceMethod(source: CronSource): ScheduleMethod {
  return source.scheduleMethod ?? 'GET';
}

export interface CronRouteFile {
  route: RouteEntry;
  /** App paths (basePath removed) requested here, each once. */
  paths: string[];
  /** Every vercel.json `path` value that requests this file, with its span. */
  sources: CronSource[];
}

/**
 * Cron route files: what vercel.json schedules (path → file), then files only the glob names, then
 * the static routes a middleware's own fail-open CRON_SECRET check covers (`middleware`): a path
 * the app lets through only with Vercel's `Bearer <CRON_SECRET>` is one it means a cron to call,
 * wherever its folder is (`/api/crons/…`, a job not scheduled yet), and that check lets anyone in.
 */
export function cronRouteFiles(doc: VercelDoc, project: ProjectView, glob: string, middleware: readonly MiddlewareFacts[] = []): Map<string, CronRouteFile> {
  const files = new Map<string, CronRouteFile>();
  const add = (path: string, span: Span, scheduleMethod?: ScheduleMethod) => {
    const { pathname } = splitCronPath(path);
    const appPath = appPathOf(pathname, project.config.basePath);
    const route = appPath === undefined ? undefined : project.matchRoute(appPath);
    if (!route) return;
    // Paths inside the app (basePath removed), as middleware matchers and the route table see them.
    const entry = files.get(route.file) ?? { route, paths: [], sources: [] };
    if (appPath !== undefined && !entry.paths.includes(appPath)) entry.paths.push(appPath);
    entry.sources.push(scheduleMethod ? { path, span, scheduleMethod } : { path, span });
    files.set(route.file, entry);
  };
  for (const cron of doc.crons) {
    const path = stringValue(cron.path);
    if (path?.startsWith('/')) add(path, cron.path!.span);
  }
  // Schedules' path targets are public requests like cron jobs, sent with their own method;
  // function targets are private, invoked by the platform, and no route of the app.
  for (const schedule of doc.schedules) {
    const path = stringValue(schedule.path);
    const method = scheduleRequestMethod(schedule);
    if (schedule.target === 'path' && path?.startsWith('/') && method) add(path, schedule.path!.span, method);
  }
  // Most apps have no fail-open middleware check: then no route's pattern is tested against one.
  const failOpen = middleware.filter((m) => m.failOpen);
  for (const route of project.routes.routes()) {
    if (files.has(route.file)) continue;
    // A dynamic pattern (`/api/[job]`) is no path Vercel calls: whether a matcher covers it cannot be told.
    if (matchesGlob(glob, route.file) || (failOpen.length && !route.pattern.includes('[') && failOpen.some((m) => failOpenApplies(m, route.pattern)))) {
      files.set(route.file, { route, paths: [], sources: [] });
    }
  }
  return files;
}

/** `export const config = { runtime: 'edge' }`: how a Vercel function of a project without Next.js asks for the edge runtime. */
function configRuntimeIsEdge(ts: RouteRuleContext['ts'], init: import('typescript').Expression | undefined): boolean {
  let config = init;
  while (config && (ts.isAsExpression(config) || ts.isSatisfiesExpression(config) || ts.isParenthesizedExpression(config))) config = config.expression;
  if (!config || !ts.isObjectLiteralExpression(config)) return false;
  return config.properties.some(
    (p) =>
      ts.isPropertyAssignment(p) &&
      (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) &&
      p.name.text === 'runtime' &&
      ts.isStringLiteralLike(p.initializer) &&
      (p.initializer.text === 'edge' || p.initializer.text === 'experimental-edge'),
  );
}

/**
 * Why a Vercel function has no handler for the cron's GET when nothing unreadable explains it: no
 * rule speaks for a function without one (route-missing-get is Next.js's), so it is listed rather
 * than passed as clean.
 */
function noFunctionHandler(exports: import('../next/routeExports').RouteExports): string {
  const methods = [...exports.methods.keys()];
  return `no handler for Vercel Cron's GET was found: it exports ${methods.length ? `${methods.join(', ')} but no GET` : 'no GET'}, no default export and no module.exports`;
}

/** The methods a route with no GET may run its job under, in the order their findings are made. */
const JOB_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** The rules that read a handler's auth: the ones a no-GET route's other handlers get. */
const AUTH_CODES: ReadonlySet<string> = new Set(['missing-auth', 'auth-fails-open', 'auth-spoofable', 'auth-not-timing-safe']);

const WARNING_AT_MOST: Record<Finding['severity'], Finding['severity']> = { error: 'warning', warning: 'warning', info: 'info', hint: 'hint' };

/**
 * Runs `routeRules` over every cron route of a project, plus the env-file rules. The route rules
 * come from above (service/rules.ts composes this folder's and the wrapper hints). A file
 * nothing schedules (the glob's, or one a middleware's fail-open check covers) is checked when
 * it exports GET and shows no other verification, and never above warning: QStash and
 * Schedules targets are signed POSTs.
 */
export function checkCronRoutesWith(routeRules: readonly RouteRule[], doc: VercelDoc, project: ProjectView, options: RouteCheckOptions): ProjectFileFindings[];
/**
 * A one-shot run (the CLI): each route's findings go through `settle` (to plain data: its fixes,
 * or only whether it has any) right after they are found, and the route's syntax tree is released.
 * A lazy finding kept for the whole run lands in old space, and V8 then keeps alive, through the
 * fix builder it holds, every syntax tree young at the next scavenge: on 2,000 routes that was
 * 120 ms of GC per check, against 20. The editor settles too, and builds a finding's fixes on
 * demand by checking its route again (service/openProjects.ts).
 */
export function checkCronRoutesWith<F>(
  routeRules: readonly RouteRule[],
  doc: VercelDoc,
  project: ProjectView,
  options: RouteCheckOptions,
  settle: (finding: Finding) => F,
): ProjectFileFindings<F>[];
export function checkCronRoutesWith<F>(
  routeRules: readonly RouteRule[],
  doc: VercelDoc,
  project: ProjectView,
  options: RouteCheckOptions,
  settle?: (finding: Finding) => F,
): ProjectFileFindings<F | Finding>[] {
  const results: ProjectFileFindings<F | Finding>[] = [];
  const ts = project.ts();
  const { middleware, major, functions, routeFiles } = options.setup ?? prepareRouteCheck(doc, project, options.cronRouteGlob);
  const fluid = options.fluidCompute === 'on' ? true : options.fluidCompute === 'off' ? false : (doc.fluid ?? true);
  const activeRules = routeRules.filter((rule) => !rule.codes.every((code) => options.rules[code] === 'off'));
  /**
   * The findings of one route file, or why it was not analysed, or undefined when it is no cron
   * route after all (glob-only and not a cron GET).
   */
  const checkRouteFile = (file: string, { route, paths, sources }: CronRouteFile): { findings: Finding[]; handlerNotAnalysed?: string } | { notAnalysed: string } | undefined => {
    const fn = route.kind === 'function';
    const language = fn ? otherLanguage(file) : undefined;
    if (language) return { notAnalysed: `it is a ${language} function: only JavaScript and TypeScript functions are analysed` };
    const sourceFile = project.sourceFile(file);
    const exports = project.routeExports(file);
    if (!sourceFile || !exports) {
      // A route file of the app that was not read or not parsed is unchecked, never clean.
      return { notAnalysed: project.unparsable(file) ?? 'it could not be read' };
    }
    const runtime = exports.values.get('runtime')?.literal;
    // A Vercel function asks for the edge runtime in `export const config = { runtime: 'edge' }`.
    const edge = runtime === 'edge' || runtime === 'experimental-edge' || (fn && configRuntimeIsEdge(ts, exports.values.get('config')?.init));
    // A route only Schedules call with POST runs its job in POST: that handler is the one the rules read.
    // A Vercel function's named Web exports are read the same way; its default export takes every method.
    const primaryMethod = (route.kind === 'app-route' || fn) && sources.length > 0 && sources.every((s) => sourceMethod(s) === 'POST') && exports.methods.has('POST') ? 'POST' : 'GET';
    const handler: Handler | undefined = fn ? findFunctionHandler(ts, sourceFile, edge, primaryMethod) : findHandler(ts, sourceFile, route.kind === 'pages-api' ? 'pages' : 'app', primaryMethod);
    let auth: AuthFacts | undefined;
    const ctx: RouteRuleContext = {
      ts,
      project,
      doc,
      file,
      route,
      sourceFile,
      exports,
      handler,
      auth: () => (auth ??= handler ? analyseAuth(project, file, handler) : undefined),
      cronPaths: paths,
      cronSources: sources,
      plan: options.plan,
      fluid,
      nextMajor: fn ? undefined : major,
      middleware,
      edge,
      rules: options.rules,
    };
    const globOnly = paths.length === 0;
    // A verification seen is seen, even by an analysis that stopped later.
    if (globOnly && (!handler || (route.kind === 'app-route' && !exports.methods.has('GET')) || ctx.auth()?.otherVerification)) return undefined;
    // Partial facts would read as "no check" (missing-auth) or as a check of the wrong kind, and code
    // too deep for the analysis is too deep for the other rules and their fixes: no route rule reports on it.
    const incomplete = ctx.auth()?.incomplete;
    if (incomplete) return { notAnalysed: incomplete };
    const findings: Finding[] = [];
    for (const rule of activeRules) for (const finding of rule.check(ctx)) findings.push(finding);
    // A scheduled App Router route with no GET (route-missing-get) still runs its job for anyone who
    // sends POST (PUT…): each such handler gets the auth rules, as a GET would.
    /** The POST (PUT…) handlers the file exports, each with a rule context of its own (its auth analysed on first need). */
    const jobHandlerContexts = (): { method: string; otherCtx: RouteRuleContext }[] =>
      JOB_METHODS.flatMap((method) => {
        const other = method !== primaryMethod && exports.methods.has(method) ? findHandler(ts, sourceFile, 'app', method) : undefined;
        if (!other) return [];
        let otherAuth: AuthFacts | undefined;
        return [{ method, otherCtx: { ...ctx, handler: other, auth: () => (otherAuth ??= analyseAuth(project, file, other)) } }];
      });
    let otherNotAnalysed: string | undefined;
    if (!globOnly && route.kind === 'app-route' && !exports.methods.has('GET')) {
      for (const { method, otherCtx } of jobHandlerContexts()) {
        const otherIncomplete = otherCtx.auth()?.incomplete;
        if (otherIncomplete) {
          otherNotAnalysed ??= `${method}: ${otherIncomplete}`;
          continue;
        }
        for (const rule of activeRules) {
          if (!rule.codes.some((code) => AUTH_CODES.has(code))) continue;
          for (const finding of rule.check(otherCtx)) findings.push(finding);
        }
      }
    }
    // A GET that only answers (a status read, no check of its own) runs no job: the job is in POST
    // (PUT…), which anyone can send. A check there that fails open is as open as one in GET, so
    // those handlers get auth-fails-open; not missing-auth, since a POST may be meant for a signed-in user.
    if (primaryMethod === 'GET' && route.kind === 'app-route' && handler && exports.methods.has('GET') && JOB_METHODS.some((method) => exports.methods.has(method))) {
      const getAuth = ctx.auth();
      if (getAuth && !hasSecretCheck(getAuth) && !getAuth.skippedWhenUnset.length && !getAuth.unresolvedChecks.length && isInertHandler(ts, sourceFile, handler)) {
        for (const { otherCtx } of jobHandlerContexts()) {
          if (otherCtx.auth()?.incomplete) continue;
          for (const rule of activeRules) {
            if (!rule.codes.includes('auth-fails-open')) continue;
            for (const finding of rule.check(otherCtx)) if (finding.code === 'auth-fails-open') findings.push(finding);
          }
        }
      }
    }
    // Findings are fresh objects with lazily built fixes: adjust in place rather than copy.
    if (globOnly) for (const finding of findings) finding.severity = WARNING_AT_MOST[finding.severity];
    // A handler whose answer shape is unknown gets no fix that writes an answer (a 401 refusal).
    if (handler?.unsure) {
      const answer = refusal(ctx);
      for (const finding of findings) keepFixes(finding, (fix) => !fix.edits.some((edit) => edit.content.includes(answer)));
    }
    // A GET no rule could read (`handle(app)`): no finding says anything about it, so it is listed.
    const handlerNotAnalysed = handler
      ? undefined
      : fn
        ? (unreadableFunctionHandler(ts, sourceFile) ?? noFunctionHandler(exports))
        : (unreadableHandler(ts, sourceFile, route.kind === 'pages-api' ? 'pages' : 'app') ?? otherNotAnalysed);
    return { findings: finish(findings, options, sourceFile.text.length), ...(handlerNotAnalysed === undefined ? {} : { handlerNotAnalysed }) };
  };
  const track = options.onReads && project.trackReads ? project.trackReads.bind(project) : undefined;
  for (const [file, entry] of routesToCheck(routeFiles, options.only)) {
    const reads = track ? new Set<string>() : undefined;
    track?.(reads);
    // One route's failure is that route's, not the project's: the other routes are still checked.
    try {
      const outcome = checkRouteFile(file, entry);
      if (outcome && 'notAnalysed' in outcome) results.push({ file, findings: [], notAnalysed: outcome.notAnalysed });
      else if (outcome) {
        const findings = settle ? outcome.findings.map(settle) : outcome.findings;
        results.push(outcome.handlerNotAnalysed === undefined ? { file, findings } : { file, findings, handlerNotAnalysed: outcome.handlerNotAnalysed });
      }
    } catch (error) {
      results.push({ file, findings: [], internalError: error });
    } finally {
      track?.(undefined);
      // Checked or skipped, a one-shot run is done with the file's tree once its findings are settled.
      if (settle) project.release(file);
    }
    if (reads) options.onReads!(file, reads);
  }
  // Functions a schedule may reach, behind routing the files cannot see through: listed, not called clean.
  for (const [file, why] of functions?.undecided ?? []) {
    if (!options.only || options.only.has(file)) results.push({ file, findings: [], notAnalysed: why });
  }
  if (!options.only && options.readSecrets && options.rules['cron-secret-format'] !== 'off') {
    for (const file of project.envFiles()) {
      try {
        const text = project.readFile(file);
        if (text === undefined) {
          results.push({ file, findings: [], notAnalysed: 'it could not be read' });
          continue;
        }
        const findings = finish(checkEnvSecret(text), options, text.length);
        results.push({ file, findings: settle ? findings.map(settle) : findings });
      } catch (error) {
        results.push({ file, findings: [], internalError: error });
      }
    }
  }
  return results;
}

/** The route files a check covers: all of them, or those of `only` that are cron routes (a few, looked up rather than found in a walk of every route). */
function routesToCheck(routeFiles: ReadonlyMap<string, CronRouteFile>, only: ReadonlySet<string> | undefined): Iterable<[string, CronRouteFile]> {
  if (!only) return routeFiles;
  const chosen: [string, CronRouteFile][] = [];
  for (const file of only) {
    const entry = routeFiles.get(file);
    if (entry) chosen.push([file, entry]);
  }
  return chosen;
}

/**
 * The rules setting (off, or another severity), spans clamped to the text, in position order.
 * The findings are fresh objects with lazily built fixes: they are adjusted in place, because a
 * copy (applyRuleOverrides spreads) would build every fix and drop the rule's fixable predicate.
 */
function finish(findings: Finding[], options: RouteCheckOptions, length: number): Finding[] {
  const kept: Finding[] = [];
  for (const finding of findings) {
    const override = options.rules[finding.code];
    if (override === 'off') continue;
    if (override) finding.severity = override;
    finding.span = clamp(finding.span, length);
    kept.push(finding);
  }
  // Most routes have two findings or fewer: sort allocates its work space even for those.
  if (kept.length === 2) {
    if (byPosition(kept[0]!, kept[1]!) > 0) kept.reverse();
    return kept;
  }
  return kept.length < 2 ? kept : kept.sort(byPosition);
}

function byPosition(a: Finding, b: Finding): number {
  return a.span.start - b.span.start || compareCodes(a.code, b.code);
}
