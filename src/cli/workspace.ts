import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CronServiceHost, type HostRead, isVercelConfigName, type Settings } from '../core/service';
import { loadTypeScript } from '../node/loadTypeScript';
import { type WriteGuard, writeAll } from './writes';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.next', '.vercel', '.turbo']);
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/;

/** The most the CLI reads of a configuration or env file: none comes near it, and /dev/zero has no end. */
export const CONFIG_READ_LIMIT = 1024 * 1024;
/** The most the CLI reads of a source file (a route, a helper, next.config). */
export const SOURCE_READ_LIMIT = 4 * 1024 * 1024;
/** vercel.*, package.json, pnpm-workspace.yaml, tsconfig/jsconfig (and their variants), .env*: by file name. */
const CONFIG_NAME = /^(vercel\..*|package\.json|pnpm-workspace\.yaml|[tj]sconfig(\..*)?\.json|\.env(\..*)?)$/;
/** .vscode/settings.json, the one configuration file named by its folder too. */
const SETTINGS_FILE = /(^|[\\/])\.vscode[\\/]settings\.json$/;

/** How much of `file` the CLI reads at most, by its name. */
export function readLimit(file: string): number {
  // Tested on the name alone: a pattern anchored after any separator was tried at every position
  // of the whole path, once per file read (a few percent of a 2,000-route check).
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return CONFIG_NAME.test(name) || (name === 'settings.json' && SETTINGS_FILE.test(file)) ? CONFIG_READ_LIMIT : SOURCE_READ_LIMIT;
}

/** A file's text; or why it exists and was not read; or that there is no such file. */
export type FileRead = { text: string } | { skipped: string } | { missing: true };

// O_NONBLOCK: opening a FIFO for reading waits for a writer; without the flag `check` hangs on one.
// O_NOCTTY: a terminal device opened here must not become the controlling terminal.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
const CHUNK = 64 * 1024;

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function mebibytes(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}

/** Why opening failed, as a reason; undefined when there is simply no such file. */
function openFailure(file: string, error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    // A name the walk listed can be a symbolic link whose target is gone.
    let link: fs.Stats | undefined;
    try {
      link = fs.lstatSync(file, { throwIfNoEntry: false });
    } catch {
      link = undefined;
    }
    return link?.isSymbolicLink() ? 'it is a symbolic link to nothing (its target does not exist)' : undefined;
  }
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'it is a loop of symbolic links';
  if (code === 'EISDIR') return 'it is a directory, not a regular file';
  if (code === 'ENXIO') return 'it is a socket or a device, not a regular file';
  return `it could not be opened (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

/**
 * The one way the CLI reads a project file (vercel.json, route and helper sources, tsconfig,
 * package.json, .env files, .vscode/settings.json): only a regular file, and at most `limit`
 * bytes of it. The file is opened without blocking and checked after opening, so a FIFO never
 * hangs the run, /dev/zero behind a symbolic link is refused instead of read until memory runs
 * out, and a file swapped between a check and the open is still the one checked.
 */
export function readProjectFile(file: string, limit: number = readLimit(file)): FileRead {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (error) {
    const reason = openFailure(file, error);
    return reason === undefined ? { missing: true } : { skipped: reason };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { skipped: `it is ${kindOf(stat)}, not a regular file` };
    const tooLarge = { skipped: `it is larger than ${mebibytes(limit)}, the most read of such a file` };
    if (stat.size > limit) return tooLarge;
    // The size is a hint (files under /proc say 0, a file may grow while read): read to the end,
    // never past limit + 1 bytes.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(Math.max(stat.size - total, 0) + 1, CHUNK, limit + 1 - total));
      const read = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      chunks.push(read === buffer.length ? buffer : buffer.subarray(0, read));
      total += read;
      if (total > limit) return tooLarge;
      // A short read of exactly the size fstat gave is the end: asking again only to hear 0 cost
      // one system call per file of every check.
      if (read < buffer.length && total === stat.size && stat.size > 0) break;
    }
    return { text: (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)).toString('utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { skipped: code === 'EISDIR' ? 'it is a directory, not a regular file' : `it could not be read (${code ?? (error instanceof Error ? error.message : String(error))})` };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Every file below `root`, relative with "/", skipping dependency and build folders. Besides
 * regular files it lists what a reader must refuse with a reason rather than miss: FIFOs, sockets,
 * devices, symbolic links to files or to nothing, and a folder named vercel.json. A symbolic link
 * to a folder is followed only inside the project, never to a folder that contains the link (a
 * loop), and once per target. Folders it could not list, and links to folders outside the
 * project, go into `unread` (by path, with why) when given: what is in them was not checked.
 */
export function walkFiles(root: string, unread?: Map<string, string>): string[] {
  const files: string[] = [];
  const inRoot = projectPaths(root);
  let rootReal: string | undefined;
  const followed = new Set<string>();
  const followable = (link: string): boolean => {
    try {
      const real = fs.realpathSync(link);
      rootReal ??= fs.realpathSync(root || '.');
      if (!real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep)) {
        if (real !== rootReal) unread?.set(link, 'it is a symbolic link to a folder outside the project, which is not followed');
        return false;
      }
      const parent = fs.realpathSync(path.dirname(link));
      if (parent === real || parent.startsWith(real + path.sep) || followed.has(real)) return false;
      followed.add(real);
      return true;
    } catch {
      return false;
    }
  };
  const stack = [''];
  while (stack.length) {
    const relative = stack.pop()!;
    let entries: fs.Dirent[];
    const folder = relative ? inRoot(relative) : root || '.';
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') unread?.set(folder, `the folder could not be listed (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code})`);
      continue;
    }
    // In name order: which of two links to one folder is followed must not depend on the file system.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (isVercelConfigName(entry.name)) files.push(child);
        if (!SKIPPED_DIRS.has(entry.name)) stack.push(child);
      } else if (entry.isSymbolicLink()) {
        let target: fs.Stats | undefined;
        try {
          target = fs.statSync(inRoot(child), { throwIfNoEntry: false });
        } catch {
          target = undefined;
        }
        if (!target?.isDirectory() || isVercelConfigName(entry.name)) files.push(child);
        if (target?.isDirectory() && !SKIPPED_DIRS.has(entry.name) && followable(inRoot(child))) stack.push(child);
      } else {
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

  /** Files that exist and were not read (see readProjectFile), with why: a run lists them as not analysed. */
  readonly unread = new Map<string, string>();

  read(file: string): string | undefined {
    const result = this.readResult(file);
    return 'text' in result ? result.text : undefined;
  }

  /** A file's text as the overlay has it, or why not; a file that exists and was not read is remembered in `unread`. */
  readResult(file: string): FileRead {
    if (this.changed.has(file)) return { text: this.changed.get(file)! };
    const result = readProjectFile(file);
    if ('skipped' in result) this.unread.set(file, result.skipped);
    return result;
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

/** The disk's answer as the core's host gives it. */
function hostRead(read: FileRead): HostRead {
  return 'skipped' in read ? { unread: read.skipped } : read;
}

/**
 * The core's host for one run of the CLI: the disk as `overlay` shows it (edits `fix` planned
 * included), walked with walkFiles and read with readProjectFile; one set of settings and one
 * "now" for the whole run, and secrets readable (the user asked for the check).
 */
export function cliHost(overlay: FileOverlay, settings: Settings, now: Date): CronServiceHost {
  return {
    listFiles: (folder) => {
      const unread = new Map<string, string>();
      return { files: walkFiles(folder, unread), unread };
    },
    writtenFiles: () => overlay.changed.keys(),
    readFile: (file) => hostRead(overlay.readResult(file)),
    inFolder: projectPaths,
    relative: (folder, file) => path.relative(folder, file).split(path.sep).join('/'),
    settings: () => settings,
    mayReadSecrets: () => true,
    loadTypeScript,
    now: () => now,
  };
}
