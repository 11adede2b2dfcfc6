/**
 * Run in a fresh process by the bench: times requiring dist/extension.js and calling its
 * activate() against a recording stand-in for the `vscode` module.
 */
import Module from 'node:module';
import * as path from 'node:path';

const disposable = { dispose() {} };
const event = () => disposable;
class EventEmitter {
  event = event;
  fire() {}
  dispose() {}
}
const vscodeStandIn = {
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  CodeActionKind: { QuickFix: { value: 'quickfix' } },
  CompletionItemKind: { Value: 12 },
  EventEmitter,
  StatusBarAlignment: { Left: 1, Right: 2 },
  ThemeColor: class ThemeColor {
    constructor(readonly id: string) {}
  },
  languages: {
    registerHoverProvider: () => disposable,
    registerCodeActionsProvider: () => disposable,
    registerCompletionItemProvider: () => disposable,
    registerCodeLensProvider: () => disposable,
    createDiagnosticCollection: () => ({ ...disposable, set() {}, delete() {}, clear() {} }),
  },
  commands: { registerCommand: () => disposable },
  window: {
    createOutputChannel: () => ({ ...disposable, appendLine() {}, show() {} }),
    createStatusBarItem: () => ({ ...disposable, show() {}, hide() {} }),
  },
  workspace: {
    textDocuments: [],
    isTrusted: true,
    onDidGrantWorkspaceTrust: event,
    getConfiguration: () => ({ get: () => undefined }),
    onDidChangeConfiguration: event,
    onDidOpenTextDocument: event,
    onDidChangeTextDocument: event,
    onDidCloseTextDocument: event,
    onDidCreateFiles: event,
    onDidDeleteFiles: event,
    onDidRenameFiles: event,
    createFileSystemWatcher: () => ({ ...disposable, onDidCreate: event, onDidChange: event, onDidDelete: event }),
  },
};

type Resolver = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolver; _cache: Record<string, unknown> };
const original = moduleInternals._resolveFilename;
moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
  if (request === 'vscode') return 'vscode';
  return original.call(this, request, ...rest);
};
moduleInternals._cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscodeStandIn };

const bundle = path.resolve(process.argv[2]!);
const t0 = process.hrtime.bigint();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require(bundle) as { activate(context: unknown): unknown };
const t1 = process.hrtime.bigint();
extension.activate({ subscriptions: [], asAbsolutePath: (p: string) => p, extensionPath: path.dirname(bundle) });
const t2 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6 }), () => process.exit(0));
