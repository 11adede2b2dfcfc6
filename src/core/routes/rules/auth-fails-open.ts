import type * as TS from 'typescript';
import type { Finding } from '../../vercel/rules/types';
import { nodeSpan, type RouteRule } from '../context';
import { fileStyle, indentAt } from '../edits';
import { enclosingStatement, hasSecretCheck, insertBefore, refusal } from './shared';

/**
 * `auth-fails-open`: with CRON_SECRET unset the check lets everyone in. Its fixes are not `safe`
 * (a forged request now gets 401) but run by default as auth hardening (isDefaultFix).
 */
export const authFailsOpenRule: RouteRule = {
  codes: ['auth-fails-open'],
  check(ctx) {
    const auth = ctx.auth();
    if (!ctx.handler || !auth || !hasSecretCheck(auth)) return [];
    const findings: Finding[] = [];
    const { sourceFile, ts } = ctx;
    const text = sourceFile.text;
    // Inside `if (secret) { … }` or `secret && …` the secret is set: that skip is the one finding.
    const skipped = (node: TS.Node, file: string) => auth.skippedWhenUnset.some((s) => s.file === file && s.node.pos <= node.pos && node.end <= s.node.end);
    if (!auth.requiresSecret) {
      for (const comparison of auth.comparisons) {
        if (!(comparison.templateWithSecret || comparison.undefinedMatchesUnset) || skipped(comparison.node, comparison.file)) continue;
        const here = comparison.file === ctx.file;
        const statement = here && comparison.inHandler ? enclosingStatement(ctx, comparison.node) : undefined;
        findings.push({
          code: 'auth-fails-open',
          severity: 'error',
          span: nodeSpan(here ? comparison.node : ctx.handler.nameNode, sourceFile),
          fixes: statement
            ? [
                {
                  title: 'Make the check fail closed (refuse when CRON_SECRET is unset)',
                  edits: [insertBefore(text, statement, sourceFile, ['if (!process.env.CRON_SECRET) {', `  ${refusal(ctx)}`, '}'])],
                  safe: false,
                  preferred: true,
                },
              ]
            : [],
          message: comparison.templateWithSecret
            ? `When CRON_SECRET is unset this compares with "Bearer undefined", so anyone sending that header passes${here ? '' : ` (the check is in ${comparison.file})`}, while Vercel, which sends no header then, gets refused. Refuse first when the secret is missing.`
            : `When CRON_SECRET is unset this compares undefined with a header value that is also undefined (or null, with ==) when the header or its token is missing, so a request without it passes${here ? '' : ` (the check is in ${comparison.file})`}. Refuse first when the secret is missing.`,
        });
      }
    }
    for (const skip of auth.skippedWhenUnset) {
      const here = skip.file === ctx.file;
      const indent = indentAt(text, skip.node.getStart(sourceFile));
      const style = fileStyle(text);
      findings.push({
        code: 'auth-fails-open',
        severity: 'error',
        span: nodeSpan(here ? skip.node.expression : ctx.handler.nameNode, sourceFile),
        fixes: !here
          ? []
          : [
              {
                title: 'Refuse the request when CRON_SECRET is unset',
                edits:
                  skip.kind === 'and-guard' && ts.isBinaryExpression(skip.node.expression)
                    ? // `secret && auth !== x` becomes `!secret || auth !== x`: refuse when unset too.
                      [
                        { offset: skip.node.expression.left.getStart(sourceFile), length: 0, content: '!' },
                        { offset: skip.node.expression.operatorToken.getStart(sourceFile), length: 2, content: '||' },
                      ]
                    : [{ offset: skip.node.thenStatement.getEnd(), length: 0, content: ` else {\n${indent}${style.indent}${refusal(ctx)}\n${indent}}` }],
                safe: false,
                preferred: true,
              },
            ],
        message: `The check only runs when CRON_SECRET is set${here ? '' : ` (in ${skip.file})`}: without it every request runs the job. Refuse the request when the secret is missing.`,
      });
    }
    return findings;
  },
};
