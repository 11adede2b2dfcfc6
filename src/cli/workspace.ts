import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProjectModel } from '../core/vercel/projectModel';
import { loadTypeScript } from '../node/loadTypeScript';
import { type WriteGuard, writeAll } from './writes';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.next', '.vercel', '.turbo']);
/** An options object, not 'utf8': Node 20 copies a string option into a new object on every read (~2 µs a file in `check`). */
const UTF8 = { encoding: 'utf8' } as const;
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/;

/** Every file below `root`, relative with "/", skipping dependency and build folders. */
export function walkFiles(root: string): string[] {
  const files: string[] = [];
  const inRoot = projectPaths(root);
  const stack = [''];
  while (stack.length) {
    const relative = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(relative ? inRoot(relative) : root || '.', { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) stack.push(child);
      } else if (entry.isFile()) {
        files.push(child);
      }
    }
  }
  return files.sort();
}

/**
 * Files as the CLI sees them: the disk, overlaid with the edits `fix` has made so far, so a
 * dry run and later passes read what earlier passes would have written.
 */
export class FileOverlay {
  readonly changed = new Map<string, string>();
  readonly original = new Map<string, string | undefined>();

  read(file: string): string | undefined {
    if (this.changed.has(file)) return this.changed.get(file);
    try {
      return fs.readFileSync(file, UTF8);
    } catch {
      return undefined;
    }
  }

  write(file: string, content: string): void {
    if (!this.original.has(file)) this.original.set(file, this.read(file));
    this.changed.set(file, content);
  }

  exists(file: string): boolean {
    return this.changed.has(file) || fs.existsSync(file);
  }

  /**
   * Writes every change to disk, all or none (writeAll): each file atomically, creating folders
   * for new files, and only where `guard` allows. Throws WriteFailure after undoing.
   */
  flush(guard: WriteGuard): void {
    writeAll(
      [...this.changed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, content]) => ({ file, content })),
      guard,
    );
  }
}

/** The folders holding a vercel.json below `folder` (a monorepo has several). */
export function findVercelJsonFiles(folder: string, files: readonly string[]): string[] {
  return files.filter((f) => f === 'vercel.json' || f.endsWith('/vercel.json')).map((f) => path.join(folder, f));
}

/**
 * `path.join(root, file)` for project-relative names. The names the walk and the core produce are
 * clean ("app/api/x/route.ts"), so under a normalised POSIX root a concatenation is the same path;
 * path.join, run for every file read and every folder walked, cost about 1% of a `check`. Anything unusual still goes
 * through path.join.
 */
export function projectPaths(root: string): (file: string) => string {
  const concatenates = path.sep === '/' && root !== '' && root !== '.' && !root.endsWith('/') && path.normalize(root) === root;
  return (file) => (concatenates && file && !file.startsWith('/') && !file.endsWith('/') && !file.includes('//') && !DOT_SEGMENT.test(file) ? `${root}/${file}` : path.join(root, file));
}

export function loadProject(root: string, overlay: FileOverlay, rootFiles?: string[]): ProjectModel {
  const files = new Set(rootFiles ?? walkFiles(root));
  for (const file of overlay.changed.keys()) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (!relative.startsWith('..')) files.add(relative);
  }
  const inRoot = projectPaths(root);
  return new ProjectModel(files, { readFile: (file) => overlay.read(inRoot(file)), loadTypeScript });
}
