import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ProjectModel } from '../core/vercel/projectModel';
import { loadTypeScript } from '../node/loadTypeScript';

const EXCLUDE = '**/{node_modules,.next,.git,.vercel}/**';

/**
 * One ProjectModel per folder holding a vercel.json, built on first need from findFiles and
 * kept current by a single file watcher: no rescans on keystrokes.
 */
export class Projects implements vscode.Disposable {
  private readonly models = new Map<string, Promise<ProjectModel>>();
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly emitter = new vscode.EventEmitter<string>();
  /** Fires with the project root whose files changed. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.watcher.onDidCreate((uri) => this.update(uri, (model, file) => model.fileCreated(file)));
    this.watcher.onDidChange((uri) => this.update(uri, (model, file) => model.fileChanged(file)));
    this.watcher.onDidDelete((uri) => this.update(uri, (model, file) => model.fileDeleted(file)));
  }

  /** The model of the project whose vercel.json is `vercelJson`. */
  forVercelJson(vercelJson: vscode.Uri): Promise<ProjectModel> | undefined {
    if (vercelJson.scheme !== 'file') return undefined;
    const root = path.dirname(vercelJson.fsPath);
    let model = this.models.get(root);
    if (!model) {
      model = this.build(root);
      this.models.set(root, model);
    }
    return model;
  }

  /** Roots of loaded projects that contain `file`. */
  rootsOf(file: string): string[] {
    return [...this.models.keys()].filter((root) => file.startsWith(root + path.sep));
  }

  private async build(root: string): Promise<ProjectModel> {
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(root), '**/*'), EXCLUDE);
    const files = uris.map((uri) => path.relative(root, uri.fsPath).split(path.sep).join('/'));
    return new ProjectModel(files, {
      readFile: (file) => readOpenOrDisk(path.join(root, file)),
      loadTypeScript,
    });
  }

  private update(uri: vscode.Uri, apply: (model: ProjectModel, file: string) => void): void {
    for (const root of this.rootsOf(uri.fsPath)) {
      const relative = path.relative(root, uri.fsPath).split(path.sep).join('/');
      void this.models.get(root)!.then((model) => {
        apply(model, relative);
        this.emitter.fire(root);
      });
    }
  }

  /** An open, edited document is newer than the disk. */
  documentChanged(document: vscode.TextDocument): void {
    if (document.uri.scheme !== 'file') return;
    this.update(document.uri, (model, file) => model.fileChanged(file));
  }

  dispose(): void {
    this.watcher.dispose();
    this.emitter.dispose();
  }
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
