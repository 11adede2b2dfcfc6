import { withLazyFixes } from '../../diagnostics';
import type * as TS from 'typescript';
import { nodeSpan, type RouteRule, type RouteRuleContext } from '../context';
import { isInertHandler } from '../inertHandler';
import { addSecretCheckFix, canAddSecretCheck, hasSecretCheck, middlewareChecks } from '../secretCheck';

/**
 * `missing-auth`: nothing stands between the internet and the job. An error for a route a
 * Vercel config schedules (a `crons` entry or a Schedules path target): the job is live and
 * anyone can run it. A warning for a route only `nextCronRoutes.cronRouteGlob` names, which may
 * not be a cron job at all. The rules setting still overrides either.
 */
export const missingAuthRule: RouteRule = {
  codes: ['missing-auth'],
  check(ctx) {
    const auth = ctx.auth();
    if (!ctx.handler || !auth) return [];
    // Anything that might be a check (an unfollowed helper where a check stands, QStash, a middleware) silences this rule.
    if (auth.unresolvedChecks.length || auth.otherVerification || auth.comparesOtherSecret || auth.spoofable.length || middlewareChecks(ctx)) return [];
    // Both read is taken for a check the walk did not see, unless the secret is only tested for presence or logged.
    if (hasSecretCheck(auth) && (auth.comparisons.length || !secretOnlyTested(ctx))) return [];
    // A handler that only logs, sleeps and answers runs no job: "anyone can run the job" would be false.
    if (isInertHandler(ctx.ts, ctx.sourceFile, ctx.handler)) return [];
    const path = ctx.cronPaths[0] ?? ctx.route.pattern;
    // A route with no GET runs its job under POST (PUT…): say which handler lets anyone in.
    const method = ctx.handler.method !== undefined && ctx.handler.method !== 'GET' ? ctx.handler.method : undefined;
    // A route Schedules call with POST is read through its POST, whether or not it has a GET too.
    const subject = method ? `${method} (${ctx.exports.methods.has('GET') ? 'the method Vercel Schedules sends' : 'this route has no GET'})` : 'This cron route';
    const anyone = method ? `anyone who sends a ${method} to ${path} can run the job` : `anyone who finds ${path} can run the job`;
    // `if (!auth?.includes('Bearer'))`, `if (!auth)`: the header is tested, never against the secret.
    // `if (!hasBearer && !isAdmin)`: sending the header skips the refusal and what else it tests.
    const bypass = auth.headerBypasses[0];
    const what = bypass
      ? `${subject} lets any request that sends an Authorization header (any "Bearer …" value) skip its refusal${bypassWhere(ctx, bypass)}, with whatever else that refusal tests, and never compares the header with CRON_SECRET, so ${anyone}.`
      : auth.readsAuthorization
        ? `${subject} tests the Authorization header but never compares it with CRON_SECRET: any request with such a header (any "Bearer …", any value) gets in, so ${anyone}.`
        : `${subject} never checks the Authorization header against CRON_SECRET, so ${anyone}.`;
    return [
      withLazyFixes(
        {
          code: 'missing-auth',
          severity: ctx.cronPaths.length ? 'error' : 'warning',
          span: nodeSpan(ctx.handler.nameNode, ctx.sourceFile),
          // The calls a bypassed refusal makes (a session lookup) are no job work: not named as such.
          message: `${what}${bypass ? '' : unread(auth.ignoredCalls)} Vercel sends "Authorization: Bearer <CRON_SECRET>": require the secret and compare it (Add CRON_SECRET check).`,
        },
        () => {
          const fix = addSecretCheckFix(ctx);
          return fix ? [fix] : [];
        },
        () => canAddSecretCheck(ctx),
      ),
    ];
  },
};

/** ` (line 12: \`!hasBearer\`)` in the route file; ` (in lib/auth.ts)` in a helper's. */
function bypassWhere(ctx: RouteRuleContext, bypass: { node: TS.Node; file: string }): string {
  if (bypass.file !== ctx.file) return ` (in ${bypass.file})`;
  const start = bypass.node.getStart(ctx.sourceFile);
  const text = bypass.node.getText(ctx.sourceFile).replace(/\s+/g, ' ');
  return ` (line ${ctx.sourceFile.getLineAndCharacterOfPosition(start).line + 1}: \`${text.length > 50 ? `${text.slice(0, 47)}...` : text}\`)`;
}

/** The calls named like checks that could not be read but do the job's work: said, not hidden. */
function unread(calls: readonly string[]): string {
  if (!calls.length) return '';
  const names = calls.slice(0, 3).map((c) => `${c}()`).join(', ') + (calls.length > 3 ? ', …' : '');
  return ` ${names} could not be read, but ${calls.length === 1 ? 'it runs' : 'they run'} as the job's work, not as a check before it.`;
}

/** Modules that hold no comparison of the secret the walk could have missed. */
const PLAIN_MODULE = /^(next(\/.*)?|node:.*|crypto|buffer|util)$/;

/**
 * Whether the handler's file reads CRON_SECRET only to test that it is set (`if (!secret)`,
 * `!!process.env.CRON_SECRET`) or to log it, never next to the header: then "reads the header and
 * the secret" is no check. Only for a file that imports no code of its own (a helper there could
 * compare), and only `process.env.CRON_SECRET` and one level of `const secret = …`: anything else
 * is taken for a check.
 */
function secretOnlyTested(ctx: RouteRuleContext): boolean {
  const { ts, sourceFile } = ctx;
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && (!ts.isStringLiteral(statement.moduleSpecifier) || !PLAIN_MODULE.test(statement.moduleSpecifier.text))) return false;
  }
  const reads: TS.Expression[] = [];
  // The tree has no parent pointers (parsed once, without them): this walk records its own.
  const parents = new Map<TS.Node, TS.Node>();
  let other = false;
  const visit = (node: TS.Node, level: number): void => {
    if (other || level > 400) {
      other = true;
      return;
    }
    if ((ts.isIdentifier(node) || ts.isStringLiteralLike(node)) && node.text === 'CRON_SECRET') {
      const access = parents.get(node);
      const env = access && (ts.isPropertyAccessExpression(access) || ts.isElementAccessExpression(access)) ? access.expression : undefined;
      if (access && env && ts.isPropertyAccessExpression(env) && ts.isIdentifier(env.expression) && env.expression.text === 'process' && env.name.text === 'env') reads.push(access as TS.Expression);
      else other = true;
    }
    ts.forEachChild(node, (child) => {
      parents.set(child, node);
      visit(child, level + 1);
    });
  };
  visit(sourceFile, 0);
  if (other || !reads.length) return false;
  for (const read of reads) {
    const declaration = parents.get(read);
    const alias = declaration && aliasOf(ts, declaration, read);
    if (alias === undefined) {
      if (!onlyTested(ts, parents, read)) return false;
      continue;
    }
    // Every other mention of the alias must only test it too.
    const uses: TS.Identifier[] = [];
    const collect = (node: TS.Node): void => {
      if (ts.isIdentifier(node) && node.text === alias && node !== (declaration as TS.VariableDeclaration).name) {
        const parent = parents.get(node);
        if (!parent || !((ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent)) && parent.name === node)) uses.push(node);
      }
      ts.forEachChild(node, collect);
    };
    collect(sourceFile);
    if (!uses.every((use) => onlyTested(ts, parents, use))) return false;
  }
  return true;
}

/** `const secret = process.env.CRON_SECRET`: the alias's name. */
function aliasOf(ts: RouteRuleContext['ts'], parent: TS.Node, read: TS.Expression): string | undefined {
  return parent.kind === ts.SyntaxKind.VariableDeclaration && ts.isIdentifier((parent as TS.VariableDeclaration).name) && (parent as TS.VariableDeclaration).initializer === read
    ? ((parent as TS.VariableDeclaration).name as TS.Identifier).text
    : undefined;
}

/** A value only tested for being set (`!x`, `if (x)`, `typeof x`) or logged, never compared or passed on. */
function onlyTested(ts: RouteRuleContext['ts'], parents: ReadonlyMap<TS.Node, TS.Node>, node: TS.Expression): boolean {
  let current: TS.Node = node;
  for (let i = 0; i < 50; i++) {
    const parent = parents.get(current);
    if (!parent) return false;
    if (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent)) current = parent;
    else if (parent.kind === ts.SyntaxKind.PrefixUnaryExpression) return (parent as TS.PrefixUnaryExpression).operator === ts.SyntaxKind.ExclamationToken;
    else if (parent.kind === ts.SyntaxKind.TypeOfExpression) return true;
    else if (ts.isBinaryExpression(parent) && (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)) current = parent;
    else if (parent.kind === ts.SyntaxKind.IfStatement) return (parent as TS.IfStatement).expression === current;
    else if (parent.kind === ts.SyntaxKind.ConditionalExpression) return (parent as TS.ConditionalExpression).condition === current;
    else if (ts.isCallExpression(parent)) {
      const callee = parent.expression;
      return parent.arguments.includes(current as TS.Expression) && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'console';
    } else return false;
  }
  return false;
}
