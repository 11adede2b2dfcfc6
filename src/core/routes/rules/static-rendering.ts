import { withLazyFixes } from '../../diagnostics';
import type * as TS from 'typescript';
import type { Finding } from '../../diagnostics';
import { cacheComponentsOn } from '../../next/cacheComponents';
import { awaitConnectionEdits, provablyPrerendered } from '../cacheComponentsPrerender';
import { nodeSpan, type RouteRule, type RouteRuleContext } from '../context';
import { insertAfterImports, removeStatement, statementOfInitializer } from '../edits';

const DYNAMIC_APIS = /\b(cookies|headers|draftMode|unstable_noStore|noStore|connection)\s*\(|\bsearchParams\b/;

function readsRequest(ctx: RouteRuleContext): boolean {
  const fn = ctx.handler?.fn;
  if (!fn) return false;
  const parameter = fn.parameters[0];
  if (!parameter) return false;
  if (!ctx.ts.isIdentifier(parameter.name)) return true;
  const name = parameter.name.text;
  const body = fn.body?.getText(ctx.sourceFile) ?? '';
  return new RegExp(`\\b${name}\\b`).test(body);
}

function statementOf(ctx: RouteRuleContext, name: string): TS.Statement | undefined {
  return statementOfInitializer(ctx.ts, ctx.sourceFile, ctx.exports.values.get(name)?.init);
}

/**
 * `static-cron-route` (Next ≤ 14 prerenders a GET that reads no request; Next ≥ 16 with
 * cacheComponents one that also touches no uncached data) and `force-static-cron-route` (any
 * version without cacheComponents): the cron then gets a cached response.
 */
export const staticRenderingRule: RouteRule = {
  family: 'static-rendering',
  codes: ['static-cron-route', 'force-static-cron-route'],
  check(ctx) {
    if (ctx.route.kind !== 'app-route' || !ctx.exports.methods.has('GET')) return [];
    const findings: Finding[] = [];
    // With cacheComponents the exports are refused, not honoured: segment-config-with-cache-components says so.
    const cacheComponents = cacheComponentsOn(ctx.project.config, ctx.nextMajor);
    if (cacheComponents) return ctx.handler ? prerenderedWithCacheComponents(ctx) : [];
    const dynamic = ctx.exports.values.get('dynamic');
    const revalidate = ctx.exports.values.get('revalidate');
    for (const [name, value, bad] of [
      ['dynamic', dynamic, dynamic?.literal === 'force-static'],
      [
        'revalidate',
        revalidate,
        revalidate !== undefined && ((typeof revalidate.literal === 'number' && revalidate.literal > 0) || revalidate.literal === false),
      ],
    ] as const) {
      if (!bad || !value) continue;
      const statement = statementOf(ctx, name);
      findings.push({
        code: 'force-static-cron-route',
        severity: 'error',
        span: value.nameSpan,
        fixes: statement
          ? [{ title: `Remove the ${name} export`, edits: [removeStatement(statement, ctx.sourceFile)], safe: false, preferred: true }]
          : [],
        message: `export const ${name} = ${String(value.literal)} makes this GET a cached response: Vercel Cron gets the cached answer and the job never runs (cached responses are not even logged). Remove it (revalidate = 0 is fine).`,
      });
    }
    if (findings.length || ctx.nextMajor === undefined || ctx.nextMajor > 14 || !ctx.handler) return findings;
    if (
      dynamic ||
      revalidate ||
      ctx.exports.values.has('fetchCache') ||
      readsRequest(ctx) ||
      DYNAMIC_APIS.test(ctx.handler.fn.getText(ctx.sourceFile))
    )
      return findings;
    // Helpers it calls (or a wrapper) may read headers or cookies, which also makes it dynamic.
    if (ctx.handler.wrapper || ctx.auth()?.readsRequestData) return findings;
    findings.push(
      withLazyFixes(
        {
          code: 'static-cron-route',
          severity: 'warning',
          span: nodeSpan(ctx.handler.nameNode, ctx.sourceFile),
          message: `On Next.js ${ctx.nextMajor} a GET that reads neither the request nor headers/cookies is prerendered at build: the cron gets that cached response and the job never runs. Read the request (checking CRON_SECRET does) or export const dynamic = 'force-dynamic'.`,
        },
        () => [
          {
            title: "Opt out of static rendering (export const dynamic = 'force-dynamic')",
            edits: [insertAfterImports(ctx.ts, ctx.sourceFile, "export const dynamic = 'force-dynamic';")],
            safe: false,
            preferred: true,
          },
        ],
      ),
    );
    return findings;
  },
};

/**
 * Next ≥ 16 with cacheComponents prerenders a GET that reads no request data and touches nothing
 * uncached. Segment exports do not count (they are refused); anything the analysis cannot see
 * through (a helper, a wrapper, an await) may be dynamic, and then it says nothing.
 */
function prerenderedWithCacheComponents(ctx: RouteRuleContext): Finding[] {
  const handler = ctx.handler;
  if (!handler || handler.wrapper || readsRequest(ctx) || DYNAMIC_APIS.test(handler.fn.getText(ctx.sourceFile))) return [];
  if (!provablyPrerendered(ctx.ts, handler.fn)) return [];
  const config = ctx.project.config.file ?? 'next.config';
  return [
    withLazyFixes(
      {
        code: 'static-cron-route',
        severity: 'warning',
        span: nodeSpan(handler.nameNode, ctx.sourceFile),
        message: `With cacheComponents on in ${config}, Next.js ${ctx.nextMajor} prerenders a GET that reads no request data and fetches nothing uncached: the cron gets the response built at build time and the job never runs. Read the request (checking CRON_SECRET does) or await connection() from next/server at the top of the handler (export const dynamic is refused with cacheComponents).`,
      },
      () => {
        const edits = awaitConnectionEdits(ctx.ts, ctx.sourceFile, handler.fn);
        return edits ? [{ title: 'Render at request time (await connection())', edits, safe: false, preferred: true }] : [];
      },
    ),
  ];
}
