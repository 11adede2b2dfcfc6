import type * as TS from 'typescript';
import type { Finding, Fix } from '../../diagnostics';
import type { TsApi } from '../../next/routeExports';
import type { TextEdit } from '../../types';
import { type ComponentFileRule, type ComponentFileRuleContext, nodeSpan } from '../context';
import { MAX_WALK_DEPTH, WalkTooDeep } from '../authWalk';
import { fileStyle, indentAt, makeAsync, statementContaining } from '../edits';

/** The request APIs Next.js refuses inside after() in a Server Component, with the name a fix gives the value read before it. */
const REQUEST_APIS: Readonly<Record<string, string>> = { cookies: 'cookieStore', headers: 'headersList' };

/** The cookie store's methods that write: Server Components may only read cookies (Server Functions and Route Handlers write). */
const COOKIE_WRITES: ReadonlySet<string> = new Set(['set', 'delete', 'clear']);

/** next/server's names for after(): `unstable_after` before Next.js 15.1, the same function. */
const AFTER_EXPORTS: ReadonlySet<string> = new Set(['after', 'unstable_after']);

/** Files whose default export Next.js renders as an App Router segment's Server Component. */
const SEGMENT_COMPONENT = /(^|\/)app\/(.*\/)?(page|layout|template|default|not-found|forbidden|unauthorized|loading)\.(tsx|jsx|ts|js)$/;

type FunctionNode = TS.FunctionDeclaration | TS.FunctionExpression | TS.ArrowFunction;

/** What the file imports from next/server and next/headers, by local name. */
interface Bindings {
  /** Local names of next/server's `after`. */
  after: Set<string>;
  /** Namespace imports of next/server (`server.after(…)`). */
  serverNamespaces: Set<string>;
  /** Local name → request API (`cookies`, `headers`) of next/headers. */
  apis: Map<string, string>;
  /** Namespace imports of next/headers (`nh.cookies()`). */
  headerNamespaces: Set<string>;
}

function isFunctionNode(ts: TsApi, node: TS.Node): node is FunctionNode {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node);
}

function unwrapExpression(ts: TsApi, node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
  return current;
}

/** `'use client'` / `'use server'` in the directive prologue of a file or a function body. */
function hasDirective(ts: TsApi, statements: readonly TS.Statement[], directive: string): boolean {
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}

function importBindings(ts: TsApi, sourceFile: TS.SourceFile): Bindings {
  const bindings: Bindings = { after: new Set(), serverNamespaces: new Set(), apis: new Map(), headerNamespaces: new Set() };
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const module = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if ((module !== 'next/server' && module !== 'next/headers') || !clause || clause.isTypeOnly) continue;
    const named = clause.namedBindings;
    if (named && ts.isNamespaceImport(named)) (module === 'next/server' ? bindings.serverNamespaces : bindings.headerNamespaces).add(named.name.text);
    else if (named) {
      for (const element of named.elements) {
        if (element.isTypeOnly) continue;
        const imported = (element.propertyName ?? element.name).text;
        if (module === 'next/server' && AFTER_EXPORTS.has(imported)) bindings.after.add(element.name.text);
        if (module === 'next/headers' && imported in REQUEST_APIS) bindings.apis.set(element.name.text, imported);
      }
    }
  }
  return bindings;
}

/**
 * Names the file declares anywhere (variables, parameters, functions, classes): an imported name
 * declared again may be shadowed where a call stands, so calls through it are not judged.
 */
function declaredNames(ts: TsApi, sourceFile: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  const addName = (name: TS.BindingName | undefined): void => {
    if (!name) return;
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addName(element.name);
  };
  const visit = (node: TS.Node, depth: number): void => {
    if (depth > MAX_WALK_DEPTH) throw new WalkTooDeep();
    if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) addName(node.name);
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node)) && node.name) names.add(node.name.text);
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(sourceFile, 0);
  return names;
}

function containsJsx(ts: TsApi, node: TS.Node, depth = 0): boolean {
  if (depth > MAX_WALK_DEPTH) throw new WalkTooDeep();
  if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) return true;
  return ts.forEachChild(node, (child) => (containsJsx(ts, child, depth + 1) ? true : undefined)) ?? false;
}

function isDefaultExport(ts: TsApi, node: TS.Node): boolean {
  const modifiers = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  return modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) && modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/**
 * The file's top-level functions that render as Server Components: the default export of a
 * segment file (page, layout…), and functions named like components (`Profile`) that return JSX.
 * A function with its own 'use server' is a Server Function, where Next.js allows request APIs.
 */
function componentFunctions(ts: TsApi, sourceFile: TS.SourceFile, file: string): FunctionNode[] {
  const segment = SEGMENT_COMPONENT.test(file);
  let defaultName: string | undefined;
  for (const statement of sourceFile.statements) {
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) defaultName = statement.expression.text;
  }
  const found: FunctionNode[] = [];
  const consider = (fn: FunctionNode, name: string | undefined, isDefault: boolean): void => {
    if (!fn.body || (ts.isBlock(fn.body) && hasDirective(ts, fn.body.statements, 'use server'))) return;
    if ((segment && isDefault) || (name !== undefined && /^[A-Z]/.test(name) && containsJsx(ts, fn.body))) found.push(fn);
  };
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement)) {
      const name = statement.name?.text;
      consider(statement, name, isDefaultExport(ts, statement) || (name !== undefined && name === defaultName));
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const init = unwrapExpression(ts, declaration.initializer);
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) consider(init, declaration.name.text, declaration.name.text === defaultName);
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const value = unwrapExpression(ts, statement.expression);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) consider(value, undefined, true);
    }
  }
  return found;
}

/** Visits a function's own code: nested functions are other code, run when something calls them. */
function visitOwnCode(ts: TsApi, fn: FunctionNode, visit: (node: TS.Node, parent: TS.Node) => void): void {
  const walk = (node: TS.Node, parent: TS.Node, depth: number): void => {
    if (depth > MAX_WALK_DEPTH) throw new WalkTooDeep();
    visit(node, parent);
    if (isFunctionNode(ts, node) || ts.isMethodDeclaration(node) || ts.isClassLike(node)) return;
    ts.forEachChild(node, (child) => walk(child, node, depth + 1));
  };
  const body = fn.body;
  if (!body) return;
  if (ts.isBlock(body)) ts.forEachChild(body, (child) => walk(child, body, 0));
  else walk(body, fn, 0);
}

/** A request API call inside an after() callback, and what the fix replaces with the value read before. */
interface RequestApiCall {
  api: string;
  call: TS.CallExpression;
  /** `await cookies()`, or `(await cookies())` whole, or the call itself. */
  replaced: TS.Node;
  /** What the callback writes through it (`set`, `delete`, `clear`): a Server Component may not write cookies at all. */
  writes?: string;
}

interface AfterCallback {
  component: FunctionNode;
  afterCall: TS.CallExpression;
  callback: FunctionNode;
  calls: RequestApiCall[];
}

function afterCallbacks(ctx: ComponentFileRuleContext): AfterCallback[] {
  const { ts, sourceFile, file } = ctx;
  if (hasDirective(ts, sourceFile.statements, 'use client') || hasDirective(ts, sourceFile.statements, 'use server')) return [];
  const bindings = importBindings(ts, sourceFile);
  if (bindings.after.size + bindings.serverNamespaces.size === 0 || bindings.apis.size + bindings.headerNamespaces.size === 0) return [];
  const declared = declaredNames(ts, sourceFile);
  const isAfter = (callee: TS.Expression): boolean =>
    ts.isIdentifier(callee)
      ? bindings.after.has(callee.text) && !declared.has(callee.text)
      : ts.isPropertyAccessExpression(callee) && AFTER_EXPORTS.has(callee.name.text) && ts.isIdentifier(callee.expression) && bindings.serverNamespaces.has(callee.expression.text) && !declared.has(callee.expression.text);
  const apiOf = (callee: TS.Expression): string | undefined => {
    if (ts.isIdentifier(callee)) return declared.has(callee.text) ? undefined : bindings.apis.get(callee.text);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && bindings.headerNamespaces.has(callee.expression.text) && !declared.has(callee.expression.text)) {
      return callee.name.text in REQUEST_APIS ? callee.name.text : undefined;
    }
    return undefined;
  };
  const found: AfterCallback[] = [];
  for (const component of componentFunctions(ts, sourceFile, file)) {
    visitOwnCode(ts, component, (node) => {
      if (!ts.isCallExpression(node) || !isAfter(node.expression) || node.arguments.length === 0) return;
      const callback = unwrapExpression(ts, node.arguments[0]!);
      if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return;
      const calls: RequestApiCall[] = [];
      const awaited = new Map<TS.CallExpression, TS.Node>();
      const written = new Map<TS.Node, string>();
      const visitCallback = (inner: TS.Node, parent: TS.Node): void => {
        // `cookies().set(…)`, `(await cookies()).delete(…)`: the store a method writes through.
        if (ts.isPropertyAccessExpression(inner) && COOKIE_WRITES.has(inner.name.text) && ts.isCallExpression(parent) && parent.expression === inner) {
          let receiver = unwrapExpression(ts, inner.expression);
          if (ts.isAwaitExpression(receiver)) receiver = unwrapExpression(ts, receiver.expression);
          written.set(receiver, inner.name.text);
        }
        if (ts.isAwaitExpression(inner)) {
          const operand = unwrapExpression(ts, inner.expression);
          // `(await cookies()).get(…)` reads as `cookieStore.get(…)` once the parentheses go too.
          if (ts.isCallExpression(operand)) awaited.set(operand, ts.isParenthesizedExpression(parent) ? parent : inner);
        }
        if (ts.isCallExpression(inner)) {
          const api = apiOf(inner.expression);
          if (api) calls.push({ api, call: inner, replaced: inner });
        }
      };
      visitOwnCode(ts, callback, visitCallback);
      for (const call of calls) {
        call.replaced = awaited.get(call.call) ?? call.call;
        const writes = call.api === 'cookies' ? written.get(call.call) : undefined;
        if (writes) call.writes = writes;
      }
      if (calls.length) found.push({ component, afterCall: node, callback, calls });
    });
  }
  return found;
}

/** `cookieStore`, or `cookieStore2`… when the file already uses the name. */
function freshName(base: string, text: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    if (!new RegExp(`\\b${name}\\b`).test(text)) return name;
  }
}

/**
 * Reads the API once before the statement that calls after() (making the component async when it
 * is not: Server Components may be) and hands the callback the value instead of each call.
 */
function hoistFix(ctx: ComponentFileRuleContext, found: AfterCallback, api: string): Fix | undefined {
  const { ts, sourceFile } = ctx;
  const text = sourceFile.text;
  const body = found.component.body;
  if (!body || !ts.isBlock(body)) return undefined;
  const anchor = statementContaining(ts, body, found.afterCall);
  if (!anchor) return undefined;
  const calls = found.calls.filter((c) => c.api === api);
  const name = freshName(REQUEST_APIS[api]!, text);
  const callee = calls[0]!.call.expression.getText(sourceFile);
  const style = fileStyle(text);
  const start = anchor.getStart(sourceFile);
  const edits: TextEdit[] = [{ offset: start, length: 0, content: `const ${name} = await ${callee}()${style.semicolons ? ';' : ''}\n${indentAt(text, start)}` }];
  const async = makeAsync(ts, found.component, sourceFile);
  if (async) edits.push(async);
  for (const { replaced } of calls) {
    const replacedStart = replaced.getStart(sourceFile);
    edits.push({ offset: replacedStart, length: replaced.getEnd() - replacedStart, content: name });
  }
  return { title: `Read ${api}() before after()`, edits: edits.sort((a, b) => a.offset - b.offset), safe: true, preferred: true };
}

/**
 * `after-request-api-in-callback`: in a Server Component, Next.js throws when `cookies()` or
 * `headers()` is called inside an `after()` callback (Route Handlers and Server Functions may), so
 * the deferred work never runs. Read the value before `after()` and close over it. Only calls
 * through next/headers' own bindings, in the callback's own code, in a function that renders as a
 * Server Component, are judged.
 */
export const afterRequestApiInCallbackRule: ComponentFileRule = {
  codes: ['after-request-api-in-callback'],
  check(ctx) {
    let callbacks: AfterCallback[];
    try {
      callbacks = afterCallbacks(ctx);
    } catch (error) {
      // Code nested deeper than the walk reads (a count, not the stack): not seen, so nothing said.
      if (error instanceof WalkTooDeep) return [];
      throw error;
    }
    const findings: Finding[] = [];
    for (const found of callbacks) {
      const fixes = new Map<string, Fix | undefined>();
      // Reading the store earlier cannot help a callback that writes cookies: no fix for that API there.
      const writing = new Set(found.calls.filter((c) => c.writes).map((c) => c.api));
      for (const { api, call, writes } of found.calls) {
        if (!fixes.has(api)) fixes.set(api, writing.has(api) ? undefined : hoistFix(ctx, found, api));
        const fix = fixes.get(api);
        const value = REQUEST_APIS[api]!;
        const throws = `${api}() is called inside an after() callback of a Server Component: Next.js throws there at run time (only Route Handlers and Server Functions may read request APIs in after()), so the work deferred to after() never runs.`;
        findings.push({
          code: 'after-request-api-in-callback',
          severity: 'error',
          span: nodeSpan(call, ctx.sourceFile),
          message: writes
            ? `${throws} Reading it earlier would not help: a Server Component cannot ${writes === 'set' ? 'set' : 'delete'} cookies at all. Do it in a Server Function or a Route Handler.`
            : `${throws} Read it before after() (const ${value} = await ${api}()) and use the value inside the callback.`,
          fixes: fix ? [fix] : [],
        });
      }
    }
    return findings;
  },
};
