import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { ProjectView } from '../vercel/project';
import type { AuthFacts } from './authFacts';
import { Follower, type Unit } from './authFollow';
import { AuthValues } from './authValues';
import { AUTHISH, DYNAMIC_API, GUARD_NAME, NOT_A_CHECK_RECEIVER } from './authVocabulary';
import { unwrap } from './authSyntax';

// Where the walk is when it meets a call: can the call's result (or throw) decide the response?
/** The job's work, or anything else that decides nothing. */
export const WORK = 0;
/** A condition that decides what the handler does (an if, a ?:), or a helper that decides. */
export const DECIDE = 1;
/** The condition of a refusal: its branch answers 401/403 or throws. */
export const GUARD = 2;
/** A declaration's value, which a later guard may test (`const ok = await verify(req)`). */
export const DECL = 3;
/** The call an expression statement or a return makes: it may throw before the work. */
export const STATEMENT = 4;

/** A call met in a handler's declaration: it counts once a guard tests the declared name. */
export interface Pending {
  unit?: Unit;
  label?: string;
  couldCheck: boolean;
}

/**
 * Where the calls the walk meets stand, and what that makes of a call it cannot follow: a
 * possible check where its result can decide the response (a guard, a statement handed the
 * request, a value a guard tests later), nothing when it is the job's work.
 */
export class AuthSites extends AuthValues {
  readonly follower: Follower;
  unit!: Unit;
  protected position = WORK;
  protected statementCall: TS.Node | undefined;
  /** The statement call is a return's (or an arrow's body): in a helper that decides, it is the decision. */
  protected statementReturns = false;
  /** Calls met while walking a handler declaration's value. */
  protected declared: Pending[] | undefined;
  /** Per name declared in the handler, the calls its value came from. */
  protected pending: Map<string, Pending[]> | undefined;
  /** Calls met where they decide (followed, or possible checks): a block that holds one checks. */
  protected guardCalls = 0;
  /** The handler's call in `if (!isAllowed(request)) <refusal>`: the helper it follows lets the request in by returning true. */
  protected negatedGuardCall: TS.Node | undefined;

  constructor(
    ts: TsApi,
    project: ProjectView,
    protected readonly facts: AuthFacts,
  ) {
    super(ts);
    this.follower = new Follower(ts, project, this);
  }

  /** A name declared from calls, read again: in a guard, the calls decide after all. */
  protected usePending(name: string): void {
    const entries = this.pending?.get(name);
    if (!entries) return;
    const position = this.position;
    if (position === GUARD || position === DECIDE) {
      for (const entry of entries) {
        if (entry.unit) {
          // A helper's value tested without a refusal (a client whose query failed) is the same
          // as a package call's: a check only when it could be one.
          if (position === GUARD || entry.couldCheck) {
            entry.unit.decides = true;
            entry.unit.decidesAsValue = false;
          } else if (!entry.unit.decides) {
            entry.unit.decides = true;
            entry.unit.decidesAsValue = true;
          }
        } else if (entry.label && (position === GUARD || entry.couldCheck)) this.facts.unresolvedChecks.push(entry.label);
      }
      this.pending!.delete(name);
      this.guardCalls++;
    } else if (position === DECL) {
      (this.declared ??= []).push(...entries);
    }
  }

  protected ignore(label: string): void {
    if (AUTHISH.test(label) && !this.facts.ignoredCalls.includes(label)) this.facts.ignoredCalls.push(label);
  }

  /** Where a call stands, as far as deciding the response goes. */
  protected site(call: TS.Node): number {
    const unit = this.unit;
    if (unit.moduleScope) return WORK;
    // In a helper, what matters is where the handler called it from.
    if (unit.depth > 0) {
      if (!unit.decides) return WORK;
      // `return verifyFrom(request.headers)`: what a deciding helper returns is the decision.
      if (this.position === GUARD) return GUARD;
      return call === this.statementCall && this.statementReturns && !unit.decidesAsValue ? GUARD : DECIDE;
    }
    if (this.position === GUARD || this.position === DECIDE) return this.position;
    if (call === this.statementCall) return STATEMENT;
    return this.position === DECL ? DECL : WORK;
  }

  /** The call is handed the request (or its headers): it may check it. */
  protected handsRequest(call: TS.CallExpression): boolean {
    const ts = this.ts;
    const request = this.unit.requestName;
    if (request === undefined) return false;
    // A loop, not `some`: every call a handler makes as a statement asks, and a closure each added up.
    for (const argument of call.arguments) {
      const bare = unwrap(ts, argument);
      if (ts.isIdentifier(bare) ? bare.text === request : ts.isPropertyAccessExpression(bare) && ts.isIdentifier(bare.expression) && bare.expression.text === request) return true;
    }
    return false;
  }

  /**
   * Follows a call, or records what a call that cannot be followed means: a possible check
   * where its result can decide the response (a guard, a statement handed the request, a value
   * a guard tests), nothing when it is the job's work.
   */
  protected callTo(call: TS.CallExpression, name: string, member: string | undefined, argsAuth: boolean): void {
    const site = this.site(call);
    const named = member ?? name;
    const decides = site === GUARD || site === DECIDE || (site === STATEMENT && this.couldCheck(call, named, argsAuth, site));
    // The helpers a helper that decides only as a value calls outside its guards make values too.
    const asValue = site === DECIDE && this.unit.decidesAsValue;
    const followed = this.follower.follow(name, this.unit, member, call.arguments, decides && !asValue, call);
    if (asValue && typeof followed === 'object' && !followed.decides) {
      followed.decides = true;
      followed.decidesAsValue = true;
    }
    if (followed === 'unreadable') {
      // The handler's answer is another handler's that no rule can read: listed, never "no check".
      this.facts.incomplete ??= `the handler answers with ${name}, built by a call whose code is not visible`;
      return;
    }
    if (typeof followed === 'object') {
      if (call === this.negatedGuardCall) followed.passesWhenTrue = true;
      if (decides) this.guardCalls++;
      else if (site === DECL) (this.declared ??= []).push({ unit: followed, couldCheck: this.couldCheck(call, named, argsAuth, site) });
      return;
    }
    // Headers, responses, consoles: framework and platform calls check nothing.
    if (member === undefined ? NOT_A_CHECK_RECEIVER.has(name) || DYNAMIC_API.has(name) : NOT_A_CHECK_RECEIVER.has(name)) return;
    // An import that cannot be read through (a package, a barrel) or a helper too far away may
    // check; a global or local value only when it is named like a check.
    if (followed === undefined && !AUTHISH.test(named)) return;
    const label = member === undefined ? name : `${name}.${member}`;
    switch (site) {
      case GUARD:
        this.facts.unresolvedChecks.push(label);
        this.guardCalls++;
        break;
      case DECIDE:
      case STATEMENT:
        if (site === STATEMENT ? decides : this.couldCheck(call, named, argsAuth, site)) {
          this.facts.unresolvedChecks.push(label);
          this.guardCalls++;
        } else this.ignore(label);
        break;
      case DECL:
        (this.declared ??= []).push({ label, couldCheck: this.couldCheck(call, named, argsAuth, site) });
        break;
      default:
        this.ignore(label);
    }
  }

  /** Handed the request, or named like a check: a statement's name must say guard, not just "cron". */
  protected couldCheck(call: TS.CallExpression, named: string, argsAuth: boolean, site: number): boolean {
    return argsAuth || this.handsRequest(call) || (site === STATEMENT ? GUARD_NAME : AUTHISH).test(named);
  }
}
