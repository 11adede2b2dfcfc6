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
  kind: 'app' | 'pages';
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

/** The GET handler of an App Router route file, or the default handler of a Pages API route. */
export function findHandler(ts: TsApi, sourceFile: TS.SourceFile, kind: 'app' | 'pages'): Handler | undefined {
  for (const statement of sourceFile.statements) {
    if (kind === 'app') {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === 'GET' && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword) && statement.body) {
        return { fn: statement, nameNode: statement.name, wrapper: undefined, kind };
      }
      if (ts.isVariableStatement(statement) && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword)) {
        for (const declaration of statement.declarationList.declarations) {
          if (!ts.isIdentifier(declaration.name) || declaration.name.text !== 'GET') continue;
          const resolved = resolveHandlerValue(ts, sourceFile, declaration.initializer && unwrap(ts, declaration.initializer));
          if (resolved) return { ...resolved, nameNode: declaration.name, kind };
        }
      }
      if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          if (element.name.text !== 'GET') continue;
          const local = (element.propertyName ?? element.name).text;
          const resolved = resolveHandlerValue(ts, sourceFile, findLocalFunction(ts, sourceFile, local));
          if (resolved) return { ...resolved, nameNode: element.name, kind };
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
