/**
 * The requests a file asks QStash to send to the app's own routes: the `destination` of a
 * `schedules.create` and the `url` of a `publish`/`publishJSON` on a Client of @upstash/qstash,
 * read with the same package-call matching as the schedule reader (qstash.ts), and resolved to
 * the route that answers the path. A destination written as a literal URL of another host is
 * another site's (only localhost is taken for the app); one whose origin is computed
 * (`${process.env.APP_URL}/api/…`) is taken for the app's own when its path is one of the app's routes.
 */
import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { RouteEntry } from '../next/types';
import { resolveModule } from '../routes/modules';
import type { Span } from '../types';
import type { ProjectView } from '../vercel/project';
import { appPathOf, splitCronPath } from '../vercel/projectRoutes';
import { pathIs } from './codeJob';
import { CodeFile } from './codeSyntax';
import { destinationPath, requestMethod } from './qstash';

const PACKAGE = '@upstash/qstash';
/** The package's entry points a Client comes from: the root, and `/nodejs` of its first versions, still in apps. */
const CLIENT_MODULES: ReadonlySet<string> = new Set([PACKAGE, `${PACKAGE}/nodejs`]);
/** The calls that send requests to a URL, and the option naming it. */
const SENDING: readonly { path: readonly string[]; key: string }[] = [
  { path: ['Client', '()', 'schedules', 'create'], key: 'destination' },
  { path: ['Client', '()', 'publish'], key: 'url' },
  { path: ['Client', '()', 'publishJSON'], key: 'url' },
];
/** Options that send the message elsewhere than `url` (an LLM or email provider, a URL group). */
const ELSEWHERE = ['api', 'urlGroup', 'topic'];
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])$/;

export interface QstashDestination {
  /** The destination or url value, where findings land; the call's argument when the options lie in another file. */
  span: Span;
  /** The method QStash sends (POST unless `method` says). */
  method: string;
  route: RouteEntry;
  /** The options object and its `destination`/`url` property when written in this file: where a `method` edit goes. */
  options: { object: TS.ObjectLiteralExpression; target: TS.ObjectLiteralElementLike; method: TS.Expression | undefined } | undefined;
  /** `schedules.create` or `publish`. */
  via: 'schedule' | 'message';
}

/** Whether a file's text may send such requests: tested before any parse. */
export function mayHaveQstashDestinations(text: string): boolean {
  return text.includes(PACKAGE) || text.includes('schedules.create') || text.includes('.publish');
}

/** The destinations of a file that resolve to a route of the app, in source order. */
export function qstashDestinations(file: string, text: string, project: ProjectView, loadTypeScript: () => TsApi): { code: CodeFile; destinations: QstashDestination[] } | undefined {
  const code = CodeFile.parse(file, text, {
    readFile: (name) => project.readFile(name),
    loadTypeScript,
    resolveImport: (from, specifier) => resolveModule(project, from, specifier),
  });
  if (!code) return undefined;
  const { ts } = code;
  const destinations: QstashDestination[] = [];
  for (const call of code.calls()) {
    if (!ts.isCallExpression(call) || !call.arguments.length) continue;
    const reference = code.reference(call.expression);
    if (!reference || !CLIENT_MODULES.has(reference.module)) continue;
    const sending = SENDING.find((candidate) => pathIs(reference.path, candidate.path));
    const options = sending && code.objectValue(call.arguments[0]!);
    if (!sending || !options) continue;
    const { file: at, object } = options;
    const value = at.property(object, sending.key);
    if (typeof value !== 'object' || ELSEWHERE.some((key) => at.property(object, key) !== undefined)) continue;
    const methodNode = at.property(object, 'method');
    const method = requestMethod(at, methodNode);
    const path = destinationPath(at, value);
    if (!method || path === undefined || !isOwnOrigin(at, value)) continue;
    const route = routeOf(project, path);
    if (!route) continue;
    const here = at === code;
    const target = here ? object.properties.find((property) => property.name && ts.isIdentifier(property.name) && property.name.text === sending.key) : undefined;
    destinations.push({
      span: code.spanOf(here ? value : call.arguments[0]!),
      method,
      route,
      options: here && target ? { object, target, method: typeof methodNode === 'object' ? methodNode : undefined } : undefined,
      via: sending.key === 'destination' ? 'schedule' : 'message',
    });
  }
  return { code, destinations };
}

/** A literal URL names its host: the app's only when local. A computed origin is taken for the app's. */
function isOwnOrigin(code: CodeFile, value: TS.Expression): boolean {
  const literal = code.stringValue(value);
  if (!literal || literal.value.startsWith('/')) return true;
  try {
    return LOCAL_HOST.test(new URL(literal.value).hostname);
  } catch {
    return false;
  }
}

function routeOf(project: ProjectView, path: string): RouteEntry | undefined {
  const appPath = appPathOf(splitCronPath(path).pathname, project.config.basePath);
  return appPath === undefined ? undefined : project.matchRoute(appPath);
}
