import type * as TS from 'typescript';
import type { TsApi } from '../../next/routeExports';
import { fileIndexes, type FileIndex } from '../../routes/fileIndex';
import { resolveModule } from '../../routes/modules';
import type { ProjectView } from '../../vercel/project';
import { CALLED, CONSTRUCTED } from './packages';

/**
 * Where a value comes from, followed through the code the analysis can read: names to their
 * declarations, imports to the project file that exports them (the same module resolution the
 * auth analysis uses) or to the npm package they bind, members and calls along the way.
 * `Sentry.captureException` is "member captureException of the package @sentry/nextjs" whatever the
 * import calls it; a local `captureException` function is a function of the project.
 */

/** A function (or a module, `fn` undefined) whose names a lookup reads, inside its lexical parent. */
export interface Scope {
  fn: TS.Node | undefined;
  parent: Scope | undefined;
  file: string;
  sourceFile: TS.SourceFile;
  index: FileIndex;
  /** Parameters and declarations of `fn` (not of functions nested in it), read on first lookup. */
  locals?: Map<string, Local>;
  /** At module level: the origins of the names read so far. */
  names?: Map<string, Origin>;
}

type Local =
  | { kind: 'value'; init: TS.Expression | undefined; path: readonly string[] }
  | { kind: 'parameter' }
  | { kind: 'function'; node: TS.FunctionLikeDeclaration }
  | { kind: 'class'; node: TS.ClassLikeDeclaration };

/** Created by a call or `new` on a package binding: its arguments decide some roles (pino's transport, a rate limiter's window). */
export interface Creation {
  node: TS.CallExpression | TS.NewExpression;
  scope: Scope;
}

export type Origin =
  /** A package export, then members, calls (`()`) and constructions (`new`) applied to it. */
  | { kind: 'package'; specifier: string; path: readonly string[]; created: Creation | undefined }
  /** A global (`fetch`, `console`, `Date`) not shadowed by a declaration or import. */
  | { kind: 'global'; name: string; path: readonly string[] }
  /** A function of the project the analysis can read, with the scope it was declared in. */
  | { kind: 'function'; fn: TS.FunctionLikeDeclaration; scope: Scope }
  | { kind: 'object'; node: TS.ObjectLiteralExpression; scope: Scope }
  | { kind: 'class'; node: TS.ClassLikeDeclaration; scope: Scope }
  | { kind: 'instance'; node: TS.ClassLikeDeclaration; scope: Scope }
  /** A project module imported whole (`import * as jobs from '@/lib/jobs'`). */
  | { kind: 'module'; scope: Scope }
  /** A parameter: what it holds depends on the caller. */
  | { kind: 'parameter' }
  /** Data the code made itself (a literal, an error it caught, a computed value). */
  | { kind: 'value' }
  /** Project code the analysis could not read (an import that resolves to nothing readable, a chain too long). */
  | { kind: 'unseen'; why: string };

const VALUE: Origin = { kind: 'value' };
const PARAMETER: Origin = { kind: 'parameter' };

/** Links one resolution may follow (name → declaration → initializer → …): cycles and long chains end here. */
const MAX_CHAIN = 16;

/** Specifiers that name project files: when they resolve to nothing readable, what they hold is unseen, not a package. */
export function isProjectSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('@/') || specifier.startsWith('~/') || specifier.startsWith('#');
}

export function isFunctionLike(ts: TsApi, node: TS.Node): node is TS.FunctionLikeDeclaration {
  const K = ts.SyntaxKind;
  const kind = node.kind;
  return kind === K.ArrowFunction || kind === K.FunctionExpression || kind === K.FunctionDeclaration || kind === K.MethodDeclaration;
}

/** `(x)`, `x!`, `x as T`, `x satisfies T`, `<T>x`, `await x`: the expression that gives the value. */
export function unwrapValue(ts: TsApi, node: TS.Node): TS.Node {
  const K = ts.SyntaxKind;
  let current = node;
  for (;;) {
    const kind = current.kind;
    if (kind === K.ParenthesizedExpression || kind === K.NonNullExpression || kind === K.AsExpression || kind === K.SatisfiesExpression || kind === K.TypeAssertionExpression || kind === K.AwaitExpression) {
      current = (current as TS.ParenthesizedExpression).expression;
    } else return current;
  }
}

/** The text of a property name that is an identifier or a string literal. */
export function propertyName(ts: TsApi, name: TS.Node | undefined): string | undefined {
  if (!name) return undefined;
  const K = ts.SyntaxKind;
  return name.kind === K.Identifier || name.kind === K.StringLiteral || name.kind === K.NoSubstitutionTemplateLiteral || name.kind === K.NumericLiteral ? (name as TS.Identifier).text : undefined;
}

/**
 * One resolver per analysis (a route's check): it keeps the module resolutions and file indexes
 * it has made, and nothing of it outlives the analysis (see "Nothing outlives the tree" in
 * ARCHITECTURE.md). `steps` bounds the whole analysis's resolution work by a count.
 */
export class Resolver {
  readonly ts: TsApi;
  private readonly K: typeof TS.SyntaxKind;
  private readonly fileIndex: (sourceFile: TS.SourceFile) => FileIndex;
  private readonly resolved = new Map<string, string | undefined>();
  private readonly modules = new Map<string, Scope | undefined>();
  private readonly classes = new Map<TS.SourceFile, Map<string, TS.ClassDeclaration>>();
  private readonly callees = new Map<TS.Node, Origin>();
  private steps = 0;

  constructor(
    readonly project: ProjectView,
    private readonly maxSteps: number,
  ) {
    this.ts = project.ts();
    this.K = this.ts.SyntaxKind;
    this.fileIndex = fileIndexes(this.ts);
  }

  /** Whether the step budget ran out: every answer after that is `unseen`. */
  get exhausted(): boolean {
    return this.steps > this.maxSteps;
  }

  /** The module scope of a project file, or undefined when it cannot be read or parsed. */
  moduleScope(file: string): Scope | undefined {
    if (!this.modules.has(file)) {
      const sourceFile = this.project.sourceFile(file);
      this.modules.set(file, sourceFile ? { fn: undefined, parent: undefined, file, sourceFile, index: this.fileIndex(sourceFile) } : undefined);
    }
    return this.modules.get(file);
  }

  /** The scope of a function declared in `parent`. */
  child(parent: Scope, fn: TS.Node): Scope {
    return { fn, parent, file: parent.file, sourceFile: parent.sourceFile, index: parent.index };
  }

  /** Where the value of an expression comes from. */
  originOf(expression: TS.Node, scope: Scope, chain = 0): Origin {
    if (chain > MAX_CHAIN) return { kind: 'unseen', why: 'a chain of names too long to follow' };
    if (++this.steps > this.maxSteps) return { kind: 'unseen', why: 'more code than the analysis reads for one route' };
    const K = this.K;
    const node = unwrapValue(this.ts, expression);
    switch (node.kind) {
      case K.Identifier:
        return this.nameOrigin((node as TS.Identifier).text, scope, chain);
      case K.PropertyAccessExpression: {
        const access = node as TS.PropertyAccessExpression;
        return this.member(this.originOf(access.expression, scope, chain + 1), access.name.text, chain);
      }
      case K.ElementAccessExpression: {
        const access = node as TS.ElementAccessExpression;
        const key = propertyName(this.ts, access.argumentExpression);
        return key === undefined ? VALUE : this.member(this.originOf(access.expression, scope, chain + 1), key, chain);
      }
      case K.CallExpression: {
        const call = node as TS.CallExpression;
        const callee = call.expression;
        if (callee.kind === K.Identifier && (callee as TS.Identifier).text === 'require' && call.arguments.length === 1) {
          const specifier = call.arguments[0]!;
          if ((specifier.kind === K.StringLiteral || specifier.kind === K.NoSubstitutionTemplateLiteral) && !this.isDeclared('require', scope)) {
            return this.importOrigin((specifier as TS.StringLiteral).text, undefined, scope, chain);
          }
        }
        return this.called(this.originOf(callee, scope, chain + 1), call, scope, chain);
      }
      case K.NewExpression: {
        const construction = node as TS.NewExpression;
        const target = this.originOf(construction.expression, scope, chain + 1);
        switch (target.kind) {
          case 'package':
            return { ...target, path: [...target.path, CONSTRUCTED], created: target.created ?? { node: construction, scope } };
          case 'global':
            return { ...target, path: [...target.path, CONSTRUCTED] };
          case 'class':
            return { kind: 'instance', node: target.node, scope: target.scope };
          case 'unseen':
          case 'parameter':
            return target;
          default:
            return VALUE;
        }
      }
      case K.ArrowFunction:
      case K.FunctionExpression:
        return { kind: 'function', fn: node as TS.FunctionLikeDeclaration, scope };
      case K.ObjectLiteralExpression:
        return { kind: 'object', node: node as TS.ObjectLiteralExpression, scope };
      case K.ClassExpression:
        return { kind: 'class', node: node as TS.ClassExpression, scope };
      default:
        return VALUE;
    }
  }

  /** What a call of a value of this origin returns. */
  private called(target: Origin, call: TS.CallExpression, scope: Scope, chain: number): Origin {
    switch (target.kind) {
      case 'package':
        return { ...target, path: [...target.path, CALLED], created: target.created ?? { node: call, scope } };
      case 'global':
        return { ...target, path: [...target.path, CALLED] };
      case 'function':
        return this.returned(target.fn, target.scope, chain);
      case 'parameter':
      case 'unseen':
        return target;
      default:
        return VALUE;
    }
  }

  /** What a function returns: the first returned expression that is more than data (a client, a function). */
  private returned(fn: TS.FunctionLikeDeclaration, lexical: Scope, chain: number): Origin {
    const scope = this.child(lexical, fn);
    const body = fn.body;
    if (!body) return VALUE;
    if (body.kind !== this.K.Block) return this.originOf(body, scope, chain + 1);
    const returns: TS.Expression[] = [];
    this.collectReturns(body, returns);
    for (const value of returns) {
      const origin = this.originOf(value, scope, chain + 1);
      if (origin.kind !== 'value') return origin;
    }
    return VALUE;
  }

  /** Returned expressions of a body, not of functions nested in it (at most four). */
  collectReturns(node: TS.Node, into: TS.Expression[]): void {
    if (into.length >= 4 || isFunctionLike(this.ts, node) || node.kind === this.K.ClassDeclaration) return;
    if (node.kind === this.K.ReturnStatement) {
      const value = (node as TS.ReturnStatement).expression;
      if (value) into.push(value);
      return;
    }
    // Statements only: a return cannot hide in an expression outside a nested function.
    if (node.kind >= this.K.FirstStatement && node.kind <= this.K.LastStatement) this.ts.forEachChild(node, (child) => this.collectReturns(child, into));
    else if (node.kind === this.K.Block || node.kind === this.K.CaseBlock || node.kind === this.K.CaseClause || node.kind === this.K.DefaultClause || node.kind === this.K.CatchClause) {
      this.ts.forEachChild(node, (child) => this.collectReturns(child, into));
    }
  }

  /** The member `name` of a value of this origin. */
  private member(target: Origin, name: string, chain: number): Origin {
    switch (target.kind) {
      case 'package':
      case 'global':
        return { ...target, path: [...target.path, name] };
      case 'object':
        return this.objectMember(target.node, name, target.scope, chain);
      case 'instance':
      case 'class':
        return this.classMember(target.node, name, target.kind === 'class', target.scope, chain);
      case 'module':
        return this.exportOrigin(target.scope, name, chain);
      case 'parameter':
      case 'unseen':
        return target;
      default:
        return VALUE;
    }
  }

  private objectMember(object: TS.ObjectLiteralExpression, name: string, scope: Scope, chain: number): Origin {
    const K = this.K;
    for (const property of object.properties) {
      if (propertyName(this.ts, property.name) !== name) continue;
      if (property.kind === K.PropertyAssignment) return this.originOf((property as TS.PropertyAssignment).initializer, scope, chain + 1);
      if (property.kind === K.ShorthandPropertyAssignment) return this.nameOrigin(name, scope, chain + 1);
      if (property.kind === K.MethodDeclaration) return { kind: 'function', fn: property as TS.MethodDeclaration, scope };
      return VALUE;
    }
    return VALUE;
  }

  private classMember(cls: TS.ClassLikeDeclaration, name: string, statics: boolean, scope: Scope, chain: number): Origin {
    const K = this.K;
    for (const member of cls.members) {
      if (propertyName(this.ts, member.name) !== name) continue;
      const isStatic = (this.ts.canHaveModifiers(member) ? (this.ts.getModifiers(member) ?? []) : []).some((m) => m.kind === K.StaticKeyword);
      if (isStatic !== statics) continue;
      if (member.kind === K.MethodDeclaration) return { kind: 'function', fn: member as TS.MethodDeclaration, scope };
      if (member.kind === K.PropertyDeclaration) {
        const init = (member as TS.PropertyDeclaration).initializer;
        return init ? this.originOf(init, scope, chain + 1) : VALUE;
      }
      return VALUE;
    }
    // Inherited: `class Alerts extends Resend` answers with the package's member.
    const base = cls.heritageClauses?.find((clause) => clause.token === K.ExtendsKeyword)?.types[0]?.expression;
    if (!base) return VALUE;
    const parent = this.originOf(base, scope, chain + 1);
    if (parent.kind === 'package') return { ...parent, path: [...parent.path, ...(statics ? [] : [CONSTRUCTED]), name] };
    if (parent.kind === 'class') return this.classMember(parent.node, name, statics, parent.scope, chain + 1);
    return parent.kind === 'unseen' ? parent : VALUE;
  }

  /** Whether `name` is declared in a function around `scope` (then it is no global and no import). */
  private isDeclared(name: string, scope: Scope): boolean {
    for (let s: Scope | undefined = scope; s && s.fn; s = s.parent) if (this.localsOf(s).has(name)) return true;
    return scope.index.local(name) !== undefined || scope.index.imported(name) !== undefined;
  }

  private nameOrigin(name: string, scope: Scope, chain: number): Origin {
    for (let s: Scope | undefined = scope; s && s.fn; s = s.parent) {
      const local = this.localsOf(s).get(name);
      if (!local) continue;
      switch (local.kind) {
        case 'value': {
          if (!local.init) return VALUE;
          let origin = this.originOf(local.init, s, chain + 1);
          for (const key of local.path) origin = this.member(origin, key, chain + 1);
          return origin;
        }
        case 'parameter':
          return PARAMETER;
        case 'function':
          return { kind: 'function', fn: local.node, scope: s };
        case 'class':
          return { kind: 'class', node: local.node, scope: s };
      }
    }
    // A module-level name means the same wherever in the file it is read: resolved once per analysis.
    const module = this.moduleScopeOf(scope);
    const known = module.names?.get(name);
    if (known) return known;
    const origin = this.moduleNameOrigin(name, module, chain);
    if (origin.kind !== 'unseen') (module.names ??= new Map()).set(name, origin);
    return origin;
  }

  private moduleNameOrigin(name: string, module: Scope, chain: number): Origin {
    const top = module.index.local(name);
    if (top) return isFunctionLike(this.ts, top) ? { kind: 'function', fn: top, scope: module } : this.originOf(top, module, chain + 1);
    const cls = this.classesOf(module.sourceFile).get(name);
    if (cls) return { kind: 'class', node: cls, scope: module };
    const binding = module.index.imported(name);
    if (binding) return this.importOrigin(binding.specifier, binding.exported, module, chain);
    return { kind: 'global', name, path: [] };
  }

  /** The origin of a call's callee, once per call node: both a walk and the tests it runs ask for it. */
  calleeOrigin(call: TS.CallExpression | TS.TaggedTemplateExpression, scope: Scope): Origin {
    let origin = this.callees.get(call);
    if (!origin) {
      origin = this.originOf(call.kind === this.K.CallExpression ? (call as TS.CallExpression).expression : (call as TS.TaggedTemplateExpression).tag, scope);
      this.callees.set(call, origin);
    }
    return origin;
  }

  private moduleScopeOf(scope: Scope): Scope {
    let s = scope;
    while (s.parent) s = s.parent;
    return s;
  }

  /** What an import binds: an export of a project file, a project module, or a package export. */
  private importOrigin(specifier: string, exported: string | undefined, scope: Scope, chain: number): Origin {
    const key = `${scope.file}\0${specifier}`;
    if (!this.resolved.has(key)) this.resolved.set(key, resolveModule(this.project, scope.file, specifier));
    const target = this.resolved.get(key);
    if (target) {
      const module = this.moduleScope(target);
      if (!module) return { kind: 'unseen', why: `${target} could not be read` };
      return exported === undefined ? { kind: 'module', scope: module } : this.exportOrigin(module, exported, chain);
    }
    if (isProjectSpecifier(specifier)) return { kind: 'unseen', why: `'${specifier}' names no file the analysis can read` };
    return { kind: 'package', specifier, path: exported === undefined || exported === 'default' ? [] : [exported], created: undefined };
  }

  private exportOrigin(module: Scope, name: string, chain: number): Origin {
    const node = module.index.exported(name);
    if (node) return isFunctionLike(this.ts, node) ? { kind: 'function', fn: node, scope: module } : this.originOf(node, module, chain + 1);
    const cls = this.classesOf(module.sourceFile).get(name);
    if (cls) return { kind: 'class', node: cls, scope: module };
    return { kind: 'unseen', why: `${module.file} exports ${name} in a way the analysis does not read` };
  }

  private classesOf(sourceFile: TS.SourceFile): Map<string, TS.ClassDeclaration> {
    let found = this.classes.get(sourceFile);
    if (!found) {
      found = new Map();
      for (const statement of sourceFile.statements) {
        if (statement.kind === this.K.ClassDeclaration) {
          const name = (statement as TS.ClassDeclaration).name;
          if (name && !found.has(name.text)) found.set(name.text, statement as TS.ClassDeclaration);
        }
      }
      this.classes.set(sourceFile, found);
    }
    return found;
  }

  /** The parameters and declarations of a scope's function, its nested blocks included, its nested functions not. */
  localsOf(scope: Scope): Map<string, Local> {
    if (scope.locals) return scope.locals;
    const locals = new Map<string, Local>();
    scope.locals = locals;
    const fn = scope.fn;
    if (!fn) return locals;
    const K = this.K;
    const bind = (name: TS.Node, local: (path: readonly string[]) => Local, path: readonly string[]): void => {
      if (name.kind === K.Identifier) {
        const text = (name as TS.Identifier).text;
        if (!locals.has(text)) locals.set(text, local(path));
      } else if (name.kind === K.ObjectBindingPattern) {
        for (const element of (name as TS.ObjectBindingPattern).elements) {
          const key = propertyName(this.ts, element.propertyName ?? element.name);
          bind(element.name, element.dotDotDotToken || key === undefined ? () => VALUE_LOCAL : local, [...path, key ?? '']);
        }
      } else if (name.kind === K.ArrayBindingPattern) {
        for (const element of (name as TS.ArrayBindingPattern).elements) if (element.kind === K.BindingElement) bind(element.name, () => VALUE_LOCAL, path);
      }
    };
    const parameter = (): Local => ({ kind: 'parameter' });
    if (isFunctionLike(this.ts, fn)) for (const p of fn.parameters) bind(p.name, parameter, []);
    const statements = (node: TS.Node): void => {
      switch (node.kind) {
        case K.VariableStatement:
          statements((node as TS.VariableStatement).declarationList);
          return;
        case K.VariableDeclarationList:
          for (const declaration of (node as TS.VariableDeclarationList).declarations) {
            const init = declaration.initializer;
            bind(declaration.name, (path) => ({ kind: 'value', init, path }), []);
          }
          return;
        case K.FunctionDeclaration: {
          const name = (node as TS.FunctionDeclaration).name;
          if (name && !locals.has(name.text)) locals.set(name.text, { kind: 'function', node: node as TS.FunctionDeclaration });
          return;
        }
        case K.ClassDeclaration: {
          const name = (node as TS.ClassDeclaration).name;
          if (name && !locals.has(name.text)) locals.set(name.text, { kind: 'class', node: node as TS.ClassDeclaration });
          return;
        }
        case K.CatchClause: {
          const variable = (node as TS.CatchClause).variableDeclaration;
          if (variable) bind(variable.name, () => VALUE_LOCAL, []);
          statements((node as TS.CatchClause).block);
          return;
        }
        case K.ForOfStatement:
        case K.ForInStatement: {
          const loop = node as TS.ForOfStatement;
          if (loop.initializer.kind === K.VariableDeclarationList) {
            for (const declaration of (loop.initializer as TS.VariableDeclarationList).declarations) bind(declaration.name, () => VALUE_LOCAL, []);
          }
          statements(loop.statement);
          return;
        }
        case K.Block:
        case K.IfStatement:
        case K.TryStatement:
        case K.ForStatement:
        case K.WhileStatement:
        case K.DoStatement:
        case K.LabeledStatement:
        case K.SwitchStatement:
        case K.CaseBlock:
        case K.CaseClause:
        case K.DefaultClause:
          this.ts.forEachChild(node, statements);
          return;
        default:
          return;
      }
    };
    const body = (fn as TS.FunctionLikeDeclaration).body;
    if (body && body.kind === K.Block) statements(body);
    return locals;
  }
}

const VALUE_LOCAL: Local = { kind: 'value', init: undefined, path: [] };
