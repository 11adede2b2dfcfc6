import { withLazyFixes } from '../../vercel/rules/types';
import { nodeSpan, type RouteRule } from '../context';
import { isInertHandler } from '../inertHandler';
import { addSecretCheckFix, canAddSecretCheck, hasSecretCheck, middlewareChecks } from './shared';

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
    if (hasSecretCheck(auth) || auth.unresolvedChecks.length || auth.otherVerification || auth.spoofable.length || middlewareChecks(ctx))
      return [];
    // A handler that only logs, sleeps and answers runs no job: "anyone can run the job" would be false.
    if (isInertHandler(ctx.ts, ctx.sourceFile, ctx.handler)) return [];
    const path = ctx.cronPaths[0] ?? ctx.route.pattern;
    // A route with no GET runs its job under POST (PUT…): say which handler lets anyone in.
    const method = ctx.handler.method !== undefined && ctx.handler.method !== 'GET' ? ctx.handler.method : undefined;
    const subject = method ? `${method} (this route has no GET)` : 'This cron route';
    const anyone = method ? `anyone who sends a ${method} to ${path} can run the job` : `anyone who finds ${path} can run the job`;
    const what = `${subject} never checks the Authorization header against CRON_SECRET, so ${anyone}.`;
    return [
      withLazyFixes(
        {
          code: 'missing-auth',
          severity: ctx.cronPaths.length ? 'error' : 'warning',
          span: nodeSpan(ctx.handler.nameNode, ctx.sourceFile),
          message: `${what}${unread(auth.ignoredCalls)} Vercel sends "Authorization: Bearer <CRON_SECRET>": require the secret and compare it (Add CRON_SECRET check).`,
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

/** The calls named like checks that could not be read but do the job's work: said, not hidden. */
function unread(calls: readonly string[]): string {
  if (!calls.length) return '';
  const names = calls.slice(0, 3).map((c) => `${c}()`).join(', ') + (calls.length > 3 ? ', …' : '');
  return ` ${names} could not be read, but ${calls.length === 1 ? 'it runs' : 'they run'} as the job's work, not as a check before it.`;
}
