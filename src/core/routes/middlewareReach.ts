import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { Span } from '../types';
import { localFunctions } from './handlers';
import { matcherRegExp } from './matcher';

/**
 * Whether Vercel's cron request for one path can reach a redirect in the middleware (or proxy).
 *
 * The middleware is run abstractly for that request: the path is known, and so is what the cron
 * request lacks (cookies, a session: it is a GET with `Authorization: Bearer <CRON_SECRET>` and
 * `user-agent: vercel-cron/1.0`). Conditions on the path are decided (`startsWith`, regexes,
 * public-path lists, Clerk's `createRouteMatcher`, local helpers); conditions on the session are
 * false for the cron request; any other condition it does not know is taken both ways ("the cron
 * request might satisfy it"), unless it may depend on the path or on headers, in which case what
 * lies behind it is "cannot tell" and reports nothing. Only this file is read: a helper imported
 * from another file is a value the analysis does not know.
 *
 * Bounded by counts: steps, call depth, syntax depth and array sizes, never the clock.
 */

export interface RedirectReach {
  /** The redirect the cron request reaches: a call, a `new Response(…, { status: 30x })`, or next-auth's middleware. */
  span: Span;
  /** 1-based line of the redirect in the middleware file. */
  line: number;
  /** The redirect's code, on one line and shortened. */
  code: string;
  /** Conditions on the way that hold (or can hold) for the cron request, as written. */
  conditions: string[];
  /** One of them reads the session, a cookie or a token, which the cron request does not have. */
  readsSession: boolean;
  /** next-auth's `withAuth` / `next-auth/middleware`: the redirect is the library's, not a line of the app's. */
  nextAuth: boolean;
}

export type ReachAnswer = { reaches: RedirectReach } | { reaches: undefined; why: 'not-reached' | 'cannot-tell' };

const MAX_STEPS = 20_000;
const MAX_CALL_DEPTH = 6;
const MAX_SYNTAX_DEPTH = 400;
const MAX_ARRAY = 200;
const MAX_CONDITIONS = 3;

/** The analysis went past one of its bounds: its answer is "cannot tell". */
class GiveUp extends Error {}

/**
 * true / false: decided for the cron request. maybe: depends on something it may or may not
 * have (a helper's answer); both ways are possible, a redirect behind it counts. unknown: may
 * depend on the path or the headers in a way this analysis cannot follow; nothing behind it counts.
 */
type Truth = 'true' | 'false' | 'maybe' | 'unknown';

type FnNode = TS.FunctionDeclaration | TS.FunctionExpression | TS.ArrowFunction | TS.MethodDeclaration;

type Builtin =
  | 'NextResponse'
  | 'redirectResponse'
  | 'otherResponse'
  | 'navRedirect'
  | 'redirectToSignIn'
  | 'protect'
  | 'createRouteMatcher'
  | 'clerkMiddleware'
  | 'withAuth'
  | 'noSession'
  | 'sessionLib'
  | 'cookiesFn'
  | 'headersFn'
  | 'cookieGet'
  | 'cookieHas'
  | 'headerRead'
  | 'urlClone'
  | 'URL'
  | 'RegExp'
  | 'hasNot';

type Val =
  /** `p`: derived from the path (reading it counts as looking at the path). */
  | { k: 'str'; v: string; p: boolean }
  | { k: 'arr'; items: Val[] }
  | { k: 're'; re: RegExp }
  /** `p` / `s`: computed from the path / the session (naming a condition on it depends on that). */
  | { k: 'bool'; t: Truth; p?: boolean; s?: boolean }
  /** null / undefined: what the cron request has for a session, a cookie, a token. */
  | { k: 'none' }
  | { k: 'req' }
  | { k: 'url' }
  /** `request.url`: the whole URL, whose path is known and whose origin is not. */
  | { k: 'urlStr' }
  | { k: 'cookies' }
  | { k: 'headers' }
  | { k: 'obj'; props: Map<string, Val> }
  | { k: 'fn'; node: FnNode; env: Env }
  | { k: 'builtin'; name: Builtin }
  | { k: 'method'; recv: Val; name: string }
  /** Clerk's createRouteMatcher(…): undefined patterns when one could not be read. */
  | { k: 'matcher'; res: RegExp[] | undefined }
  | { k: 'clerkAuth' }
  | { k: 'clerkSession' }
  | { k: 'withAuth'; node: TS.Node; args: Val[] }
  | { k: 'clerkEntry'; args: Val[] }
  /** A function imported from a module this analysis does not know. */
  | { k: 'import' }
  | { k: 'response' }
  /** Anything else: `pathy` when it may depend on the path or the headers. */
  | { k: 'opaque'; pathy: boolean };

type Env = Map<string, Val>;

/** One way control can take through the code. `sure`: not behind a condition that may depend on the path. */
interface Flow {
  sure: boolean;
  conditions: readonly string[];
  /** A named condition read the session. */
  session?: boolean;
  env: Env;
}

interface Completion {
  normal?: Flow;
  breaks?: Flow;
  continues?: Flow;
}

interface Frame {
  returns: { val: Val; sure: boolean }[];
  /** unknownNesting when the function was entered: returns deeper than that are not sure. */
  base: number;
}

const OPAQUE: Val = { k: 'opaque', pathy: false };
const PATHY: Val = { k: 'opaque', pathy: true };
const NONE: Val = { k: 'none' };
const REQ: Val = { k: 'req' };

const bool = (t: Truth): Val => ({ k: 'bool', t });
const fromBoolean = (b: boolean): Truth => (b ? 'true' : 'false');

function not(t: Truth): Truth {
  return t === 'true' ? 'false' : t === 'false' ? 'true' : t;
}

function and(a: Truth, b: Truth): Truth {
  if (a === 'false' || b === 'false') return 'false';
  if (a === 'true') return b;
  if (b === 'true') return a;
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'maybe';
}

function or(a: Truth, b: Truth): Truth {
  return not(and(not(a), not(b)));
}

/** Two values control may hold at one point: the same truth stays, otherwise maybe (or unknown). */
function joinTruth(a: Truth, b: Truth): Truth {
  if (a === b) return a;
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'maybe';
}

/** Whether a value may depend on the path. Looks at most 256 values into lists and objects (past that: it may). */
function isPathy(val: Val, budget = { left: 256 }): boolean {
  if (--budget.left < 0) return true;
  switch (val.k) {
    // A callback handed to a function this analysis does not know may be called with the path.
    case 'fn':
    case 'req':
    case 'url':
    case 'urlStr':
    case 'headers':
      return true;
    case 'str':
      return val.p;
    case 'opaque':
      return val.pathy;
    case 'bool':
      return val.t === 'unknown';
    case 'arr':
      return val.items.some((item) => isPathy(item, budget));
    case 'obj':
      for (const item of val.props.values()) if (isPathy(item, budget)) return true;
      return false;
    default:
      return false;
  }
}

function truthOf(val: Val): Truth {
  switch (val.k) {
    case 'str':
      return fromBoolean(val.v !== '');
    case 'bool':
      return val.t;
    case 'none':
      return 'false';
    case 'opaque':
      return val.pathy ? 'unknown' : 'maybe';
    case 'import':
      return 'true';
    default:
      return 'true';
  }
}

/** An unknown value that depends on these inputs. */
function unknownFrom(...inputs: Val[]): Val {
  return inputs.some((input) => isPathy(input)) ? PATHY : OPAQUE;
}

/** Modules whose functions read a session or a token, never the app's paths. */
const SESSION_MODULES = /^(next-auth(\/.*)?|@auth\/.*|iron-session|jose|jsonwebtoken|better-auth(\/.*)?|@supabase\/(ssr|supabase-js|auth-helpers-nextjs)|lucia)$/;

/** The imported bindings the analysis knows, by module and exported name. */
function knownImport(specifier: string, name: string): Val | undefined {
  switch (specifier) {
    case 'next/server':
      if (name === 'NextResponse') return { k: 'builtin', name: 'NextResponse' };
      return undefined;
    case 'next/navigation':
      if (name === 'redirect' || name === 'permanentRedirect') return { k: 'builtin', name: 'navRedirect' };
      return undefined;
    case 'next/headers':
      if (name === 'cookies') return { k: 'builtin', name: 'cookiesFn' };
      if (name === 'headers') return { k: 'builtin', name: 'headersFn' };
      return undefined;
    case '@clerk/nextjs/server':
    case '@clerk/nextjs':
      if (name === 'createRouteMatcher') return { k: 'builtin', name: 'createRouteMatcher' };
      if (name === 'clerkMiddleware') return { k: 'builtin', name: 'clerkMiddleware' };
      if (name === 'redirectToSignIn') return { k: 'builtin', name: 'redirectToSignIn' };
      return undefined;
    case 'next-auth/middleware':
      if (name === 'withAuth' || name === 'default') return { k: 'builtin', name: 'withAuth' };
      return undefined;
    case 'next-auth/jwt':
      if (name === 'getToken') return { k: 'builtin', name: 'noSession' };
      return { k: 'builtin', name: 'sessionLib' };
  }
  return SESSION_MODULES.test(specifier) ? { k: 'builtin', name: 'sessionLib' } : undefined;
}

/** Statements whose syntax may leave a loop body early (return, throw), not counting nested functions. */
function mayLeave(ts: TsApi, node: TS.Node): boolean {
  const K = ts.SyntaxKind;
  let found = false;
  const visit = (child: TS.Node): void => {
    if (found) return;
    if (child.kind === K.ReturnStatement || child.kind === K.ThrowStatement) found = true;
    else if (child.kind !== K.FunctionDeclaration && child.kind !== K.FunctionExpression && child.kind !== K.ArrowFunction) ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}

/** Names assigned anywhere inside `node` (not counting nested functions). */
function assignedNames(ts: TsApi, node: TS.Node): Set<string> {
  const K = ts.SyntaxKind;
  const names = new Set<string>();
  const visit = (child: TS.Node): void => {
    if (ts.isBinaryExpression(child) && child.operatorToken.kind >= K.FirstAssignment && child.operatorToken.kind <= K.LastAssignment && ts.isIdentifier(child.left)) names.add(child.left.text);
    if ((child.kind === K.PrefixUnaryExpression || child.kind === K.PostfixUnaryExpression) && ts.isIdentifier((child as TS.PrefixUnaryExpression).operand)) {
      names.add(((child as TS.PrefixUnaryExpression).operand as TS.Identifier).text);
    }
    if (child.kind !== K.FunctionDeclaration && child.kind !== K.FunctionExpression && child.kind !== K.ArrowFunction) ts.forEachChild(child, visit);
  };
  visit(node);
  return names;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

interface Recorded {
  node: TS.Node;
  sure: boolean;
  conditions: readonly string[];
  session: boolean;
  nextAuth: boolean;
}

class Walk {
  private readonly K: typeof TS.SyntaxKind;
  private steps = 0;
  private depth = 0;
  private callDepth = 0;
  /** How many conditions that may depend on the path enclose the point being walked. */
  private unknownNesting = 0;
  /** Set by a call that never returns (next/navigation's redirect, Clerk's protect): the rest of the statement is not run. */
  private dead = false;
  /** Set when an expression reads the path: a condition on the path is not worth naming in the message. */
  private touched = false;
  /** Set when an expression reads the session the cron request does not have: a condition on it is named. */
  private sessionRead = false;
  private recording = true;
  readonly redirects: Recorded[] = [];
  private readonly locals: Map<string, TS.FunctionLikeDeclaration | TS.Expression>;
  private readonly imports = new Map<string, { specifier: string; name: string }>();
  private readonly moduleValues = new Map<string, Val>();
  private readonly evaluating = new Set<string>();

  constructor(
    private readonly ts: TsApi,
    private readonly sourceFile: TS.SourceFile,
    private readonly path: string,
  ) {
    this.K = ts.SyntaxKind;
    this.locals = localFunctions(ts, sourceFile);
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !statement.importClause || statement.importClause.isTypeOnly) continue;
      const specifier = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (clause.name) this.imports.set(clause.name.text, { specifier, name: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) this.imports.set(element.name.text, { specifier, name: (element.propertyName ?? element.name).text });
      } else if (bindings) {
        this.imports.set(bindings.name.text, { specifier, name: '*' });
      }
    }
  }

  private step(): void {
    if (++this.steps > MAX_STEPS) throw new GiveUp();
  }

  /** A flow's own copy of the names in scope, paid for in steps like any other work. */
  private copy(env: Env): Env {
    this.steps += env.size;
    if (this.steps > MAX_STEPS) throw new GiveUp();
    return new Map(env);
  }

  // ---- values ----

  private lookup(name: string, env: Env): Val {
    const local = env.get(name);
    if (local) return this.touch(local);
    if (this.locals.has(name)) return this.touch(this.moduleValue(name));
    const binding = this.imports.get(name);
    if (binding) {
      return knownImport(binding.specifier, binding.name) ?? { k: 'import' };
    }
    switch (name) {
      case 'undefined':
        return NONE;
      case 'Response':
        return { k: 'builtin', name: 'NextResponse' };
      case 'URL':
        return { k: 'builtin', name: 'URL' };
      case 'RegExp':
        return { k: 'builtin', name: 'RegExp' };
    }
    return OPAQUE;
  }

  private touch(val: Val): Val {
    if ((val.k === 'str' && val.p) || val.k === 'url' || val.k === 'urlStr') this.touched = true;
    else if (val.k === 'none') this.sessionRead = true;
    else if (val.k === 'bool') {
      if (val.p) this.touched = true;
      if (val.s) this.sessionRead = true;
    }
    return val;
  }

  /** A top-level declaration's value, evaluated once, without recording (module code runs at import). */
  private moduleValue(name: string): Val {
    const known = this.moduleValues.get(name);
    if (known) return known;
    if (this.evaluating.has(name)) return PATHY;
    const node = this.locals.get(name)!;
    let val: Val;
    if (this.isFunctionNode(node)) val = { k: 'fn', node, env: new Map() };
    else {
      this.evaluating.add(name);
      const recording = this.recording;
      const dead = this.dead;
      const nesting = this.unknownNesting;
      this.recording = false;
      this.unknownNesting = 0;
      try {
        val = this.ev(node as TS.Expression, { sure: true, conditions: [], env: new Map() });
      } finally {
        this.recording = recording;
        this.dead = dead;
        this.unknownNesting = nesting;
        this.evaluating.delete(name);
      }
    }
    this.moduleValues.set(name, val);
    return val;
  }

  private isFunctionNode(node: TS.Node): node is FnNode {
    const K = this.K;
    return node.kind === K.FunctionDeclaration || node.kind === K.FunctionExpression || node.kind === K.ArrowFunction || node.kind === K.MethodDeclaration;
  }

  private member(base: Val, name: string): Val {
    switch (base.k) {
      case 'req':
        switch (name) {
          case 'nextUrl':
            this.touched = true;
            return { k: 'url' };
          case 'url':
            this.touched = true;
            return { k: 'urlStr' };
          case 'cookies':
            return { k: 'cookies' };
          case 'headers':
            return { k: 'headers' };
          case 'method':
            return { k: 'str', v: 'GET', p: false };
          // next-auth v5 `auth((req) => …)` and v4 withAuth put the session here: the cron request has none.
          case 'auth':
            this.sessionRead = true;
            return NONE;
          case 'nextauth':
            this.sessionRead = true;
            return { k: 'obj', props: new Map([['token', NONE]]) };
          case 'geo':
          case 'ip':
            return OPAQUE;
        }
        return PATHY;
      case 'url':
        this.touched = true;
        if (name === 'pathname') return { k: 'str', v: this.path, p: true };
        if (name === 'clone') return { k: 'builtin', name: 'urlClone' };
        return PATHY;
      case 'urlStr':
      case 'str':
      case 'arr':
      case 're':
        if (name === 'length') return unknownFrom(base);
        return { k: 'method', recv: base, name };
      case 'cookies':
        if (name === 'get') return { k: 'builtin', name: 'cookieGet' };
        if (name === 'has') return { k: 'builtin', name: 'cookieHas' };
        if (name === 'getAll') return { k: 'method', recv: { k: 'arr', items: [] }, name: 'slice' };
        return OPAQUE;
      case 'headers':
        return { k: 'builtin', name: 'headerRead' };
      case 'none':
        return NONE;
      case 'obj':
        return base.props.get(name) ?? NONE;
      case 'builtin':
        if (base.name === 'NextResponse') return { k: 'builtin', name: name === 'redirect' ? 'redirectResponse' : 'otherResponse' };
        // `jose.jwtVerify`: a session library's members read the session, not the path.
        if (base.name === 'sessionLib') return base;
        return OPAQUE;
      case 'clerkAuth':
        return name === 'protect' ? { k: 'builtin', name: 'protect' } : OPAQUE;
      case 'clerkSession':
        switch (name) {
          case 'protect':
            return { k: 'builtin', name: 'protect' };
          case 'redirectToSignIn':
          case 'redirectToSignUp':
            return { k: 'builtin', name: 'redirectToSignIn' };
          case 'has':
            return { k: 'builtin', name: 'hasNot' };
          case 'getToken':
            return { k: 'builtin', name: 'noSession' };
        }
        // userId, sessionId, orgId, sessionClaims…: signed out.
        this.sessionRead = true;
        return NONE;
      case 'import':
      case 'opaque':
        return unknownFrom(base);
    }
    return unknownFrom(base);
  }

  // ---- expressions ----

  private ev(node: TS.Expression, flow: Flow): Val {
    this.step();
    if (++this.depth > MAX_SYNTAX_DEPTH) throw new GiveUp();
    try {
      return this.evInner(node, flow);
    } finally {
      this.depth--;
    }
  }

  private evInner(node: TS.Expression, flow: Flow): Val {
    const ts = this.ts;
    const K = this.K;
    switch (node.kind) {
      case K.ParenthesizedExpression:
      case K.NonNullExpression:
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.TypeAssertionExpression:
      case K.AwaitExpression:
        return this.ev((node as TS.ParenthesizedExpression).expression, flow);
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
        return { k: 'str', v: (node as TS.StringLiteral).text, p: false };
      case K.TemplateExpression: {
        const template = node as TS.TemplateExpression;
        let text = template.head.text;
        let p = false;
        for (const span of template.templateSpans) {
          const part = this.ev(span.expression, flow);
          if (part.k !== 'str') return unknownFrom(part);
          text += part.v + span.literal.text;
          p ||= part.p;
        }
        return { k: 'str', v: text, p };
      }
      case K.NumericLiteral:
        return OPAQUE;
      case K.TrueKeyword:
        return bool('true');
      case K.FalseKeyword:
        return bool('false');
      case K.NullKeyword:
        return NONE;
      case K.RegularExpressionLiteral: {
        const text = node.getText(this.sourceFile);
        const slash = text.lastIndexOf('/');
        try {
          return { k: 're', re: new RegExp(text.slice(1, slash), text.slice(slash + 1).replace(/[gy]/g, '')) };
        } catch {
          return PATHY;
        }
      }
      case K.ArrayLiteralExpression: {
        const items: Val[] = [];
        for (const element of (node as TS.ArrayLiteralExpression).elements) {
          if (element.kind === K.SpreadElement) {
            const spread = this.ev((element as TS.SpreadElement).expression, flow);
            if (spread.k !== 'arr') return unknownFrom(spread);
            items.push(...spread.items);
          } else items.push(this.ev(element, flow));
          if (items.length > MAX_ARRAY) throw new GiveUp();
        }
        return { k: 'arr', items };
      }
      case K.ObjectLiteralExpression: {
        const props = new Map<string, Val>();
        for (const property of (node as TS.ObjectLiteralExpression).properties) {
          const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
          if (ts.isPropertyAssignment(property) && name !== undefined) props.set(name, this.ev(property.initializer, flow));
          else if (property.kind === K.ShorthandPropertyAssignment && name !== undefined) props.set(name, this.lookup(name, flow.env));
          else if (property.kind === K.MethodDeclaration && name !== undefined) props.set(name, { k: 'fn', node: property as TS.MethodDeclaration, env: flow.env });
          else if (property.kind === K.SpreadAssignment) {
            const spread = this.ev((property as TS.SpreadAssignment).expression, flow);
            if (spread.k === 'obj') for (const [key, value] of spread.props) props.set(key, value);
          }
        }
        return { k: 'obj', props };
      }
      case K.Identifier:
        return this.lookup((node as TS.Identifier).text, flow.env);
      case K.PropertyAccessExpression: {
        const access = node as TS.PropertyAccessExpression;
        return this.member(this.ev(access.expression, flow), access.name.text);
      }
      case K.ElementAccessExpression: {
        const access = node as TS.ElementAccessExpression;
        const base = this.ev(access.expression, flow);
        const index = this.ev(access.argumentExpression, flow);
        if (base.k === 'arr' && ts.isNumericLiteral(access.argumentExpression)) return base.items[Number(access.argumentExpression.text)] ?? NONE;
        if (index.k === 'str' && !index.p) return this.member(base, index.v);
        return unknownFrom(base, index);
      }
      case K.CallExpression:
        return this.call(node as TS.CallExpression, flow);
      case K.NewExpression:
        return this.construct(node as TS.NewExpression, flow);
      case K.PrefixUnaryExpression: {
        const unary = node as TS.PrefixUnaryExpression;
        const operand = this.ev(unary.operand, flow);
        if (unary.operator === K.ExclamationToken) return bool(not(truthOf(operand)));
        return unknownFrom(operand);
      }
      case K.BinaryExpression:
        return this.binary(node as TS.BinaryExpression, flow);
      case K.ConditionalExpression: {
        const conditional = node as TS.ConditionalExpression;
        this.touched = false;
        this.sessionRead = false;
        const t = truthOf(this.ev(conditional.condition, flow));
        const session = this.sessionRead;
        const onPath = this.touched && !session;
        const text = this.conditionText(conditional.condition);
        if (t === 'true') return this.ev(conditional.whenTrue, this.withCondition(flow, text, true, t, onPath, session));
        if (t === 'false') return this.ev(conditional.whenFalse, this.withCondition(flow, text, false, t, onPath, session));
        const a = this.partly(t, () => this.ev(conditional.whenTrue, this.withCondition(flow, text, true, t, onPath, session)));
        const b = this.partly(t, () => this.ev(conditional.whenFalse, this.withCondition(flow, text, false, t, onPath, session)));
        return this.joinVal(a, b, t);
      }
      case K.ArrowFunction:
      case K.FunctionExpression:
        return { k: 'fn', node: node as FnNode, env: flow.env };
      case K.TypeOfExpression:
        return unknownFrom(this.ev((node as TS.TypeOfExpression).expression, flow));
      case K.VoidExpression:
        this.ev((node as TS.VoidExpression).expression, flow);
        return NONE;
    }
    return PATHY;
  }

  /** Runs `fn` for one side of a condition that may go either way: a throw there does not end the statement. */
  private partly<T>(t: Truth, fn: () => T): T {
    const dead = this.dead;
    if (t === 'unknown') this.unknownNesting++;
    try {
      return fn();
    } finally {
      if (t === 'unknown') this.unknownNesting--;
      this.dead = dead;
    }
  }

  /** What a name holds where two flows meet, one from each side of a condition decided `t`. */
  private joinVal(a: Val, b: Val, t: Truth): Val {
    if (a === b) return a;
    if (a.k === 'str' && b.k === 'str' && a.v === b.v) return { k: 'str', v: a.v, p: a.p || b.p };
    if (a.k === 'none' && b.k === 'none') return NONE;
    const ta = truthOf(a);
    const tb = truthOf(b);
    if (a.k === 'bool' && b.k === 'bool' && ta === tb) return a;
    // Which of two different values it is depends on the condition, so on the path when that may.
    if (t === 'unknown' || isPathy(a) || isPathy(b)) return PATHY;
    return bool(ta === tb ? ta : joinTruth(ta, tb) === 'unknown' ? 'unknown' : 'maybe');
  }

  private binary(node: TS.BinaryExpression, flow: Flow): Val {
    const K = this.K;
    const op = node.operatorToken.kind;
    if (op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken) {
      const left = this.ev(node.left, flow);
      const t = op === K.QuestionQuestionToken ? (left.k === 'none' ? 'false' : left.k === 'opaque' ? truthOf(left) : 'true') : truthOf(left);
      // The right side runs when the left is truthy (&&), falsy (||) or nullish (??).
      const runs: Truth = op === K.AmpersandAmpersandToken ? t : not(t);
      if (runs === 'false') return left;
      if (runs === 'true') return this.ev(node.right, flow);
      const right = this.partly(runs, () => this.ev(node.right, flow));
      const tr = truthOf(right);
      if (op === K.AmpersandAmpersandToken) return bool(and(t, tr));
      if (op === K.BarBarToken) return bool(or(t, tr));
      return this.joinVal(left, right, runs);
    }
    const ts = this.ts;
    if (op === K.EqualsToken && ts.isIdentifier(node.left)) {
      const value = this.ev(node.right, flow);
      flow.env.set(node.left.text, value);
      return value;
    }
    if (op >= K.FirstAssignment && op <= K.LastAssignment) {
      const value = this.ev(node.right, flow);
      const target = node.left;
      if (ts.isIdentifier(target)) flow.env.set(target.text, unknownFrom(this.lookup(target.text, flow.env), value));
      else if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression) && flow.env.has(target.expression.text)) {
        // `url.pathname = '/login'` on a clone: what it held is no longer known.
        flow.env.set(target.expression.text, PATHY);
      }
      return value;
    }
    const left = this.ev(node.left, flow);
    const right = this.ev(node.right, flow);
    switch (op) {
      case K.EqualsEqualsEqualsToken:
      case K.EqualsEqualsToken:
        return bool(this.equals(left, right));
      case K.ExclamationEqualsEqualsToken:
      case K.ExclamationEqualsToken:
        return bool(not(this.equals(left, right)));
      case K.PlusToken:
        if (left.k === 'str' && right.k === 'str') return { k: 'str', v: left.v + right.v, p: left.p || right.p };
        return unknownFrom(left, right);
      case K.CommaToken:
        return right;
    }
    return unknownFrom(left, right);
  }

  private equals(a: Val, b: Val): Truth {
    if (a.k === 'str' && b.k === 'str') return fromBoolean(a.v === b.v);
    if (a.k === 'none' || b.k === 'none') {
      const other = a.k === 'none' ? b : a;
      if (other.k === 'none') return 'true';
      if (other.k === 'opaque' || other.k === 'bool') return other.k === 'bool' ? 'false' : truthOf(other);
      return 'false';
    }
    if (a.k === 'bool' && b.k === 'bool') {
      if (a.t === 'true' || a.t === 'false') return b.t === 'true' || b.t === 'false' ? fromBoolean(a.t === b.t) : a.t === 'true' ? b.t : not(b.t);
      if (b.t === 'true') return a.t;
      if (b.t === 'false') return not(a.t);
    }
    return isPathy(a) || isPathy(b) ? 'unknown' : 'maybe';
  }

  private construct(node: TS.NewExpression, flow: Flow): Val {
    const callee = this.ev(node.expression, flow);
    const args = (node.arguments ?? []).map((arg) => this.ev(arg, flow));
    if (callee.k === 'builtin') {
      if (callee.name === 'URL') {
        const [input, base] = args;
        if (input && (input.k === 'urlStr' || input.k === 'url') && !base) return { k: 'url' };
        return unknownFrom(...args);
      }
      if (callee.name === 'RegExp') {
        const [source, flags] = args;
        if (source?.k === 're') return source;
        if (source?.k === 'str' && (!flags || flags.k === 'str')) {
          try {
            return { k: 're', re: new RegExp(source.v, (flags?.k === 'str' ? flags.v : '').replace(/[gy]/g, '')) };
          } catch {
            return PATHY;
          }
        }
        return PATHY;
      }
      if (callee.name === 'NextResponse') {
        // new Response(null, { status: 307, headers: { Location: … } })
        const ts = this.ts;
        const init = node.arguments?.[1];
        if (init && ts.isObjectLiteralExpression(init) && /\bstatus\s*:\s*30[12378]\b/.test(init.getText(this.sourceFile))) this.record(node, flow, false);
        return { k: 'response' };
      }
    }
    return unknownFrom(callee, ...args);
  }

  private call(node: TS.CallExpression, flow: Flow): Val {
    const callee = this.ev(node.expression, flow);
    const args = node.arguments.map((arg) => (arg.kind === this.K.SpreadElement ? unknownFrom(this.ev((arg as TS.SpreadElement).expression, flow)) : this.ev(arg, flow)));
    return this.apply(callee, args, node, flow);
  }

  private apply(callee: Val, args: Val[], node: TS.Node, flow: Flow): Val {
    switch (callee.k) {
      case 'fn':
        return this.invoke(callee, args, flow);
      case 'method':
        return this.method(callee.recv, callee.name, args, node, flow);
      case 'matcher': {
        // Clerk's matchers test the request's pathname.
        this.touched = true;
        if (!callee.res || args[0]?.k !== 'req') return PATHY;
        return bool(fromBoolean(callee.res.some((re) => re.test(this.path))));
      }
      case 'clerkAuth':
        return { k: 'clerkSession' };
      case 'builtin':
        return this.builtin(callee.name, args, node, flow);
      case 'import':
      case 'opaque':
        // A function this file does not show: given the request or the path, its answer may depend on the path.
        return unknownFrom(callee, ...args);
    }
    return unknownFrom(callee, ...args);
  }

  private builtin(name: Builtin, args: Val[], node: TS.Node, flow: Flow): Val {
    switch (name) {
      case 'redirectResponse':
        this.record(node, flow, false);
        return { k: 'response' };
      case 'navRedirect':
      case 'redirectToSignIn':
        // Both throw (next/navigation) or answer at once: the middleware goes no further.
        this.record(node, flow, false);
        this.dead = true;
        return { k: 'response' };
      case 'protect':
        // Clerk: a signed-out request goes no further. Its answer is a redirect only for document
        // requests (a 404 otherwise, the docs say); which one the cron request gets cannot be told.
        this.dead = true;
        return OPAQUE;
      case 'otherResponse':
        return { k: 'response' };
      case 'createRouteMatcher': {
        const patterns = args[0];
        const list = patterns?.k === 'arr' ? patterns.items : patterns ? [patterns] : [];
        const res: RegExp[] = [];
        for (const pattern of list) {
          const re = pattern.k === 're' ? pattern.re : pattern.k === 'str' && !pattern.p ? matcherRegExp(pattern.v) : undefined;
          if (!re) return { k: 'matcher', res: undefined };
          res.push(re);
        }
        return { k: 'matcher', res };
      }
      case 'clerkMiddleware':
        return { k: 'clerkEntry', args };
      case 'withAuth':
        return { k: 'withAuth', node, args };
      case 'noSession':
      case 'cookieGet':
        this.sessionRead = true;
        return NONE;
      case 'cookieHas':
      case 'hasNot':
        this.sessionRead = true;
        return bool('false');
      case 'sessionLib':
        return OPAQUE;
      case 'cookiesFn':
        return { k: 'cookies' };
      case 'headersFn':
        return { k: 'headers' };
      case 'headerRead':
        // What the cron request sends besides Authorization and its user-agent is not documented.
        return PATHY;
      case 'urlClone':
        return { k: 'url' };
      case 'URL':
      case 'RegExp':
      case 'NextResponse':
        return unknownFrom(...args);
    }
  }

  private method(recv: Val, name: string, args: Val[], node: TS.Node, flow: Flow): Val {
    const [arg] = args;
    if (recv.k === 'str') {
      const s = recv.v;
      const p = recv.p || (arg?.k === 'str' && arg.p);
      switch (name) {
        case 'startsWith':
        case 'endsWith':
        case 'includes':
          if (arg?.k !== 'str') return unknownFrom(recv, ...args);
          return bool(fromBoolean(name === 'startsWith' ? s.startsWith(arg.v) : name === 'endsWith' ? s.endsWith(arg.v) : s.includes(arg.v)));
        case 'match':
          if (arg?.k === 're') return arg.re.test(s) ? { k: 'arr', items: [] } : NONE;
          return unknownFrom(recv, ...args);
        case 'split':
          if (arg?.k === 'str') return { k: 'arr', items: s.split(arg.v).slice(0, MAX_ARRAY).map((v) => ({ k: 'str', v, p })) };
          return unknownFrom(recv, ...args);
        case 'toLowerCase':
          return { k: 'str', v: s.toLowerCase(), p };
        case 'toUpperCase':
          return { k: 'str', v: s.toUpperCase(), p };
        case 'trim':
          return { k: 'str', v: s.trim(), p };
      }
      return unknownFrom(recv, ...args);
    }
    if (recv.k === 'urlStr') {
      // The whole URL: only what its path settles is known.
      this.touched = true;
      if (arg?.k === 'str' && (name === 'includes' || name === 'endsWith')) {
        if (name === 'includes' ? this.path.includes(arg.v) : this.path.endsWith(arg.v)) return bool('true');
      }
      return PATHY;
    }
    if (recv.k === 're') {
      if ((name === 'test' || name === 'exec') && arg?.k === 'str') return bool(fromBoolean(recv.re.test(arg.v)));
      return unknownFrom(recv, ...args);
    }
    if (recv.k === 'arr') {
      const items = recv.items;
      switch (name) {
        case 'includes':
          if (arg?.k === 'str' && items.every((item) => item.k === 'str')) return bool(fromBoolean(items.some((item) => item.k === 'str' && item.v === arg.v)));
          return unknownFrom(recv, ...args);
        case 'some':
        case 'find':
        case 'every':
        case 'findIndex':
        case 'filter':
        case 'map': {
          if (arg?.k !== 'fn' && arg?.k !== 'matcher') return unknownFrom(recv, ...args);
          const results = items.map((item) => {
            const result = this.apply(arg, [item, { k: 'opaque', pathy: false }, recv], node, flow);
            return { item, result, t: truthOf(result) };
          });
          if (name === 'map') return { k: 'arr', items: results.map((r) => r.result) };
          if (name === 'findIndex') return unknownFrom(recv, ...results.map((r) => r.result));
          if (name === 'filter') {
            if (results.some((r) => r.t !== 'true' && r.t !== 'false')) return unknownFrom(recv, ...results.map((r) => r.result));
            return { k: 'arr', items: results.filter((r) => r.t === 'true').map((r) => r.item) };
          }
          const every = name === 'every';
          let t: Truth = every ? 'true' : 'false';
          for (const r of results) t = every ? and(t, r.t) : or(t, r.t);
          if (name === 'find') {
            const first = results.find((r) => r.t !== 'false');
            return t === 'false' ? NONE : first && first.t === 'true' ? first.item : bool(t);
          }
          return bool(t);
        }
        case 'slice':
          return recv;
      }
      return unknownFrom(recv, ...args);
    }
    return unknownFrom(recv, ...args);
  }

  /**
   * Calls a function of this file with the given arguments, in the caller's flow. A call that
   * returns only behind conditions on the path leaves the caller's flow unsure; one that never
   * returns ends the caller's statement.
   */
  invoke(fn: Extract<Val, { k: 'fn' }>, args: Val[], flow: Flow): Val {
    // Deeper calls (recursion, say) might end the request: what follows cannot be told.
    if (this.callDepth >= MAX_CALL_DEPTH) throw new GiveUp();
    this.callDepth++;
    const dead = this.dead;
    this.dead = false;
    try {
      const env: Env = this.copy(fn.env);
      const inner: Flow = { sure: flow.sure, conditions: flow.conditions, env };
      fn.node.parameters.forEach((parameter, index) => {
        let value = args[index] ?? NONE;
        if (value.k === 'none' && parameter.initializer) value = this.ev(parameter.initializer, inner);
        if (parameter.dotDotDotToken) value = { k: 'arr', items: args.slice(index) };
        this.bind(parameter.name, value, inner);
      });
      const frame: Frame = { returns: [], base: this.unknownNesting };
      const body = fn.node.body;
      if (!body) return OPAQUE;
      if (body.kind === this.K.Block) {
        const completion = this.statements((body as TS.Block).statements, inner, frame);
        if (completion.normal) frame.returns.push({ val: NONE, sure: completion.normal.sure && this.unknownNesting === frame.base });
      } else {
        this.dead = false;
        const val = this.ev(body as TS.Expression, inner);
        if (!this.dead) frame.returns.push({ val, sure: inner.sure });
      }
      if (frame.returns.length === 0) {
        this.dead = true;
        return OPAQUE;
      }
      this.dead = dead;
      if (!frame.returns.some((r) => r.sure)) flow.sure = false;
      if (frame.returns.length === 1) return frame.returns[0]!.val;
      const truths = frame.returns.map((r) => truthOf(r.val));
      const first = truths[0]!;
      if (truths.every((t) => t === first)) return frame.returns[0]!.val.k === 'bool' ? bool(first) : frame.returns[0]!.val;
      const unsure = frame.returns.some((r) => !r.sure) || truths.includes('unknown');
      return bool(unsure ? 'unknown' : 'maybe');
    } finally {
      this.callDepth--;
    }
  }

  private bind(name: TS.BindingName, value: Val, flow: Flow): void {
    const ts = this.ts;
    const K = this.K;
    if (ts.isIdentifier(name)) {
      flow.env.set(name.text, value);
      return;
    }
    if (name.kind === K.ObjectBindingPattern) {
      for (const element of (name as TS.ObjectBindingPattern).elements) {
        if (element.dotDotDotToken) {
          this.bind(element.name, unknownFrom(value), flow);
          continue;
        }
        const key = element.propertyName ?? element.name;
        const keyText = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
        let sub = keyText === undefined ? unknownFrom(value) : this.member(value, keyText);
        if (sub.k === 'none' && element.initializer) sub = this.ev(element.initializer, flow);
        this.bind(element.name, sub, flow);
      }
      return;
    }
    (name as TS.ArrayBindingPattern).elements.forEach((element, index) => {
      if (element.kind !== K.BindingElement) return;
      const sub = value.k === 'arr' && !element.dotDotDotToken ? (value.items[index] ?? NONE) : unknownFrom(value);
      this.bind(element.name, sub, flow);
    });
  }

  // ---- statements ----

  private conditionText(node: TS.Node): string {
    return oneLine(node.getText(this.sourceFile), 60);
  }

  /** The flow into one side of a condition. Decided path conditions are not named: the message says nothing exempts the path. */
  /** `onPath`: decided by the path alone (conditions that read the session are named even when they read the path too). */
  private withCondition(flow: Flow, text: string, holds: boolean, t: Truth, onPath: boolean, session: boolean): Flow {
    const named = (t === 'maybe' || (t !== 'unknown' && !onPath)) && flow.conditions.length < MAX_CONDITIONS;
    if (!named) return { ...flow, env: this.copy(flow.env) };
    return { sure: flow.sure, conditions: [...flow.conditions, holds ? text : `not ${text}`], session: flow.session || session, env: this.copy(flow.env) };
  }

  private joinFlows(a: Flow | undefined, b: Flow | undefined, t: Truth): Flow | undefined {
    if (!a || !b) {
      const only = a ?? b;
      // Past a condition on the path only one side of which gets here: whether the path does is unknown.
      return only && t === 'unknown' ? { ...only, sure: false } : only;
    }
    const sure = t === 'unknown' ? a.sure && b.sure : a.sure || b.sure;
    const pick = a.sure === b.sure ? (a.conditions.length <= b.conditions.length ? a : b) : a.sure ? a : b;
    const env: Env = this.copy(a.env);
    this.steps += b.env.size;
    for (const [key, value] of b.env) {
      const other = a.env.get(key);
      env.set(key, other === undefined ? value : this.joinVal(other, value, t));
    }
    for (const [key, value] of a.env) if (!b.env.has(key)) env.set(key, value);
    return { sure, conditions: pick.conditions, session: pick.session, env };
  }

  private joinCompletions(a: Completion, b: Completion, t: Truth): Completion {
    return { normal: this.joinFlows(a.normal, b.normal, t), breaks: this.joinFlows(a.breaks, b.breaks, t), continues: this.joinFlows(a.continues, b.continues, t) };
  }

  private statements(statements: readonly TS.Statement[], flow: Flow, frame: Frame): Completion {
    const ts = this.ts;
    for (const statement of statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) flow.env.set(statement.name.text, { k: 'fn', node: statement, env: flow.env });
    }
    let current: Flow | undefined = flow;
    let breaks: Flow | undefined;
    let continues: Flow | undefined;
    for (const statement of statements) {
      if (!current) break;
      const completion = this.statement(statement, current, frame);
      current = completion.normal;
      breaks = this.joinFlows(breaks, completion.breaks, 'maybe');
      continues = this.joinFlows(continues, completion.continues, 'maybe');
    }
    return { normal: current, breaks, continues };
  }

  private statement(node: TS.Statement, flow: Flow, frame: Frame): Completion {
    this.step();
    if (++this.depth > MAX_SYNTAX_DEPTH) throw new GiveUp();
    try {
      return this.statementInner(node, flow, frame);
    } finally {
      this.depth--;
    }
  }

  private statementInner(node: TS.Statement, flow: Flow, frame: Frame): Completion {
    const K = this.K;
    this.dead = false;
    switch (node.kind) {
      case K.Block:
        return this.statements((node as TS.Block).statements, flow, frame);
      case K.VariableStatement:
        for (const declaration of (node as TS.VariableStatement).declarationList.declarations) {
          this.touched = false;
          this.sessionRead = false;
          let value = declaration.initializer ? this.ev(declaration.initializer, flow) : NONE;
          if (this.dead) return {};
          // `const isPublic = …pathname…`: reading isPublic later reads the path.
          if (value.k === 'bool' && (this.touched || this.sessionRead)) value = { ...value, p: value.p || this.touched, s: value.s || this.sessionRead };
          this.bind(declaration.name, value, flow);
        }
        return { normal: flow };
      case K.ExpressionStatement:
        this.ev((node as TS.ExpressionStatement).expression, flow);
        return this.dead ? {} : { normal: flow };
      case K.ReturnStatement: {
        const expression = (node as TS.ReturnStatement).expression;
        const val = expression ? this.ev(expression, flow) : NONE;
        if (!this.dead) frame.returns.push({ val, sure: flow.sure && this.unknownNesting === frame.base });
        return {};
      }
      case K.ThrowStatement:
        this.ev((node as TS.ThrowStatement).expression, flow);
        return {};
      case K.IfStatement: {
        const statement = node as TS.IfStatement;
        this.touched = false;
        this.sessionRead = false;
        const t = truthOf(this.ev(statement.expression, flow));
        if (this.dead) return {};
        const session = this.sessionRead;
        const onPath = this.touched && !session;
        const text = this.conditionText(statement.expression);
        const thenFlow = t === 'false' ? undefined : this.withCondition(flow, text, true, t, onPath, session);
        const elseFlow = t === 'true' ? undefined : this.withCondition(flow, text, false, t, onPath, session);
        const branch = (body: TS.Statement | undefined, entry: Flow | undefined): Completion => {
          if (!entry) return {};
          if (!body) return { normal: entry };
          return t === 'unknown' ? this.partly(t, () => this.statement(body, entry, frame)) : this.statement(body, entry, frame);
        };
        const a = branch(statement.thenStatement, thenFlow);
        const b = branch(statement.elseStatement, elseFlow);
        if (t === 'true') return a;
        if (t === 'false') return b;
        return this.joinCompletions(a, b, t);
      }
      case K.TryStatement: {
        const statement = node as TS.TryStatement;
        const before = this.copy(flow.env);
        const tried = this.statement(statement.tryBlock, flow, frame);
        let completion = tried;
        if (statement.catchClause) {
          // Reached when something in the try block throws: for the cron request, it may.
          const catchFlow: Flow = { ...flow, conditions: flow.conditions.length < MAX_CONDITIONS ? [...flow.conditions, 'an error in the try block'] : flow.conditions, env: before };
          if (statement.catchClause.variableDeclaration) this.bind(statement.catchClause.variableDeclaration.name, OPAQUE, catchFlow);
          completion = this.joinCompletions(tried, this.statement(statement.catchClause.block, catchFlow, frame), 'maybe');
        }
        if (statement.finallyBlock && completion.normal) {
          const after = this.statement(statement.finallyBlock, completion.normal, frame);
          completion = { ...completion, normal: after.normal };
        }
        return completion;
      }
      case K.ForOfStatement: {
        const statement = node as TS.ForOfStatement;
        const iterable = this.ev(statement.expression, flow);
        if (this.dead) return {};
        const initializer = statement.initializer;
        const declared = initializer.kind === K.VariableDeclarationList ? (initializer as TS.VariableDeclarationList).declarations[0]?.name : undefined;
        if (iterable.k !== 'arr' || !declared) return this.opaqueLoop(statement, flow, frame, isPathy(iterable) ? 'unknown' : 'maybe');
        // A known list: one pass per element.
        let current: Flow | undefined = flow;
        let exits: Flow | undefined;
        for (const item of iterable.items) {
          if (!current) break;
          const entry: Flow = { ...current, env: this.copy(current.env) };
          this.bind(declared, item, entry);
          const completion = this.statement(statement.statement, entry, frame);
          exits = this.joinFlows(exits, completion.breaks, 'maybe');
          current = this.joinFlows(completion.normal, completion.continues, 'maybe');
        }
        return { normal: this.joinFlows(current, exits, 'maybe') };
      }
      case K.ForStatement:
      case K.ForInStatement:
      case K.WhileStatement:
      case K.DoStatement:
        return this.opaqueLoop(node as TS.IterationStatement, flow, frame, 'unknown');
      case K.SwitchStatement:
        return this.switchStatement(node as TS.SwitchStatement, flow, frame);
      case K.BreakStatement:
        return (node as TS.BreakStatement).label ? this.giveUp() : { breaks: flow };
      case K.ContinueStatement:
        return (node as TS.ContinueStatement).label ? this.giveUp() : { continues: flow };
      case K.LabeledStatement:
        return this.giveUp();
      case K.FunctionDeclaration:
      case K.EmptyStatement:
      case K.InterfaceDeclaration:
      case K.TypeAliasDeclaration:
      case K.DebuggerStatement:
        return { normal: flow };
    }
    // A statement the walk does not model (a class, `with`…): what follows cannot be told.
    return this.giveUp();
  }

  private giveUp(): never {
    throw new GiveUp();
  }

  /** A loop over what is not known: its body may run or not, what it assigns becomes unknown. */
  private opaqueLoop(node: TS.IterationStatement, flow: Flow, frame: Frame, t: Truth): Completion {
    const havoc = (target: Flow) => {
      for (const name of assignedNames(this.ts, node)) target.env.set(name, t === 'unknown' ? PATHY : OPAQUE);
    };
    const entry: Flow = { ...flow, env: this.copy(flow.env) };
    havoc(entry);
    this.partly(t, () => this.statement(node.statement, entry, frame));
    const after: Flow = { sure: flow.sure && !(t === 'unknown' && mayLeave(this.ts, node.statement)), conditions: flow.conditions, env: this.copy(flow.env) };
    havoc(after);
    return { normal: after };
  }

  private switchStatement(node: TS.SwitchStatement, flow: Flow, frame: Frame): Completion {
    const K = this.K;
    const subject = this.ev(node.expression, flow);
    if (this.dead) return {};
    const clauses = node.caseBlock.clauses;
    const labels = clauses.map((clause) => (clause.kind === K.CaseClause ? this.ev((clause as TS.CaseClause).expression, flow) : undefined));
    if (subject.k !== 'str' || labels.some((label) => label !== undefined && label.k !== 'str')) {
      // Which clause runs is not known: each may, from where it starts to the first break.
      const t: Truth = isPathy(subject) || labels.some((label) => label && isPathy(label)) ? 'unknown' : 'maybe';
      let joined: Completion = clauses.some((clause) => clause.kind === K.DefaultClause) ? {} : { normal: { ...flow, env: this.copy(flow.env) } };
      clauses.forEach((_, index) => {
        const entry: Flow = { ...flow, env: this.copy(flow.env) };
        const completion = this.partly(t, () => this.statements(clauses.slice(index).flatMap((clause) => [...clause.statements]), entry, frame));
        joined = this.joinCompletions(joined, { normal: this.joinFlows(completion.normal, completion.breaks, 'maybe'), continues: completion.continues }, t);
      });
      return joined;
    }
    let start = labels.findIndex((label) => label?.k === 'str' && label.v === subject.v);
    if (start < 0) start = clauses.findIndex((clause) => clause.kind === K.DefaultClause);
    if (start < 0) return { normal: flow };
    const completion = this.statements(
      clauses.slice(start).flatMap((clause) => [...clause.statements]),
      flow,
      frame,
    );
    return { normal: this.joinFlows(completion.normal, completion.breaks, 'maybe'), continues: completion.continues };
  }

  // ---- recording ----

  private record(node: TS.Node, flow: Flow, nextAuth: boolean): void {
    if (!this.recording) return;
    this.redirects.push({ node, sure: flow.sure && this.unknownNesting === 0, conditions: flow.conditions, session: !!flow.session, nextAuth });
  }

  /** next-auth v4's withAuth: its `authorized` callback (by default: a token exists) decides, or it redirects to sign-in. */
  runWithAuth(entry: Extract<Val, { k: 'withAuth' }>, flow: Flow): void {
    const [first, second] = entry.args;
    const inner = first?.k === 'fn' ? first : undefined;
    const options = inner ? second : first;
    let t: Truth;
    let condition = 'no session token';
    if (!options || options.k === 'none') t = 'false';
    else if (options.k !== 'obj') t = 'unknown';
    else {
      const callbacks = options.props.get('callbacks');
      const authorized = callbacks === undefined || callbacks.k === 'none' ? NONE : callbacks.k === 'obj' ? (callbacks.props.get('authorized') ?? NONE) : PATHY;
      if (authorized.k === 'none') t = 'false';
      else if (authorized.k === 'fn') {
        const nextauth: Val = { k: 'obj', props: new Map([['token', NONE]]) };
        const request: Val = REQ;
        t = truthOf(this.invoke(authorized, [{ k: 'obj', props: new Map([['token', NONE], ['req', request], ['nextauth', nextauth]]) }], flow));
        this.dead = false;
        condition = 'its authorized callback refuses it';
      } else t = 'unknown';
    }
    if (t !== 'true') {
      const refused = t === 'unknown' ? flow : { ...flow, conditions: [...flow.conditions, condition].slice(0, MAX_CONDITIONS) };
      this.partly(t, () => this.record(entry.node, refused, true));
    }
    if (inner && t !== 'false') this.partly(t, () => this.invoke(inner, [REQ, OPAQUE], flow));
  }

  runEntry(entry: Val, flow: Flow): void {
    switch (entry.k) {
      case 'fn':
        this.invoke(entry, [REQ, OPAQUE], flow);
        return;
      case 'withAuth':
        this.runWithAuth(entry, flow);
        return;
      case 'clerkEntry': {
        const handler = entry.args[0];
        // clerkMiddleware() without a handler protects nothing.
        if (handler?.k === 'fn') this.invoke(handler, [{ k: 'clerkAuth' }, REQ], flow);
        return;
      }
    }
  }

  entryValue(node: TS.Expression | FnNode): Val {
    if (this.isFunctionNode(node)) return { k: 'fn', node, env: new Map() };
    const recording = this.recording;
    this.recording = false;
    try {
      return this.ev(node, { sure: true, conditions: [], env: new Map() });
    } finally {
      this.recording = recording;
      this.dead = false;
    }
  }

  isKnownWrapper(val: Val): boolean {
    return val.k === 'fn' || val.k === 'withAuth' || val.k === 'clerkEntry';
  }
}

/** The middleware's entry: what `middleware`/`proxy`/the default export is, as syntax. */
type Entry =
  /** `statement`: where the export is written (a bare `export default withAuth` redirects there). */
  | { kind: 'expression'; node: TS.Expression | FnNode; statement: TS.Node }
  /** `export { default } from 'next-auth/middleware'` and `export default withAuth`. */
  | { kind: 'nextAuthDefault'; node: TS.Node };

function findEntry(ts: TsApi, sourceFile: TS.SourceFile): Entry | undefined {
  const K = ts.SyntaxKind;
  const locals = localFunctions(ts, sourceFile);
  for (const name of ['middleware', 'proxy']) {
    const local = locals.get(name);
    if (local) return { kind: 'expression', node: local as TS.Expression | FnNode, statement: local };
  }
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body && (ts.getModifiers(statement) ?? []).some((m) => m.kind === K.DefaultKeyword)) {
      return { kind: 'expression', node: statement, statement };
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals) return { kind: 'expression', node: statement.expression, statement };
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        if (!['default', 'middleware', 'proxy'].includes(element.name.text)) continue;
        const local = (element.propertyName ?? element.name).text;
        if (statement.moduleSpecifier) {
          const specifier = ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : '';
          if (specifier === 'next-auth/middleware' && (local === 'default' || local === 'withAuth')) return { kind: 'nextAuthDefault', node: statement };
          return undefined;
        }
        const value = locals.get(local);
        if (value) return { kind: 'expression', node: value as TS.Expression | FnNode, statement };
        // An imported name re-exported: `export { auth as middleware }`.
        return { kind: 'expression', node: element.propertyName ?? element.name, statement };
      }
    }
  }
  return undefined;
}

/**
 * Whether Vercel's cron request for `path` (a path the middleware's matcher covers) can reach a
 * redirect. Answers "cannot tell" for what it does not follow; never throws for a shape it does not know.
 */
export function cronReachesRedirect(ts: TsApi, sourceFile: TS.SourceFile, path: string): ReachAnswer {
  const entry = findEntry(ts, sourceFile);
  if (!entry) return { reaches: undefined, why: 'cannot-tell' };
  const walk = new Walk(ts, sourceFile, path);
  const flow: Flow = { sure: true, conditions: [], env: new Map() };
  try {
    if (entry.kind === 'nextAuthDefault') {
      walk.runWithAuth({ k: 'withAuth', node: entry.node, args: [] }, flow);
    } else {
      let value = walk.entryValue(entry.node);
      if (value.k === 'builtin' && value.name === 'withAuth') value = { k: 'withAuth', node: entry.statement, args: [] };
      if (!walk.isKnownWrapper(value)) {
        // `export default auth((req) => …)` (next-auth v5) or another wrapper: the function it wraps runs for the request.
        const call = unwrapCall(ts, entry.node);
        const inner = call?.arguments.map((arg) => walk.entryValue(arg)).find((arg) => arg.k === 'fn');
        if (!inner) return { reaches: undefined, why: 'cannot-tell' };
        value = inner;
      }
      walk.runEntry(value, flow);
    }
  } catch (error) {
    if (error instanceof GiveUp) return { reaches: undefined, why: 'cannot-tell' };
    throw error;
  }
  const sure = walk.redirects.filter((r) => r.sure).sort((a, b) => a.node.getStart(sourceFile) - b.node.getStart(sourceFile))[0];
  if (!sure) return { reaches: undefined, why: walk.redirects.length ? 'cannot-tell' : 'not-reached' };
  const start = sure.node.getStart(sourceFile);
  return {
    reaches: {
      span: { start, end: sure.node.getEnd() },
      line: sourceFile.getLineAndCharacterOfPosition(start).line + 1,
      code: codeOf(ts, sure.node, sourceFile),
      conditions: [...sure.conditions],
      readsSession: sure.session,
      nextAuth: sure.nextAuth,
    },
  };
}

/** The redirect as written, on one line; a long call as its callee and `(…)`. */
function codeOf(ts: TsApi, node: TS.Node, sourceFile: TS.SourceFile): string {
  const text = oneLine(node.getText(sourceFile), 1000);
  if (text.length <= 80) return text;
  if (ts.isCallExpression(node) || node.kind === ts.SyntaxKind.NewExpression) {
    const callee = oneLine((node as TS.CallExpression).expression.getText(sourceFile), 60);
    return `${node.kind === ts.SyntaxKind.NewExpression ? 'new ' : ''}${callee}(…)`;
  }
  return oneLine(text, 80);
}

function unwrapCall(ts: TsApi, node: TS.Node): TS.CallExpression | undefined {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) current = current.expression;
  return ts.isCallExpression(current) ? current : undefined;
}
