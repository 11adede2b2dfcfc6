import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';

/** A function that handles a request: the exported GET, a Pages handler, or what a wrapper wraps. */
export interface Handler {
  /** The function node whose body runs for the request. */
  fn: TS.FunctionLikeDeclaration;
  /** The exported name's node, where findings about the whole handler point. */
  nameNode: TS.Node;
  /** `export const GET = withCronAuth(async (req) => …)`: the wrapper call. */
  wrapper: TS.CallExpression | undefined;
  /**
   * How it is called: `app` with a Web Request, answering with a Response (an App Router GET, a
   * Vercel function's GET or `fetch`); `pages` with Node's `(req, res)` (a Pages Router API route,
   * a Vercel function's default-exported function).
   */
  kind: 'app' | 'pages';
  /**
   * Which export a Vercel function's handler is, when not the one its kind implies (GET for
   * `app`, the default export for `pages`): a default-exported Web function, the default
   * export's `fetch` or `GET` method, or CommonJS `module.exports`. Absent for Next.js routes.
   */
  site?: 'default' | 'fetch' | 'module.exports';
  /**
   * A Vercel function's default export that shows neither `(req, res)` nor a Web Request (one
   * parameter or none, no Response in sight, not on the edge runtime): it is analysed, but no fix
   * may write an answer in a shape it does not know.
   */
  unsure?: true;
  /** The App Router method it handles (GET, or POST… of a route with no GET); undefined for a Pages handler. */
  method?: string;
}

function isFunctionLike(ts: TsApi, node: TS.Node | undefined): node is TS.FunctionLikeDeclaration {
  return !!node && (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node));
}

function unwrap(ts: TsApi, node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
  return current;
}

/** A top-level function or const-initialised function of this file, by name. */
export function findLocalFunction(ts: TsApi, sourceFile: TS.SourceFile, name: string): TS.FunctionLikeDeclaration | TS.Expression | undefined {
  return localFunctions(ts, sourceFile).get(name);
}

/** Every top-level function or const-initialised value of this file by name, the first declaration of each. */
export function localFunctions(ts: TsApi, sourceFile: TS.SourceFile): Map<string, TS.FunctionLikeDeclaration | TS.Expression> {
  const found = new Map<string, TS.FunctionLikeDeclaration | TS.Expression>();
  const add = (name: string, node: TS.FunctionLikeDeclaration | TS.Expression) => {
    if (!found.has(name)) found.set(name, node);
  };
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) add(statement.name.text, statement);
    else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) add(declaration.name.text, unwrap(ts, declaration.initializer));
      }
    }
  }
  return found;
}

/** Resolves `GET`'s value to a function, following local names and one wrapper call. */
function resolveHandlerValue(ts: TsApi, sourceFile: TS.SourceFile, value: TS.Node | undefined, depth = 0): { fn: TS.FunctionLikeDeclaration; wrapper: TS.CallExpression | undefined } | undefined {
  if (!value || depth > 4) return undefined;
  if (isFunctionLike(ts, value)) return { fn: value, wrapper: undefined };
  if (ts.isIdentifier(value)) return resolveHandlerValue(ts, sourceFile, findLocalFunction(ts, sourceFile, value.text), depth + 1);
  if (ts.isCallExpression(value)) {
    const inner = value.arguments.map((a) => unwrap(ts, a)).find((a) => isFunctionLike(ts, a) || ts.isIdentifier(a));
    const resolved = inner ? resolveHandlerValue(ts, sourceFile, inner, depth + 1) : undefined;
    return resolved ? { fn: resolved.fn, wrapper: value } : undefined;
  }
  if (ts.isExpression(value as TS.Expression)) {
    const unwrapped = unwrap(ts, value as TS.Expression);
    if (unwrapped !== value) return resolveHandlerValue(ts, sourceFile, unwrapped, depth + 1);
  }
  return undefined;
}

function hasModifier(ts: TsApi, node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/**
 * The GET handler of an App Router route file (or the handler of another exported `method`),
 * or the default handler of a Pages API route.
 */
export function findHandler(ts: TsApi, sourceFile: TS.SourceFile, kind: 'app' | 'pages', method = 'GET'): Handler | undefined {
  for (const statement of sourceFile.statements) {
    if (kind === 'app') {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === method && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword) && statement.body) {
        return { fn: statement, nameNode: statement.name, wrapper: undefined, kind, method };
      }
      if (ts.isVariableStatement(statement) && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword)) {
        for (const declaration of statement.declarationList.declarations) {
          if (!ts.isIdentifier(declaration.name) || declaration.name.text !== method) continue;
          const resolved = resolveHandlerValue(ts, sourceFile, declaration.initializer && unwrap(ts, declaration.initializer));
          if (resolved) return { ...resolved, nameNode: declaration.name, kind, method };
        }
      }
      if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          if (element.name.text !== method) continue;
          const local = (element.propertyName ?? element.name).text;
          const resolved = resolveHandlerValue(ts, sourceFile, findLocalFunction(ts, sourceFile, local));
          if (resolved) return { ...resolved, nameNode: element.name, kind, method };
        }
      }
    } else {
      if (ts.isFunctionDeclaration(statement) && hasModifier(ts, statement, ts.SyntaxKind.DefaultKeyword) && statement.body) {
        return { fn: statement, nameNode: statement.name ?? statement, wrapper: undefined, kind };
      }
      if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
        const resolved = resolveHandlerValue(ts, sourceFile, unwrap(ts, statement.expression));
        if (resolved) return { ...resolved, nameNode: statement.expression, kind };
      }
    }
  }
  return undefined;
}

/** The function a `fetch` (or `GET`) member of an object literal names, as the exported object of a Vercel function. */
function objectMethod(ts: TsApi, sourceFile: TS.SourceFile, object: TS.ObjectLiteralExpression): { fn: TS.FunctionLikeDeclaration; wrapper: TS.CallExpression | undefined; nameNode: TS.Node } | undefined {
  for (const name of ['GET', 'fetch']) {
    for (const property of object.properties) {
      if (!property.name || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) || property.name.text !== name) continue;
      if (ts.isMethodDeclaration(property) && property.body) return { fn: property, wrapper: undefined, nameNode: property.name };
      const value = ts.isPropertyAssignment(property)
        ? unwrap(ts, property.initializer)
        : ts.isShorthandPropertyAssignment(property)
          ? findLocalFunction(ts, sourceFile, property.name.text)
          : undefined;
      const resolved = resolveHandlerValue(ts, sourceFile, value);
      if (resolved) return { ...resolved, nameNode: property.name };
    }
  }
  return undefined;
}

/**
 * The last top-level `module.exports = …` (the one that holds when the module has run), or
 * TypeScript's `export = …`, which compiles to it: the value, and the node that names it.
 */
function commonJsExport(ts: TsApi, sourceFile: TS.SourceFile): { value: TS.Expression; nameNode: TS.Node } | undefined {
  let found: { value: TS.Expression; nameNode: TS.Node } | undefined;
  for (const statement of sourceFile.statements) {
    if (ts.isExportAssignment(statement) && statement.isExportEquals) found = { value: statement.expression, nameNode: statement.expression };
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
    const { left, operatorToken, right } = statement.expression;
    if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) continue;
    // Named by its `module.exports`, not by the whole function it assigns.
    if (ts.isIdentifier(left.expression) && left.expression.text === 'module' && left.name.text === 'exports') found = { value: right, nameNode: left };
  }
  return found;
}

/** The default export's value (`export default x`, `export { x as default }`), or the function `export default function` declares. */
function defaultExport(ts: TsApi, sourceFile: TS.SourceFile): { declaration: TS.FunctionDeclaration } | { value: TS.Expression | TS.FunctionLikeDeclaration | undefined; nameNode: TS.Node } | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && hasModifier(ts, statement, ts.SyntaxKind.DefaultKeyword) && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword) && statement.body) return { declaration: statement };
    if (ts.isExportAssignment(statement) && !statement.isExportEquals) return { value: unwrap(ts, statement.expression), nameNode: statement.expression };
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      const element = statement.exportClause.elements.find((e) => e.name.text === 'default');
      if (element) return { value: findLocalFunction(ts, sourceFile, (element.propertyName ?? element.name).text), nameNode: element.name };
    }
  }
  return undefined;
}

const RESPONSE_ANSWER = /\bnew\s+Response\s*\(|\bResponse\s*\.\s*(json|redirect|error)\s*\(/;
const WEB_REQUEST_TYPE = /^(Request|NextRequest)$/;

/**
 * How Vercel calls a default-exported function: with a Web Request (and a context) on the edge
 * runtime; with `(req, res)` on Node.js, so two parameters say so; with a Request when it reads as
 * one (a `Request` parameter, a Response it answers with). Anything else is unsure.
 */
function defaultFunctionKind(ts: TsApi, sourceFile: TS.SourceFile, fn: TS.FunctionLikeDeclaration, edge: boolean): { kind: 'app' | 'pages'; unsure?: true } {
  // The edge runtime passes (request, context): a second parameter there is no `res`.
  if (edge) return { kind: 'app' };
  if (fn.parameters.length >= 2) return { kind: 'pages' };
  const type = fn.parameters[0]?.type;
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && WEB_REQUEST_TYPE.test(type.typeName.text)) return { kind: 'app' };
  if (fn.body && RESPONSE_ANSWER.test(fn.body.getText(sourceFile))) return { kind: 'app' };
  return { kind: 'app', unsure: true };
}

/**
 * The handler of a Vercel function (an api/ file of a project without Next.js), as Vercel's
 * Node.js runtime picks it: the default export first (a function gets `(req, res)`, or a Web
 * Request on the edge runtime; an object answers through its `GET` or `fetch`), CommonJS
 * `module.exports` likewise, else the exported `GET`. `edge`: the file asks for the edge runtime.
 */
export function findFunctionHandler(ts: TsApi, sourceFile: TS.SourceFile, edge: boolean, method: 'GET' | 'POST' = 'GET'): Handler | undefined {
  const found = defaultExport(ts, sourceFile);
  const commonJs = found ? undefined : commonJsExport(ts, sourceFile);
  if (found && 'declaration' in found) {
    const fn = found.declaration;
    const { kind, unsure } = defaultFunctionKind(ts, sourceFile, fn, edge);
    // An anonymous `export default function (…)` is named by its `default`, not by its whole text.
    const nameNode = fn.name ?? ts.getModifiers(fn)?.find((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? fn;
    return { fn, nameNode, wrapper: undefined, kind, ...(kind === 'app' ? { site: 'default' as const } : {}), ...(unsure ? { unsure } : {}) };
  }
  const value = found ? found.value : commonJs && unwrap(ts, commonJs.value);
  if (value) {
    const nameNode = (found ?? commonJs)!.nameNode;
    // An object of handlers: `export default { fetch(request) { … } }`, or a local const holding one.
    let object: TS.Node | undefined = value;
    if (ts.isIdentifier(object)) object = findLocalFunction(ts, sourceFile, object.text);
    if (object && ts.isObjectLiteralExpression(object)) {
      const method = objectMethod(ts, sourceFile, object);
      return method && { ...method, kind: 'app', site: 'fetch' };
    }
    const resolved = resolveHandlerValue(ts, sourceFile, value);
    if (!resolved) return undefined;
    const { kind, unsure } = defaultFunctionKind(ts, sourceFile, resolved.fn, edge);
    const site = found ? (kind === 'app' ? ('default' as const) : undefined) : ('module.exports' as const);
    return { ...resolved, nameNode, kind, ...(site ? { site } : {}), ...(unsure ? { unsure } : {}) };
  }
  return findHandler(ts, sourceFile, 'app', method);
}

/**
 * unreadableHandler for a Vercel function: why the default export (or `module.exports`, or the
 * GET when there is neither) is not a function findFunctionHandler could follow.
 */
export function unreadableFunctionHandler(ts: TsApi, sourceFile: TS.SourceFile): string | undefined {
  if (defaultExport(ts, sourceFile)) return unreadableHandler(ts, sourceFile, 'pages');
  const commonJs = commonJsExport(ts, sourceFile);
  if (commonJs) return `${describeValue(ts, sourceFile, 'module.exports', commonJs.value)}${NOT_VISIBLE}`;
  return unreadableHandler(ts, sourceFile, 'app');
}

/** A node's text on one line, cut to `max` characters: how a reason quotes code. */
function quoted(node: TS.Node, sourceFile: TS.SourceFile, max = 60): string {
  const text = node.getText(sourceFile).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The module a top-level import binds `name` from, if one does. */
function importedFrom(ts: TsApi, sourceFile: TS.SourceFile, name: string): string | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (!clause) continue;
    if (clause.name?.text === name) return statement.moduleSpecifier.text;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) return statement.moduleSpecifier.text;
    if (bindings && ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === name)) return statement.moduleSpecifier.text;
  }
  return undefined;
}

/** What a handler's value is, as the start of a reason: "GET is the result of handle(app)". */
function describeValue(ts: TsApi, sourceFile: TS.SourceFile, subject: string, value: TS.Expression): string {
  const node = unwrap(ts, value);
  if (ts.isCallExpression(node)) return `${subject} is the result of ${quoted(node, sourceFile)}`;
  if (ts.isIdentifier(node)) {
    const from = importedFrom(ts, sourceFile, node.text);
    if (from !== undefined) return `${subject} is ${node.text}, imported from '${from}'`;
    const local = findLocalFunction(ts, sourceFile, node.text);
    if (local && ts.isCallExpression(local)) return `${subject} is ${node.text}, the result of ${quoted(local, sourceFile)}`;
  }
  return `${subject} is ${quoted(node, sourceFile)}`;
}

const NOT_VISIBLE = ": the handler's code is not visible";

/**
 * Why the GET of an App Router route (the default export of a Pages API route) was not found as
 * a function, when the file exports one that findHandler could not follow: the result of a call
 * (`handle(app)`, `frameworkHandler(config)`), a value imported or re-exported from elsewhere,
 * taken from an object. Undefined when there is no such export (no GET at all is another rule's).
 */
export function unreadableHandler(ts: TsApi, sourceFile: TS.SourceFile, kind: 'app' | 'pages'): string | undefined {
  const subject = kind === 'app' ? 'GET' : 'the default export';
  let star: string | undefined;
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (!statement.exportClause) {
        if (kind === 'app' && from !== undefined) star ??= from;
        continue;
      }
      if (!ts.isNamedExports(statement.exportClause)) continue;
      for (const element of statement.exportClause.elements) {
        if (element.name.text !== (kind === 'app' ? 'GET' : 'default')) continue;
        if (from !== undefined) return `${subject} is re-exported from '${from}'${NOT_VISIBLE}`;
        const local = (element.propertyName ?? element.name).text;
        const imported = importedFrom(ts, sourceFile, local);
        if (imported !== undefined) return `${subject} is ${local}, imported from '${imported}'${NOT_VISIBLE}`;
        const value = findLocalFunction(ts, sourceFile, local);
        if (value && !isFunctionLike(ts, value)) return `${describeValue(ts, sourceFile, subject, value as TS.Expression)}${NOT_VISIBLE}`;
      }
    } else if (kind === 'app' && ts.isVariableStatement(statement) && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) {
          if (declaration.name.text !== 'GET') continue;
          if (!declaration.initializer) return `GET is declared without a value${NOT_VISIBLE}`;
          return `${describeValue(ts, sourceFile, 'GET', declaration.initializer)}${NOT_VISIBLE}`;
        }
        if (ts.isObjectBindingPattern(declaration.name) && declaration.initializer) {
          const element = declaration.name.elements.find((e) => ts.isIdentifier(e.name) && e.name.text === 'GET');
          if (element) return `GET is taken from ${quoted(declaration.initializer, sourceFile)}${NOT_VISIBLE}`;
        }
      }
    } else if (kind === 'pages' && ts.isExportAssignment(statement) && !statement.isExportEquals) {
      return `${describeValue(ts, sourceFile, subject, statement.expression)}${NOT_VISIBLE}`;
    }
  }
  return star === undefined ? undefined : `GET can only come from export * from '${star}'${NOT_VISIBLE}`;
}
