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

/** `process.env`, `process['env']` or `globalThis.process.env`. */
export function isProcessEnv(ts: TsApi, node: TS.Node): boolean {
  const receiver = ts.isPropertyAccessExpression(node) && node.name.text === 'env' ? node.expression : ts.isElementAccessExpression(node) && stringArgument(ts, node.argumentExpression) === 'env' ? node.expression : undefined;
  return !!receiver && ((ts.isIdentifier(receiver) && receiver.text === 'process') || (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'process'));
}

/**
 * The variable a read of the environment names: `X` for `process.env.X` and `process.env['X']`
 * (the same read, however it is spelled), undefined for anything else.
 */
export function envKey(ts: TsApi, node: TS.Node): string | undefined {
  const bare = unwrap(ts, node);
  if (ts.isPropertyAccessExpression(bare)) return isProcessEnv(ts, bare.expression) ? bare.name.text : undefined;
  if (ts.isElementAccessExpression(bare)) return isProcessEnv(ts, bare.expression) ? stringArgument(ts, bare.argumentExpression) : undefined;
  return undefined;
}

/**
 * `list.filter(Boolean)` and `list.filter((t) => !!t)` (under `as`): a list whose unset entries
 * are dropped, so none of what is left is undefined.
 */
export function isTruthinessFilter(ts: TsApi, node: TS.Node): boolean {
  const bare = unwrap(ts, node);
  if (!ts.isCallExpression(bare) || !ts.isPropertyAccessExpression(bare.expression) || bare.expression.name.text !== 'filter' || bare.arguments.length !== 1) return false;
  const test = unwrap(ts, bare.arguments[0]!);
  if (ts.isIdentifier(test)) return test.text === 'Boolean';
  if (!(ts.isArrowFunction(test) || ts.isFunctionExpression(test))) return false;
  const parameter = test.parameters[0];
  if (!parameter || !ts.isIdentifier(parameter.name)) return false;
  const name = parameter.name.text;
  let body: TS.Node | undefined = test.body;
  if (ts.isBlock(body)) {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    body = only && only.kind === ts.SyntaxKind.ReturnStatement ? (only as TS.ReturnStatement).expression : undefined;
  }
  let value = body && unwrap(ts, body);
  // x, !!x, Boolean(x) (kinds compared: typeScriptView's hot list lacks the guard, and this runs rarely)
  const negation = (node: TS.Node | undefined): node is TS.PrefixUnaryExpression =>
    node?.kind === ts.SyntaxKind.PrefixUnaryExpression && (node as TS.PrefixUnaryExpression).operator === ts.SyntaxKind.ExclamationToken;
  if (negation(value)) {
    const inner = unwrap(ts, value.operand);
    if (!negation(inner)) return false;
    value = unwrap(ts, inner.operand);
  }
  if (value && ts.isCallExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === 'Boolean' && value.arguments.length === 1) value = unwrap(ts, value.arguments[0]!);
  return !!value && ts.isIdentifier(value) && value.text === name;
}

/** `!x` or `a !== b` / `a != b`, inside parentheses: the refusal test of a guard. */
export function isNegated(ts: TsApi, node: TS.Node): boolean {
  const bare = unwrap(ts, node);
  return (bare.kind === ts.SyntaxKind.PrefixUnaryExpression && (bare as TS.PrefixUnaryExpression).operator === ts.SyntaxKind.ExclamationToken) || isNegatedComparison(ts, bare);
}

/** The operands of an `a && b && c` chain (at most `limit`, else undefined) and the `&&` tokens between them. */
export function conjuncts(ts: TsApi, node: TS.Node, limit = 8): { parts: TS.Expression[]; operators: TS.Node[] } | undefined {
  const parts: TS.Expression[] = [];
  const operators: TS.Node[] = [];
  let current = unwrap(ts, node);
  // `a && b && c` is `(a && b) && c`: walk down the left spine.
  while (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    if (parts.length >= limit) return undefined;
    parts.unshift(current.right);
    operators.unshift(current.operatorToken);
    current = current.left;
  }
  if (!parts.length) return undefined;
  parts.unshift(current as TS.Expression);
  return { parts, operators };
}

/** The call an expression statement or a return makes, under `await`, `void`, `!` and parentheses. */
export function topCall(ts: TsApi, node: TS.Node | undefined): TS.CallExpression | undefined {
  const K = ts.SyntaxKind;
  let current = node;
  while (current) {
    if (current.kind === K.AwaitExpression || current.kind === K.VoidExpression) current = (current as TS.AwaitExpression).expression;
    else if (current.kind === K.ParenthesizedExpression || current.kind === K.NonNullExpression || current.kind === K.AsExpression) current = (current as TS.ParenthesizedExpression).expression;
    else break;
  }
  return current && ts.isCallExpression(current) ? current : undefined;
}

/**
 * Whether a statement leaves the function (a return or a throw, in it or in a branch of it):
 * the if around it decides the response. Looks `budget` statements deep at most.
 */
export function leaves(ts: TsApi, node: TS.Node, budget = 32): boolean {
  const K = ts.SyntaxKind;
  let left = budget;
  const visit = (statement: TS.Node): boolean => {
    if (--left < 0) return false;
    switch (statement.kind) {
      case K.ReturnStatement:
      case K.ThrowStatement:
        return true;
      case K.Block:
        return (statement as TS.Block).statements.some(visit);
      case K.IfStatement: {
        const branch = statement as TS.IfStatement;
        return visit(branch.thenStatement) || (!!branch.elseStatement && visit(branch.elseStatement));
      }
      case K.TryStatement: {
        const attempt = statement as TS.TryStatement;
        return visit(attempt.tryBlock) || (!!attempt.catchClause && visit(attempt.catchClause.block));
      }
      default:
        return false;
    }
  };
  return visit(node);
}

/**
 * The name a switch value goes by: `requireCronAuth` for `settings.requireCronAuth`,
 * `CRON_AUTH_ENABLED` for `process.env.CRON_AUTH_ENABLED === 'true'`. Undefined for anything
 * that is no plain value read (a call, arithmetic, a comparison with something else).
 */
export function switchName(ts: TsApi, node: TS.Node): string | undefined {
  let bare = unwrap(ts, node);
  // !!flag
  while (bare.kind === ts.SyntaxKind.PrefixUnaryExpression && (bare as TS.PrefixUnaryExpression).operator === ts.SyntaxKind.ExclamationToken) {
    const inner = unwrap(ts, (bare as TS.PrefixUnaryExpression).operand);
    if (inner.kind !== ts.SyntaxKind.PrefixUnaryExpression || (inner as TS.PrefixUnaryExpression).operator !== ts.SyntaxKind.ExclamationToken) return undefined;
    bare = unwrap(ts, (inner as TS.PrefixUnaryExpression).operand);
  }
  // flag === 'true', flag === '1', flag !== 'false'
  if (ts.isBinaryExpression(bare)) {
    const operator = bare.operatorToken.kind;
    const literal = stringArgument(ts, bare.right) ?? stringArgument(ts, bare.left);
    const value = stringArgument(ts, bare.right) !== undefined ? bare.left : bare.right;
    const on = (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken) && (literal === 'true' || literal === '1' || literal === 'on');
    const notOff = (operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken) && (literal === 'false' || literal === '0' || literal === 'off');
    return on || notOff ? switchName(ts, value) : undefined;
  }
  if (ts.isIdentifier(bare)) return bare.text;
  if (ts.isPropertyAccessExpression(bare)) return bare.name.text;
  if (ts.isElementAccessExpression(bare)) return stringArgument(ts, bare.argumentExpression);
  return undefined;
}
