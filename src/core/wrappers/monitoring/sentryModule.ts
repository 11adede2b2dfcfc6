import { SENTRY_EXPORT } from '../protocol';
import { source } from '../source';
import { type ModuleOptions, statusOfFunction, wrappedHandlerStart, wrapperHead } from './shared';

/**
 * The Sentry helper module: `withSentryCronMonitor(slug, monitorConfig, handler)` checks each run in
 * to a Sentry cron monitor through `Sentry.withMonitor`, which creates or updates the monitor from
 * the config.
 */
export function sentryMonitorModule(options: ModuleOptions): string {
  const { t } = source(options.typed);
  const lines = [
    `/**`,
    ` * Sentry Cron Monitoring for cron routes: every run checks in to the monitor named by its slug,`,
    ` * which Sentry creates or updates from the monitor config, so a missed, late or failed run alerts.`,
    ` */`,
    `import * as Sentry from '@sentry/nextjs';`,
    ``,
    ...(options.typed ? [`// @sentry/nextjs exports withMonitor but not the type of its monitor config.`, `type MonitorConfig = NonNullable<Parameters<typeof Sentry.withMonitor>[2]>;`, ``] : []),
    `// withMonitor marks a run failed only when its callback throws, but an answer outside 2xx is a failed`,
    `// run too. A check-in is ok or error, nothing between: a refused request (3xx, 4xx) checks in error,`,
    `// so that a wrong CRON_SECRET alerts rather than passing for healthy runs, at the price of an alert`,
    `// for a forged request as well.`,
    `class FailedResponse {`,
    ...(options.typed ? [`  result: unknown;`, ``] : []),
    `  constructor(result${t(': unknown')}) {`,
    `    this.result = result;`,
    `  }`,
    `}`,
    ``,
    ...wrapperHead(
      SENTRY_EXPORT,
      [
        `Wraps a cron route handler, App Router \`(request, context)\` or Pages Router \`(req, res)\`.`,
        `Its response passes through unchanged, and an error it throws is re-thrown unchanged.`,
      ],
      [
        ['slug', 'string'],
        ['monitorConfig', options.typed ? 'MonitorConfig' : `NonNullable<Parameters<typeof import('@sentry/nextjs').withMonitor>[2]>`],
      ],
      options,
    ),
    wrappedHandlerStart(options),
    `    try {`,
    `      return await Sentry.withMonitor(`,
    `        slug,`,
    `        async () => {`,
    `          const result = ${t('(')}await handler(...args)${t(') as Awaited<ReturnType<H>>')};`,
    `          const status = statusOf(result, args);`,
    `          if (!succeeded(status)) throw new FailedResponse(result);`,
    `          return result;`,
    `        },`,
    `        monitorConfig,`,
    `      );`,
    `    } catch (error) {`,
    `      if (error instanceof FailedResponse) return error.result${t(' as Awaited<ReturnType<H>>')};`,
    `      throw error;`,
    `    }`,
    `  };`,
    `}`,
    ``,
    ...statusOfFunction(options),
    ``,
  ];
  return lines.join('\n');
}
