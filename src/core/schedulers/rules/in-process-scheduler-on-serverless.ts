/**
 * `in-process-scheduler-on-serverless`: node-cron, node-schedule and croner "only fire as long as
 * your script is running" (platform-facts §5), and so does a `setInterval` loop. On Vercel a Next.js
 * app runs as functions that freeze between requests and scale to zero, so such a schedule fires
 * late, never, or once per warm instance. Reported only where the file certainly runs in the
 * deployed app (appReach.ts, deployment.ts), and never in a `'use client'` module.
 */
import type * as TS from 'typescript';
import type { Finding } from '../../diagnostics';
import { withLazyFixes } from '../../diagnostics';
import { HTTP_METHODS, parseSourceWithinLimits } from '../../next/routeExports';
import type { Span } from '../../types';
import { appReach, isClientModule } from '../appReach';
import { CodeFile } from '../codeSyntax';
import { vercelDeployment, type VercelDeployment } from '../deployment';
import type { ScheduledJob } from '../model';
import { moveScheduleToVercelFix } from '../moveToVercelCron';
import type { SchedulerFileRule, SchedulerFileRuleContext } from './index';

const CODE = 'in-process-scheduler-on-serverless' as const;
const LIBRARY_SOURCES: ReadonlySet<string> = new Set(['node-cron', 'node-schedule', 'croner']);
const LIBRARY_IMPORT = /['"](?:node-cron|node-schedule|croner)['"]/;
const SCRIPT = /\.[cm]?[jt]sx?$/;
/** A condition that may keep the code off the server, or out of production: what runs then cannot be told. */
const GUARD_CONDITION = /\b(?:window|document|NODE_ENV)\b/;
const INSTRUMENTATION = /^(src\/)?instrumentation\.[cm]?[jt]s$/;
const ROUTE_FILE = /(^|\/)route\.[cm]?[jt]sx?$/;
const HANDLER_NAMES: ReadonlySet<string> = new Set(HTTP_METHODS);
/**
 * How many of a file's jobs are offered the move to vercel.json. Each fix reads the whole file,
 * so a generated module of thousands of jobs would cost work in the square of its size; a real
 * module schedules a handful. The jobs past this count are still reported.
 */
export const MAX_MOVE_FIXES_PER_FILE = 50;

/** Where a call stands: what runs it, as far as the file tells. */
type Scope = 'module' | 'register' | 'handler' | 'other';

interface Placed {
  call: TS.CallExpression | TS.NewExpression;
  scope: Scope;
  guarded: boolean;
}

export const inProcessSchedulerOnServerlessRule: SchedulerFileRule = {
  codes: [CODE],
  mayHaveFindings: (file, text) => SCRIPT.test(file) && (text.includes('setInterval') || LIBRARY_IMPORT.test(text)),
  check(ctx) {
    if (isClientModule(ctx.text)) return [];
    const deployment = vercelDeployment(ctx.project);
    if (!deployment) return [];
    const entry = appReach(ctx.project).entryOf.get(ctx.file);
    if (entry === undefined) return [];
    const ts = ctx.loadTypeScript();
    const source = parseSourceWithinLimits(ts, ctx.file, ctx.text);
    if (!source) return [];
    const placed = placeCalls(ts, source, ctx.file);
    const where = entry === ctx.file ? `${ctx.file} runs in the app` : `${entry} imports this module`;
    const findings: Finding[] = [];
    const fixTree = lazyCallTree(ctx);
    for (const job of ctx.jobs) {
      if (!LIBRARY_SOURCES.has(job.source) || !startsSchedule(ctx.text, job)) continue;
      const at = placed.get(job.declared.span.start);
      if (!at || at.guarded) continue;
      const movable = findings.length < MAX_MOVE_FIXES_PER_FILE ? fixTree : undefined;
      findings.push(libraryFinding(ctx, source, job, at, where, deployment, movable));
    }
    const clearsIntervals = ctx.text.includes('clearInterval');
    for (const at of placed.values()) {
      if (at.guarded || !isSetInterval(ts, at.call)) continue;
      if (at.scope === 'other' || (at.scope === 'handler' && clearsIntervals)) continue;
      findings.push({
        code: CODE,
        severity: 'warning',
        span: calleeSpan(source, at.call),
        fixes: [],
        message: `This setInterval loop ${at.scope === 'handler' ? 'starts on a request and ' : ''}only runs while the process runs (${where}). On Vercel the app runs as functions that freeze between requests and scale to zero, so the loop runs late, never, or once per warm instance. Run the work on a schedule with Vercel Cron (a crons entry in vercel.json calling a route) or Vercel Schedules.`,
      });
    }
    return findings;
  },
};

/** The file parsed again with its calls by start, on the first fix asked for, then shared by all the file's findings. */
type CallTree = () => { source: TS.SourceFile; callAt: ReadonlyMap<number, TS.CallExpression | TS.NewExpression> } | undefined;

function libraryFinding(ctx: SchedulerFileRuleContext, source: TS.SourceFile, job: ScheduledJob, at: Placed, where: string, deployment: VercelDeployment, fixTree: CallTree | undefined): Finding {
  const base = {
    code: CODE,
    severity: 'warning' as const,
    span: calleeSpan(source, at.call),
    message: `${job.source} schedules "${job.expression}" inside the running process, and it only fires while that process runs (${where}). On Vercel the app runs as functions that freeze between requests and scale to zero, so this job fires late, never, or once per warm instance. Move it to Vercel Cron (a crons entry in vercel.json calling a route that checks CRON_SECRET) or Vercel Schedules.`,
  };
  if (!fixTree) return { ...base, fixes: [] };
  const inModuleScope = at.scope === 'module';
  const { project, file, text } = ctx;
  return withLazyFixes(base, () => {
    const tree = fixTree();
    const call = tree?.callAt.get(job.declared.span.start);
    const fix = tree && call && moveScheduleToVercelFix({ project, file, text, source: tree.source, job, call, inModuleScope, deployment, ts: ctx.loadTypeScript() });
    return fix ? [fix] : [];
  });
}

/** Parses again rather than hold the check's tree: a finding outlives the check that made it, and most are never asked for a fix. */
function lazyCallTree(ctx: SchedulerFileRuleContext): CallTree {
  let tree: ReturnType<CallTree> | null = null;
  return () => {
    if (tree !== null) return tree;
    const code = CodeFile.parse(ctx.file, ctx.text, { readFile: (name) => ctx.project.readFile(name), loadTypeScript: ctx.loadTypeScript });
    const callAt = new Map<number, TS.CallExpression | TS.NewExpression>();
    // The outermost call at a start, as the job reader took it (`cron.schedule(…).start()` is not the schedule call):
    // calls come in source order, an outer call before the calls within it.
    for (const call of code?.calls() ?? []) if (!callAt.has(code!.spanOf(call).start)) callAt.set(code!.spanOf(call).start, call);
    const source = code?.source;
    tree = source && { source, callAt };
    return tree;
  };
}

/** node-cron's createTask makes a task that runs only once started; croner with no function only computes dates. */
function startsSchedule(text: string, job: ScheduledJob): boolean {
  if (job.source === 'node-cron') return !/^[^(]*\bcreateTask\b/.test(text.slice(job.declared.span.start, job.expressionSpan.start));
  if (job.source === 'croner') return !(job.target.kind === 'handler' && job.target.span.start === job.declared.span.start);
  return true;
}

function isSetInterval(ts: typeof TS, call: TS.CallExpression | TS.NewExpression): boolean {
  if (!ts.isCallExpression(call) || call.arguments.length === 0) return false;
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text === 'setInterval';
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'setInterval' && ts.isIdentifier(callee.expression) && (callee.expression.text === 'globalThis' || callee.expression.text === 'global');
}

/** The callee (`cron.schedule`, `new Cron`, `setInterval`): the squiggle stays off the job's body. */
function calleeSpan(source: TS.SourceFile, call: TS.CallExpression | TS.NewExpression): Span {
  return { start: call.getStart(source), end: call.expression.end };
}

/**
 * Every call of the file by its start, with what runs it: the module's top level, instrumentation's
 * `register()`, a route's method handler, or anything else; and whether a condition that may keep it
 * off the server or out of production (`typeof window`, NODE_ENV) stands around it.
 */
function placeCalls(ts: typeof TS, source: TS.SourceFile, file: string): Map<number, Placed> {
  const placed = new Map<number, Placed>();
  const instrumentation = INSTRUMENTATION.test(file);
  const route = ROUTE_FILE.test(file);
  /** What an exported top-level function is to Next.js: instrumentation's register(), a route's method handler, or other code. */
  const roleOf = (name: string): Scope => (instrumentation && name === 'register' ? 'register' : route && HANDLER_NAMES.has(name) ? 'handler' : 'other');
  const guards = guardWordsIn(source.text);
  /** Whether a condition names a guard word: looked up among the file's matches, as reading each condition's text made `a && b && …` quadratic. */
  const guardedBy = (condition: TS.Node) => guards.within(condition.getStart(source), condition.end);
  // A stack, not recursion: a generated expression thousands of operators deep overflowed the call stack.
  const stack: [node: TS.Node, scope: Scope, guarded: boolean][] = [[source, 'module', false]];
  const visitChildren = (node: TS.Node, scope: Scope, guarded: boolean) => {
    const children: TS.Node[] = [];
    ts.forEachChild(node, (child) => void children.push(child));
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, scope, guarded]);
  };
  while (stack.length) {
    const [node, scope, guarded] = stack.pop()!;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) placed.set(node.getStart(source), { call: node, scope, guarded });
    if (isFunctionLike(ts, node)) {
      const inner = scope === 'module' && ts.isFunctionDeclaration(node) && node.name && isExported(ts, node) ? roleOf(node.name.text) : 'other';
      visitChildren(node, inner, guarded);
    } else if (scope === 'module' && ts.isVariableStatement(node) && isExported(ts, node)) {
      // `export const GET = async () => …`: the arrow is the handler the name says.
      const declarations = node.declarationList.declarations;
      for (let i = declarations.length - 1; i >= 0; i--) {
        const declaration = declarations[i]!;
        const initializer = declaration.initializer && unwrapParentheses(ts, declaration.initializer);
        if (!initializer || !ts.isIdentifier(declaration.name) || !isFunctionLike(ts, initializer)) visitChildren(declaration, scope, guarded);
        else visitChildren(initializer, roleOf(declaration.name.text), guarded);
      }
    } else if (ts.isIfStatement(node) || ts.isConditionalExpression(node)) {
      visitChildren(node, scope, guarded || guardedBy(ts.isIfStatement(node) ? node.expression : node.condition));
    } else if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      visitChildren(node, scope, guarded || guardedBy(node.left));
    } else visitChildren(node, scope, guarded);
  }
  return placed;
}

/** Where GUARD_CONDITION matches in a text, and whether a range holds a whole match. */
function guardWordsIn(text: string): { within(start: number, end: number): boolean } {
  const starts: number[] = [];
  const ends: number[] = [];
  const all = new RegExp(GUARD_CONDITION.source, 'g');
  for (let match = all.exec(text); match; match = all.exec(text)) {
    starts.push(match.index);
    ends.push(match.index + match[0].length);
  }
  return {
    within(start, end) {
      // The first match starting at or after `start` (matches do not overlap, so their ends rise too).
      let low = 0;
      let high = starts.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (starts[mid]! < start) low = mid + 1;
        else high = mid;
      }
      return low < starts.length && ends[low]! <= end;
    },
  };
}

function isFunctionLike(ts: typeof TS, node: TS.Node): boolean {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isClassStaticBlockDeclaration(node);
}

function isExported(ts: typeof TS, statement: TS.Node): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function unwrapParentheses(ts: typeof TS, expression: TS.Expression): TS.Expression {
  let current = expression;
  for (let hops = 0; hops < 16 && ts.isParenthesizedExpression(current); hops++) current = current.expression;
  return current;
}
