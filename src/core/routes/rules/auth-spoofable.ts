import { withLazyFixes } from '../../vercel/rules/types';
import { nodeSpan, type RouteRule } from '../context';
import { addSecretCheckFix, canAddSecretCheck, hasSecretCheck, middlewareChecks } from './shared';

/** `auth-spoofable`: a user-agent or x-vercel-cron header proves nothing. */
export const authSpoofableRule: RouteRule = {
  codes: ['auth-spoofable'],
  check(ctx) {
    const auth = ctx.auth();
    if (!ctx.handler || !auth || !auth.spoofable.length) return [];
    if (hasSecretCheck(auth) || auth.unresolvedChecks.length || auth.otherVerification || middlewareChecks(ctx)) return [];
    const local = auth.spoofable.find((s) => s.file === ctx.file);
    return [
      withLazyFixes(
        {
          code: 'auth-spoofable',
          severity: 'warning',
          span: nodeSpan(local?.node ?? ctx.handler.nameNode, ctx.sourceFile),
          message: `The only check is a header anyone can send (user-agent "vercel-cron/1.0" or x-vercel-cron${local ? '' : `, in ${auth.spoofable[0]!.file}`}), so anyone can run the job. Compare the Authorization header with CRON_SECRET instead.`,
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
