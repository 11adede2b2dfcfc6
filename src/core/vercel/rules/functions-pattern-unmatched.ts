import { anyFileMatches, isPlausibleFunctionsKey } from '../../next/functionsGlob';
import type { Finding, VercelRule } from './types';

/** `functions-pattern-unmatched`: a key that matches no function fails the deploy. */
export const functionsPatternUnmatchedRule: VercelRule = {
  codes: ['functions-pattern-unmatched'],
  scope: 'project',
  check({ doc, project }) {
    if (!project) return [];
    const files = project.functionSources();
    const findings: Finding[] = [];
    for (const entry of doc.functions) {
      const plausible = isPlausibleFunctionsKey(entry.pattern);
      if (plausible && anyFileMatches(entry.pattern, files)) continue;
      const quote = `The pattern "${entry.pattern}" defined in \`functions\` doesn't match any Serverless Functions.`;
      findings.push({
        code: 'functions-pattern-unmatched',
        severity: 'error',
        span: entry.keySpan,
        fixes: [],
        message: plausible
          ? `No route or API file matches "${entry.pattern}", so the deploy fails: "${quote}" Patterns match source files from the project root, such as "app/api/cron/**/*".`
          : `In a Next.js project a functions key must start with app/, src/app/, pages/, src/pages/ or middleware, so the deploy fails: "${quote}"`,
      });
    }
    return findings;
  },
};
