import type * as TS from 'typescript';
import { withLazyFixes } from '../../diagnostics';
import type { TsApi } from '../../next/routeExports';
import type { AuthFacts } from '../authAnalysis';
import { SPOOF_HEADER } from '../authVocabulary';
import { nodeSpan, type RouteRule } from '../context';
import { addSecretCheckFix, canAddSecretCheck, hasSecretCheck, middlewareChecks } from '../secretCheck';

/**
 * A spoofable header the route accepts by itself (`if (isVercelCron) return true` in the helper
 * its refusal tests), when every comparison with the secret is in that same helper: the secret
 * is then only an alternative, and a request with the header needs none.
 */
function acceptedAlone(auth: AuthFacts): AuthFacts['spoofAccepts'][number] | undefined {
  if (!auth.comparisons.length) return undefined;
  return auth.spoofAccepts.find((accept) => auth.comparisons.every((c) => c.file === accept.file && accept.within.pos <= c.node.pos && c.node.end <= accept.within.end));
}

/**
 * The spoofable headers the flagged code names as literals (`'x-vercel-cron-signature'`), as the
 * message shows them; when they come through a name the walk followed, the ones Vercel's requests carry.
 */
function headersNamed(ts: TsApi, nodes: readonly TS.Node[]): string {
  const names = new Set<string>();
  const visit = (node: TS.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && SPOOF_HEADER.test(node.text)) names.add(node.text.toLowerCase());
    ts.forEachChild(node, visit);
  };
  for (const node of nodes) visit(node);
  if (!names.size) return 'user-agent "vercel-cron/1.0" or x-vercel-cron';
  return [...names].map((name) => (name === 'user-agent' ? 'user-agent "vercel-cron/1.0"' : name)).join(' or ');
}

/** `auth-spoofable`: a user-agent or x-vercel-cron header proves nothing. */
export const authSpoofableRule: RouteRule = {
  codes: ['auth-spoofable'],
  check(ctx) {
    const auth = ctx.auth();
    if (!ctx.handler || !auth || !auth.spoofable.length) return [];
    if (auth.unresolvedChecks.length || auth.otherVerification || middlewareChecks(ctx)) return [];
    const alone = hasSecretCheck(auth) ? acceptedAlone(auth) : undefined;
    if (hasSecretCheck(auth) && !alone) return [];
    const local = alone ? (alone.file === ctx.file ? alone : undefined) : auth.spoofable.find((s) => s.file === ctx.file);
    const elsewhere = local ? '' : `, in ${(alone ?? auth.spoofable[0]!).file}`;
    const headers = headersNamed(ctx.ts, alone ? [alone.node] : auth.spoofable.map((s) => s.node));
    const message = alone
      ? `A header anyone can send (${headers}${elsewhere}) lets a request in by itself, whatever the CRON_SECRET comparison beside it says, so anyone who sends it can run the job. Drop the header test and accept only the Authorization header compared with CRON_SECRET.`
      : `The only check is a header anyone can send (${headers}${elsewhere}), so anyone can run the job. Compare the Authorization header with CRON_SECRET instead.`;
    return [
      withLazyFixes(
        {
          code: 'auth-spoofable',
          severity: 'warning',
          span: nodeSpan(local?.node ?? ctx.handler.nameNode, ctx.sourceFile),
          message,
        },
        () => {
          const fix = addSecretCheckFix(ctx);
          return fix ? [fix] : [];
        },
        () => canAddSecretCheck(ctx),
      ),
    ];
  },
};
