import { withLazyFixes } from '../../vercel/rules/types';
import type { Finding } from '../../vercel/rules/types';
import type { TextEdit } from '../../types';
import { nodeSpan, type RouteRule } from '../context';
import { ensureSameSecretHelper } from '../edits';

function handlerIsAsync(ctx: Parameters<RouteRule['check']>[0]): boolean {
  const fn = ctx.handler?.fn;
  return !!fn && (ctx.ts.getModifiers(fn as import('typescript').FunctionDeclaration) ?? []).some((m) => m.kind === ctx.ts.SyntaxKind.AsyncKeyword);
}

/** `auth-not-timing-safe`: === on a secret leaks how much of it matched. */
export const authNotTimingSafeRule: RouteRule = {
  codes: ['auth-not-timing-safe'],
  check(ctx) {
    const auth = ctx.auth();
    if (!auth) return [];
    const { ts, sourceFile } = ctx;
    const findings: Finding[] = [];
    for (const comparison of auth.comparisons) {
      if (comparison.timingSafe || comparison.file !== ctx.file || !ts.isBinaryExpression(comparison.node)) continue;
      const node = comparison.node;
      const negated =
        node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken;
      const edits = (): TextEdit[] => {
        const call = `isSameSecret(${node.left.getText(sourceFile)}, ${node.right.getText(sourceFile)})`;
        const awaited = ctx.edge ? `(await ${call})` : call;
        return [
          {
            offset: node.getStart(sourceFile),
            length: node.getEnd() - node.getStart(sourceFile),
            content: negated ? `!${awaited}` : awaited,
          },
          ...ensureSameSecretHelper(ts, sourceFile, { typed: /\.tsx?$/.test(ctx.file), edge: ctx.edge }),
        ];
      };
      findings.push(
        withLazyFixes(
          {
            code: 'auth-not-timing-safe',
            severity: 'hint',
            span: nodeSpan(node, sourceFile),
            message: `${negated ? '!==' : '==='} on a secret returns as soon as a character differs, which can leak it through response times. Compare in constant time (node:crypto timingSafeEqual, as Vercel's own cron dispatcher does).`,
            // Not automatic in `fix`: it adds a helper and an import, which is more than keeping meaning.
          },
          // On edge the comparison awaits a digest: only offered where `await` is allowed.
          () => (ctx.edge && !(comparison.inHandler && handlerIsAsync(ctx)) ? [] : [{ title: 'Use a timing-safe comparison', edits: edits(), safe: false, preferred: true }]),
        ),
      );
    }
    return findings;
  },
};
