import { nodeSpan, type RouteRule } from '../context';
import { middlewareCovers } from '../middleware';

/** `middleware-redirects-cron`: a 3xx before the handler turns every run into a silent no-op. */
export const middlewareRedirectsCronRule: RouteRule = {
  codes: ['middleware-redirects-cron'],
  check(ctx) {
    if (!ctx.handler) return [];
    const paths = ctx.cronPaths.length ? ctx.cronPaths : [ctx.route.pattern];
    for (const middleware of ctx.middleware) {
      // A middleware that checks the secret is taken to let the cron request through.
      if (!middleware.redirects || middleware.checksSecret) continue;
      const path = paths.find((p) => middlewareCovers(middleware, p) === true);
      if (!path) continue;
      return [
        {
          code: 'middleware-redirects-cron',
          severity: 'warning',
          span: nodeSpan(ctx.handler.nameNode, ctx.sourceFile),
          fixes: [],
          message: `${middleware.file} runs for ${path} and can answer with a redirect (auth middleware sending to /login is the classic). Vercel Cron does not follow redirects: the run "succeeds" with a 3xx and the job never executes. Exclude ${path} from its matcher or let requests with the cron secret through.`,
        },
      ];
    }
    return [];
  },
};
