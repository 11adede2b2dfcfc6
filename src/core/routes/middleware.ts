import type * as TS from 'typescript';
import { MIDDLEWARE_FILES } from '../next/middlewareFiles';
import type { TsApi } from '../next/routeExports';
import type { ProjectView } from '../vercel/project';
import { analyseAuth, type AuthFacts } from './authAnalysis';
import { conjuncts } from './authSyntax';
import { findLocalFunction, type Handler } from './handlers';
import { matcherRegExp } from './matcher';
import { cronReachesRedirect, type ReachAnswer } from './middlewareReach';

export { matcherRegExp } from './matcher';
export type { ReachAnswer, RedirectReach } from './middlewareReach';


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
  /**
   * A comparison in the middleware itself that lets "Bearer undefined" (or an unset header)
   * in when CRON_SECRET is unset, with nothing refusing a missing secret, and the path tests
   * it stands behind (`pathname.startsWith('/api/cron')`): it applies to a path they all pass.
   */
  failOpen?: FailOpenCheck;
  /** Whether Vercel's cron request for `path` reaches one of those redirects (memoised per path). */
  redirectFor(path: string): ReachAnswer;
}

export interface FailOpenCheck {
  span: { start: number; end: number };
  line: number;
  /** The comparison is against a template (`Bearer ${process.env.CRON_SECRET}`), not the bare secret. */
  template: boolean;
  /** Prefixes the path must start with for the check to run (one per enclosing `if`). */
  prefixes: string[];
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

/**
 * The app's middleware, analysed afresh: its facts rest on the helpers it imports too, so a copy
 * kept per middleware tree went stale when one of them changed. The editor keeps the facts with
 * the rest of a check's setup (routes/check.ts prepareRouteCheck) and knows what they read.
 */
export function middlewareFacts(project: ProjectView): MiddlewareFacts[] {
  const result: MiddlewareFacts[] = [];
  for (const file of MIDDLEWARE_FILES) {
    if (!project.has(file)) continue;
    const source = project.sourceFile(file);
    if (!source) continue;
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
      failOpen: handler && auth ? failOpenCheck(ts, source, file, handler, auth) : undefined,
      redirectFor(path) {
        let answer = answers.get(path);
        if (!answer) answers.set(path, (answer = redirects ? cronReachesRedirect(ts, source, path) : { reaches: undefined, why: 'not-reached' }));
        return answer;
      },
    };
    result.push(facts);
  }
  return result;
}

/**
 * The middleware's own fail-open comparison, when the analysis can say where it runs: every
 * statement before it (in each block down to it) returns nothing, and every `if` it stands in
 * tests `pathname.startsWith('<prefix>')`. Anything else (a helper, a matcher in code, an early
 * return) is "cannot tell", which says nothing.
 */
function failOpenCheck(ts: TsApi, source: TS.SourceFile, file: string, handler: Handler, auth: AuthFacts): FailOpenCheck | undefined {
  if (auth.requiresSecret || auth.incomplete || auth.skippedWhenUnset.length || auth.unresolvedChecks.length || auth.otherVerification) return undefined;
  const open = auth.comparisons.filter((c) => c.file === file && (c.templateWithSecret || c.undefinedMatchesUnset));
  if (open.length !== 1 || auth.comparisons.length !== 1) return undefined;
  const comparison = open[0]!.node;
  const prefixes: string[] = [];
  let node: TS.Node | undefined = handler.fn.body;
  for (let depth = 0; node && node !== comparison && depth < 64; depth++) {
    const current: TS.Node = node;
    if (ts.isBlock(current)) {
      const index = current.statements.findIndex((st) => st.pos <= comparison.pos && comparison.end <= st.end);
      if (index < 0 || current.statements.slice(0, index).some((st) => leaves(ts, st))) return undefined;
      node = current.statements[index];
    } else if (current.kind === ts.SyntaxKind.IfStatement) {
      const statement = current as TS.IfStatement;
      const inCondition = statement.expression.pos <= comparison.pos && comparison.end <= statement.expression.end;
      if (inCondition) {
        // `pathname.startsWith('/api/cron') && auth !== …`: the other operands must be path tests too.
        for (const part of conjuncts(ts, statement.expression)?.parts ?? [statement.expression]) {
          if (part.pos <= comparison.pos && comparison.end <= part.end) continue;
          const prefix = startsWithPrefix(ts, part);
          if (prefix === undefined) return undefined;
          prefixes.push(prefix);
        }
        return finish();
      }
      const prefix = startsWithPrefix(ts, statement.expression);
      const then = statement.thenStatement;
      if (prefix === undefined || !(then.pos <= comparison.pos && comparison.end <= then.end)) return undefined;
      prefixes.push(prefix);
      node = then;
    } else if (ts.isVariableStatement(current) || ts.isExpressionStatement(current) || current.kind === ts.SyntaxKind.ReturnStatement) {
      return finish();
    } else return undefined;
  }
  return undefined;

  function finish(): FailOpenCheck {
    const start = comparison.getStart(source);
    return { span: { start, end: comparison.getEnd() }, line: source.getLineAndCharacterOfPosition(start).line + 1, template: open[0]!.templateWithSecret, prefixes };
  }
}

/** A statement that may return or throw before what follows runs (nested functions aside). */
function leaves(ts: TsApi, node: TS.Node): boolean {
  if (node.kind === ts.SyntaxKind.ReturnStatement || node.kind === ts.SyntaxKind.ThrowStatement) return true;
  if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return false;
  return ts.forEachChild(node, (child) => (leaves(ts, child) ? true : undefined)) ?? false;
}

/** `pathname.startsWith('/api/cron')`, `request.nextUrl.pathname.startsWith(…)`: the prefix. */
function startsWithPrefix(ts: TsApi, condition: TS.Expression): string | undefined {
  const bare = unwrapExpression(ts, condition);
  if (!ts.isCallExpression(bare) || !ts.isPropertyAccessExpression(bare.expression) || bare.expression.name.text !== 'startsWith') return undefined;
  const receiver = bare.expression.expression;
  const named = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
  const argument = bare.arguments[0];
  if (named !== 'pathname' || bare.arguments.length !== 1 || !argument || !(ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument))) return undefined;
  return argument.text;
}

/** Whether the middleware's fail-open check runs for Vercel's cron request to `path`. */
export function failOpenApplies(facts: MiddlewareFacts, path: string): boolean {
  return !!facts.failOpen && middlewareCovers(facts, path) === true && facts.failOpen.prefixes.every((prefix) => path.startsWith(prefix));
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
