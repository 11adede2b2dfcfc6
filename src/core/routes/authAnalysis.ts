import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { ProjectView } from '../vercel/project';
import { findLocalFunction, type Handler } from './handlers';
import { resolveModule } from './modules';

/**
 * What a cron handler does about authentication, read from syntax across the files it calls
 * (local helpers, relative and aliased imports, a few hops). Precision over recall: anything
 * that cannot be followed counts as "might check", never as "does not check".
 */
export interface Comparison {
  node: TS.Node;
  file: string;
  /** In the handler's own file and function, where a fix can edit it. */
  inHandler: boolean;
  /** `timingSafeEqual(...)` or another constant-time helper rather than === / !==. */
  timingSafe: boolean;
  /** One side is a template like `Bearer ${process.env.CRON_SECRET}`. */
  templateWithSecret: boolean;
}

export interface AuthFacts {
  comparisons: Comparison[];
  readsAuthorization: boolean;
  readsSecret: boolean;
  /** The code refuses, returns or throws when the secret is missing somewhere. */
  requiresSecret: boolean;
  /**
   * `if (process.env.CRON_SECRET) { …check… }` with no refusal otherwise (`block`), or
   * `if (process.env.CRON_SECRET && auth !== …) return 401` (`and-guard`).
   */
  skippedWhenUnset: { node: TS.IfStatement; file: string; kind: 'block' | 'and-guard' }[];
  /** Reads of user-agent or x-vercel-cron headers. */
  spoofable: { node: TS.Node; file: string }[];
  /** QStash signatures, Trigger.dev, Vercel Schedules' handleSchedule. */
  otherVerification: boolean;
  /** Calls that could not be followed and may well check (verifyCron from a package…). */
  unresolvedChecks: string[];
  /** Reads request headers or a dynamic API (cookies(), headers()…): the route renders per request. */
  readsRequestData: boolean;
}

const MAX_HOPS = 3;
const AUTHISH = /auth|verify|cron|secret|signature|guard|protect|allow|valid|bearer|token/i;
const OTHER_VERIFICATION = new Set(['verifySignatureAppRouter', 'verifySignatureEdge', 'verifySignature', 'Receiver', 'handleSchedule']);
const TIMING_SAFE = /^(timingSafeEqual|safeCompare|secureCompare|constantTimeEqual|timingSafeCompare|safeEqual|isSameSecret|compareSecrets?)$/;

interface Unit {
  node: TS.Node;
  sourceFile: TS.SourceFile;
  file: string;
  depth: number;
}

function stringArgument(ts: TsApi, node: TS.Expression | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

export function analyseAuth(project: ProjectView, file: string, handler: Handler): AuthFacts {
  const ts = project.ts();
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
  const units: Unit[] = [{ node: handler.fn, sourceFile: handlerFile, file, depth: 0 }];
  const seen = new Set<TS.Node>([handler.fn]);
  const authAliases = new Set<string>();
  const secretAliases = new Set<string>();

  const spoofAliases = new Set<string>();
  const templateAliases = new Set<string>();

  /** Parameters that receive the header or the secret are read as them inside the callee. */
  const bindParameters = (fn: TS.Node, args: readonly TS.Expression[] | undefined) => {
    if (!args || !(ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn))) return;
    fn.parameters.forEach((parameter, index) => {
      const arg = args[index];
      if (!arg || !ts.isIdentifier(parameter.name)) return;
      if (involvesAuth(arg)) authAliases.add(parameter.name.text);
      if (involvesSecret(arg)) secretAliases.add(parameter.name.text);
    });
  };

  const enqueue = (node: TS.Node | undefined, sourceFile: TS.SourceFile, unitFile: string, depth: number, name: string, args?: readonly TS.Expression[]) => {
    if (!node || seen.has(node)) return;
    if (depth > MAX_HOPS) {
      // Too deep to follow: it may check, so it counts as "cannot tell", never as "no check".
      facts.unresolvedChecks.push(name);
      return;
    }
    seen.add(node);
    bindParameters(node, args);
    units.push({ node, sourceFile, file: unitFile, depth });
  };

  /** `env` imported from a module that validates it (t3-env's createEnv, zod, envalid). */
  const validatedEnvModule = (name: string, unit: Unit): boolean => {
    for (const statement of unit.sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const bindings = statement.importClause?.namedBindings;
      const imported = statement.importClause?.name?.text === name || (bindings && ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === name));
      if (!imported) continue;
      const specifier = statement.moduleSpecifier.text;
      if (/^@t3-oss\/env/.test(specifier)) return true;
      const target = resolveModule(project, unit.file, specifier);
      const text = target ? project.readFile(target) : undefined;
      return !!text && /\bcreateEnv\s*\(|\bz\.string\(\)\.min\(|\bcleanEnv\s*\(/.test(text) && /CRON_SECRET\s*:\s*z\.string\(\)(?!\.optional)/.test(text.replace(/\s+/g, ' ')) ;
    }
    return false;
  };

  /** Follows a called name to its function: same file, then imports. */
  const follow = (name: string, unit: Unit, member?: string, args?: readonly TS.Expression[]): boolean => {
    const local = findLocalFunction(ts, unit.sourceFile, name);
    if (local) {
      enqueue(local, unit.sourceFile, unit.file, unit.depth + 1, name, args);
      return true;
    }
    for (const statement of unit.sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !statement.importClause || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const clause = statement.importClause;
      let exported: string | undefined;
      if (clause.name?.text === name) exported = 'default';
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        const element = bindings.elements.find((e) => e.name.text === name);
        if (element) exported = (element.propertyName ?? element.name).text;
      } else if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name && member) {
        exported = member;
      }
      if (!exported) continue;
      const specifier = statement.moduleSpecifier.text;
      const target = resolveModule(project, unit.file, specifier);
      const targetFile = target ? project.sourceFile(target) : undefined;
      const fn = target && targetFile ? findExported(ts, targetFile, exported) : undefined;
      if (!target || !targetFile || !fn) {
        // A project module we cannot read through (a barrel's export *, say) may hold the check.
        if (target || specifier.startsWith('.') || specifier.startsWith('@/') || specifier.startsWith('~/')) facts.unresolvedChecks.push(name);
        return false;
      }
      enqueue(fn, targetFile, target, unit.depth + 1, name, args);
      return true;
    }
    return false;
  };

  if (handler.wrapper) {
    const callee = handler.wrapper.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name && OTHER_VERIFICATION.has(name)) facts.otherVerification = true;
    // A wrapper sees the request first: it may check, and it may read headers.
    facts.readsRequestData = true;
    if (name && !follow(name, units[0]!) && AUTHISH.test(name)) facts.unresolvedChecks.push(name);
  }

  const isAuthRead = (node: TS.Node): boolean => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'get') {
      return /^authorization$/i.test(stringArgument(ts, node.arguments[0]) ?? '');
    }
    if (ts.isPropertyAccessExpression(node)) return node.name.text === 'authorization';
    if (ts.isElementAccessExpression(node)) return /^authorization$/i.test(stringArgument(ts, node.argumentExpression) ?? '');
    return ts.isIdentifier(node) && authAliases.has(node.text);
  };
  const isSecretRead = (node: TS.Node): boolean => {
    if (ts.isPropertyAccessExpression(node)) return node.name.text === 'CRON_SECRET';
    if (ts.isElementAccessExpression(node)) return stringArgument(ts, node.argumentExpression) === 'CRON_SECRET';
    // getRequiredEnv('CRON_SECRET'), env('CRON_SECRET')
    if (ts.isCallExpression(node)) return node.arguments.some((a) => stringArgument(ts, a) === 'CRON_SECRET');
    return ts.isIdentifier(node) && secretAliases.has(node.text);
  };
  const isSpoofRead = (node: TS.Node): boolean => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'get') {
      return /^(user-agent|x-vercel-cron.*)$/i.test(stringArgument(ts, node.arguments[0]) ?? '');
    }
    if (ts.isElementAccessExpression(node)) return /^(user-agent|x-vercel-cron.*)$/i.test(stringArgument(ts, node.argumentExpression) ?? '');
    return ts.isIdentifier(node) && spoofAliases.has(node.text);
  };
  /** `Bearer ${secret}`, 'Bearer ' + secret, or a name holding one. */
  const isBearerOfSecret = (node: TS.Node, subtree: number): boolean => {
    if (ts.isTemplateExpression(node)) return node.templateSpans.some((span) => (flagsOf(span.expression) & SECRET) !== 0);
    // 'Bearer ' + secret: the subtree's own flags, already computed (asking flagsOf would recurse).
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return (subtree & SECRET) !== 0;
    return ts.isIdentifier(node) && templateAliases.has(node.text);
  };
  // Whether a subtree reads the header (1) or the secret (2), computed once per node: the
  // visit asks about the same subtrees again and again.
  const AUTH = 1;
  const SECRET = 2;
  const SPOOF = 4;
  const BEARER = 8;
  const flags = new Map<TS.Node, number>();
  const flagsOf = (node: TS.Node): number => {
    let value = flags.get(node);
    if (value === undefined) {
      value = (isAuthRead(node) ? AUTH : 0) | (isSecretRead(node) ? SECRET : 0) | (isSpoofRead(node) ? SPOOF : 0);
      ts.forEachChild(node, (child) => {
        value! |= flagsOf(child);
      });
      if (isBearerOfSecret(node, value)) value |= BEARER;
      flags.set(node, value);
    }
    return value;
  };
  const involvesSecret = (node: TS.Node) => (flagsOf(node) & SECRET) !== 0;
  const involvesAuth = (node: TS.Node) => (flagsOf(node) & AUTH) !== 0;


  // Aliases first (const auth = request.headers.get('authorization'); const { CRON_SECRET } = process.env).
  const collectAlias = (node: TS.VariableDeclaration): void => {
    if (node.initializer) {
      if (ts.isIdentifier(node.name)) {
        const value = flagsOf(node.initializer);
        if (value & AUTH) authAliases.add(node.name.text);
        if (value & SECRET) secretAliases.add(node.name.text);
        if (value & SPOOF) spoofAliases.add(node.name.text);
        if (value & BEARER) templateAliases.add(node.name.text);
        // A validated env module (t3-env, zod) cannot yield an unset secret.
        if (ts.isPropertyAccessExpression(node.initializer) && node.initializer.name.text === 'CRON_SECRET' && !/process\.env$/.test(node.initializer.expression.getText(currentUnit.sourceFile))) facts.requiresSecret = true;
      } else if (ts.isObjectBindingPattern(node.name)) {
        const initText = node.initializer.getText(currentUnit.sourceFile);
        const fromHeaders = /headers/.test(initText);
        const fromEnv = /env/.test(initText);
        for (const element of node.name.elements) {
          const key = (element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName : element.name) as TS.Node;
          const keyText = ts.isIdentifier(key) ? key.text : '';
          if (!ts.isIdentifier(element.name)) continue;
          if (fromHeaders && keyText === 'authorization') authAliases.add(element.name.text);
          if ((fromEnv || keyText === 'CRON_SECRET') && keyText === 'CRON_SECRET') {
            secretAliases.add(element.name.text);
            facts.readsSecret = true;
          }
        }
      }
    }
  };

  const isTemplateWithSecret = (node: TS.Node) => (flagsOf(node) & BEARER) !== 0;
  const isLength = (node: TS.Node) => ts.isPropertyAccessExpression(node) && node.name.text === 'length';
  const isEquality = (kind: TS.SyntaxKind) =>
    kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
  const isMissingTest = (node: TS.Node): boolean => {
    // !secret, !process.env.CRON_SECRET — but not !safeCompare(auth, `Bearer ${secret}`).
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
      const operand = ts.isParenthesizedExpression(node.operand) ? node.operand.expression : node.operand;
      return (isSecretRead(operand) && !ts.isCallExpression(operand)) || (isLength(operand) && involvesSecret(operand));
    }
    if (ts.isBinaryExpression(node) && (isEquality(node.operatorToken.kind) || node.operatorToken.kind === ts.SyntaxKind.LessThanToken || node.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken)) {
      // secret.length === 0, secret.length < 16
      if ((isLength(node.left) && involvesSecret(node.left)) || (isLength(node.right) && involvesSecret(node.right))) return true;
      const other = involvesSecret(node.left) ? node.right : involvesSecret(node.right) ? node.left : undefined;
      if (!other) return false;
      return other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === 'undefined') || stringArgument(ts, other as TS.Expression) === 'undefined' || stringArgument(ts, other as TS.Expression) === 'string' || stringArgument(ts, other as TS.Expression) === '';
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
      // `secret && auth === \`Bearer ${secret}\``: only passes with a secret. (`secret && auth !==`
      // guarding a refusal is the opposite: it is reported as skipped when unset.)
      const guard = ts.isIdentifier(node.left) || ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left) ? involvesSecret(node.left) : false;
      return guard && !isNegatedComparison(node.right);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && /^(assert|invariant|ok|required?Env|getRequiredEnv)$/i.test(node.expression.text)) {
      return node.arguments.some((a) => involvesSecret(a));
    }
    return false;
  };
  /** ua === 'vercel-cron/1.0', ua.includes('vercel-cron'): a decision made on a spoofable header. */
  const isSpoofDecision = (node: TS.Node): boolean => {
    if (ts.isBinaryExpression(node) && isEquality(node.operatorToken.kind)) {
      return ((flagsOf(node.left) & SPOOF) !== 0 && ts.isStringLiteralLike(node.right)) || ((flagsOf(node.right) & SPOOF) !== 0 && ts.isStringLiteralLike(node.left));
    }
    return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(includes|startsWith|endsWith|test)$/.test(node.expression.name.text) && (flagsOf(node) & SPOOF) !== 0;
  };
  const recordedConditions: TS.Node[] = [];
  const insideRecordedCondition = (node: TS.Node) => recordedConditions.some((c) => c.pos <= node.pos && node.end <= c.end);
  /** The header read itself (or the name holding it) inside a condition, where findings point. */
  const spoofReadIn = (node: TS.Node): TS.Node | undefined => {
    if (isSpoofRead(node)) return node;
    return ts.forEachChild(node, (child) => ((flagsOf(child) & SPOOF) !== 0 ? spoofReadIn(child) : undefined));
  };
  const isNegatedComparison = (node: TS.Node): boolean =>
    ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken);
  const isTruthinessOfSecret = (node: TS.Expression): boolean => {
    const bare = ts.isParenthesizedExpression(node) ? node.expression : node;
    return isSecretRead(bare) && !ts.isCallExpression(bare);
  };

  let currentUnit: Unit = units[0]!;
  const visitChild = (child: TS.Node) => visit(child, currentUnit);
  const visit = (node: TS.Node, unit: Unit): void => {
    // Pre-order, in source order: a declaration is seen before the code that uses its name.
    if (ts.isVariableDeclaration(node)) collectAlias(node);
    if (isAuthRead(node) && !ts.isIdentifier(node)) facts.readsAuthorization = true;
    if (isSecretRead(node) && !ts.isIdentifier(node)) {
      facts.readsSecret = true;
      // env.CRON_SECRET from a validated env module (t3-env, zod) cannot be unset at run time.
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && validatedEnvModule(node.expression.text, unit)) facts.requiresSecret = true;
    }
    if (isMissingTest(node)) facts.requiresSecret = true;
    if (ts.isPropertyAccessExpression(node) && /^(headers|nextUrl|cookies|searchParams)$/.test(node.name.text)) facts.readsRequestData = true;
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && /^(cookies|headers|draftMode|unstable_noStore|noStore|connection)$/.test(callee.text)) facts.readsRequestData = true;
      // [key, `Bearer ${secret}`].includes(auth): a comparison by another name.
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'includes' && node.arguments.some(involvesAuth) && involvesSecret(callee.expression)) {
        facts.comparisons.push({ node, file: unit.file, inHandler: unit.depth === 0, timingSafe: false, templateWithSecret: isTemplateWithSecret(callee.expression) });
      }
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name && TIMING_SAFE.test(name) && node.arguments.some(involvesAuth) && node.arguments.some(involvesSecret)) {
        facts.comparisons.push({ node, file: unit.file, inHandler: unit.depth === 0, timingSafe: true, templateWithSecret: node.arguments.some(isTemplateWithSecret) });
      }
      if (ts.isIdentifier(callee) && !TIMING_SAFE.test(callee.text)) {
        if (!follow(callee.text, unit, undefined, node.arguments) && AUTHISH.test(callee.text)) facts.unresolvedChecks.push(callee.text);
      } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
        // `auth.verifyCron(req)` through `import * as auth from '@/lib/auth'`.
        if (!follow(callee.expression.text, unit, callee.name.text, node.arguments) && AUTHISH.test(callee.name.text) && !/^(headers|request|req|console|Response|NextResponse|JSON|Math|Date|Buffer|crypto)$/.test(callee.expression.text)) {
          facts.unresolvedChecks.push(`${callee.expression.text}.${callee.name.text}`);
        }
      }
    }
    if (ts.isIdentifier(node) && OTHER_VERIFICATION.has(node.text)) facts.otherVerification = true;
    // The user-agent or x-vercel-cron header counts as a "check" only where a decision is made on it.
    if ((ts.isIfStatement(node) || ts.isConditionalExpression(node)) && flagsOf(ts.isIfStatement(node) ? node.expression : node.condition) & SPOOF) {
      const condition = ts.isIfStatement(node) ? node.expression : node.condition;
      recordedConditions.push(condition);
      facts.spoofable.push({ node: spoofReadIn(condition) ?? condition, file: unit.file });
    } else if (isSpoofDecision(node) && !insideRecordedCondition(node)) {
      // `return ua === 'vercel-cron/1.0'` in a helper: a decision outside an if.
      facts.spoofable.push({ node: spoofReadIn(node) ?? node, file: unit.file });
    }
    if (ts.isIfStatement(node) && isTruthinessOfSecret(node.expression)) facts.requiresSecret = true;
    if (ts.isBinaryExpression(node) && isEquality(node.operatorToken.kind) && !isLength(node.left) && !isLength(node.right)) {
      const authLeft = involvesAuth(node.left);
      const authRight = involvesAuth(node.right);
      if ((authLeft && involvesSecret(node.right)) || (authRight && involvesSecret(node.left))) {
        facts.comparisons.push({ node, file: unit.file, inHandler: unit.depth === 0, timingSafe: false, templateWithSecret: isTemplateWithSecret(node.left) || isTemplateWithSecret(node.right) });
      }
    }
    if (ts.isIfStatement(node) && !node.elseStatement && isTruthinessOfSecret(node.expression) && involvesAuth(node.thenStatement)) {
      facts.skippedWhenUnset.push({ node, file: unit.file, kind: 'block' });
    }
    // if (process.env.CRON_SECRET && auth !== `Bearer …`) return 401: skipped when unset.
    if (ts.isIfStatement(node) && ts.isBinaryExpression(node.expression) && node.expression.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && isTruthinessOfSecret(node.expression.left) && isNegatedComparison(node.expression.right) && involvesAuth(node.expression.right)) {
      facts.skippedWhenUnset.push({ node, file: unit.file, kind: 'and-guard' });
    }
    ts.forEachChild(node, visitChild);
  };

  // Units grow while visiting (followed helpers).
  for (let i = 0; i < units.length; i++) {
    currentUnit = units[i]!;
    visit(currentUnit.node, currentUnit);
  }
  return facts;
}

/** An exported function of a module by name (`default` for the default export). */
export function findExported(ts: TsApi, sourceFile: TS.SourceFile, name: string): TS.Node | undefined {
  for (const statement of sourceFile.statements) {
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    const exported = modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(statement) && exported && (name === 'default' ? isDefault : statement.name?.text === name)) return statement;
    if (ts.isVariableStatement(statement) && exported) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) return declaration.initializer;
      }
    }
    if (name === 'default' && ts.isExportAssignment(statement)) {
      return ts.isIdentifier(statement.expression) ? findLocalFunction(ts, sourceFile, statement.expression.text) : statement.expression;
    }
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      const element = statement.exportClause.elements.find((e) => e.name.text === name);
      if (element) return findLocalFunction(ts, sourceFile, (element.propertyName ?? element.name).text);
    }
  }
  return undefined;
}
