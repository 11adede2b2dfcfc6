import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findWorkspaceRoot } from '../core/routes/workspacePackages';
import { ProjectModel, type WorkspaceInput } from '../core/vercel/projectModel';
import { type FolderFacts, NEXT_APP_CONFIGS, packageJsonNamesNext, projectRootKind, type ProjectRootKind } from '../core/vercel/projectRoots';
import { loadTypeScript } from '../node/loadTypeScript';

const EXCLUDE = '**/{node_modules,.next,.git,.vercel}/**';
/** The files that decide whether a folder is a workspace root. */
const WORKSPACE_DECLARATION = /^(package\.json|pnpm-workspace\.yaml)$/;
/** The most read of a package.json probed for `workspaces` (as the CLI reads configuration files). */
const MANIFEST_READ_LIMIT = 1024 * 1024;

/** One file event of a loaded project, after the model has taken it in. */
export interface ProjectFileEvent {
  /** The project root (the folder of its vercel.json, or of a Next.js app without one). */
  root: string;
  /** The file, relative to the root, with `/`. */
  file: string;
  kind: 'created' | 'changed' | 'deleted';
}

/** A project a file belongs to: its root folder, and what makes it one. */
export interface ProjectRootOf {
  root: string;
  kind: ProjectRootKind;
}

/**
 * One ProjectModel per project root: a folder holding a vercel.json, or a Next.js app folder
 * without one (core/vercel/projectRoots.ts decides, as for `check`), built on first need from
 * findFiles and kept current file by file: no rescans on keystrokes. The model belongs to the
 * folder, so a vercel.json created in (or deleted from) an app's folder changes what the
 * project's routes are checked against, never which model holds them. Files the editor itself creates, deletes
 * or renames (a fix's new helper module) reach the model at once, without waiting for the disk
 * watcher, which can lag by seconds (or miss paths files.watcherExclude hides).
 */
export class Projects implements vscode.Disposable {
  private readonly models = new Map<string, Promise<ProjectModel>>();
  /** Per project root, the root of the npm/yarn/bun/pnpm workspace its model was built with, if any. */
  private readonly workspaceRoots = new Map<string, string | undefined>();
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly subscriptions: vscode.Disposable[];
  private readonly emitter = new vscode.EventEmitter<ProjectFileEvent>();
  /** Fires once a loaded project's model has taken in a file event (dependencies and build output excluded). */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const created = (uri: vscode.Uri) => this.update(uri, 'created');
    const deleted = (uri: vscode.Uri) => this.update(uri, 'deleted');
    this.subscriptions = [
      this.watcher.onDidCreate(created),
      this.watcher.onDidChange((uri) => this.update(uri, 'changed')),
      this.watcher.onDidDelete(deleted),
      vscode.workspace.onDidCreateFiles((e) => e.files.forEach(created)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach(deleted)),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const { oldUri, newUri } of e.files) {
          deleted(oldUri);
          created(newUri);
        }
      }),
    ];
  }

  /** The model of the project whose vercel.json is `vercelJson`. */
  forVercelJson(vercelJson: vscode.Uri): Promise<ProjectModel> | undefined {
    if (vercelJson.scheme !== 'file') return undefined;
    return this.forRoot(path.dirname(vercelJson.fsPath));
  }

  /**
   * The project `file` belongs to: the nearest folder from the file's up to its workspace folder
   * that roots one, as `check` of that workspace folder would decide (projectRootKind).
   */
  rootOf(file: string): ProjectRootOf | undefined {
    const top = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath;
    if (!top) return undefined;
    const facts = folderFacts(top);
    for (let dir = path.dirname(file); dir === top || dir.startsWith(top + path.sep); dir = path.dirname(dir)) {
      const kind = projectRootKind(path.relative(top, dir).split(path.sep).join('/'), facts);
      if (kind) return { root: dir, kind };
      if (dir === top) break;
    }
    return undefined;
  }

  /** What makes `root` a project now (a vercel.json, or a Next.js app without one), or undefined when nothing does any more. */
  rootKind(root: string): ProjectRootKind | undefined {
    const top = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root))?.uri.fsPath;
    // Outside every workspace folder (a vercel.json opened on its own): its folder, as before.
    if (!top || (root !== top && !root.startsWith(top + path.sep))) return folderFacts(root)('').vercelJson ? 'vercel-json' : undefined;
    return projectRootKind(path.relative(top, root).split(path.sep).join('/'), folderFacts(top));
  }

  /** The model of the project rooted at `root`, built on first need. */
  forRoot(root: string): Promise<ProjectModel> {
    let model = this.models.get(root);
    if (!model) {
      model = this.build(root);
      this.models.set(root, model);
    }
    return model;
  }

  /**
   * Roots of loaded projects that contain `file`, or whose workspace does: a workspace package's
   * file is a project file named from the root (`../../packages/auth/src/index.ts`).
   */
  rootsOf(file: string): string[] {
    return [...this.models.keys()].filter((root) => {
      const workspace = this.workspaceRoots.get(root);
      return file.startsWith(root + path.sep) || (workspace !== undefined && file.startsWith(workspace + path.sep));
    });
  }

  private async build(root: string): Promise<ProjectModel> {
    const workspaceRoot = this.workspaceRootOf(root);
    this.workspaceRoots.set(root, workspaceRoot);
    // A workspace above the app: list it once, and tell the app's files from its neighbours'.
    const listed = workspaceRoot ?? root;
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(listed), '**/*'), EXCLUDE);
    const files: string[] = [];
    const outside: string[] = [];
    for (const uri of uris) {
      if (listed === root || uri.fsPath.startsWith(root + path.sep)) files.push(path.relative(root, uri.fsPath).split(path.sep).join('/'));
      else outside.push(path.relative(listed, uri.fsPath).split(path.sep).join('/'));
    }
    const workspace: WorkspaceInput | undefined = workspaceRoot === undefined ? undefined : { appDir: path.relative(workspaceRoot, root).split(path.sep).join('/'), files: outside };
    return new ProjectModel(
      files,
      {
        readFile: (file) => readOpenOrDisk(path.join(root, file)),
        loadTypeScript,
      },
      workspace,
    );
  }

  /**
   * The nearest folder from `root` up to its workspace folder whose package.json declares
   * `workspaces` or that holds pnpm-workspace.yaml, as the CLI looks up to the folder it checks.
   */
  private workspaceRootOf(root: string): string | undefined {
    const top = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root))?.uri.fsPath;
    const within = top && (root === top || root.startsWith(top + path.sep)) ? top : root;
    const app = path.relative(within, root).split(path.sep).join('/');
    const found = findWorkspaceRoot(app, (dir) => {
      const folder = path.join(within, dir);
      return { packageJson: readManifest(path.join(folder, 'package.json')), pnpmWorkspace: isFile(path.join(folder, 'pnpm-workspace.yaml')) };
    });
    return found === undefined ? undefined : path.join(within, found);
  }

  /**
   * A package.json or pnpm-workspace.yaml changed, appeared or went in a folder at or above a
   * project root: whether that project is in a workspace, and which, may have changed with it.
   * If so, its model is built again and every route re-checked (as for the app's package.json).
   */
  private workspaceDeclarationEvent(file: string): void {
    const folder = path.dirname(file);
    for (const [root, before] of this.workspaceRoots) {
      if (root !== folder && !root.startsWith(folder + path.sep)) continue;
      const now = this.workspaceRootOf(root);
      if (now === before) continue;
      const model = this.build(root);
      this.models.set(root, model);
      void model.then(() => this.emitter.fire({ root, file: 'package.json', kind: 'changed' }));
    }
  }

  private update(uri: vscode.Uri, kind: ProjectFileEvent['kind']): void {
    if (uri.scheme !== 'file') return;
    if (WORKSPACE_DECLARATION.test(path.basename(uri.fsPath))) this.workspaceDeclarationEvent(uri.fsPath);
    for (const root of this.rootsOf(uri.fsPath)) {
      const file = path.relative(root, uri.fsPath).split(path.sep).join('/');
      void this.models.get(root)!.then(async (model) => {
        if (!model.watches(file)) return;
        if (kind === 'deleted') {
          // A deleted folder takes its files with it (the editor reports the folder alone).
          for (const f of [file, ...model.filesUnder(file)]) this.apply(model, { root, file: f, kind });
          return;
        }
        if (kind === 'created' && (await isFolder(uri))) {
          // A folder created or renamed by the editor: its files are new to the model.
          const inside = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'), EXCLUDE);
          for (const child of inside) this.apply(model, { root, file: path.relative(root, child.fsPath).split(path.sep).join('/'), kind });
          return;
        }
        this.apply(model, { root, file, kind });
      });
    }
  }

  /**
   * Hands one file event to the model and reports it. The editor's own file operations and the
   * disk watcher report the same file twice: a second creation is a change, a second deletion
   * nothing; an edited document the model has not seen created is a new file (a fix's helper).
   */
  private apply(model: ProjectModel, reported: ProjectFileEvent): void {
    if (!model.watches(reported.file)) return;
    const known = model.has(reported.file);
    if (reported.kind === 'deleted' && !known) return;
    const event: ProjectFileEvent = { ...reported, kind: reported.kind === 'deleted' ? 'deleted' : known ? 'changed' : 'created' };
    if (event.kind === 'created') model.fileCreated(event.file);
    else if (event.kind === 'deleted') model.fileDeleted(event.file);
    else model.fileChanged(event.file);
    this.emitter.fire(event);
  }

  /** An open, edited document is newer than the disk. */
  documentChanged(document: vscode.TextDocument): void {
    this.update(document.uri, 'changed');
  }

  dispose(): void {
    this.watcher.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

/**
 * What a folder's own files say about it (projectRoots.ts), folders named relative to `top`: a
 * vercel.json there (any entry of that name, as the CLI's walk lists one), a next.config, or a
 * package.json naming next (read as the CLI reads it: a regular file of at most 1 MiB; an open
 * document's unsaved text counts). Memoised for one question.
 */
function folderFacts(top: string): (dir: string) => FolderFacts {
  const known = new Map<string, FolderFacts>();
  return (dir) => {
    let facts = known.get(dir);
    if (!facts) {
      const folder = dir ? path.join(top, ...dir.split('/')) : top;
      let names: Set<string>;
      try {
        names = new Set(fs.readdirSync(folder));
      } catch {
        names = new Set();
      }
      const vercelJson = names.has('vercel.json');
      const nextApp = !vercelJson && (NEXT_APP_CONFIGS.some((name) => names.has(name)) || (names.has('package.json') && packageJsonNamesNext(readManifest(path.join(folder, 'package.json')))));
      known.set(dir, (facts = { vercelJson, nextApp }));
    }
    return facts;
  };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** A package.json probed for `workspaces`: a regular file of at most 1 MiB, or nothing. */
function readManifest(file: string): string | undefined {
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > MANIFEST_READ_LIMIT) return undefined;
  } catch {
    return undefined;
  }
  return readOpenOrDisk(file);
}

function readOpenOrDisk(file: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open) return open.getText();
  try {
    // Synchronous on purpose: rules are pure functions over a snapshot, and route files are small.
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
