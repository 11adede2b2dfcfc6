import type * as TS from 'typescript';
import type { Finding, Fix } from '../../diagnostics';
import { cacheComponentsOn, isCheckedForSegmentConfig, SEGMENT_CONFIG_REFUSED_BY_CACHE_COMPONENTS } from '../../next/cacheComponents';
import type { RouteRule, RouteRuleContext } from '../context';
import { removeDeclaration, removeStatementCleanly } from '../edits';

/** What to do instead, where the export had a job the new model does another way. */
const INSTEAD: Readonly<Record<string, string>> = {
  dynamic: ' To keep a GET that reads no request data from being prerendered, await connection() from next/server in the handler instead.',
  runtime: ' With cacheComponents every route runs on Node.js.',
};

interface Refused {
  name: string;
  nameSpan: { start: number; end: number };
  statement: TS.VariableStatement;
  declaration: TS.VariableDeclaration;
}

/** Every refused `export const <name> = …` of the file. Other forms (`export { x as dynamic }`) are not what Next's check reads. */
function refusedExports(ctx: RouteRuleContext): Refused[] {
  const { ts } = ctx;
  const found: Refused[] = [];
  for (const [name, value] of ctx.exports.values) {
    if (!SEGMENT_CONFIG_REFUSED_BY_CACHE_COMPONENTS.has(name) || !value.init) continue;
    for (const statement of ctx.sourceFile.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const declaration = statement.declarationList.declarations.find((d) => d.initializer === value.init);
      if (declaration) found.push({ name, nameSpan: value.nameSpan, statement, declaration });
    }
  }
  return found;
}

/** The statements the rule's fixes remove whole: every declaration in them is refused. */
function wholeStatements(ctx: RouteRuleContext, refused: readonly Refused[]): Set<TS.Statement> {
  const whole = new Set<TS.Statement>();
  for (const { statement } of refused) {
    const names = statement.declarationList.declarations.map((d) => (ctx.ts.isIdentifier(d.name) ? d.name.text : ''));
    if (names.every((name) => refused.some((r) => r.statement === statement && r.name === name))) whole.add(statement);
  }
  return whole;
}

/**
 * `segment-config-with-cache-components`: with cacheComponents on (Next.js 16), `export const
 * dynamic`, `revalidate` and the other exports of SEGMENT_CONFIG_REFUSED_BY_CACHE_COMPONENTS stop
 * the build, so nothing deploys and no cron runs. The fix removes the export with its comments.
 */
export const segmentConfigWithCacheComponentsRule: RouteRule = {
  codes: ['segment-config-with-cache-components'],
  check(ctx) {
    // Cheap tests first: most apps have the flag off, and most routes export no segment config.
    if (!ctx.project.config.cacheComponents || ctx.exports.values.size === 0) return [];
    if (ctx.route.kind !== 'app-route' || !cacheComponentsOn(ctx.project.config, ctx.nextMajor) || !isCheckedForSegmentConfig(ctx.file)) return [];
    const refused = refusedExports(ctx);
    if (refused.length === 0) return [];
    const whole = wholeStatements(ctx, refused);
    const config = ctx.project.config.file ?? 'next.config';
    return refused.map(({ name, nameSpan, statement, declaration }): Finding => {
      const edit = whole.has(statement)
        ? removeStatementCleanly(ctx.ts, ctx.sourceFile, statement, (other) => whole.has(other))
        : removeDeclaration(ctx.sourceFile, statement.declarationList, declaration);
      const fix: Fix = { title: `Remove the ${name} export`, edits: [edit], safe: false, preferred: true };
      return {
        code: 'segment-config-with-cache-components',
        severity: 'error',
        span: nameSpan,
        fixes: [fix],
        message: `With cacheComponents on in ${config}, Next.js ${ctx.nextMajor} refuses export const ${name}: the build stops ("Route segment config "${name}" is not compatible with \`nextConfig.cacheComponents\`"), so nothing deploys and no cron job runs. Remove it.${INSTEAD[name] ?? ''}`,
      };
    });
  },
};
