import type * as TS from 'typescript';
import type { Handler } from '../../routes/handlers';
import type { ProjectView } from '../../vercel/project';
import { calledMember, packageName } from './packages';
import { isFunctionLike, type Origin, Resolver, type Scope, unwrapValue } from './origins';

/**
 * The code one cron run executes, as far as the analysis reads it: the handler, the wrapper
 * around it, and the project functions they call, a few calls deep. Both wrapper hints walk it,
 * each looking for its own evidence (a failure path that reports, a claim that gates the work).
 */

/** Calls followed from the handler into project functions before the rest of the run counts as unseen. */
export const MAX_RUN_HOPS = 8;
/** Syntax nodes one analysis visits, all files together, before it stops and calls the rest unseen. */
export const MAX_RUN_NODES = 12_000;
/** Name resolution steps of one analysis (each step is one link: a name, a member, an import). */
export const MAX_RESOLUTION_STEPS = 20_000;
/** Syntax levels one walk descends before it stops: the walks recurse, and a count (not the stack) must end them. */
export const MAX_SYNTAX_DEPTH = 300;

/** A function of the run: what it is, where its names resolve, and how many calls it is from the handler. */
export interface Unit {
  fn: TS.Node;
  scope: Scope;
  hops: number;
}

/** What the analysis saw of one run, bounded by counts. */
export class Run {
  readonly ts;
  readonly K: typeof TS.SyntaxKind;
  readonly resolver: Resolver;
  readonly units: Unit[] = [];
  private readonly queued = new Set<TS.Node>();
  private nodes = 0;
  /** Why part of the run went unread, when it did: then its absence of evidence proves nothing. */
  unseen: string | undefined;

  constructor(
    readonly project: ProjectView,
    readonly file: string,
    readonly handler: Handler,
  ) {
    this.resolver = new Resolver(project, MAX_RESOLUTION_STEPS);
    this.ts = this.resolver.ts;
    this.K = this.ts.SyntaxKind;
  }

  /** The route file's module scope; undefined when it cannot be read (the check reports that itself). */
  routeScope(): Scope | undefined {
    return this.resolver.moduleScope(this.file);
  }

  /** Counts one visited node; false once the budget is spent (and the run is then partly unseen). */
  tick(): boolean {
    if (++this.nodes <= MAX_RUN_NODES) return true;
    this.unseen ??= `the run holds more code than the analysis reads (${MAX_RUN_NODES} syntax nodes)`;
    return false;
  }

  /** Records that part of the run could not be read; the first reason is kept. */
  markUnseen(why: string): void {
    this.unseen ??= why;
  }

  /** Queues a project function of the run, once; past MAX_RUN_HOPS the run is partly unseen. */
  enqueue(fn: TS.Node, lexical: Scope, hops: number, name: string): void {
    if (this.queued.has(fn)) return;
    if (hops > MAX_RUN_HOPS) {
      this.markUnseen(`${name} is called more than ${MAX_RUN_HOPS} calls deep from the handler`);
      return;
    }
    this.queued.add(fn);
    this.units.push({ fn, scope: this.resolver.child(lexical, fn), hops });
  }

  /**
   * Follows a call of the run (not of a failure path): a project function is queued, a call
   * straight into project code that cannot be read (`import { sync } from '@/lib/barrel'`)
   * makes the run partly unseen. Member calls on values (`db.job.update`) are the libraries' own.
   */
  followCall(callee: TS.Node, origin: Origin, unit: Unit): void {
    if (origin.kind === 'function') this.enqueue(origin.fn, origin.scope, unit.hops + 1, describeCallee(this, callee));
    else if (origin.kind === 'unseen' && this.isDirect(callee, unit.scope)) this.markUnseen(`${describeCallee(this, callee)}: ${origin.why}`);
  }

  /** `sync()` or `jobs.sync()` through a namespace import: a call of a named function, not a method of a value. */
  private isDirect(callee: TS.Node, scope: Scope): boolean {
    const bare = unwrapValue(this.ts, callee);
    if (bare.kind === this.K.Identifier) return true;
    if (bare.kind !== this.K.PropertyAccessExpression) return false;
    const receiver = (bare as TS.PropertyAccessExpression).expression;
    if (receiver.kind !== this.K.Identifier) return false;
    const binding = scope.index.imported((receiver as TS.Identifier).text);
    return binding !== undefined && binding.exported === undefined;
  }

  /** A function passed as a value (`items.map(processItem)`, `after(report)`): it runs as part of the run. */
  followArgument(argument: TS.Node, unit: Unit, scope: Scope): void {
    const bare = unwrapValue(this.ts, argument);
    if (bare.kind !== this.K.Identifier && bare.kind !== this.K.PropertyAccessExpression) return;
    const origin = this.resolver.originOf(bare, scope);
    if (origin.kind === 'function') this.enqueue(origin.fn, origin.scope, unit.hops + 1, bare.getText(scope.sourceFile));
  }

  /** Starts the run at the handler; the wrapper around it, if any, is the caller's to classify. */
  start(): Unit | undefined {
    const scope = this.routeScope();
    if (!scope) return undefined;
    this.enqueue(this.handler.fn, scope, 0, 'the handler');
    return this.units[0];
  }

  /** A walk's visit of a nested function (a callback): its own scope, the same unit. */
  isFunction(node: TS.Node): node is TS.FunctionLikeDeclaration {
    return isFunctionLike(this.ts, node);
  }
}

/** How a callee reads in a reason: `captureException`, `Sentry.captureException`, `logger.error`. */
export function describeCallee(run: Run, callee: TS.Node): string {
  const bare = unwrapValue(run.ts, callee);
  if (bare.kind === run.K.Identifier) return (bare as TS.Identifier).text;
  if (bare.kind === run.K.PropertyAccessExpression) {
    const access = bare as TS.PropertyAccessExpression;
    const receiver = unwrapValue(run.ts, access.expression);
    return receiver.kind === run.K.Identifier ? `${(receiver as TS.Identifier).text}.${access.name.text}` : access.name.text;
  }
  return 'a call';
}

/** `captureException from @sentry/nextjs`, `fetch`: a sink as a reason names it. */
export function describeSink(origin: Origin): string {
  if (origin.kind === 'global') return origin.path.length ? `${origin.name}.${origin.path.join('.')}` : origin.name;
  if (origin.kind === 'package') return `${calledMember(origin.path) ?? 'the default export'} of ${packageName(origin.specifier)}`;
  return 'a call';
}
