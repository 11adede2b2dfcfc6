import type * as TS from 'typescript';
import { excessiveSourceNesting } from '../sourceNesting';
import type { Span } from '../types';

/** The TypeScript API, injected (the copy ts-morph ships), never imported at runtime by the core. */
export type TsApi = typeof TS;

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ExportedValue {
  /** The exported binding's name, where a diagnostic or edit can point. */
  nameSpan: Span;
  /** The initializer, when it is `export const x = <init>`. */
  init: TS.Expression | undefined;
  /** The literal value when the initializer is a literal. */
  literal: string | number | boolean | undefined;
}

/** What a route file exports at its top level: handlers and route segment config. */
export interface RouteExports {
  methods: Map<HttpMethod, ExportedValue>;
  /** Pages Router API routes export a default handler. */
  defaultExport: Span | undefined;
  /** Other exported consts (`maxDuration`, `runtime`, `dynamic`, `revalidate`, `config`, …). */
  values: Map<string, ExportedValue>;
  /** `export * from …`: anything could be exported, so absence proves nothing. */
  hasExportStar: boolean;
  /** Where `export async function GET(...)` is, for inserting a handler next to it. */
  sourceFile: TS.SourceFile;
}

function isExported(ts: TsApi, node: TS.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefault(ts: TsApi, node: TS.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

function span(node: TS.Node, sourceFile: TS.SourceFile): Span {
  return { start: node.getStart(sourceFile), end: node.getEnd() };
}

function literalOf(ts: TsApi, init: TS.Expression | undefined): ExportedValue['literal'] {
  if (!init) return undefined;
  let expression = init;
  while (ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isParenthesizedExpression(expression)) expression = expression.expression;
  if (ts.isNumericLiteral(expression)) return Number(expression.text);
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return expression.text;
  if (expression.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expression.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

function isMethod(name: string): name is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(name);
}

/**
 * Reads a route file's exports from syntax alone (no type checker): `export async function GET`,
 * `export const GET = …`, `export { handler as GET }`, `export const POST = GET`,
 * `export const { GET, POST } = handlers`, `export default`, and segment config consts.
 */
export function scanRouteExports(ts: TsApi, fileName: string, text: string): RouteExports {
  return scanExports(ts, parseSource(ts, fileName, text));
}

/**
 * Parses a route or helper file as its extension says, without parent pointers (they cost a
 * third of a parse): analysis and fixes pass the source file wherever text is needed.
 */
export function parseSource(ts: TsApi, fileName: string, text: string): TS.SourceFile {
  const kind = /\.(tsx|jsx)$/.test(fileName) ? ts.ScriptKind.TSX : /\.m?js$|\.cjs$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
}

/**
 * parseSource for a reader that only asks what a file holds (a schedule, an after() callback):
 * undefined when the file nests deeper than TypeScript parses (the count route files get), or is
 * a shape TypeScript's own parser overflows on (thousands of nested arrows). Such a reader has
 * seen nothing there, and says nothing.
 */
export function parseSourceWithinLimits(ts: TsApi, fileName: string, text: string): TS.SourceFile | undefined {
  if (excessiveSourceNesting(text) >= 0) return undefined;
  try {
    return parseSource(ts, fileName, text);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The exports of an already parsed file (one parse serves exports and the route rules). */
export function scanExports(ts: TsApi, sourceFile: TS.SourceFile): RouteExports {
  const result: RouteExports = { methods: new Map(), defaultExport: undefined, values: new Map(), hasExportStar: false, sourceFile };
  const record = (name: string, value: ExportedValue) => {
    if (isMethod(name)) result.methods.set(name, value);
    else result.values.set(name, value);
  };
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(ts, statement)) {
      if (isDefault(ts, statement)) result.defaultExport = span(statement.name ?? statement, sourceFile);
      else if (statement.name) record(statement.name.text, { nameSpan: span(statement.name, sourceFile), init: undefined, literal: undefined });
    } else if (ts.isVariableStatement(statement) && isExported(ts, statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) {
          record(declaration.name.text, { nameSpan: span(declaration.name, sourceFile), init: declaration.initializer, literal: literalOf(ts, declaration.initializer) });
        } else if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            if (ts.isIdentifier(element.name)) record(element.name.text, { nameSpan: span(element.name, sourceFile), init: undefined, literal: undefined });
          }
        }
      }
    } else if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause) result.hasExportStar = true;
      else if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          const exported = element.name.text;
          if (exported === 'default') result.defaultExport = span(element, sourceFile);
          else record(exported, { nameSpan: span(element.name, sourceFile), init: undefined, literal: undefined });
        }
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      result.defaultExport = span(statement, sourceFile);
    } else if (ts.isClassDeclaration(statement) && isExported(ts, statement) && isDefault(ts, statement)) {
      result.defaultExport = span(statement, sourceFile);
    }
  }
  return result;
}
