// The install step of both README commands: `npm start` and `npm test` run `npm ci` first when
// node_modules is missing or older than package-lock.json, so a fresh clone needs nothing run
// before them. Only node: built-ins here, because this runs before node_modules exists.
//
// "Older" is decided by npm's own record of the last install, node_modules/.package-lock.json
// (npm writes it at the end of every install). Its mtime is the quick test; when the lock file
// looks newer, the two package lists are compared before reinstalling, because git gives a
// checked-out package-lock.json the checkout's time (a new worktree, a branch switch) while the
// installed packages are still exactly the ones it lists.
//
//   node scripts/ensureDependencies.mjs      the same step on its own (npm pack runs it first)

import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Whether the packages npm last installed (`installed`, node_modules/.package-lock.json) are the
 * ones the lock file lists. npm leaves optional packages for other platforms out of
 * node_modules (and out of its record), so only those may be missing.
 */
export function installedMatchesLock(lock, installed) {
  const want = lock?.packages;
  const have = installed?.packages;
  if (!want || !have) return false;
  for (const [name, entry] of Object.entries(want)) {
    if (name === '') continue; // the project itself
    const got = have[name];
    if (!got) {
      if (entry.optional || entry.devOptional) continue;
      return false;
    }
    if (got.version !== entry.version) return false;
    if ((got.integrity ?? got.resolved) !== (entry.integrity ?? entry.resolved)) return false;
  }
  return Object.keys(have).every((name) => name in want);
}

/**
 * @returns {{ state: 'current' | 'missing' | 'stale', reason: string }}
 */
export function dependencyState(root = REPO_ROOT) {
  const lockFile = join(root, 'package-lock.json');
  const recordFile = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(lockFile)) return { state: 'current', reason: 'no package-lock.json to install from' };
  if (!existsSync(join(root, 'node_modules'))) return { state: 'missing', reason: 'node_modules is missing' };
  if (!existsSync(recordFile))
    return { state: 'missing', reason: 'node_modules was not installed by npm (no node_modules/.package-lock.json)' };
  if (statSync(recordFile).mtimeMs >= statSync(lockFile).mtimeMs)
    return { state: 'current', reason: 'node_modules is newer than package-lock.json' };
  if (installedMatchesLock(readJson(lockFile), readJson(recordFile))) {
    return { state: 'current', reason: 'package-lock.json is newer but lists exactly the installed packages' };
  }
  return { state: 'stale', reason: 'package-lock.json changed since the last install' };
}

/** `npm ci` with the npm that runs this script when there is one (under `npm start`/`npm test`). */
function npmCi(root) {
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli && /\.c?js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []];
  // `npm pack --dry-run` runs prepack with npm_config_dry_run set, which would make this install a dry run too.
  const env = { ...process.env };
  delete env.npm_config_dry_run;
  const result = spawnSync(command, [...args, 'ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env });
  if (result.error) throw new Error(`npm ci: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`npm ci failed (${result.status ?? result.signal})`);
}

/**
 * Runs `npm ci` when node_modules is missing or stale; a no-op (and silent) otherwise, as right
 * after the `npm ci` of CI. A node_modules that is a link to another checkout's (a git worktree
 * sharing one install) is never reinstalled from here: `npm ci` empties the folder it points at.
 */
export function ensureDependencies({ root = REPO_ROOT, install = npmCi, log = console.log } = {}) {
  const { state, reason } = dependencyState(root);
  if (state === 'current') return { installed: false, reason };
  const modules = join(root, 'node_modules');
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
    log(`Not installing dependencies: ${reason}, but node_modules is a link to ${realpathSync(modules)}; run \`npm ci\` there.`);
    return { installed: false, reason };
  }
  log(`Installing dependencies from package-lock.json (npm ci): ${reason}.`);
  install(root);
  if (dependencyState(root).state !== 'current')
    throw new Error('npm ci finished but node_modules/.package-lock.json is missing or older than package-lock.json');
  return { installed: true, reason };
}

// Compared through realpath: Node resolves symlinks in import.meta.url, not in argv.
const isMain = process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain) {
  try {
    ensureDependencies();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
