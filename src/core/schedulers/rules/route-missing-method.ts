/**
 * `route-missing-method` for QStash: a `schedules.create` destination or a `publish` url that is a
 * route of the app, sent with a method (POST unless `method` says) the route exports no handler
 * for, so every delivery gets 405 and QStash retries it to no end. The same code vercel.json's
 * Schedules targets report (vercel/rules/route-missing-method.ts): the same fault, another sender.
 */
import type { Finding, Fix } from '../../diagnostics';
import { fileStyle } from '../../routes/edits';
import type { TextEdit } from '../../types';
import { SCRIPT_FILE } from '../codeJob';
import type { CodeFile } from '../codeSyntax';
import { mayHaveQstashDestinations, type QstashDestination, qstashDestinations } from '../qstashDestinations';
import type { SchedulerFileRule } from './index';

/** HEAD and OPTIONS are answered by Next.js itself from the other handlers. */
const ANSWERED_BY_NEXT = new Set(['HEAD', 'OPTIONS']);

export const qstashRouteMissingMethodRule: SchedulerFileRule = {
  codes: ['route-missing-method'],
  mayHaveFindings: (file, text) => SCRIPT_FILE.test(file) && mayHaveQstashDestinations(text),
  check(ctx) {
    if (ctx.project.app().kind !== 'next') return [];
    const read = qstashDestinations(ctx.file, ctx.text, ctx.project, ctx.loadTypeScript);
    const findings: Finding[] = [];
    for (const destination of read?.destinations ?? []) {
      const { route, method } = destination;
      if (route.kind !== 'app-route' || ANSWERED_BY_NEXT.has(method)) continue;
      const exports = ctx.project.routeExports(route.file);
      if (!exports || exports.hasExportStar || exports.methods.has(method as never)) continue;
      const defaulted = destination.options?.method ? '' : ' (the default when method is not set)';
      if (exports.methods.size === 0) {
        // A file with no method read says nothing about what it answers, unless all it exports is a
        // default: the Pages Router's handler shape, which an App Router route file never calls.
        if (exports.defaultExport === undefined || exports.values.size > 0) continue;
        findings.push({
          code: 'route-missing-method',
          severity: 'error',
          span: destination.span,
          fixes: [],
          related: [{ file: route.file, span: exports.defaultExport, message: `${route.file} exports only a default` }],
          message: `QStash sends ${method}${defaulted}, but ${route.file} exports only a default function: an App Router route answers only the methods it exports by name (GET, POST…), so every delivery gets 405 and is retried. Export ${method} from the route, e.g. export async function ${method}(request: Request) { … }.`,
        });
        continue;
      }
      const exported = [...exports.methods.keys()];
      const onlyGet = exported.every((name) => name === 'GET' || ANSWERED_BY_NEXT.has(name));
      const edits = onlyGet && read ? sendGetEdits(read.code, destination) : [];
      const fixes: Fix[] = edits.length ? [{ title: "Send GET: set method: 'GET'", edits, safe: false, preferred: true }] : [];
      findings.push({
        code: 'route-missing-method',
        severity: 'error',
        span: destination.span,
        fixes,
        related: exported.map((name) => ({ file: route.file, span: exports.methods.get(name)!.nameSpan, message: `${route.file} exports ${name}` })),
        message: `QStash sends ${method}${defaulted}, but ${route.file} exports ${exported.join(', ')} and no ${method}, so every delivery gets 405 and is retried. ${
          onlyGet ? `Set method: 'GET', or export ${method} from the route.` : `Export ${method} from the route.`
        }`,
      });
    }
    return findings;
  },
};

/** Sets the options' `method` to GET: the literal rewritten when written, else the key added after the destination. */
function sendGetEdits(code: CodeFile, destination: QstashDestination): TextEdit[] {
  const options = destination.options;
  if (!options) return [];
  const { text } = code;
  const quote = fileStyle(text).quote;
  const value = `${quote}GET${quote}`;
  if (options.method) {
    const { start, end } = code.spanOf(options.method);
    return [{ offset: start, length: end - start, content: value }];
  }
  const target = options.target;
  const after = /^\s*,/.exec(text.slice(target.end));
  const multiline = text.slice(code.spanOf(options.object).start, options.object.end).includes('\n');
  const indent = /[ \t]*$/.exec(text.slice(0, code.spanOf(target).start))![0];
  if (after) {
    const comma = target.end + after[0].length;
    return [{ offset: comma, length: 0, content: multiline ? `\n${indent}method: ${value},` : ` method: ${value},` }];
  }
  return [{ offset: target.end, length: 0, content: multiline ? `,\n${indent}method: ${value}` : `, method: ${value}` }];
}
