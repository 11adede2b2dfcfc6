import type * as TS from 'typescript';
import { applyStyle, type GuardOptions, sameSecretHelper, stringLiteral, styledOnce } from '../next/guardTemplate';
import type { TsApi } from '../next/routeExports';
import { detectCodeStyle } from '../vercel/projectModel';
import type { TextEdit } from '../types';

const IMPORT_QUOTE = /^import .* from ['"]/m;
const STRING_LITERAL = /(['"])(?:(?!\1)[^\\\n]|\\.)*\1/g;

type CodeStyle = ReturnType<typeof detectCodeStyle>;
let lastStyle: { text: string; style: CodeStyle } | undefined;

/** Quote, semicolon and indent habits of the file being edited; the fixes of one file ask in a row. */
export function fileStyle(text: string): CodeStyle {
  if (lastStyle?.text !== text) lastStyle = { text, style: readFileStyle(text) };
  return lastStyle.style;
}

function readFileStyle(text: string): CodeStyle {
  const style = detectCodeStyle(text);
  if (IMPORT_QUOTE.test(text)) return style;
  // No imports to read the quotes from: the file's own string literals tell them.
  let doubles = 0;
  let singles = 0;
  for (const match of text.matchAll(STRING_LITERAL)) {
    if (match[1] === '"') doubles++;
    else singles++;
  }
  return doubles > singles ? { ...style, quote: '"' } : style;
}

/** The indentation of the line `offset` is on. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Text inserted at the start of a block: each line indented like the block's body. */
export function blockInsertion(text: string, body: TS.Block, sourceFile: TS.SourceFile, statements: string): TextEdit {
  const first = body.statements[0];
  const braceLine = indentAt(text, body.getStart(sourceFile));
  const style = fileStyle(text);
  const inner = first ? indentAt(text, first.getStart(sourceFile)) : braceLine + style.indent;
  // The guard's own nesting follows the file (tabs stay tabs); `inner` puts it in the block.
  const styled = applyStyle(statements, style);
  const lines = styled.split('\n').map((line) => (line ? inner + line : line));
  const at = body.getStart(sourceFile) + 1;
  // After `{` the body's own line break follows, so the insertion ends where that break begins.
  return { offset: at, length: 0, content: first ? `\n${lines.join('\n')}` : `\n${lines.join('\n')}\n${braceLine}` };
}

/** Adds `name` to an import from `module`, or a new import after the last one. No-op if present. */
export function ensureImport(ts: TsApi, sourceFile: TS.SourceFile, module: string, name: string): TextEdit[] {
  const text = sourceFile.text;
  let lastImportEnd = -1;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    lastImportEnd = statement.getEnd();
    if (statement.moduleSpecifier.text !== module && statement.moduleSpecifier.text !== module.replace(/^node:/, '')) continue;
    const bindings = statement.importClause?.namedBindings;
    // A name added to `import type { … }` would be a type only.
    if (bindings && ts.isNamedImports(bindings) && !statement.importClause?.isTypeOnly) {
      if (bindings.elements.some((e) => e.name.text === name)) return [];
      const last = bindings.elements[bindings.elements.length - 1];
      if (last) return [{ offset: last.getEnd(), length: 0, content: `, ${name}` }];
    }
  }
  const line = styledOnce(`import:${name}:${module}`, fileStyle(text), () => `import { ${name} } from ${stringLiteral(module)};`);
  if (lastImportEnd >= 0) return [{ offset: lastImportEnd, length: 0, content: `\n${line}` }];
  // Directives ('use server') must stay first.
  const directive = sourceFile.statements.find((s) => ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression));
  if (directive && sourceFile.statements[0] === directive) return [{ offset: directive.getEnd(), length: 0, content: `\n\n${line}` }];
  return [{ offset: 0, length: 0, content: `${line}\n\n` }];
}

/** The constant-time helper at the end of the file, unless the file already has one. */
export function ensureSameSecretHelper(ts: TsApi, sourceFile: TS.SourceFile, options: GuardOptions): TextEdit[] {
  const text = sourceFile.text;
  if (text.includes('isSameSecret') && /function isSameSecret\s*\(/.test(text)) return [];
  const style = fileStyle(text);
  const helper = styledOnce(`same-secret:${options.typed}:${options.edge}`, style, () => sameSecretHelper(options));
  const edits: TextEdit[] = [{ offset: text.length, length: 0, content: `${text.endsWith('\n') ? '' : '\n'}\n${helper}\n` }];
  if (!options.edge) edits.push(...(isCommonJs(ts, sourceFile) ? ensureRequire(ts, sourceFile, 'node:crypto', 'timingSafeEqual') : ensureImport(ts, sourceFile, 'node:crypto', 'timingSafeEqual')));
  return edits;
}

/**
 * A CommonJS file (a Vercel function written `module.exports = (req, res) => …`): no import or
 * export statement, and `module.exports`, `exports.` or `require(` in use. An import added there
 * would not run.
 */
export function isCommonJs(ts: TsApi, sourceFile: TS.SourceFile): boolean {
  if (/\.m[jt]s$/.test(sourceFile.fileName)) return false;
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) return false;
    if (ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return false;
  }
  return /\bmodule\.exports\b|\bexports\.[A-Za-z_$]|\brequire\s*\(/.test(sourceFile.text);
}

/** `const { name } = require(module);` after the file's directives, unless a destructuring require of it already binds `name`. */
function ensureRequire(ts: TsApi, sourceFile: TS.SourceFile, module: string, name: string): TextEdit[] {
  const text = sourceFile.text;
  const bare = module.replace(/^node:/, '');
  const bound = new RegExp(`\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=\\s*require\\(\\s*['"](node:)?${bare}['"]\\s*\\)`);
  if (bound.test(text)) return [];
  const line = styledOnce(`require:${name}:${module}`, fileStyle(text), () => `const { ${name} } = require(${stringLiteral(module)});`);
  // 'use strict' and other directives must stay first.
  let directiveEnd = -1;
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    directiveEnd = statement.getEnd();
  }
  return directiveEnd >= 0 ? [{ offset: directiveEnd, length: 0, content: `\n\n${line}` }] : [{ offset: 0, length: 0, content: `${line}\n\n` }];
}

/**
 * A constant-time comparison that needs no `await`, for edge code that cannot await (a
 * synchronous helper whose callers expect a boolean): edge has no node:crypto, and Web Crypto's
 * digest is async. It leaks the length only, as timingSafeEqual with its length check does.
 */
function sameSecretSyncHelper(typed: boolean): string {
  const t = (annotation: string) => (typed ? annotation : '');
  return [
    `function isSameSecretSync(actual${t(': string | null | undefined')}, expected${t(': string | null | undefined')})${t(': boolean')} {`,
    `  if (typeof actual !== 'string' || typeof expected !== 'string' || actual.length !== expected.length) return false;`,
    `  let difference = 0;`,
    `  for (let i = 0; i < actual.length; i++) difference |= actual.charCodeAt(i) ^ expected.charCodeAt(i);`,
    `  return difference === 0;`,
    `}`,
  ].join('\n');
}

/** The synchronous constant-time helper at the end of the file, unless it is there already. */
export function ensureSameSecretSyncHelper(sourceFile: TS.SourceFile, typed: boolean): TextEdit[] {
  const text = sourceFile.text;
  if (text.includes('isSameSecretSync') && /function isSameSecretSync\s*\(/.test(text)) return [];
  const helper = styledOnce(`same-secret-sync:${typed}`, fileStyle(text), () => sameSecretSyncHelper(typed));
  return [{ offset: text.length, length: 0, content: `${text.endsWith('\n') ? '' : '\n'}\n${helper}\n` }];
}

/** The innermost function of `root` that contains `node` (no parent pointers needed). */
export function innermostFunction(ts: TsApi, root: TS.Node, node: TS.Node): TS.FunctionLikeDeclaration | undefined {
  let found: TS.FunctionLikeDeclaration | undefined;
  const visit = (current: TS.Node): void => {
    if (current.pos > node.pos || node.end > current.end) return;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current) || ts.isArrowFunction(current) || ts.isMethodDeclaration(current)) found = current;
    ts.forEachChild(current, visit);
  };
  visit(root);
  return found;
}

export function isAsyncFunction(ts: TsApi, fn: TS.FunctionLikeDeclaration): boolean {
  return (ts.canHaveModifiers(fn) ? (ts.getModifiers(fn) ?? []) : []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/** Inserts `async ` where it goes: before `function` (after export/default) or before an arrow's parameters. */
export function makeAsync(ts: TsApi, fn: TS.FunctionLikeDeclaration, sourceFile: TS.SourceFile): TextEdit | undefined {
  if (isAsyncFunction(ts, fn)) return undefined;
  if (ts.isArrowFunction(fn)) return { offset: fn.getStart(sourceFile), length: 0, content: 'async ' };
  if (!ts.isFunctionDeclaration(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const modifiers = ts.getModifiers(fn);
  const from = modifiers?.length ? modifiers[modifiers.length - 1]!.getEnd() : fn.getStart(sourceFile);
  const keyword = sourceFile.text.indexOf('function', from);
  return keyword === -1 ? undefined : { offset: keyword, length: 0, content: 'async ' };
}

/** Removes a whole top-level statement and its line break. */
export function removeStatement(statement: TS.Statement, sourceFile: TS.SourceFile): TextEdit {
  const text = sourceFile.text;
  let start = statement.getStart(sourceFile);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, start))) start = lineStart;
  let end = statement.getEnd();
  const rest = /^[ \t]*(\r?\n)?/.exec(text.slice(end))![0];
  end += rest.length;
  return { offset: start, length: end - start, content: '' };
}

/** Inserts a statement after the imports (or at the top). */
export function insertAfterImports(ts: TsApi, sourceFile: TS.SourceFile, statement: string): TextEdit {
  let after = -1;
  for (const s of sourceFile.statements) {
    if (ts.isImportDeclaration(s)) after = s.getEnd();
    else if (ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression) && after === -1) after = s.getEnd(); // 'use server'
  }
  const styled = applyStyle(statement, { ...fileStyle(sourceFile.text), indent: '  ' });
  return after >= 0 ? { offset: after, length: 0, content: `\n\n${styled}` } : { offset: 0, length: 0, content: `${styled}\n\n` };
}

/** The top-level `export const x = init` statement whose initializer is `init` (no parent pointers needed). */
export function statementOfInitializer(ts: TsApi, sourceFile: TS.SourceFile, init: TS.Node | undefined): TS.VariableStatement | undefined {
  if (!init) return undefined;
  return sourceFile.statements.find(
    (s): s is TS.VariableStatement => ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => d.initializer === init),
  );
}

/** The statement of `body` (or of a block nested in it) that contains `node`. */
export function statementContaining(ts: TsApi, body: TS.Block, node: TS.Node): TS.Statement | undefined {
  const position = node.pos;
  let block: TS.Block | undefined = body;
  let found: TS.Statement | undefined;
  while (block) {
    const statement: TS.Statement | undefined = block.statements.find((s) => s.pos <= position && position < s.end);
    if (!statement) break;
    found = statement;
    block = undefined;
    // Go into the block that holds the node, so a guard goes right before the inner statement.
    ts.forEachChild(statement, (child) => {
      if (!block && ts.isBlock(child) && child.pos <= position && position < child.end) block = child;
    });
  }
  return found;
}

/** Where the line holding `offset` starts. */
function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

const LINE_REST = /[ \t]*(\r?\n|$)/y;
const BLANK_BETWEEN = /\n[ \t]*\r?\n/;

/**
 * The whole lines a top-level statement takes with what belongs to it: the comment lines right
 * above it (none past a blank line, none that ends another statement's line) and a comment after
 * it on its line. Undefined when other code shares its lines.
 */
function statementLines(ts: TsApi, sourceFile: TS.SourceFile, statement: TS.Statement): { start: number; end: number } | undefined {
  const text = sourceFile.text;
  let start = statement.getStart(sourceFile);
  const leading = ts.getLeadingCommentRanges(text, statement.pos) ?? [];
  for (let i = leading.length - 1; i >= 0; i--) {
    const comment = leading[i]!;
    if (BLANK_BETWEEN.test(text.slice(comment.end, start))) break;
    if (!/^[ \t]*$/.test(text.slice(lineStartOf(text, comment.pos), comment.pos))) break;
    start = comment.pos;
  }
  const lineStart = lineStartOf(text, start);
  if (!/^[ \t]*$/.test(text.slice(lineStart, start))) return undefined;
  let end = statement.getEnd();
  const trailing = ts.getTrailingCommentRanges(text, end);
  if (trailing?.length) end = trailing[trailing.length - 1]!.end;
  LINE_REST.lastIndex = end;
  const rest = LINE_REST.exec(text);
  return rest ? { start: lineStart, end: end + rest[0].length } : undefined;
}

/** Whether the line before `lineStart` is blank; the start of the file counts as one. */
function blankLineBefore(text: string, lineStart: number): boolean {
  return lineStart === 0 || /^[ \t]*\r?$/.test(text.slice(lineStartOf(text, lineStart - 1), lineStart - 1));
}

/** The end of the blank line starting at `lineStart` (its line break included), if it is blank. */
function blankLineAt(text: string, lineStart: number): number | undefined {
  const lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd === -1) return undefined;
  return /^[ \t]*\r?$/.test(text.slice(lineStart, lineEnd)) ? lineEnd + 1 : undefined;
}

/**
 * Removes a top-level statement cleanly: its lines, the comments that belong to it (see
 * statementLines), and, when it stood between blank lines (or the file's start or end), one of
 * those, so no double blank line is left. `removedWith` says which other statements sibling
 * fixes remove: a run of them without blank lines between is one block, whose last statement
 * takes the blank line below (the first, the one above at the end of the file), so applying the
 * fixes of a run in one pass leaves nothing behind either.
 */
export function removeStatementCleanly(
  ts: TsApi,
  sourceFile: TS.SourceFile,
  statement: TS.Statement,
  removedWith: (other: TS.Statement) => boolean = () => false,
): TextEdit {
  const text = sourceFile.text;
  const own = statementLines(ts, sourceFile, statement);
  if (!own) {
    const start = statement.getStart(sourceFile);
    let end = statement.getEnd();
    end += /^[ \t]*/.exec(text.slice(end, end + 200))![0].length;
    return { offset: start, length: end - start, content: '' };
  }
  const statements = sourceFile.statements;
  const index = statements.indexOf(statement);
  const neighbour = (at: number) => {
    const other = statements[at];
    return other && removedWith(other) ? statementLines(ts, sourceFile, other) : undefined;
  };
  let runStart = own.start;
  let first = true;
  for (let at = index - 1, lines = neighbour(at); lines && lines.end === runStart; lines = neighbour(--at)) {
    runStart = lines.start;
    first = false;
  }
  let runEnd = own.end;
  let last = true;
  for (let at = index + 1, lines = neighbour(at); lines && lines.start === runEnd; lines = neighbour(++at)) {
    runEnd = lines.end;
    last = false;
  }
  let { start, end } = own;
  if (blankLineBefore(text, runStart)) {
    const blankBelow = blankLineAt(text, runEnd);
    if (last && blankBelow !== undefined) end = blankBelow;
    else if (first && runEnd === text.length && runStart > 0) start = lineStartOf(text, runStart - 1);
  }
  return { offset: start, length: end - start, content: '' };
}

/** Removes one declaration of `export const a = 1, b = 2` with its comma, leaving the others. */
export function removeDeclaration(sourceFile: TS.SourceFile, list: TS.VariableDeclarationList, declaration: TS.VariableDeclaration): TextEdit {
  const declarations = list.declarations;
  const index = declarations.indexOf(declaration);
  const next = declarations[index + 1];
  if (next) {
    const start = declaration.getStart(sourceFile);
    return { offset: start, length: next.getStart(sourceFile) - start, content: '' };
  }
  const previous = declarations[index - 1]!;
  return { offset: previous.getEnd(), length: declaration.getEnd() - previous.getEnd(), content: '' };
}
