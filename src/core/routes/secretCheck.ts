import type * as TS from 'typescript';
import { guardStatements } from '../next/guardTemplate';
import type { TextEdit } from '../types';
import type { Fix } from '../diagnostics';
import type { AuthFacts } from './authAnalysis';
import type { Handler } from './handlers';
import type { RouteRuleContext } from './context';
import { applyStyle } from '../next/guardTemplate';
import { blockInsertion, ensureSameSecretHelper, fileStyle, indentAt, isAsyncFunction, makeAsync, statementContaining } from './edits';
import { middlewareCovers } from './middleware';

/** A check exists when the header and the secret meet in a comparison (or both are read). */
export function hasSecretCheck(auth: AuthFacts): boolean {
  return auth.comparisons.length > 0 || (auth.readsAuthorization && auth.readsSecret);
}

/** A middleware that checks the secret runs before this route (or might: precision first). */
export function middlewareChecks(ctx: RouteRuleContext): boolean {
  const paths = ctx.cronPaths.length ? ctx.cronPaths : [ctx.route.pattern];
  return ctx.middleware.some((m) => m.checksSecret && paths.some((p) => middlewareCovers(m, p) !== false));
}

function usesNextResponse(ctx: RouteRuleContext): boolean {
  return /\bNextResponse\b/.test(ctx.sourceFile.text);
}

function paramName(ts: RouteRuleContext['ts'], parameter: TS.ParameterDeclaration | undefined): string | undefined {
  return parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
}

/**
 * Whether the handler answers through Node's `res` (a Pages API route, a Vercel function's
 * `(req, res)` default export) rather than by returning a Response.
 */
function answersThroughRes(ctx: RouteRuleContext): boolean {
  return ctx.route.kind === 'function' ? ctx.handler?.kind === 'pages' : ctx.route.kind === 'pages-api';
}

/** The 401 answer in the handler's own style (quotes and semicolons of the file). */
export function refusal(ctx: RouteRuleContext): string {
  const statement =
    answersThroughRes(ctx)
      ? `return ${paramName(ctx.ts, ctx.handler?.fn.parameters[1]) ?? 'res'}.status(401).json({ error: 'Unauthorized' });`
      : `return ${usesNextResponse(ctx) ? 'NextResponse' : 'Response'}.json({ error: 'Unauthorized' }, { status: 401 });`;
  return applyStyle(statement, fileStyle(ctx.sourceFile.text));
}

/**
 * Where "Add CRON_SECRET check" can put its guard: the handler's block body, the request
 * parameter it reads (or none yet, to be added) and, in a Pages handler, the response parameter.
 * Undefined when the handler has no such shape (an expression body, a Pages handler without `res`).
 */
function secretCheckTarget(ctx: RouteRuleContext): { handler: Handler; body: TS.Block; request: string | undefined; response: string | undefined } | undefined {
  const handler = ctx.handler;
  if (!handler || !handler.fn.body || !ctx.ts.isBlock(handler.fn.body)) return undefined;
  // A function whose answer shape is unknown gets no guard written in either shape; on the edge
  // the guard awaits, so a handler that cannot be made async (a method) gets none either.
  if (handler.unsure || (ctx.edge && !isAsyncFunction(ctx.ts, handler.fn) && !makeAsync(ctx.ts, handler.fn, ctx.sourceFile))) return undefined;
  const pages = answersThroughRes(ctx);
  const request = paramName(ctx.ts, handler.fn.parameters[0]);
  if (!request && (pages || handler.fn.parameters.length > 0)) return undefined;
  const response = pages ? paramName(ctx.ts, handler.fn.parameters[1]) : undefined;
  if (pages && !response) return undefined;
  return { handler, body: handler.fn.body, request, response };
}

/** Whether "Add CRON_SECRET check" applies, without building it. */
export function canAddSecretCheck(ctx: RouteRuleContext): boolean {
  return secretCheckTarget(ctx) !== undefined;
}

/**
 * "Add CRON_SECRET check": the fail-closed guard at the top of the handler, a request
 * parameter when it has none, and the constant-time helper with its import.
 */
export function addSecretCheckFix(ctx: RouteRuleContext): Fix | undefined {
  const target = secretCheckTarget(ctx);
  if (!target) return undefined;
  const { handler, body, response } = target;
  const { ts, sourceFile } = ctx;
  const text = sourceFile.text;
  const edits: TextEdit[] = [];
  let request = target.request;
  if (!request) {
    request = 'request';
    const typed = /\.tsx?$/.test(ctx.file);
    const type = /\bNextRequest\b/.test(text) ? 'NextRequest' : 'Request';
    const open = text.indexOf('(', handler.fn.name ? handler.fn.name.getEnd() : handler.fn.getStart(sourceFile));
    edits.push({ offset: open + 1, length: 0, content: `request${typed ? `: ${type}` : ''}` });
  }
  const madeAsync = ctx.edge ? makeAsync(ts, handler.fn, sourceFile) : undefined;
  if (madeAsync) edits.push(madeAsync);
  const guard = guardStatements({
    request,
    response,
    responseClass: usesNextResponse(ctx) ? 'NextResponse' : 'Response',
    edge: ctx.edge,
  }).replace(/return .*;$/m, refusal(ctx));
  edits.push(blockInsertion(text, body, sourceFile, `${guard}\n`));
  edits.push(...ensureSameSecretHelper(ts, sourceFile, { typed: /\.tsx?$/.test(ctx.file), edge: ctx.edge }));
  return { title: 'Add CRON_SECRET check (fail-closed, constant-time)', edits, safe: false, preferred: true };
}

/** The statement of the handler's body that contains `node`, where a guard can go before it. */
export function enclosingStatement(ctx: RouteRuleContext, node: TS.Node): TS.Statement | undefined {
  const body = ctx.handler?.fn.body;
  return body && ctx.ts.isBlock(body) ? statementContaining(ctx.ts, body, node) : undefined;
}

/** A guard inserted before `statement`, indented like it, in the file's quote and semicolon style. */
export function insertBefore(text: string, statement: TS.Statement, sourceFile: TS.SourceFile, lines: string[]): TextEdit {
  const start = statement.getStart(sourceFile);
  const indent = indentAt(text, start);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const styled = applyStyle(lines.join('\n'), { ...fileStyle(text), indent: fileStyle(text).indent }).split('\n');
  return { offset: lineStart, length: 0, content: styled.map((l) => `${indent}${l}\n`).join('') };
}
