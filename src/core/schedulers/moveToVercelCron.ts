/**
 * "Move this schedule to vercel.json": an in-process job (node-cron, node-schedule, croner) whose
 * work is a function of the app becomes a Vercel Cron Job. The fix adds the crons entry (a
 * Schedules entry with `timezone` when the job names a zone other than UTC), creates the route it
 * calls, whose GET checks CRON_SECRET fail-closed and then calls the function, and removes the
 * scheduling statement. Offered only when the move keeps what the job does: the handler takes no
 * arguments (Vercel passes none) and closes over nothing but the module's own bindings.
 */
import type * as TS from 'typescript';
import { explainCron } from '../cron/engine';
import type { Fix } from '../diagnostics';
import { applyStyle, guardedGetHandler } from '../next/guardTemplate';
import { parseSourceWithinLimits } from '../next/routeExports';
import { importSpecifier, resolveModule } from '../routes/modules';
import type { TextEdit } from '../types';
import { appendArrayEntry, differingEdit, SCHEDULE_NAME } from '../vercel/migrateToSchedules';
import { parseVercelJson } from '../vercel/model';
import type { ProjectView } from '../vercel/project';
import { newRouteFile } from '../vercel/projectRoutes';
import type { VercelDeployment } from './deployment';
import type { ScheduledJob } from './model';

export const MOVE_TO_VERCEL_TITLE = 'Move this schedule to vercel.json';

/** How many route names are tried when the first is taken (`digest`, `digest-2`…). */
const MAX_NAME_TRIES = 20;
/** App Router files whose exports Next.js checks by name. */
const APP_ROUTER_FILE = /^(src\/)?app\/(.*\/)?(route|page|layout|template|default|loading|error|not-found|global-error)\.[cm]?[jt]sx?$/;
const UTC_ZONES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Universal', 'Zulu', 'Etc/Zulu']);

export interface MoveInput {
  project: ProjectView;
  file: string;
  text: string;
  source: TS.SourceFile;
  job: ScheduledJob;
  call: TS.CallExpression | TS.NewExpression;
  /** The call stands at the module's top level: an inline callback there closes over module bindings only. */
  inModuleScope: boolean;
  deployment: VercelDeployment;
  ts: typeof TS;
}

export function moveScheduleToVercelFix(input: MoveInput): Fix | undefined {
  const { project, text, source, job, ts } = input;
  if (job.target.kind !== 'handler' || !acceptedByVercelCron(job.expression)) return undefined;
  const statement = statementOf(ts, source, input.call);
  if (!statement) return undefined;
  const handlerStart = job.target.span.start;
  const handler = input.call.arguments?.find((argument) => argument.getStart(source) === handlerStart);
  if (!handler) return undefined;
  const moved = movedFunction(input, handler, statement);
  // Next.js refuses exports it does not know from a page, layout or route: the function would have to move out first.
  if (!moved || APP_ROUTER_FILE.test(moved.from)) return undefined;
  const slug = freeRouteName(project, kebab(job.name ?? moved.name));
  if (!slug) return undefined;
  const cronPath = `${project.config.basePath}/api/cron/${slug}`;
  const route = newRouteFile(project, `/api/cron/${slug}`);
  if (!route) return undefined;
  const config = configChange(input, { name: slug, path: cronPath });
  if (!config) return undefined;
  const style = project.style;
  const imports = applyStyle([`import { timingSafeEqual } from 'node:crypto';`, `import { ${moved.name} } from '${importSpecifier(project, route.file, moved.from)}';`, ``, ``].join('\n'), style);
  const body = [`await ${moved.name}();`, `return Response.json({ ok: true, job: '${slug}', ranAt: new Date().toISOString() });`].join('\n');
  const content = `${imports}${guardedGetHandler(style, body)}\n`;
  return {
    title: MOVE_TO_VERCEL_TITLE,
    edits: [...moved.edits, ...(moved.replacesStatement ? [] : [removal(text, source, statement)]), ...unusedImportRemovals(ts, source, text, [input.call.expression, handler], statement)].sort((a, b) => a.offset - b.offset),
    createFiles: [{ file: route.file, content }, ...config.createFiles],
    fileEdits: config.fileEdits,
    safe: false,
  };
}

/** Five fields Vercel Cron reads as written: no seconds, names, macros or anything its validator refuses. */
function acceptedByVercelCron(expression: string): boolean {
  if (expression.trim().split(/\s+/).length !== 5) return false;
  const explained = explainCron(expression, { dialect: 'vercel', from: new Date(0), runs: 0, describe: false });
  return explained.valid && !explained.problems.some((problem) => problem.severity === 'error' || problem.severity === 'warning');
}

/** The statement that is the scheduling call and nothing more (`cron.schedule(…);`, `void …`, `await …`); undefined when its value is kept. */
function statementOf(ts: typeof TS, source: TS.SourceFile, call: TS.Node): TS.ExpressionStatement | undefined {
  const stack: TS.Node[] = [source];
  while (stack.length) {
    const node = stack.pop()!;
    if (ts.isExpressionStatement(node)) {
      let expression: TS.Expression = node.expression;
      while (ts.isVoidExpression(expression) || ts.isAwaitExpression(expression) || ts.isParenthesizedExpression(expression)) expression = expression.expression;
      if (expression === call) return node;
    }
    if (node.pos <= call.pos && call.end <= node.end) ts.forEachChild(node, (child) => void stack.push(child));
  }
  return undefined;
}

interface MovedFunction {
  name: string;
  /** The module the route imports it from (the job's file, or the module the job's file imports it from). */
  from: string;
  /** Edits to the job's file beside removing the statement: an `export`, or the callback written as an exported function. */
  edits: TextEdit[];
  /** The edits write the function where the scheduling statement stood. */
  replacesStatement: boolean;
}

/** The function the route will call: a top-level function of the file, exported if it is not, or the inline callback made one. */
function movedFunction(input: MoveInput, handler: TS.Expression, statement: TS.Statement): MovedFunction | undefined {
  const { ts, source, text } = input;
  if (ts.isIdentifier(handler)) {
    const imported = importedBinding(ts, source, handler.text);
    if (imported) {
      const module = resolveModule(input.project, input.file, imported.specifier);
      const moduleText = module === undefined ? undefined : input.project.readFile(module);
      const moduleSource = module === undefined || moduleText === undefined ? undefined : parseSourceWithinLimits(ts, module, moduleText);
      const declared = moduleSource && topLevelFunction(ts, moduleSource, imported.name);
      if (!module || !declared?.exported || declared.parameters > 0) return undefined;
      return { name: imported.name, from: module, edits: [], replacesStatement: false };
    }
    const declared = topLevelFunction(ts, source, handler.text);
    if (!declared || declared.parameters > 0) return undefined;
    const edits = declared.exported ? [] : [{ offset: declared.statement.getStart(source), length: 0, content: 'export ' }];
    return { name: handler.text, from: input.file, edits, replacesStatement: false };
  }
  if (!(ts.isArrowFunction(handler) || ts.isFunctionExpression(handler)) || handler.parameters.length > 0 || !input.inModuleScope) return undefined;
  // `this` and `arguments` mean what the scheduler made them; a function of the module would not.
  const callback = text.slice(handler.getStart(source), handler.end);
  if (/\b(?:this|arguments)\b/.test(callback)) return undefined;
  const name = freeIdentifier(text, camel(input.job.name ?? 'scheduledJob'));
  const semicolon = input.project.style.semicolons ? ';' : '';
  const start = statement.getStart(source);
  return { name, from: input.file, edits: [{ offset: start, length: statement.end - start, content: `export const ${name} = ${callback}${semicolon}` }], replacesStatement: true };
}

/** What a name is bound to by `import { name } from '…'` (or `{ original as name }`): the module and the exported name. */
function importedBinding(ts: typeof TS, source: TS.SourceFile, local: string): { specifier: string; name: string } | undefined {
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.importClause?.isTypeOnly) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      if (element.name.text === local && !element.isTypeOnly) return { specifier: statement.moduleSpecifier.text, name: (element.propertyName ?? element.name).text };
    }
  }
  return undefined;
}

/** A function declaration or `const f = () => …` at the file's top level. */
function topLevelFunction(ts: typeof TS, source: TS.SourceFile, name: string): { statement: TS.Statement; parameters: number; exported: boolean } | undefined {
  const exported = (statement: TS.Statement) => (ts.getModifiers(statement as TS.HasModifiers) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) return { statement, parameters: statement.parameters.length, exported: exported(statement) };
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name) continue;
      const value = declaration.initializer;
      // One declaration per statement: `export` would export its neighbours too.
      if (!value || !(ts.isArrowFunction(value) || ts.isFunctionExpression(value)) || statement.declarationList.declarations.length !== 1) return undefined;
      return { statement, parameters: value.parameters.length, exported: exported(statement) };
    }
  }
  return undefined;
}

/** The statement's text gone, with its line when it stood alone on it. */
function removal(text: string, source: TS.SourceFile, statement: TS.Statement): TextEdit {
  let start = statement.getStart(source);
  let end = statement.end;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const after = /^[ \t]*(\r?\n|$)/.exec(text.slice(end));
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && after) {
    start = lineStart;
    end += after[0].length;
  }
  return { offset: start, length: end - start, content: '' };
}

/**
 * The imports of the scheduler and of the handler, when the statement moved was their only use
 * (`import cron from 'node-cron'` with no other `cron` in the file): left behind, they would fail
 * noUnusedLocals and lint. A name that appears anywhere else, even in a comment, keeps its import.
 */
function unusedImportRemovals(ts: typeof TS, source: TS.SourceFile, text: string, used: readonly TS.Expression[], statement: TS.Statement): TextEdit[] {
  const removals = used
    .flatMap((expression) => {
      let root = expression;
      while (ts.isPropertyAccessExpression(root)) root = root.expression;
      return ts.isIdentifier(root) ? unusedImportRemoval(ts, source, text, root.text, statement) : [];
    })
    .sort((a, b) => a.offset - b.offset);
  // Imports on consecutive lines go as one edit, so the blank line below them is judged once.
  const merged: TextEdit[] = [];
  for (const removal of removals) {
    const last = merged[merged.length - 1];
    if (last && last.offset + last.length === removal.offset) last.length += removal.length;
    else if (!last || last.offset + last.length < removal.offset) merged.push({ ...removal });
  }
  for (const removed of merged) {
    // At the top of the file or after a blank line, the blank line that followed the imports goes too.
    const blankAfter = /^[ \t]*\r?\n/.exec(text.slice(removed.offset + removed.length));
    if (blankAfter && (removed.offset === 0 || /\n[ \t]*\r?\n$/.test(text.slice(0, removed.offset)))) removed.length += blankAfter[0].length;
  }
  return merged;
}

/** The import declaring `name` and nothing else, when nothing but `statement` uses it. */
function unusedImportRemoval(ts: typeof TS, source: TS.SourceFile, text: string, name: string, statement: TS.Statement): TextEdit[] {
  for (const declaration of source.statements) {
    if (!ts.isImportDeclaration(declaration) || !declaration.importClause) continue;
    const clause = declaration.importClause;
    const bindings = clause.namedBindings;
    const names = [...(clause.name ? [clause.name.text] : []), ...(bindings ? (ts.isNamespaceImport(bindings) ? [bindings.name.text] : bindings.elements.map((e) => e.name.text)) : [])];
    if (names.length !== 1 || names[0] !== name) continue;
    const start = declaration.getStart(source);
    const elsewhere = text.slice(0, start) + text.slice(declaration.end, statement.getStart(source)) + text.slice(statement.end);
    if (new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(elsewhere)) return [];
    return [removal(text, source, declaration)];
  }
  return [];
}

/** The crons entry, or for a zone other than UTC a Schedules entry, in vercel.json (created when the app is only linked). */
function configChange(input: MoveInput, target: { name: string; path: string }): Pick<Fix, 'fileEdits'> & { createFiles: { file: string; content: string }[] } | undefined {
  const { job, deployment, project } = input;
  const utc = job.timeZone === null || UTC_ZONES.has(job.timeZone);
  if (!utc && !SCHEDULE_NAME.test(target.name)) return undefined;
  const entry = utc ? { path: target.path, schedule: job.expression } : { name: target.name, schedule: job.expression, timezone: job.timeZone, path: target.path, requestMethod: 'GET' };
  const key = utc ? 'crons' : 'schedules';
  if (deployment.via === 'linked') return { createFiles: [{ file: 'vercel.json', content: `${JSON.stringify({ [key]: [entry] }, null, 2)}\n` }] };
  // vercel.toml and vercel.ts keep their own syntax: this fix writes JSON only.
  if (deployment.file !== 'vercel.json') return undefined;
  const text = project.readFile('vercel.json');
  if (text === undefined) return undefined;
  const doc = parseVercelJson(text);
  if (doc.strict.errors.length || doc.root?.type !== 'object') return undefined;
  const existing = doc.root.children?.find((property) => property.children?.[0]?.value === key)?.children?.[1];
  if (existing && existing.type !== 'array') return undefined;
  const after = appendArrayEntry(text, key, entry);
  return { createFiles: [], fileEdits: [{ file: 'vercel.json', edits: [differingEdit(text, after)] }] };
}

/** A route name no file serves yet: `name`, `name-2`… */
function freeRouteName(project: ProjectView, name: string): string | undefined {
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const candidate = n === 1 ? name : `${name}-${n}`;
    const route = newRouteFile(project, `/api/cron/${candidate}`);
    if (route && !project.has(route.file) && !project.matchRoute(`/api/cron/${candidate}`)) return candidate;
  }
  return undefined;
}

function kebab(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return words || 'scheduled-job';
}

function camel(name: string): string {
  const words = kebab(name).split('-');
  const joined = words.map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join('');
  return /^[a-z]/.test(joined) ? joined : `job${joined.charAt(0).toUpperCase()}${joined.slice(1)}`;
}

/** `name`, or `name2`, `name3`…: the first the file does not already use. */
function freeIdentifier(text: string, name: string): string {
  const used = (candidate: string) => new RegExp(`\\b${candidate}\\b`).test(text);
  if (!used(name)) return name;
  for (let n = 2; ; n++) if (!used(`${name}${n}`)) return `${name}${n}`;
}
