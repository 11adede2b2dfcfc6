import type { RouteRule } from '../../routes/context';
import { noIdempotencyGuardRule } from './no-idempotency-guard';
import { noMonitoringRule } from './no-monitoring';
import { scheduleDriftRule } from './schedule-drift';

/**
 * The wrapper hints, route rules of their own: hints that offer the monitoring and duplicate-run
 * actions, and their drift check. They run after the route rules (service/rules.ts).
 */
export const WRAPPER_RULES: readonly RouteRule[] = [noMonitoringRule, noIdempotencyGuardRule, scheduleDriftRule];
