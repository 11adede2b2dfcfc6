import { nodeSpan, type RouteRule } from '../../routes/context';
import { withLazyFixes } from '../../diagnostics';
import { canWrapHandler, monitoringFix, sentryFix } from '../actions';
import { analyseMonitoring } from '../flow/monitoring';
import { MONITORING_EXPORT, SENTRY_EXPORT } from '../protocol';

/** Our own wrappers: a route that names one is wrapped (or being wrapped) whether or not its helper can be read yet. */
const OURS = new RegExp(`\\b(${MONITORING_EXPORT}|${SENTRY_EXPORT})\\b`);
/** A word both wrapper names contain: one plain scan rules most routes out before the regex, where a scan per name took two. */
const OURS_WORD = 'CronMonitor';

/**
 * `no-monitoring`: Vercel neither retries nor alerts, so an unmonitored job fails silently.
 * Reported only when the analysis read the whole run and no failure path reaches a reporter
 * (flow/monitoring.ts): a failure path it could not read may report, and then the hint is quiet.
 */
export const noMonitoringRule: RouteRule = {
  codes: ['no-monitoring'],
  check(ctx) {
    if (!ctx.handler) return [];
    const text = ctx.sourceFile.text;
    if (text.includes(OURS_WORD) && OURS.test(text)) return [];
    if (analyseMonitoring(ctx.project, ctx.file, ctx.handler).verdict !== 'unreported') return [];
    return [
      withLazyFixes(
        {
          code: 'no-monitoring',
          severity: 'hint',
          span: nodeSpan(ctx.handler.nameNode, ctx.sourceFile),
          message:
            'No failure path of this cron job reaches an error reporter: no catch, .catch() or wrapper around the handler, in this file or the project code it calls, reaches Sentry or another error tracker, an HTTP call (a webhook), a mailer or a log shipper. Vercel does not retry a failed run and sends no alert, so a broken job can go unnoticed for weeks. Report failures somewhere (Wrap with cron monitoring).',
        },
        () => [monitoringFix(ctx), sentryFix(ctx)].filter((fix) => fix !== undefined),
        () => canWrapHandler(ctx),
      ),
    ];
  },
};
