/**
 * Whether a route that QStash calls checks that the request came from QStash (platform-facts §6):
 * its export wrapped by `verifySignatureAppRouter`/`verifySignatureEdge` (App Router) or
 * `verifySignature` (Pages), or a `.verify({ signature, body })` call in the handler or in a
 * helper of the same file it calls. Read from syntax alone: a call the analysis cannot follow
 * that may verify (an imported helper handed the request or the signature, an unknown wrapper, a
 * middleware that mentions QStash) makes the answer "cannot tell", which says nothing.
 */
import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import { localFunctions } from '../routes/handlers';
import { ensureImport, fileStyle } from '../routes/edits';
import type { Span, TextEdit } from '../types';

export const QSTASH_NEXTJS = '@upstash/qstash/nextjs';
const QSTASH_PACKAGE = /^@upstash\/qstash(\/|$)/;
const APP_ROUTER_VERIFIERS = new Set(['verifySignatureAppRouter', 'verifySignatureEdge']);
const PAGES_VERIFIER = 'verifySignature';
export const SIGNATURE_HEADER = /upstash-signature/i;
const SIGNATURE_HEADER_NAME = /^upstash-signature$/i;
/** Body reads that consume the request before the raw text can be verified. */
const PARSING_READS = new Set(['json', 'formData']);
/** A call the analysis cannot follow counts as a possible check when it is named so or handed the signature. */
const CHECK_LIKE = /verif|signature|qstash|upstash|receiv|auth/i;
/** Same-file helpers followed from one handler: the job's own code is not where a check hides. */
const MAX_HELPERS = 8;
/** Nodes walked in one handler and its helpers: a generated file says "cannot tell". */
const MAX_NODES = 20_000;

/** Why the handler reads a body QStash's signature can no longer match. */
export type BodyRead = 'parsed-first' | 'stringified' | 'body-parser';

export type Receiving =
  | { kind: 'verifies' }
  | { kind: 'cannot-tell' }
  | { kind: 'unverified'; nameSpan: Span }
  /** `receiver.verify(…)` called without awaiting it: the Promise is truthy, a bad signature only rejects it. */
  | { kind: 'unawaited'; span: Span; awaitAt: number | undefined }
  | { kind: 'body-read'; how: BodyRead; span: Span };

interface Imported {
  module: string;
  name: string;
}

/** What one route file is to the analysis: its parse, its imports and its same-file functions. */
export class ReceivingFile {
  private readonly imports = new Map<string, Imported>();
  private localsCache: ReturnType<typeof localFunctions> | undefined;

  constructor(
    readonly ts: TsApi,
    readonly source: TS.SourceFile,
  ) {
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const module = statement.moduleSpecifier.text;
      if (clause.name) this.imports.set(clause.name.text, { module, name: 'default' });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) this.imports.set(named.name.text, { module, name: '*' });
      else if (named && ts.isNamedImports(named)) {
        for (const element of named.elements) if (!element.isTypeOnly) this.imports.set(element.name.text, { module, name: (element.propertyName ?? element.name).text });
      }
    }
  }

  private receiversCache: ReadonlySet<string> | undefined;

  /**
   * Whether `expression` is a QStash Receiver: `new Receiver(…)` of @upstash/qstash, or a name
   * some declaration of the file binds to one. Only then is `.verify(…)` known to return a Promise
   * (jsonwebtoken's `jwt.verify` is synchronous).
   */
  isReceiver(expression: TS.Expression): boolean {
    const { ts } = this;
    const node = unwrap(ts, expression);
    if (ts.isNewExpression(node)) return this.isReceiverClass(node.expression);
    if (!ts.isIdentifier(node)) return false;
    if (!this.receiversCache) {
      const names = new Set<string>();
      if (this.receiverClassNames().length) {
        someNode(ts, this.source, (child) => {
          if (ts.isVariableDeclaration(child) && ts.isIdentifier(child.name) && child.initializer) {
            const init = unwrap(ts, child.initializer);
            if (ts.isNewExpression(init) && this.isReceiverClass(init.expression)) names.add(child.name.text);
          }
          return false;
        });
      }
      this.receiversCache = names;
    }
    return this.receiversCache.has(node.text);
  }

  private receiverClassesCache: string[] | undefined;

  /** The local names `Receiver` of @upstash/qstash is imported under. */
  private receiverClassNames(): string[] {
    return (this.receiverClassesCache ??= [...this.imports].filter(([, binding]) => QSTASH_PACKAGE.test(binding.module) && binding.name === 'Receiver').map(([local]) => local));
  }

  private isReceiverClass(expression: TS.Expression): boolean {
    const { ts } = this;
    const node = unwrap(ts, expression);
    return ts.isIdentifier(node) && this.receiverClassNames().includes(node.text);
  }

  private get locals(): ReturnType<typeof localFunctions> {
    return (this.localsCache ??= localFunctions(this.ts, this.source));
  }

  /** Whether the file shows it receives QStash's requests: it reads the signature header, or imports what verifies one. */
  showsQstash(): boolean {
    if (this.readsSignatureHeader()) return true;
    for (const binding of this.imports.values()) {
      if (binding.module === '@upstash/qstash' && binding.name === 'Receiver') return true;
      if (binding.module === QSTASH_NEXTJS && (APP_ROUTER_VERIFIERS.has(binding.name) || binding.name === PAGES_VERIFIER)) return true;
    }
    return false;
  }

  /**
   * Whether the code names the signature header in a string (`headers.get('upstash-signature')`):
   * a comment or a longer text that mentions it shows nothing about who calls the route.
   */
  private readsSignatureHeader(): boolean {
    if (!SIGNATURE_HEADER.test(this.source.text)) return false;
    const ts = this.ts;
    return someNode(ts, this.source, (node) => (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && SIGNATURE_HEADER_NAME.test(node.text));
  }

  /** The local name `verifySignatureAppRouter` is imported under, if it is. */
  appRouterVerifierName(): string | undefined {
    for (const [local, binding] of this.imports) if (binding.module === QSTASH_NEXTJS && binding.name === 'verifySignatureAppRouter') return local;
    return undefined;
  }

  private importedVerifier(expression: TS.Expression): string | undefined {
    const { ts } = this;
    const callee = unwrap(ts, expression);
    if (ts.isIdentifier(callee)) {
      const binding = this.imports.get(callee.text);
      return binding?.module === QSTASH_NEXTJS ? binding.name : undefined;
    }
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      const binding = this.imports.get(callee.expression.text);
      return binding?.module === QSTASH_NEXTJS && binding.name === '*' ? callee.name.text : undefined;
    }
    return undefined;
  }

  /** The exported value of an App Router method, `export default` for Pages; undefined when the file does not export it itself. */
  exportedValue(name: string | 'default'): ExportedHandler | undefined {
    const { ts, source } = this;
    for (const statement of source.statements) {
      if (ts.isFunctionDeclaration(statement) && isExported(ts, statement) && statement.body) {
        const isDefault = hasModifier(ts, statement, ts.SyntaxKind.DefaultKeyword);
        if (name === 'default' ? isDefault : !isDefault && statement.name?.text === name) return { value: statement, nameNode: statement.name ?? statement, declaration: statement };
      } else if (name !== 'default' && ts.isVariableStatement(statement) && isExported(ts, statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) return { value: declaration.initializer, nameNode: declaration.name, declaration };
        }
      } else if (name === 'default' && ts.isExportAssignment(statement) && !statement.isExportEquals) {
        return { value: statement.expression, nameNode: statement.expression, declaration: undefined };
      } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        const element = statement.exportClause.elements.find((e) => e.name.text === name);
        const local = element && this.locals.get((element.propertyName ?? element.name).text);
        if (element && local) return { value: local, nameNode: element.name, declaration: undefined };
      }
    }
    return undefined;
  }

  /** Whether the exported handler verifies QStash's signature before its work. */
  receiving(handler: ExportedHandler, router: 'app' | 'pages'): Receiving {
    const nameSpan = spanOf(handler.nameNode, this.source);
    let value: TS.Node = handler.value;
    for (let hops = 0; hops < 4; hops++) {
      const { ts } = this;
      if (isFunctionLike(ts, value)) return this.inspectHandler(value, nameSpan);
      const node = unwrap(ts, value as TS.Expression);
      if (ts.isIdentifier(node)) {
        const local = this.locals.get(node.text);
        // Imported, or bound where the analysis does not look: its code is not visible here.
        if (!local) return { kind: 'cannot-tell' };
        value = local;
      } else if (ts.isCallExpression(node)) {
        const verifier = this.importedVerifier(node.expression);
        if (verifier !== undefined && (APP_ROUTER_VERIFIERS.has(verifier) || verifier === PAGES_VERIFIER)) {
          return router === 'pages' && verifier === PAGES_VERIFIER ? this.pagesBodyParser() : { kind: 'verifies' };
        }
        // Any other wrapper may check the request itself.
        return { kind: 'cannot-tell' };
      } else return { kind: 'cannot-tell' };
    }
    return { kind: 'cannot-tell' };
  }

  /**
   * `verifySignature` reads the request stream itself: Next.js's body parser must be off
   * (`export const config = { api: { bodyParser: false } }`), or the stream is already read and
   * the signature's body hash cannot match.
   */
  private pagesBodyParser(): Receiving {
    const config = this.exportedValue('config');
    const { ts } = this;
    if (!config) {
      const at = this.exportedValue('default')!;
      return { kind: 'body-read', how: 'body-parser', span: spanOf(at.nameNode, this.source) };
    }
    const object = unwrap(ts, config.value as TS.Expression);
    if (!ts.isObjectLiteralExpression(object)) return { kind: 'cannot-tell' };
    const api = literalProperty(ts, object, 'api');
    if (api === 'unknown') return { kind: 'cannot-tell' };
    const parser = api && ts.isObjectLiteralExpression(unwrap(ts, api)) ? literalProperty(ts, unwrap(ts, api) as TS.ObjectLiteralExpression, 'bodyParser') : api ? 'unknown' : undefined;
    if (parser === 'unknown') return { kind: 'cannot-tell' };
    if (parser && unwrap(ts, parser).kind === ts.SyntaxKind.FalseKeyword) return { kind: 'verifies' };
    if (parser && unwrap(ts, parser).kind !== ts.SyntaxKind.TrueKeyword && !ts.isObjectLiteralExpression(unwrap(ts, parser))) return { kind: 'cannot-tell' };
    return { kind: 'body-read', how: 'body-parser', span: spanOf(config.nameNode, this.source) };
  }

  private inspectHandler(fn: TS.FunctionLikeDeclaration, nameSpan: Span): Receiving {
    const { ts } = this;
    const first = fn.parameters[0];
    const request = first && ts.isIdentifier(first.name) ? first.name.text : undefined;
    const walk = new HandlerWalk(this, request);
    walk.inspect(fn, undefined);
    if (walk.tooLarge || walk.mayCheckElsewhere) return walk.verifiedAt === undefined ? { kind: 'cannot-tell' } : this.ordered(walk);
    if (walk.verifiedAt === undefined && walk.unawaited) return { kind: 'unawaited', ...walk.unawaited };
    if (walk.verifiedAt === undefined) return { kind: 'unverified', nameSpan };
    return this.ordered(walk);
  }

  private ordered(walk: HandlerWalk): Receiving {
    const early = walk.parsingReads.find((read) => read.start < walk.verifiedAt!);
    if (early) return { kind: 'body-read', how: 'parsed-first', span: early };
    if (walk.stringified) return { kind: 'body-read', how: 'stringified', span: walk.stringified };
    return { kind: 'verifies' };
  }

  /** A function of this file by name, for the walk to follow. */
  localFunction(name: string): TS.FunctionLikeDeclaration | undefined {
    const local = this.locals.get(name);
    return local && isFunctionLike(this.ts, local) ? local : undefined;
  }

  /** Whether a name is bound by an import from somewhere other than QStash's package. */
  isForeignImport(name: string): boolean {
    const binding = this.imports.get(name);
    return !!binding && !QSTASH_PACKAGE.test(binding.module);
  }

  /**
   * Edits that wrap the exported App Router handler in `verifySignatureAppRouter`, importing it in
   * the file's style; undefined for a shape the edit cannot keep whole (a function declaration
   * its file names elsewhere, `export { handler as POST }`).
   */
  wrapEdits(handler: ExportedHandler, method: string): TextEdit[] | undefined {
    const { ts, source } = this;
    const text = source.text;
    const wrapper = this.appRouterVerifierName() ?? 'verifySignatureAppRouter';
    const imports = this.appRouterVerifierName() ? [] : ensureImport(ts, source, QSTASH_NEXTJS, 'verifySignatureAppRouter');
    const { declaration } = handler;
    if (!declaration) return undefined;
    if (ts.isFunctionDeclaration(declaration)) {
      const exportKeyword = ts.getModifiers(declaration)?.find((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exportKeyword || !declaration.body) return undefined;
      // A declaration is hoisted; the const that replaces it is not: a use of the name elsewhere could then run too early.
      const outside = text.slice(0, declaration.getStart(source)) + text.slice(declaration.end);
      if (new RegExp(`\\b${method}\\b`).test(outside)) return undefined;
      const semi = fileStyle(text).semicolons ? ';' : '';
      const start = exportKeyword.getStart(source);
      // `export async function POST(…) {…}` → `export const POST = wrapper(async function POST(…) {…})`: the name stays for stack traces.
      const rest = start + /^export\s*/.exec(text.slice(start))![0].length;
      const head = `export const ${method} = ${wrapper}(`;
      // A new import at the very start of the file lands where the rewrite starts: one edit, so no editor sees two at one place.
      const sameStart = imports.find((edit) => edit.offset === start && edit.length === 0);
      const opening = { offset: start, length: rest - start, content: sameStart ? sameStart.content + head : head };
      return [...imports.filter((edit) => edit !== sameStart), opening, { offset: declaration.end, length: 0, content: `)${semi}` }];
    }
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const init = declaration.initializer;
      return [...imports, { offset: init.getStart(source), length: 0, content: `${wrapper}(` }, { offset: init.end, length: 0, content: ')' }];
    }
    return undefined;
  }
}

/** An exported handler: its value, the node that names it, and the declaration a fix rewrites. */
export interface ExportedHandler {
  value: TS.Node;
  nameNode: TS.Node;
  declaration: TS.FunctionDeclaration | TS.VariableDeclaration | undefined;
}

/** One walk over a handler and the same-file helpers it calls, in source order. */
class HandlerWalk {
  verifiedAt: number | undefined;
  parsingReads: Span[] = [];
  stringified: Span | undefined;
  mayCheckElsewhere = false;
  tooLarge = false;
  /** The first `receiver.verify(…)` whose Promise is dropped or tested for truth, and where `await` can go (in an async function). */
  unawaited: { span: Span; awaitAt: number | undefined } | undefined;
  /** Expressions whose value is dropped (a statement) or only tested for truth (`if`, `!`, `&&`): a Promise there is never awaited. */
  private readonly floating = new Set<TS.Node>();
  private nodes = 0;
  private readonly followed = new Set<TS.Node>();

  constructor(
    private readonly file: ReceivingFile,
    private readonly request: string | undefined,
  ) {}

  /** Walks `fn`'s body; `callSite` is where the handler calls the helper `fn` (undefined for the handler itself). */
  inspect(fn: TS.FunctionLikeDeclaration, callSite: number | undefined): void {
    const { ts } = this.file;
    if (!fn.body) return;
    const stack: TS.Node[] = [fn.body];
    /** The nested function each node stands in, for nodes not directly in `fn`. */
    const owner = new Map<TS.Node, TS.Node>();
    while (stack.length) {
      if (++this.nodes > MAX_NODES) {
        this.tooLarge = true;
        return;
      }
      const node = stack.pop()!;
      this.markFloating(node);
      if (ts.isCallExpression(node)) this.call(node, callSite ?? node.getStart(this.file.source), owner.get(node) ?? fn);
      const children: TS.Node[] = [];
      ts.forEachChild(node, (child) => {
        children.push(child);
      });
      // Each node's function: its own when it is one, else its parent's (only calls ask).
      const inside = isFunctionScope(ts, node) ? node : (owner.get(node) ?? fn);
      for (let i = children.length - 1; i >= 0; i--) {
        if (inside !== fn) owner.set(children[i]!, inside);
        stack.push(children[i]!);
      }
    }
  }

  /** Records what `node` drops or tests for truth: a statement's expression, a condition, the operand of `!`. */
  private markFloating(node: TS.Node): void {
    const ts = this.file.ts;
    if (ts.isExpressionStatement(node)) {
      let expression = unwrap(ts, node.expression);
      while (ts.isVoidExpression(expression)) expression = unwrap(ts, expression.expression);
      this.floating.add(expression);
    } else if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) this.markTested(node.expression);
    else if (ts.isConditionalExpression(node)) this.markTested(node.condition);
    else if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) this.markTested(node.operand);
  }

  private markTested(expression: TS.Expression): void {
    const ts = this.file.ts;
    const node = unwrap(ts, expression);
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      this.markTested(node.left);
      this.markTested(node.right);
    } else this.floating.add(node);
  }

  private call(call: TS.CallExpression, at: number, within: TS.Node): void {
    const { ts, source } = this.file;
    const callee = unwrap(ts, call.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const member = callee.name.text;
      if (member === 'verify' && this.floating.has(call) && this.file.isReceiver(callee.expression)) {
        this.unawaited ??= { span: { start: call.getStart(source), end: callee.end }, awaitAt: hasModifier(ts, within, ts.SyntaxKind.AsyncKeyword) ? call.getStart(source) : undefined };
        return;
      }
      if (member === 'verify') {
        this.verified(at);
        this.checkVerifiedBody(call);
        return;
      }
      const object = unwrap(ts, callee.expression);
      if (PARSING_READS.has(member) && this.request !== undefined && ts.isIdentifier(object) && object.text === this.request) {
        this.parsingReads.push(spanOf(call, source));
        return;
      }
      const root = rootName(ts, callee);
      if (root !== undefined && this.file.isForeignImport(root) && this.mayCheck(call, member)) this.mayCheckElsewhere = true;
      return;
    }
    if (!ts.isIdentifier(callee)) return;
    const helper = this.file.localFunction(callee.text);
    if (helper) {
      if (this.followed.has(helper) || this.followed.size >= MAX_HELPERS) {
        if (!this.followed.has(helper)) this.mayCheckElsewhere = true;
        return;
      }
      this.followed.add(helper);
      this.inspect(helper, at);
      return;
    }
    if (this.file.isForeignImport(callee.text) && this.mayCheck(call, callee.text)) this.mayCheckElsewhere = true;
  }

  private verified(at: number): void {
    if (this.verifiedAt === undefined || at < this.verifiedAt) this.verifiedAt = at;
  }

  /** `verify({ body: JSON.stringify(parsed) })`: the re-serialised value may differ from the bytes QStash signed. */
  private checkVerifiedBody(call: TS.CallExpression): void {
    const { ts, source } = this.file;
    const options = call.arguments[0] && unwrap(ts, call.arguments[0]);
    if (!options || !ts.isObjectLiteralExpression(options)) return;
    const body = literalProperty(ts, options, 'body');
    if (!body || body === 'unknown') return;
    const value = unwrap(ts, body);
    if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'stringify' && ts.isIdentifier(value.expression.expression) && value.expression.expression.text === 'JSON') {
      this.stringified ??= spanOf(value, source);
    }
  }

  /** An imported call that may be a check: named like one, or handed the request or the signature. */
  private mayCheck(call: TS.CallExpression, name: string): boolean {
    if (CHECK_LIKE.test(name)) return true;
    const { ts, source } = this.file;
    return call.arguments.some((argument) => {
      const node = unwrap(ts, argument);
      if (this.request !== undefined && ts.isIdentifier(node) && node.text === this.request) return true;
      return /signature/i.test(node.getText(source));
    });
  }
}

/** Whether `test` holds for a node under `root` (visited with a stack: a generated expression thousands deep overflowed recursion). */
function someNode(ts: TsApi, root: TS.Node, test: (node: TS.Node) => boolean): boolean {
  const stack: TS.Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (test(node)) return true;
    ts.forEachChild(node, (child) => void stack.push(child));
  }
  return false;
}

function rootName(ts: TsApi, expression: TS.Expression): string | undefined {
  let node = expression;
  while (ts.isPropertyAccessExpression(node) || ts.isCallExpression(node) || ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  return ts.isIdentifier(node) ? node.text : undefined;
}

function literalProperty(ts: TsApi, object: TS.ObjectLiteralExpression, name: string): TS.Expression | undefined | 'unknown' {
  let found: TS.Expression | undefined | 'unknown';
  for (const property of object.properties) {
    if (ts.isSpreadAssignment(property)) {
      found = 'unknown';
      continue;
    }
    const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
    if (key === undefined && property.name && ts.isComputedPropertyName(property.name)) found = 'unknown';
    if (key !== name) continue;
    found = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : 'unknown';
  }
  return found;
}

/** Anything whose body `await` belongs to: a method, accessor, constructor or static block too (only an async one takes it). */
function isFunctionScope(ts: TsApi, node: TS.Node): boolean {
  return isFunctionLike(ts, node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isClassStaticBlockDeclaration(node);
}

function isFunctionLike(ts: TsApi, node: TS.Node): node is TS.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node);
}

function isExported(ts: TsApi, node: TS.Node): boolean {
  return hasModifier(ts, node, ts.SyntaxKind.ExportKeyword);
}

function hasModifier(ts: TsApi, node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

function unwrap(ts: TsApi, expression: TS.Expression): TS.Expression {
  let node = expression;
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  return node;
}

function spanOf(node: TS.Node, source: TS.SourceFile): Span {
  return { start: node.getStart(source), end: node.end };
}
