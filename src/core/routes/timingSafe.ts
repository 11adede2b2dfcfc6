import type * as TS from 'typescript';
import type { TextEdit } from '../types';
import type { RouteRuleContext } from './context';
import { ensureSameSecretHelper, ensureSameSecretSyncHelper, innermostFunction, isAsyncFunction, makeAsync } from './edits';

/**
 * `a === b` / `a !== b` on the secret rewritten as a constant-time comparison, with the helper
 * and its import: what "Use a timing-safe comparison" does, and what the fail-closed fixes do to
 * the comparison they make refuse (one line, one finding, one fix). Undefined when it cannot be
 * done: on the edge runtime the comparison needs `await`, which a synchronous helper's callers
 * would not expect.
 */
export function timingSafeEdits(ctx: RouteRuleContext, node: TS.BinaryExpression): TextEdit[] | undefined {
  const { ts, sourceFile } = ctx;
  const negated = node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken;
  const typed = /\.tsx?$/.test(ctx.file);
  const operands = `(${node.left.getText(sourceFile)}, ${node.right.getText(sourceFile)})`;
  const replace = (call: string): TextEdit => ({
    offset: node.getStart(sourceFile),
    length: node.getEnd() - node.getStart(sourceFile),
    content: negated ? `!${call}` : call,
  });
  if (!ctx.edge) return [replace(`isSameSecret${operands}`), ...ensureSameSecretHelper(ts, sourceFile, { typed, edge: false })];
  // Edge compares Web Crypto digests, which needs `await`: fine in an async function, and the
  // handler itself may become async (Next awaits it). A synchronous helper's callers expect a
  // boolean, so there the comparison stays synchronous.
  const fn = innermostFunction(ts, sourceFile, node);
  const canAwait = !!fn && (isAsyncFunction(ts, fn) || fn === ctx.handler?.fn);
  if (!canAwait) return [replace(`isSameSecretSync${operands}`), ...ensureSameSecretSyncHelper(sourceFile, typed)];
  const madeAsync = makeAsync(ts, fn, sourceFile);
  if (!isAsyncFunction(ts, fn) && !madeAsync) return undefined;
  return [...(madeAsync ? [madeAsync] : []), replace(`(await isSameSecret${operands})`), ...ensureSameSecretHelper(ts, sourceFile, { typed, edge: true })];
}

/** `!==` or `!=`. */
export function isNegatedOperator(ts: RouteRuleContext['ts'], node: TS.BinaryExpression): boolean {
  return node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken;
}
