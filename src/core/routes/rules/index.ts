import type { RouteRule } from '../context';
import { withoutFixesNearParseErrors } from '../../vercel/parseErrors';
import { authFailsOpenRule } from './auth-fails-open';
import { authNotTimingSafeRule } from './auth-not-timing-safe';
import { authSpoofableRule } from './auth-spoofable';
import { maxDurationRule } from './max-duration';
import { middlewareRedirectsCronRule } from './middleware-redirects-cron';
import { missingAuthRule } from './missing-auth';
import { routeFileMissingGetRule } from './route-missing-get';
import { staticRenderingRule } from './static-rendering';
import { noIdempotencyGuardRule } from '../../wrappers/rules/no-idempotency-guard';
import { noMonitoringRule } from '../../wrappers/rules/no-monitoring';
import { scheduleDriftRule } from '../../wrappers/rules/schedule-drift';

/**
 * A rule whose fixes leave code next to a syntax error alone (parseErrors.ts): TypeScript
 * recovered from the error by guessing, and an edit placed by that guess neither parses nor settles.
 */
function awayFromParseErrors(rule: RouteRule): RouteRule {
  return { codes: rule.codes, check: (ctx) => withoutFixesNearParseErrors(rule.check(ctx), ctx.file, ctx.sourceFile, ctx.project) };
}

/** Every rule for cron route files. */
export const ROUTE_RULES: readonly RouteRule[] = [
  missingAuthRule,
  authFailsOpenRule,
  authSpoofableRule,
  authNotTimingSafeRule,
  maxDurationRule,
  staticRenderingRule,
  middlewareRedirectsCronRule,
  routeFileMissingGetRule,
  // The wrappers issue's rules: hints that offer the monitoring and duplicate-run actions, and their drift check.
  noMonitoringRule,
  noIdempotencyGuardRule,
  scheduleDriftRule,
].map(awayFromParseErrors);
