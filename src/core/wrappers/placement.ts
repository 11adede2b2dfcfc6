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

/** Per file list (a new list after every file event): a check asks once per cron route. */
const folderCache = new WeakMap<readonly string[], Map<string, boolean>>();

function hasFolder(project: ProjectView, folder: string): boolean {
  const files = project.files();
  let known = folderCache.get(files);
  if (!known) folderCache.set(files, (known = new Map()));
  let found = known.get(folder);
  if (found === undefined) {
    const prefix = `${folder}/`;
    found = files.some((file) => file.startsWith(prefix));
    known.set(folder, found);
  }
  return found;
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
  const { file, exists } = helperFile(project, baseName, srcLayout, typed);
  return { file, specifier: importSpecifier(project, routeFile, file), exists };
}

/** Per file list: every cron route of an app asks where the same helpers are. */
const helperFiles = new WeakMap<readonly string[], Map<string, { file: string; exists: boolean }>>();

function helperFile(project: ProjectView, baseName: string, srcLayout: boolean, typed: boolean): { file: string; exists: boolean } {
  const files = project.files();
  let known = helperFiles.get(files);
  if (!known) helperFiles.set(files, (known = new Map()));
  const key = `${baseName}\0${srcLayout}\0${typed}`;
  let found = known.get(key);
  if (!found) {
    found = locateHelper(project, baseName, srcLayout, typed);
    known.set(key, found);
  }
  return found;
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
