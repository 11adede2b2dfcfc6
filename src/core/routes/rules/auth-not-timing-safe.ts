import { withLazyFixes } from '../../diagnostics';
import type { Finding } from '../../diagnostics';
import { nodeSpan, type RouteRule } from '../context';
import { failOpens } from './auth-fails-open';
import { isNegatedOperator, timingSafeEdits } from '../timingSafe';

/**
 * `auth-not-timing-safe`: === on a secret leaks how much of it matched. Not reported on a line
 * where auth-fails-open is: one line, one finding, and the fail-closed fix there makes the
 * comparison constant-time too.
 */
const EXPLANATION = "on a secret returns as soon as a character differs, which can leak it through response times. Compare in constant time (node:crypto timingSafeEqual, as Vercel's own cron dispatcher does).";
const MESSAGE = `=== ${EXPLANATION}`;
const NEGATED_MESSAGE = `!== ${EXPLANATION}`;

export const authNotTimingSafeRule: RouteRule = {
  codes: ['auth-not-timing-safe'],
  check(ctx) {
    const auth = ctx.auth();
    if (!auth) return [];
    const { ts, sourceFile } = ctx;
    const text = sourceFile.text;
    const findings: Finding[] = [];
    let failOpenStarts: number[] | undefined;
    const onFailOpenLine = (start: number): boolean => {
      // With auth-fails-open turned off, this is the line's one finding.
      if (ctx.rules['auth-fails-open'] === 'off') return false;
      failOpenStarts ??= failOpens(ctx, auth)
        .filter((f) => f.here)
        .map((f) => f.node.getStart(sourceFile));
      return failOpenStarts.some((other) => !text.slice(Math.min(start, other), Math.max(start, other)).includes('\n'));
    };
    for (const comparison of auth.comparisons) {
      if (comparison.timingSafe || comparison.file !== ctx.file || !ts.isBinaryExpression(comparison.node)) continue;
      const node = comparison.node;
      if (onFailOpenLine(node.getStart(sourceFile))) continue;
      const negated = isNegatedOperator(ts, node);
      findings.push(
        withLazyFixes(
          {
            code: 'auth-not-timing-safe',
            severity: 'hint',
            span: nodeSpan(node, sourceFile),
            message: negated ? NEGATED_MESSAGE : MESSAGE,
            // Not `safe` (it adds a helper and an import), but in the default set as auth hardening (isDefaultFix).
          },
          () => {
            const fixEdits = timingSafeEdits(ctx, node);
            return fixEdits ? [{ title: 'Use a timing-safe comparison', edits: fixEdits, safe: false, preferred: true }] : [];
          },
          // Off the edge runtime the comparison can always be replaced; on edge it depends on `await`.
          () => !ctx.edge || timingSafeEdits(ctx, node) !== undefined,
        ),
      );
    }
    return findings;
  },
};
