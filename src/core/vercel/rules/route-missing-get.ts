import type { RouteExports } from '../../next/routeExports';
import { guardedGetHandler } from '../../next/guardTemplate';
import type { TextEdit } from '../../types';
import type { ProjectView } from '../project';
import { resolveCrons } from './project-routes';
import type { Finding, Fix, VercelRule } from './types';

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

/** `route-missing-get`: the route exports handlers, none of them GET, so every run gets 405. */
export const routeMissingGetRule: VercelRule = {
  codes: ['route-missing-get'],
  scope: 'project',
  check(ctx) {
    const project = ctx.project;
    if (!project) return [];
    const findings: Finding[] = [];
    for (const cron of resolveCrons(ctx, project)) {
      if (!cron.route || cron.route.kind !== 'app-route' || !cron.entry.path) continue;
      const exports = project.routeExports(cron.route.file);
      if (!exports || exports.hasExportStar || exports.methods.size === 0 || exports.methods.has('GET')) continue;
      const methods = [...exports.methods.keys()].join(', ');
      const fixes: Fix[] = [];
      const text = exports.sourceFile.text;
      fixes.push({ title: `Add a GET handler to ${cron.route.file}`, edits: [], fileEdits: [{ file: cron.route.file, edits: addGetHandlerEdits(project, text, exports) }], safe: false, preferred: true });
      findings.push({
        code: 'route-missing-get',
        severity: 'error',
        span: cron.entry.path.span,
        fixes,
        message: `${cron.route.file} exports ${methods} but no GET. Vercel Cron always sends GET, so every run gets 405 and the job never runs. Export a GET handler.`,
      });
    }
    return findings;
  },
};
