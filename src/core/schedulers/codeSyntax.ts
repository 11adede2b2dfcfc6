/**
 * What the readers of schedulers written in code share: a file parsed once, its imports by the
 * package they come from, and values followed only where they are certain — a literal, a `const`
 * of the same file, or a `const` exported by a project file it imports. Anything computed, or
 * re-bound (`let`, a parameter, a reassignment), is "cannot tell", and a reader says nothing.
 */
import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import { parseSourceWithinLimits } from '../next/routeExports';
import type { Span } from '../types';
import type { SourceContext } from './source';

/** How many files and names a value is followed through before the reader gives up. */
const MAX_HOPS = 4;
/** The longest member chain read (`a.b.c…`): the calls the readers look for are a few members long. */
const MAX_PATH = 16;

/** What a name is bound to by an import or a `require`: a package's export (`*` for the module itself). */
interface ImportBinding {
  module: string;
  name: string;
}

/** Where a value comes from: a member path of a package (`Client`, `()` for a construction or call, `schedules`, `create`). */
export interface PackageReference {
  module: string;
  path: readonly string[];
}

/** A string whose value is certain, and the span of its literal when the literal is in the file asked about. */
export interface FollowedString {
  value: string;
  /** The literal with its quotes, in the file the expression was read in; undefined when it lies in another file. */
  span: Span | undefined;
}

/** A parsed JavaScript or TypeScript file with the facts the readers ask of it, computed once. */
export class CodeFile {
  private bindingsCache: Map<string, ImportBinding> | undefined;
  private constsCache: Map<string, TS.Expression | null> | undefined;
  private exportsCache: Map<string, string> | undefined;

  private constructor(
    readonly ts: TsApi,
    readonly file: string,
    readonly text: string,
    readonly source: TS.SourceFile,
    private readonly context: SourceContext,
    /** Files opened while following values from the file a reader started in (shared along the way). */
    private readonly opened: Map<string, CodeFile | null>,
  ) {}

  /** The file parsed; undefined when it is nested too deep to parse on every machine alike. */
  static parse(file: string, text: string, context: SourceContext, opened = new Map<string, CodeFile | null>()): CodeFile | undefined {
    const ts = context.loadTypeScript();
    const source = parseSourceWithinLimits(ts, file, text);
    return source && new CodeFile(ts, file, text, source, context, opened);
  }

  spanOf(node: TS.Node): Span {
    return { start: node.getStart(this.source), end: node.end };
  }

  /** Every call and construction in the file, in source order, walked without recursion (a long `a + b + …` chain is deep). */
  calls(): (TS.CallExpression | TS.NewExpression)[] {
    const { ts } = this;
    const found: (TS.CallExpression | TS.NewExpression)[] = [];
    const stack: TS.Node[] = [this.source];
    while (stack.length) {
      const node = stack.pop()!;
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) found.push(node);
      const children: TS.Node[] = [];
      ts.forEachChild(node, (child) => {
        children.push(child);
      });
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
    return found.sort((a, b) => a.pos - b.pos);
  }

  /** Local names bound by imports and top-level `require`s, whatever the package. */
  private bindings(): Map<string, ImportBinding> {
    if (this.bindingsCache) return this.bindingsCache;
    const { ts } = this;
    const bindings = new Map<string, ImportBinding>();
    for (const statement of this.source.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause && !statement.importClause.isTypeOnly) {
        const module = statement.moduleSpecifier.text;
        const clause = statement.importClause;
        if (clause.name) bindings.set(clause.name.text, { module, name: 'default' });
        const named = clause.namedBindings;
        if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, { module, name: '*' });
        else if (named && ts.isNamedImports(named)) {
          for (const element of named.elements) if (!element.isTypeOnly) bindings.set(element.name.text, { module, name: (element.propertyName ?? element.name).text });
        }
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const module = declaration.initializer && requiredModule(ts, declaration.initializer);
          if (module === undefined) continue;
          if (ts.isIdentifier(declaration.name)) bindings.set(declaration.name.text, { module, name: '*' });
          else if (ts.isObjectBindingPattern(declaration.name)) {
            for (const element of declaration.name.elements) {
              if (element.dotDotDotToken || !ts.isIdentifier(element.name)) continue;
              const property = element.propertyName;
              const name = property === undefined ? element.name.text : ts.isIdentifier(property) || ts.isStringLiteral(property) ? property.text : undefined;
              if (name !== undefined) bindings.set(element.name.text, { module, name });
            }
          }
        }
      }
    }
    return (this.bindingsCache = bindings);
  }

  /** Whether the file imports or requires `module` (or a subpath of it) under any name. */
  importsFrom(matches: (module: string) => boolean): boolean {
    for (const binding of this.bindings().values()) if (matches(binding.module)) return true;
    return false;
  }

  /**
   * Top-level `const` declarations by name (null when the name is bound more than once, or by
   * `let`/`var`, which may change). Only module scope: a name inside a function may be shadowed.
   */
  private consts(): Map<string, TS.Expression | null> {
    if (this.constsCache) return this.constsCache;
    const { ts } = this;
    const consts = new Map<string, TS.Expression | null>();
    for (const statement of this.source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        const name = declaration.name.text;
        consts.set(name, consts.has(name) || !isConst || !declaration.initializer ? null : declaration.initializer);
      }
    }
    return (this.constsCache = consts);
  }

  /** Exported name → local name: `export const X`, `export { a as X }`. */
  private exported(): Map<string, string> {
    if (this.exportsCache) return this.exportsCache;
    const { ts } = this;
    const exports = new Map<string, string>();
    for (const statement of this.source.statements) {
      if (ts.isVariableStatement(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) exports.set(declaration.name.text, declaration.name.text);
      } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) exports.set(element.name.text, (element.propertyName ?? element.name).text);
      }
    }
    return (this.exportsCache = exports);
  }

  /** The project file an import names, parsed (once per reader run); undefined when it cannot be followed. */
  private imported(specifier: string): CodeFile | undefined {
    const target = this.context.resolveImport ? this.context.resolveImport(this.file, specifier) : relativeTarget(this.file, specifier, this.context);
    if (target === undefined) return undefined;
    if (this.opened.has(target)) return this.opened.get(target) ?? undefined;
    const text = this.context.readFile(target);
    const parsed = text === undefined ? undefined : CodeFile.parse(target, text, this.context, this.opened);
    this.opened.set(target, parsed ?? null);
    return parsed;
  }

  /** The expression a name stands for, when it is a top-level const here or one a project file exports: the expression and the file it is in. */
  private constValue(name: string, hops: number): { file: CodeFile; expression: TS.Expression } | undefined {
    if (hops > MAX_HOPS) return undefined;
    const local = this.consts().get(name);
    if (local) return { file: this, expression: local };
    if (local === null) return undefined;
    const binding = this.bindings().get(name);
    if (!binding || binding.name === '*' || binding.name === 'default') return undefined;
    const other = this.imported(binding.module);
    if (!other) return undefined;
    const exportedAs = other.exported().get(binding.name);
    if (exportedAs !== undefined) {
      const value = other.consts().get(exportedAs);
      if (value) return { file: other, expression: value };
      return value === null ? undefined : other.constValue(exportedAs, hops + 1);
    }
    return undefined;
  }

  /**
   * The string an expression certainly holds: a literal (or a template without substitutions),
   * through parentheses, `as const` and `satisfies`, or a const naming one here or in an imported
   * project file. Its span is the literal's when the literal is in this file.
   */
  stringValue(expression: TS.Expression, hops = 0): FollowedString | undefined {
    const { ts } = this;
    const node = unwrap(ts, expression);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { value: node.text, span: this.spanOf(node) };
    if (ts.isIdentifier(node) && hops <= MAX_HOPS) {
      const found = this.constValue(node.text, hops);
      if (!found) return undefined;
      const value = found.file.stringValue(found.expression, hops + 1);
      return value && { value: value.value, span: found.file === this ? value.span : undefined };
    }
    return undefined;
  }

  /** An object literal an expression certainly is (directly, or through a const as for strings), with the file it is written in. */
  objectValue(expression: TS.Expression, hops = 0): { file: CodeFile; object: TS.ObjectLiteralExpression } | undefined {
    const { ts } = this;
    const node = unwrap(ts, expression);
    if (ts.isObjectLiteralExpression(node)) return { file: this, object: node };
    if (ts.isIdentifier(node) && hops <= MAX_HOPS) {
      const found = this.constValue(node.text, hops);
      return found && found.file.objectValue(found.expression, hops + 1);
    }
    return undefined;
  }

  /**
   * What an expression refers to in a package: `cron.schedule` with `import cron from 'node-cron'`
   * is node-cron's `schedule`; `client.schedules.create` with `const client = new Client()` and
   * `Client` from @upstash/qstash is `Client`, `()`, `schedules`, `create`. A namespace or default
   * import stands for the module itself. Undefined when the chain starts anywhere else.
   */
  reference(expression: TS.Expression, hops = 0): PackageReference | undefined {
    const { ts } = this;
    if (hops > MAX_HOPS) return undefined;
    // The member chain, read from its end without recursion (a chain can be as long as a file).
    const path: string[] = [];
    let node = unwrap(ts, expression);
    for (;;) {
      if (path.length > MAX_PATH) return undefined;
      if (ts.isPropertyAccessExpression(node)) {
        path.unshift(node.name.text);
        node = unwrap(ts, node.expression);
      } else if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
        const module = ts.isCallExpression(node) ? requiredModule(ts, node) : undefined;
        if (module !== undefined) return { module, path };
        path.unshift('()');
        node = unwrap(ts, node.expression);
      } else break;
    }
    const root = this.rootReference(node, hops);
    return root && { module: root.module, path: [...root.path, ...path] };
  }

  /** What the name a member chain starts from refers to: an import, or a const that holds a reference. */
  private rootReference(node: TS.Expression, hops: number): PackageReference | undefined {
    const { ts } = this;
    if (!ts.isIdentifier(node)) return undefined;
    const name = node.text;
    const local = this.consts().get(name);
    if (local) return this.reference(local, hops + 1);
    if (local === null) return undefined;
    const binding = this.bindings().get(name);
    if (!binding) return undefined;
    if (!binding.module.startsWith('.') && !this.imported(binding.module)) return { module: binding.module, path: binding.name === '*' || binding.name === 'default' ? [] : [binding.name] };
    // A project module's export (a client made in lib/qstash.ts): followed to its const.
    const found = this.constValue(name, hops + 1);
    return found && found.file.reference(found.expression, hops + 1);
  }

  /** A property of an object literal by name: the value, `undefined` when absent, 'unknown' when a spread or computed key may hold it. */
  property(object: TS.ObjectLiteralExpression, name: string): TS.Expression | undefined | 'unknown' {
    const { ts } = this;
    let found: TS.Expression | undefined;
    let unknown = false;
    for (const property of object.properties) {
      if (ts.isSpreadAssignment(property)) {
        // A spread before the property is overridden by it; after it, it may override.
        unknown = true;
        found = undefined;
        continue;
      }
      const key = property.name && propertyName(ts, property.name);
      if (key === undefined) {
        if (property.name && ts.isComputedPropertyName(property.name)) unknown = true;
        continue;
      }
      if (key !== name) continue;
      if (ts.isPropertyAssignment(property)) found = property.initializer;
      else if (ts.isShorthandPropertyAssignment(property)) found = property.name;
      else return 'unknown';
      unknown = false;
    }
    return found ?? (unknown ? 'unknown' : undefined);
  }
}

/** The module of `require('x')` (a call of the global `require` with one string). */
function requiredModule(ts: TsApi, expression: TS.Expression): string | undefined {
  const node = unwrap(ts, expression);
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'require' || node.arguments.length !== 1) return undefined;
  const argument = node.arguments[0]!;
  return ts.isStringLiteral(argument) ? argument.text : undefined;
}

function propertyName(ts: TsApi, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** Parentheses, `as`, `satisfies`, `!` and type assertions say nothing of the value. */
export function unwrap(ts: TsApi, expression: TS.Expression): TS.Expression {
  let node = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) node = node.expression;
    else return node;
  }
}

const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '/index.ts', '/index.tsx', '/index.js'];

/** A relative import's file when the context cannot resolve imports itself. */
function relativeTarget(fromFile: string, specifier: string, context: SourceContext): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const parts = fromFile.split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  const base = parts.join('/');
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (context.readFile(candidate) !== undefined) return candidate;
  }
  return undefined;
}
