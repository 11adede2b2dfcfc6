/**
 * Netlify scheduled functions (platform-facts §5; docs.netlify.com, scheduled functions). A
 * function is scheduled by `schedule = "…"` under `[functions."name"]` in netlify.toml, or in its
 * own file, read as Netlify's build reads it (zip-it-and-ship-it's in-source configuration):
 *
 * - the current API (a default export, no `handler` export): `export const config = { schedule }`
 *   (or `export { config }`, `exports.config = …`), whose `schedule` counts only as a string
 *   literal: Netlify ignores a template, a name or a call there, and the function is then not
 *   scheduled, so no job is claimed;
 * - the older API: `export const handler = schedule("…", fn)` with `schedule` imported from
 *   @netlify/functions, whose first argument is a string literal or a const of the same file
 *   holding one (Netlify's build fails on an imported one).
 *
 * A schedule in the file overrides netlify.toml's, so a netlify.toml entry whose function file
 * declares one claims no job. Netlify evaluates every schedule in UTC.
 */
import type * as TS from 'typescript';
import type { Node as JsonNode } from 'jsonc-parser';
import { parseSourceWithinLimits, type TsApi } from '../next/routeExports';
import { parseErrors } from '../vercel/parseErrors';
import { parseTomlTree } from '../vercel/tomlTree';
import type { JobRoute, ScheduledJob } from './model';
import type { JobSourceReader, SourceContext } from './source';

const NETLIFY_TOML = 'netlify.toml';
const DEFAULT_FUNCTIONS_DIRECTORY = 'netlify/functions';
/** The extensions Netlify bundles as JavaScript or TypeScript functions. */
const FUNCTION_EXTENSIONS = ['ts', 'mts', 'cts', 'tsx', 'js', 'mjs', 'cjs'] as const;
const FUNCTION_FILE = /\.(?:ts|mts|cts|tsx|js|mjs|cjs)$/;
const HELPER_MODULE = '@netlify/functions';

// ─── netlify.toml ────────────────────────────────────────────────────────────────────────────

function property(object: JsonNode | undefined, name: string): JsonNode | undefined {
  if (object?.type !== 'object') return undefined;
  return object.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1];
}

function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

/** Where the project's functions live: `[functions] directory`, the older `[build] functions`, or Netlify's default. */
function functionsDirectory(root: JsonNode | undefined): string {
  const configured = stringOf(property(property(root, 'functions'), 'directory')) ?? stringOf(property(property(root, 'build'), 'functions'));
  const normalised = configured?.replace(/^\.\//, '').replace(/\/+$/, '');
  return normalised || DEFAULT_FUNCTIONS_DIRECTORY;
}

function readFunctionsDirectory(context: SourceContext): string {
  const text = context.readFile(NETLIFY_TOML);
  return text === undefined ? DEFAULT_FUNCTIONS_DIRECTORY : functionsDirectory(parseTomlTree(text).root);
}

/** The JavaScript or TypeScript file of a function, as Netlify finds it: `<dir>/<name>.ts`, `<dir>/<name>/<name>.ts` or `<dir>/<name>/index.ts`. */
function functionFile(directory: string, name: string, context: SourceContext): { file: string; text: string } | undefined {
  for (const base of [`${directory}/${name}`, `${directory}/${name}/${name}`, `${directory}/${name}/index`]) {
    for (const extension of FUNCTION_EXTENSIONS) {
      const file = `${base}.${extension}`;
      const text = context.readFile(file);
      if (text !== undefined) return { file, text };
    }
  }
  return undefined;
}

function tomlJobs(file: string, text: string, context: SourceContext): ScheduledJob[] {
  const { root } = parseTomlTree(text);
  const functions = property(root, 'functions');
  if (functions?.type !== 'object') return [];
  const directory = functionsDirectory(root);
  const jobs: ScheduledJob[] = [];
  for (const entry of functions.children ?? []) {
    const name = entry.children?.[0]?.value;
    const settings = entry.children?.[1];
    // A glob name configures every function it matches: which of them it schedules is not read here.
    if (typeof name !== 'string' || !name || /[*?[\]{}]/.test(name) || settings?.type !== 'object') continue;
    const scheduleNode = property(settings, 'schedule');
    const expression = stringOf(scheduleNode);
    if (expression === undefined || !scheduleNode?.parent) continue;
    const found = functionFile(directory, name, context);
    if (found && functionFileJobs(found.file, found.text, context, name).length > 0) continue;
    const route: JobRoute = found
      ? { file: found.file, kind: 'function' }
      : { file: undefined, why: `no JavaScript or TypeScript function named ${name} in ${directory}/` };
    const declaration = scheduleNode.parent;
    jobs.push({
      declared: { file, span: { start: declaration.offset, end: declaration.offset + declaration.length } },
      source: 'netlify',
      name,
      expression,
      expressionSpan: { start: scheduleNode.offset, end: scheduleNode.offset + scheduleNode.length },
      dialect: 'netlify',
      timeZone: 'UTC',
      jitter: undefined,
      target: { kind: 'function', name },
      route,
    });
  }
  return jobs;
}

// ─── A function's own file ───────────────────────────────────────────────────────────────────

/** The function a file is, by where it lies in the functions directory; undefined for a file that is no function's entry. */
function functionNameOf(file: string, directory: string): string | undefined {
  if (!file.startsWith(`${directory}/`)) return undefined;
  const parts = file.slice(directory.length + 1).split('/');
  const [first, second] = parts;
  if (!first) return undefined;
  const stem = (name: string) => name.replace(FUNCTION_FILE, '');
  if (parts.length === 1) return FUNCTION_FILE.test(first) ? stem(first) : undefined;
  if (parts.length === 2 && second && FUNCTION_FILE.test(second) && (stem(second) === first || stem(second) === 'index')) return first;
  return undefined;
}

function unwrap(ts: TsApi, node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** `module.exports.<name> = …` or `exports.<name> = …`: the assigned value. */
function commonJsExport(ts: TsApi, statement: TS.Statement, name: string): TS.Expression | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const assignment = statement.expression;
  if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const target = assignment.left;
  if (!ts.isPropertyAccessExpression(target) || target.name.text !== name) return undefined;
  const object = target.expression;
  const isExports = ts.isIdentifier(object) && object.text === 'exports';
  const isModuleExports = ts.isPropertyAccessExpression(object) && object.name.text === 'exports' && ts.isIdentifier(object.expression) && object.expression.text === 'module';
  return isExports || isModuleExports ? assignment.right : undefined;
}

interface FileFacts {
  /** Top-level `const`/`let`/`var` initialisers by name. */
  bindings: Map<string, TS.Expression>;
  /** The local names `schedule` of @netlify/functions is imported or required as. */
  scheduleHelpers: Set<string>;
  /** Values exported as `config` and as `handler`. */
  config: TS.Expression | undefined;
  handlers: TS.Expression[];
  hasHandlerExport: boolean;
  hasDefaultExport: boolean;
}

function collectFacts(ts: TsApi, source: TS.SourceFile): FileFacts {
  const facts: FileFacts = { bindings: new Map(), scheduleHelpers: new Set(), config: undefined, handlers: [], hasHandlerExport: false, hasDefaultExport: false };
  const exportedNames: { exported: string; local: string }[] = [];
  const exportValue = (name: string, value: TS.Expression | undefined) => {
    if (name === 'config') facts.config = value;
    if (name === 'handler') {
      facts.hasHandlerExport = true;
      if (value) facts.handlers.push(value);
    }
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const bindings = statement.importClause?.namedBindings;
      if (ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === HELPER_MODULE && !statement.importClause?.isTypeOnly && bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (!element.isTypeOnly && (element.propertyName ?? element.name).text === 'schedule') facts.scheduleHelpers.add(element.name.text);
        }
      }
      continue;
    }
    if (ts.isVariableStatement(statement)) {
      const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isObjectBindingPattern(declaration.name) && declaration.initializer && isRequireOf(ts, declaration.initializer, HELPER_MODULE)) {
          for (const element of declaration.name.elements) {
            const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : ts.isIdentifier(element.name) ? element.name.text : undefined;
            if (imported === 'schedule' && ts.isIdentifier(element.name)) facts.scheduleHelpers.add(element.name.text);
          }
          continue;
        }
        if (!ts.isIdentifier(declaration.name)) continue;
        if (declaration.initializer) facts.bindings.set(declaration.name.text, declaration.initializer);
        if (exported) exportValue(declaration.name.text, declaration.initializer);
      }
      continue;
    }
    if (ts.isFunctionDeclaration(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
      facts.hasDefaultExport = true;
      continue;
    }
    if (ts.isClassDeclaration(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
      facts.hasDefaultExport = true;
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      if (!statement.isExportEquals) facts.hasDefaultExport = true;
      continue;
    }
    if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly || statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
      for (const element of statement.exportClause.elements) {
        if (element.isTypeOnly) continue;
        const exported = element.name.text;
        if (exported === 'default') facts.hasDefaultExport = true;
        else exportedNames.push({ exported, local: (element.propertyName ?? element.name).text });
      }
      continue;
    }
    for (const name of ['config', 'handler', 'default']) {
      const value = commonJsExport(ts, statement, name);
      if (value === undefined) continue;
      if (name === 'default') facts.hasDefaultExport = true;
      else exportValue(name, value);
    }
  }
  // `export { config }` names a binding that may be declared after the export clause.
  for (const { exported, local } of exportedNames) exportValue(exported, facts.bindings.get(local));
  return facts;
}

function isRequireOf(ts: TsApi, node: TS.Expression, specifier: string): boolean {
  const call = unwrap(ts, node);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== 'require') return false;
  const [argument] = call.arguments;
  return call.arguments.length === 1 && argument !== undefined && ts.isStringLiteral(argument) && argument.text === specifier;
}

/** The `schedule` Netlify reads from a config object: the last such property, when it is a string literal. */
function configSchedule(ts: TsApi, config: TS.Expression): { literal: TS.StringLiteral; declaration: TS.Node } | undefined {
  let last: TS.PropertyAssignment | undefined;
  if (!ts.isObjectLiteralExpression(config)) return undefined;
  for (const member of config.properties) {
    if (!ts.isPropertyAssignment(member)) continue;
    const key = member.name;
    if ((ts.isIdentifier(key) || ts.isStringLiteral(key)) && key.text === 'schedule') last = member;
  }
  if (!last) return undefined;
  const value = unwrap(ts, last.initializer);
  return ts.isStringLiteral(value) ? { literal: value, declaration: last } : undefined;
}

/** The older helper's expression: `schedule("…", fn)`, its argument a literal or a same-file const holding one. */
function helperSchedule(ts: TsApi, handler: TS.Expression, facts: FileFacts): { literal: TS.StringLiteral; declaration: TS.Node } | undefined {
  const call = unwrap(ts, handler);
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || !facts.scheduleHelpers.has(call.expression.text)) return undefined;
  const [argument] = call.arguments;
  if (!argument) return undefined;
  let value = unwrap(ts, argument);
  if (ts.isIdentifier(value)) {
    const bound = facts.bindings.get(value.text);
    if (!bound) return undefined;
    value = unwrap(ts, bound);
  }
  return ts.isStringLiteral(value) ? { literal: value, declaration: call } : undefined;
}

function functionFileJobs(file: string, text: string, context: SourceContext, name: string): ScheduledJob[] {
  if (!text.includes('schedule')) return [];
  const ts = context.loadTypeScript();
  const source = parseSourceWithinLimits(ts, file, text);
  // Netlify's build reads nothing of a file it cannot parse: the function is not scheduled.
  if (!source || parseErrors(source).length > 0) return [];
  const facts = collectFacts(ts, source);
  const found: { literal: TS.StringLiteral; declaration: TS.Node }[] = [];
  if (!facts.hasHandlerExport && facts.hasDefaultExport) {
    // The current API reads the config object as written: `satisfies` or `as` hide it from Netlify.
    const config = facts.config && unwrap(ts, facts.config);
    const schedule = config && configSchedule(ts, config);
    if (schedule) found.push(schedule);
  } else {
    for (const handler of facts.handlers) {
      const schedule = helperSchedule(ts, handler, facts);
      if (schedule) found.push(schedule);
    }
  }
  return found.map(({ literal, declaration }) => ({
    declared: { file, span: { start: declaration.getStart(source), end: declaration.end } },
    source: 'netlify',
    name,
    expression: literal.text,
    expressionSpan: { start: literal.getStart(source), end: literal.end },
    dialect: 'netlify',
    timeZone: 'UTC',
    jitter: undefined,
    target: { kind: 'function', name },
    route: { file, kind: 'function' },
  }));
}

export const netlifyReader: JobSourceReader = {
  sources: ['netlify'],
  // netlify.toml at the project's root, and script files that name a schedule and lie in the
  // default functions folder or use Netlify's package (a function in a configured folder).
  mayDeclare: (file, text) =>
    text.includes('schedule') &&
    (file === NETLIFY_TOML || (FUNCTION_FILE.test(file) && !file.includes('node_modules/') && (file.startsWith(`${DEFAULT_FUNCTIONS_DIRECTORY}/`) || text.includes(HELPER_MODULE)))),
  read(file, text, context) {
    if (file === NETLIFY_TOML) return tomlJobs(file, text, context);
    const name = functionNameOf(file, readFunctionsDirectory(context));
    return name === undefined ? [] : functionFileJobs(file, text, context, name);
  },
};
