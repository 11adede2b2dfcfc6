/**
 * `qstash-missing-verification`: a route that QStash calls must check the request's
 * `Upstash-Signature` before the work, or anyone who finds the URL runs the job (platform-facts
 * §5, §6). Reported in two places, each only where the analysis saw the whole handler:
 * - in a route that shows it is QStash's (it reads the signature header, imports `Receiver` or a
 *   verifier), on the handler that never verifies, or where it reads the body in a way the
 *   signature's body hash can no longer match (parsed before verifying, re-serialised, Next.js's
 *   Pages body parser left on);
 * - at a `schedules.create`/`publish` destination of the app's own route whose handler never
 *   verifies, naming the route file (that route may not mention QStash at all).
 * Fix: wrap the App Router handler with `verifySignatureAppRouter`.
 */
import type { Finding, Fix } from '../../diagnostics';
import { MIDDLEWARE_FILES } from '../../next/middlewareFiles';
import type { RouteEntry } from '../../next/types';
import type { ProjectView } from '../../vercel/project';
import { SCRIPT_FILE } from '../codeJob';
import { mayHaveQstashDestinations, qstashDestinations } from '../qstashDestinations';
import { type BodyRead, type ExportedHandler, QSTASH_NEXTJS, ReceivingFile, type Receiving } from '../qstashReceiving';
import type { SchedulerFileRule, SchedulerFileRuleContext } from './index';

const CODE = 'qstash-missing-verification';
/** What a file that receives QStash's requests says (not @upstash/redis). */
const QSTASH_TEXT = /@upstash\/qstash|upstash-signature/i;
/** A middleware that names QStash at all (its package, a helper named after it) may verify before the route. */
const MIDDLEWARE_QSTASH = /qstash|upstash-signature/i;

const BODY_READ: Record<BodyRead, string> = {
  'parsed-first':
    "reads the body with .json() or .formData() before verifying the signature: the signature covers the raw body, which can then no longer be read as sent, so genuine deliveries may fail verification. Read it once with `await request.text()`, verify that text, then JSON.parse it.",
  stringified:
    'verifies JSON.stringify of the parsed body: QStash signs the raw body, and re-serialised JSON may differ from it (key order, spacing), so genuine deliveries may fail verification. Verify the raw text (`await request.text()`), then JSON.parse it.',
  'body-parser':
    'wraps its handler with verifySignature while Next.js\'s body parser is on: the parser reads the request stream first, so verifySignature hashes an empty body and genuine deliveries may fail verification. Add `export const config = { api: { bodyParser: false } }`.',
};

export const qstashMissingVerificationRule: SchedulerFileRule = {
  codes: [CODE],
  mayHaveFindings: (file, text) => SCRIPT_FILE.test(file) && (QSTASH_TEXT.test(text) || mayHaveQstashDestinations(text)),
  check(ctx) {
    if (ctx.project.app().kind !== 'next' || middlewareMentionsQstash(ctx.project)) return [];
    return [...receivingFindings(ctx), ...destinationFindings(ctx)];
  },
};

/** A middleware that mentions QStash may verify every request before the route runs. */
function middlewareMentionsQstash(project: ProjectView): boolean {
  return MIDDLEWARE_FILES.some((file) => MIDDLEWARE_QSTASH.test(project.readFile(file) ?? ''));
}

function routerOf(route: RouteEntry): 'app' | 'pages' | undefined {
  return route.kind === 'app-route' ? 'app' : route.kind === 'pages-api' ? 'pages' : undefined;
}

/** The handlers of a route file that QStash calls, by the name each is exported as. */
function handlersOf(file: ReceivingFile, project: ProjectView, routeFile: string, router: 'app' | 'pages'): Map<string, ExportedHandler> {
  const handlers = new Map<string, ExportedHandler>();
  if (router === 'pages') {
    const handler = file.exportedValue('default');
    if (handler) handlers.set('default', handler);
    return handlers;
  }
  const exports = project.routeExports(routeFile);
  for (const method of exports?.methods.keys() ?? []) {
    const handler = file.exportedValue(method);
    if (handler) handlers.set(method, handler);
  }
  return handlers;
}

/** The route file's own findings: the handlers QStash calls, as the file shows them. */
function receivingFindings(ctx: SchedulerFileRuleContext): Finding[] {
  const route = ctx.project.routes.get(ctx.file);
  const router = route && routerOf(route);
  const source = router && ctx.project.sourceFile(ctx.file);
  if (!router || !source) return [];
  const file = new ReceivingFile(ctx.loadTypeScript(), source);
  if (!file.showsQstash()) return [];
  const handlers = handlersOf(file, ctx.project, ctx.file, router);
  const findings: Finding[] = [];
  for (const [name, handler] of calledByQstash(file, handlers)) {
    const receiving = file.receiving(handler, router);
    if (receiving.kind === 'unverified') {
      const subject = name === 'default' ? 'This API route' : name;
      findings.push(
        withWrapFix(
          {
            code: CODE,
            severity: 'error',
            span: receiving.nameSpan,
            message: `${subject} answers QStash's requests (the file reads the Upstash-Signature header or imports a verifier) but never verifies the signature before the work, so anyone who finds the URL can run the job. ${remedy(router)}`,
          },
          router === 'app' ? () => wrapFix(file, handler, name, undefined) : undefined,
        ),
      );
    } else if (receiving.kind === 'unawaited') findings.push(unawaitedFinding(receiving, name));
    else if (receiving.kind === 'body-read') findings.push(bodyReadFinding(receiving, name));
  }
  return findings;
}

/**
 * Receiver.verify is async and rejects on a bad signature (@upstash/qstash): its Promise, dropped
 * or tested for truth, lets every request through. `await` is the fix where the function is async.
 */
function unawaitedFinding(receiving: Extract<Receiving, { kind: 'unawaited' }>, name: string): Finding {
  const { span, awaitAt } = receiving;
  return {
    code: CODE,
    severity: 'error',
    span,
    message: `${name === 'default' ? 'This API route' : name} calls Receiver.verify(…) without await: it returns a Promise, which is always truthy, and a bad signature only rejects that Promise, so the job runs for any request. Write await before it${awaitAt === undefined ? ' (in an async function)' : ''}.`,
    fixes: awaitAt === undefined ? [] : [{ title: 'Await the signature check', edits: [{ offset: awaitAt, length: 0, content: 'await ' }], safe: false, preferred: true }],
  };
}

/**
 * Which handlers QStash calls: those whose own text reads the signature header; when none does
 * (the file imports Receiver or a verifier), POST, QStash's default method, or the only handler.
 */
function calledByQstash(file: ReceivingFile, handlers: Map<string, ExportedHandler>): [string, ExportedHandler][] {
  const text = file.source.text;
  const reading = [...handlers].filter(([, handler]) => /upstash-signature/i.test(text.slice(handler.value.pos, handler.value.end)));
  if (reading.length) return reading;
  const post = handlers.get('POST');
  if (post) return [['POST', post]];
  return handlers.size === 1 ? [...handlers] : [];
}

function bodyReadFinding(receiving: Extract<Receiving, { kind: 'body-read' }>, name: string): Finding {
  // "May fail": the docs say re-serialised JSON may not match, not that it never does.
  return { code: CODE, severity: 'warning', span: receiving.span, fixes: [], message: `${name === 'default' ? 'This API route' : name} ${BODY_READ[receiving.how]}` };
}

function remedy(router: 'app' | 'pages'): string {
  return router === 'app'
    ? `Wrap the handler with verifySignatureAppRouter from ${QSTASH_NEXTJS}, or await new Receiver(…).verify({ signature, body: await request.text() }) first.`
    : `Export verifySignature(handler) from ${QSTASH_NEXTJS} with config = { api: { bodyParser: false } }, or verify with Receiver first.`;
}

/** The declaring file's findings: each destination of the app's own routes whose handler never verifies. */
function destinationFindings(ctx: SchedulerFileRuleContext): Finding[] {
  if (!mayHaveQstashDestinations(ctx.text)) return [];
  const read = qstashDestinations(ctx.file, ctx.text, ctx.project, ctx.loadTypeScript);
  const findings: Finding[] = [];
  for (const destination of read?.destinations ?? []) {
    const { route, method } = destination;
    const router = routerOf(route);
    // The route file's own finding says it where it is fixed.
    if (!router || route.file === ctx.file) continue;
    const source = ctx.project.sourceFile(route.file);
    if (!source) continue;
    const file = new ReceivingFile(ctx.loadTypeScript(), source);
    const name = router === 'pages' ? 'default' : method;
    const handler = file.exportedValue(name);
    // No handler for the method is route-missing-method's.
    if (!handler) continue;
    const receiving = file.receiving(handler, router);
    if (receiving.kind !== 'unverified') continue;
    const sent = destination.via === 'schedule' ? 'this schedule' : 'this message';
    const handlerName = router === 'pages' ? 'its default export' : `its ${method}`;
    findings.push(
      withWrapFix(
        {
          code: CODE,
          severity: 'error',
          span: destination.span,
          related: [{ file: route.file, span: receiving.nameSpan, message: `${route.file}: the handler QStash calls` }],
          message: `QStash sends ${sent} to ${route.file}, but ${handlerName} never verifies the Upstash-Signature header, so anyone who finds the URL can run the job. ${remedy(router)}`,
        },
        router === 'app' ? () => wrapFix(file, handler, method, route.file) : undefined,
      ),
    );
  }
  return findings;
}

function withWrapFix(finding: Omit<Finding, 'fixes'>, build: (() => Fix | undefined) | undefined): Finding {
  const fix = build?.();
  return { ...finding, fixes: fix ? [fix] : [] };
}

/** Wraps the handler; `otherFile` is the route's when the finding is in the declaring file. */
function wrapFix(file: ReceivingFile, handler: ExportedHandler, method: string, otherFile: string | undefined): Fix | undefined {
  const edits = file.wrapEdits(handler, method);
  if (!edits) return undefined;
  const title = `Verify QStash's signature: wrap ${method} with verifySignatureAppRouter${otherFile ? ` in ${otherFile}` : ''}`;
  return otherFile ? { title, edits: [], fileEdits: [{ file: otherFile, edits }], safe: false, preferred: true } : { title, edits, safe: false, preferred: true };
}
