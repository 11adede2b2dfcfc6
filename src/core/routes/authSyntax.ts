import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import { stringArgument } from './authVocabulary';

/** Syntax shapes the auth walk asks about: they depend on the node alone, not on what the walk has seen. */

/** The expression inside parentheses, `!`, `as` and `satisfies`. */
export function unwrap(ts: TsApi, node: TS.Node): TS.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
  return current;
}

export function isLength(ts: TsApi, node: TS.Node): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'length';
}

export function isEquality(ts: TsApi, kind: TS.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  return kind === K.EqualsEqualsEqualsToken || kind === K.ExclamationEqualsEqualsToken || kind === K.EqualsEqualsToken || kind === K.ExclamationEqualsToken;
}

export function isNegatedComparison(ts: TsApi, node: TS.Node): boolean {
  return ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken);
}

/** `null`, `undefined`, or the strings a template makes of them ('undefined', '') or typeof gives ('string'). */
export function isMissingValue(ts: TsApi, node: TS.Node): boolean {
  if (node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined')) return true;
  const text = stringArgument(ts, node);
  return text === 'undefined' || text === 'string' || text === '';
}

/** `process.env` or `globalThis.process.env`. */
export function isProcessEnv(ts: TsApi, node: TS.Node): boolean {
  return (
    ts.isPropertyAccessExpression(node) &&
    node.name.text === 'env' &&
    ((ts.isIdentifier(node.expression) && node.expression.text === 'process') || (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'process'))
  );
}
