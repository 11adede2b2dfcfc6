import { guardedGetHandler } from '../../next/guardTemplate';
import type { RouteExports } from '../../next/routeExports';
import type { TextEdit } from '../../types';
import type { ProjectView } from '../../vercel/project';
import { splitCronPath } from '../../vercel/projectRoutes';
import { withLazyFixes } from '../../diagnostics';
import type { RouteRule } from '../context';

/** Reading the body would make a GET that reuses POST fail: cron requests have none. */
function readsBody(text: string): boolean {
  return /\.(json|text|formData|arrayBuffer|blob)\(\)|\.body\b/.test(text);
}

/** Edits that add a GET to a route file that has other handlers but none for GET. */
export function addGetHandlerEdits(project: ProjectView, text: string, exports: RouteExports): TextEdit[] {
  const style = project.style;
  const semi = style.semicolons ? ';' : '';
  const post = exports.methods.get('POST');
  const end = text.length;
  const separator = text.endsWith('\n') ? '\n' : '\n\n';
  if (post && !readsBody(text)) {
    return [{ offset: end, length: 0, content: `${separator}// Vercel Cron sends GET; the job's logic lives in POST.\nexport const GET = POST${semi}\n` }];
  }
  const needsImport = !/timingSafeEqual/.test(text);
  const handler = guardedGetHandler(style, 'return Response.json({ ok: true });');
  const edits: TextEdit[] = [{ offset: end, length: 0, content: `${separator}${handler}\n` }];
  if (needsImport) {
    const q = style.quote;
    edits.unshift({ offset: 0, length: 0, content: `import { timingSafeEqual } from ${q}node:crypto${q}${semi}\n` });
  }
  return edits;
}

/**
 * `route-missing-get`: vercel.json sends GET to a route that exports handlers but none for GET,
 * so every run gets 405. Reported once, in the route file, where "Add a GET handler" fixes it;
 * the vercel.json entries that request the route are its related locations, not findings of
 * their own (one problem, one entry in the Problems panel and in `check`).
 */
export const routeFileMissingGetRule: RouteRule = {
  codes: ['route-missing-get'],
  check(ctx) {
    const { exports } = ctx;
    // Schedules path targets name their method: route-missing-method speaks for them, in vercel.json.
    const crons = ctx.cronSources.filter((source) => source.scheduleMethod === undefined);
    if (
      ctx.route.kind !== 'app-route' ||
      !crons.length ||
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
          message: `${ctx.doc.source?.file ?? 'vercel.json'} schedules ${(crons.length === ctx.cronSources.length ? ctx.cronPaths : [...new Set(crons.map((source) => splitCronPath(source.path).pathname))]).join(', ')} here, but this route exports ${[...exports.methods.keys()].join(', ')} and no GET: Vercel Cron sends GET, so every run gets 405. Export GET (it may call the ${method} logic if that reads no body).`,
          related: crons.map(({ path, span }) => ({ file: ctx.doc.source?.file ?? 'vercel.json', span, message: `Vercel Cron sends GET ${path} to this route` })),
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
