import { nodeSpan, type RouteRule } from '../../routes/context';
import { withLazyFixes } from '../../vercel/rules/types';
import { canWrapHandler, runGuardFixes } from '../actions';
import { singleSchedule } from '../routeSchedules';

/** A guard already there: ours, or a hand-written claim (SET NX, INSERT … ON CONFLICT). */
const GUARDED = /\bwithCronRunGuard\b|\bnx\s*:\s*true\b|\bNX\s*:\s*true\b|['"]NX['"]|\bsetnx\b|\bON\s+CONFLICT\b/i;
/**
 * What every alternative above contains, in any case: a scan that rules most files out on every
 * keystroke without lower-casing the file (an 850-byte copy per check) or running the full pattern.
 */
const MAY_BE_GUARDED = /[nN][xX]|[cC][oO][nN][fF][lL][iI][cC][tT]|withCronRunGuard/;

function isGuarded(text: string): boolean {
  return MAY_BE_GUARDED.test(text) && GUARDED.test(text);
}

/** `no-idempotency-guard`: one slot, possibly two deliveries, and nothing to tell them apart. */
export const noIdempotencyGuardRule: RouteRule = {
  codes: ['no-idempotency-guard'],
  check(ctx) {
    // The guard keys runs by the slot of the job's one schedule; without it there is nothing to offer.
    if (!ctx.handler || !singleSchedule(ctx) || isGuarded(ctx.sourceFile.text)) return [];
    return [
      withLazyFixes(
        {
          code: 'no-idempotency-guard',
          severity: 'hint',
          span: nodeSpan(ctx.handler.nameNode, ctx.sourceFile),
          message:
            'Nothing stops this job from running twice for the same scheduled time: Vercel may deliver one cron event more than once. Claim the slot before working (Guard against duplicate runs).',
        },
        () => runGuardFixes(ctx),
        // The guard needs the one schedule (checked above) and a handler it can wrap; the interface store always exists.
        () => canWrapHandler(ctx),
      ),
    ];
  },
};
