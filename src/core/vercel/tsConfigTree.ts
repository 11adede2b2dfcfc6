import type { Node } from 'jsonc-parser';
import type * as TS from 'typescript';
import { parseSource, type TsApi } from '../next/routeExports';
import { excessiveSourceNesting } from '../sourceNesting';
import type { Span } from '../types';
import type { NotStaticValue } from './configSource';
import { parseErrors } from './parseErrors';

/**
 * vercel.ts (.mts, .js, .mjs, .cjs) read from its syntax alone, never run: the configuration the
 * platform takes (the default export or `module.exports`, else `export const config`, else the
 * named exports such as `export const crons = […]`) as the tree jsonc-parser would give for the
 * same JSON, with offsets in the script. Literals, `as const`, `satisfies`, module-level `const`s
 * and spreads of literals are followed; anything else is computed: skipped and listed once.
 * An object with a computed member is unknown as a whole (a cron entry whose schedule is computed
 * is not "missing its schedule"): it is skipped with it, and only the configuration itself is kept
 * in part. An array keeps the elements it knows.
 */
export interface ScriptConfigTree {
  root: Node | undefined;
  notStatic: NotStaticValue[];
  borrowed: Span[];
  errors: { span: Span; message: string }[];
}

type MutableNode = { -readonly [K in keyof Node]: Node[K] } & { parent?: MutableNode; children?: MutableNode[] };

/** Names the platform reads as the configuration's top-level properties when nothing is exported as a whole. */
const NAMED_EXPORTS = new Set(['crons', 'schedules', 'functions']);
/** How many consts a value may go through (`const a = b`, `const b = {…}`): a cycle ends here. */
const MAX_INDIRECTION = 32;
/**
 * How many values the reader builds. A spread or a const may repeat another (`[...a, ...a]`,
 * `{ x: a, y: a }`), so a few lines can stand for billions of values, or for themselves forever.
 */
export const MAX_SCRIPT_VALUES = 10_000;

/** The error of a file that expands past MAX_SCRIPT_VALUES; invalid-json says it in its own words. */
export function expandsTooFarMessage(): string {
  return `expands to more than ${MAX_SCRIPT_VALUES} values, so it is not read`;
}

class ExpandsTooFar {
  constructor(readonly span: Span) {}
}

export function parseScriptConfigTree(ts: TsApi, fileName: string, text: string): ScriptConfigTree {
  const notStatic: NotStaticValue[] = [];
  const borrowed: Span[] = [];
  const deep = excessiveSourceNesting(text);
  if (deep >= 0) return { root: undefined, notStatic, borrowed, errors: [{ span: { start: deep, end: deep + 1 }, message: 'nested deeper than TypeScript can parse' }] };
  const sourceFile = parseSource(ts, fileName, text);
  const syntax = parseErrors(sourceFile);
  if (syntax.length) {
    // A half-typed file: what recovery made of it is a guess, so nothing of it is read.
    return { root: undefined, notStatic, borrowed, errors: syntax.slice(0, 1).map((e) => ({ span: { start: e.start, end: e.start + Math.max(1, e.length) }, message: ts.flattenDiagnosticMessageText(e.messageText, ' ') })) };
  }
  const reader = new ScriptReader(ts, sourceFile, notStatic, borrowed);
  try {
    return { root: reader.configuration(), notStatic, borrowed, errors: [] };
  } catch (error) {
    if (!(error instanceof ExpandsTooFar)) throw error;
    return { root: undefined, notStatic: [], borrowed: [], errors: [{ span: error.span, message: expandsTooFarMessage() }] };
  }
}

class ScriptReader {
  /** The configuration's top-level key being read, undefined while none or one that cannot be told is. */
  private topKey: string | undefined;
  private readonly consts = new Map<string, TS.Expression>();
  private readonly reported = new Set<number>();
  private values = 0;

  constructor(
    private readonly ts: TsApi,
    private readonly sourceFile: TS.SourceFile,
    private readonly notStatic: NotStaticValue[],
    private readonly borrowed: Span[],
  ) {
    for (const statement of sourceFile.statements) {
      if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) this.consts.set(declaration.name.text, declaration.initializer);
      }
    }
  }

  configuration(): Node | undefined {
    const { ts, sourceFile } = this;
    let whole: TS.Expression | undefined;
    let config: TS.Expression | undefined;
    const named: [TS.Node, string, TS.Expression][] = [];
    /** One export of the module by the name it is exported as: the platform reads default, then config, then the rest. */
    const exported = (as: string, name: TS.Node, value: TS.Expression) => {
      if (as === 'default') whole = value;
      else if (as === 'config') config = value;
      else if (NAMED_EXPORTS.has(as)) named.push([name, as, value]);
    };
    for (const statement of sourceFile.statements) {
      if (ts.isExportAssignment(statement) && !statement.isExportEquals) whole = statement.expression;
      else if (ts.isVariableStatement(statement) && isExported(ts, statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.initializer) exported(declaration.name.text, declaration.name, declaration.initializer);
        }
      } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          const as = element.name.text;
          if (as !== 'default' && as !== 'config' && !NAMED_EXPORTS.has(as)) continue;
          // `export { config as default }` names a binding of this file; `export { default } from './x'` one the check cannot read.
          if (statement.moduleSpecifier) this.computed(element);
          else exported(as, element.name, element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName : element.name);
        }
      } else {
        const assigned = commonJsExport(ts, statement);
        if (assigned) exported(assigned.as, assigned.name, assigned.value);
      }
    }
    const chosen = whole ?? config;
    if (chosen) return this.value(chosen, undefined, 0, false, true);
    if (!named.length) return undefined;
    const root: MutableNode = { type: 'object', offset: 0, length: sourceFile.text.length, children: [] };
    for (const [name, as, value] of named) {
      this.topKey = as;
      this.addProperty(root, as, name, value, { start: name.getStart(sourceFile), end: Math.max(name.end, value.end) }, 0, false);
    }
    return root;
  }

  /** Counts one value (or one spread) read, against MAX_SCRIPT_VALUES. */
  private spend(node: TS.Node): void {
    if (++this.values > MAX_SCRIPT_VALUES) throw new ExpandsTooFar(this.span(node));
  }

  private span(node: TS.Node): Span {
    return { start: node.getStart(this.sourceFile), end: node.end };
  }

  private computed(node: TS.Node): undefined {
    const span = this.span(node);
    if (!this.reported.has(span.start)) {
      this.reported.add(span.start);
      this.notStatic.push({ span, topKeys: [this.topKey] });
    } else {
      // A const used again: listed once, under each key it is used under (rare, so a search is cheap).
      const listed = this.notStatic.find((value) => value.span.start === span.start)!;
      if (!listed.topKeys.includes(this.topKey)) listed.topKeys.push(this.topKey);
    }
    return undefined;
  }

  /** What a const, `as const`, `satisfies` or parentheses stand for: the literal written somewhere in the file. */
  private unwrap(expression: TS.Expression, depth: number): { expression: TS.Expression; viaConst: boolean } | undefined {
    const { ts } = this;
    let viaConst = false;
    for (let hops = depth; hops < MAX_INDIRECTION; hops++) {
      if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isNonNullExpression(expression) || ts.isTypeAssertionExpression(expression)) {
        expression = expression.expression;
      } else if (ts.isIdentifier(expression) && this.consts.has(expression.text)) {
        expression = this.consts.get(expression.text)!;
        viaConst = true;
      } else {
        return { expression, viaConst };
      }
    }
    return undefined;
  }

  /** The value's node; undefined when it is computed (listed) or an object holding something computed. `partial` keeps such an object with what it knows. */
  private value(written: TS.Expression, parent: MutableNode | undefined, depth: number, inherited: boolean, partial = false): MutableNode | undefined {
    const { ts } = this;
    this.spend(written);
    const unwrapped = this.unwrap(written, depth);
    if (!unwrapped) return this.computed(written);
    const { expression } = unwrapped;
    const borrowed = inherited || unwrapped.viaConst;
    const at = this.span(expression);
    const node = (type: Node['type'], value?: unknown): MutableNode => {
      // Written in a const or a spread literal: an edit there would change every use of it.
      if (borrowed) this.borrowed.push(at);
      return { type, offset: at.start, length: at.end - at.start, parent, ...(value === undefined ? {} : { value }) };
    };
    if (ts.isObjectLiteralExpression(expression)) {
      const object = node('object');
      object.children = [];
      const complete = this.addMembers(object, expression, depth + 1, borrowed, partial);
      return complete || partial ? object : undefined;
    }
    if (ts.isArrayLiteralExpression(expression)) {
      const array = node('array');
      array.children = [];
      this.addElements(array, expression, depth + 1, borrowed);
      return array;
    }
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return node('string', expression.text);
    if (ts.isNumericLiteral(expression)) return node('number', Number(expression.text));
    if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(expression.operand)) {
      return node('number', -Number(expression.operand.text));
    }
    if (expression.kind === ts.SyntaxKind.TrueKeyword) return node('boolean', true);
    if (expression.kind === ts.SyntaxKind.FalseKeyword) return node('boolean', false);
    if (expression.kind === ts.SyntaxKind.NullKeyword) return node('null', null);
    // Where the value is computed: a const's initializer is listed once, however many entries use it.
    return this.computed(expression);
  }

  /** Adds `key: initializer` to the object; false when the value is not known. */
  private addProperty(object: MutableNode, key: string, keyNode: TS.Node, initializer: TS.Expression, span: Span, depth: number, borrowed: boolean): boolean {
    const property: MutableNode = { type: 'property', offset: span.start, length: span.end - span.start, parent: object, children: [] };
    const keySpan = this.span(keyNode);
    const value = this.value(initializer, property, depth, borrowed);
    if (!value) return false;
    property.children!.push({ type: 'string', value: key, offset: keySpan.start, length: keySpan.end - keySpan.start, parent: property }, value);
    object.children!.push(property);
    return true;
  }

  /** Adds the literal's members to the object; false when one of them is not known (the object is then incomplete). `top`: the configuration's own members. */
  private addMembers(object: MutableNode, literal: TS.ObjectLiteralExpression, depth: number, borrowed: boolean, top = false): boolean {
    const { ts } = this;
    let complete = true;
    for (const member of literal.properties) {
      // What is computed below is listed with the top-level key it lies under; a spread or a computed key could be any.
      if (top) this.topKey = ts.isSpreadAssignment(member) ? undefined : this.keyOf(member.name, depth);
      if (ts.isPropertyAssignment(member)) {
        const key = this.keyOf(member.name, depth);
        if (key === undefined) complete = this.computed(member) ?? false;
        else complete = this.addProperty(object, key, member.name, member.initializer, this.span(member), depth, borrowed) && complete;
      } else if (ts.isShorthandPropertyAssignment(member)) {
        complete = this.addProperty(object, member.name.text, member.name, member.name, this.span(member), depth, borrowed) && complete;
      } else if (ts.isSpreadAssignment(member)) {
        this.spend(member);
        const spread = this.unwrap(member.expression, depth);
        if (spread && ts.isObjectLiteralExpression(spread.expression)) complete = this.addMembers(object, spread.expression, depth + 1, true, top) && complete;
        else complete = this.computed(member) ?? false;
      } else {
        // A method or accessor: its value is code.
        complete = this.computed(member) ?? false;
      }
    }
    return complete;
  }

  private addElements(array: MutableNode, literal: TS.ArrayLiteralExpression, depth: number, borrowed: boolean): void {
    const { ts } = this;
    for (const element of literal.elements) {
      if (ts.isSpreadElement(element)) {
        this.spend(element);
        const spread = this.unwrap(element.expression, depth);
        if (spread && ts.isArrayLiteralExpression(spread.expression)) this.addElements(array, spread.expression, depth + 1, true);
        else this.computed(element);
      } else if (!ts.isOmittedExpression(element)) {
        const value = this.value(element, array, depth, borrowed);
        if (value) array.children!.push(value);
      }
    }
  }

  private keyOf(name: TS.PropertyName, depth: number): string | undefined {
    const { ts } = this;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
    if (ts.isComputedPropertyName(name)) {
      const key = this.unwrap(name.expression, depth)?.expression;
      if (key && (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key))) return key.text;
    }
    return undefined;
  }
}

function isExported(ts: TsApi, statement: TS.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** `module.exports = …` (the default export), `module.exports.crons = …` or `exports.crons = …`: a CommonJS file's exports. */
function commonJsExport(ts: TsApi, statement: TS.Statement): { as: string; name: TS.Node; value: TS.Expression } | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) return undefined;
  const { left, operatorToken, right } = statement.expression;
  if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) return undefined;
  const isModuleExports = (node: TS.Expression) => ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
  if (isModuleExports(left)) return { as: 'default', name: left, value: right };
  const owner = left.expression;
  if ((ts.isIdentifier(owner) && owner.text === 'exports') || isModuleExports(owner)) return { as: left.name.text, name: left.name, value: right };
  return undefined;
}
