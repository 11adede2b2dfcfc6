import type * as TS from 'typescript';
import type { ProjectView } from '../vercel/project';
import { fileIndexes, type FileIndex } from './fileIndex';
import type { Handler } from './handlers';
import type { AuthFacts } from './authFacts';
import { AUTH, AUTHISH, BARE_SECRET, BEARER, DYNAMIC_API, MAX_HOPS, NOT_A_CHECK_RECEIVER, OTHER_VERIFICATION, READS, REQUEST_DATA_MEMBERS, REQUIRE_ENV, SECRET, SECRET_NAME, SPOOF, SPOOF_HEADER, TIMING_SAFE, UNDEFINABLE, isAuthorizationName, stringArgument } from './authVocabulary';
import { isEquality, isLength, isMissingValue, isNegatedComparison, isProcessEnv, unwrap } from './authSyntax';
import { resolveModule } from './modules';

export type { AuthFacts, Comparison } from './authFacts';
export { findExported } from './fileIndex';

/**
 * How deep the walk goes into one unit's syntax before it gives up. A count, not the call
 * stack's limit: the answer must not depend on the engine's frame sizes. Real handlers nest
 * a few dozen levels; TypeScript itself cannot parse some shapes past ~640.
 */
export const MAX_WALK_DEPTH = 400;

/** Thrown inside the walk when it passes MAX_WALK_DEPTH; caught by analyseAuth. */
class WalkTooDeep extends Error {}

interface Unit {
  node: TS.Node;
  sourceFile: TS.SourceFile;
  index: FileIndex;
  file: string;
  depth: number;
}

/**
 * Walks the handler and what it calls (local helpers, relative and aliased imports, a few hops)
 * once, bottom-up, collecting the facts the auth rules read (authFacts.ts).
 */
export function analyseAuth(project: ProjectView, file: string, handler: Handler): AuthFacts {
  const ts = project.ts();
  const K = ts.SyntaxKind;
  const facts: AuthFacts = {
    comparisons: [],
    readsAuthorization: false,
    readsSecret: false,
    requiresSecret: false,
    skippedWhenUnset: [],
    spoofable: [],
    otherVerification: false,
    unresolvedChecks: [],
    readsRequestData: false,
  };
  const handlerFile = project.sourceFile(file);
  if (!handlerFile) return facts;
  const fileIndex = fileIndexes(ts);
  const units: Unit[] = [{ node: handler.fn, sourceFile: handlerFile, index: fileIndex(handlerFile), file, depth: 0 }];
  const seen = new Set<TS.Node>();
  seen.add(handler.fn);
  /** What each alias holds, as flag bits (one lookup per identifier, the commonest node). */
  const aliases = new Map<string, number>();
  const alias = (name: string, bits: number) => {
    if (bits) aliases.set(name, (aliases.get(name) ?? 0) | bits);
  };
  const aliased = (name: string, bits: number) => ((aliases.get(name) ?? 0) & bits) !== 0;

  /** Parameters that receive the header or the secret are read as them inside the callee. */
  const bindParameters = (fn: TS.Node, args: readonly TS.Expression[]) => {
    if (!(ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn))) return;
    fn.parameters.forEach((parameter, index) => {
      const arg = args[index];
      if (!arg || !ts.isIdentifier(parameter.name)) return;
      alias(parameter.name.text, (subtreeFlags(arg) & (AUTH | SECRET)) | (stringArgument(ts, arg) === 'CRON_SECRET' ? SECRET_NAME : 0));
    });
  };

  const enqueue = (node: TS.Node | undefined, sourceFile: TS.SourceFile, unitFile: string, depth: number, name: string, args: readonly TS.Expression[]) => {
    if (!node || seen.has(node)) return;
    if (depth > MAX_HOPS) {
      // Too deep to follow: it may check, so it counts as "cannot tell", never as "no check".
      facts.unresolvedChecks.push(name);
      return;
    }
    seen.add(node);
    bindParameters(node, args);
    units.push({ node, sourceFile, index: fileIndex(sourceFile), file: unitFile, depth });
  };

  /** Per importing file, then specifier: every `NextResponse.json(…)` asks again. */
  const resolved = new Map<string, Map<string, string | undefined>>();
  const resolve = (unit: Unit, specifier: string): string | undefined => {
    let byFile = resolved.get(unit.file);
    if (!byFile) resolved.set(unit.file, (byFile = new Map()));
    if (!byFile.has(specifier)) byFile.set(specifier, resolveModule(project, unit.file, specifier));
    return byFile.get(specifier);
  };

  /** `env` imported from a module that validates it (t3-env's createEnv, zod, envalid). */
  const validatedEnvModule = (name: string, unit: Unit): boolean => {
    const binding = unit.index.imported(name);
    if (!binding) return false;
    if (/^@t3-oss\/env/.test(binding.specifier)) return true;
    const target = resolve(unit, binding.specifier);
    const text = target ? project.readFile(target) : undefined;
    return !!text && /\bcreateEnv\s*\(|\bz\.string\(\)\.min\(|\bcleanEnv\s*\(/.test(text) && /CRON_SECRET\s*:\s*z\.string\(\)(?!\.optional)/.test(text.replace(/\s+/g, ' '));
  };

  /** Follows a called name to its function: same file, then imports. */
  const follow = (name: string, unit: Unit, member: string | undefined, args: readonly TS.Expression[]): boolean => {
    const local = unit.index.local(name);
    if (local) {
      enqueue(local, unit.sourceFile, unit.file, unit.depth + 1, name, args);
      return true;
    }
    const binding = unit.index.imported(name);
    const exported = binding && (binding.exported ?? member);
    if (!binding || !exported) return false;
    const specifier = binding.specifier;
    const target = resolve(unit, specifier);
    const targetFile = target ? project.sourceFile(target) : undefined;
    const fn = target && targetFile ? fileIndex(targetFile).exported(exported) : undefined;
    if (!target || !targetFile || !fn) {
      // A project module we cannot read through (a barrel's export *, say) may hold the check.
      if (target || specifier.startsWith('.') || specifier.startsWith('@/') || specifier.startsWith('~/')) facts.unresolvedChecks.push(name);
      return false;
    }
    enqueue(fn, targetFile, target, unit.depth + 1, name, args);
    return true;
  };

  if (handler.wrapper) {
    const callee = handler.wrapper.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name && OTHER_VERIFICATION.has(name)) facts.otherVerification = true;
    // A wrapper sees the request first: it may check, and it may read headers.
    facts.readsRequestData = true;
    if (name && !follow(name, units[0]!, undefined, []) && AUTHISH.test(name)) facts.unresolvedChecks.push(name);
  }

  /** The flags a node carries by itself, given those of its subtree (`below`). */
  const ownFlags = (node: TS.Node, below: number): number => {
    switch (node.kind) {
      case K.Identifier:
        return (aliases.get((node as TS.Identifier).text) ?? 0) & READS;
      case K.PropertyAccessExpression: {
        const name = (node as TS.PropertyAccessExpression).name.text;
        return name === 'authorization' ? AUTH : name === 'CRON_SECRET' ? SECRET : 0;
      }
      case K.ElementAccessExpression: {
        const argument = (node as TS.ElementAccessExpression).argumentExpression;
        const key = stringArgument(ts, argument);
        if (key === undefined) return ts.isIdentifier(argument) && aliased(argument.text, SECRET_NAME) ? SECRET : 0;
        return isAuthorizationName(key) ? AUTH : key === 'CRON_SECRET' ? SECRET : SPOOF_HEADER.test(key) ? SPOOF : 0;
      }
      case K.CallExpression: {
        const call = node as TS.CallExpression;
        let flags = 0;
        // getRequiredEnv('CRON_SECRET'), env('CRON_SECRET')
        for (const argument of call.arguments) if (stringArgument(ts, argument) === 'CRON_SECRET') flags |= SECRET;
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
  };

  /** Flags of a subtree without recording anything: only for findings, to point at a read. */
  const subtreeFlags = (node: TS.Node): number => {
    let below = 0;
    ts.forEachChild(node, (child) => {
      below |= subtreeFlags(child);
    });
    return below | ownFlags(node, below);
  };
  const spoofReadIn = (node: TS.Node): TS.Node | undefined => {
    if (ownFlags(node, 0) & SPOOF) return node;
    return ts.forEachChild(node, (child) => (subtreeFlags(child) & SPOOF ? spoofReadIn(child) : undefined));
  };

  const isOwnSecretRead = (node: TS.Node) => node.kind !== K.CallExpression && (ownFlags(node, 0) & SECRET) !== 0;
  const isTruthinessOfSecret = (node: TS.Node) => isOwnSecretRead(ts.isParenthesizedExpression(node) ? node.expression : node);
  /** The secret itself, not something built from it: undefined when unset. */
  const isBareSecret = (node: TS.Node): boolean => {
    const bare = unwrap(ts, node);
    return ts.isIdentifier(bare) ? aliased(bare.text, BARE_SECRET) : isOwnSecretRead(bare);
  };
  /** A header value that is undefined, not null, when the header or its token is missing. */
  const mayBeUndefined = (node: TS.Node): boolean => {
    const bare = unwrap(ts, node);
    if (bare.flags & ts.NodeFlags.OptionalChain) return true;
    if (ts.isIdentifier(bare)) return aliased(bare.text, UNDEFINABLE);
    if (ts.isPropertyAccessExpression(bare)) return bare.name.text === 'authorization';
    if (ts.isElementAccessExpression(bare)) return ts.isNumericLiteral(bare.argumentExpression) || isAuthorizationName(stringArgument(ts, bare.argumentExpression));
    return false;
  };
  /** secret.length, not the length of a Buffer of `Bearer ${secret}` (never 0). */
  const isLengthOfSecret = (node: TS.Node, flags: number) => isLength(ts, node) && (flags & (SECRET | BEARER)) === SECRET;

  let unit: Unit = units[0]!;

  // Aliases (const auth = request.headers.get('authorization'); const { CRON_SECRET } = process.env),
  // recorded once the initializer is walked, before the code after them is.
  const collectAlias = (node: TS.VariableDeclaration, value: number): void => {
    const init = node.initializer;
    if (!init) return;
    if (ts.isIdentifier(node.name)) {
      alias(node.name.text, (value & READS) | (value & AUTH && mayBeUndefined(init) ? UNDEFINABLE : 0) | (value & SECRET && isBareSecret(init) ? BARE_SECRET : 0));
      // A validated env module (t3-env, zod) cannot yield an unset secret.
      if (ts.isPropertyAccessExpression(init) && init.name.text === 'CRON_SECRET' && !isProcessEnv(ts, init.expression)) facts.requiresSecret = true;
    } else if (ts.isObjectBindingPattern(node.name)) {
      const initText = init.getText(unit.sourceFile);
      const fromHeaders = /headers/.test(initText);
      for (const element of node.name.elements) {
        const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName : element.name;
        const keyText = ts.isIdentifier(key) ? key.text : '';
        if (!ts.isIdentifier(element.name)) continue;
        if (fromHeaders && keyText === 'authorization') alias(element.name.text, AUTH | UNDEFINABLE);
        if (keyText === 'CRON_SECRET') {
          alias(element.name.text, SECRET | BARE_SECRET);
          facts.readsSecret = true;
        }
      }
    }
  };

  const comparison = (node: TS.Node, timingSafe: boolean, templateWithSecret: boolean, undefinedMatchesUnset = false) =>
    facts.comparisons.push({ node, file: unit.file, inHandler: unit.depth === 0, timingSafe, templateWithSecret, undefinedMatchesUnset });

  let childFlags = 0;
  const addChild = (child: TS.Node) => {
    childFlags |= walk(child);
  };
  const walkChildren = (node: TS.Node): number => {
    const saved = childFlags;
    childFlags = 0;
    ts.forEachChild(node, addChild);
    const flags = childFlags;
    childFlags = saved;
    return flags;
  };
  /** A condition whose decision rests on a spoofable header is one finding, not one per read in it. */
  const walkCondition = (condition: TS.Expression): number => {
    const before = facts.spoofable.length;
    const flags = walk(condition);
    if (flags & SPOOF) {
      facts.spoofable.length = before;
      facts.spoofable.push({ node: spoofReadIn(condition) ?? condition, file: unit.file });
    }
    return flags;
  };

  let walkDepth = 0;
  /** Walks a subtree in source order, records what it finds, and returns what it reads. */
  const walk = (node: TS.Node): number => {
    if (++walkDepth > MAX_WALK_DEPTH) throw new WalkTooDeep();
    // No finally: a throw abandons the whole analysis, depth and all.
    const flags = walkNode(node);
    walkDepth--;
    return flags;
  };
  const walkNode = (node: TS.Node): number => {
    const kind = node.kind;
    // Types and literals read nothing at run time.
    if ((kind >= K.FirstTypeNode && kind <= K.LastTypeNode) || (kind >= K.FirstLiteralToken && kind <= K.LastLiteralToken)) return 0;
    switch (kind) {
      case K.Identifier: {
        const text = (node as TS.Identifier).text;
        if (OTHER_VERIFICATION.has(text)) facts.otherVerification = true;
        return (aliases.get(text) ?? 0) & READS;
      }
      // The commonest containers, walked directly rather than through forEachChild.
      case K.Block: {
        let flags = 0;
        for (const statement of (node as TS.Block).statements) flags |= walk(statement);
        return flags;
      }
      case K.VariableStatement:
        return walk((node as TS.VariableStatement).declarationList);
      case K.VariableDeclarationList: {
        let flags = 0;
        for (const declaration of (node as TS.VariableDeclarationList).declarations) flags |= walk(declaration);
        return flags;
      }
      case K.ExpressionStatement:
      case K.AwaitExpression:
      case K.ParenthesizedExpression:
        return walk((node as TS.ExpressionStatement | TS.AwaitExpression | TS.ParenthesizedExpression).expression);
      case K.ReturnStatement: {
        const value = (node as TS.ReturnStatement).expression;
        return value ? walk(value) : 0;
      }
      case K.ObjectLiteralExpression: {
        let flags = 0;
        for (const property of (node as TS.ObjectLiteralExpression).properties) flags |= walk(property);
        return flags;
      }
      case K.VariableDeclaration: {
        const declaration = node as TS.VariableDeclaration;
        let flags = walk(declaration.name);
        if (declaration.type) flags |= walk(declaration.type);
        const value = declaration.initializer ? walk(declaration.initializer) : 0;
        collectAlias(declaration, value);
        return flags | value;
      }
      case K.PropertyAccessExpression: {
        const access = node as TS.PropertyAccessExpression;
        const name = access.name.text;
        // The member name is no variable: only the verification helpers are looked up by it.
        if (OTHER_VERIFICATION.has(name)) facts.otherVerification = true;
        let flags = walk(access.expression);
        if (name === 'authorization') {
          facts.readsAuthorization = true;
          flags |= AUTH;
        } else if (name === 'CRON_SECRET') {
          flags |= SECRET;
          facts.readsSecret = true;
          // env.CRON_SECRET from a validated env module (t3-env, zod) cannot be unset at run time.
          if (ts.isIdentifier(access.expression) && validatedEnvModule(access.expression.text, unit)) facts.requiresSecret = true;
        } else if (REQUEST_DATA_MEMBERS.has(name)) facts.readsRequestData = true;
        return flags;
      }
      case K.ElementAccessExpression: {
        const own = ownFlags(node, 0);
        if (own & AUTH) facts.readsAuthorization = true;
        if (own & SECRET) facts.readsSecret = true;
        return walkChildren(node) | own;
      }
      case K.CallExpression:
        return walkCall(node as TS.CallExpression);
      case K.BinaryExpression:
        return walkBinary(node as TS.BinaryExpression);
      case K.PrefixUnaryExpression: {
        const unary = node as TS.PrefixUnaryExpression;
        const flags = walk(unary.operand);
        if (unary.operator === K.ExclamationToken) {
          // !secret, !process.env.CRON_SECRET, !secret.length — but not !safeCompare(auth, `Bearer ${secret}`).
          const operand = ts.isParenthesizedExpression(unary.operand) ? unary.operand.expression : unary.operand;
          if (isOwnSecretRead(operand) || isLengthOfSecret(operand, flags)) facts.requiresSecret = true;
        }
        return flags;
      }
      case K.IfStatement: {
        const statement = node as TS.IfStatement;
        const condition = statement.expression;
        let flags = walkCondition(condition);
        const truthiness = isTruthinessOfSecret(condition);
        if (truthiness) facts.requiresSecret = true;
        const then = walk(statement.thenStatement);
        flags |= then;
        if (statement.elseStatement) flags |= walk(statement.elseStatement);
        else if (truthiness && then & AUTH) facts.skippedWhenUnset.push({ node: statement, file: unit.file, kind: 'block' });
        // if (process.env.CRON_SECRET && auth !== `Bearer …`) return 401: skipped when unset.
        if (ts.isBinaryExpression(condition) && condition.operatorToken.kind === K.AmpersandAmpersandToken && isTruthinessOfSecret(condition.left) && isNegatedComparison(ts, condition.right) && subtreeFlags(condition.right) & AUTH) {
          facts.skippedWhenUnset.push({ node: statement, file: unit.file, kind: 'and-guard' });
        }
        return flags;
      }
      case K.PropertyAssignment: {
        // `{ status: 401 }`: the key reads nothing unless it is computed.
        const assignment = node as TS.PropertyAssignment;
        return (assignment.name.kind === K.ComputedPropertyName ? walk(assignment.name) : 0) | walk(assignment.initializer);
      }
      case K.ConditionalExpression: {
        const conditional = node as TS.ConditionalExpression;
        return walkCondition(conditional.condition) | walk(conditional.whenTrue) | walk(conditional.whenFalse);
      }
      default: {
        // Of the own flags, only a template's (`Bearer ${secret}`) can arise here; the rest have cases.
        const below = walkChildren(node);
        return kind === K.TemplateExpression && below & SECRET ? below | BEARER : below;
      }
    }
  };

  const walkCall = (call: TS.CallExpression): number => {
    const callee = call.expression;
    const calleeFlags = walk(callee);
    let flags = calleeFlags;
    if (call.typeArguments) for (const type of call.typeArguments) flags |= walk(type);
    let argsAuth = false;
    let argsSecret = false;
    let argsBearer = false;
    for (const argument of call.arguments) {
      const f = walk(argument);
      argsAuth ||= (f & AUTH) !== 0;
      argsSecret ||= (f & SECRET) !== 0;
      argsBearer ||= (f & BEARER) !== 0;
      flags |= f;
    }
    const own = ownFlags(call, flags);
    if (own & AUTH) facts.readsAuthorization = true;
    if (own & SECRET) facts.readsSecret = true;
    flags |= own;
    const memberName = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (ts.isIdentifier(callee) && DYNAMIC_API.has(callee.text)) facts.readsRequestData = true;
    // [key, `Bearer ${secret}`].includes(auth): a comparison by another name.
    if (memberName === 'includes' && argsAuth && calleeFlags & SECRET) comparison(call, false, (calleeFlags & BEARER) !== 0);
    const name = ts.isIdentifier(callee) ? callee.text : memberName;
    if (argsAuth && argsSecret && name && TIMING_SAFE.has(name)) comparison(call, true, argsBearer);
    if (ts.isIdentifier(callee)) {
      // A 'CRON_SECRET' string argument is in `own` already.
      if ((argsSecret || own & SECRET) && REQUIRE_ENV.test(callee.text)) facts.requiresSecret = true;
      if (!TIMING_SAFE.has(callee.text) && !follow(callee.text, unit, undefined, call.arguments) && AUTHISH.test(callee.text)) facts.unresolvedChecks.push(callee.text);
    } else if (memberName !== undefined && ts.isIdentifier((callee as TS.PropertyAccessExpression).expression)) {
      // `auth.verifyCron(req)` through `import * as auth from '@/lib/auth'`.
      const receiver = ((callee as TS.PropertyAccessExpression).expression as TS.Identifier).text;
      if (!follow(receiver, unit, memberName, call.arguments) && AUTHISH.test(memberName) && !NOT_A_CHECK_RECEIVER.test(receiver)) {
        facts.unresolvedChecks.push(`${receiver}.${memberName}`);
      }
    }
    // ua.includes('vercel-cron'): a decision made on a spoofable header, outside an if.
    if (flags & SPOOF && memberName !== undefined && /^(includes|startsWith|endsWith|test)$/.test(memberName)) facts.spoofable.push({ node: spoofReadIn(call) ?? call, file: unit.file });
    return flags;
  };

  const walkBinary = (node: TS.BinaryExpression): number => {
    const left = walk(node.left);
    const right = walk(node.right);
    const below = left | right;
    const flags = below | ownFlags(node, below);
    const operator = node.operatorToken.kind;
    if (isEquality(ts, operator) || operator === K.LessThanToken || operator === K.LessThanEqualsToken) {
      const lengthLeft = isLength(ts, node.left);
      const lengthRight = isLength(ts, node.right);
      // secret.length === 0, secret.length < 16 — not actual.length === expected.length.
      if ((isLengthOfSecret(node.left, left) && !(right & (SECRET | AUTH)) && !lengthRight) || (isLengthOfSecret(node.right, right) && !(left & (SECRET | AUTH)) && !lengthLeft)) {
        facts.requiresSecret = true;
      } else if (!lengthLeft && !lengthRight) {
        const other = left & SECRET ? node.right : right & SECRET ? node.left : undefined;
        if (other && isMissingValue(ts, other)) facts.requiresSecret = true;
      }
      if (isEquality(ts, operator) && !lengthLeft && !lengthRight) {
        if ((left & AUTH && right & SECRET) || (right & AUTH && left & SECRET)) {
          const [header, secret] = left & AUTH && right & SECRET ? [node.left, node.right] : [node.right, node.left];
          const loose = operator === K.EqualsEqualsToken || operator === K.ExclamationEqualsToken;
          comparison(node, false, (flags & BEARER) !== 0, isBareSecret(secret) && (loose || mayBeUndefined(header)));
        }
        // ua === 'vercel-cron/1.0' in a helper: a decision outside an if.
        if ((left & SPOOF && ts.isStringLiteralLike(node.right)) || (right & SPOOF && ts.isStringLiteralLike(node.left))) {
          facts.spoofable.push({ node: spoofReadIn(node) ?? node, file: unit.file });
        }
      }
    } else if (operator === K.AmpersandAmpersandToken) {
      // `secret && auth === \`Bearer ${secret}\``: only passes with a secret. (`secret && auth !==`
      // guarding a refusal is the opposite: it is reported as skipped when unset.)
      const guard = ts.isIdentifier(node.left) || ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left) ? (left & SECRET) !== 0 : false;
      if (guard && !isNegatedComparison(ts, node.right)) facts.requiresSecret = true;
    }
    return flags;
  };

  // Units grow while walking (followed helpers).
  try {
    for (let i = 0; i < units.length; i++) {
      unit = units[i]!;
      walk(unit.node);
    }
  } catch (error) {
    if (!(error instanceof WalkTooDeep)) throw error;
    facts.incomplete = `${unit.file === file ? 'the handler' : unit.file} nests its code more than ${MAX_WALK_DEPTH} levels deep`;
  }
  return facts;
}
