import { nodeSpan, type RouteRule } from '../context';
import { matcherRegExp, middlewareCovers, type MiddlewareFacts, type RedirectReach } from '../middleware';

/** Why the middleware runs for the path, in the words of its config. */
function coverage(middleware: MiddlewareFacts, path: string): string {
  if (!middleware.matchers) return 'it has no matcher, so it runs for every path';
  const matcher = middleware.matchers.find((m) => matcherRegExp(m)?.test(path));
  return matcher === undefined ? `its matcher covers ${path}` : `its matcher '${matcher}' covers it`;
}

function why(reach: RedirectReach, path: string): string {
  if (reach.nextAuth) {
    return "next-auth's middleware sends every request its authorized callback refuses (by default, every request without a session token) to the sign-in page, and Vercel's cron request has no session";
  }
  const list = reach.conditions.map((c) => `\`${c}\``).join(' and ');
  const conditions =
    reach.conditions.length === 0
      ? ''
      : `, and ${reach.conditions.length === 1 ? `its condition ${list} holds` : `its conditions ${list} hold`} or can hold for Vercel's cron request${reach.readsSession ? ', which sends no cookies and no session (only the Authorization header)' : ''}`;
  return `Nothing before that line returns early for ${path}${conditions}`;
}

/**
 * `middleware-redirects-cron`: a 3xx before the handler turns every run into a silent no-op.
 * Reported only when Vercel's cron request for the path reaches a redirect (middlewareReach.ts);
 * a middleware the analysis cannot follow for that path says nothing.
 */
export const middlewareRedirectsCronRule: RouteRule = {
  codes: ['middleware-redirects-cron'],
  check(ctx) {
    // The reach analysis and its advice (NextResponse.next(), next-auth, Clerk) are Next.js middleware's:
    // a Vercel function of another project says nothing (a middleware that checks the secret still silences missing-auth).
    if (!ctx.handler || ctx.route.kind === 'function') return [];
    const paths = ctx.cronPaths.length ? ctx.cronPaths : [ctx.route.pattern];
    for (const middleware of ctx.middleware) {
      // A secret check is a read of the Authorization header: where it guards the path, the analysis cannot tell and says nothing.
      if (!middleware.redirects) continue;
      for (const path of paths) {
        if (middlewareCovers(middleware, path) !== true) continue;
        const reach = middleware.redirectFor(path).reaches;
        if (!reach) continue;
        const fix = reach.nextAuth ? `Exclude ${path} from the matcher, or return true for it from the authorized callback.` : `Exclude ${path} from the matcher, or return NextResponse.next() for it before line ${reach.line}.`;
        return [
          {
            code: 'middleware-redirects-cron',
            severity: 'warning',
            span: nodeSpan(ctx.handler.nameNode, ctx.sourceFile),
            fixes: [],
            message: `${middleware.file} runs for ${path} (${coverage(middleware, path)}) and answers it with a redirect at line ${reach.line}: \`${reach.code}\`. ${why(reach, path)}. Vercel Cron does not follow redirects: the run "succeeds" with a 3xx and the job never executes. ${fix}`,
            related: [{ file: middleware.file, span: reach.span, message: `Vercel's cron request for ${path} reaches this redirect` }],
          },
        ];
      }
    }
    return [];
  },
};
