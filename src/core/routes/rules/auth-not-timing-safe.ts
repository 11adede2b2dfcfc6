import { withLazyFixes } from '../../vercel/rules/types';
import type { Finding } from '../../vercel/rules/types';
import type { TextEdit } from '../../types';
import { nodeSpan, type RouteRule } from '../context';
import { ensureSameSecretHelper, ensureSameSecretSyncHelper, innermostFunction, isAsyncFunction, makeAsync } from '../edits';

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
      const edits = (): TextEdit[] | undefined => {
        const typed = /\.tsx?$/.test(ctx.file);
        const operands = `(${node.left.getText(sourceFile)}, ${node.right.getText(sourceFile)})`;
        const replace = (call: string): TextEdit => ({
          offset: node.getStart(sourceFile),
          length: node.getEnd() - node.getStart(sourceFile),
          content: negated ? `!${call}` : call,
        });
        if (!ctx.edge) return [replace(`isSameSecret${operands}`), ...ensureSameSecretHelper(ts, sourceFile, { typed, edge: false })];
        // Edge compares Web Crypto digests, which needs `await`: fine in an async function, and the
        // handler itself may become async (Next awaits it). A synchronous helper's callers expect a
        // boolean, so there the comparison stays synchronous.
        const fn = innermostFunction(ts, sourceFile, node);
        const canAwait = !!fn && (isAsyncFunction(ts, fn) || fn === ctx.handler?.fn);
        if (!canAwait) return [replace(`isSameSecretSync${operands}`), ...ensureSameSecretSyncHelper(sourceFile, typed)];
        const madeAsync = makeAsync(ts, fn, sourceFile);
        if (!isAsyncFunction(ts, fn) && !madeAsync) return undefined;
        return [
          ...(madeAsync ? [madeAsync] : []),
          replace(`(await isSameSecret${operands})`),
          ...ensureSameSecretHelper(ts, sourceFile, { typed, edge: true }),
        ];
      };
      findings.push(
        withLazyFixes(
          {
            code: 'auth-not-timing-safe',
            severity: 'hint',
            span: nodeSpan(node, sourceFile),
            message: `${negated ? '!==' : '==='} on a secret returns as soon as a character differs, which can leak it through response times. Compare in constant time (node:crypto timingSafeEqual, as Vercel's own cron dispatcher does).`,
            // Not `safe` (it adds a helper and an import), but in the default set as auth hardening (isDefaultFix).
          },
          () => {
            const fixEdits = edits();
            return fixEdits ? [{ title: 'Use a timing-safe comparison', edits: fixEdits, safe: false, preferred: true }] : [];
          },
          // Off the edge runtime the comparison can always be replaced; on edge it depends on `await`.
          () => !ctx.edge || edits() !== undefined,
        ),
      );
    }
    return findings;
  },
};
