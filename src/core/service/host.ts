import type { TsApi } from '../next/routeExports';
import type { Settings } from '../settings';

/** A file's text; or why it exists and was not read (a FIFO, too large, permission denied); or that there is no such file. */
export type HostRead = { text: string } | { unread: string } | { missing: true };

/** A folder's files, as the host lists them. */
export interface HostListing {
  /** Every file below the folder, relative to it with "/", sorted by UTF-16 code unit (dependency and build folders left out). */
  files: readonly string[];
  /** Places below the folder that exist and could not be listed (a folder without permission), as host paths, with why. */
  unread: ReadonlyMap<string, string>;
}

/**
 * What the core needs of the world around it (issue #16): the editor implements it over its
 * workspace, the CLI over the disk and the edits `fix` has planned. Paths are the host's own
 * strings: the core never joins or splits them itself, it asks `inFolder` and `relative`, so
 * node:path stays out of the core and a host may name files however it likes.
 */
export interface CronServiceHost {
  listFiles(folder: string): HostListing;
  /**
   * Optional, for hosts that list on demand (the editor): the names in one folder (a host path),
   * or undefined when it cannot be listed. Given it, the service finds a file's project by probing
   * the folders from the file's up to the host's folder, as `check` of that folder would decide,
   * and lists only that project (or the npm/yarn/bun/pnpm workspace around it), never the whole
   * folder; see `CronService.projectFolder`.
   */
  folderNames?(folder: string): readonly string[] | undefined;
  /**
   * Optional, with `folderNames`: whether `listFiles(folder)` can answer now (an editor lists
   * asynchronously, before it asks). A per-file request whose project folder cannot be listed yet
   * answers nothing, and the folder is not taken as empty.
   */
  canList?(folder: string): boolean;
  /**
   * Files the host has newer text for than its listing shows (a file an earlier pass of `fix`
   * created and has not written yet), as host paths in the order first written: every project
   * around one sees it, after the files listed.
   */
  writtenFiles?(): Iterable<string>;
  /** A host path's text, or why not. */
  readFile(file: string): HostRead;
  /** Host paths of names relative to `folder` ("/"-separated, possibly `../…` for a workspace's files). */
  inFolder(folder: string): (relative: string) => string;
  /** `file` relative to `folder`, "/"-separated (`../…` when outside it). */
  relative(folder: string, file: string): string;
  /** The settings that apply to a file or folder (a vercel.json, a project folder). */
  settings(file: string): Settings;
  /** Whether secrets (.env files) may be read: only where the user trusts the workspace. */
  mayReadSecrets(): boolean;
  /** The TypeScript API, loaded on first need. */
  loadTypeScript(): TsApi;
  /** The present instant: relative times, expiry checks. */
  now(): Date;
}
