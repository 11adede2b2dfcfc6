import type { ProblemCode } from '../../../src/core/codes';

/** Every route-file code the route-security issue (#4) asks for: the routes-broken fixture shows each at least once. */
export const ISSUE_ROUTE_CODES: readonly ProblemCode[] = [
  'missing-auth',
  'auth-fails-open',
  'auth-spoofable',
  'auth-not-timing-safe',
  'max-duration-exceeds-plan',
  'max-duration-not-static',
  'max-duration-on-edge',
  'static-cron-route',
  'force-static-cron-route',
  'middleware-redirects-cron',
  'cron-secret-format',
  'route-missing-get',
];
