import type { RouteRule } from '../context';
import { authFailsOpenRule } from './auth-fails-open';
import { authNotTimingSafeRule } from './auth-not-timing-safe';
import { authSpoofableRule } from './auth-spoofable';
import { maxDurationRule } from './max-duration';
import { middlewareRedirectsCronRule } from './middleware-redirects-cron';
import { missingAuthRule } from './missing-auth';
import { routeFileMissingGetRule } from './route-missing-get';
import { segmentConfigWithCacheComponentsRule } from './segment-config-with-cache-components';
import { staticRenderingRule } from './static-rendering';

/**
 * Every rule of this folder for cron route files. What a route file's check runs is this list and
 * the wrapper hints, composed above both (service/rules.ts).
 */
export const ROUTE_RULES: readonly RouteRule[] = [
  missingAuthRule,
  authFailsOpenRule,
  authSpoofableRule,
  authNotTimingSafeRule,
  maxDurationRule,
  staticRenderingRule,
  segmentConfigWithCacheComponentsRule,
  middlewareRedirectsCronRule,
  routeFileMissingGetRule,
];
