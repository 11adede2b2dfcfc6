import type * as TS from 'typescript';
import type { Finding, Fix } from '../../diagnostics';
import type { TextEdit } from '../../types';
import type { AuthFacts, Comparison, SkippedCheck } from '../authAnalysis';
import { nodeSpan, type RouteRule, type RouteRuleContext } from '../context';
import { failOpenApplies } from '../middleware';
import { fileStyle, indentAt } from '../edits';
import { enclosingStatement, hasSecretCheck, insertBefore, refusal } from '../secretCheck';
import { timingSafeEdits } from '../timingSafe';

/** What auth-fails-open reports: a comparison that lets "Bearer undefined" in, or a check skipped when a value is unset. */
export interface FailOpen {
  /** The node flagged: in this file, the comparison or the skipped check's condition; else the handler's name. */
  node: TS.Node;
  /** The comparison or skip is in the route file itself. */
  here: boolean;
  comparison?: Comparison;
  skip?: SkippedCheck;
}

function contains(outer: TS.Node, inner: TS.Node): boolean {
  return outer.pos <= inner.pos && inner.end <= outer.end;
}

/**
 * Every fail-open of the route, without fixes: the rule reports them, and auth-not-timing-safe
 * leaves alone a comparison on their lines (the fail-closed fix makes it timing-safe too).
 */
export function failOpens(ctx: RouteRuleContext, auth: AuthFacts): FailOpen[] {
  const handler = ctx.handler;
  if (!handler || !hasSecretCheck(auth)) return [];
  const found: FailOpen[] = [];
  // Inside `if (secret) { … }` or `secret && …` (or in a helper called there) the secret is set:
  // the skip is the one finding.
  const skipped = (comparison: Comparison) =>
    auth.skippedWhenUnset.some(
      (s) => (s.file === comparison.file && contains(s.node, comparison.node)) || (s.file === ctx.file && !!comparison.origin && contains(s.node, comparison.origin)),
    );
  if (!auth.requiresSecret) {
    for (const comparison of auth.comparisons) {
      if (!(comparison.templateWithSecret || comparison.undefinedMatchesUnset) || skipped(comparison)) continue;
      const here = comparison.file === ctx.file;
      found.push({ node: here ? comparison.node : handler.nameNode, here, comparison });
    }
  }
  for (const skip of auth.skippedWhenUnset) {
    const here = skip.file === ctx.file;
    found.push({ node: here ? skip.node.expression : handler.nameNode, here, skip });
  }
  return found;
}

/**
 * `auth-fails-open`: with CRON_SECRET unset (or the header, or a switch) the check lets everyone
 * in. Its fixes are not `safe` (a forged request now gets 401) but run by default as auth
 * hardening (isDefaultFix). A shape no fix can make fail closed gets none.
 */
export const authFailsOpenRule: RouteRule = {
  codes: ['auth-fails-open'],
  check(ctx) {
    const auth = ctx.auth();
    if (!auth) return [];
    const viaMiddleware = middlewareFailOpen(ctx, auth);
    if (viaMiddleware) return [viaMiddleware];
    const findings: Finding[] = [];
    for (const failOpen of failOpens(ctx, auth)) {
      const span = nodeSpan(failOpen.node, ctx.sourceFile);
      const message = failOpen.comparison ? comparisonMessage(ctx, failOpen.comparison) : skipMessage(ctx, auth, failOpen.skip!);
      // Two fail-opens in one helper both stand at the handler's name, saying the same: said once.
      if (!failOpen.here && findings.some((f) => f.span.start === span.start && f.span.end === span.end && f.message === message)) continue;
      const fix = failOpen.comparison ? comparisonFix(ctx, failOpen.comparison) : skipFix(ctx, auth, failOpen.skip!);
      findings.push({ code: 'auth-fails-open', severity: 'error', span, fixes: failOpen.here && fix ? [fix] : [], message });
    }
    return findings;
  },
};

/**
 * A route that checks nothing itself, behind a middleware whose only check runs for its cron path
 * and fails open: reported on the handler, with the middleware's comparison as the related place.
 * No fix: the edit belongs in the middleware, which this route's fixes do not touch.
 */
function middlewareFailOpen(ctx: RouteRuleContext, auth: AuthFacts): Finding | undefined {
  const handler = ctx.handler;
  if (!handler || hasSecretCheck(auth) || auth.unresolvedChecks.length || auth.otherVerification || auth.spoofable.length || auth.incomplete) return undefined;
  // A route nothing schedules (the glob's, or one the middleware's check covers) is requested at its own path.
  const paths = ctx.cronPaths.length ? ctx.cronPaths : ctx.route.pattern.includes('[') ? [] : [ctx.route.pattern];
  for (const middleware of ctx.middleware) {
    const path = paths.find((p) => failOpenApplies(middleware, p));
    const check = middleware.failOpen;
    if (!path || !check) continue;
    const passes = check.template
      ? 'that check compares the header with "Bearer undefined", so anyone sending that header runs the job'
      : 'that check compares undefined with a header that is also undefined when missing, so a request without it runs the job';
    return {
      code: 'auth-fails-open',
      severity: 'error',
      span: nodeSpan(handler.nameNode, ctx.sourceFile),
      fixes: [],
      message: `This route checks nothing itself; the check for ${path} is in ${middleware.file} line ${check.line}, and when CRON_SECRET is unset ${passes}, while Vercel, which sends no header then, gets refused. Refuse in the middleware when CRON_SECRET is missing, before comparing.`,
      related: [{ file: middleware.file, span: check.span, message: `The only check of ${path}: it fails open when CRON_SECRET is unset` }],
    };
  }
  return undefined;
}

function where(ctx: RouteRuleContext, file: string, phrase: string): string {
  return file === ctx.file ? '' : ` (${phrase} ${file})`;
}

function comparisonMessage(ctx: RouteRuleContext, comparison: Comparison): string {
  const at = where(ctx, comparison.file, 'the check is in');
  // A template read in this file says what it becomes; one elsewhere is Vercel's Bearer shape, as the rule has always said.
  const here = comparison.file === ctx.file ? comparison.node.getText(ctx.sourceFile) : undefined;
  const becomes = here !== undefined && !/Bearer/i.test(here) ? 'a string containing "undefined"' : '"Bearer undefined"';
  return comparison.templateWithSecret
    ? `When CRON_SECRET is unset this compares with ${becomes}, so anyone sending that value passes${at}, while Vercel, which sends no header then, gets refused. Refuse first when the secret is missing.`
    : `When CRON_SECRET is unset this compares undefined with a header value that is also undefined (or null, with ==) when the header or its token is missing, so a request without it passes${at}. Refuse first when the secret is missing.`;
}

function skipMessage(ctx: RouteRuleContext, auth: AuthFacts, skip: SkippedCheck): string {
  const at = where(ctx, skip.file, 'in');
  switch (skip.switch) {
    case 'secret': {
      const others = skip.alsoAccepted ?? [];
      if (!others.length) return `The check only runs when CRON_SECRET is set${at}: without it every request runs the job. Refuse the request when the secret is missing.`;
      // A list of accepted tokens: the check runs while any one is set, and is skipped only when none is.
      const accepted = others.length === 1 ? 'another accepted secret' : 'one of the other accepted secrets';
      return `The check only runs when CRON_SECRET or ${accepted} (${others.join(', ')}) is set${at}: with none of them set every request runs the job. Refuse the request when CRON_SECRET is missing, rather than letting it through when no secret is configured.`;
    }
    case 'header':
      return `The check only runs when the request sends an Authorization header${at}: a request without one is not checked and runs the job. Refuse requests without the header${auth.requiresSecret ? '' : ', and when CRON_SECRET is unset'}.`;
    case 'flag': {
      const name = skip.file === ctx.file ? `\`${oneLine(skip.switchNode.getText(ctx.sourceFile))}\`` : 'a setting';
      return `The check only runs when ${name} is set${at}: when it is unset or false the request is not checked and the job runs for anyone who calls it. Check CRON_SECRET whatever the setting says.`;
    }
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** The timing-safe rewrite of a comparison the fix makes fail closed, when it is one this file can rewrite. */
function timingSafeFor(ctx: RouteRuleContext, comparison: Comparison): TextEdit[] {
  if (comparison.timingSafe || comparison.file !== ctx.file || !ctx.ts.isBinaryExpression(comparison.node)) return [];
  return timingSafeEdits(ctx, comparison.node) ?? [];
}

/** A refusal before the statement that compares, and the comparison made timing-safe. */
function comparisonFix(ctx: RouteRuleContext, comparison: Comparison): Fix | undefined {
  const statement = comparison.file === ctx.file && comparison.inHandler ? enclosingStatement(ctx, comparison.node) : undefined;
  if (!statement) return undefined;
  const { sourceFile } = ctx;
  return {
    title: 'Make the check fail closed (refuse when CRON_SECRET is unset)',
    edits: [insertBefore(sourceFile.text, statement, sourceFile, ['if (!process.env.CRON_SECRET) {', `  ${refusal(ctx)}`, '}']), ...timingSafeFor(ctx, comparison)],
    safe: false,
    preferred: true,
  };
}

function isSimpleValue(ts: RouteRuleContext['ts'], node: TS.Node): boolean {
  return ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node);
}

/**
 * The secret or the header unset now refuses: `if (secret) { … }` gains an else that refuses;
 * `secret && !valid` becomes `!secret || !valid`. A switch (`settings.requireCronAuth`) gets no
 * fix: whether the check should ignore it is the app's decision, not a rewrite's.
 */
function skipFix(ctx: RouteRuleContext, auth: AuthFacts, skip: SkippedCheck): Fix | undefined {
  // An early accept returns the helper's own "pass" value: what it should return instead is the helper's to say.
  if (skip.switch === 'flag' || skip.file !== ctx.file || skip.kind === 'early-accept') return undefined;
  const { ts, sourceFile } = ctx;
  const text = sourceFile.text;
  const title = skip.switch === 'secret' ? 'Refuse the request when CRON_SECRET is unset' : 'Refuse the request when the Authorization header or CRON_SECRET is missing';
  if (skip.kind === 'block') {
    // A header block with an open comparison inside would still let "Bearer undefined" in.
    if (skip.switch === 'header' && !auth.requiresSecret) return undefined;
    const indent = indentAt(text, skip.node.getStart(sourceFile));
    const style = fileStyle(text);
    return {
      title,
      edits: [{ offset: skip.node.thenStatement.getEnd(), length: 0, content: ` else {\n${indent}${style.indent}${refusal(ctx)}\n${indent}}` }],
      safe: false,
      preferred: true,
    };
  }
  const parts = skip.parts!;
  const operators = skip.operators!;
  // Each operand before the check is a value the fix negates: `a && b && !c` becomes `!a || !b || !c`.
  const switches = parts.slice(0, -1);
  if (!switches.every((part) => isSimpleValue(ts, part))) return undefined;
  const edits: TextEdit[] = [];
  if (skip.switch === 'header' && !auth.requiresSecret) edits.push({ offset: parts[0]!.getStart(sourceFile), length: 0, content: '!process.env.CRON_SECRET || ' });
  for (const part of switches) edits.push({ offset: part.getStart(sourceFile), length: 0, content: '!' });
  for (const operator of operators) edits.push({ offset: operator.getStart(sourceFile), length: 2, content: '||' });
  // The comparisons of the condition become constant-time too: their hint is this finding's line.
  const condition = skip.node.expression;
  for (const comparison of auth.comparisons) {
    if (comparison.file === ctx.file && contains(condition, comparison.node)) edits.push(...timingSafeFor(ctx, comparison));
  }
  return { title, edits: unique(edits), safe: false, preferred: true };
}

/** Two comparisons made timing-safe share one helper and one import. */
function unique(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const key = `${edit.offset}:${edit.length}:${edit.content}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
