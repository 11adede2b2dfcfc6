import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { TextEdit } from '../types';

export interface WrapOptions {
  /** Text before the handler: `withCronMonitoring('cleanup-sessions', `. */
  open: string;
  /** Whether statements of the file end with `;`. */
  semicolons: boolean;
  /** The App Router method to wrap: GET (a cron's) unless a scheduler sends another (QStash: POST by default). */
  method?: string;
}

function hasModifier(ts: TsApi, node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function mentions(ts: TsApi, node: TS.Node, test: (node: TS.Node) => boolean): boolean {
  let found = false;
  const visit = (child: TS.Node): void => {
    if (found) return;
    if (test(child)) found = true;
    // `this` and `arguments` of nested ordinary functions are theirs, not the handler's.
    else if (!ts.isFunctionDeclaration(child) && !ts.isFunctionExpression(child) && !ts.isClassLike(child)) ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}

/** Wraps an expression in place: `open` before it, `)` after it. */
function wrapExpression(expression: TS.Expression, sourceFile: TS.SourceFile, open: string): TextEdit[] {
  return [
    { offset: expression.getStart(sourceFile), length: 0, content: open },
    { offset: expression.getEnd(), length: 0, content: ')' },
  ];
}

/**
 * `export async function GET(request: Request) { … }` becomes
 * `export const GET = withX('job', async (request: Request) => { … });`: only the header and the
 * closing line change, so the body stays byte for byte what the user wrote.
 */
function wrapFunctionDeclaration(ts: TsApi, fn: TS.FunctionDeclaration, sourceFile: TS.SourceFile, options: WrapOptions): TextEdit[] | undefined {
  if (!fn.body || !fn.name) return undefined;
  const text = sourceFile.text;
  const isAsync = hasModifier(ts, fn, ts.SyntaxKind.AsyncKeyword);
  const parameters = `(${text.slice(fn.parameters.pos, fn.parameters.end)})`;
  const returnType = fn.type ? `: ${fn.type.getText(sourceFile)}` : '';
  // Most handlers never say either word: the text tells without walking the body.
  const selfReferential =
    /\b(this|arguments)\b/.test(text.slice(fn.body.pos, fn.body.end)) &&
    mentions(ts, fn.body, (n) => n.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(n) && n.text === 'arguments'));
  // An arrow cannot have its own `this`/`arguments`, generics would read as JSX in .tsx, and a generator is no arrow.
  const asExpression = selfReferential || !!fn.typeParameters?.length || !!fn.asteriskToken;
  const head = asExpression
    ? `${isAsync ? 'async ' : ''}function${fn.asteriskToken ? '*' : ''} ${fn.name.text}${fn.typeParameters ? `<${text.slice(fn.typeParameters.pos, fn.typeParameters.end)}>` : ''}${parameters}${returnType} `
    : `${isAsync ? 'async ' : ''}${parameters}${returnType} => `;
  const start = fn.getStart(sourceFile);
  return [
    { offset: start, length: fn.body.getStart(sourceFile) - start, content: `export const ${fn.name.text} = ${options.open}${head}` },
    { offset: fn.body.getEnd(), length: 0, content: `)${options.semicolons ? ';' : ''}` },
  ];
}

/** `export { handler as GET }`: the exported name gets its own wrapped constant. */
function wrapExportSpecifier(statement: TS.ExportDeclaration, element: TS.ExportSpecifier, sourceFile: TS.SourceFile, options: WrapOptions): TextEdit[] {
  const local = (element.propertyName ?? element.name).text;
  const declaration = `export const ${element.name.text} = ${options.open}${local})${options.semicolons ? ';' : ''}`;
  const elements = (statement.exportClause as TS.NamedExports).elements;
  if (elements.length === 1) {
    const start = statement.getStart(sourceFile);
    return [{ offset: start, length: statement.getEnd() - start, content: declaration }];
  }
  const index = elements.indexOf(element);
  const next = elements[index + 1];
  const removal = next
    ? { offset: element.getStart(sourceFile), length: next.getStart(sourceFile) - element.getStart(sourceFile), content: '' }
    : { offset: elements[index - 1]!.getEnd(), length: element.getEnd() - elements[index - 1]!.getEnd(), content: '' };
  return [removal, { offset: statement.getEnd(), length: 0, content: `\n${declaration}` }];
}

/** The exported cron handler, in one of the shapes the wrapper actions can rewrite. */
type HandlerSite =
  | { shape: 'function'; fn: TS.FunctionDeclaration }
  | { shape: 'expression'; expression: TS.Expression; statement: TS.Statement }
  | { shape: 'specifier'; statement: TS.ExportDeclaration; element: TS.ExportSpecifier }
  | { shape: 'default-function'; fn: TS.FunctionDeclaration };

function exportedHandlerSite(ts: TsApi, sourceFile: TS.SourceFile, kind: 'app' | 'pages', method = 'GET'): HandlerSite | undefined {
  for (const statement of sourceFile.statements) {
    if (kind === 'app') {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === method && statement.body && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword)) {
        return { shape: 'function', fn: statement };
      }
      if (ts.isVariableStatement(statement) && hasModifier(ts, statement, ts.SyntaxKind.ExportKeyword)) {
        const declaration = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === method);
        if (declaration?.initializer) return { shape: 'expression', expression: declaration.initializer, statement };
      }
      if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        const element = statement.exportClause.elements.find((e) => e.name.text === method);
        if (element && !statement.isTypeOnly && !element.isTypeOnly) return { shape: 'specifier', statement, element };
      }
    } else {
      if (ts.isFunctionDeclaration(statement) && statement.body && hasModifier(ts, statement, ts.SyntaxKind.DefaultKeyword)) return { shape: 'default-function', fn: statement };
      if (ts.isExportAssignment(statement) && !statement.isExportEquals) return { shape: 'expression', expression: statement.expression, statement };
    }
  }
  return undefined;
}

/** Where the exported handler is written (its whole statement): where a refactor on it is offered. */
export function exportedHandlerSpan(ts: TsApi, sourceFile: TS.SourceFile, kind: 'app' | 'pages', method?: string): { start: number; end: number } | undefined {
  const site = exportedHandlerSite(ts, sourceFile, kind, method);
  if (!site) return undefined;
  const node: TS.Node = site.shape === 'specifier' || site.shape === 'expression' ? site.statement : site.fn;
  return { start: node.getStart(sourceFile), end: node.getEnd() };
}

/** Whether wrapExportedHandler can rewrite the file, without building its edits. */
export function canWrapExportedHandler(ts: TsApi, sourceFile: TS.SourceFile, kind: 'app' | 'pages', method?: string): boolean {
  return exportedHandlerSite(ts, sourceFile, kind, method) !== undefined;
}

/**
 * Edits that wrap the exported cron handler (App Router `GET` or `options.method`, Pages Router default export)
 * in a higher-order function. Undefined when the handler's shape is not one we can rewrite.
 */
export function wrapExportedHandler(ts: TsApi, sourceFile: TS.SourceFile, kind: 'app' | 'pages', options: WrapOptions): TextEdit[] | undefined {
  const site = exportedHandlerSite(ts, sourceFile, kind, options.method);
  switch (site?.shape) {
    case undefined:
      return undefined;
    case 'function':
      return wrapFunctionDeclaration(ts, site.fn, sourceFile, options);
    case 'expression':
      return wrapExpression(site.expression, sourceFile, options.open);
    case 'specifier':
      return wrapExportSpecifier(site.statement, site.element, sourceFile, options);
    case 'default-function': {
      const modifiers = ts.getModifiers(site.fn) ?? [];
      const defaultKeyword = modifiers.find((m) => m.kind === ts.SyntaxKind.DefaultKeyword)!;
      const after = modifiers[modifiers.indexOf(defaultKeyword) + 1];
      // `export default async function handler(…) {…}` → `export default withX('job', async function handler(…) {…});`
      const at = after ? after.getStart(sourceFile) : sourceFile.text.indexOf('function', defaultKeyword.getEnd());
      return [
        { offset: at, length: 0, content: options.open },
        { offset: site.fn.getEnd(), length: 0, content: `)${options.semicolons ? ';' : ''}` },
      ];
    }
  }
}
