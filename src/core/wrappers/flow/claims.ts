import type * as TS from 'typescript';
import type { Handler } from '../../routes/handlers';
import type { ProjectView } from '../../vercel/project';
import { keyStability, type KeyStability } from './keyStability';
import { isKnownPackage, packageName } from './packages';
import { type Creation, propertyName, type Scope, unwrapValue } from './origins';
import { cleanClosure, mayHoldClaim } from './prefilter';
import { describeCallee, MAX_RUN_HOPS, MAX_SYNTAX_DEPTH, Run, type Unit } from './run';

/**
 * Whether a run claims its slot before it works (issue #15, shape 9), read from the data flow:
 * - a claim whose result gates the work: Redis `SET … NX` with any client (`'NX'`, `{ NX: true }`,
 *   `{ nx: true }`, `setnx`, `call('SET', …, 'NX')`), `@upstash/lock`'s `acquire()`, a
 *   `@upstash/ratelimit` limiter allowing one call per window, an `INSERT … ON CONFLICT DO NOTHING`
 *   (or drizzle's `onConflictDoNothing`, prisma's `createMany({ skipDuplicates })`) whose rows are
 *   tested, a helper returning such a result, tested by its caller. "Gates" means the result is
 *   tested (an `if`, `?:`, `&&`, `||`) in the run; an ignored result claims nothing;
 * - a claim that gates by throwing: redlock's `acquire`/`using`, an insert whose unique-violation
 *   (`P2002`, `23505`) the catch answers by returning;
 * - an idempotency or deduplication key handed downstream (Stripe `idempotencyKey`, QStash
 *   `deduplicationId`, an `Idempotency-Key` header) that derives from a per-run value, not from a
 *   random id or the clock to the millisecond (keyStability.ts).
 * An early exit whose condition calls what the analysis cannot read (an unknown package, an
 * unresolved module, a passed-in function) may be a claim: the run is then `unseen`.
 */
export interface ClaimFacts {
  verdict: 'claimed' | 'unclaimed' | 'unseen';
  why: string;
}

/**
 * SQL that inserts a row only when no run has: `ON CONFLICT DO NOTHING`, MySQL's `INSERT IGNORE`,
 * SQLite's `INSERT OR IGNORE`, or an upsert that updates only under a condition and returns the
 * row it wrote (`ON CONFLICT (key) DO UPDATE … WHERE expires_at < now() RETURNING key`).
 */
const SQL_CLAIM = /\binsert\b[\s\S]*\bon\s+conflict\b[\s\S]*\bdo\s+nothing\b|\binsert\s+(or\s+)?ignore\b|\binsert\b[\s\S]*\bon\s+conflict\b[\s\S]*\bdo\s+update\b[\s\S]*\bwhere\b[\s\S]*\breturning\b/i;
const UNIQUE_VIOLATION = /^(P2002|23505|ER_DUP_ENTRY|SQLITE_CONSTRAINT(_UNIQUE)?|11000)$/;
const INSERTS = /^(create|createOne|insert|insertOne|insertInto)$/;
const KEY_PROPERTY = /^(idempotencyKey|idempotency_key|deduplicationId|deduplication_id)$/;
const KEY_HEADER = /^(x-)?idempotency-key$|^upstash-deduplication-id$/i;
/** Names a condition reads when it checks the request (auth, a signature), not a claim. */
const REQUEST_NAMES = /^(req|request|headers|authorization|CRON_SECRET|secret|signature|token|env|nextUrl|searchParams)$/;
const KEY_WORDS: Record<Exclude<KeyStability, 'stable'>, string> = { constant: 'the same for every run', clock: 'the time of the call', random: 'a random id' };

/** `prefilter: false` walks every route (tests hold the two paths to the same answers). */
export function analyseClaims(project: ProjectView, file: string, handler: Handler, options: { prefilter?: boolean } = {}): ClaimFacts {
  if (options.prefilter !== false && !handler.wrapper && cleanClosure(project, file, 'claims')) return { verdict: 'unclaimed', why: 'nothing claims the run before the work' };
  const run = new Run(project, file, handler);
  const { ts, K, resolver } = run;
  const first = run.start();
  if (!first) return { verdict: 'unseen', why: `${file} could not be read` };
  let claimed: string | undefined;
  /** Claims seen that do not count, for the reason given when nothing else does. */
  const notes: string[] = [];
  const returnsMemo = new Map<TS.Node, boolean | 'pending'>();
  const requestNames = new Set<string>();
  for (const parameter of handler.fn.parameters) if (parameter.name.kind === K.Identifier) requestNames.add((parameter.name as TS.Identifier).text);
  let depth = 0;

  const claimableFiles = new Map<string, boolean>();
  /** Whether a file's text holds a token every claim, claiming key and throwing claim needs: most files hold none, and skip the tests. */
  const claimableFile = (scope: Scope): boolean => {
    let known = claimableFiles.get(scope.file);
    if (known === undefined) claimableFiles.set(scope.file, (known = mayHoldClaim(scope.sourceFile.text)));
    return known;
  };
  const isString = (node: TS.Node | undefined): node is TS.StringLiteral => !!node && (node.kind === K.StringLiteral || node.kind === K.NoSubstitutionTemplateLiteral);
  const templateText = (node: TS.Node): string =>
    node.kind === K.TemplateExpression ? [(node as TS.TemplateExpression).head.text, ...(node as TS.TemplateExpression).templateSpans.map((s) => s.literal.text)].join(' ') : isString(node) ? node.text : '';
  /** The text of a query argument: a literal, or a constant holding one (`CLAIM_SQL = [...].join(' ')`, `a + b`). */
  const queryText = (node: TS.Node, scope: Scope, level = 0): string => {
    const bare = unwrapValue(ts, node);
    if (level > 4) return '';
    if (bare.kind === K.Identifier) {
      const init = constantInitializer((bare as TS.Identifier).text, scope);
      return init ? queryText(init.node, init.scope, level + 1) : '';
    }
    if (bare.kind === K.BinaryExpression && (bare as TS.BinaryExpression).operatorToken.kind === K.PlusToken) {
      return `${queryText((bare as TS.BinaryExpression).left, scope, level + 1)}${queryText((bare as TS.BinaryExpression).right, scope, level + 1)}`;
    }
    if (bare.kind === K.CallExpression) {
      const call = bare as TS.CallExpression;
      const callee = call.expression;
      if (callee.kind === K.PropertyAccessExpression && (callee as TS.PropertyAccessExpression).name.text === 'join' && (callee as TS.PropertyAccessExpression).expression.kind === K.ArrayLiteralExpression) {
        return ((callee as TS.PropertyAccessExpression).expression as TS.ArrayLiteralExpression).elements.map((e) => queryText(e, scope, level + 1)).join(' ');
      }
      return '';
    }
    return templateText(bare);
  };
  /** A `const` of the function or module holding a value: its initializer, where its names resolve. */
  const constantInitializer = (name: string, scope: Scope): { node: TS.Node; scope: Scope } | undefined => {
    for (let s: Scope | undefined = scope; s && s.fn; s = s.parent) {
      const local = resolver.localsOf(s).get(name);
      if (local) return local.kind === 'value' && local.init && local.path.length === 0 ? { node: local.init, scope: s } : undefined;
    }
    const top = scope.index.local(name);
    let module = scope;
    while (module.parent) module = module.parent;
    return top ? { node: top, scope: module } : undefined;
  };

  /** Whether a subtree (not its nested functions) holds a node for which `test` holds. */
  const some = (node: TS.Node, test: (n: TS.Node) => boolean): boolean => {
    if (test(node)) return true;
    if (run.isFunction(node)) return false;
    return ts.forEachChild(node, (child) => (some(child, test) ? true : undefined)) ?? false;
  };
  /** The same, nested functions included (a callback's body). */
  const anywhere = (node: TS.Node, test: (n: TS.Node) => boolean): boolean => test(node) || (ts.forEachChild(node, (child) => (anywhere(child, test) ? true : undefined)) ?? false);

  const packageOf = (callee: TS.Node, scope: Scope) => {
    const origin = resolver.originOf(callee, scope);
    return origin.kind === 'package' ? origin : undefined;
  };

  /** `@upstash/ratelimit`'s `new Ratelimit({ limiter: Ratelimit.fixedWindow(1, '1 d') })`: one call per window. */
  const allowsOne = (created: Creation | undefined): boolean => {
    const options = created?.node.arguments?.[0];
    if (!created || !options) return false;
    const object = resolver.originOf(options, created.scope);
    if (object.kind !== 'object') return false;
    const limiter = object.node.properties.find((p) => propertyName(ts, p.name) === 'limiter');
    const value = limiter && limiter.kind === K.PropertyAssignment ? unwrapValue(ts, (limiter as TS.PropertyAssignment).initializer) : undefined;
    if (!value || value.kind !== K.CallExpression) return false;
    const call = value as TS.CallExpression;
    const method = call.expression.kind === K.PropertyAccessExpression ? (call.expression as TS.PropertyAccessExpression).name.text : undefined;
    const isOne = (node: TS.Node | undefined) => !!node && node.kind === K.NumericLiteral && Number((node as TS.NumericLiteral).text) === 1;
    if (method === 'fixedWindow' || method === 'slidingWindow' || method === 'cachedFixedWindow') return isOne(call.arguments[0]);
    if (method === 'tokenBucket') return isOne(call.arguments[2]);
    return false;
  };

  /** A call whose result says whether this run holds the slot. */
  const isClaimCall = (node: TS.Node, scope: Scope): boolean => {
    if (node.kind === K.TaggedTemplateExpression) return SQL_CLAIM.test(templateText((node as TS.TaggedTemplateExpression).template));
    if (node.kind !== K.CallExpression) return false;
    const call = node as TS.CallExpression;
    if (call.arguments.some((a) => SQL_CLAIM.test(queryText(a, scope)))) return true;
    const callee = unwrapValue(ts, call.expression);
    if (callee.kind !== K.PropertyAccessExpression) return false;
    const method = (callee as TS.PropertyAccessExpression).name.text;
    const args = call.arguments;
    if (/^set$/i.test(method)) {
      // ioredis `'NX'`, node-redis 4 `{ NX: true }`, node-redis 5 `{ condition: 'NX' }`, @upstash/redis `{ nx: true }`.
      const nxOption = (p: TS.ObjectLiteralElementLike): boolean => {
        const name = propertyName(ts, p.name) ?? '';
        const value = p.kind === K.PropertyAssignment ? (p as TS.PropertyAssignment).initializer : undefined;
        if (name === 'condition') return isString(value) && /^nx$/i.test(value.text);
        return /^nx$/i.test(name) && value?.kind !== K.FalseKeyword;
      };
      return args.slice(2).some((a) => (isString(a) && /^nx$/i.test(a.text)) || (a.kind === K.ObjectLiteralExpression && (a as TS.ObjectLiteralExpression).properties.some(nxOption)));
    }
    if (/^setnx$/i.test(method)) return true;
    if (/^(call|sendCommand|send_command|command|executeCommand)$/.test(method)) {
      const words = args.flatMap((a) => (a.kind === K.ArrayLiteralExpression ? [...(a as TS.ArrayLiteralExpression).elements] : [a])).filter(isString).map((s) => s.text.toUpperCase());
      return words.includes('SETNX') || (words.includes('SET') && words.includes('NX'));
    }
    if (method === 'createMany') {
      const options = args[0];
      return !!options && options.kind === K.ObjectLiteralExpression && (options as TS.ObjectLiteralExpression).properties.some((p) => propertyName(ts, p.name) === 'skipDuplicates' && p.kind === K.PropertyAssignment && (p as TS.PropertyAssignment).initializer.kind === K.TrueKeyword);
    }
    if (method === 'onConflictDoNothing') return true;
    if (method === 'onConflict') return args.some((a) => anywhere(a, (n) => n.kind === K.PropertyAccessExpression && (n as TS.PropertyAccessExpression).name.text === 'doNothing'));
    if (method === 'catch') {
      // prisma.run.create(…).catch((e) => { if (e.code === 'P2002') return null; throw e; })
      return (
        !!args[0] &&
        anywhere(args[0], (n) => (isString(n) && UNIQUE_VIOLATION.test(n.text)) || (n.kind === K.NumericLiteral && UNIQUE_VIOLATION.test((n as TS.NumericLiteral).text))) &&
        some((callee as TS.PropertyAccessExpression).expression, (n) => n.kind === K.PropertyAccessExpression && INSERTS.test((n as TS.PropertyAccessExpression).name.text))
      );
    }
    if (/^(acquire|tryAcquire|limit)$/.test(method)) {
      const origin = packageOf(callee, scope);
      if (!origin) return false;
      const name = packageName(origin.specifier);
      return (name === '@upstash/lock' && method !== 'limit') || (name === '@upstash/ratelimit' && method === 'limit' && allowsOne(origin.created));
    }
    return false;
  };

  /** redlock's `acquire` throws when the lock is taken, and `using` runs its routine only holding it. */
  const isThrowingClaim = (call: TS.CallExpression, scope: Scope): boolean => {
    const callee = unwrapValue(ts, call.expression);
    if (callee.kind !== K.PropertyAccessExpression || !/^(acquire|using|lock)$/.test((callee as TS.PropertyAccessExpression).name.text)) return false;
    const origin = packageOf(callee, scope);
    return !!origin && packageName(origin.specifier) === 'redlock';
  };

  /** Whether an expression carries a claim's result: the claim itself, a variable holding it, a helper returning it. */
  const isClaimExpr = (node: TS.Node, scope: Scope, hops: number, vars: ReadonlySet<string>, claimable: boolean): boolean =>
    some(node, (n) => {
      if (n.kind === K.Identifier) return vars.size > 0 && vars.has((n as TS.Identifier).text);
      if (n.kind !== K.CallExpression && n.kind !== K.TaggedTemplateExpression) return false;
      if (claimable && isClaimCall(n, scope)) return true;
      if (n.kind !== K.CallExpression) return false;
      const origin = resolver.calleeOrigin(n as TS.CallExpression, scope);
      return origin.kind === 'function' && returnsClaim(origin.fn, origin.scope, hops + 1);
    });

  /** A helper (`claimSlot`) whose return value is a claim's result: its caller's test gates the work. */
  const returnsClaim = (fn: TS.FunctionLikeDeclaration, lexical: Scope, hops: number): boolean => {
    const memo = returnsMemo.get(fn);
    if (memo !== undefined) return memo === true;
    if (hops > MAX_RUN_HOPS + 2 || !fn.body) return false;
    returnsMemo.set(fn, 'pending');
    const scope = resolver.child(lexical, fn);
    const vars = new Set<string>();
    const claimable = claimableFile(scope);
    let result = false;
    if (fn.body.kind !== K.Block) result = isClaimExpr(fn.body, scope, hops, vars, claimable);
    else {
      const scan = (node: TS.Node): void => {
        if (result || run.isFunction(node) || !run.tick()) return;
        if (node.kind === K.VariableDeclaration) {
          const declaration = node as TS.VariableDeclaration;
          if (declaration.initializer && isClaimExpr(declaration.initializer, scope, hops, vars, claimable)) addNames(declaration.name, vars);
        } else if (node.kind === K.ReturnStatement) {
          const value = (node as TS.ReturnStatement).expression;
          if (value && isClaimExpr(value, scope, hops, vars, claimable)) result = true;
          return;
        }
        ts.forEachChild(node, scan);
      };
      scan(fn.body);
    }
    returnsMemo.set(fn, result);
    return result;
  };

  const addNames = (name: TS.BindingName, vars: Set<string>): void => {
    if (name.kind === K.Identifier) vars.add((name as TS.Identifier).text);
    else for (const element of (name as TS.ObjectBindingPattern | TS.ArrayBindingPattern).elements) if (element.kind === K.BindingElement) addNames((element as TS.BindingElement).name, vars);
  };

  /** `if (…) return` / `throw`: a condition in guard position, before the work. */
  const exits = (statement: TS.Statement): boolean => {
    if (statement.kind === K.ReturnStatement || statement.kind === K.ThrowStatement) return true;
    return statement.kind === K.Block && (statement as TS.Block).statements.some((s) => s.kind === K.ReturnStatement || s.kind === K.ThrowStatement);
  };

  /** A call in a condition that the analysis cannot read: it may be a claim. */
  const unreadable = (condition: TS.Node, scope: Scope): string | undefined => {
    let found: string | undefined;
    some(condition, (n) => {
      if (n.kind !== K.CallExpression) return false;
      const callee = (n as TS.CallExpression).expression;
      const origin = resolver.originOf(callee, scope);
      if (origin.kind === 'package' && !isKnownPackage(origin.specifier)) found = `${describeCallee(run, callee)} (${origin.specifier}), a package the analysis does not know`;
      else if (origin.kind === 'unseen') found = `${describeCallee(run, callee)}: ${origin.why}`;
      else if (origin.kind === 'parameter' && unwrapValue(ts, callee).kind === K.Identifier) found = `${describeCallee(run, callee)}, a function it was passed`;
      return found !== undefined;
    });
    return found;
  };
  const readsRequest = (condition: TS.Node): boolean => some(condition, (n) => n.kind === K.Identifier && (requestNames.has((n as TS.Identifier).text) || REQUEST_NAMES.test((n as TS.Identifier).text)));

  const test = (condition: TS.Node, guardPosition: boolean): void => {
    if (isClaimExpr(condition, scope, unit.hops, vars, claimable)) {
      claimed ??= `a claim whose result is tested before the work runs (${scope.file})`;
      return;
    }
    if (!guardPosition || readsRequest(condition)) return;
    const unknown = unreadable(condition, scope);
    if (unknown) run.markUnseen(`an early exit in ${scope.file} rests on ${unknown}`);
  };

  /** A key handed downstream: it dedupes runs when it is the same for both deliveries of one slot. */
  const key = (name: string, value: TS.Node, scope: Scope): void => {
    const stability = keyStability(resolver, value, scope);
    if (stability === 'stable') claimed ??= `${name} derived from a per-run value (${scope.file})`;
    else notes.push(`${name} is ${KEY_WORDS[stability]}`);
  };

  /** try { insert } catch (e) { if (e.code === 'P2002') return …; throw e }: a duplicate ends the run. */
  const uniqueViolationGate = (statement: TS.TryStatement): boolean => {
    const clause = statement.catchClause;
    if (!clause) return false;
    const violation = some(clause.block, (n) => (isString(n) && UNIQUE_VIOLATION.test(n.text)) || (n.kind === K.NumericLiteral && UNIQUE_VIOLATION.test((n as TS.NumericLiteral).text)));
    if (!violation || !some(clause.block, (n) => n.kind === K.ReturnStatement)) return false;
    return some(statement.tryBlock, (n) => (n.kind === K.PropertyAccessExpression && INSERTS.test((n as TS.PropertyAccessExpression).name.text)) || /\binsert\b/i.test(templateText(n)));
  };

  // The walk's position: the unit, the scope of the function being walked, the claim variables of the unit.
  let unit: Unit = first;
  let scope: Scope = first.scope;
  let vars = new Set<string>();
  /** Whether the file being walked can hold a claim by itself (a claim-shaped token): a helper elsewhere still can. */
  let claimable = false;
  const visitChild = (child: TS.Node): void => visit(child);

  const visit = (node: TS.Node): void => {
    if (claimed || !run.tick()) return;
    const kind = node.kind;
    if ((kind >= K.FirstTypeNode && kind <= K.LastTypeNode) || kind === K.InterfaceDeclaration || kind === K.TypeAliasDeclaration) return;
    if (++depth > MAX_SYNTAX_DEPTH) {
      run.markUnseen('the run nests its code too deeply to read');
      depth--;
      return;
    }
    switch (kind) {
      case K.VariableDeclaration: {
        const declaration = node as TS.VariableDeclaration;
        if (declaration.initializer) {
          visit(declaration.initializer);
          if (isClaimExpr(declaration.initializer, scope, unit.hops, vars, claimable)) addNames(declaration.name, vars);
        }
        break;
      }
      case K.IfStatement: {
        const statement = node as TS.IfStatement;
        test(statement.expression, exits(statement.thenStatement));
        ts.forEachChild(node, visitChild);
        break;
      }
      case K.ConditionalExpression:
        test((node as TS.ConditionalExpression).condition, false);
        ts.forEachChild(node, visitChild);
        break;
      case K.BinaryExpression: {
        const binary = node as TS.BinaryExpression;
        const operator = binary.operatorToken.kind;
        if (operator === K.AmpersandAmpersandToken || operator === K.BarBarToken) test(binary.left, false);
        ts.forEachChild(node, visitChild);
        break;
      }
      case K.AwaitExpression: {
        const inner = unwrapValue(ts, (node as TS.AwaitExpression).expression);
        if (claimable && inner.kind === K.CallExpression && isThrowingClaim(inner as TS.CallExpression, scope)) {
          claimed ??= `redlock's ${describeCallee(run, (inner as TS.CallExpression).expression)}, which throws when another run holds the lock (${scope.file})`;
        }
        ts.forEachChild(node, visitChild);
        break;
      }
      case K.TryStatement:
        if (claimable && uniqueViolationGate(node as TS.TryStatement)) claimed ??= `an insert whose unique-key violation ends the run (${scope.file})`;
        ts.forEachChild(node, visitChild);
        break;
      case K.ObjectLiteralExpression:
        if (claimable) {
          for (const property of (node as TS.ObjectLiteralExpression).properties) {
            const name = propertyName(ts, property.name);
            if (name === undefined || !(KEY_PROPERTY.test(name) || KEY_HEADER.test(name))) continue;
            if (property.kind === K.PropertyAssignment) key(name, (property as TS.PropertyAssignment).initializer, scope);
            else if (property.kind === K.ShorthandPropertyAssignment) key(name, property.name, scope);
          }
        }
        ts.forEachChild(node, visitChild);
        break;
      case K.CallExpression: {
        const call = node as TS.CallExpression;
        if (claimable) {
          const callee = unwrapValue(ts, call.expression);
          const method = callee.kind === K.PropertyAccessExpression ? (callee as TS.PropertyAccessExpression).name.text : undefined;
          if (method === 'using' && isThrowingClaim(call, scope)) claimed ??= `redlock's using(), which runs the work only holding the lock (${scope.file})`;
          // headers.set('Idempotency-Key', key)
          if ((method === 'set' || method === 'append') && isString(call.arguments[0]) && KEY_HEADER.test(call.arguments[0].text) && call.arguments[1]) key(call.arguments[0].text, call.arguments[1], scope);
          if (!claimed && isClaimCall(call, scope)) notes.push(`${describeCallee(run, call.expression)} in ${scope.file} claims, but nothing tests its result`);
        }
        run.followCall(call.expression, resolver.calleeOrigin(call, scope), unit);
        for (const argument of call.arguments) run.followArgument(argument, unit, scope);
        ts.forEachChild(node, visitChild);
        break;
      }
      default:
        if (run.isFunction(node) && node !== unit.fn) {
          if (node.body) {
            const outer = scope;
            scope = resolver.child(outer, node);
            visit(node.body);
            scope = outer;
          }
        } else ts.forEachChild(node, visitChild);
    }
    depth--;
  };

  const wrapper = handler.wrapper;
  if (wrapper) {
    const routeScope = first.scope.parent!;
    const origin = resolver.originOf(wrapper.expression, routeScope);
    const name = describeCallee(run, wrapper.expression);
    if (origin.kind === 'function') run.enqueue(origin.fn, origin.scope, 1, name);
    else if (origin.kind === 'package') {
      if (!isKnownPackage(origin.specifier)) run.markUnseen(`the handler is wrapped by ${name} (${origin.specifier}), a package the analysis does not know`);
    } else run.markUnseen(`the handler is wrapped by ${name}, which the analysis cannot read${origin.kind === 'unseen' ? `: ${origin.why}` : ''}`);
  }

  for (let i = 0; i < run.units.length && !claimed; i++) {
    unit = run.units[i]!;
    scope = unit.scope;
    vars = new Set();
    claimable = claimableFile(unit.scope);
    const body = (unit.fn as TS.FunctionLikeDeclaration).body;
    if (body) visit(body);
  }
  if (claimed) return { verdict: 'claimed', why: claimed };
  if (run.unseen) return { verdict: 'unseen', why: run.unseen };
  return { verdict: 'unclaimed', why: notes[0] ?? 'nothing claims the run before the work' };
}
