import { withLazyFixes } from '../../vercel/rules/types';
import { addGetHandlerEdits } from '../../vercel/rules/route-missing-get';
import type { RouteRule } from '../context';

/** `route-missing-get`, shown in the route file too: Vercel Cron sends GET, so every run gets 405. */
export const routeFileMissingGetRule: RouteRule = {
  codes: ['route-missing-get'],
  check(ctx) {
    const { exports } = ctx;
    if (
      ctx.route.kind !== 'app-route' ||
      !ctx.cronPaths.length ||
      exports.hasExportStar ||
      exports.methods.size === 0 ||
      exports.methods.has('GET')
    )
      return [];
    const [method, value] = [...exports.methods][0]!;
    return [
      withLazyFixes(
        {
          code: 'route-missing-get',
          severity: 'error',
          span: value.nameSpan,
          message: `vercel.json schedules ${ctx.cronPaths.join(', ')} here, but this route exports ${[...exports.methods.keys()].join(', ')} and no GET: Vercel Cron sends GET, so every run gets 405. Export GET (it may call the ${method} logic if that reads no body).`,
        },
        () => [
          {
            title: 'Add a GET handler',
            edits: addGetHandlerEdits(ctx.project, ctx.sourceFile.text, exports),
            safe: false,
            preferred: true,
          },
        ],
      ),
    ];
  },
};
