import type * as TS from 'typescript';
import type { RouteExports, TsApi } from '../next/routeExports';
import type { RouteEntry } from '../next/types';
import type { Plan, RuleSetting } from '../settings';
import type { VercelDoc } from '../vercel/model';
import type { ProjectView } from '../vercel/project';
import type { Rule } from '../diagnostics';
import type { AuthFacts } from './authAnalysis';
import type { CronSource } from './check';
import type { Handler } from './handlers';
import type { MiddlewareFacts } from './middleware';

/** Everything a route rule may read about one cron route file. */
export interface RouteRuleContext {
  ts: TsApi;
  project: ProjectView;
  doc: VercelDoc;
  file: string;
  route: RouteEntry;
  sourceFile: TS.SourceFile;
  exports: RouteExports;
  handler: Handler | undefined;
  /** Lazily computed: the cross-file auth analysis of the handler. */
  auth(): AuthFacts | undefined;
  /** The URL paths (without basePath) vercel.json sends to this route; empty when only the glob matched. */
  cronPaths: string[];
  /** The vercel.json `path` values (spans in `doc.text`) that send those requests, in document order; Schedules' carry their method. */
  cronSources: CronSource[];
  plan: Plan;
  fluid: boolean;
  /** Major version of Next.js the app uses, when it can be read. */
  nextMajor: number | undefined;
  middleware: MiddlewareFacts[];
  edge: boolean;
  /** The rules setting: a rule that defers to another (one line, one finding) asks whether that one is off. */
  rules: Readonly<Record<string, RuleSetting>>;
}

export type RouteRule = Rule<RouteRuleContext>;

/** What an env-file rule reads: the file's text (the adapters read env files only in a trusted workspace). */
export interface EnvFileRuleContext {
  text: string;
}

export type EnvFileRule = Rule<EnvFileRuleContext>;

/**
 * What a rule over an App Router module that may render on the server reads: the file (project
 * relative) and its syntax tree. The checker runs these rules only on files their prefilter passed.
 */
export interface ComponentFileRuleContext {
  ts: TsApi;
  file: string;
  sourceFile: TS.SourceFile;
}

export type ComponentFileRule = Rule<ComponentFileRuleContext>;

export function nodeSpan(node: TS.Node, sourceFile: TS.SourceFile): { start: number; end: number } {
  return { start: node.getStart(sourceFile), end: node.getEnd() };
}
