/**
 * What cacheComponents (Next.js 16) prerenders of a GET route handler, and the `await
 * connection()` that stops it. With the flag on, a GET is prerendered unless it touches uncached
 * or runtime data: "network requests, database queries, async file system operations, request
 * object properties, runtime APIs like cookies(), headers(), connection(), or non-deterministic
 * operations" stop prerendering (Next.js docs, Route Handlers › With Cache Components).
 */
import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { TextEdit } from '../types';
import { blockInsertion, ensureImport, fileStyle, indentAt, isAsyncFunction, makeAsync } from './edits';

/** Calls known to touch no data: building the response and logging. Anything else may be I/O. */
const INERT_CALLS: Readonly<Record<string, readonly string[]>> = {
  Response: ['json'],
  NextResponse: ['json'],
  JSON: ['stringify'],
  console: ['log', 'info', 'warn', 'error', 'debug'],
};
const INERT_CONSTRUCTORS: ReadonlySet<string> = new Set(['Response', 'NextResponse']);

/** The walk gives up (and the answer is "cannot tell") past this many nodes. */
const MAX_NODES = 2_000;

function isInertCall(ts: TsApi, callee: TS.Expression): boolean {
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return false;
  return INERT_CALLS[callee.expression.text]?.includes(callee.name.text) ?? false;
}

/**
 * Whether the handler's body provably does nothing that stops prerendering: no call but the
 * inert ones, no `await`, no constructor but Response's. A call to a helper, `fetch`, a clock or
 * `Math.random()` may well make it dynamic, and then the analysis cannot tell: it says no.
 */
export function provablyPrerendered(ts: TsApi, fn: TS.FunctionLikeDeclaration): boolean {
  if (!fn.body) return false;
  let budget = MAX_NODES;
  let inert = true;
  // Kinds rather than more type guards: the members read per node stay in typeScriptView's fast list.
  const { NewExpression, AwaitExpression, TaggedTemplateExpression, YieldExpression, ForOfStatement } = ts.SyntaxKind;
  const visit = (node: TS.Node): void => {
    if (!inert) return;
    if (--budget < 0) inert = false;
    else if (ts.isCallExpression(node)) inert = isInertCall(ts, node.expression);
    else if (node.kind === NewExpression) {
      const callee = (node as TS.NewExpression).expression;
      inert = ts.isIdentifier(callee) && INERT_CONSTRUCTORS.has(callee.text);
    } else if (node.kind === AwaitExpression || node.kind === TaggedTemplateExpression || node.kind === YieldExpression || node.kind === ForOfStatement) inert = false;
    if (inert) ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return inert;
}

function isPromiseType(ts: TsApi, type: TS.TypeNode): boolean {
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise';
}

/**
 * `await connection()` as the handler's first statement, `connection` imported from next/server
 * (into its existing import when there is one), and the handler made async, its declared return
 * type wrapped in Promise<…>. An arrow's expression body becomes a block that returns it.
 * Undefined when the function cannot be made async here.
 */
export function awaitConnectionEdits(ts: TsApi, sourceFile: TS.SourceFile, fn: TS.FunctionLikeDeclaration): TextEdit[] | undefined {
  const body = fn.body;
  if (!body) return undefined;
  const edits: TextEdit[] = [];
  if (!isAsyncFunction(ts, fn)) {
    const asyncEdit = makeAsync(ts, fn, sourceFile);
    if (!asyncEdit) return undefined;
    edits.push(asyncEdit);
    if (fn.type && !isPromiseType(ts, fn.type)) {
      edits.push({ offset: fn.type.getStart(sourceFile), length: 0, content: 'Promise<' }, { offset: fn.type.getEnd(), length: 0, content: '>' });
    }
  }
  const text = sourceFile.text;
  if (ts.isBlock(body)) edits.push(blockInsertion(text, body, sourceFile, 'await connection();'));
  else {
    const style = fileStyle(text);
    const end = style.semicolons ? ';' : '';
    const outer = indentAt(text, fn.getStart(sourceFile));
    const inner = outer + style.indent;
    // `() => ({ ok: true })`: the parentheses only kept the object from reading as a block.
    const returned = ts.isParenthesizedExpression(body) && ts.isObjectLiteralExpression(body.expression) ? body.expression : body;
    const start = body.getStart(sourceFile);
    edits.push({
      offset: start,
      length: body.getEnd() - start,
      content: `{\n${inner}await connection()${end}\n${inner}return ${returned.getText(sourceFile)}${end}\n${outer}}`,
    });
  }
  edits.push(...ensureImport(ts, sourceFile, 'next/server', 'connection'));
  return edits;
}
