import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { ProjectView } from '../vercel/project';
import { unwrap } from './authSyntax';
import { MAX_HOPS, REQUIRE_ENV, SECRETISH_IMPORT } from './authVocabulary';
import { fileIndexes, type DestructuredBinding, type FileIndex } from './fileIndex';
import { schemaRequiresSecret } from './envSchema';
import { resolveModule } from './modules';

/** One function the walk reads: the handler, a helper it calls, or module-scope code of a file. */
export interface Unit {
  node: TS.Node;
  sourceFile: TS.SourceFile;
  index: FileIndex;
  file: string;
  /** Calls away from the handler (0: the handler itself). */
  depth: number;
  /**
   * Calls counted against MAX_HOPS: the depth, less the forward from the handler to another
   * handler of its file (`return POST(request)`), which is one handler under two names.
   */
  hops: number;
  /**
   * Its result or throw can decide the response: it was called in a guard's condition, as a
   * statement handed the request, as a wrapper, or its result feeds a guard. Calls it cannot
   * follow count as possible checks only then; a helper doing the job's work decides nothing.
   */
  decides: boolean;
  /**
   * It decides only through a value taken from its result that a condition tests without
   * refusing (`const db = client(); const { error } = await db.from(…); if (error) return 400`):
   * what it returns is a value there, not a verdict, so the call it returns counts as a check
   * only when it could be one (named like a check, handed the request or the header), as a
   * package's call would in the same place.
   */
  decidesAsValue: boolean;
  /** A constant's initializer or a module-level guard: runs at import, not per request. */
  moduleScope: boolean;
  /** The arguments it was called with: the parameters past them take their default values. */
  args: readonly TS.Expression[] | undefined;
  /** The handler-file node it is reached through (the handler's call of the helper chain). */
  origin: TS.Node | undefined;
  /** Its first parameter's name: the request, in the handler and the helpers handed it. */
  requestName: string | undefined;
  /** The handler refuses when it returns false (`if (!isAllowed(request)) return 403`): true lets the request in. */
  passesWhenTrue?: boolean;
  /** What its parameters receive from the call that reached it (the header, the secret, its name), by parameter name. */
  bound?: Map<string, number>;
}

/** The top-level constants of a file, read lazily by the walk. */
export interface ModuleScope {
  /** `const NAME = …` (not functions): the declaration that binds each name. */
  vars: Map<string, TS.VariableDeclaration>;
  /** Exported name → local name, for constants other files import. */
  exports: Map<string, string>;
  /** Declarations already walked (made at the first). */
  done: Set<TS.VariableDeclaration> | undefined;
  /** `if (!process.env.CRON_SECRET) throw …` and `invariant(…)` at the top level: run at import. */
  guards: TS.Statement[];
  /** Whether the walk has read the guards yet. */
  guardsWalked: boolean;
}

/**
 * What following a called name found. 'unreadable': the handler answers with another handler of
 * its file that a call builds (`export const POST = handle(app)`, `const { POST } = createJob(…)`)
 * and that call cannot be read: the handler's answer is code the analysis cannot see.
 */
export type Followed = Unit | 'too-deep' | 'unresolved' | 'unreadable' | undefined;

/** How the walk asks about what the follower hands it (the walker implements it). */
export interface Walker {
  /** Flags of an argument bound to a parameter. */
  argumentBits(argument: TS.Expression): number;
  alias(name: string, bits: number): void;
}

function isFunctionLike(ts: TsApi, node: TS.Node): boolean {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
}

/** The methods a route file exports as handlers: a call of one from the handler forwards the request. */
const HANDLER_NAME = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;

/** How many top-level statements of a factory are read for the object it returns. */
const MAX_FACTORY_STATEMENTS = 64;

/** A function found for a called name, in its file. */
interface Located {
  node: TS.Node;
  sourceFile: TS.SourceFile;
  file: string;
}

function firstParameterName(ts: TsApi, node: TS.Node): string | undefined {
  if (!isFunctionLike(ts, node)) return undefined;
  const first = (node as TS.FunctionLikeDeclaration).parameters[0];
  return first && ts.isIdentifier(first.name) ? first.name.text : undefined;
}

/**
 * Follows calls from the handler into the project's files (local helpers, relative and aliased
 * imports, a few hops), and reads module-scope constants where the walk meets their names.
 */
export class Follower {
  readonly units: Unit[] = [];
  /**
   * The units by function, besides the handler (units[0]): made at the first followed call. This
   * map, the resolutions' and the scopes' are made on first use, and the handler file's scope is
   * kept apart: a check makes a follower for every route, and most follow nothing.
   */
  private seen: Map<TS.Node, Unit> | undefined;
  private readonly fileIndex: (sourceFile: TS.SourceFile) => FileIndex;
  /**
   * Per specifier, the handler file's imports resolved (every `NextResponse.json(…)` asks again);
   * other files' per file, then specifier.
   */
  private resolvedHere: Map<string, string | undefined> | undefined;
  private resolvedElsewhere: Map<string, Map<string, string | undefined>> | undefined;
  private firstScope: ModuleScope | undefined;
  private firstScopeFile: TS.SourceFile | undefined;
  private scopes: Map<TS.SourceFile, ModuleScope> | undefined;
  /** Whether an env module's schema requires CRON_SECRET in production, by file. */
  private envSchemas: Map<string, boolean> | undefined;

  constructor(
    private readonly ts: TsApi,
    private readonly project: ProjectView,
    private readonly walker: Walker,
  ) {
    this.fileIndex = fileIndexes(ts);
  }

  /** The handler: the first unit. */
  start(fn: TS.Node, sourceFile: TS.SourceFile, file: string): Unit {
    const unit: Unit = {
      node: fn,
      sourceFile,
      index: this.fileIndex(sourceFile),
      file,
      depth: 0,
      hops: 0,
      decides: true,
      decidesAsValue: false,
      moduleScope: false,
      args: undefined,
      origin: undefined,
      requestName: firstParameterName(this.ts, fn),
    };
    this.units.push(unit);
    return unit;
  }

  /** A pseudo-unit for module-scope code of `sourceFile`, reached from `from`. */
  moduleUnit(node: TS.Node, sourceFile: TS.SourceFile, file: string, from: Unit): Unit {
    return { node, sourceFile, index: this.fileIndex(sourceFile), file, depth: from.depth, hops: from.hops, decides: false, decidesAsValue: false, moduleScope: true, args: undefined, origin: undefined, requestName: undefined };
  }

  private enqueue(node: TS.Node | undefined, sourceFile: TS.SourceFile, file: string, from: Unit, args: readonly TS.Expression[], decides: boolean, call: TS.Node, free = false): Followed {
    if (!node) return undefined;
    const handler = this.units[0];
    const existing = handler?.node === node ? handler : this.seen?.get(node);
    if (existing) {
      // Called again from where a check stands: what it cannot follow may be a check after all.
      if (decides) {
        existing.decides = true;
        existing.decidesAsValue = false;
      }
      return existing;
    }
    const depth = from.depth + 1;
    const hops = from.hops + (free ? 0 : 1);
    if (hops > MAX_HOPS) return 'too-deep';
    const unit: Unit = {
      node,
      sourceFile,
      index: this.fileIndex(sourceFile),
      file,
      depth,
      hops,
      decides,
      decidesAsValue: false,
      moduleScope: false,
      args,
      origin: from.depth === 0 && !from.moduleScope ? call : from.origin,
      requestName: firstParameterName(this.ts, node),
    };
    (this.seen ??= new Map()).set(node, unit);
    unit.bound = this.bindArguments(node, args);
    this.units.push(unit);
    return unit;
  }

  /** Parameters that receive the header or the secret (or its name) are read as them inside the callee. */
  private bindArguments(fn: TS.Node, args: readonly TS.Expression[]): Map<string, number> | undefined {
    const ts = this.ts;
    if (!isFunctionLike(ts, fn)) return undefined;
    const bound = new Map<string, number>();
    (fn as TS.FunctionLikeDeclaration).parameters.forEach((parameter, index) => {
      const arg = args[index];
      if (!arg || !ts.isIdentifier(parameter.name)) return;
      const bits = this.walker.argumentBits(arg);
      if (bits) bound.set(parameter.name.text, bits);
    });
    return bound;
  }

  resolve(unit: Unit, specifier: string): string | undefined {
    let byFile: Map<string, string | undefined>;
    if (unit.file === this.units[0]?.file) byFile = this.resolvedHere ??= new Map();
    else {
      const elsewhere = (this.resolvedElsewhere ??= new Map());
      let found = elsewhere.get(unit.file);
      if (!found) elsewhere.set(unit.file, (found = new Map()));
      byFile = found;
    }
    if (!byFile.has(specifier)) byFile.set(specifier, resolveModule(this.project, unit.file, specifier));
    return byFile.get(specifier);
  }

  /**
   * Follows a called name to its function: same file, then imports. A unit when it was followed
   * (or had been), 'too-deep' past MAX_HOPS, 'unresolved' for an import that cannot be read
   * through (a package, a barrel's export *), undefined for a name that is no import or local.
   */
  follow(name: string, unit: Unit, member: string | undefined, args: readonly TS.Expression[], decides: boolean, call: TS.Node): Followed {
    // The handler answering with another handler of its file (`return POST(request)`) costs no hop,
    // nor does the factory that builds a called value (`const run = createJob(…)`: its code is run's).
    const forward = unit.depth === 0 && !unit.moduleScope && member === undefined && HANDLER_NAME.test(name);
    const free = forward || unit.node === call;
    const local = member === undefined ? unit.index.local(name) : undefined;
    const pattern = member === undefined && !local ? unit.index.destructured(name) : undefined;
    if (pattern) {
      const followed = this.followReturnedMember(pattern, unit, args, decides, call, free);
      return forward && followed === 'unresolved' ? 'unreadable' : followed;
    }
    // `export const POST = createJob(options, run)`: the unit is the call, walked into the factory.
    if (forward && local && this.ts.isCallExpression(local) && !this.readableFactory(local, unit)) return 'unreadable';
    const located = this.locate(name, unit, member);
    if (typeof located !== 'object') return located;
    return this.enqueue(located.node, located.sourceFile, located.file, unit, args, decides, call, free);
  }

  /** A call of a function of the project (same file or imported), which the walk can enter. */
  private readableFactory(call: TS.CallExpression, unit: Unit): boolean {
    return this.ts.isIdentifier(call.expression) && typeof this.locate(call.expression.text, unit, undefined) === 'object';
  }

  /** The function a called name stands for: same file, then imports, without following it. */
  private locate(name: string, unit: Unit, member: string | undefined): Located | 'unresolved' | undefined {
    const local = unit.index.local(name);
    if (local) return { node: local, sourceFile: unit.sourceFile, file: unit.file };
    const binding = unit.index.imported(name);
    if (!binding) return undefined;
    const exported = binding.exported ?? member;
    if (!exported) return 'unresolved';
    const target = this.resolve(unit, binding.specifier);
    const targetFile = target ? this.project.sourceFile(target) : undefined;
    const fn = target && targetFile ? this.fileIndex(targetFile).exported(exported) : undefined;
    if (!target || !targetFile || !fn) return 'unresolved';
    return { node: fn, sourceFile: targetFile, file: target };
  }

  /**
   * `export const { POST } = createJob('name', run)` (or `const job = createJob(…)` first): the
   * member of the object the project's factory returns is the function called. 'unresolved' when
   * the factory cannot be read or returns no such member where it can be seen.
   */
  private followReturnedMember(pattern: DestructuredBinding, unit: Unit, args: readonly TS.Expression[], decides: boolean, call: TS.Node, free: boolean): Followed {
    const ts = this.ts;
    let value: TS.Node | undefined = unwrap(ts, pattern.value);
    if (ts.isIdentifier(value)) value = unit.index.local(value.text);
    if (value && value.kind === ts.SyntaxKind.AwaitExpression) value = unwrap(ts, (value as TS.AwaitExpression).expression);
    if (!value || !ts.isCallExpression(value) || !ts.isIdentifier(value.expression)) return 'unresolved';
    const factory = this.locate(value.expression.text, unit, undefined);
    if (typeof factory !== 'object') return 'unresolved';
    const fn = returnedMember(ts, factory.node, pattern.property);
    if (!fn) return 'unresolved';
    // The member reads the factory's parameters: they hold what the route passed it.
    this.bindArguments(factory.node, value.arguments);
    return this.enqueue(fn, factory.sourceFile, factory.file, unit, args, decides, call, free);
  }

  /** `name` is bound by destructuring a value (`export const { POST } = createJob(…)`): what a failed follow of it means differs. */
  isDestructured(name: string, unit: Unit): boolean {
    return !unit.index.local(name) && unit.index.destructured(name) !== undefined;
  }

  /** `name` is imported from the project (relative or aliased), not from a package. */
  isProjectImport(name: string, unit: Unit): boolean {
    const specifier = unit.index.imported(name)?.specifier;
    return !!specifier && (specifier.startsWith('.') || specifier.startsWith('@/') || specifier.startsWith('~/') || this.resolve(unit, specifier) !== undefined);
  }

  /** `env` imported from a module whose schema requires CRON_SECRET in production (envSchema.ts), TS or JS. */
  validatedEnvModule(name: string, unit: Unit): boolean {
    const binding = unit.index.imported(name);
    if (!binding) return false;
    if (/^@t3-oss\/env/.test(binding.specifier)) return true;
    const target = this.resolve(unit, binding.specifier);
    if (!target) return false;
    let known = this.envSchemas?.get(target);
    if (known === undefined) {
      const sourceFile = this.project.sourceFile(target);
      (this.envSchemas ??= new Map()).set(target, (known = !!sourceFile && schemaRequiresSecret(this.ts, sourceFile)));
    }
    return known;
  }

  /** The file's top-level constants, exports and import-time guards, indexed once per analysis. */
  scopeOf(sourceFile: TS.SourceFile): ModuleScope {
    const known = sourceFile === this.firstScopeFile ? this.firstScope : this.scopes?.get(sourceFile);
    if (known) return known;
    const ts = this.ts;
    const K = ts.SyntaxKind;
    const scope: ModuleScope = { vars: new Map(), exports: new Map(), done: undefined, guards: [], guardsWalked: false };
    for (const statement of sourceFile.statements) {
      if (statement.kind === K.VariableStatement) {
        const variables = statement as TS.VariableStatement;
        const exported = (ts.getModifiers(variables) ?? []).some((m) => m.kind === K.ExportKeyword);
        for (const declaration of variables.declarationList.declarations) {
          const init = declaration.initializer;
          if (!init || isFunctionLike(ts, init) || init.kind === K.ClassExpression) continue;
          const names = ts.isIdentifier(declaration.name)
            ? [declaration.name.text]
            : ts.isObjectBindingPattern(declaration.name)
              ? declaration.name.elements.flatMap((e) => (ts.isIdentifier(e.name) ? [e.name.text] : []))
              : [];
          for (const name of names) {
            if (!scope.vars.has(name)) scope.vars.set(name, declaration);
            if (exported) scope.exports.set(name, name);
          }
        }
      } else if (statement.kind === K.ExportDeclaration) {
        const clause = (statement as TS.ExportDeclaration).exportClause;
        if (!(statement as TS.ExportDeclaration).moduleSpecifier && clause && ts.isNamedExports(clause)) {
          for (const element of clause.elements) scope.exports.set(element.name.text, (element.propertyName ?? element.name).text);
        }
      } else if (statement.kind === K.IfStatement) {
        // A module that throws at import when the secret is missing never serves a request without it.
        if ((statement as TS.IfStatement).thenStatement.getText(sourceFile).includes('throw')) scope.guards.push(statement);
      } else if (statement.kind === K.ExpressionStatement) {
        const expression = (statement as TS.ExpressionStatement).expression;
        if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) && REQUIRE_ENV.test(expression.expression.text)) scope.guards.push(statement);
      }
    }
    if (!this.firstScopeFile) {
      this.firstScopeFile = sourceFile;
      this.firstScope = scope;
    } else (this.scopes ??= new Map()).set(sourceFile, scope);
    return scope;
  }

  /**
   * The module an imported constant comes from: `import { CRON_SECRET } from '@/lib/config'`.
   * Only names that may hold the secret or its name are looked up (SECRETISH_IMPORT), so a
   * route's `db` or `logger` costs no parse of their modules.
   */
  importedModule(name: string, unit: Unit): { exported: string; sourceFile: TS.SourceFile; file: string } | undefined {
    const binding = unit.index.imported(name);
    if (!binding?.exported || binding.exported === 'default' || !SECRETISH_IMPORT.test(binding.exported)) return undefined;
    const target = this.resolve(unit, binding.specifier);
    const sourceFile = target ? this.project.sourceFile(target) : undefined;
    return target && sourceFile ? { exported: binding.exported, sourceFile, file: target } : undefined;
  }
}

/**
 * The function a factory's returned object holds under `property`: `return { POST(request) {…} }`,
 * `return { POST: handler }` or `{ POST }` with `handler`/`POST` a function of the factory's body.
 * Only the factory's own top-level statements are read.
 */
// Kind tests by SyntaxKind where typeScriptView's hot list lacks the guard: this runs on few calls.
function returnedMember(ts: TsApi, factory: TS.Node, property: string): TS.Node | undefined {
  if (!isFunctionLike(ts, factory)) return undefined;
  const body = (factory as TS.FunctionLikeDeclaration).body;
  if (!body) return undefined;
  let returned: TS.Node | undefined;
  const statements = ts.isBlock(body) ? body.statements.slice(0, MAX_FACTORY_STATEMENTS) : [];
  if (!ts.isBlock(body)) returned = unwrap(ts, body);
  else for (const statement of statements) if (statement.kind === ts.SyntaxKind.ReturnStatement && (statement as TS.ReturnStatement).expression) returned = unwrap(ts, (statement as TS.ReturnStatement).expression!);
  if (!returned || !ts.isObjectLiteralExpression(returned)) return undefined;
  const inner = (name: string): TS.Node | undefined => {
    for (const statement of statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) return statement;
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrap(ts, declaration.initializer);
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name && init && isFunctionLike(ts, init)) return init;
      }
    }
    return undefined;
  };
  for (const member of returned.properties) {
    const name = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined;
    if (name !== property) continue;
    if (ts.isMethodDeclaration(member)) return member.body ? member : undefined;
    if (ts.isShorthandPropertyAssignment(member)) return inner(member.name.text);
    if (ts.isPropertyAssignment(member)) {
      const value = unwrap(ts, member.initializer);
      if (isFunctionLike(ts, value)) return value;
      return ts.isIdentifier(value) ? inner(value.text) : undefined;
    }
    return undefined;
  }
  return undefined;
}
