import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createCronService, type CronService, type CronServiceHost, type FileEventEffect, type HostRead } from '../core/service';
import { loadTypeScript } from '../node/loadTypeScript';
import type { Clock } from './clock';
import { getSettings } from './settings';

const EXCLUDE = '**/{node_modules,.next,.git,.vercel}/**';
/** Ends the key of a vercel.json document of another scheme than file (a diff view's older version): the core reads it on its own. */
const OTHER_SCHEME_VERCEL_JSON = '#/vercel.json';

/** What one file event did to the projects the core keeps (core/service/openProjects.ts). */
export interface ProjectsChange {
  effects: FileEventEffect[];
  /** An edit of an open vercel.json: its own diagnostics follow the document, debounced, not the event. */
  vercelJsonEdit?: true;
}

/** A file event that arrived before its folder's listing was handed to the core. */
type PendingEvent = { file: string; kind: 'created' | 'deleted' };

/**
 * The editor's knowledge of files, as the core's host (core/service/host.ts): the folder of each
 * project listed once with findFiles on first need (the core names it: the project root, found by
 * probing the folders above a file up to its workspace folder, or the npm/yarn/bun/pnpm workspace
 * around it; a vercel.json opened outside every workspace folder is looked for in its own folder),
 * open documents' text over the disk, and every file event
 * (the disk watcher, the editor's own file operations, unsaved edits) handed to the core, which
 * owns the project models and re-checks only what an event reached. Files the editor itself
 * creates, deletes or renames (a fix's new helper module) reach the core at once, without
 * waiting for the disk watcher, which can lag by seconds (or miss paths files.watcherExclude
 * hides).
 */
export class Projects implements vscode.Disposable {
  readonly service: CronService;
  /** Per project folder, its listing as findFiles gave it (kept current by events until the core takes it). */
  private readonly listings = new Map<string, Promise<void>>();
  private readonly listed = new Map<string, string[]>();
  /** Folders whose listing the core has taken: events go to the core from then on. */
  private readonly taken = new Set<string>();
  /** Events that arrived while a folder was being listed. */
  private readonly pending = new Map<string, PendingEvent[]>();
  /** Folders of vercel.json files opened outside every workspace folder. */
  private readonly looseFolders = new Set<string>();
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly subscriptions: vscode.Disposable[];
  private readonly emitter = new vscode.EventEmitter<ProjectsChange>();
  /** Fires once the core has taken in a file event that reached a project it keeps. */
  readonly onDidChange = this.emitter.event;

  constructor(clock: Clock) {
    const host: CronServiceHost = {
      listFiles: (folder) => {
        this.taken.add(folder);
        return { files: this.listed.get(folder) ?? [], unread: new Map() };
      },
      // A file's project is found by probing the folders above it; only its folder is listed.
      folderNames: (folder) => {
        try {
          return fs.readdirSync(folder);
        } catch {
          return undefined;
        }
      },
      canList: (folder) => this.listed.has(folder),
      readFile: (file): HostRead => {
        const text = path.isAbsolute(file) ? readOpenOrDisk(file) : documentOfKey(file)?.getText();
        return text === undefined ? { missing: true } : { text };
      },
      inFolder: (folder) => (relative) => path.join(folder, relative),
      relative: (folder, file) => path.relative(folder, file).split(path.sep).join('/'),
      settings: (file) => getSettings(path.isAbsolute(file) ? vscode.Uri.file(file) : documentOfKey(file)?.uri),
      mayReadSecrets: () => vscode.workspace.isTrusted,
      loadTypeScript,
      now: () => clock.now(),
    };
    this.service = createCronService(host, (file) => this.folderOf(file));
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const created = (uri: vscode.Uri) => void this.update(uri, 'created');
    const deleted = (uri: vscode.Uri) => void this.update(uri, 'deleted');
    this.subscriptions = [
      this.watcher.onDidCreate(created),
      this.watcher.onDidChange((uri) => void this.update(uri, 'changed')),
      this.watcher.onDidDelete(deleted),
      vscode.workspace.onDidCreateFiles((e) => e.files.forEach(created)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach(deleted)),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const { oldUri, newUri } of e.files) {
          deleted(oldUri);
          created(newUri);
        }
      }),
      // An open, edited document is newer than the disk.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isVercelJsonUri(e.document.uri)) this.vercelJsonEdited(e.document.uri);
        else void this.update(e.document.uri, 'changed');
      }),
      // An edited document closed unsaved: the disk has the file's text again.
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.isDirty) void this.update(d.uri, 'changed');
      }),
    ];
  }

  /**
   * Resolves once the core can answer for `file`: its project's folder listed (the core says
   * which: the project root, or the workspace around it). A vercel.json outside every workspace
   * folder makes its own folder one to look in.
   */
  async ready(file: string): Promise<void> {
    if (!path.isAbsolute(file)) return;
    if (this.folderOf(file) === undefined && path.basename(file) === 'vercel.json') this.looseFolders.add(path.dirname(file));
    const folder = this.service.projectFolder(file);
    if (folder === undefined) return;
    let listing = this.listings.get(folder);
    if (!listing) this.listings.set(folder, (listing = this.list(folder)));
    await listing;
  }

  /**
   * The host path the core knows a document by: its file path; for a vercel.json of another
   * scheme (a diff view), a key the core reads it by, on its own; else undefined.
   */
  static fileOf(uri: vscode.Uri): string | undefined {
    if (uri.scheme === 'file') return uri.fsPath;
    return isVercelJsonUri(uri) ? `${uri.toString()}${OTHER_SCHEME_VERCEL_JSON}` : undefined;
  }

  /** The folder a file's project is looked for in: its workspace folder, else the folder of a vercel.json opened on its own around it. */
  private folderOf(file: string): string | undefined {
    if (!path.isAbsolute(file)) return undefined;
    const top = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath;
    if (top) return top;
    let best: string | undefined;
    for (const loose of this.looseFolders) if ((file === loose || file.startsWith(loose + path.sep)) && (!best || loose.length > best.length)) best = loose;
    return best;
  }

  private async list(folder: string): Promise<void> {
    this.pending.set(folder, []);
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(folder), '**/*'), EXCLUDE);
    const files = uris
      .map((uri) => path.relative(folder, uri.fsPath).split(path.sep).join('/'))
      .filter((file) => file && !file.startsWith('../'))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.listed.set(folder, files);
    for (const event of this.pending.get(folder) ?? []) this.adjustListing(folder, event);
    this.pending.delete(folder);
  }

  /** An event before the core took the folder's listing: the listing follows it. */
  private adjustListing(folder: string, { file, kind }: PendingEvent): void {
    const files = this.listed.get(folder)!;
    const name = path.relative(folder, file).split(path.sep).join('/');
    if (kind === 'created') {
      if (!files.includes(name)) {
        files.push(name);
        files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      }
      return;
    }
    const kept = files.filter((f) => f !== name && !f.startsWith(`${name}/`));
    files.splice(0, files.length, ...kept);
  }

  /** The folders listed (or being listed) that hold `file`: a project's folder can lie inside another's. */
  private listingsHolding(file: string): string[] {
    return [...this.listings.keys()].filter((folder) => file.startsWith(folder + path.sep));
  }

  private async update(uri: vscode.Uri, kind: 'created' | 'changed' | 'deleted'): Promise<void> {
    if (uri.scheme !== 'file' || this.listingsHolding(uri.fsPath).length === 0) return;
    if (kind === 'created' && (await isFolder(uri))) {
      // A folder created or renamed by the editor: its files are new.
      const inside = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'), EXCLUDE);
      for (const child of inside) this.forward(child.fsPath, 'created');
      return;
    }
    this.forward(uri.fsPath, kind);
  }

  /** Hands an event to the core, once any folder holding the file is the core's; listings not yet taken follow it themselves. */
  private forward(file: string, kind: 'created' | 'changed' | 'deleted', vercelJsonEdit = false): void {
    let taken = false;
    for (const folder of this.listingsHolding(file)) {
      if (this.taken.has(folder)) {
        taken = true;
        continue;
      }
      if (kind === 'changed') continue;
      const waiting = this.pending.get(folder);
      if (waiting) waiting.push({ file, kind });
      else if (this.listed.has(folder)) this.adjustListing(folder, { file, kind });
    }
    if (!taken) return;
    const effects = kind === 'created' ? this.service.fileCreated(file) : kind === 'deleted' ? this.service.fileDeleted(file) : this.service.fileChanged(file);
    if (effects.length) this.emitter.fire(vercelJsonEdit ? { effects, vercelJsonEdit } : { effects });
  }

  /** An open vercel.json was edited: the core reads it anew, and its routes are checked against it. */
  private vercelJsonEdited(uri: vscode.Uri): void {
    if (uri.scheme === 'file') this.forward(uri.fsPath, 'changed', true);
  }

  dispose(): void {
    this.watcher.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}

/** The open document a key of Projects.fileOf names (another scheme than file). */
function documentOfKey(key: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme !== 'file' && `${d.uri.toString()}${OTHER_SCHEME_VERCEL_JSON}` === key);
}

export function isVercelJsonUri(uri: vscode.Uri): boolean {
  return /(^|[\\/])vercel\.json$/.test(uri.path);
}

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

/** An open document's text, else the disk's; undefined when neither has the file. */
export function readOpenOrDisk(file: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open) return open.getText();
  try {
    // Synchronous on purpose: rules are pure functions over a snapshot, and route files are small.
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
