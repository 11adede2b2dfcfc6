/**
 * Shared by the snippet tests: the snippet files, a snippet inserted with its defaults, and a way
 * to run an inserted snippet as a module (transpiled by the repo's TypeScript, imports resolved
 * from the repo's node_modules unless a test stands in for them).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as ts from 'typescript';
import { repoRoot } from '../support/repo';
import { type ExpandOptions, bodyText, expandSnippet, loadSnippetFile, prefixes, type SnippetDefinition } from './expand';

export const ROOT = repoRoot();
export const SNIPPETS_DIR = path.join(ROOT, 'snippets');

/** Each snippet file and the languages package.json must contribute it for. */
export const SNIPPET_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  'json.json': ['json', 'jsonc'],
  'typescript.json': ['typescript', 'typescriptreact'],
  'typescriptreact.json': ['typescriptreact'],
  'javascript.json': ['javascript', 'javascriptreact'],
  'yaml.json': ['yaml'],
};

export function snippetFile(file: string): Record<string, SnippetDefinition> {
  return loadSnippetFile(path.join(SNIPPETS_DIR, file));
}

export function snippet(file: string, prefix: string): SnippetDefinition {
  const found = Object.values(snippetFile(file)).filter((s) => prefixes(s).includes(prefix));
  assert.equal(found.length, 1, `${file} has ${found.length} snippets with prefix ${prefix}`);
  return found[0]!;
}

/** The text the editor inserts for a snippet (tabs as two spaces unless told otherwise). */
export function inserted(file: string, prefix: string, options: ExpandOptions = {}): string {
  return expandSnippet(bodyText(snippet(file, prefix)), { indent: '  ', ...options });
}

/**
 * Runs TypeScript or JavaScript source as a CommonJS module. `modules` replaces imports by name;
 * every other import is required from the repository root.
 */
export function loadModule(source: string, fileName: string, modules: Record<string, unknown> = {}): Record<string, unknown> {
  const { outputText, diagnostics } = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, jsx: ts.JsxEmit.ReactJSX },
  });
  assert.deepEqual(
    diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')) ?? [],
    [],
    `${fileName} does not transpile`,
  );
  const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));
  const load = (name: string): unknown => (Object.prototype.hasOwnProperty.call(modules, name) ? modules[name] : requireFromRoot(name));
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', outputText)(load, module, module.exports);
  return module.exports;
}

/** Sets environment variables for the duration of `run` (undefined deletes), then restores them. */
export async function withEnv<T>(vars: Record<string, string | undefined>, run: () => Promise<T> | T): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(vars);
  try {
    return await run();
  } finally {
    apply(saved);
  }
}

export function snippetFiles(): string[] {
  return fs.readdirSync(SNIPPETS_DIR).sort();
}
