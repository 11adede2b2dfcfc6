// Library: start/stop code-server (VS Code for the web, see
// shared/reference/e2e.md), install a .vsix into an extensions folder, and
// drive Debian's chromium through playwright-core. Used by the integration
// test runner (runSuite.mjs), `npm start` and the README screenshot.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { assertProvisioned, cacheEnv, paths, writeCodeServerConfig } from './provision.mjs';

/** How long code-server may take to print its listening line (it usually needs < 1 s). */
const LISTEN_TIMEOUT_MS = 60_000;
/** How long a stopped code-server may take to exit before its process group is killed. */
const STOP_GRACE_MS = 10_000;

/** Settings that keep a fresh profile quiet: no welcome page, telemetry, update or AI prompts. */
export const QUIET_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  // Tests edit fixture files and revert them; an auto-save in between would write them.
  'files.autoSave': 'off',
});

/** A fresh folder under .cache/runs, e.g. for one test run's user data and logs. */
export function makeRunDir(prefix) {
  mkdirSync(paths.runs, { recursive: true });
  return mkdtempSync(join(paths.runs, `${prefix}-`));
}

/** Writes <userDataDir>/User/settings.json: the quiet defaults plus `extra`. */
export function writeUserSettings(userDataDir, extra = {}) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...extra }, null, 2) + '\n');
}

/**
 * Variables that would make code-server talk to another editor (a VS Code
 * terminal exports its IPC hook) or run differently from a clean shell.
 */
function withoutEditorVariables(env) {
  const clean = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key === 'NODE_OPTIONS') continue;
    clean[key] = value;
  }
  return clean;
}

/** Encodes each path segment but keeps the slashes, so the printed URL stays readable. */
export function encodePath(absPath) {
  return absPath.split('/').map(encodeURIComponent).join('/');
}

/** The workbench URL that opens `folder` on the server at `baseUrl` (ends with "/"). */
export function folderUrl(baseUrl, folder) {
  return `${baseUrl}?folder=${encodePath(folder)}`;
}

/** Resolves with true when nothing listens on host:port. */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * @typedef {object} CodeServer
 * @property {string} url          base URL, e.g. http://127.0.0.1:41234/
 * @property {number} port
 * @property {string} authority    host:port, the authority of vscode-remote:// URIs
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {string} logFile      code-server's own stdout/stderr
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<number|null>} exited resolves with the exit code
 * @property {() => Promise<void>} stop kills the whole process group
 */

/**
 * Starts code-server and resolves once it listens.
 *
 * @param {object} [options]
 * @param {string} [options.host]             default 127.0.0.1
 * @param {number} [options.port]             default 0: the OS picks, the log says which
 * @param {string} [options.runDir]           folder for user data, extensions and logs (fresh by default)
 * @param {string} [options.userDataDir]      default <runDir>/user-data
 * @param {string} [options.extensionsDir]    default <runDir>/extensions
 * @param {boolean} [options.smokeTestDriver] lets the workbench run an extension test payload
 * @param {boolean} [options.workspaceTrust]  true: trust prompts as for a real user
 * @param {object} [options.settings]         extra user settings
 * @param {object} [options.env]              extra environment (reaches the extension host)
 * @param {(line: string) => void} [options.onOutput] sees each output line
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(options = {}) {
  assertProvisioned();
  const host = options.host ?? '127.0.0.1';
  const runDir = options.runDir ?? makeRunDir('code-server');
  const userDataDir = options.userDataDir ?? join(runDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(runDir, 'extensions');
  const logFile = join(runDir, 'code-server.log');
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, {
    'security.workspace.trust.enabled': Boolean(options.workspaceTrust),
    ...options.settings,
  });

  const args = [
    paths.codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `${host}:${options.port ?? 0}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--config',
    writeCodeServerConfig(),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (!options.workspaceTrust) args.push('--disable-workspace-trust');
  // Without this flag the workbench ignores a test payload: the extension host starts and no test runs.
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');

  // detached: its own process group, so stop() also ends the extension host,
  // pty host and file watcher that code-server forks.
  const child = spawn(paths.node24Bin, args, {
    env: withoutEditorVariables(cacheEnv(options.env)),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const killOnExit = () => killGroup(child.pid, 'SIGKILL');
  process.once('exit', killOnExit); // last resort if the caller crashes

  const url = await waitForListening(child, exited, logFile, options.onOutput);
  const port = Number(new URL(url).port);
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      await stopGroup(child, exited);
      process.removeListener('exit', killOnExit);
    })();
    return stopping;
  };
  return { url, port, authority: `${host}:${port}`, userDataDir, extensionsDir, logFile, child, exited, stop };
}

/** Tees output to the log file and resolves with the URL from "HTTP server listening on …". */
function waitForListening(child, exited, logFile, onOutput) {
  const log = createWriteStream(logFile);
  return new Promise((resolve, reject) => {
    let found = false;
    const timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      reject(new Error(`code-server did not listen within ${LISTEN_TIMEOUT_MS / 1000} s; see ${logFile}`));
    }, LISTEN_TIMEOUT_MS);
    const onLine = (line) => {
      onOutput?.(line);
      const match = !found && /HTTP server listening on (http:\/\/\S+?)\/?\s*$/.exec(line);
      if (match) {
        found = true;
        clearTimeout(timer);
        resolve(`${match[1]}/`);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        log.write(chunk);
        const lines = (pending + chunk).split('\n');
        pending = lines.pop();
        lines.forEach(onLine);
      });
    }
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start code-server (${paths.node24Bin}): ${error.message}`));
    });
    exited.then((code) => {
      log.end();
      if (!found) {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code}) before listening; see ${logFile}`));
      }
    });
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** SIGTERM to the group, SIGKILL if it is still there after the grace period. */
async function stopGroup(child, exited) {
  if (child.exitCode === null && child.signalCode === null) {
    killGroup(child.pid, 'SIGTERM');
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS);
    });
    await Promise.race([exited, timedOut]);
    clearTimeout(timer);
  }
  // Forked helpers may outlive the main process; they share its group.
  killGroup(child.pid, 'SIGKILL');
}

/** Runs code-server's CLI (not a server) with the cache environment; returns stdout. */
export function codeServerCli(args) {
  assertProvisioned();
  const result = spawnSync(paths.node24Bin, [paths.codeServerEntry, '--config', writeCodeServerConfig(), ...args], {
    env: withoutEditorVariables(cacheEnv()),
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`code-server ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** Installs a .vsix into `extensionsDir` (replacing an older copy). */
export function installVsix(vsixPath, extensionsDir) {
  if (!existsSync(vsixPath)) throw new Error(`no .vsix at ${vsixPath}; run: npm run package`);
  mkdirSync(extensionsDir, { recursive: true });
  return codeServerCli(['--extensions-dir', extensionsDir, '--install-extension', vsixPath, '--force']);
}

/** Extension ids (publisher.name) installed in `extensionsDir`. */
export function listExtensions(extensionsDir) {
  return codeServerCli(['--extensions-dir', extensionsDir, '--list-extensions'])
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[\w-]+\.[\w-]+$/.test(line));
}

/**
 * Chromium flags from e2e.md; without the background-networking ones Chromium
 * floods the closed network with refused connections.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch (error) {
    throw new Error(`playwright-core is not installed (a devDependency): run npm ci (${error.message})`, { cause: error });
  }
}

/**
 * Launches headless Debian chromium with a fresh profile.
 * @param {object} [options]
 * @param {string} [options.profileDir] default: a fresh folder under .cache/runs
 * @param {{width: number, height: number}} [options.viewport]
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close: () => Promise<void>}>}
 */
export async function launchChromium(options = {}) {
  assertProvisioned();
  const { chromium } = await loadPlaywright();
  // A profile we create is ours to delete; a given one belongs to the caller.
  const ownDir = options.profileDir ? undefined : makeRunDir('chromium');
  const profileDir = options.profileDir ?? join(ownDir, 'profile');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: paths.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    env: cacheEnv(),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close().catch(() => {});
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  };
  return { context, page, close };
}

/** Waits until the workbench is in the DOM (4–5 s after start on these machines). */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout });
}
