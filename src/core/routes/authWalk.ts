import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { ProjectView } from '../vercel/project';
import type { AuthFacts, SkippedCheck } from './authFacts';
import { Follower, type ModuleScope, type Unit, type Walker } from './authFollow';
import { conjuncts, isEquality, isLength, isMissingValue, isNegated, isProcessEnv, leaves, switchName, topCall, unwrap } from './authSyntax';
import {
  AUTH,
  AUTHISH,
  BARE_SECRET,
  BEARER,
  CHECK,
  DYNAMIC_API,
  GUARD_NAME,
  NOT_A_CHECK_RECEIVER,
  OTHER_VERIFICATION,
  READS,
  REFUSAL_TEXT,
  REQUEST_DATA_MEMBERS,
  REQUIRE_ENV,
  SECRET,
  SECRET_NAME,
  SPOOF,
  SPOOF_HEADER,
  STAGE_NAME,
  SWITCH_NAME,
  TIMING_SAFE,
  UNDEFINABLE,
  isAuthorizationName,
  stringArgument,
} from './authVocabulary';

/**
 * How deep the walk goes into one unit's syntax before it gives up. A count, not the call
 * stack's limit: the answer must not depend on the engine's frame sizes. Real handlers nest
 * a few dozen levels; TypeScript itself cannot parse some shapes past ~640.
 */
export const MAX_WALK_DEPTH = 400;

/** Thrown inside the walk when it passes MAX_WALK_DEPTH; caught by analyseAuth. */
export class WalkTooDeep extends Error {}

// Where the walk is when it meets a call: can the call's result (or throw) decide the response?
/** The job's work, or anything else that decides nothing. */
const WORK = 0;
/** A condition that decides what the handler does (an if, a ?:), or a helper that decides. */
const DECIDE = 1;
/** The condition of a refusal: its branch answers 401/403 or throws. */
const GUARD = 2;
/** A declaration's value, which a later guard may test (`const ok = await verify(req)`). */
const DECL = 3;
/** The call an expression statement or a return makes: it may throw before the work. */
const STATEMENT = 4;

/** A call met in a handler's declaration: it counts once a guard tests the declared name. */
interface Pending {
  unit?: Unit;
  label?: string;
  couldCheck: boolean;
}

/** How much of a then-branch is read for a refusal (401, 403, Unauthorized, throw). */
const REFUSAL_WINDOW = 1000;

/**
 * Walks the handler and what it calls once, bottom-up, collecting the facts the auth rules read
 * (authFacts.ts). Each walk returns the bits of what its subtree reads (authVocabulary.ts).
 */
export class AuthWalk implements Walker {
  readonly follower: Follower;
  unit!: Unit;
  private readonly K: typeof TS.SyntaxKind;
  /** What each alias holds, as flag bits (one lookup per identifier, the commonest node). */
  private readonly aliases = new Map<string, number>();
  private position = WORK;
  /** The module scope of the file being walked. */
  private currentScope: ModuleScope | undefined;
  private statementCall: TS.Node | undefined;
  /** Calls met while walking a handler declaration's value. */
  private declared: Pending[] | undefined;
  /** Per name declared in the handler, the calls its value came from. */
  private readonly pending = new Map<string, Pending[]>();
  /** Calls met where they decide (followed, or possible checks): a block that holds one checks. */
  private guardCalls = 0;
  private walkDepth = 0;
  private childFlags = 0;

  constructor(
    private readonly ts: TsApi,
    project: ProjectView,
    private readonly facts: AuthFacts,
  ) {
    this.K = ts.SyntaxKind;
    this.follower = new Follower(ts, project, this);
  }

  alias(name: string, bits: number): void {
    if (bits) this.aliases.set(name, (this.aliases.get(name) ?? 0) | bits);
  }

  private aliased(name: string, bits: number): boolean {
    return ((this.aliases.get(name) ?? 0) & bits) !== 0;
  }

  /** `'CRON_SECRET'`, or a name holding it (`const KEY = 'CRON_SECRET'`, a parameter bound to it). */
  private isSecretName(node: TS.Node): boolean {
    const bare = unwrap(this.ts, node);
    return stringArgument(this.ts, bare) === 'CRON_SECRET' || (bare.kind === this.K.Identifier && this.aliased((bare as TS.Identifier).text, SECRET_NAME));
  }

  /** What a parameter bound to `argument` holds inside the callee. */
  argumentBits(argument: TS.Expression): number {
    let bits = this.subtreeFlags(argument) & (AUTH | SECRET | BEARER);
    if (bits & SECRET && this.isBareSecret(argument)) bits |= BARE_SECRET;
    if (bits & AUTH && this.mayBeUndefined(argument)) bits |= UNDEFINABLE;
    if (this.isSecretName(argument)) bits |= SECRET_NAME;
    return bits;
  }

  /** What a name bound to `init` holds, given the bits its walk returned. */
  private aliasBits(init: TS.Expression, value: number): number {
    // `const valid = auth === expected`: a boolean, not the secret (`!valid` requires nothing).
    if (value & CHECK) return CHECK | (value & SPOOF);
    let bits = value & READS;
    if (value & AUTH && this.mayBeUndefined(init)) bits |= UNDEFINABLE;
    if (value & SECRET && this.isBareSecret(init)) bits |= BARE_SECRET;
    if (this.isSecretName(init)) bits |= SECRET_NAME;
    return bits;
  }

  /** Walks one unit: the handler, or a helper the walk followed. */
  walkUnit(unit: Unit): void {
    this.unit = unit;
    this.position = WORK;
    this.statementCall = undefined;
    this.declared = undefined;
    this.currentScope = this.scope(unit.sourceFile, unit.file);
    this.bindDefaults(unit);
    this.walk(unit.node);
  }

  /** Calls named like checks that stood where they decided nothing, for messages. */
  finish(): void {
    for (const entries of this.pending.values()) for (const entry of entries) if (entry.label) this.ignore(entry.label);
  }

  /** `verify(request, envKey = 'CRON_SECRET')` called without the second argument reads the default. */
  private bindDefaults(unit: Unit): void {
    const ts = this.ts;
    const args = unit.args;
    const fn = unit.node;
    if (!args || !(ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn))) return;
    fn.parameters.forEach((parameter, index) => {
      const arg = args[index];
      if (!parameter.initializer || !ts.isIdentifier(parameter.name)) return;
      if (arg && !(ts.isIdentifier(arg) && arg.text === 'undefined')) return;
      this.alias(parameter.name.text, this.aliasBits(parameter.initializer, this.walk(parameter.initializer)));
    });
  }

  /** The file's module scope; its import-time guards are walked the first time it is asked for. */
  private scope(sourceFile: TS.SourceFile, file: string): ModuleScope {
    const scope = this.follower.scopeOf(sourceFile);
    if (!scope.guardsWalked) {
      scope.guardsWalked = true;
      for (const guard of scope.guards) this.walkModule(guard, sourceFile, file);
    }
    return scope;
  }

  /** Module-scope code (a constant, an import-time guard) walked where it is, then back. */
  private walkModule(node: TS.Node, sourceFile: TS.SourceFile, file: string): void {
    const unit = this.unit;
    const position = this.position;
    const statementCall = this.statementCall;
    const declared = this.declared;
    const currentScope = this.currentScope;
    this.unit = this.follower.moduleUnit(node, sourceFile, file, unit);
    this.position = WORK;
    this.statementCall = undefined;
    this.declared = undefined;
    this.currentScope = this.follower.scopeOf(sourceFile);
    this.walk(node);
    this.currentScope = currentScope;
    this.unit = unit;
    this.position = position;
    this.statementCall = statementCall;
    this.declared = declared;
  }

  /**
   * A name no alias knows: a top-level constant of this file (`const CRON_SECRET =
   * process.env.CRON_SECRET`, `` const expected = `Bearer ${…}` ``) or one imported from
   * another, read once where the walk first meets it.
   */
  private moduleValue(name: string): number {
    const unit = this.unit;
    const scope = this.currentScope ?? this.scope(unit.sourceFile, unit.file);
    const declaration = scope.vars.get(name);
    if (declaration) {
      if (!scope.done.has(declaration)) {
        scope.done.add(declaration);
        this.walkModule(declaration, unit.sourceFile, unit.file);
      }
      return this.aliases.get(name) ?? 0;
    }
    const imported = this.follower.importedModule(name, unit);
    if (!imported) return 0;
    const target = this.scope(imported.sourceFile, imported.file);
    const local = target.exports.get(imported.exported);
    const exported = local === undefined ? undefined : target.vars.get(local);
    if (!exported || local === undefined) return 0;
    if (!target.done.has(exported)) {
      target.done.add(exported);
      this.walkModule(exported, imported.sourceFile, imported.file);
    }
    const bits = this.aliases.get(local) ?? 0;
    if (local !== name) this.alias(name, bits);
    return bits;
  }

  /** A name declared from calls, read again: in a guard, the calls decide after all. */
  private usePending(name: string): void {
    const entries = this.pending.get(name);
    if (!entries) return;
    const position = this.position;
    if (position === GUARD || position === DECIDE) {
      for (const entry of entries) {
        if (entry.unit) entry.unit.decides = true;
        else if (entry.label && (position === GUARD || entry.couldCheck)) this.facts.unresolvedChecks.push(entry.label);
      }
      this.pending.delete(name);
      this.guardCalls++;
    } else if (position === DECL) {
      (this.declared ??= []).push(...entries);
    }
  }

  private ignore(label: string): void {
    if (AUTHISH.test(label) && !this.facts.ignoredCalls.includes(label)) this.facts.ignoredCalls.push(label);
  }

  /** The flags a node carries by itself, given those of its subtree (`below`). */
  private ownFlags(node: TS.Node, below: number): number {
    const ts = this.ts;
    const K = this.K;
    switch (node.kind) {
      case K.Identifier:
        return (this.aliases.get((node as TS.Identifier).text) ?? 0) & READS;
      case K.PropertyAccessExpression: {
        const name = (node as TS.PropertyAccessExpression).name.text;
        return name === 'authorization' ? AUTH : name === 'CRON_SECRET' ? SECRET : 0;
      }
      case K.ElementAccessExpression: {
        const argument = (node as TS.ElementAccessExpression).argumentExpression;
        const key = stringArgument(ts, argument);
        if (key === undefined) return this.isSecretName(argument) ? SECRET : 0;
        return isAuthorizationName(key) ? AUTH : key === 'CRON_SECRET' ? SECRET : SPOOF_HEADER.test(key) ? SPOOF : 0;
      }
      case K.CallExpression: {
        const call = node as TS.CallExpression;
        let flags = 0;
        // getRequiredEnv('CRON_SECRET'), env(KEY) with KEY = 'CRON_SECRET'
        for (const argument of call.arguments) if (this.isSecretName(argument)) flags |= SECRET;
        if (ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'get') {
          const header = stringArgument(ts, call.arguments[0]);
          if (header !== undefined) flags |= isAuthorizationName(header) ? AUTH : SPOOF_HEADER.test(header) ? SPOOF : 0;
        }
        return flags;
      }
      // `Bearer ${secret}`, 'Bearer ' + secret
      case K.TemplateExpression:
        return below & SECRET ? BEARER : 0;
      case K.BinaryExpression:
        return (node as TS.BinaryExpression).operatorToken.kind === K.PlusToken && below & SECRET ? BEARER : 0;
      default:
        return 0;
    }
  }

  /** Flags of a walked subtree without recording anything: for findings and shapes after the walk. */
  private subtreeFlags(node: TS.Node): number {
    let below = 0;
    this.ts.forEachChild(node, (child) => {
      below |= this.subtreeFlags(child);
    });
    return below | this.ownFlags(node, below);
  }

  private spoofReadIn(node: TS.Node): TS.Node | undefined {
    if (this.ownFlags(node, 0) & SPOOF) return node;
    return this.ts.forEachChild(node, (child) => (this.subtreeFlags(child) & SPOOF ? this.spoofReadIn(child) : undefined));
  }

  /** The secret itself (maybe defaulted, trimmed), not a header built from it nor a comparison's result. */
  private isOwnSecretRead(node: TS.Node): boolean {
    return node.kind !== this.K.CallExpression && (this.ownFlags(node, 0) & (SECRET | BEARER | CHECK)) === SECRET;
  }

  private isTruthinessOfSecret(node: TS.Node): boolean {
    return this.isOwnSecretRead(this.ts.isParenthesizedExpression(node) ? node.expression : node);
  }

  /** The secret itself, not something built from it: undefined when unset. */
  private isBareSecret(node: TS.Node): boolean {
    const bare = unwrap(this.ts, node);
    return this.ts.isIdentifier(bare) ? this.aliased(bare.text, BARE_SECRET) : this.isOwnSecretRead(bare);
  }

  /** A header value that is undefined, not null, when the header or its token is missing. */
  private mayBeUndefined(node: TS.Node): boolean {
    const ts = this.ts;
    const bare = unwrap(ts, node);
    if (bare.flags & ts.NodeFlags.OptionalChain) return true;
    if (ts.isIdentifier(bare)) return this.aliased(bare.text, UNDEFINABLE);
    if (ts.isPropertyAccessExpression(bare)) return bare.name.text === 'authorization';
    if (ts.isElementAccessExpression(bare)) return ts.isNumericLiteral(bare.argumentExpression) || isAuthorizationName(stringArgument(ts, bare.argumentExpression));
    return false;
  }

  /** secret.length, not the length of a Buffer of `Bearer ${secret}` (never 0). */
  private isLengthOfSecret(node: TS.Node, flags: number): boolean {
    return isLength(this.ts, node) && (flags & (SECRET | BEARER)) === SECRET;
  }

  /**
   * What, unset, skips a check guarded by `node`: the secret, the Authorization header, or a
   * switch named like one (`settings.requireCronAuth`, `CRON_AUTH_ENABLED === 'true'`), never
   * the deployment stage (`NODE_ENV === 'production'`, `isProd`).
   */
  private switchKind(node: TS.Expression): SkippedCheck['switch'] | undefined {
    const ts = this.ts;
    let bare = unwrap(ts, node);
    const K = this.K;
    // !!secret
    if (bare.kind === K.PrefixUnaryExpression) {
      const inner = unwrap(ts, (bare as TS.PrefixUnaryExpression).operand);
      if (inner.kind === K.PrefixUnaryExpression) bare = unwrap(ts, (inner as TS.PrefixUnaryExpression).operand);
    }
    if (this.isOwnSecretRead(bare)) return 'secret';
    const kind = bare.kind;
    if (
      (kind === K.Identifier || kind === K.PropertyAccessExpression || kind === K.ElementAccessExpression || kind === K.CallExpression) &&
      (this.ownFlags(bare, 0) & (AUTH | CHECK)) === AUTH
    ) {
      return 'header';
    }
    const name = switchName(ts, node);
    return name !== undefined && SWITCH_NAME.test(name) && !STAGE_NAME.test(name) && !isAuthorizationName(name) ? 'flag' : undefined;
  }

  private comparison(node: TS.Node, timingSafe: boolean, templateWithSecret: boolean, undefinedMatchesUnset = false): void {
    const unit = this.unit;
    const inHandler = unit.depth === 0 && !unit.moduleScope;
    this.facts.comparisons.push({ node, file: unit.file, inHandler, timingSafe, templateWithSecret, undefinedMatchesUnset, origin: inHandler ? node : unit.origin });
  }

  // Aliases (const auth = request.headers.get('authorization'); const { CRON_SECRET } = process.env),
  // recorded once the initializer is walked, before the code after them is.
  private collectAlias(node: TS.VariableDeclaration, value: number): void {
    const ts = this.ts;
    const init = node.initializer;
    if (!init) return;
    if (ts.isIdentifier(node.name)) {
      this.alias(node.name.text, this.aliasBits(init, value));
      // A validated env module (t3-env, zod) cannot yield an unset secret.
      if (ts.isPropertyAccessExpression(init) && init.name.text === 'CRON_SECRET' && !isProcessEnv(ts, init.expression)) this.facts.requiresSecret = true;
    } else if (ts.isObjectBindingPattern(node.name)) {
      const initText = init.getText(this.unit.sourceFile);
      const fromHeaders = /headers/.test(initText);
      for (const element of node.name.elements) {
        const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName : element.name;
        const keyText = ts.isIdentifier(key) ? key.text : '';
        if (!ts.isIdentifier(element.name)) continue;
        if (fromHeaders && keyText === 'authorization') this.alias(element.name.text, AUTH | UNDEFINABLE);
        if (keyText === 'CRON_SECRET') {
          this.alias(element.name.text, SECRET | BARE_SECRET);
          this.facts.readsSecret = true;
        }
      }
    }
  }

  private readonly addChild = (child: TS.Node): void => {
    this.childFlags |= this.walk(child);
  };

  private walkChildren(node: TS.Node): number {
    const saved = this.childFlags;
    this.childFlags = 0;
    this.ts.forEachChild(node, this.addChild);
    const flags = this.childFlags;
    this.childFlags = saved;
    return flags;
  }

  /** A condition whose decision rests on a spoofable header is one finding, not one per read in it. */
  private walkCondition(condition: TS.Expression): number {
    const spoofable = this.facts.spoofable;
    const before = spoofable.length;
    const flags = this.walk(condition);
    if (flags & SPOOF) {
      spoofable.length = before;
      spoofable.push({ node: this.spoofReadIn(condition) ?? condition, file: this.unit.file });
    }
    return flags;
  }

  /** Walks a subtree in source order, records what it finds, and returns what it reads. */
  walk(node: TS.Node): number {
    if (++this.walkDepth > MAX_WALK_DEPTH) throw new WalkTooDeep();
    // No finally: a throw abandons the whole analysis, depth and all.
    const flags = this.walkNode(node);
    this.walkDepth--;
    return flags;
  }

  private walkNode(node: TS.Node): number {
    const K = this.K;
    const kind = node.kind;
    // Types and literals read nothing at run time.
    if ((kind >= K.FirstTypeNode && kind <= K.LastTypeNode) || (kind >= K.FirstLiteralToken && kind <= K.LastLiteralToken)) return 0;
    switch (kind) {
      case K.Identifier: {
        const text = (node as TS.Identifier).text;
        if (OTHER_VERIFICATION.has(text)) this.facts.otherVerification = true;
        const bits = this.aliases.get(text) ?? this.moduleValue(text);
        if (this.pending.size !== 0 && this.unit.depth === 0) this.usePending(text);
        return bits & READS;
      }
      // The commonest containers, walked directly rather than through forEachChild.
      case K.Block: {
        let flags = 0;
        for (const statement of (node as TS.Block).statements) flags |= this.walk(statement);
        return flags;
      }
      case K.VariableStatement:
        return this.walk((node as TS.VariableStatement).declarationList);
      case K.VariableDeclarationList: {
        let flags = 0;
        for (const declaration of (node as TS.VariableDeclarationList).declarations) flags |= this.walk(declaration);
        return flags;
      }
      case K.ExpressionStatement:
      case K.ReturnStatement: {
        const value = (node as TS.ExpressionStatement | TS.ReturnStatement).expression;
        if (!value) return 0;
        // The call a statement or a return makes may throw, or answer, before the work.
        const saved = this.statementCall;
        this.statementCall = topCall(this.ts, value);
        const flags = this.walk(value);
        this.statementCall = saved;
        return flags;
      }
      case K.ArrowFunction: {
        const body = (node as TS.ArrowFunction).body;
        if (body.kind === K.Block) return this.walkChildren(node);
        const saved = this.statementCall;
        this.statementCall = topCall(this.ts, body);
        const flags = this.walkChildren(node);
        this.statementCall = saved;
        return flags;
      }
      case K.AwaitExpression:
      case K.ParenthesizedExpression:
        return this.walk((node as TS.AwaitExpression | TS.ParenthesizedExpression).expression);
      case K.ObjectLiteralExpression: {
        let flags = 0;
        for (const property of (node as TS.ObjectLiteralExpression).properties) flags |= this.walk(property);
        return flags;
      }
      case K.VariableDeclaration:
        return this.walkDeclaration(node as TS.VariableDeclaration);
      case K.PropertyAccessExpression: {
        const access = node as TS.PropertyAccessExpression;
        const name = access.name.text;
        const facts = this.facts;
        // The member name is no variable: only the verification helpers are looked up by it.
        if (OTHER_VERIFICATION.has(name)) facts.otherVerification = true;
        let flags = this.walk(access.expression);
        if (name === 'authorization') {
          facts.readsAuthorization = true;
          flags |= AUTH;
        } else if (name === 'CRON_SECRET') {
          flags |= SECRET;
          facts.readsSecret = true;
          // env.CRON_SECRET from a validated env module (t3-env, zod) cannot be unset at run time.
          if (this.ts.isIdentifier(access.expression) && this.follower.validatedEnvModule(access.expression.text, this.unit)) facts.requiresSecret = true;
        } else if (REQUEST_DATA_MEMBERS.has(name)) facts.readsRequestData = true;
        return flags;
      }
      case K.ElementAccessExpression: {
        // The key first: process.env[envKey] reads the secret when envKey holds its name.
        const below = this.walkChildren(node);
        const own = this.ownFlags(node, 0);
        if (own & AUTH) this.facts.readsAuthorization = true;
        if (own & SECRET) this.facts.readsSecret = true;
        return below | own;
      }
      case K.CallExpression:
        return this.walkCall(node as TS.CallExpression);
      case K.BinaryExpression:
        return this.walkBinary(node as TS.BinaryExpression);
      case K.PrefixUnaryExpression: {
        const unary = node as TS.PrefixUnaryExpression;
        const flags = this.walk(unary.operand);
        if (unary.operator === K.ExclamationToken) {
          // !secret, !process.env.CRON_SECRET, !secret.length — but not !safeCompare(auth, `Bearer ${secret}`) nor !valid.
          const operand = this.ts.isParenthesizedExpression(unary.operand) ? unary.operand.expression : unary.operand;
          if (this.isOwnSecretRead(operand) || this.isLengthOfSecret(operand, flags)) this.facts.requiresSecret = true;
        }
        return flags;
      }
      case K.IfStatement:
        return this.walkIf(node as TS.IfStatement);
      case K.PropertyAssignment: {
        // `{ status: 401 }`: the key reads nothing unless it is computed.
        const assignment = node as TS.PropertyAssignment;
        return (assignment.name.kind === K.ComputedPropertyName ? this.walk(assignment.name) : 0) | this.walk(assignment.initializer);
      }
      case K.ConditionalExpression: {
        const conditional = node as TS.ConditionalExpression;
        const saved = this.position;
        this.position = saved === GUARD ? GUARD : DECIDE;
        const condition = this.walkCondition(conditional.condition);
        this.position = saved;
        return condition | this.walk(conditional.whenTrue) | this.walk(conditional.whenFalse);
      }
      default: {
        // Of the own flags, only a template's (`Bearer ${secret}`) can arise here; the rest have cases.
        const below = this.walkChildren(node);
        return kind === K.TemplateExpression && below & SECRET ? below | BEARER : below;
      }
    }
  }

  private walkDeclaration(declaration: TS.VariableDeclaration): number {
    const ts = this.ts;
    // A plain name reads nothing; a pattern may hold defaults or computed keys.
    let flags = ts.isIdentifier(declaration.name) ? 0 : this.walk(declaration.name);
    const init = declaration.initializer;
    if (!init) return flags;
    const position = this.position;
    const declared = this.declared;
    this.position = DECL;
    this.declared = undefined;
    const value = this.walk(init);
    const collected = this.declared;
    this.position = position;
    this.declared = declared;
    this.collectAlias(declaration, value);
    if (collected) {
      const names = ts.isIdentifier(declaration.name)
        ? [declaration.name.text]
        : ts.isObjectBindingPattern(declaration.name)
          ? declaration.name.elements.flatMap((e) => (ts.isIdentifier(e.name) ? [e.name.text] : []))
          : [];
      for (const name of names) this.pending.set(name, [...(this.pending.get(name) ?? []), ...collected]);
    }
    flags |= value;
    return flags;
  }

  private walkIf(statement: TS.IfStatement): number {
    const ts = this.ts;
    const facts = this.facts;
    const unit = this.unit;
    const condition = statement.expression;
    const then = statement.thenStatement;
    const refuses = REFUSAL_TEXT.test(unit.sourceFile.text.slice(then.pos, Math.min(then.end, then.pos + REFUSAL_WINDOW)));
    const position = this.position;
    this.position = refuses ? GUARD : DECIDE;
    let flags = this.walkCondition(condition);
    this.position = position;
    const truthiness = this.isTruthinessOfSecret(condition);
    if (truthiness) facts.requiresSecret = true;
    const comparisons = facts.comparisons.length;
    const guardCalls = this.guardCalls;
    const thenFlags = this.walk(then);
    flags |= thenFlags;
    const thenChecks = (thenFlags & (AUTH | CHECK)) !== 0 || facts.comparisons.length > comparisons || this.guardCalls > guardCalls;
    if (statement.elseStatement) flags |= this.walk(statement.elseStatement);
    else if (thenChecks) {
      // if (process.env.CRON_SECRET) { …check… } with nothing otherwise: skipped when unset.
      const kind = this.switchKind(condition);
      if (kind) facts.skippedWhenUnset.push({ node: statement, file: unit.file, kind: 'block', switch: kind, switchNode: condition });
    }
    // if (secret && !isValid(request, secret)) return 401; if (settings.requireCronAuth && !verify(req)) …
    const chain = conjuncts(ts, condition);
    if (chain && leaves(ts, then)) {
      const checks = chain.parts.slice(1).some((part) => isNegated(ts, part) && this.isCheck(part, refuses));
      const kind = checks ? this.switchKind(chain.parts[0]!) : undefined;
      if (kind) facts.skippedWhenUnset.push({ node: statement, file: unit.file, kind: 'and-guard', switch: kind, switchNode: chain.parts[0]!, parts: chain.parts, operators: chain.operators });
    }
    return flags;
  }

  /**
   * The refusal test of an and-guard checks the request: it reads the header or a comparison's
   * result, or calls a helper handed the secret (or any helper, when the branch refuses) — not
   * `!secret.startsWith('sk_')`, which validates the secret's format.
   */
  private isCheck(part: TS.Expression, refuses: boolean): boolean {
    const ts = this.ts;
    const flags = this.subtreeFlags(part);
    if (flags & (AUTH | CHECK)) return true;
    const negated = unwrap(ts, part);
    const call = negated.kind === this.K.PrefixUnaryExpression ? topCall(ts, (negated as TS.PrefixUnaryExpression).operand) : undefined;
    if (!call) return false;
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee) && this.subtreeFlags(callee.expression) & SECRET) return false;
    return refuses || (flags & SECRET) !== 0;
  }

  private walkCall(call: TS.CallExpression): number {
    const ts = this.ts;
    const facts = this.facts;
    const callee = call.expression;
    let calleeFlags: number;
    if (callee.kind === this.K.Identifier) {
      // A called name is a function, not a constant: no module-scope lookup.
      const text = (callee as TS.Identifier).text;
      if (OTHER_VERIFICATION.has(text)) facts.otherVerification = true;
      calleeFlags = (this.aliases.get(text) ?? 0) & READS;
    } else calleeFlags = this.walk(callee);
    let flags = calleeFlags;
    let argsAuth = false;
    let argsSecret = false;
    let argsBearer = false;
    for (const argument of call.arguments) {
      const f = this.walk(argument);
      argsAuth ||= (f & AUTH) !== 0;
      argsSecret ||= (f & SECRET) !== 0;
      argsBearer ||= (f & BEARER) !== 0;
      flags |= f;
    }
    const own = this.ownFlags(call, flags);
    if (own & AUTH) facts.readsAuthorization = true;
    if (own & SECRET) facts.readsSecret = true;
    flags |= own;
    const memberName = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (ts.isIdentifier(callee) && DYNAMIC_API.has(callee.text)) facts.readsRequestData = true;
    // [key, `Bearer ${secret}`].includes(auth): a comparison by another name.
    if (memberName === 'includes' && argsAuth && calleeFlags & SECRET) {
      this.comparison(call, false, (calleeFlags & BEARER) !== 0);
      flags |= CHECK;
    }
    const name = ts.isIdentifier(callee) ? callee.text : memberName;
    if (argsAuth && argsSecret && name && TIMING_SAFE.has(name)) {
      this.comparison(call, true, argsBearer);
      flags |= CHECK;
    }
    if (ts.isIdentifier(callee)) {
      // A 'CRON_SECRET' string argument is in `own` already.
      if ((argsSecret || own & SECRET) && REQUIRE_ENV.test(callee.text)) facts.requiresSecret = true;
      if (!TIMING_SAFE.has(callee.text)) this.callTo(call, callee.text, undefined, argsAuth);
    } else if (memberName !== undefined && ts.isIdentifier((callee as TS.PropertyAccessExpression).expression)) {
      // `auth.verifyCron(req)` through `import * as auth from '@/lib/auth'`.
      this.callTo(call, ((callee as TS.PropertyAccessExpression).expression as TS.Identifier).text, memberName, argsAuth);
    }
    // ua.includes('vercel-cron'): a decision made on a spoofable header, outside an if.
    if (flags & SPOOF && memberName !== undefined && /^(includes|startsWith|endsWith|test)$/.test(memberName)) facts.spoofable.push({ node: this.spoofReadIn(call) ?? call, file: this.unit.file });
    return flags;
  }

  /** Where a call stands, as far as deciding the response goes. */
  private site(call: TS.Node): number {
    const unit = this.unit;
    if (unit.moduleScope) return WORK;
    // In a helper, what matters is where the handler called it from.
    if (unit.depth > 0) return unit.decides ? (this.position === GUARD ? GUARD : DECIDE) : WORK;
    if (this.position === GUARD || this.position === DECIDE) return this.position;
    if (call === this.statementCall) return STATEMENT;
    return this.position === DECL ? DECL : WORK;
  }

  /** The call is handed the request (or its headers): it may check it. */
  private handsRequest(call: TS.CallExpression): boolean {
    const ts = this.ts;
    const request = this.unit.requestName;
    if (request === undefined) return false;
    return call.arguments.some((argument) => {
      const bare = unwrap(ts, argument);
      if (ts.isIdentifier(bare)) return bare.text === request;
      return ts.isPropertyAccessExpression(bare) && ts.isIdentifier(bare.expression) && bare.expression.text === request;
    });
  }

  /**
   * Follows a call, or records what a call that cannot be followed means: a possible check
   * where its result can decide the response (a guard, a statement handed the request, a value
   * a guard tests), nothing when it is the job's work.
   */
  private callTo(call: TS.CallExpression, name: string, member: string | undefined, argsAuth: boolean): void {
    const site = this.site(call);
    const named = member ?? name;
    const decides = site === GUARD || site === DECIDE || (site === STATEMENT && this.couldCheck(call, named, argsAuth, site));
    const followed = this.follower.follow(name, this.unit, member, call.arguments, decides, call);
    if (typeof followed === 'object') {
      if (decides) this.guardCalls++;
      else if (site === DECL) (this.declared ??= []).push({ unit: followed, couldCheck: false });
      return;
    }
    // Headers, responses, consoles: framework and platform calls check nothing.
    if (member === undefined ? NOT_A_CHECK_RECEIVER.test(name) || DYNAMIC_API.has(name) : NOT_A_CHECK_RECEIVER.test(name)) return;
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
  private couldCheck(call: TS.CallExpression, named: string, argsAuth: boolean, site: number): boolean {
    return argsAuth || this.handsRequest(call) || (site === STATEMENT ? GUARD_NAME : AUTHISH).test(named);
  }

  private walkBinary(node: TS.BinaryExpression): number {
    const ts = this.ts;
    const K = this.K;
    const facts = this.facts;
    const left = this.walk(node.left);
    const right = this.walk(node.right);
    const below = left | right;
    let flags = below | this.ownFlags(node, below);
    const operator = node.operatorToken.kind;
    if (isEquality(ts, operator) || operator === K.LessThanToken || operator === K.LessThanEqualsToken) {
      const lengthLeft = isLength(ts, node.left);
      const lengthRight = isLength(ts, node.right);
      // secret.length === 0, secret.length < 16 — not actual.length === expected.length.
      if (
        (this.isLengthOfSecret(node.left, left) && !(right & (SECRET | AUTH)) && !lengthRight) ||
        (this.isLengthOfSecret(node.right, right) && !(left & (SECRET | AUTH)) && !lengthLeft)
      ) {
        facts.requiresSecret = true;
      } else if (!lengthLeft && !lengthRight) {
        const other = left & SECRET ? node.right : right & SECRET ? node.left : undefined;
        if (other && isMissingValue(ts, other)) facts.requiresSecret = true;
      }
      if (isEquality(ts, operator) && !lengthLeft && !lengthRight) {
        if ((left & AUTH && right & SECRET) || (right & AUTH && left & SECRET)) {
          const [header, secret] = left & AUTH && right & SECRET ? [node.left, node.right] : [node.right, node.left];
          const loose = operator === K.EqualsEqualsToken || operator === K.ExclamationEqualsToken;
          this.comparison(node, false, (flags & BEARER) !== 0, this.isBareSecret(secret) && (loose || this.mayBeUndefined(header)));
          flags |= CHECK;
        }
        // ua === 'vercel-cron/1.0' in a helper: a decision outside an if.
        if ((left & SPOOF && ts.isStringLiteralLike(node.right)) || (right & SPOOF && ts.isStringLiteralLike(node.left))) {
          facts.spoofable.push({ node: this.spoofReadIn(node) ?? node, file: this.unit.file });
        }
      }
    } else if (operator === K.AmpersandAmpersandToken) {
      // `secret && auth === \`Bearer ${secret}\``: only passes with a secret. (`secret && auth !==`
      // or `secret && !valid(…)` guarding a refusal is the opposite: it is reported as skipped when unset.)
      const leftKind = node.left.kind;
      const guard = (leftKind === K.Identifier || leftKind === K.PropertyAccessExpression || leftKind === K.ElementAccessExpression) && this.isOwnSecretRead(node.left);
      if (guard && !isNegated(ts, node.right)) facts.requiresSecret = true;
    }
    return flags;
  }
}
