import type * as TS from 'typescript';
import type { Handler } from '../../routes/handlers';
import type { ProjectView } from '../../vercel/project';
import { calledMember, isMonitoringSdk, packageCallRole, type PackageRole } from './packages';
import { type Origin, propertyName, type Scope, unwrapValue } from './origins';
import { pinoShippingOf } from './pino';
import { describeCallee, describeSink, MAX_RUN_HOPS, MAX_SYNTAX_DEPTH, Run, type Unit } from './run';
import { cleanClosure } from './prefilter';

/**
 * Whether a failed run reports somewhere (issue #15, shape 8), read from the data flow: a run is
 * monitored when a failure path (a `catch` clause, a `.catch(…)` or `.then(_, onRejected)`
 * callback, the wrapper around the handler) reaches, through the project functions it calls, a
 * sink known by its import binding: `fetch` or an HTTP client, a mailer, a chat webhook, a log
 * shipper, an error tracker. An error tracker (`Sentry.captureException`, a check-in) counts
 * wherever the run calls it; so do errors that escape to an `onRequestError` that reports.
 *
 * `console.error`, a local function named like a tracker that sends nothing, and a catch that
 * only rethrows report nothing. A failure path that calls something the analysis cannot read (a
 * package it does not know, a module it cannot resolve) is `unseen`: it may report.
 */
export interface MonitoringFacts {
  verdict: 'reported' | 'unreported' | 'unseen';
  /** What decided it, in words: the sink and where it was reached, or what could not be read. */
  why: string;
}

/** Calls a failure path may go through from where it starts (report → alert → fetch), on top of the run's own hops. */
const MAX_FAILURE_HOPS = 4;

/** A method name that may send a report, called on a value the analysis cannot trace (a parameter, an unknown local). */
const MAY_REPORT = /^(error|fatal|critical|warn|warning|alert|notify|report\w*|capture\w*|send\w*|post|publish|track|ping|log|emit|dispatch)$/i;

interface Reach {
  reported?: string;
  unseen?: string;
}

/** `prefilter: false` walks every route (tests hold the two paths to the same answers). */
export function analyseMonitoring(project: ProjectView, file: string, handler: Handler, options: { prefilter?: boolean } = {}): MonitoringFacts {
  if (options.prefilter !== false && !handler.wrapper && cleanClosure(project, file, 'monitoring')) {
    // No failure path and no reporter anywhere the run can reach: only an escape reporter can help.
    return escapeVerdict(project, handler, file, undefined);
  }
  const run = new Run(project, file, handler);
  const { ts, K, resolver } = run;
  const first = run.start();
  if (!first) return { verdict: 'unseen', why: `${file} could not be read` };
  let reported: string | undefined;
  const { roleOf, failureCall, reach } = failureReach(run);
  let depth = 0;

  /** A failure path found in the run: where it reaches decides the verdict. */
  const failurePath = (node: TS.Node, scope: Scope, unit: Unit, what: string): void => {
    const acc: Reach = {};
    reach(node, scope, unit.hops, acc);
    if (acc.reported) reported ??= `${acc.reported} in ${what} (${scope.file})`;
    else if (acc.unseen) run.markUnseen(`${what} (${scope.file}) may report: ${acc.unseen}`);
  };

  /** A callback handed to `.catch` or as `.then`'s second argument. */
  const failureCallback = (callback: TS.Node, scope: Scope, unit: Unit, what: string): void => {
    const bare = unwrapValue(ts, callback);
    if (run.isFunction(bare)) {
      if (bare.body) failurePath(bare.body, resolver.child(scope, bare), unit, what);
      return;
    }
    const acc: Reach = {};
    failureCall(bare, resolver.originOf(bare, scope), unit.hops, acc);
    if (acc.reported) reported ??= `${acc.reported} in ${what} (${scope.file})`;
    else if (acc.unseen) run.markUnseen(`${what} (${scope.file}) may report: ${acc.unseen}`);
  };

  // The run walk's position: the unit, and the scope of the function being walked.
  let unit: Unit = first;
  let scope: Scope = first.scope;
  const visitChild = (child: TS.Node): void => visit(child);

  /** The run's own code: follows project calls, finds failure paths and error trackers called anywhere. */
  const visit = (node: TS.Node): void => {
    if (reported || !run.tick()) return;
    const kind = node.kind;
    if ((kind >= K.FirstTypeNode && kind <= K.LastTypeNode) || kind === K.InterfaceDeclaration || kind === K.TypeAliasDeclaration) return;
    if (++depth > MAX_SYNTAX_DEPTH) {
      run.markUnseen('the run nests its code too deeply to read');
      depth--;
      return;
    }
    if (kind === K.CallExpression) visitCall(node as TS.CallExpression);
    else if (kind === K.CatchClause) failurePath((node as TS.CatchClause).block, scope, unit, 'a catch clause');
    else if (run.isFunction(node) && node !== unit.fn) {
      if (node.body) {
        const outer = scope;
        scope = resolver.child(outer, node);
        visit(node.body);
        scope = outer;
      }
    } else ts.forEachChild(node, visitChild);
    depth--;
  };

  const visitCall = (call: TS.CallExpression): void => {
    const callee = call.expression;
    const bare = unwrapValue(ts, callee);
    const member = bare.kind === K.PropertyAccessExpression ? (bare as TS.PropertyAccessExpression).name.text : undefined;
    const onRejected = member === 'catch' && call.arguments.length >= 1 ? 0 : member === 'then' && call.arguments.length >= 2 ? 1 : -1;
    if (onRejected >= 0) {
      visit((bare as TS.PropertyAccessExpression).expression);
      call.arguments.forEach((argument, i) => {
        if (i === onRejected) failureCallback(argument, scope, unit, member === 'catch' ? 'a .catch() callback' : 'a .then() rejection callback');
        else visit(argument);
      });
      return;
    }
    const origin = resolver.calleeOrigin(call, scope);
    if (origin.kind === 'package' && roleOf(origin) === 'reporter') reported ??= `${describeSink(origin)} called by the run (${scope.file})`;
    else run.followCall(callee, origin, unit);
    if (bare.kind !== K.Identifier) visit(callee);
    for (const argument of call.arguments) {
      run.followArgument(argument, unit, scope);
      visit(argument);
    }
  };

  // The wrapper around the handler sees every failure first.
  const wrapper = handler.wrapper;
  const routeScope = first.scope.parent!;
  if (wrapper) {
    const origin = resolver.originOf(wrapper.expression, routeScope);
    const name = describeCallee(run, wrapper.expression);
    if (origin.kind === 'package') {
      const role = roleOf(origin);
      if (role === 'reporter' || (isMonitoringSdk(origin.specifier) && role !== 'inert')) return { verdict: 'reported', why: `the handler is wrapped by ${describeSink(origin)}` };
      if (role === 'unknown') run.markUnseen(`the handler is wrapped by ${name} (${origin.specifier}), a package the analysis does not know`);
    } else if (origin.kind === 'function') run.enqueue(origin.fn, origin.scope, 1, name);
    else run.markUnseen(`the handler is wrapped by ${name}, which the analysis cannot read${origin.kind === 'unseen' ? `: ${origin.why}` : ''}`);
  }

  for (let i = 0; i < run.units.length && !reported; i++) {
    unit = run.units[i]!;
    scope = unit.scope;
    const body = (unit.fn as TS.FunctionLikeDeclaration).body;
    if (body) visit(body);
  }
  if (reported) return { verdict: 'reported', why: reported };
  if (run.unseen) return { verdict: 'unseen', why: run.unseen };
  return escapeVerdict(project, handler, file, run);
}

/** The verdict when the run itself reports nothing: errors that escape it may still reach a reporter. */
function escapeVerdict(project: ProjectView, handler: Handler, file: string, walked: Run | undefined): MonitoringFacts {
  const unreported: MonitoringFacts = { verdict: 'unreported', why: 'no failure path reaches an error reporter' };
  if (!hasEscapeReporterFiles(project)) return unreported;
  const run = walked ?? new Run(project, file, handler);
  if (!errorsEscape(run, handler)) return unreported;
  const escaped = escapeReporter(run);
  if (escaped?.reported) return { verdict: 'reported', why: escaped.reported };
  if (escaped?.unseen) return { verdict: 'unseen', why: escaped.unseen };
  return unreported;
}

/**
 * Whether an error the handler throws reaches Next.js: not when the handler's body is one
 * try/catch whose catch rethrows nothing (the catch answers, and Next never sees the error).
 */
function errorsEscape(run: Run, handler: Handler): boolean {
  const { K } = run;
  const body = handler.fn.body;
  if (!body || body.kind !== K.Block) return true;
  for (const statement of (body as TS.Block).statements) {
    if (statement.kind !== K.TryStatement) continue;
    const clause = (statement as TS.TryStatement).catchClause;
    if (clause && !throws(run, clause.block)) return false;
  }
  return true;
}

function throws(run: Run, node: TS.Node): boolean {
  if (node.kind === run.K.ThrowStatement) return true;
  if (run.isFunction(node)) return false;
  return run.ts.forEachChild(node, (child) => (throws(run, child) ? true : undefined)) ?? false;
}

/**
 * Whether the project has an instrumentation file or a next.config, where an escape reporter
 * lives: asked by every route, answered once per file set (ProjectView.files() is a new array
 * after every creation or deletion, and the editor checks every route again after either, so no
 * route needs the existence probes recorded among its reads).
 */
function hasEscapeReporterFiles(project: ProjectView): boolean {
  const files = project.files();
  let present = escapeReporterFiles.get(files);
  if (present === undefined) escapeReporterFiles.set(files, (present = [...INSTRUMENTATION_FILES, ...NEXT_CONFIGS].some((file) => project.has(file))));
  return present;
}
const escapeReporterFiles = new WeakMap<readonly string[], boolean>();

const INSTRUMENTATION_FILES = ['instrumentation.ts', 'instrumentation.js', 'src/instrumentation.ts', 'src/instrumentation.js'];
const NEXT_CONFIGS = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs', 'next.config.mts'];

/**
 * Where errors a route throws go in this app: Next.js calls `onRequestError` from instrumentation
 * (Sentry's `captureRequestError`, or a function of the app), and `withSentryConfig` around
 * next.config wraps route handlers with Sentry's error capture (unless turned off).
 */
function escapeReporter(run: Run): Reach | undefined {
  const { K, resolver, project } = run;
  const { roleOf, failureCall } = failureReach(run);
  for (const file of INSTRUMENTATION_FILES) {
    if (!project.has(file)) continue;
    const scope = resolver.moduleScope(file);
    const onRequestError = scope?.index.exported('onRequestError');
    if (!scope || !onRequestError) continue;
    const acc: Reach = {};
    if (run.isFunction(onRequestError)) {
      // The function is the failure path: everything it calls is on it.
      failureCall(onRequestError, { kind: 'function', fn: onRequestError, scope }, 0, acc);
    } else {
      const origin = resolver.originOf(onRequestError, scope);
      if (origin.kind === 'package') {
        const role = roleOf(origin);
        if (role === 'reporter' || role === 'channel') acc.reported = describeSink(origin);
        else if (role === 'unknown') acc.unseen = `onRequestError is ${origin.specifier}'s, a package the analysis does not know`;
      } else failureCall(onRequestError, origin, 0, acc);
    }
    if (acc.reported) return { reported: `errors that escape the handler reach onRequestError in ${file}, which calls ${acc.reported}` };
    if (acc.unseen) return { unseen: `errors that escape the handler reach onRequestError in ${file}, which may report: ${acc.unseen}` };
  }
  for (const file of NEXT_CONFIGS) {
    if (!project.has(file)) continue;
    const scope = resolver.moduleScope(file);
    if (!scope) continue;
    let found: string | undefined;
    const visit = (node: TS.Node, level: number): void => {
      if (found || level > 12 || !run.tick()) return;
      if (node.kind === K.CallExpression) {
        const call = node as TS.CallExpression;
        const origin = resolver.originOf(call.expression, scope);
        if (origin.kind === 'package' && origin.specifier.startsWith('@sentry/') && calledMember(origin.path) === 'withSentryConfig' && !turnsOffRouteCapture(run, call)) {
          found = `next.config wraps route handlers with Sentry's error capture (withSentryConfig in ${file})`;
          return;
        }
      }
      run.ts.forEachChild(node, (child) => visit(child, level + 1));
    };
    visit(scope.sourceFile, 0);
    if (found) return { reported: found };
    return undefined;
  }
  return undefined;
}

/** `withSentryConfig(config, { autoInstrumentServerFunctions: false, autoInstrumentAppDirectory: false })`. */
function turnsOffRouteCapture(run: Run, call: TS.CallExpression): boolean {
  const { K } = run;
  for (const argument of call.arguments) {
    if (argument.kind !== K.ObjectLiteralExpression) continue;
    for (const property of (argument as TS.ObjectLiteralExpression).properties) {
      const name = propertyName(run.ts, property.name);
      if ((name === 'autoInstrumentServerFunctions' || name === 'autoInstrumentAppDirectory') && property.kind === K.PropertyAssignment && (property as TS.PropertyAssignment).initializer.kind === K.FalseKeyword) return true;
    }
  }
  return false;
}

/**
 * Reaching from a failure path: every call on it is classified (a sink, a project function to
 * read too, something the analysis cannot read), functions it calls included, memoised per function.
 */
function failureReach(run: Run) {
  const { ts, K, resolver } = run;
  let depth = 0;
  const failureMemo = new Map<TS.Node, Reach | 'pending'>();

  const roleOf = (origin: Origin & { kind: 'package' }): PackageRole =>
    packageCallRole(origin.specifier, origin.path, origin.specifier === 'pino' || origin.specifier.startsWith('pino/') ? pinoShippingOf(resolver, origin.created) : undefined);

  /** A call on a failure path: does it send the failure somewhere, follow to code that does, or escape the analysis? */
  const failureCall = (callee: TS.Node, origin: Origin, hops: number, acc: Reach): void => {
    switch (origin.kind) {
      case 'package': {
        const role = roleOf(origin);
        if (role === 'reporter' || role === 'channel') acc.reported ??= describeSink(origin);
        else if (role === 'unknown') acc.unseen ??= `it calls ${describeCallee(run, callee)} (${origin.specifier}), a package the analysis does not know`;
        return;
      }
      case 'global':
        if ((origin.name === 'fetch' && origin.path.length === 0) || (origin.name === 'globalThis' && origin.path.length === 1 && origin.path[0] === 'fetch')) acc.reported ??= 'fetch';
        return;
      case 'function':
        reachFunction(origin.fn, origin.scope, hops + 1, describeCallee(run, callee), acc);
        return;
      case 'unseen':
        acc.unseen ??= `it calls ${describeCallee(run, callee)}: ${origin.why}`;
        return;
      case 'parameter':
      case 'value': {
        const bare = unwrapValue(ts, callee);
        const member = bare.kind === K.PropertyAccessExpression ? (bare as TS.PropertyAccessExpression).name.text : undefined;
        if (origin.kind === 'parameter' && member === undefined) acc.unseen ??= `it calls ${describeCallee(run, callee)}, a function it was passed`;
        else if (member !== undefined && MAY_REPORT.test(member)) acc.unseen ??= `it calls ${describeCallee(run, callee)} on a value the analysis cannot trace`;
        return;
      }
      default:
        return;
    }
  };

  /** Every call reachable from a failure path's code, functions it calls included. */
  const reach = (node: TS.Node, scope: Scope, hops: number, acc: Reach): void => {
    if (acc.reported || !run.tick()) return;
    const kind = node.kind;
    if ((kind >= K.FirstTypeNode && kind <= K.LastTypeNode) || kind === K.InterfaceDeclaration || kind === K.TypeAliasDeclaration) return;
    if (++depth > MAX_SYNTAX_DEPTH) {
      run.markUnseen('a failure path nests its code too deeply to read');
      depth--;
      return;
    }
    if (run.isFunction(node)) {
      const inner = resolver.child(scope, node);
      if (node.body) reach(node.body, inner, hops, acc);
    } else if (kind === K.CallExpression || kind === K.TaggedTemplateExpression) {
      const callee = kind === K.CallExpression ? (node as TS.CallExpression).expression : (node as TS.TaggedTemplateExpression).tag;
      failureCall(callee, resolver.calleeOrigin(node as TS.CallExpression | TS.TaggedTemplateExpression, scope), hops, acc);
      if (unwrapValue(ts, callee).kind !== K.Identifier) reach(callee, scope, hops, acc);
      if (kind === K.CallExpression) {
        for (const argument of (node as TS.CallExpression).arguments) {
          const bare = unwrapValue(ts, argument);
          // after(report), .catch(notify): a function handed over is called with the failure.
          if (bare.kind === K.Identifier || bare.kind === K.PropertyAccessExpression) {
            const origin = resolver.originOf(bare, scope);
            if (origin.kind === 'function') reachFunction(origin.fn, origin.scope, hops + 1, describeCallee(run, bare), acc);
            else if (bare.kind === K.PropertyAccessExpression) reach(bare, scope, hops, acc);
          } else reach(argument, scope, hops, acc);
        }
      } else reach((node as TS.TaggedTemplateExpression).template, scope, hops, acc);
    } else {
      ts.forEachChild(node, (child) => reach(child, scope, hops, acc));
    }
    depth--;
  };

  /** A function called on a failure path: all of it is on the failure path. */
  const reachFunction = (fn: TS.FunctionLikeDeclaration, lexical: Scope, hops: number, name: string, acc: Reach): void => {
    const memo = failureMemo.get(fn);
    if (memo === 'pending') return;
    if (!memo && hops > MAX_RUN_HOPS + MAX_FAILURE_HOPS) {
      acc.unseen ??= `${name} is called too many calls deep to read`;
      return;
    }
    let result = memo;
    if (!result) {
      failureMemo.set(fn, 'pending');
      result = {};
      if (fn.body) reach(fn.body, resolver.child(lexical, fn), hops, result);
      failureMemo.set(fn, result);
    }
    if (result.reported) acc.reported ??= `${result.reported} (through ${name})`;
    if (result.unseen) acc.unseen ??= result.unseen;
  };
  return { roleOf, failureCall, reach };
}
