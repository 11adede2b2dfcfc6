import type * as TS from 'typescript';
import type { RouteExports, TsApi } from '../next/routeExports';

/** The package whose `handleSchedule` the docs show as a function target's POST (platform-facts §1.5). */
const SCHEDULES_PACKAGE = '@vercel/schedules';
const HANDLER = 'handleSchedule';
/** How deep a wrapper around handleSchedule(…) is searched (`withSentry(withLogs(handleSchedule(…)))`). */
const MAX_WRAPPER_DEPTH = 8;

/**
 * How a function target's POST export stands to `handleSchedule` from @vercel/schedules:
 * `wired` when it is, or wraps, a call of it; `plain` when it is a handler written in place (a
 * function declaration, an arrow or function expression) that is no such call; `unknown` for
 * anything the file alone cannot tell (a const from elsewhere, a re-export, another package's
 * wrapper, a local function that happens to be named handleSchedule), which says nothing.
 */
export function scheduleHandlerWiring(ts: TsApi, exports: RouteExports): 'wired' | 'plain' | 'unknown' {
  const post = exports.methods.get('POST');
  if (!post) return 'unknown';
  const sourceFile = exports.sourceFile;
  const names = importedHandlerNames(ts, sourceFile);
  if (!post.init) {
    const declared = sourceFile.statements.find((s): s is TS.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === 'POST' && s.body !== undefined);
    return declared ? plainUnlessNamed(ts, declared, names) : 'unknown';
  }
  const init = unwrap(ts, post.init);
  if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return plainUnlessNamed(ts, init, names);
  return callsHandler(ts, init, names, 0) ? 'wired' : 'unknown';
}

/** How many nodes of a handler's body are searched for handleSchedule before the answer is "cannot tell". */
const MAX_BODY_NODES = 20_000;

/** A handler written in place is plain unless its body names handleSchedule (it may call it there): then nothing is said. */
function plainUnlessNamed(ts: TsApi, handler: TS.Node, names: { direct: Set<string>; namespaces: Set<string> }): 'plain' | 'unknown' {
  let seen = 0;
  let named = false;
  const visit = (node: TS.Node): void => {
    if (named) return;
    if (++seen > MAX_BODY_NODES) {
      named = true;
      return;
    }
    if (ts.isIdentifier(node) && (names.direct.has(node.text) || names.namespaces.has(node.text))) {
      named = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(handler, visit);
  return named ? 'unknown' : 'plain';
}

function unwrap(ts: TsApi, expression: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression)) expression = expression.expression;
  return expression;
}

/** The local names handleSchedule is imported as, and the namespaces @vercel/schedules is imported as. */
function importedHandlerNames(ts: TsApi, sourceFile: TS.SourceFile): { direct: Set<string>; namespaces: Set<string> } {
  const direct = new Set<string>();
  const namespaces = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== SCHEDULES_PACKAGE) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings) continue;
    if (ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
    else for (const element of bindings.elements) if ((element.propertyName ?? element.name).text === HANDLER) direct.add(element.name.text);
  }
  return { direct, namespaces };
}

/** Whether the expression is a call of the imported handleSchedule, or a call that wraps one in its arguments. */
function callsHandler(ts: TsApi, expression: TS.Expression, names: { direct: Set<string>; namespaces: Set<string> }, depth: number): boolean {
  const call = unwrap(ts, expression);
  if (depth > MAX_WRAPPER_DEPTH || !ts.isCallExpression(call)) return false;
  const callee = unwrap(ts, call.expression);
  if (ts.isIdentifier(callee) && names.direct.has(callee.text)) return true;
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === HANDLER && ts.isIdentifier(callee.expression) && names.namespaces.has(callee.expression.text)) return true;
  return call.arguments.some((argument) => callsHandler(ts, argument, names, depth + 1));
}
