import { anyFileMatches, isPlausibleFunctionsKey } from '../../next/functionsGlob';
import { outsideApp } from '../appFacts';
import { isScheduleFunctionKey } from '../scheduleTargets';
import type { ProjectView } from '../project';
import type { Finding } from '../../diagnostics';
import type { VercelRule, VercelRuleContext } from '../context';

const quote = (pattern: string) => `The pattern "${pattern}" defined in \`functions\` doesn't match any Serverless Functions.`;

/**
 * A project without Next.js: its functions are the files of api/, so only an `api/` key that
 * matches none of them can be told wrong. Keys elsewhere belong to a framework's own build, and a
 * framework that routes itself (or a vercel.json Vercel never reads) says nothing either.
 */
function notNextFindings(ctx: VercelRuleContext, project: ProjectView): Finding[] {
  const facts = project.app();
  if (facts.framework !== undefined || outsideApp(ctx.doc, project)) return [];
  const findings: Finding[] = [];
  for (const entry of ctx.doc.functions) {
    if (!entry.pattern.startsWith('api/') || anyFileMatches(entry.pattern, facts.apiFunctions) || isScheduleFunctionKey(ctx.doc, entry)) continue;
    findings.push({
      code: 'functions-pattern-unmatched',
      severity: 'error',
      span: entry.keySpan,
      fixes: [],
      message: `No function file in api/ matches "${entry.pattern}", so the deploy fails: "${quote(entry.pattern)}" Patterns match source files from the project root, such as "api/cron/*.ts".`,
    });
  }
  return findings;
}

/** `functions-pattern-unmatched`: a key that matches no function fails the deploy. */
export const functionsPatternUnmatchedRule: VercelRule = {
  codes: ['functions-pattern-unmatched'],
  scope: 'project',
  check(ctx) {
    const { doc, project } = ctx;
    if (!project) return [];
    if (project.app().kind !== 'next') return notNextFindings(ctx, project);
    const files = project.functionSources();
    const findings: Finding[] = [];
    for (const entry of doc.functions) {
      // A Schedules function target's key names a file the platform deploys on its own terms
      // (api/cleanup.ts in a Next.js app too), in a form the docs have not settled: not told wrong.
      if (isScheduleFunctionKey(doc, entry)) continue;
      const plausible = isPlausibleFunctionsKey(entry.pattern);
      if (plausible && anyFileMatches(entry.pattern, files)) continue;
      findings.push({
        code: 'functions-pattern-unmatched',
        severity: 'error',
        span: entry.keySpan,
        fixes: [],
        message: plausible
          ? `No route or API file matches "${entry.pattern}", so the deploy fails: "${quote(entry.pattern)}" Patterns match source files from the project root, such as "app/api/cron/**/*".`
          : `In a Next.js project a functions key must start with app/, src/app/, pages/, src/pages/ or middleware, so the deploy fails: "${quote(entry.pattern)}"`,
      });
    }
    return findings;
  },
};
