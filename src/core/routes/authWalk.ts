import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { ModuleScope, Unit } from './authFollow';
import { AuthSites, DECIDE, DECL, GUARD, WORK } from './authSites';
import { conjuncts, isEquality, isLength, isMissingValue, isNegated, isProcessEnv, isTruthinessFilter, leaves, topCall, unwrap } from './authSyntax';
import {
  AUTH,
  BARE_SECRET,
  BEARER,
  CHECK,
  DYNAMIC_API,
  OTHER_SECRET,
  OTHER_VERIFICATION,
  PRESENTED,
  READS,
  REFUSAL_TEXT,
  REQUEST_DATA_MEMBERS,
  REQUEST_VALUE,
  REQUIRE_ENV,
  SECRET,
  SPOOF,
  TIMING_SAFE,
  UNDEFINABLE,
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

/** How much of a then-branch is read for a refusal (401, 403, Unauthorized, throw). */
const REFUSAL_WINDOW = 1000;

/** `return true`, alone or as the only statement of a block. */
function returnsTrue(ts: TsApi, statement: TS.Statement): boolean {
  const only = ts.isBlock(statement) ? (statement.statements.length === 1 ? statement.statements[0]! : undefined) : statement;
  if (!only || only.kind !== ts.SyntaxKind.ReturnStatement) return false;
  const value = (only as TS.ReturnStatement).expression;
  return !!value && unwrap(ts, value).kind === ts.SyntaxKind.TrueKeyword;
}

/** `!isAllowed(request)` (awaited or not) as a whole condition: the call. */
function negatedCall(ts: TsApi, condition: TS.Expression): TS.Node | undefined {
  const bare = unwrap(ts, condition);
  if (bare.kind !== ts.SyntaxKind.PrefixUnaryExpression || (bare as TS.PrefixUnaryExpression).operator !== ts.SyntaxKind.ExclamationToken) return undefined;
  return topCall(ts, unwrap(ts, (bare as TS.PrefixUnaryExpression).operand));
}

/** Syntax nodes read after an early accept for the refusal it skips, at most. */
const REFUSAL_SCAN_NODES = 2000;

/** Array methods whose callback gets each entry: `tokens.some((token) => auth === \`Bearer ${token}\`)`. */
const ENTRY_CALLBACK = new Set(['some', 'every', 'find', 'findIndex', 'findLast', 'filter', 'forEach', 'map']);

/**
 * What a helper returns to let the request through: `true`, an object whose `property` is true
 * (`{ ok: true }`), or nothing (`return;`, `return null`, when its refusals throw or answer 401).
 */
type Verdict = { kind: 'true' } | { kind: 'property'; name: string } | { kind: 'nothing' };

/** `if (!secret) return true;` met in a helper: a skip once the statements after it check and refuse. */
interface EarlyAccept {
  statement: TS.IfStatement;
  verdict: Verdict;
}

/**
 * Walks the handler and what it calls once, bottom-up, collecting the facts the auth rules read
 * (authFacts.ts). Each walk returns the bits of what its subtree reads (authVocabulary.ts); what
 * values hold is AuthValues' (authValues.ts), where calls stand AuthSites' (authSites.ts).
 */
export class AuthWalk extends AuthSites {
  /** The module scope of the file being walked. */
  private currentScope: ModuleScope | undefined;
  private walkDepth = 0;
  private childFlags = 0;
  /** The `&&` nodes of the condition of the refusal being walked: its operands, top level, positive. */
  private refusalChain: ReadonlySet<TS.Node> | undefined;
  /** An operand of that chain let any request with an Authorization header skip the refusal. */
  private refusalBypassed = false;
  /** The if statement just walked, when it accepts while no secret is set (walkIf sets it, the block reads it). */
  private earlyAccept: EarlyAccept | undefined;

  /**
   * Each walked unit's names, kept for the units nested in it (a closure reads its enclosing
   * function's): the first unit's (the handler) in fields, the others' in a map made when a
   * second unit is walked. Most routes walk their handler alone, and a check of every route made
   * this map, and the file map below, for each one.
   */
  private firstUnit: Unit | undefined;
  private firstAliases: Map<string, number> | undefined;
  private unitAliases: Map<Unit, Map<string, number>> | undefined;
  /** Each file's module-scope names (its constants, walked where first read), by file; made at the first. */
  private moduleAliases: Map<string, Map<string, number>> | undefined;

  /**
   * The names a unit starts with: those of the innermost walked unit of its file that encloses it
   * (a local function the handler calls sees the handler's), then what its parameters were handed.
   */
  private startingAliases(unit: Unit): Map<string, number> {
    let enclosing: Map<string, number> | undefined;
    let enclosingPos = -1;
    const consider = (walked: Unit, aliases: Map<string, number>): void => {
      if (walked.file !== unit.file || walked.node.pos > unit.node.pos || unit.node.end > walked.node.end) return;
      if (!enclosing || enclosingPos <= walked.node.pos) {
        enclosing = aliases;
        enclosingPos = walked.node.pos;
      }
    };
    if (this.firstUnit) consider(this.firstUnit, this.firstAliases!);
    if (this.unitAliases) for (const [walked, aliases] of this.unitAliases) consider(walked, aliases);
    const aliases = new Map(enclosing);
    if (unit.bound) for (const [name, bits] of unit.bound) aliases.set(name, (aliases.get(name) ?? 0) | bits);
    return aliases;
  }

  private moduleMap(file: string): Map<string, number> {
    const byFile = (this.moduleAliases ??= new Map());
    let aliases = byFile.get(file);
    if (!aliases) byFile.set(file, (aliases = new Map()));
    return aliases;
  }

  /** Walks one unit: the handler, or a helper the walk followed. */
  walkUnit(unit: Unit): void {
    this.aliases = this.startingAliases(unit);
    if (!this.firstUnit) {
      this.firstUnit = unit;
      this.firstAliases = this.aliases;
    } else (this.unitAliases ??= new Map()).set(unit, this.aliases);
    this.unit = unit;
    this.position = WORK;
    this.statementCall = undefined;
    this.statementReturns = false;
    this.declared = undefined;
    this.currentScope = this.scope(unit.sourceFile, unit.file);
    this.bindDefaults(unit);
    this.walk(unit.node);
  }

  /** Calls named like checks that stood where they decided nothing, for messages. */
  finish(): void {
    for (const entries of this.pending?.values() ?? []) for (const entry of entries) if (entry.label) this.ignore(entry.label);
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
    const statementReturns = this.statementReturns;
    const declared = this.declared;
    const currentScope = this.currentScope;
    const aliases = this.aliases;
    this.aliases = this.moduleMap(file);
    this.unit = this.follower.moduleUnit(node, sourceFile, file, unit);
    this.position = WORK;
    this.statementCall = undefined;
    this.statementReturns = false;
    this.declared = undefined;
    this.currentScope = this.follower.scopeOf(sourceFile);
    this.walk(node);
    this.currentScope = currentScope;
    this.aliases = aliases;
    this.unit = unit;
    this.position = position;
    this.statementCall = statementCall;
    this.statementReturns = statementReturns;
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
      if (!scope.done?.has(declaration)) {
        (scope.done ??= new Set()).add(declaration);
        this.walkModule(declaration, unit.sourceFile, unit.file);
      }
      const bits = this.moduleMap(unit.file).get(name) ?? 0;
      // Kept among the unit's names too: the questions asked of an expression read them there.
      this.alias(name, bits);
      return bits;
    }
    // A name that is neither (`request`, `Date`, `db`) stays so for the unit and those nested in it,
    // which inherit its names: 0 kept among them saves asking the scope and the imports at each read.
    const imported = this.follower.importedModule(name, unit);
    if (!imported) {
      this.aliases.set(name, 0);
      return 0;
    }
    const target = this.scope(imported.sourceFile, imported.file);
    const local = target.exports.get(imported.exported);
    const exported = local === undefined ? undefined : target.vars.get(local);
    if (!exported || local === undefined) {
      this.aliases.set(name, 0);
      return 0;
    }
    if (!target.done?.has(exported)) {
      (target.done ??= new Set()).add(exported);
      this.walkModule(exported, imported.sourceFile, imported.file);
    }
    const bits = this.moduleMap(imported.file).get(local) ?? 0;
    this.alias(name, bits);
    return bits;
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
      const name = node.name.text;
      this.alias(name, this.aliasBits(init, value));
      // A validated env module (t3-env, zod) cannot yield an unset secret.
      const key = ts.isPropertyAccessExpression(init) ? init.name.text : ts.isElementAccessExpression(init) ? stringArgument(ts, init.argumentExpression) : undefined;
      if (key === 'CRON_SECRET' && !isProcessEnv(ts, (init as TS.PropertyAccessExpression | TS.ElementAccessExpression).expression)) this.facts.requiresSecret = true;
      const env = this.envNamesOf(init);
      if (env.length) (this.envNames ??= new Map()).set(name, env);
      if (value & SECRET && isTruthinessFilter(ts, init)) (this.filteredLists ??= new Set()).add(name);
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
        if (this.pending !== undefined && this.pending.size !== 0 && this.unit.depth === 0) this.usePending(text);
        return bits & READS;
      }
      // The commonest containers, walked directly rather than through forEachChild.
      case K.Block: {
        let flags = 0;
        const statements = (node as TS.Block).statements;
        for (let i = 0; i < statements.length; i++) {
          const statement = statements[i]!;
          flags |= this.walk(statement);
          const accept = this.earlyAccept;
          if (accept === undefined) continue;
          this.earlyAccept = undefined;
          if (accept.statement === statement) return flags | this.walkAfterEarlyAccept(accept, statements, i + 1);
        }
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
        const returns = this.statementReturns;
        this.statementCall = topCall(this.ts, value);
        this.statementReturns = node.kind === K.ReturnStatement;
        const flags = this.walk(value);
        this.statementCall = saved;
        this.statementReturns = returns;
        return flags;
      }
      case K.ArrowFunction: {
        const body = (node as TS.ArrowFunction).body;
        if (body.kind === K.Block) return this.walkChildren(node);
        const saved = this.statementCall;
        const returns = this.statementReturns;
        this.statementCall = topCall(this.ts, body);
        this.statementReturns = true;
        const flags = this.walkChildren(node);
        this.statementCall = saved;
        this.statementReturns = returns;
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
        else if (this.isQueryRead(access)) flags |= REQUEST_VALUE;
        else if (this.isOtherSecretRead(access)) flags |= OTHER_SECRET;
        return flags;
      }
      case K.ElementAccessExpression: {
        // The key first: process.env[envKey] reads the secret when envKey holds its name.
        const below = this.walkChildren(node);
        const own = this.ownFlags(node, 0);
        if (own & AUTH) this.facts.readsAuthorization = true;
        if (own & SECRET) {
          this.facts.readsSecret = true;
          // env['CRON_SECRET'] is env.CRON_SECRET: from a validated env module it cannot be unset.
          const receiver = (node as TS.ElementAccessExpression).expression;
          if (this.ts.isIdentifier(receiver) && this.follower.validatedEnvModule(receiver.text, this.unit)) this.facts.requiresSecret = true;
        }
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
      const pending = (this.pending ??= new Map());
      for (const name of names) pending.set(name, [...(pending.get(name) ?? []), ...collected]);
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
    const outerChain = this.refusalChain;
    const outerBypassed = this.refusalBypassed;
    const outerNegatedCall = this.negatedGuardCall;
    this.refusalChain = refuses ? this.andChain(condition) : undefined;
    this.refusalBypassed = false;
    this.negatedGuardCall = refuses && unit.depth === 0 && !unit.moduleScope ? negatedCall(ts, condition) : undefined;
    if (unit.passesWhenTrue && unit.depth > 0) this.spoofAccept(statement);
    let flags = this.walkCondition(condition);
    this.refusalChain = outerChain;
    this.refusalBypassed = outerBypassed;
    this.negatedGuardCall = outerNegatedCall;
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
    // if (!secret) return true; in a helper: whether it skips a check, the statements after it tell (the block asks).
    if (!statement.elseStatement && !refuses && unit.depth > 0 && !unit.moduleScope && flags & SECRET) {
      const verdict = this.acceptingVerdict(then);
      if (verdict && this.isSecretAbsence(condition)) this.earlyAccept = { statement, verdict };
    }
    return flags;
  }

  /**
   * The statements after an early accept, walked as the block would; when they check the request
   * and refuse with the opposite verdict, the accept is the check skipped while no secret is set.
   */
  private walkAfterEarlyAccept(accept: EarlyAccept, statements: readonly TS.Statement[], from: number): number {
    const facts = this.facts;
    const comparisons = facts.comparisons.length;
    const guardCalls = this.guardCalls;
    let flags = 0;
    for (let i = from; i < statements.length; i++) {
      flags |= this.walk(statements[i]!);
      // A later accept of the same block is its own question, over the statements after it.
      const next = this.earlyAccept;
      this.earlyAccept = undefined;
      if (next && next.statement === statements[i]) {
        flags |= this.walkAfterEarlyAccept(next, statements, i + 1);
        break;
      }
    }
    const checks = (flags & (AUTH | CHECK)) !== 0 || facts.comparisons.length > comparisons || this.guardCalls > guardCalls;
    if (checks && this.refusedAfter(accept.verdict, statements, from)) {
      const condition = accept.statement.expression;
      const alsoAccepted = [...new Set(this.envNamesIn(condition))].filter((name) => name !== 'CRON_SECRET');
      facts.skippedWhenUnset.push({
        node: accept.statement,
        file: this.unit.file,
        kind: 'early-accept',
        switch: 'secret',
        switchNode: condition,
        ...(alsoAccepted.length ? { alsoAccepted } : {}),
      });
    }
    return flags;
  }

  /** `return true`, `return { ok: true }`, `return;` / `return null`, maybe after a log line: what passes the request. */
  private acceptingVerdict(then: TS.Statement): Verdict | undefined {
    const ts = this.ts;
    let last: TS.Statement = then;
    if (ts.isBlock(then)) {
      const statements = then.statements;
      if (!statements.length || statements.length > 4) return undefined;
      last = statements[statements.length - 1]!;
      for (let i = 0; i < statements.length - 1; i++) if (!ts.isExpressionStatement(statements[i]!)) return undefined;
    }
    if (last.kind !== this.K.ReturnStatement) return undefined;
    const returned = (last as TS.ReturnStatement).expression;
    if (!returned) return { kind: 'nothing' };
    const value = unwrap(ts, returned);
    if (value.kind === this.K.TrueKeyword) return { kind: 'true' };
    if (value.kind === this.K.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined')) return { kind: 'nothing' };
    if (ts.isObjectLiteralExpression(value)) {
      for (const property of value.properties) {
        if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && unwrap(ts, property.initializer).kind === this.K.TrueKeyword) return { kind: 'property', name: property.name.text };
      }
    }
    return undefined;
  }

  /**
   * Tests that no secret is configured: `!secret`, `!tokens.length`, `tokens.length === 0`,
   * `secret === undefined`, or a chain of such tests (`!cronSecret && !adminKey`) one of which is
   * the secret's. The condition has been walked: its names are bound.
   */
  private isSecretAbsence(condition: TS.Expression): boolean {
    const chain = conjuncts(this.ts, condition);
    if (!chain) return this.absenceOf(condition) === true;
    let secret = false;
    for (const part of chain.parts) {
      const absence = this.absenceOf(part);
      if (absence === undefined) return false;
      secret ||= absence;
    }
    return secret;
  }

  /** true: a test that the secret (or a list holding it) is unset; false: that another plain value is; undefined: neither. */
  private absenceOf(node: TS.Expression): boolean | undefined {
    const ts = this.ts;
    const K = this.K;
    const bare = unwrap(ts, node);
    const ofSecret = (value: TS.Node): boolean => this.isOwnSecretRead(value) || this.isLengthOfSecret(value, this.subtreeFlags(value));
    if (bare.kind === K.PrefixUnaryExpression && (bare as TS.PrefixUnaryExpression).operator === K.ExclamationToken) {
      const operand = unwrap(ts, (bare as TS.PrefixUnaryExpression).operand);
      if (ofSecret(operand)) return true;
      const value = isLength(ts, operand) ? (operand as TS.PropertyAccessExpression).expression : operand;
      return ts.isIdentifier(value) || ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value) ? false : undefined;
    }
    if (!ts.isBinaryExpression(bare)) return undefined;
    const operator = bare.operatorToken.kind;
    const zero = (value: TS.Node, literal: string) => ts.isNumericLiteral(value) && value.text === literal;
    if (isEquality(ts, operator) && operator !== K.ExclamationEqualsEqualsToken && operator !== K.ExclamationEqualsToken) {
      for (const [value, other] of [[bare.left, bare.right], [bare.right, bare.left]] as const) {
        if (this.isOwnSecretRead(unwrap(ts, value)) && isMissingValue(ts, other)) return true;
        if (isLength(ts, value) && this.isLengthOfSecret(value, this.subtreeFlags(value)) && zero(other, '0')) return true;
      }
      return undefined;
    }
    // tokens.length < 1, tokens.length <= 0
    if ((operator === K.LessThanToken && zero(bare.right, '1')) || (operator === K.LessThanEqualsToken && zero(bare.right, '0'))) {
      return isLength(ts, bare.left) && this.isLengthOfSecret(bare.left, this.subtreeFlags(bare.left)) ? true : undefined;
    }
    return undefined;
  }

  /**
   * Whether the statements after an early accept refuse the other way: a throw, or a return of
   * the opposite verdict (`false` or a comparison's result; the property false; a 401 answer).
   * Nested functions are not entered: their returns are not the helper's.
   */
  private refusedAfter(verdict: Verdict, statements: readonly TS.Statement[], from: number): boolean {
    const ts = this.ts;
    const K = this.K;
    let budget = REFUSAL_SCAN_NODES;
    let found = false;
    const refuses = (value: TS.Expression | undefined): boolean => {
      if (!value) return false;
      const bare = unwrap(ts, value);
      switch (verdict.kind) {
        case 'true':
          return bare.kind === K.FalseKeyword || (this.subtreeFlags(bare) & (AUTH | CHECK)) !== 0;
        case 'property': {
          if (!ts.isObjectLiteralExpression(bare)) return false;
          const property = bare.properties.find((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === verdict.name) as TS.PropertyAssignment | undefined;
          if (!property) return false;
          const result = unwrap(ts, property.initializer);
          return result.kind === K.FalseKeyword || (this.subtreeFlags(result) & (AUTH | CHECK)) !== 0;
        }
        case 'nothing':
          return bare.kind !== K.NullKeyword && !(ts.isIdentifier(bare) && bare.text === 'undefined') && REFUSAL_TEXT.test(bare.getText(this.unit.sourceFile));
      }
    };
    const visit = (node: TS.Node): void => {
      if (found || --budget < 0) return;
      const kind = node.kind;
      if (kind === K.FunctionDeclaration || kind === K.FunctionExpression || kind === K.ArrowFunction || kind === K.MethodDeclaration || kind === K.ClassDeclaration || kind === K.ClassExpression) return;
      if (kind === K.ThrowStatement || (kind === K.ReturnStatement && refuses((node as TS.ReturnStatement).expression))) {
        found = true;
        return;
      }
      ts.forEachChild(node, visit);
    };
    for (let i = from; i < statements.length && !found; i++) visit(statements[i]!);
    return found;
  }

  /** The environment variables an early accept's condition tests, through names and lists. */
  private envNamesIn(condition: TS.Node): string[] {
    const names: string[] = [];
    let budget = 64;
    const visit = (node: TS.Node): void => {
      if (--budget < 0) return;
      const found = this.envNamesOf(node);
      if (found.length) names.push(...found);
      else this.ts.forEachChild(node, visit);
    };
    visit(condition);
    return names;
  }

  private walkCall(call: TS.CallExpression): number {
    const facts = this.facts;
    const callee = call.expression;
    const K = this.K;
    // Each read once: an identifier's text is a getter.
    const calleeName = callee.kind === K.Identifier ? (callee as TS.Identifier).text : undefined;
    let calleeFlags: number;
    if (calleeName !== undefined) {
      // A called name is a function, not a constant: no module-scope lookup.
      if (OTHER_VERIFICATION.has(calleeName)) facts.otherVerification = true;
      calleeFlags = (this.aliases.get(calleeName) ?? 0) & READS;
    } else calleeFlags = this.walk(callee);
    let flags = calleeFlags;
    let argsAuth = false;
    let argsPresented = false;
    let argsSecret = false;
    let argsBearer = false;
    const memberName = callee.kind === K.PropertyAccessExpression ? (callee as TS.PropertyAccessExpression).name.text : undefined;
    // tokens.some((token) => auth === `Bearer ${token}`): the callback's parameter is each accepted secret.
    const entry = memberName !== undefined && calleeFlags & SECRET && !(calleeFlags & CHECK) && ENTRY_CALLBACK.has(memberName) ? this.entryParameter(call) : undefined;
    for (const argument of call.arguments) {
      const f = entry && argument === call.arguments[0] ? this.walkEntryCallback(argument, entry, (callee as TS.PropertyAccessExpression).expression, calleeFlags) : this.walk(argument);
      argsAuth ||= (f & AUTH) !== 0;
      argsPresented ||= (f & PRESENTED) !== 0;
      argsSecret ||= (f & SECRET) !== 0;
      argsBearer ||= (f & BEARER) !== 0;
      flags |= f;
    }
    const own = this.ownFlags(call, flags);
    if (own & AUTH) facts.readsAuthorization = true;
    if (own & SECRET) facts.readsSecret = true;
    flags |= own;
    if (calleeName !== undefined && DYNAMIC_API.has(calleeName)) facts.readsRequestData = true;
    // [key, `Bearer ${secret}`].includes(auth): a comparison by another name.
    if (memberName === 'includes' && argsAuth && calleeFlags & SECRET) {
      this.comparison(call, false, (calleeFlags & BEARER) !== 0);
      flags |= CHECK;
    }
    const name = calleeName ?? memberName;
    if (argsPresented && argsSecret && name && TIMING_SAFE.has(name)) {
      this.comparison(call, true, argsBearer);
      flags |= CHECK;
    }
    if (calleeName !== undefined) {
      // A 'CRON_SECRET' string argument is in `own` already.
      if ((argsSecret || own & SECRET) && REQUIRE_ENV.test(calleeName)) facts.requiresSecret = true;
      if (!TIMING_SAFE.has(calleeName)) this.callTo(call, calleeName, undefined, argsAuth);
    } else if (memberName !== undefined && (callee as TS.PropertyAccessExpression).expression.kind === K.Identifier) {
      // `auth.verifyCron(req)` through `import * as auth from '@/lib/auth'`.
      this.callTo(call, ((callee as TS.PropertyAccessExpression).expression as TS.Identifier).text, memberName, argsAuth);
    }
    // ua.includes('vercel-cron'): a decision made on a spoofable header, outside an if.
    if (flags & SPOOF && memberName !== undefined && /^(includes|startsWith|endsWith|test)$/.test(memberName)) facts.spoofable.push({ node: this.spoofReadIn(call) ?? call, file: this.unit.file });
    return flags;
  }

  /**
   * `if (isVercelCron) return true;` as a statement of a helper's body whose true lets the request
   * in, after nothing but declarations and other such accepts: the spoofable header alone passes.
   * The condition's flags are read without recording (the walk of it follows).
   */
  private spoofAccept(statement: TS.IfStatement): void {
    const ts = this.ts;
    const unit = this.unit;
    const fn = unit.node;
    const body = (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) && fn.body && ts.isBlock(fn.body) ? fn.body : undefined;
    if (!body || statement.elseStatement || !returnsTrue(ts, statement.thenStatement)) return;
    const index = body.statements.indexOf(statement);
    if (index < 0) return;
    for (const before of body.statements.slice(0, index)) {
      const accepts = before.kind === ts.SyntaxKind.IfStatement && !(before as TS.IfStatement).elseStatement && returnsTrue(ts, (before as TS.IfStatement).thenStatement);
      if (!ts.isVariableStatement(before) && !accepts) return;
    }
    if ((this.subtreeFlags(statement.expression) & READS) !== SPOOF) return;
    this.facts.spoofAccepts.push({ node: this.spoofReadIn(statement.expression) ?? statement.expression, file: unit.file, within: fn });
  }

  /** The `&&` nodes down the left spine of `a && b && c` (inside parentheses), or undefined for no chain. */
  private andChain(condition: TS.Expression): ReadonlySet<TS.Node> | undefined {
    const ts = this.ts;
    let nodes: Set<TS.Node> | undefined;
    let current = unwrap(ts, condition);
    for (let count = 0; count < 16 && ts.isBinaryExpression(current) && current.operatorToken.kind === this.K.AmpersandAmpersandToken; count++) {
      (nodes ??= new Set()).add(current);
      current = unwrap(ts, current.left);
    }
    return nodes;
  }

  /**
   * `!hasBearer` as an operand of a refusal's `&&` chain: a request with any Authorization header
   * (of that scheme) makes it false and skips the refusal. Recorded, and true, once per refusal.
   */
  private bypassesRefusal(operand: TS.Expression): boolean {
    const bare = unwrap(this.ts, operand);
    if (bare.kind !== this.K.PrefixUnaryExpression || (bare as TS.PrefixUnaryExpression).operator !== this.K.ExclamationToken) return false;
    if (!this.isHeaderShape((bare as TS.PrefixUnaryExpression).operand)) return false;
    this.facts.headerBypasses.push({ node: operand, file: this.unit.file });
    return true;
  }

  /**
   * The right operand of a refusal's `&&` after a header bypass: what it tests (a session, a role)
   * no longer stands between the caller and the job, so its calls are walked as the work's.
   */
  private walkBypassed(node: TS.Expression): number {
    const position = this.position;
    this.position = WORK;
    const flags = this.walk(node);
    this.position = position;
    return flags;
  }

  /** The name of a callback's first parameter, when the first argument is a function that has one. */
  private entryParameter(call: TS.CallExpression): string | undefined {
    const ts = this.ts;
    const callback = call.arguments[0] && unwrap(ts, call.arguments[0]);
    if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
    const parameter = callback.parameters[0];
    return parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
  }

  /**
   * Walks a callback over a list of secrets with its parameter bound to one entry, for the
   * callback only. An entry of `[…].filter(Boolean)` is set: what the callback compares it with
   * cannot be "Bearer undefined", so its comparisons are checks that do not fail open.
   */
  private walkEntryCallback(callback: TS.Expression, parameter: string, list: TS.Expression, listFlags: number): number {
    const ts = this.ts;
    const bare = unwrap(ts, list);
    const filtered = !(listFlags & BEARER) && (isTruthinessFilter(ts, bare) || (ts.isIdentifier(bare) && this.filteredLists?.has(bare.text) === true));
    const before = this.aliases.get(parameter);
    this.aliases.set(parameter, (listFlags & (SECRET | BEARER)) | (listFlags & BEARER || filtered ? 0 : BARE_SECRET));
    const comparisons = this.facts.comparisons.length;
    const flags = this.walk(callback);
    if (before === undefined) this.aliases.delete(parameter);
    else this.aliases.set(parameter, before);
    if (filtered) {
      for (let i = comparisons; i < this.facts.comparisons.length; i++) {
        const comparison = this.facts.comparisons[i]!;
        comparison.templateWithSecret = false;
        comparison.undefinedMatchesUnset = false;
      }
    }
    return flags;
  }

  private walkBinary(node: TS.BinaryExpression): number {
    const ts = this.ts;
    const K = this.K;
    const facts = this.facts;
    const left = this.walk(node.left);
    let right: number;
    if (this.refusalChain?.has(node)) {
      // Operands run left to right: only those after the bypass are skipped by it.
      if (!this.refusalBypassed && this.bypassesRefusal(node.left)) this.refusalBypassed = true;
      right = this.refusalBypassed ? this.walkBypassed(node.right) : this.walk(node.right);
      if (!this.refusalBypassed && this.bypassesRefusal(node.right)) this.refusalBypassed = true;
    } else right = this.walk(node.right);
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
        // The Authorization header, or another header or query parameter, against the secret.
        if ((left & PRESENTED && right & SECRET) || (right & PRESENTED && left & SECRET)) {
          const [header, secret] = left & PRESENTED && right & SECRET ? [node.left, node.right] : [node.right, node.left];
          const loose = operator === K.EqualsEqualsToken || operator === K.ExclamationEqualsToken;
          this.comparison(node, false, (flags & BEARER) !== 0, this.isBareSecret(secret) && (loose || this.mayBeUndefined(header)));
          flags |= CHECK;
        }
        // header !== process.env.JOBS_SECRET where the response is decided: a check of another
        // secret, which keeps everyone else out: the job is not open to anyone.
        if (((left & PRESENTED && right & OTHER_SECRET) || (right & PRESENTED && left & OTHER_SECRET)) && !(below & SECRET) && (this.position === GUARD || this.position === DECIDE)) facts.comparesOtherSecret = true;
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
