import { configNotStaticRule } from './config-not-static';
import { configUnreadableRule } from './config-unreadable';
import { cronScheduleRule } from './cron-schedule';
import { duplicateCronRule } from './duplicate-cron';
import { functionsPatternUnmatchedRule } from './functions-pattern-unmatched';
import { invalidConfigShapeRule } from './invalid-config-shape';
import { invalidPathRule } from './invalid-path';
import { invalidJsonRule } from './invalid-json';
import { middlewareAndProxyRule } from './middleware-and-proxy';
import { multipleConfigFilesRule } from './multiple-config-files';
import { routeNotFoundRule } from './route-not-found';
import { tooManyCronsRule } from './too-many-crons';
import { trailingSlashRedirectRule } from './trailing-slash-redirect';
import type { VercelRule } from '../context';
import { unknownPropertyRule } from './unknown-property';
import { vercelJsonOutsideAppRule } from './vercel-json-outside-app';
import { schedulesShapeRule } from './schedules-shape';
import { invalidJitterRule } from './invalid-jitter';
import { scheduleTargetRule } from './schedule-target';
import { routeMissingMethodRule } from './route-missing-method';
import { functionTargetNotTriggerableRule } from './function-target-not-triggerable';
import { scheduleNoRetryRule } from './schedule-no-retry';

/** Every vercel.json rule. A meta-test checks that each module of this folder is listed. */
export const VERCEL_RULES: readonly VercelRule[] = [
  configUnreadableRule,
  invalidJsonRule,
  multipleConfigFilesRule,
  configNotStaticRule,
  invalidConfigShapeRule,
  cronScheduleRule,
  invalidPathRule,
  duplicateCronRule,
  tooManyCronsRule,
  unknownPropertyRule,
  routeNotFoundRule,
  trailingSlashRedirectRule,
  functionsPatternUnmatchedRule,
  vercelJsonOutsideAppRule,
  middlewareAndProxyRule,
  schedulesShapeRule,
  invalidJitterRule,
  scheduleTargetRule,
  routeMissingMethodRule,
  functionTargetNotTriggerableRule,
  scheduleNoRetryRule,
];
