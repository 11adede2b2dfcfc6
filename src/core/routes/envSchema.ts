import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import { unwrap } from './authSyntax';

/** A module that validates the environment when it loads: t3-env's createEnv, a zod object, envalid's cleanEnv. */
const VALIDATES = /\bcreateEnv\s*\(|\bz\.object\s*\(|\bcleanEnv\s*\(/;

/** Methods after which the schema accepts a missing value. */
const ACCEPTS_MISSING = new Set(['optional', 'nullish', 'or', 'catch']);

/** How many calls of a schema chain are read (`z.string().trim().min(16).max(128)` is four). */
const MAX_CHAIN = 16;

/**
 * Whether the env module's schema refuses to load without CRON_SECRET in production: a
 * `CRON_SECRET:` entry whose schema is `z.string()` (maybe `.min(…)`, `.trim()`…, a default) with
 * no `.optional()`/`.nullish()`, or a NODE_ENV ternary choosing such a schema for production
 * (`process.env.NODE_ENV === 'production' ? z.string() : z.string().optional()`). Every entry
 * must require it; none, or one that cannot be read, is not required.
 */
export function schemaRequiresSecret(ts: TsApi, sourceFile: TS.SourceFile): boolean {
  if (!VALIDATES.test(sourceFile.text)) return false;
  const entries: TS.Expression[] = [];
  const visit = (node: TS.Node, depth: number): void => {
    if (depth > 64 || entries.length > 8) return;
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && node.name.text === 'CRON_SECRET') {
      // `runtimeEnv: { CRON_SECRET: process.env.CRON_SECRET }` maps the value; it is no schema.
      if (!isEnvRead(ts, node.initializer)) entries.push(node.initializer);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(sourceFile, 0);
  return entries.length > 0 && entries.every((entry) => requiredInProduction(ts, entry));
}

function isEnvRead(ts: TsApi, node: TS.Expression): boolean {
  const bare = unwrap(ts, node);
  if (!ts.isPropertyAccessExpression(bare) && !ts.isElementAccessExpression(bare)) return false;
  const receiver = unwrap(ts, bare.expression);
  return (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'env') || (ts.isIdentifier(receiver) && receiver.text === 'env');
}

function requiredInProduction(ts: TsApi, node: TS.Expression): boolean {
  const bare = unwrap(ts, node) as TS.Expression;
  if (bare.kind === ts.SyntaxKind.ConditionalExpression) {
    const conditional = bare as TS.ConditionalExpression;
    const production = productionBranch(ts, conditional.condition);
    if (production === 'whenTrue') return requiredInProduction(ts, conditional.whenTrue);
    if (production === 'whenFalse') return requiredInProduction(ts, conditional.whenFalse);
    return requiredInProduction(ts, conditional.whenTrue) && requiredInProduction(ts, conditional.whenFalse);
  }
  return requiredSchema(ts, bare);
}

/** `z.string()…` or envalid's `str()` with nothing that accepts a missing value. */
function requiredSchema(ts: TsApi, node: TS.Expression): boolean {
  let current: TS.Expression = node;
  for (let i = 0; i < MAX_CHAIN; i++) {
    if (!ts.isCallExpression(current)) return false;
    const callee = current.expression;
    if (ts.isIdentifier(callee)) return callee.text === 'str' && current.arguments.length === 0;
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const method = callee.name.text;
    if (method === 'string' && ts.isIdentifier(callee.expression)) return true;
    if (ACCEPTS_MISSING.has(method)) return false;
    current = callee.expression;
  }
  return false;
}

/**
 * Which branch of `cond ? a : b` a production build takes, when `cond` compares
 * `process.env.NODE_ENV` with a literal (Vercel builds and serves with NODE_ENV=production).
 */
function productionBranch(ts: TsApi, condition: TS.Expression): 'whenTrue' | 'whenFalse' | undefined {
  const bare = unwrap(ts, condition);
  if (!ts.isBinaryExpression(bare)) return undefined;
  const K = ts.SyntaxKind;
  const operator = bare.operatorToken.kind;
  const equal = operator === K.EqualsEqualsEqualsToken || operator === K.EqualsEqualsToken;
  const unequal = operator === K.ExclamationEqualsEqualsToken || operator === K.ExclamationEqualsToken;
  if (!equal && !unequal) return undefined;
  const [stage, literal] = isNodeEnv(ts, bare.left) ? [bare.left, bare.right] : [bare.right, bare.left];
  if (!isNodeEnv(ts, stage) || !ts.isStringLiteralLike(literal)) return undefined;
  const matchesProduction = literal.text === 'production';
  return equal === matchesProduction ? 'whenTrue' : 'whenFalse';
}

function isNodeEnv(ts: TsApi, node: TS.Expression): boolean {
  const bare = unwrap(ts, node);
  return ts.isPropertyAccessExpression(bare) && bare.name.text === 'NODE_ENV' && ts.isPropertyAccessExpression(bare.expression) && bare.expression.name.text === 'env';
}
