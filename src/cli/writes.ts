import * as fs from 'node:fs';
import * as path from 'node:path';
import { firstSyntaxError as syntaxErrorOf } from '../core/service';
import { loadTypeScript } from '../node/loadTypeScript';

/** The longest file or folder name the common file systems accept (ext4, APFS, NTFS), in bytes. */
export const NAME_MAX = 255;
/** The longest path Linux accepts (PATH_MAX, 4,096 bytes with the terminating NUL). */
export const PATH_MAX = 4095;

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** An error as one line: its message without Node's stack or line breaks. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Where `fix` may write: only inside the project root, the real path of the checked folder. A
 * file's path is followed from there one name at a time: a symbolic link on the way must lead to
 * a folder inside the root (one that leads out, or nowhere, is refused), the file itself must be
 * a regular file or not exist yet (never written through a link, never a folder, FIFO or
 * device), and names to be created must fit the file system (NAME_MAX, PATH_MAX) so that the
 * answer does not wait for the OS to refuse halfway through a run.
 */
export class WriteGuard {
  readonly realRoot: string;
  private readonly answers = new Map<string, string | undefined>();

  /** `folder`: the checked folder, as the files fix plans are named under it. */
  constructor(
    readonly folder: string,
    private readonly show: (file: string) => string,
  ) {
    this.realRoot = fs.realpathSync(folder);
  }

  /** Why `file` may not be written, or undefined when it may. Asked once per file per run. */
  refusal(file: string): string | undefined {
    if (!this.answers.has(file)) this.answers.set(file, this.check(file));
    return this.answers.get(file);
  }

  /** The same question, asked of the disk again: just before writing, the answer must still hold. */
  recheck(file: string): string | undefined {
    this.answers.delete(file);
    return this.refusal(file);
  }

  private inside(real: string): boolean {
    return real === this.realRoot || real.startsWith(this.realRoot.endsWith(path.sep) ? this.realRoot : `${this.realRoot}${path.sep}`);
  }

  private check(file: string): string | undefined {
    const relative = path.relative(this.folder, path.resolve(this.folder, file));
    if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return `it is outside the project (${this.realRoot})`;
    const names = relative.split(path.sep);
    let current = this.realRoot;
    for (let i = 0; i < names.length; i++) {
      const last = i === names.length - 1;
      const next = path.join(current, names[i]!);
      const shown = () => this.show(path.join(this.folder, ...names.slice(0, i + 1)));
      // Before the OS is asked: its answer to a name this long varies, this one does not.
      if (Buffer.byteLength(names[i]!) > NAME_MAX) return this.creatable(names.slice(i), current);
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(next);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return this.creatable(names.slice(i), current);
        if (errorCode(error) === 'ENAMETOOLONG') return `its path is longer than the file system accepts`;
        return `${last ? 'it' : shown()} cannot be inspected (${oneLine(error)})`;
      }
      if (last) {
        if (stat.isSymbolicLink()) return 'it is a symbolic link, and fix writes no file through one';
        if (!stat.isFile()) return 'it is not a regular file';
        return undefined;
      }
      if (stat.isSymbolicLink()) {
        let target: string;
        try {
          target = fs.realpathSync(next);
        } catch {
          return `${shown()} is a symbolic link that leads nowhere`;
        }
        if (!this.inside(target)) return `${shown()} is a symbolic link to ${target}, outside the project (${this.realRoot})`;
        if (!fs.statSync(target).isDirectory()) return `${shown()} is not a folder`;
        current = target;
      } else if (stat.isDirectory()) {
        current = next;
      } else {
        return `${shown()} is not a folder`;
      }
    }
    return undefined;
  }

  /** Names that do not exist yet below `parent` (a real folder inside the root): whether they can be made. */
  private creatable(names: string[], parent: string): string | undefined {
    const long = names.find((name) => Buffer.byteLength(name) > NAME_MAX);
    if (long !== undefined) return `the name "${abbreviated(long)}" is ${Buffer.byteLength(long)} bytes long, and file systems accept ${NAME_MAX}`;
    const bytes = Buffer.byteLength(path.join(parent, ...names));
    if (bytes > PATH_MAX) return `its path would be ${bytes} bytes long, and file systems accept ${PATH_MAX}`;
    return undefined;
  }
}

/** A long name or path for a message: its start and end, and how long it is. */
export function abbreviated(text: string, keep = 60): string {
  return text.length <= keep * 2 + 20 ? text : `${text.slice(0, keep)}…${text.slice(-keep)} (${text.length} characters)`;
}

/** A write refused after the plan was validated; everything written before it was undone, but for `leftChanged`. */
export class WriteFailure extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** Files already replaced whose old content could not be put back (almost always none). */
    readonly leftChanged: readonly string[] = [],
  ) {
    super(reason);
  }
}

interface Staged {
  file: string;
  temp: string;
  /** What the file held before, to put back if a later rename fails; undefined for a new file. */
  original: Buffer | undefined;
}

let tempCounter = 0;

/** A temporary name beside `file`, short enough for any name `file` may have. */
function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file).slice(0, 40)}.${process.pid}-${++tempCounter}.next-cron-routes.tmp`);
}

/** Creates the missing folders above `file` one level at a time, recording each for an undo. */
function makeFolders(folder: string, created: string[]): void {
  const missing: string[] = [];
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      fs.lstatSync(current);
      break;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || path.dirname(current) === current) throw error;
      missing.push(current);
    }
  }
  for (const dir of missing.reverse()) {
    fs.mkdirSync(dir);
    created.push(dir);
  }
}

/** Removes what a failed write left: temporary files, then the folders it made (deepest first). */
function undo(temps: string[], folders: string[]): void {
  for (const temp of temps) fs.rmSync(temp, { force: true });
  for (const dir of [...folders].reverse()) {
    try {
      fs.rmdirSync(dir);
    } catch {
      // Not empty (something else wrote there meanwhile): leave it.
    }
  }
}

/**
 * Writes every file or none. Each file is written whole to a temporary file beside it (with the
 * old file's permissions) and synced; only when all of them are on disk are they renamed into
 * place, so a reader sees the old file or the new one, never half of one. If a rename still
 * fails, the files already renamed get their old content back (new ones are removed) before
 * WriteFailure says which file failed. The guard is asked again for each file first: the disk
 * may have changed since the plan.
 */
export function writeAll(writes: readonly { file: string; content: string }[], guard: WriteGuard): void {
  const staged: Staged[] = [];
  const folders: string[] = [];
  let current = '';
  try {
    for (const { file, content } of writes) {
      current = file;
      const refusal = guard.recheck(file);
      if (refusal) throw new WriteFailure(file, refusal);
      makeFolders(path.dirname(file), folders);
      let mode: number | undefined;
      let original: Buffer | undefined;
      try {
        mode = fs.statSync(file).mode & 0o7777;
        original = fs.readFileSync(file);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error;
      }
      const temp = tempName(file);
      const fd = fs.openSync(temp, 'wx', mode ?? 0o666);
      staged.push({ file, temp, original });
      try {
        fs.writeFileSync(fd, content);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      // openSync's mode passes through the umask; an existing file keeps exactly its own.
      if (mode !== undefined) fs.chmodSync(temp, mode);
    }
  } catch (error) {
    undo(
      staged.map((s) => s.temp),
      folders,
    );
    throw error instanceof WriteFailure ? error : new WriteFailure(current, oneLine(error));
  }
  const renamed: Staged[] = [];
  for (const entry of staged) {
    try {
      fs.renameSync(entry.temp, entry.file);
      renamed.push(entry);
    } catch (error) {
      const failed: string[] = [];
      for (const done of renamed.reverse()) {
        try {
          if (done.original === undefined) fs.rmSync(done.file, { force: true });
          else fs.writeFileSync(done.file, done.original);
        } catch {
          failed.push(done.file);
        }
      }
      undo(
        staged.filter((s) => !renamed.includes(s)).map((s) => s.temp),
        folders,
      );
      throw new WriteFailure(entry.file, oneLine(error), failed);
    }
  }
}

/**
 * The first syntax error of a script or JSON file, as "line:column message"; undefined when it
 * parses or is of another kind (the core's answer, with TypeScript loaded on first need).
 */
export function firstSyntaxError(file: string, text: string): string | undefined {
  return syntaxErrorOf(file, text, loadTypeScript);
}
