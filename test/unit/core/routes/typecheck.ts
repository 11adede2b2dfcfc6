/**
 * Proves that a fixed route file type-checks against the real `next` types: the files are
 * written into a temporary Next.js-shaped project (tsconfig as create-next-app writes it, strict,
 * moduleResolution bundler, jsx preserve) whose node_modules is a link to this repository's, and
 * a real TypeScript Program reports their semantic diagnostics. Files outside the temporary
 * project (lib.d.ts, next, @types) are parsed once per test process and shared between programs.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import ts from 'typescript';
import { repoRoot } from '../../support/repo';

const TEMP: string[] = [];
after(() => {
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

const shared = new Map<string, ts.SourceFile | undefined>();

/** The tsconfig.json of a create-next-app project, with types read from this repository's node_modules. */
export function nextTsconfig(alias: './*' | './src/*' = './*'): string {
  const root = repoRoot();
  return JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2017',
        lib: ['dom', 'dom.iterable', 'esnext'],
        allowJs: true,
        skipLibCheck: true,
        strict: true,
        noEmit: true,
        esModuleInterop: true,
        module: 'esnext',
        moduleResolution: 'bundler',
        resolveJsonModule: true,
        isolatedModules: true,
        jsx: 'preserve',
        types: ['node', 'react'],
        typeRoots: [path.join(root, 'node_modules', '@types')],
        paths: { '@/*': [alias] },
      },
      include: ['**/*.ts', '**/*.tsx'],
      exclude: ['node_modules'],
    },
    null,
    2,
  );
}

/** Syntactic and semantic diagnostics of every file of the project, as "file: message". */
export function diagnosticsOf(files: Readonly<Record<string, string>>, alias: './*' | './src/*' = './*'): string[] {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-typecheck-'));
  TEMP.push(folder);
  fs.symlinkSync(path.join(repoRoot(), 'node_modules'), path.join(folder, 'node_modules'), 'dir');
  const all: Record<string, string> = { 'tsconfig.json': nextTsconfig(alias), ...files };
  for (const [file, content] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), content);
  }
  const config = ts.readConfigFile(path.join(folder, 'tsconfig.json'), ts.sys.readFile);
  assert.equal(config.error, undefined);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, folder);
  assert.deepEqual(
    parsed.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')),
    [],
  );
  const host = ts.createCompilerHost(parsed.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const own = fileName.startsWith(`${folder}/`) || fileName.startsWith(folder + path.sep);
    if (own && !fileName.includes('/node_modules/')) return read(fileName, languageVersion, onError, shouldCreate);
    if (!shared.has(fileName)) shared.set(fileName, read(fileName, languageVersion, onError, shouldCreate));
    return shared.get(fileName);
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const name of parsed.fileNames) {
    const sourceFile = program.getSourceFile(name)!;
    diagnostics.push(...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile));
  }
  return diagnostics.map(
    (d) =>
      `${d.file ? path.relative(folder, d.file.fileName).split(path.sep).join('/') + ': ' : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
  );
}

/** Fails with the diagnostics and the sources when the project does not type-check. */
export function assertTypeChecks(files: Readonly<Record<string, string>>, alias: './*' | './src/*' = './*'): void {
  const diagnostics = diagnosticsOf(files, alias);
  assert.deepEqual(
    diagnostics,
    [],
    Object.entries(files)
      .map(([file, text]) => `--- ${file}\n${text}`)
      .join('\n'),
  );
}
