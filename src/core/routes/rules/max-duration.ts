import type * as TS from 'typescript';
import { cite, LIMITS } from '../../limits';
import type { Plan } from '../../settings';
import { type EffectiveDuration, effectiveMaxDuration } from '../../vercel/effectiveDuration';
import type { Finding, Fix } from '../../diagnostics';
import type { Span } from '../../types';
import { nodeSpan, type RouteRule, type RouteRuleContext } from '../context';
import { removeStatement, statementOfInitializer } from '../edits';

type KnownPlan = Exclude<Plan, 'unknown'>;
const PLAN_NAMES: Record<KnownPlan, string> = { hobby: 'Hobby', pro: 'Pro', enterprise: 'Enterprise' };

function limitFor(plan: KnownPlan, fluid: boolean): number {
  return (fluid ? LIMITS.maxDurationFluid : LIMITS.maxDurationLegacy).value[plan];
}

/** Where the effective value is written, so findings and fixes point at it. */
function valueLocation(
  ctx: RouteRuleContext,
  source: EffectiveDuration['source'],
): { span: Span; replace?: (n: number) => Fix['edits'] | Fix['fileEdits']; inVercelJson: boolean; statement?: TS.Statement } | undefined {
  const own = ctx.exports.values.get('maxDuration');
  const init = own?.init ?? (source === 'pages config' ? pagesConfigValue(ctx) : undefined);
  if (init) {
    const statement = statementOfInitializer(ctx.ts, ctx.sourceFile, init);
    return {
      span: nodeSpan(init, ctx.sourceFile),
      replace: (n) => [
        { offset: init.getStart(ctx.sourceFile), length: init.getEnd() - init.getStart(ctx.sourceFile), content: String(n) },
      ],
      inVercelJson: false,
      statement,
    };
  }
  if (own) return { span: own.nameSpan, inVercelJson: false };
  return ctx.handler ? { span: nodeSpan(ctx.handler.nameNode, ctx.sourceFile), inVercelJson: true } : undefined;
}

/** `export const config = { maxDuration: 900 }` of a Pages API route: the 900. */
function pagesConfigValue(ctx: RouteRuleContext): TS.Expression | undefined {
  const { ts } = ctx;
  let config = ctx.exports.values.get('config')?.init;
  while (config && (ts.isAsExpression(config) || ts.isSatisfiesExpression(config) || ts.isParenthesizedExpression(config))) config = config.expression;
  if (!config || !ts.isObjectLiteralExpression(config)) return undefined;
  for (const property of config.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === 'maxDuration') return property.initializer;
  }
  return undefined;
}

/**
 * `max-duration-exceeds-plan`, `max-duration-not-static`, `max-duration-on-edge`: the deploy
 * fails at "Deploying outputs" when maxDuration exceeds the plan (platform-facts §2).
 */
export const maxDurationRule: RouteRule = {
  family: 'max-duration',
  codes: ['max-duration-exceeds-plan', 'max-duration-not-static', 'max-duration-on-edge'],
  check(ctx) {
    const effective = effectiveMaxDuration(ctx.doc, ctx.project, ctx.file);
    // A Vercel function without Next.js takes maxDuration from vercel.json `functions`; what its
    // own exports would do is not known here, so a function that exports one says nothing.
    if (ctx.route.kind === 'function' && effective?.source !== 'vercel.json functions') return [];
    const location = effective && valueLocation(ctx, effective.source);
    if (!effective || !location) return [];
    const findings: Finding[] = [];
    const where = effective.source === 'vercel.json functions' ? ` (from ${ctx.doc.source?.file ?? 'vercel.json'} functions "${effective.pattern}")` : '';
    if (ctx.edge) {
      if (effective.source !== 'vercel.json functions') {
        const own = ctx.exports.values.get('maxDuration');
        const statement = statementOfInitializer(ctx.ts, ctx.sourceFile, own?.init);
        findings.push({
          code: 'max-duration-on-edge',
          severity: 'warning',
          span: location.span,
          fixes:
            statement && ctx.ts.isVariableStatement(statement)
              ? [{ title: 'Remove maxDuration on edge', edits: [removeStatement(statement, ctx.sourceFile)], safe: false }]
              : [],
          message: `maxDuration does not apply to the Edge runtime: an edge function must start its response within 25 s and is not limited after. Remove it, or move the route to the Node.js runtime (edge is deprecated) to set a limit.`,
        });
      }
      return findings;
    }
    if (effective.value === 'non-literal') {
      findings.push({
        code: 'max-duration-not-static',
        severity: 'info',
        span: location.span,
        fixes: [],
        message: `maxDuration${where} is not a literal, so it cannot be checked here${ctx.route.kind === 'function' ? '' : ', and Next.js reads it statically too'}: write a number of seconds or "max".`,
      });
      return findings;
    }
    if (effective.value === 'max') return findings;
    const seconds = effective.value;
    const fluidNote = ctx.fluid ? 'with Fluid compute' : 'without Fluid compute';
    const citation = cite(ctx.fluid ? LIMITS.maxDurationFluid : LIMITS.maxDurationLegacy);
    const fixTo = (plan: KnownPlan): Fix[] => {
      const max = limitFor(plan, ctx.fluid);
      const edits = location.replace?.(max) as Fix['edits'] | undefined;
      return edits ? [{ title: `Set maxDuration to the ${PLAN_NAMES[plan]} maximum (${max} s)`, edits, safe: false, preferred: true }] : [];
    };
    if (!Number.isInteger(seconds) || seconds < 1) {
      findings.push({
        code: 'max-duration-exceeds-plan',
        severity: 'error',
        span: location.span,
        fixes: [],
        message: `maxDuration${where} must be a whole number of seconds from 1, or "max"; the deploy fails otherwise.`,
      });
      return findings;
    }
    if (ctx.plan === 'unknown') {
      const failing = (['hobby', 'pro', 'enterprise'] as const).filter(
        (p) => seconds > limitFor(p, ctx.fluid) && !(ctx.fluid && p !== 'hobby' && seconds <= LIMITS.maxDurationFluidBeta.value),
      );
      if (failing.length) {
        findings.push({
          code: 'max-duration-exceeds-plan',
          severity: 'warning',
          span: location.span,
          fixes: fixTo(failing[0]!),
          message: `maxDuration ${seconds} s${where} exceeds the ${failing.map((p) => `${PLAN_NAMES[p]} limit of ${limitFor(p, ctx.fluid)} s`).join(' and the ')} ${fluidNote} (${citation}): on ${failing.map((p) => PLAN_NAMES[p]).join(' or ')} the deploy fails with "Serverless Functions must have a maxDuration between 1 and …".${ctx.fluid && seconds > limitFor('pro', true) && seconds <= LIMITS.maxDurationFluidBeta.value ? ` Pro and Enterprise allow it only in the 1800 s beta (Node.js, Fluid compute; ${cite(LIMITS.maxDurationFluidBeta)}).` : ''} Set nextCronRoutes.plan to check against your plan.`,
        });
      } else if (ctx.fluid && seconds > limitFor('pro', true)) {
        findings.push({
          code: 'max-duration-exceeds-plan',
          severity: 'warning',
          span: location.span,
          fixes: fixTo('pro'),
          message: `maxDuration ${seconds} s${where} needs the 1800 s beta on Pro or Enterprise (Node.js, Fluid compute; ${cite(LIMITS.maxDurationFluidBeta)}); Hobby allows ${limitFor('hobby', true)} s.`,
        });
      }
      return findings;
    }
    const limit = limitFor(ctx.plan, ctx.fluid);
    if (seconds <= limit) return findings;
    const beta = ctx.fluid && ctx.plan !== 'hobby' && seconds <= LIMITS.maxDurationFluidBeta.value;
    findings.push({
      code: 'max-duration-exceeds-plan',
      severity: beta ? 'warning' : 'error',
      span: location.span,
      fixes: fixTo(ctx.plan),
      message: beta
        ? `maxDuration ${seconds} s${where} is above the ${PLAN_NAMES[ctx.plan]} limit of ${limit} s; only the 1800 s beta (Node.js, Fluid compute, opted in) allows it (${cite(LIMITS.maxDurationFluidBeta)}).`
        : `maxDuration ${seconds} s${where} exceeds the ${PLAN_NAMES[ctx.plan]} limit of ${limit} s ${fluidNote} (${citation}): the deploy fails with "Serverless Functions must have a maxDuration between 1 and ${limit} for plan ${ctx.plan}". Lower it or split the job.`,
    });
    return findings;
  },
};
