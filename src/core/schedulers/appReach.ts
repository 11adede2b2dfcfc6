/**
 * Which files of a Next.js app run inside it on Vercel: its route handlers, pages, layouts and
 * instrumentation file, and every project module they import, followed through the route
 * analysis's resolver (relative paths, tsconfig `paths`, workspace packages). A `'use client'`
 * module runs in the browser, so what it imports is not followed from it. The walk is bounded by a
 * count of files; a file it never reached is "cannot tell", never "not in the app".
 */
import { resolveModule } from '../routes/modules';
import type { ProjectView, WorkspaceFiles } from '../vercel/project';

/** How many files the walk reads before it stops: what lies beyond is left unreached. */
export const MAX_REACHED_FILES = 400;

/** The files Next.js runs per request or at start: App Router special files, Pages Router files, instrumentation. */
const APP_ENTRY = /^(src\/)?(app\/(.*\/)?(route|page|layout|template|default|loading|error|not-found|global-error)\.[cm]?[jt]sx?|pages\/.*\.[cm]?[jt]sx?|instrumentation\.[cm]?[jt]s)$/;
const DECLARATION = /\.d\.[cm]?ts$/;
/** Files whose text decides where an import resolves. */
const RESOLUTION_INPUTS = ['tsconfig.json', 'jsconfig.json', 'package.json'];

/** A directive prologue that holds 'use client' (comments and other directives may come first). */
const USE_CLIENT = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/|(['"])use [a-z ]+\1;?)*?(['"])use client\2/;

export function isClientModule(text: string): boolean {
  return USE_CLIENT.test(text);
}

export function isAppEntry(file: string): boolean {
  return APP_ENTRY.test(file) && !DECLARATION.test(file);
}

export interface AppReach {
  /** Each file reached, with the entry it was first reached from (itself for an entry). */
  entryOf: ReadonlyMap<string, string>;
}

interface CachedReach extends AppReach {
  files: readonly string[];
  /** The workspace's identity: a new object when a package's manifest changes where imports resolve. */
  workspace: WorkspaceFiles | undefined;
  /** Every text the walk read, to tell whether it still holds. */
  read: Map<string, string | undefined>;
}

/** One walk per project state: the file list's identity and the texts the walk read. */
const reachCache = new WeakMap<ProjectView, CachedReach>();
/** The import specifiers of a file, per its text: a walk after one edit scans only that file again. */
const importsCache = new WeakMap<ProjectView, Map<string, { text: string; specifiers: readonly string[] }>>();

export function appReach(project: ProjectView): AppReach {
  const files = project.files();
  const workspace = project.workspace?.();
  const cached = reachCache.get(project);
  if (cached && cached.files === files && cached.workspace === workspace && [...cached.read].every(([file, text]) => project.readFile(file) === text)) return cached;
  const walked = walk(project, files, workspace);
  reachCache.set(project, walked);
  return walked;
}

function walk(project: ProjectView, files: readonly string[], workspace: WorkspaceFiles | undefined): CachedReach {
  const read = new Map<string, string | undefined>();
  const readTracked = (file: string) => {
    const text = project.readFile(file);
    read.set(file, text);
    return text;
  };
  for (const input of RESOLUTION_INPUTS) readTracked(input);
  const entryOf = new Map<string, string>();
  const queue: string[] = [];
  for (const file of files) {
    if (!isAppEntry(file)) continue;
    if (entryOf.size >= MAX_REACHED_FILES) break;
    entryOf.set(file, file);
    queue.push(file);
  }
  for (let next = 0; next < queue.length; next++) {
    const file = queue[next]!;
    const text = readTracked(file);
    if (text === undefined || isClientModule(text)) continue;
    for (const specifier of importsOf(project, file, text)) {
      if (entryOf.size >= MAX_REACHED_FILES) return { files, workspace, read, entryOf };
      const target = resolveModule(project, file, specifier);
      if (target === undefined || entryOf.has(target) || DECLARATION.test(target) || !/\.[cm]?[jt]sx?$/.test(target)) continue;
      entryOf.set(target, entryOf.get(file)!);
      queue.push(target);
    }
  }
  return { files, workspace, read, entryOf };
}

/** The modules a file imports, requires or loads with import(): TypeScript's scanner, no parse, comments skipped. */
function importsOf(project: ProjectView, file: string, text: string): readonly string[] {
  let byFile = importsCache.get(project);
  if (!byFile) importsCache.set(project, (byFile = new Map()));
  const known = byFile.get(file);
  if (known?.text === text) return known.specifiers;
  const all = project
    .ts()
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName);
  // `import type … from` is erased by the compiler: a module imported only so runs none of its code.
  const specifiers = text.includes('type') ? all.filter((specifier) => all.filter((s) => s === specifier).length > typeOnlyImports(text, specifier)) : all;
  byFile.set(file, { text, specifiers });
  return specifiers;
}

/** How many `import type … from 'specifier'` and `export type … from 'specifier'` statements the text holds. */
function typeOnlyImports(text: string, specifier: string): number {
  const escaped = specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.match(new RegExp(`\\b(?:import|export)\\s+type\\b[^;'"]*?\\bfrom\\s*(['"])${escaped}\\1`, 'g'))?.length ?? 0;
}
