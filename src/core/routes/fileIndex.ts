import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import { findLocalFunction, localFunctions } from './handlers';

/** How a file imports a name: the module and the export it binds (`default`, a name, or `*`). */
export interface ImportBinding {
  specifier: string;
  /** The exported name, or undefined for `import * as name` (the member called decides). */
  exported: string | undefined;
}

/**
 * The top-level names of a parsed file, indexed once: the auth walk asks "what is this called
 * name?" for every call (Date.now, NextResponse.json…), and scanning the statements each time
 * cost more than the walk.
 */
/** `const { POST, HEAD } = job` at the top of a file: the value a name is taken from, and the member it takes. */
export interface DestructuredBinding {
  value: TS.Expression;
  property: string;
}

export interface FileIndex {
  local(name: string): TS.Node | undefined;
  /** A top-level name bound by an object pattern (`export const { POST } = createJob(…)`). */
  destructured(name: string): DestructuredBinding | undefined;
  imported(name: string): ImportBinding | undefined;
  exported(name: string): TS.Node | undefined;
}

/**
 * Indexes for one analysis: a check walks a route file and the helpers it imports, and asks each
 * file many times. Deliberately not kept across analyses: any cache that outlives a check holds
 * the previous keystroke's syntax tree into the next young-generation collection, and V8 then
 * copies and promotes whole trees (a WeakMap over SourceFiles did exactly that; a property on the
 * SourceFile turns it into a slow dictionary object). Indexing a file costs a pass over its imports.
 */
export function fileIndexes(ts: TsApi): (sourceFile: TS.SourceFile) => FileIndex {
  // The first file asked (the route's own, often the only one) is kept apart: a check makes one
  // of these per route, and a map for a single entry was one allocation of several per route.
  let firstFile: TS.SourceFile | undefined;
  let firstIndex: FileIndex | undefined;
  let others: Map<TS.SourceFile, FileIndex> | undefined;
  return (sourceFile) => {
    if (sourceFile === firstFile) return firstIndex!;
    if (!firstFile) {
      firstFile = sourceFile;
      return (firstIndex = new LazyFileIndex(ts, sourceFile));
    }
    let index = (others ??= new Map()).get(sourceFile);
    if (!index) others.set(sourceFile, (index = new LazyFileIndex(ts, sourceFile)));
    return index;
  };
}

/** One file's index: its imports read when it is made, the rest on first question. */
class LazyFileIndex implements FileIndex {
  private locals: Map<string, TS.Node> | undefined;
  private patterns: Map<string, DestructuredBinding> | undefined;
  private exports: Map<string, TS.Node | undefined> | undefined;
  private readonly imports: Map<string, ImportBinding> | undefined;

  constructor(
    private readonly ts: TsApi,
    private readonly sourceFile: TS.SourceFile,
  ) {
    this.imports = importBindings(ts, sourceFile);
  }

  local(name: string): TS.Node | undefined {
    // Every called name is asked for (Date, console, NextResponse…): one pass finds them all.
    return (this.locals ??= localFunctions(this.ts, this.sourceFile)).get(name);
  }

  destructured(name: string): DestructuredBinding | undefined {
    return (this.patterns ??= destructuredNames(this.ts, this.sourceFile)).get(name);
  }

  imported(name: string): ImportBinding | undefined {
    return this.imports?.get(name);
  }

  exported(name: string): TS.Node | undefined {
    const exports = (this.exports ??= new Map());
    if (!exports.has(name)) exports.set(name, findExported(this.ts, this.sourceFile, name));
    return exports.get(name);
  }
}

/** The names a file's imports bind (the first binding of each), or undefined when it imports nothing by name. */
function importBindings(ts: TsApi, sourceFile: TS.SourceFile): Map<string, ImportBinding> | undefined {
  let imports: Map<string, ImportBinding> | undefined;
  const add = (name: string, binding: ImportBinding) => {
    imports ??= new Map();
    if (!imports.has(name)) imports.set(name, binding);
  };
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (clause.name) add(clause.name.text, { specifier, exported: 'default' });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) add(element.name.text, { specifier, exported: (element.propertyName ?? element.name).text });
    } else if (bindings) {
      add(bindings.name.text, { specifier, exported: undefined });
    }
  }
  return imports;
}

/** The names top-level object patterns bind, each with the value and the member it takes (the first binding of each). */
function destructuredNames(ts: TsApi, sourceFile: TS.SourceFile): Map<string, DestructuredBinding> {
  const found = new Map<string, DestructuredBinding>();
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!declaration.initializer || !ts.isObjectBindingPattern(declaration.name)) continue;
      for (const element of declaration.name.elements) {
        if (element.dotDotDotToken || !ts.isIdentifier(element.name)) continue;
        const key = element.propertyName ?? element.name;
        if (!(ts.isIdentifier(key) || ts.isStringLiteral(key)) || found.has(element.name.text)) continue;
        found.set(element.name.text, { value: declaration.initializer, property: key.text });
      }
    }
  }
  return found;
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
