import type { TextEdit } from '../../types';
import { insertPropertyAfter } from '../jsonEdits';
import { apiFunctionFor, topLevelKeys } from '../appFacts';
import type { ProjectView } from '../project';
import { resolveSchedulePaths, splitCronPath, type ResolvedSchedulePath } from '../projectRoutes';
import type { Finding, Fix } from '../../diagnostics';
import type { VercelRule } from '../context';

/** Sets `requestMethod` to `method`: the value rewritten when written, else the key added after `path`. */
function requestMethodEdits(text: string, schedule: ResolvedSchedulePath, method: string): TextEdit[] {
  const value = schedule.entry.requestMethodValue;
  if (value) return [{ offset: value.span.start, length: value.span.end - value.span.start, content: JSON.stringify(method) }];
  const path = [...schedule.entry.properties].reverse().find((p) => p.key === 'path');
  return path ? [insertPropertyAfter(text, path, 'requestMethod', JSON.stringify(method))] : [];
}

/** `export const POST = GET` at the end of the route: Schedules' request carries the same headers, and no body the GET would read. */
function aliasHandlerEdit(project: ProjectView, text: string, method: string, existing: string): TextEdit {
  const semi = project.style.semicolons ? ';' : '';
  const separator = text.endsWith('\n') ? '\n' : '\n\n';
  return { offset: text.length, length: 0, content: `${separator}// Vercel Schedules sends ${method} here; the job is the same as ${existing}'s.\nexport const ${method} = ${existing}${semi}\n` };
}

/**
 * `route-missing-method`: a Schedules path target is sent with `requestMethod`, POST unless it
 * says GET; a route that exports other handlers but not that one answers every run with 405.
 * Cron routes migrated with only a GET are the common case. Reported on the entry's path (the
 * vercel.json fix is the likelier one), with the route's exports as related locations.
 */
/** Keys by which vercel.json (or a framework preset) may answer a path before the api/ file does. */
const ROUTED_ELSEWHERE = ['rewrites', 'routes', 'redirects', 'builds', 'framework'];
/** A file whose text could hand every method to one handler: CommonJS exports, or a `fetch` export. */
const EVERY_METHOD = /\bmodule\.exports\b|\bexports\.\w+\s*=|\bexport\s+(?:async\s+)?function\s+fetch\b|\bexport\s+(?:const|let|var)\s+fetch\b|\bas\s+fetch\b/;

/**
 * The same check for a project without Next.js, whose path targets are its api/ functions: a
 * function exporting named Web handlers (`export function GET`) and none for the method sent.
 * A default export, a CommonJS export or a `fetch` handler takes every method, and routing the
 * files cannot follow (rewrites, routes, a framework) may answer first: all of those say nothing.
 * What a function answers for a method it does not export is not in Vercel's docs, so a warning.
 */
function functionFindings(ctx: Parameters<VercelRule['check']>[0], project: ProjectView): Finding[] {
  const facts = project.app();
  if (facts.kind !== 'other' || facts.framework !== undefined || facts.apiFunctions.length === 0) return [];
  const keys = topLevelKeys(ctx.doc);
  if (ROUTED_ELSEWHERE.some((key) => keys.has(key))) return [];
  const findings: Finding[] = [];
  for (const schedule of resolveSchedulePaths(ctx.doc, project)) {
    const { method, entry } = schedule;
    if (!method || !entry.path) continue;
    const file = apiFunctionFor(splitCronPath(schedule.path).pathname, facts.apiFunctions, { dynamic: true });
    if (!file || !/\.(?:[cm]?[jt]s|[jt]sx)$/.test(file)) continue;
    const exports = project.routeExports(file);
    const text = project.readFile(file);
    if (!exports || text === undefined || exports.hasExportStar || exports.defaultExport || exports.methods.size === 0 || exports.methods.has(method) || EVERY_METHOD.test(text)) continue;
    const exported = [...exports.methods.keys()];
    const other = method === 'POST' ? 'GET' : 'POST';
    const fixes: Fix[] = [];
    if (exports.methods.has(other)) {
      fixes.push({ title: `Send ${other}: set "requestMethod": "${other}"`, edits: requestMethodEdits(ctx.doc.text, schedule, other), safe: false, preferred: true });
      if (method === 'POST') fixes.push({ title: `Add a POST to ${file} that runs the GET`, edits: [], fileEdits: [{ file, edits: [aliasHandlerEdit(project, text, 'POST', 'GET')] }], safe: false });
    }
    const defaulted = entry.requestMethodValue ? '' : ' ("requestMethod" defaults to POST)';
    findings.push({
      code: 'route-missing-method',
      severity: 'warning',
      span: entry.path.span,
      fixes: fixes.filter((fix) => fix.edits.length || fix.fileEdits?.length),
      related: exported.map((name) => ({ file, span: exports.methods.get(name)!.nameSpan, message: `${file} exports ${name}` })),
      message: `Vercel Schedules sends ${method} ${schedule.pathname}${defaulted}, but the function ${file} exports ${exported.join(', ')} and no ${method} or default export, so no handler of it takes the run (a 405 is likely; Vercel's docs do not say, hence a warning).${
        exports.methods.has(other) ? ` Set "requestMethod": "${other}", or export ${method} from the function.` : ` Export ${method} from the function.`
      }`,
    });
  }
  return findings;
}

export const routeMissingMethodRule: VercelRule = {
  codes: ['route-missing-method'],
  scope: 'project',
  check(ctx) {
    const project = ctx.project;
    if (!project) return [];
    if (project.app().kind !== 'next') return functionFindings(ctx, project);
    const findings: Finding[] = [];
    for (const schedule of resolveSchedulePaths(ctx.doc, project)) {
      const { route, method, entry } = schedule;
      if (!route || route.kind !== 'app-route' || !method || !entry.path) continue;
      const exports = project.routeExports(route.file);
      // An export * or a file with no handler read says nothing about which methods it answers.
      if (!exports || exports.hasExportStar || exports.methods.size === 0 || exports.methods.has(method)) continue;
      const exported = [...exports.methods.keys()];
      const other = method === 'POST' ? 'GET' : 'POST';
      const fixes: Fix[] = [];
      if (exports.methods.has(other)) {
        fixes.push({ title: `Send ${other}: set "requestMethod": "${other}"`, edits: requestMethodEdits(ctx.doc.text, schedule, other), safe: false, preferred: true });
        const text = project.readFile(route.file);
        if (method === 'POST' && text !== undefined) {
          fixes.push({ title: `Add a POST to ${route.file} that runs the GET`, edits: [], fileEdits: [{ file: route.file, edits: [aliasHandlerEdit(project, text, 'POST', 'GET')] }], safe: false });
        }
      }
      const defaulted = entry.requestMethodValue ? '' : ' ("requestMethod" defaults to POST)';
      findings.push({
        code: 'route-missing-method',
        severity: 'error',
        span: entry.path.span,
        fixes: fixes.filter((fix) => fix.edits.length || fix.fileEdits?.length),
        related: exported.map((name) => ({ file: route.file, span: exports.methods.get(name)!.nameSpan, message: `${route.file} exports ${name}` })),
        message: `Vercel Schedules sends ${method} ${schedule.pathname}${defaulted}, but ${route.file} exports ${exported.join(', ')} and no ${method}, so every run gets 405.${
          exports.methods.has(other) ? ` Set "requestMethod": "${other}", or export ${method} from the route.` : ` Export ${method} from the route.`
        }`,
      });
    }
    return findings;
  },
};
