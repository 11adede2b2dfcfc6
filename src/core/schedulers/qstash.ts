/**
 * QStash schedules created in code: `client.schedules.create({ destination, cron })` on a
 * `Client` of @upstash/qstash (platform-facts §5). UTC, or the zone of a `CRON_TZ=` prefix.
 * QStash requests the destination with POST unless `method` says otherwise.
 */
import type * as TS from 'typescript';
import { codeJob, packageCallReader, prefixZone, writtenValue } from './codeJob';
import { type CodeFile, unwrap } from './codeSyntax';

const PACKAGE = '@upstash/qstash';
const CREATE = ['Client', '()', 'schedules', 'create'];
const DEFAULT_METHOD = 'POST';
const HTTP_METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])$/;

export const qstashReader = packageCallReader({
  sources: ['qstash'],
  // The client may be made in another file (lib/qstash.ts): a call of schedules.create is enough to look.
  mayDeclare: (text) => text.includes(PACKAGE) || text.includes('schedules.create'),
  // `/nodejs` is the Client's entry point in the package's first versions, still found in apps.
  packages: [PACKAGE, `${PACKAGE}/nodejs`],
  paths: [CREATE],
  readCall(code, call) {
    if (!code.ts.isCallExpression(call)) return [];
    const options = code.objectValue(call.arguments[0]!);
    if (!options) return [];
    const { file: at, object } = options;
    const cronNode = at.property(object, 'cron');
    const destination = at.property(object, 'destination');
    if (typeof cronNode !== 'object' || typeof destination !== 'object') return [];
    const expression = at.stringValue(cronNode);
    if (!expression) return [];
    const method = requestMethod(at, at.property(object, 'method'));
    if (!method) return [];
    const scheduleId = at.property(object, 'scheduleId');
    const name = typeof scheduleId === 'object' ? at.stringValue(scheduleId)?.value : undefined;
    const path = destinationPath(at, destination);
    return [
      codeJob(code, {
        call,
        source: 'qstash',
        dialect: 'qstash',
        expression: at === code ? expression : { value: expression.value, span: undefined },
        expressionNode: at === code ? cronNode : call.arguments[0]!,
        timeZone: prefixZone(expression.value) ?? 'UTC',
        ...(name === undefined ? {} : { name }),
        target: { kind: 'url', url: writtenValue(at, destination), method, ...(path === undefined ? {} : { path }) },
        // The service resolves `path` against the app's routes (service/codeJobs.ts).
        route: { file: undefined, why: path === undefined ? unresolvedWhy(at.stringValue(destination)?.value) : 'QStash requests the destination from outside' },
      }),
    ];
  },
});

/** The method QStash sends: absent is POST; a computed one cannot be told (undefined). */
export function requestMethod(code: CodeFile, node: TS.Expression | undefined | 'unknown'): string | undefined {
  if (node === undefined) return DEFAULT_METHOD;
  if (node === 'unknown') return undefined;
  const value = code.stringValue(node)?.value.toUpperCase();
  return value && HTTP_METHOD.test(value) ? value : undefined;
}

/**
 * The path (with any query) a destination URL certainly ends in: a literal URL's, or the literal
 * tail after the parts that only make the origin (`${process.env.APP_URL}/api/cron/x`,
 * `baseUrl + '/api/cron/x'`). Undefined when any part of the path itself is computed.
 */
export function destinationPath(code: CodeFile, expression: TS.Expression): string | undefined {
  const { ts } = code;
  const known = code.stringValue(expression);
  if (known) return literalUrlPath(known.value);
  const node = unwrap(ts, expression);
  if (ts.isTemplateExpression(node)) {
    const spans = node.templateSpans;
    const tail = spans[spans.length - 1]!.literal.text;
    // Every literal before the last substitution must belong to the origin: no "/" past a scheme.
    const origin = [node.head.text, ...spans.slice(0, -1).map((span) => span.literal.text)];
    // The last substitution may be the host, with the port written after it.
    return origin.every(isOriginText) ? pathOf(tail.replace(/^:\d+(?=\/)/, '')) : undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const parts = concatenated(code, node).map((part) => code.stringValue(part)?.value);
    const lastComputed = parts.lastIndexOf(undefined);
    if (lastComputed === -1) return undefined;
    const origin = parts.slice(0, lastComputed).filter((part): part is string => part !== undefined);
    const tail = parts.slice(lastComputed + 1) as string[];
    return tail.length && origin.every(isOriginText) ? pathOf(tail.join('')) : undefined;
  }
  return undefined;
}

/** The operands of a chain of `+`, left to right. */
function concatenated(code: CodeFile, node: TS.Expression): TS.Expression[] {
  const { ts } = code;
  const operands: TS.Expression[] = [];
  let at = unwrap(ts, node);
  // A chain `a + b + c` nests to the left; its depth is the source's, which the parse already bounded.
  while (ts.isBinaryExpression(at) && at.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    operands.unshift(at.right);
    at = unwrap(ts, at.left);
  }
  operands.unshift(at);
  return operands;
}

function isOriginText(text: string): boolean {
  return !text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').includes('/');
}

function pathOf(text: string): string | undefined {
  return text.startsWith('/') && !text.startsWith('//') ? text : undefined;
}

function unresolvedWhy(literal: string | undefined): string {
  if (literal === undefined) return 'the path of the destination URL is computed';
  try {
    const { hostname } = new URL(literal);
    return `${hostname} may be another site's host: only a computed origin or localhost is taken for the app`;
  } catch {
    return 'the destination is not a URL of the app';
  }
}

/**
 * A literal URL names its host: a route of the app answers it only when the host is local. A
 * production domain written out may be the app's or another site's, and which cannot be told.
 */
function literalUrlPath(value: string): string | undefined {
  if (value.startsWith('/')) return pathOf(value);
  try {
    const url = new URL(value);
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    return web && LOCAL_HOST.test(url.hostname) ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}
