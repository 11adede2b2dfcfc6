import { LIMITS } from '../limits';
import type { RouteRuleContext } from '../routes/context';
import { effectiveMaxDuration } from '../vercel/effectiveDuration';

/**
 * How long a run of this route may last, in seconds, as Vercel would let it: the effective
 * maxDuration, `"max"` as the plan's maximum, else the platform default.
 */
export function routeDurationSeconds(ctx: RouteRuleContext): number {
  const effective = effectiveMaxDuration(ctx.doc, ctx.project, ctx.file);
  const plan = ctx.plan === 'unknown' ? 'pro' : ctx.plan;
  if (typeof effective?.value === 'number' && effective.value > 0) return effective.value;
  if (effective?.value === 'max') return (ctx.fluid ? LIMITS.maxDurationFluid : LIMITS.maxDurationLegacy).value[plan];
  return ctx.fluid ? LIMITS.maxDurationDefaultFluid.value : LIMITS.maxDurationDefaultLegacy.value[plan];
}

const DAY_SECONDS = 86_400;

/**
 * How long the guard keeps a slot's claim: long enough for a late duplicate delivery of the same
 * slot (the job's interval, capped at a day, since keys are per slot anyway) and never shorter
 * than a run may last.
 */
export function lockSecondsFor(durationSeconds: number, intervalSeconds: number | undefined): number {
  return Math.max(durationSeconds, Math.min(intervalSeconds ?? DAY_SECONDS, DAY_SECONDS));
}
