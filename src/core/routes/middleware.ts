import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { ProjectView } from '../vercel/project';
import { analyseAuth } from './authAnalysis';
import { findLocalFunction, type Handler } from './handlers';
import { matcherRegExp } from './matcher';
import { cronReachesRedirect, type ReachAnswer } from './middlewareReach';

export { matcherRegExp } from './matcher';
export type { ReachAnswer, RedirectReach } from './middlewareReach';

/** Next's middleware (proxy.ts since Next 16) at the root or in src/. */
const CANDIDATES = ['middleware.ts', 'middleware.js', 'proxy.ts', 'proxy.js', 'src/middleware.ts', 'src/middleware.js', 'src/proxy.ts', 'src/proxy.js'];

export interface MiddlewareFacts {
  file: string;
  /** Matcher patterns that apply to the cron request whatever it carries; undefined means every path. */
  matchers: string[] | undefined;
  /**
   * Matchers with `has`/`missing` conditions the cron request may or may not meet (a header it
   * may send): a path one of them covers is "cannot tell". Conditions it cannot meet (a cookie it
   * would need) drop the matcher; conditions it always meets (no prefetch header) keep it in `matchers`.
   */
  conditionalMatchers: string[];
  /** Some matcher could not be read or compiled. */
  unreadableMatcher: boolean;
  /** The file can answer with a redirect somewhere (a redirect call, a 30x response, next-auth's middleware). */
  redirects: boolean;
  checksSecret: boolean;
  /** Whether Vercel's cron request for `path` reaches one of those redirects (memoised per path). */
  redirectFor(path: string): ReachAnswer;
}

/** Headers only Next's own client router sends: a cron request never has them. */
const ROUTER_HEADERS = new Set(['next-router-prefetch', 'purpose', 'next-action', 'rsc', 'next-router-state-tree']);

function propertyNamed(ts: TsApi, object: TS.ObjectLiteralExpression, name: string): TS.PropertyAssignment | undefined {
  return object.properties.find((p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name);
}

function stringProperty(ts: TsApi, object: TS.ObjectLiteralExpression, name: string): string | undefined {
  const initializer = propertyNamed(ts, object, name)?.initializer;
  return initializer && ts.isStringLiteralLike(initializer) ? initializer.text : undefined;
}

/** Whether a matcher's `has` and `missing` conditions hold for Vercel's cron request (no cookies, no router headers). */
function conditionsHold(ts: TsApi, matcher: TS.ObjectLiteralExpression): 'always' | 'never' | 'unknown' {
  let result: 'always' | 'unknown' = 'always';
  for (const kind of ['has', 'missing'] as const) {
    const list = propertyNamed(ts, matcher, kind)?.initializer;
    if (!list) continue;
    if (!ts.isArrayLiteralExpression(list)) return 'unknown';
    for (const condition of list.elements) {
      if (!ts.isObjectLiteralExpression(condition)) return 'unknown';
      const type = stringProperty(ts, condition, 'type');
      const key = stringProperty(ts, condition, 'key')?.toLowerCase();
      // Whether the cron request has it: never a cookie, never a router header; anything else may be.
      const present = type === 'cookie' || (type === 'header' && key !== undefined && ROUTER_HEADERS.has(key)) ? false : undefined;
      const holds = present === undefined ? undefined : kind === 'has' ? present : !present;
      if (holds === false) return 'never';
      if (holds === undefined) result = 'unknown';
    }
  }
  return result;
}

function unwrapExpression(ts: TsApi, node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
  return current;
}

function matchersOf(ts: TsApi, sourceFile: TS.SourceFile): { matchers: string[] | undefined; conditional: string[]; unreadable: boolean } {
  const config = findLocalFunction(ts, sourceFile, 'config');
  if (!config || !ts.isObjectLiteralExpression(config)) return { matchers: undefined, conditional: [], unreadable: false };
  const property = propertyNamed(ts, config, 'matcher');
  if (!property) return { matchers: undefined, conditional: [], unreadable: false };
  const initializer = unwrapExpression(ts, property.initializer);
  const values = ts.isArrayLiteralExpression(initializer) ? [...initializer.elements] : [initializer];
  const matchers: string[] = [];
  const conditional: string[] = [];
  let unreadable = false;
  for (const value of values) {
    if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) matchers.push(value.text);
    else if (ts.isObjectLiteralExpression(value)) {
      const source = stringProperty(ts, value, 'source');
      const holds = conditionsHold(ts, value);
      if (source === undefined) unreadable = true;
      else if (holds === 'always') matchers.push(source);
      else if (holds === 'unknown') conditional.push(source);
    } else unreadable = true;
  }
  return { matchers, conditional, unreadable };
}

/** The middleware/proxy function: a default export or `export function middleware|proxy`. */
function middlewareHandler(ts: TsApi, sourceFile: TS.SourceFile): Handler | undefined {
  for (const name of ['middleware', 'proxy']) {
    const fn = findLocalFunction(ts, sourceFile, name);
    if (fn && (ts.isFunctionDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return { fn, nameNode: fn, wrapper: undefined, kind: 'app' };
  }
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
      return { fn: statement, nameNode: statement, wrapper: undefined, kind: 'app' };
    }
    if (ts.isExportAssignment(statement)) {
      const expression = statement.expression;
      if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return { fn: expression, nameNode: expression, wrapper: undefined, kind: 'app' };
      if (ts.isCallExpression(expression)) {
        // export default withAuth(async (req) => …) / auth((req) => …)
        const inner = expression.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a)) as TS.FunctionLikeDeclaration | undefined;
        if (inner) return { fn: inner, nameNode: expression, wrapper: expression, kind: 'app' };
      }
    }
  }
  return undefined;
}

/** Text that can answer with a redirect: a redirect call (`NextResponse.redirect`, `redirect`, `redirectToSignIn`), a 30x, next-auth's middleware. */
const MAY_REDIRECT = /\bredirect\w*\s*\(|\bstatus\s*:\s*30[12378]\b|next-auth\/middleware/;

const cache = new WeakMap<ProjectView, Map<string, { source: TS.SourceFile; facts: MiddlewareFacts }>>();

/** The app's middleware, analysed once per file version. */
export function middlewareFacts(project: ProjectView): MiddlewareFacts[] {
  let byFile = cache.get(project);
  if (!byFile) cache.set(project, (byFile = new Map()));
  const result: MiddlewareFacts[] = [];
  for (const file of CANDIDATES) {
    if (!project.has(file)) continue;
    const source = project.sourceFile(file);
    if (!source) continue;
    const cached = byFile.get(file);
    if (cached?.source === source) {
      result.push(cached.facts);
      continue;
    }
    const ts = project.ts();
    const { matchers, conditional, unreadable } = matchersOf(ts, source);
    const handler = middlewareHandler(ts, source);
    const auth = handler ? analyseAuth(project, file, handler) : undefined;
    const redirects = MAY_REDIRECT.test(source.text);
    const answers = new Map<string, ReachAnswer>();
    const facts: MiddlewareFacts = {
      file,
      matchers,
      conditionalMatchers: conditional,
      unreadableMatcher: unreadable,
      redirects,
      checksSecret: !!auth && (auth.comparisons.length > 0 || (auth.readsAuthorization && auth.readsSecret)),
      redirectFor(path) {
        let answer = answers.get(path);
        if (!answer) answers.set(path, (answer = redirects ? cronReachesRedirect(ts, source, path) : { reaches: undefined, why: 'not-reached' }));
        return answer;
      },
    };
    byFile.set(file, { source, facts });
    result.push(facts);
  }
  return result;
}

/** Whether the middleware runs for `path` (Next skips its own internals either way). */
export function middlewareCovers(facts: Pick<MiddlewareFacts, 'matchers' | 'conditionalMatchers' | 'unreadableMatcher'>, path: string): boolean | 'unknown' {
  if (!facts.matchers) return true;
  let unknown = facts.unreadableMatcher;
  for (const matcher of facts.matchers) {
    const regexp = matcherRegExp(matcher);
    if (!regexp) unknown = true;
    else if (regexp.test(path)) return true;
  }
  for (const matcher of facts.conditionalMatchers) {
    const regexp = matcherRegExp(matcher);
    if (!regexp || regexp.test(path)) unknown = true;
  }
  return unknown ? 'unknown' : false;
}
