import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import { findLocalFunction, type Handler } from './handlers';

// Kind tests by SyntaxKind: the rule runs on few handlers, and typeScriptView's hot list stays as it is.
const isDecorator = (ts: TsApi, node: TS.Node | undefined): node is TS.Decorator => node?.kind === ts.SyntaxKind.Decorator;
const isDeleteExpression = (ts: TsApi, node: TS.Node | undefined): node is TS.DeleteExpression => node?.kind === ts.SyntaxKind.DeleteExpression;
const isForInStatement = (ts: TsApi, node: TS.Node | undefined): node is TS.ForInStatement => node?.kind === ts.SyntaxKind.ForInStatement;
const isForOfStatement = (ts: TsApi, node: TS.Node | undefined): node is TS.ForOfStatement => node?.kind === ts.SyntaxKind.ForOfStatement;
const isNewExpression = (ts: TsApi, node: TS.Node | undefined): node is TS.NewExpression => node?.kind === ts.SyntaxKind.NewExpression;
const isOmittedExpression = (ts: TsApi, node: TS.Node | undefined): node is TS.OmittedExpression => node?.kind === ts.SyntaxKind.OmittedExpression;
const isPostfixUnaryExpression = (ts: TsApi, node: TS.Node | undefined): node is TS.PostfixUnaryExpression => node?.kind === ts.SyntaxKind.PostfixUnaryExpression;
const isPrefixUnaryExpression = (ts: TsApi, node: TS.Node | undefined): node is TS.PrefixUnaryExpression => node?.kind === ts.SyntaxKind.PrefixUnaryExpression;
const isShorthandPropertyAssignment = (ts: TsApi, node: TS.Node | undefined): node is TS.ShorthandPropertyAssignment => node?.kind === ts.SyntaxKind.ShorthandPropertyAssignment;
const isSpreadAssignment = (ts: TsApi, node: TS.Node | undefined): node is TS.SpreadAssignment => node?.kind === ts.SyntaxKind.SpreadAssignment;
const isSpreadElement = (ts: TsApi, node: TS.Node | undefined): node is TS.SpreadElement => node?.kind === ts.SyntaxKind.SpreadElement;
const isTaggedTemplateExpression = (ts: TsApi, node: TS.Node | undefined): node is TS.TaggedTemplateExpression => node?.kind === ts.SyntaxKind.TaggedTemplateExpression;
const isVariableDeclaration = (ts: TsApi, node: TS.Node | undefined): node is TS.VariableDeclaration => node?.kind === ts.SyntaxKind.VariableDeclaration;
const isVariableDeclarationList = (ts: TsApi, node: TS.Node | undefined): node is TS.VariableDeclarationList => node?.kind === ts.SyntaxKind.VariableDeclarationList;
const isYieldExpression = (ts: TsApi, node: TS.Node | undefined): node is TS.YieldExpression => node?.kind === ts.SyntaxKind.YieldExpression;

/** Globals whose every member is inert: logging, JSON, arithmetic, the clock. */
const INERT_NAMESPACES = new Set(['console', 'JSON', 'Math', 'Date']);
/** Plain functions that only convert a value. */
const INERT_FUNCTIONS = new Set(['String', 'Number', 'Boolean', 'Date', 'setTimeout', 'parseInt', 'parseFloat', 'isNaN']);
/** Response builders: `NextResponse.json(…)`, `Response.redirect(…)`. */
const RESPONSE_CLASSES = new Set(['NextResponse', 'Response']);
const RESPONSE_BUILDERS = new Set(['json', 'next', 'redirect', 'rewrite', 'error']);
const INERT_CONSTRUCTORS = new Set(['Response', 'NextResponse', 'Date', 'URL', 'URLSearchParams', 'Headers', 'Promise']);
/** Reading the request: `request.headers.get(…)`, `searchParams.get(…)`, `request.nextUrl.searchParams.has(…)`. */
const REQUEST_PARTS = new Set(['headers', 'searchParams', 'nextUrl', 'cookies']);
const READ_METHODS = new Set(['get', 'has', 'getAll']);
/** A Pages handler's answer: `res.status(200).json(…)`. */
const PAGES_RESPONSE_METHODS = new Set(['status', 'json', 'send', 'end', 'setHeader']);
/** Methods of a Date: `new Date().toISOString()`. */
const DATE_METHODS = /^(to\w*String|toJSON|get\w+|valueOf)$/;

/** Local helpers followed, at most; past them the handler is taken for one that works. */
const MAX_HELPERS = 8;
/** Syntax levels looked at, at most (the auth walk stops at 400 before this rule runs). */
const MAX_LEVELS = 400;

/**
 * Whether the handler (and the local helpers of its file it calls) does nothing but inert things:
 * logging, building a response, JSON, Math, the clock, conversions, sleeping in a promise, reading
 * the request and plain expressions. Such a handler runs no job, so "anyone can run the job" would
 * be false. Any other call, constructor or write outside the function is work; so is a wrapper,
 * a helper past the budget or anything not understood. When unsure, it is work.
 */
export function isInertHandler(ts: TsApi, sourceFile: TS.SourceFile, handler: Handler): boolean {
  if (handler.wrapper || !handler.fn.body) return false;
  const helpers = new Set<TS.Node>([handler.fn]);
  const queue: TS.FunctionLikeDeclaration[] = [handler.fn];
  for (let i = 0; i < queue.length; i++) {
    const fn = queue[i]!;
    const response = handler.kind === 'pages' && fn === handler.fn ? paramName(ts, fn.parameters[1]) : undefined;
    if (!inertFunction(ts, sourceFile, fn, response, (helper) => {
      if (helpers.has(helper)) return true;
      if (helpers.size >= MAX_HELPERS) return false;
      helpers.add(helper);
      queue.push(helper);
      return true;
    })) return false;
  }
  return true;
}

function paramName(ts: TsApi, parameter: TS.ParameterDeclaration | undefined): string | undefined {
  return parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
}

function unwrap(ts: TsApi, node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return current;
}

function isFunctionLike(ts: TsApi, node: TS.Node | undefined): node is TS.FunctionLikeDeclaration {
  return !!node && (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node));
}

/** The identifier a property chain or call chain starts from: `a` of `a.b.c(…).d`. */
function rootOf(ts: TsApi, node: TS.Expression): TS.Expression {
  let current = unwrap(ts, node);
  for (;;) {
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrap(ts, current.expression);
    else return current;
  }
}

function inertFunction(
  ts: TsApi,
  sourceFile: TS.SourceFile,
  fn: TS.FunctionLikeDeclaration,
  response: string | undefined,
  follow: (helper: TS.FunctionLikeDeclaration) => boolean,
): boolean {
  // Names this function declares (parameters, variables, inner functions): writes to them stay inside.
  const locals = new Set<string>();
  // Locals holding a Date (`const now = new Date()`), whose methods only format it.
  const dates = new Set<string>();
  // Inner functions by name, walked where they stand; calling one is inert.
  const innerFunctions = new Set<string>();
  // Parameters of `new Promise((resolve) => …)`'s executor: calling them only settles the promise.
  const resolvers = new Set<string>();
  const declare = (name: TS.BindingName) => {
    if (ts.isIdentifier(name)) locals.add(name.text);
    else for (const element of name.elements) if (!isOmittedExpression(ts, element)) declare(element.name);
  };
  for (const parameter of fn.parameters) declare(parameter.name);

  const inertCall = (call: TS.CallExpression): boolean => {
    const callee = unwrap(ts, call.expression);
    if (ts.isIdentifier(callee)) {
      const name = callee.text;
      if (resolvers.has(name) || innerFunctions.has(name)) return true;
      if (name === 'setTimeout') {
        // A sleep: the callback is a resolver or a function walked here, never an outside name.
        const first = call.arguments[0] && unwrap(ts, call.arguments[0]);
        return !first || isFunctionLike(ts, first) || (ts.isIdentifier(first) && resolvers.has(first.text));
      }
      if (INERT_FUNCTIONS.has(name) && !locals.has(name)) return true;
      if (locals.has(name)) return false;
      const helper = findLocalFunction(ts, sourceFile, name);
      return isFunctionLike(ts, helper) && follow(helper);
    }
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const method = callee.name.text;
    const target = unwrap(ts, callee.expression);
    if (ts.isIdentifier(target) && !locals.has(target.text)) {
      if (INERT_NAMESPACES.has(target.text)) return true;
      if (RESPONSE_CLASSES.has(target.text) && RESPONSE_BUILDERS.has(method)) return true;
    }
    if (ts.isIdentifier(target) && dates.has(target.text) && DATE_METHODS.test(method)) return true;
    if (isNewExpression(ts, target) && ts.isIdentifier(target.expression) && target.expression.text === 'Date' && DATE_METHODS.test(method)) return true;
    if (READ_METHODS.has(method)) {
      const part = ts.isPropertyAccessExpression(target) ? target.name.text : ts.isIdentifier(target) ? target.text : undefined;
      if (part && REQUEST_PARTS.has(part)) return true;
    }
    if (response && PAGES_RESPONSE_METHODS.has(method)) {
      // `res.status(200).json(…)`: the chain goes through the answer's own calls back to `res`.
      let root = unwrap(ts, target);
      while (ts.isCallExpression(root) && ts.isPropertyAccessExpression(unwrap(ts, root.expression))) {
        const inner = unwrap(ts, root.expression) as TS.PropertyAccessExpression;
        if (!PAGES_RESPONSE_METHODS.has(inner.name.text)) break;
        root = unwrap(ts, inner.expression);
      }
      root = rootOf(ts, root);
      if (ts.isIdentifier(root) && root.text === response) return true;
    }
    return false;
  };

  // A write stays inside when what it writes to is rooted in a name this function declares.
  const writesInside = (target: TS.Expression): boolean => {
    const root = rootOf(ts, target);
    if (ts.isIdentifier(root)) return locals.has(root.text);
    // `[a, b] = …`, `({ a } = …)`: every name written must be local.
    if (ts.isArrayLiteralExpression(root)) return root.elements.every((e) => isOmittedExpression(ts, e) || writesInside(isSpreadElement(ts, e) ? e.expression : e));
    if (ts.isObjectLiteralExpression(root)) {
      return root.properties.every((p) =>
        isShorthandPropertyAssignment(ts, p) ? locals.has(p.name.text) : ts.isPropertyAssignment(p) ? writesInside(p.initializer) : isSpreadAssignment(ts, p) && writesInside(p.expression),
      );
    }
    return false;
  };

  const visit = (node: TS.Node, level: number): boolean => {
    if (level > MAX_LEVELS) return false;
    if (isVariableDeclaration(ts, node)) {
      declare(node.name);
      const init = node.initializer && unwrap(ts, node.initializer);
      if (init && ts.isIdentifier(node.name)) {
        if (isNewExpression(ts, init) && ts.isIdentifier(init.expression) && init.expression.text === 'Date') dates.add(node.name.text);
        if (isFunctionLike(ts, init)) innerFunctions.add(node.name.text);
      }
    } else if (ts.isFunctionDeclaration(node) && node.name) {
      locals.add(node.name.text);
      innerFunctions.add(node.name.text);
    } else if (ts.isCallExpression(node)) {
      if (!inertCall(node)) return false;
    } else if (isNewExpression(ts, node)) {
      if (!ts.isIdentifier(node.expression) || !INERT_CONSTRUCTORS.has(node.expression.text) || locals.has(node.expression.text)) return false;
      if (node.expression.text === 'Promise') {
        const executor = node.arguments?.[0] && unwrap(ts, node.arguments[0]);
        if (!isFunctionLike(ts, executor)) return false;
        for (const parameter of executor.parameters) if (ts.isIdentifier(parameter.name)) resolvers.add(parameter.name.text);
      }
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      if (!writesInside(node.left)) return false;
    } else if ((isPrefixUnaryExpression(ts, node) || isPostfixUnaryExpression(ts, node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      if (!writesInside(node.operand)) return false;
    } else if (isForInStatement(ts, node) || isForOfStatement(ts, node)) {
      const initializer = node.initializer;
      if (!isVariableDeclarationList(ts, initializer) && !writesInside(initializer)) return false;
      // `for await (… of x)` pulls from an iterator: code that runs elsewhere.
      if (isForOfStatement(ts, node) && node.awaitModifier) return false;
    } else if (
      isTaggedTemplateExpression(ts, node) ||
      isDeleteExpression(ts, node) ||
      isYieldExpression(ts, node) ||
      ts.isClassLike(node) ||
      isDecorator(ts, node) ||
      node.kind === ts.SyntaxKind.ImportKeyword
    ) {
      return false;
    } else if (isFunctionLike(ts, node) && node !== fn) {
      for (const parameter of node.parameters) declare(parameter.name);
    }
    let inert = true;
    ts.forEachChild(node, (child) => {
      if (inert && !visit(child, level + 1)) inert = false;
    });
    return inert;
  };
  return visit(fn.body!, 0);
}
