import type { Finding, RuleRegistry } from '../diagnostics';
import { checkCronRoutesWith, type ProjectFileFindings, type RouteCheckOptions } from '../routes/check';
import type { RouteRule } from '../routes/context';
import { COMPONENT_FILE_RULES } from '../routes/componentRules';
import { ENV_FILE_RULES } from '../routes/envRules';
import { ROUTE_RULES } from '../routes/rules';
import { SCHEDULER_FILE_RULES } from '../schedulers/rules';
import type { VercelDoc } from '../vercel/model';
import { withoutFixesNearParseErrors } from '../vercel/parseErrors';
import type { ProjectView } from '../vercel/project';
import { VERCEL_RULES } from '../vercel/rules';
import { WRAPPER_RULES } from '../wrappers/rules';

/**
 * Every rule the core runs, by family. The list is composed here, above every family's folder,
 * because a route file's check runs rules from two of them (routes/ and wrappers/): a registry
 * lower down would have to import from a higher folder. The meta-test walks this list.
 */
export const RULE_REGISTRIES: readonly RuleRegistry[] = [
  { name: 'vercel.json', rules: VERCEL_RULES },
  { name: 'route file', rules: ROUTE_RULES },
  { name: 'wrapper hint', rules: WRAPPER_RULES },
  { name: 'env file', rules: ENV_FILE_RULES },
  { name: 'server component', rules: COMPONENT_FILE_RULES },
  { name: 'scheduler file', rules: SCHEDULER_FILE_RULES },
];

/**
 * A rule whose fixes leave code next to a syntax error alone (parseErrors.ts): TypeScript
 * recovered from the error by guessing, and an edit placed by that guess neither parses nor settles.
 */
function awayFromParseErrors(rule: RouteRule): RouteRule {
  return { ...rule, check: (ctx) => withoutFixesNearParseErrors(rule.check(ctx), ctx.file, ctx.sourceFile, ctx.project) };
}

/** What a cron route file's check runs: the route rules, then the wrapper hints. */
export const CRON_ROUTE_RULES: readonly RouteRule[] = [...ROUTE_RULES, ...WRAPPER_RULES].map(awayFromParseErrors);

/** Runs every cron route rule over every cron route of a project, plus the env-file rules (see checkCronRoutesWith). */
export function checkCronRoutes(doc: VercelDoc, project: ProjectView, options: RouteCheckOptions): ProjectFileFindings[];
/** A one-shot run: each route's findings are settled as they are found (see checkCronRoutesWith). */
export function checkCronRoutes<F>(doc: VercelDoc, project: ProjectView, options: RouteCheckOptions, settle: (finding: Finding) => F): ProjectFileFindings<F>[];
export function checkCronRoutes<F>(doc: VercelDoc, project: ProjectView, options: RouteCheckOptions, settle?: (finding: Finding) => F): ProjectFileFindings<F | Finding>[] {
  return settle ? checkCronRoutesWith(CRON_ROUTE_RULES, doc, project, options, settle) : checkCronRoutesWith(CRON_ROUTE_RULES, doc, project, options);
}
