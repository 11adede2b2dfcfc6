import { importSpecifier } from '../routes/modules';
import type { ProjectView } from '../vercel/project';

export interface HelperPlacement {
  /** Relative to the project root. */
  file: string;
  /** How the route file imports it: `@/lib/cron-monitoring` or a relative path. */
  specifier: string;
  /** The project already has the helper, so it is imported, not created. */
  exists: boolean;
}

const SOURCE_EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mjs'];

/**
 * Answers per file list (a new list after every file event): every cron route of a check asks
 * the same questions about the project's folders and helpers.
 */
const perFileList = new WeakMap<readonly string[], Map<string, unknown>>();

function memoised<T>(project: ProjectView, key: string, compute: () => T): T {
  const files = project.files();
  let known = perFileList.get(files);
  if (!known) perFileList.set(files, (known = new Map()));
  if (!known.has(key)) known.set(key, compute());
  return known.get(key) as T;
}

function hasFolder(project: ProjectView, folder: string): boolean {
  return memoised(project, `folder\0${folder}`, () => project.files().some((file) => file.startsWith(`${folder}/`)));
}

/**
 * Where a generated helper lives: next to the app's other library code. An existing `lib/`
 * folder wins (under `src/` when the app uses `src/`); otherwise the folder is created where
 * the app's layout puts code (`src/lib` beside `src/app`, else `lib`).
 */
export function helperPlacement(project: ProjectView, routeFile: string, baseName: string): HelperPlacement {
  const srcLayout = project.style.appDir.startsWith('src/') || routeFile.startsWith('src/');
  // The helper is written in the language of the route that imports it.
  const typed = /\.tsx?$/.test(routeFile);
  const { file, exists } = memoised(project, `helper\0${baseName}\0${srcLayout}\0${typed}`, () => locateHelper(project, baseName, srcLayout, typed));
  return { file, specifier: importSpecifier(project, routeFile, file), exists };
}

function locateHelper(project: ProjectView, baseName: string, srcLayout: boolean, typed: boolean): { file: string; exists: boolean } {
  const folders = srcLayout ? ['src/lib', 'lib'] : ['lib', 'src/lib'];
  for (const f of folders) {
    for (const extension of SOURCE_EXTENSIONS) {
      const existing = `${f}/${baseName}.${extension}`;
      if (project.has(existing)) return { file: existing, exists: true };
    }
  }
  const folder = folders.find((f) => hasFolder(project, f)) ?? folders[0]!;
  return { file: `${folder}/${baseName}.${typed ? 'ts' : 'js'}`, exists: false };
}
