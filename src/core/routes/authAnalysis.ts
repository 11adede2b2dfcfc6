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
  /** `if (process.env.CRON_SECRET) { …check… }` with no refusal otherwise. */
  skippedWhenUnset: { node: TS.IfStatement; file: string }[];
  /** Reads of user-agent or x-vercel-cron headers. */
  spoofable: { node: TS.Node; file: string }[];
  /** QStash signatures, Trigger.dev, Vercel Schedules' handleSchedule. */
  otherVerification: boolean;
  /** Calls that could not be followed and may well check (verifyCron from a package…). */
  unresolvedChecks: string[];
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
  };
  const handlerFile = project.sourceFile(file);
  if (!handlerFile) return facts;
  const units: Unit[] = [{ node: handler.fn, sourceFile: handlerFile, file, depth: 0 }];
  const seen = new Set<TS.Node>([handler.fn]);
  const authAliases = new Set<string>();
  const secretAliases = new Set<string>();

  const enqueue = (node: TS.Node | undefined, sourceFile: TS.SourceFile, unitFile: string, depth: number) => {
    if (!node || seen.has(node) || depth > MAX_HOPS) return;
    seen.add(node);
    units.push({ node, sourceFile, file: unitFile, depth });
  };

  /** Follows a called name to its function: same file, then imports. */
  const follow = (name: string, unit: Unit, member?: string): boolean => {
    const local = findLocalFunction(ts, unit.sourceFile, name);
    if (local) {
      enqueue(local, unit.sourceFile, unit.file, unit.depth + 1);
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
      const target = resolveModule(project, unit.file, statement.moduleSpecifier.text);
      const targetFile = target ? project.sourceFile(target) : undefined;
      if (!target || !targetFile) return false;
      const fn = findExported(ts, targetFile, exported);
      if (!fn) return false;
      enqueue(fn, targetFile, target, unit.depth + 1);
      return true;
    }
    return false;
  };

  if (handler.wrapper) {
    const callee = handler.wrapper.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
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
    return ts.isIdentifier(node) && secretAliases.has(node.text);
  };
  // Whether a subtree reads the header (1) or the secret (2), computed once per node: the
  // visit asks about the same subtrees again and again.
  const AUTH = 1;
  const SECRET = 2;
  const flags = new Map<TS.Node, number>();
  const flagsOf = (node: TS.Node): number => {
    let value = flags.get(node);
    if (value === undefined) {
      value = (isAuthRead(node) ? AUTH : 0) | (isSecretRead(node) ? SECRET : 0);
      ts.forEachChild(node, (child) => {
        value! |= flagsOf(child);
      });
      flags.set(node, value);
    }
    return value;
  };
  const involvesSecret = (node: TS.Node) => (flagsOf(node) & SECRET) !== 0;
  const involvesAuth = (node: TS.Node) => (flagsOf(node) & AUTH) !== 0;
  const involves = (node: TS.Node, test: (n: TS.Node) => boolean): boolean => {
    if (test === isAuthRead) return involvesAuth(node);
    if (test === isSecretRead) return involvesSecret(node);
    if (test(node)) return true;
    return ts.forEachChild(node, (child) => (involves(child, test) ? true : undefined)) ?? false;
  };

  // Aliases first (const auth = request.headers.get('authorization'); const { CRON_SECRET } = process.env).
  const collectAlias = (node: TS.VariableDeclaration): void => {
    if (node.initializer) {
      if (ts.isIdentifier(node.name)) {
        if (involvesAuth(node.initializer)) authAliases.add(node.name.text);
        if (involvesSecret(node.initializer)) secretAliases.add(node.name.text);
      } else if (ts.isObjectBindingPattern(node.name)) {
        const initText = node.initializer.getText(currentUnit.sourceFile);
        const fromHeaders = /headers/.test(initText);
        const fromEnv = /env/.test(initText);
        for (const element of node.name.elements) {
          const key = (element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName : element.name) as TS.Node;
          const keyText = ts.isIdentifier(key) ? key.text : '';
          if (!ts.isIdentifier(element.name)) continue;
          if (fromHeaders && keyText === 'authorization') authAliases.add(element.name.text);
          if ((fromEnv || keyText === 'CRON_SECRET') && keyText === 'CRON_SECRET') secretAliases.add(element.name.text);
        }
      }
    }
  };

  const isTemplateWithSecret = (node: TS.Node) => ts.isTemplateExpression(node) && node.templateSpans.some((span) => involvesSecret(span.expression));
  const isEquality = (kind: TS.SyntaxKind) =>
    kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
  const isMissingTest = (node: TS.Node): boolean => {
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return involvesSecret(node.operand);
    if (ts.isBinaryExpression(node) && isEquality(node.operatorToken.kind)) {
      const other = involvesSecret(node.left) ? node.right : involvesSecret(node.right) ? node.left : undefined;
      if (!other) return false;
      return other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === 'undefined') || stringArgument(ts, other as TS.Expression) === 'undefined' || stringArgument(ts, other as TS.Expression) === 'string' || stringArgument(ts, other as TS.Expression) === '';
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
      // `secret && auth === \`Bearer ${secret}\``: the comparison only passes with a secret.
      return ts.isIdentifier(node.left) || ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left) ? involvesSecret(node.left) : false;
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && /^(assert|invariant|ok|required?Env|getRequiredEnv)$/i.test(node.expression.text)) {
      return node.arguments.some((a) => involvesSecret(a));
    }
    return false;
  };
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
    if (isSecretRead(node) && !ts.isIdentifier(node)) facts.readsSecret = true;
    if (isMissingTest(node)) facts.requiresSecret = true;
    if (ts.isCallExpression(node)) {
      const header = ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'get' ? stringArgument(ts, node.arguments[0]) : undefined;
      if (header && /^(user-agent|x-vercel-cron.*)$/i.test(header)) facts.spoofable.push({ node, file: unit.file });
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name && TIMING_SAFE.test(name) && node.arguments.some(involvesAuth) && node.arguments.some(involvesSecret)) {
        facts.comparisons.push({ node, file: unit.file, inHandler: unit.depth === 0, timingSafe: true, templateWithSecret: node.arguments.some(isTemplateWithSecret) });
      }
      if (ts.isIdentifier(callee) && !TIMING_SAFE.test(callee.text)) {
        if (!follow(callee.text, unit) && AUTHISH.test(callee.text)) facts.unresolvedChecks.push(callee.text);
      } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
        // `auth.verifyCron(req)` through `import * as auth from '@/lib/auth'`.
        if (!follow(callee.expression.text, unit, callee.name.text) && AUTHISH.test(callee.name.text) && !/^(headers|request|req|console|Response|NextResponse|JSON|Math|Date|Buffer|crypto)$/.test(callee.expression.text)) {
          facts.unresolvedChecks.push(`${callee.expression.text}.${callee.name.text}`);
        }
      }
    }
    if (ts.isElementAccessExpression(node) && /^(user-agent|x-vercel-cron.*)$/i.test(stringArgument(ts, node.argumentExpression) ?? '')) facts.spoofable.push({ node, file: unit.file });
    if (ts.isIdentifier(node) && OTHER_VERIFICATION.has(node.text)) facts.otherVerification = true;
    if (ts.isBinaryExpression(node) && isEquality(node.operatorToken.kind)) {
      const authLeft = involvesAuth(node.left);
      const authRight = involvesAuth(node.right);
      if ((authLeft && involvesSecret(node.right)) || (authRight && involvesSecret(node.left))) {
        facts.comparisons.push({ node, file: unit.file, inHandler: unit.depth === 0, timingSafe: false, templateWithSecret: isTemplateWithSecret(node.left) || isTemplateWithSecret(node.right) });
      }
    }
    if (ts.isIfStatement(node) && !node.elseStatement && isTruthinessOfSecret(node.expression) && involves(node.thenStatement, (n) => isAuthRead(n))) {
      facts.skippedWhenUnset.push({ node, file: unit.file });
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
