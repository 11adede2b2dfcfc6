import { nodeSpan, type RouteRule } from '../../routes/context';
import { withLazyFixes } from '../../vercel/rules/types';
import { canWrapHandler, monitoringFix, sentryFix } from '../actions';

/** Wrappers and SDK calls that already report runs somewhere. */
const MONITORED = /\b(withCronMonitoring|withSentryCronMonitor|withMonitor|captureCheckIn)\b|from\s+['"](cronitor|@cronitorio\/[^'"]*)['"]/;

/** Every alternative of MONITORED contains one of these: plain scans rule most files out on every keystroke. */
function isMonitored(text: string): boolean {
  return (text.includes('Monitor') || text.includes('captureCheckIn') || text.includes('cronitor')) && MONITORED.test(text);
}

/** `no-monitoring`: Vercel neither retries nor alerts, so an unmonitored job fails silently. */
export const noMonitoringRule: RouteRule = {
  codes: ['no-monitoring'],
  check(ctx) {
    if (!ctx.handler || isMonitored(ctx.sourceFile.text)) return [];
    return [
      withLazyFixes(
        {
          code: 'no-monitoring',
          severity: 'hint',
          span: nodeSpan(ctx.handler.nameNode, ctx.sourceFile),
          message:
            'This cron job reports nothing when it fails: Vercel does not retry a failed run and sends no alert, so a broken job can go unnoticed for weeks. Log every run and alert on failures (Wrap with cron monitoring).',
        },
        () => [monitoringFix(ctx), sentryFix(ctx)].filter((fix) => fix !== undefined),
        () => canWrapHandler(ctx),
      ),
    ];
  },
};
