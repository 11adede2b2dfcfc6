import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type CronServiceHost, type HostRead, isConfigFileIn, isEnvFile, PROJECT_ROOT_MARKERS, type Settings, VERCEL_CONFIG_FILES } from '../core/service';
import { machineTimeZone } from '../core/facade/schedules';
import { readFolderSettings } from '../cli/settingsFile';
import { projectPaths, readProjectFile, walkFiles } from '../cli/workspace';
import { loadTypeScript } from '../node/loadTypeScript';
import { layeredSettings } from './settings';

/** How far up from a file outside every workspace folder a project folder is looked for. */
const MAX_FOLDER_ASCENT = 64;
/**
 * What marks a folder as a project when the client names no workspace folder (Neovim without
 * root_dir): a package.json, a next.config, or a configuration file that counts below the top (a
 * vercel.ts beside none of those is as likely a module of the app: configFiles.isConfigFileIn).
 */
const PROJECT_MARKERS = [...VERCEL_CONFIG_FILES.filter((name) => isConfigFileIn(name, { top: false, holds: () => false })), ...PROJECT_ROOT_MARKERS];
/** Folders the CLI's walk skips (dependencies, builds): an open document there is no project file either. */
export const SKIPPED_SEGMENT = /(^|[\\/])(node_modules|\.git|\.next|\.vercel|\.turbo)([\\/]|$)/;

/** A file URI as a path; undefined for any other scheme (untitled:, a diff view's git:) or a malformed URI. */
export function filePathOf(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function fileUriOf(file: string): string {
  return pathToFileURL(file).href;
}

/**
 * What the server knows of the client's workspace: its folders, the open documents (whose text
 * overrides the disk), trust and the settings per folder. It is the facade's host: the disk is
 * walked and read exactly as the CLI does (regular files only, capped), except that open
 * documents are read from the editor, and `.env*` files are invisible until the workspace is
 * trusted.
 */
export class LspWorkspace {
  private folders: string[] = [];
  /** Folders found for files outside every workspace folder, by the file's directory. */
  private readonly foundFolders = new Map<string, string | undefined>();
  private readonly documents = new Map<string, TextDocument>();
  /** The open documents by path, for the host's reads. */
  private readonly byPath = new Map<string, TextDocument>();
  private readonly settingsByFolder = new Map<string, Settings>();
  /** The client's `nextCronRoutes` section per folder, once asked (undefined: the client has none). */
  readonly clientSettings = new Map<string, Record<string, unknown> | undefined>();
  trusted = false;
  /** "Now" as the client pinned it (the VS Code extension's tests); undefined: the real clock. */
  pinnedNow: Date | undefined;

  constructor(private readonly warn: (message: string) => void) {}

  setFolders(folders: readonly string[]): void {
    // Deepest first: a file belongs to the innermost folder that holds it.
    this.folders = [...new Set(folders.map((f) => path.normalize(f)))].sort((a, b) => b.length - a.length);
    this.foundFolders.clear();
    this.settingsByFolder.clear();
  }

  workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** Drops what settings were derived from: the client's answers and the settings files are read again. */
  forgetSettings(): void {
    this.settingsByFolder.clear();
    this.clientSettings.clear();
  }

  /** The settings files are read again on next need (a .vscode/settings.json changed on disk). */
  forgetSettingsFiles(): void {
    this.settingsByFolder.clear();
  }

  /**
   * The folder a file's project is looked for in: the innermost workspace folder holding it, or,
   * when none does, the nearest folder above it holding a vercel.json or package.json (never the
   * file system's root, whose walk would be the whole disk).
   */
  folderOf(file: string): string | undefined {
    for (const folder of this.folders) if (file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep)) return folder;
    const start = path.dirname(file);
    if (this.foundFolders.has(start)) return this.foundFolders.get(start);
    let found: string | undefined;
    let dir = start;
    for (let level = 0; level < MAX_FOLDER_ASCENT; level++) {
      const parent = path.dirname(dir);
      if (parent === dir) break;
      if (PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker)))) {
        found = dir;
        break;
      }
      dir = parent;
    }
    this.foundFolders.set(start, found);
    return found;
  }

  open(uri: string, version: number, languageId: string, text: string): TextDocument {
    const document = TextDocument.create(uri, languageId, version, text);
    this.documents.set(uri, document);
    const file = filePathOf(uri);
    if (file !== undefined) this.byPath.set(file, document);
    return document;
  }

  replace(uri: string, document: TextDocument): void {
    this.documents.set(uri, document);
    const file = filePathOf(uri);
    if (file !== undefined) this.byPath.set(file, document);
  }

  close(uri: string): void {
    this.documents.delete(uri);
    const file = filePathOf(uri);
    if (file !== undefined) this.byPath.delete(file);
  }

  document(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  documentAt(file: string): TextDocument | undefined {
    return this.byPath.get(file);
  }

  openDocuments(): TextDocument[] {
    return [...this.documents.values()];
  }

  /** A file's text as the host reads it, as a document: the open one, or one made from the disk's text. */
  textDocumentAt(file: string): TextDocument | undefined {
    const open = this.byPath.get(file);
    if (open) return open;
    const read = this.read(file);
    return 'text' in read ? TextDocument.create(fileUriOf(file), '', 0, read.text) : undefined;
  }

  read(file: string): HostRead {
    // Secrets stay unread in an untrusted workspace, open or not: the core is never handed them.
    if (!this.trusted && isEnvFile(path.basename(file))) return { missing: true };
    const open = this.byPath.get(file);
    if (open) return { text: open.getText() };
    const read = readProjectFile(file);
    return 'skipped' in read ? { unread: read.skipped } : read;
  }

  settings(file: string): Settings {
    const folder = this.folderOf(file) ?? path.dirname(file);
    let settings = this.settingsByFolder.get(folder);
    if (!settings) {
      const layered = layeredSettings(readFolderSettings(folder), this.clientSettings.get(folder));
      for (const warning of layered.warnings) this.warn(warning);
      settings = layered.settings;
      this.settingsByFolder.set(folder, settings);
    }
    return settings;
  }

  /** The zone hovers show relative times in: the setting, else this machine's. */
  displayTimeZone(file: string): string {
    return this.settings(file).displayTimeZone ?? machineTimeZone();
  }

  /**
   * A folder's listing with the open documents below it that the disk does not hold (a file
   * created in the editor and not saved yet): it exists for the checks as it does for the user.
   */
  private withOpenDocuments(folder: string, files: string[]): string[] {
    const listed = new Set(files);
    const added: string[] = [];
    for (const file of this.byPath.keys()) {
      const relative = path.relative(folder, file).split(path.sep).join('/');
      if (!relative || relative === '..' || relative.startsWith('../') || path.isAbsolute(relative) || listed.has(relative) || SKIPPED_SEGMENT.test(relative)) continue;
      added.push(relative);
    }
    // The host's listing is sorted by UTF-16 code unit (the core binary-searches it).
    return added.length ? [...files, ...added].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : files;
  }

  /** Whether the file is on disk (an open document may not be yet). */
  onDisk(file: string): boolean {
    return fs.existsSync(file);
  }

  host(): CronServiceHost {
    return {
      listFiles: (folder) => {
        const unread = new Map<string, string>();
        return { files: this.withOpenDocuments(folder, walkFiles(folder, unread)), unread };
      },
      readFile: (file) => this.read(file),
      inFolder: projectPaths,
      relative: (folder, file) => path.relative(folder, file).split(path.sep).join('/'),
      settings: (file) => this.settings(file),
      mayReadSecrets: () => this.trusted,
      loadTypeScript,
      now: () => this.pinnedNow ?? new Date(),
    };
  }
}
