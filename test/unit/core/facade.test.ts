import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { repoRoot } from '../support/repo';

/**
 * Issue #16: the front ends (CLI, editor, language server) and the hosts beside them (src/node,
 * src/lazy) reach the core only through its facade: the service (src/core/service.ts) and the
 * workspace-free modules of src/core/facade/. Anything else of the core they may name only in a
 * type-only import (`import type …`, or every specifier marked `type`), which leaves no trace in
 * the bundle. A value they need belongs behind the facade.
 */
const FRONT_ENDS = ['cli', 'vscode', 'lsp', 'node', 'lazy'];

const SRC = path.join(repoRoot(), 'src');
const CORE = path.join(SRC, 'core');

/** Whether a core module (path relative to src/core, "/"-separated, no extension) is part of the facade. */
function isFacade(module: string): boolean {
  return module === 'service' || /^facade\/[^/]+$/.test(module);
}

interface CoreImport {
  /** The core module named, relative to src/core. */
  module: string;
  typeOnly: boolean;
  line: number;
}

/** Every import, re-export, `import()` and `require()` of `text` (a file of `fromDir`) that names a module of src/core. */
function coreImports(fileName: string, text: string, fromDir: string): CoreImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: CoreImport[] = [];
  const add = (specifier: ts.Node, typeOnly: boolean) => {
    if (!ts.isStringLiteralLike(specifier) || !specifier.text.startsWith('.')) return;
    const target = path.relative(CORE, path.resolve(fromDir, specifier.text)).split(path.sep).join('/');
    if (target.startsWith('..') || path.isAbsolute(target)) return;
    found.push({ module: target.replace(/\.(?:ts|js)$/, '').replace(/\/index$/, ''), typeOnly, line: source.getLineAndCharacterOfPosition(specifier.getStart()).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      // A side-effect import (no clause) runs the module: a value import.
      const allTyped = !!clause && !clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || allTyped));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const allTyped = !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, node.isTypeOnly || allTyped);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      add(node.arguments[0]!, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      // `import('../core/x').T` in a type position: a type, gone from the output.
      add(node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

describe('core facade: the front ends reach the core only through it (#16)', () => {
  it('tells type-only imports from value imports', () => {
    const kinds = (text: string) => coreImports('x.ts', text, path.join(SRC, 'cli')).map((i) => `${i.module}:${i.typeOnly ? 'type' : 'value'}`);
    assert.deepEqual(kinds(`import type { A } from '../core/settings';`), ['settings:type']);
    assert.deepEqual(kinds(`import { type A, type B } from '../core/settings';`), ['settings:type']);
    assert.deepEqual(kinds(`import { type A, isPlan } from '../core/settings';`), ['settings:value']);
    assert.deepEqual(kinds(`import * as settings from '../core/settings';`), ['settings:value']);
    assert.deepEqual(kinds(`import '../core/settings';`), ['settings:value']);
    assert.deepEqual(kinds(`export { isPlan } from '../core/settings';`), ['settings:value']);
    assert.deepEqual(kinds(`export type { Plan } from '../core/settings';`), ['settings:type']);
    assert.deepEqual(kinds(`const s = require('../core/settings'); void import('../core/jsonc');`), ['settings:value', 'jsonc:value']);
    assert.deepEqual(kinds(`let p: import('../core/settings').Plan;`), ['settings:type']);
    assert.deepEqual(kinds(`import { x } from './core/settings'; import { y } from '../node/loadTypeScript';`), []);
    assert.deepEqual(kinds(`import { s } from '../core/service'; import { t } from '../core/facade/trigger';`), ['service:value', 'facade/trigger:value']);
  });

  it('src/cli, src/vscode, src/lsp, src/node and src/lazy import values of the core only from the facade', () => {
    const bypassing: string[] = [];
    const facadeUsers = new Set<string>();
    for (const frontEnd of FRONT_ENDS) {
      for (const file of sourceFiles(path.join(SRC, frontEnd))) {
        const shown = path.relative(SRC, file).split(path.sep).join('/');
        for (const { module, typeOnly, line } of coreImports(file, fs.readFileSync(file, 'utf8'), path.dirname(file))) {
          if (isFacade(module)) facadeUsers.add(frontEnd);
          else if (!typeOnly) bypassing.push(`src/${shown}:${line} -> src/core/${module}`);
        }
      }
    }
    assert.deepEqual(bypassing, [], 'value imports from the core that bypass the facade (src/core/service.ts, src/core/facade/*): put what they need behind it');
    // The walk found the imports it is about: every front end that uses the core uses the facade.
    assert.deepEqual([...facadeUsers].sort(), ['cli', 'lsp', 'node', 'vscode']);
  });
});
