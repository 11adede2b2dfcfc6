import { nodeSpan, type RouteRule } from '../../routes/context';
import { withLazyFixes } from '../../diagnostics';
import { canGuardRuns, runGuardFixes } from '../actions';
import { analyseClaims } from '../flow/claims';
import { RUN_GUARD_EXPORT } from '../protocol';
import { guardSchedule } from '../routeSchedules';

/** Our own guard: a route that names it is guarded (or being guarded) whether or not its helper can be read yet. */
const OURS = new RegExp(`\\b${RUN_GUARD_EXPORT}\\b`);

/**
 * `no-idempotency-guard`: one slot, possibly two deliveries, and nothing to tell them apart.
 * Reported only when the analysis read the whole run and found no claim that gates the work and
 * no per-run key handed downstream (flow/claims.ts); an early exit it could not read may be one.
 */
export const noIdempotencyGuardRule: RouteRule = {
  codes: ['no-idempotency-guard'],
  check(ctx) {
    // The guard keys runs by the slot of the job's one schedule; without it there is nothing to offer.
    // A Schedules entry whose jitter reaches its next slot has no slot a run surely belongs to: silence.
    if (!ctx.handler || !guardSchedule(ctx)) return [];
    const text = ctx.sourceFile.text;
    if (text.includes(RUN_GUARD_EXPORT) && OURS.test(text)) return [];
    if (analyseClaims(ctx.project, ctx.file, ctx.handler).verdict !== 'unclaimed') return [];
    return [
      withLazyFixes(
        {
          code: 'no-idempotency-guard',
          severity: 'hint',
          span: nodeSpan(ctx.handler.nameNode, ctx.sourceFile),
          message:
            "Nothing claims this run's scheduled time before the work starts: the handler and the project code it calls hold no Redis SET NX or lock whose result is tested, no one-per-window rate limit, no unique insert that ends a duplicate, and no per-run idempotency key handed to an API. Vercel may deliver one cron event more than once, so the job can run twice for the same scheduled time. Claim the slot before working (Guard against duplicate runs).",
        },
        () => runGuardFixes(ctx),
        // The guard needs the one schedule, a handler it can wrap and a helper that keys its zone; the interface store always exists.
        () => canGuardRuns(ctx),
      ),
    ];
  },
};
