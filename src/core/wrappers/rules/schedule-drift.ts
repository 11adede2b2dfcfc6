import type * as TS from 'typescript';
import { type Quote, stringLiteral } from '../../next/guardTemplate';
import type { TsApi } from '../../next/routeExports';
import { nodeSpan, type RouteRule } from '../../routes/context';
import type { Finding } from '../../diagnostics';
import { RUN_GUARD_EXPORT, SENTRY_EXPORT } from '../protocol';
import { routeSchedules } from '../routeSchedules';

function property(ts: TsApi, object: TS.Node | undefined, name: string): TS.Expression | undefined {
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  for (const element of object.properties) {
    if (ts.isPropertyAssignment(element) && (ts.isIdentifier(element.name) || ts.isStringLiteral(element.name)) && element.name.text === name) return element.initializer;
  }
  return undefined;
}

/** The schedule literals generated wrappers carry: the guard's `schedule`, the Sentry monitor's `schedule.value`. */
function carriedSchedules(ts: TsApi, sourceFile: TS.SourceFile): { literal: TS.StringLiteralLike; wrapper: string }[] {
  const found: { literal: TS.StringLiteralLike; wrapper: string }[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      const literal =
        name === RUN_GUARD_EXPORT
          ? property(ts, node.arguments[0], 'schedule')
          : name === SENTRY_EXPORT
            ? property(ts, property(ts, node.arguments[1], 'schedule'), 'value')
            : undefined;
      if (literal && ts.isStringLiteralLike(literal)) found.push({ literal, wrapper: name });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The quote the literal at `offset` opens with: the fix writes the new schedule in the same one, escaped. */
function quoteOf(text: string, offset: number): Quote {
  const quote = text[offset];
  return quote === '"' || quote === '`' ? quote : "'";
}

/** `schedule-drift`: vercel.json was rescheduled, the guard or monitor in the route was not. */
export const scheduleDriftRule: RouteRule = {
  codes: ['schedule-drift'],
  check(ctx) {
    const text = ctx.sourceFile.text;
    if (!text.includes(RUN_GUARD_EXPORT) && !text.includes(SENTRY_EXPORT)) return [];
    const schedules = routeSchedules(ctx).map((s) => s.schedule);
    if (schedules.length === 0) return [];
    const findings: Finding[] = [];
    const config = ctx.doc.source?.file ?? 'vercel.json';
    for (const { literal, wrapper } of carriedSchedules(ctx.ts, ctx.sourceFile)) {
      if (schedules.includes(literal.text)) continue;
      const what = wrapper === RUN_GUARD_EXPORT ? 'The duplicate-run guard keys runs by the slots of' : 'The Sentry monitor expects check-ins on';
      const expected = schedules.map((s) => `"${s}"`).join(' or ');
      const span = nodeSpan(literal, ctx.sourceFile);
      findings.push({
        code: 'schedule-drift',
        severity: 'warning',
        span,
        message: `${what} "${literal.text}", but ${config} schedules this route at ${expected}. ${wrapper === RUN_GUARD_EXPORT ? 'Runs are matched to the wrong slots, so duplicates slip through or real runs are skipped.' : 'Sentry will report missed or unexpected check-ins.'} Update the literal to the schedule in ${config}.`,
        fixes:
          schedules.length === 1
            ? [{ title: `Use the schedule from ${config} ("${schedules[0]}")`, edits: [{ offset: span.start, length: span.end - span.start, content: stringLiteral(schedules[0]!, quoteOf(text, span.start)) }], safe: false, preferred: true }]
            : [],
      });
    }
    return findings;
  },
};
