import type * as TS from 'typescript';
import type { ProjectView } from '../vercel/project';
import { analyseAuth } from './authAnalysis';
import { findLocalFunction, type Handler } from './handlers';

/** Next's middleware (proxy.ts since Next 16) at the root or in src/. */
const CANDIDATES = ['middleware.ts', 'middleware.js', 'proxy.ts', 'proxy.js', 'src/middleware.ts', 'src/middleware.js', 'src/proxy.ts', 'src/proxy.js'];

export interface MiddlewareFacts {
  file: string;
  /** Matcher patterns; undefined means every path. */
  matchers: string[] | undefined;
  /** Some matcher could not be read or compiled. */
  unreadableMatcher: boolean;
  redirects: boolean;
  checksSecret: boolean;
}

/** path-to-regexp's syntax as Next matchers use it, turned into an anchored RegExp. */
export function matcherRegExp(pattern: string): RegExp | undefined {
  let source = '';
  for (let i = 0; i < pattern.length; ) {
    const param = /^\/:([A-Za-z_][A-Za-z0-9_]*)/.exec(pattern.slice(i));
    if (param) {
      i += param[0].length;
      // `/:name(regex)` constrains the segment with its own pattern.
      let segment: string | undefined;
      if (pattern[i] === '(') {
        let depth = 0;
        let j = i;
        for (; j < pattern.length; j++) {
          if (pattern[j] === '(') depth++;
          else if (pattern[j] === ')' && --depth === 0) break;
        }
        segment = pattern.slice(i + 1, j);
        i = j + 1;
      }
      const modifier = /[*+?]/.test(pattern[i] ?? '') ? pattern[i++] : '';
      if (segment === undefined) {
        // Plain parameters, as path-to-regexp reads them (`/:path*` also matches `/`).
        source += modifier === '*' ? '(?:/.*)?' : modifier === '+' ? '/.+' : modifier === '?' ? '(?:/[^/]+)?' : '/[^/]+';
      } else {
        source += modifier === '*' ? `(?:/(?:${segment}))*` : modifier === '+' ? `(?:/(?:${segment}))+` : modifier === '?' ? `(?:/(?:${segment}))?` : `/(?:${segment})`;
      }
      continue;
    }
    if (pattern[i] === '(') {
      // A regex group, copied as written (balanced parentheses).
      let depth = 0;
      let j = i;
      for (; j < pattern.length; j++) {
        if (pattern[j] === '(') depth++;
        else if (pattern[j] === ')' && --depth === 0) break;
      }
      source += pattern.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    source += /[.+^$|{}[\]\\]/.test(pattern[i]!) ? `\\${pattern[i]}` : pattern[i];
    i++;
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return undefined;
  }
}

function matchersOf(ts: typeof import('typescript'), sourceFile: TS.SourceFile): { matchers: string[] | undefined; unreadable: boolean } {
  const config = findLocalFunction(ts, sourceFile, 'config');
  if (!config || !ts.isObjectLiteralExpression(config)) return { matchers: undefined, unreadable: false };
  const property = config.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(sourceFile) === 'matcher') as TS.PropertyAssignment | undefined;
  if (!property) return { matchers: undefined, unreadable: false };
  const values = ts.isArrayLiteralExpression(property.initializer) ? [...property.initializer.elements] : [property.initializer];
  const matchers: string[] = [];
  let unreadable = false;
  for (const value of values) {
    if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) matchers.push(value.text);
    else if (ts.isObjectLiteralExpression(value)) {
      const source = value.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(sourceFile) === 'source') as TS.PropertyAssignment | undefined;
      if (source && ts.isStringLiteral(source.initializer)) matchers.push(source.initializer.text);
      else unreadable = true;
    } else unreadable = true;
  }
  return { matchers, unreadable };
}

/** The middleware/proxy function: a default export or `export function middleware|proxy`. */
function middlewareHandler(ts: typeof import('typescript'), sourceFile: TS.SourceFile): Handler | undefined {
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
    const { matchers, unreadable } = matchersOf(ts, source);
    const handler = middlewareHandler(ts, source);
    const auth = handler ? analyseAuth(project, file, handler) : undefined;
    const facts: MiddlewareFacts = {
      file,
      matchers,
      unreadableMatcher: unreadable,
      redirects: /\.redirect\s*\(|\bredirect\s*\(/.test(source.text),
      checksSecret: !!auth && (auth.comparisons.length > 0 || (auth.readsAuthorization && auth.readsSecret)),
    };
    byFile.set(file, { source, facts });
    result.push(facts);
  }
  return result;
}

/** Whether the middleware runs for `path` (Next skips its own internals either way). */
export function middlewareCovers(facts: MiddlewareFacts, path: string): boolean | 'unknown' {
  if (!facts.matchers) return true;
  let unknown = facts.unreadableMatcher;
  for (const matcher of facts.matchers) {
    const regexp = matcherRegExp(matcher);
    if (!regexp) unknown = true;
    else if (regexp.test(path)) return true;
  }
  return unknown ? 'unknown' : false;
}
