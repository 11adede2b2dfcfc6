/**
 * Type-checks files that exist only in memory, as if they sat in `app` (a folder under the
 * repository, so their imports resolve to the repository's real node_modules). Shared by the
 * tests that compile generated code (snippets, monitoring and duplicate-run helpers).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as ts from 'typescript';

/** Declarations on disk are the same for every program of a test process: parse them once. */
const DISK_FILES = new Map<string, ts.SourceFile>();

/**
 * A Next.js app's compiler settings (create-next-app's tsconfig, with the checks it leaves on).
 * Tests add what their files need: JSX, JavaScript checking, unused-code errors.
 */
export const NEXT_APP_OPTIONS: Readonly<ts.CompilerOptions> = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.dom.d.ts', 'lib.dom.iterable.d.ts', 'lib.esnext.d.ts'],
  types: ['node'],
  esModuleInterop: true,
  isolatedModules: true,
  skipLibCheck: true,
  noEmit: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  forceConsistentCasingInFileNames: true,
};

export interface VirtualProgram {
  /** Syntactic and semantic diagnostics per virtual file (keys as given), formatted by `format`. */
  typeCheck(files: Readonly<Record<string, string>>, options: ts.CompilerOptions): Map<string, string[]>;
  /** `file:line:col TScode: message` and the offending line, relative to `app`. */
  format(diagnostic: ts.Diagnostic): string;
}

export function virtualProgram(app: string): VirtualProgram {
  const format = (diagnostic: ts.Diagnostic): string => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const text = diagnostic.file.text.split('\n')[line]?.trim();
    return `${path.relative(app, diagnostic.file.fileName)}:${line + 1}:${character + 1} TS${diagnostic.code}: ${message}\n    ${text}`;
  };
  const typeCheck = (files: Readonly<Record<string, string>>, options: ts.CompilerOptions): Map<string, string[]> => {
    const virtual = new Map(Object.entries(files).map(([file, text]) => [path.join(app, file), text]));
    const virtualDirs = new Set<string>();
    for (const file of virtual.keys()) for (let dir = path.dirname(file); dir.startsWith(app); dir = path.dirname(dir)) virtualDirs.add(dir);
    const host = ts.createCompilerHost(options, true);
    const { getSourceFile, fileExists, readFile, directoryExists } = host;
    host.getSourceFile = (name, language, onError, create) => {
      const text = virtual.get(path.resolve(name));
      if (text !== undefined) return ts.createSourceFile(name, text, language, true);
      const cacheKey = `${name}\0${typeof language === 'object' ? language.languageVersion : language}`;
      let file = DISK_FILES.get(cacheKey);
      if (!file) {
        file = getSourceFile.call(host, name, language, onError, create);
        if (file) DISK_FILES.set(cacheKey, file);
      }
      return file;
    };
    host.fileExists = (name) => virtual.has(path.resolve(name)) || fileExists.call(host, name);
    host.readFile = (name) => virtual.get(path.resolve(name)) ?? readFile.call(host, name);
    host.directoryExists = (dir) => virtualDirs.has(path.resolve(dir)) || (directoryExists?.call(host, dir) ?? false);
    const program = ts.createProgram([...virtual.keys()], options, host);
    assert.deepEqual([...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(format), [], 'compiler options');
    const result = new Map<string, string[]>();
    for (const file of Object.keys(files)) {
      const sourceFile = program.getSourceFile(path.join(app, file));
      assert.ok(sourceFile, file);
      result.set(file, [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map(format));
    }
    return result;
  };
  return { typeCheck, format };
}
