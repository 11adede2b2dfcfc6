// Pieces shared by `npm start` (scripts/start.mjs) and the README screenshot
// (scripts/screenshot.mjs): build the .vsix, make the demo app's working copy,
// pick a port, and start code-server with the packaged extension installed —
// the way a user would get it, not loaded from source.

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { installVsix, isPortFree, startCodeServer } from './codeServer.mjs';
import { prepareDemoCopy } from './demoCopy.mjs';
import { paths } from './provision.mjs';

/** The extension's id as code-server lists it (publisher.name in package.json). */
export const EXTENSION_ID = 'next-cron-routes.next-cron-routes';
/** Where `npm run package` writes the .vsix. */
export const VSIX = join(paths.repoRoot, 'dist', 'next-cron-routes.vsix');
/** The small Next.js app with a vercel.json that the demo shows (tracked: the demo opens a copy). */
export const DEMO_SOURCE = join(paths.repoRoot, 'examples', 'demo-app');
/** The working copy `npm start` opens (git-ignored), made from DEMO_SOURCE when missing. */
export const DEMO_COPY = join(paths.cache, 'demo-app');
/** `npm start -- --reset-demo` replaces the working copy with a fresh one. */
export const RESET_DEMO_FLAG = '--reset-demo';

function npmRun(script) {
  console.log(`> npm run ${script}`);
  const result = spawnSync('npm', ['run', script], { cwd: paths.repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run ${script} failed (${result.status ?? result.signal})`);
}

/**
 * Builds and packages the extension; returns the .vsix path. NCR_VSIX=<file>
 * uses an existing package instead (for trying the harness with another build).
 */
export function buildVsix() {
  if (process.env.NCR_VSIX) {
    const vsix = resolve(process.env.NCR_VSIX);
    if (!existsSync(vsix)) throw new Error(`NCR_VSIX=${vsix} does not exist`);
    return vsix;
  }
  npmRun('build');
  npmRun('package');
  if (!existsSync(VSIX)) throw new Error(`npm run package did not write ${VSIX}`);
  return VSIX;
}

/**
 * The folder to open. A folder argument (or NCR_DEMO_FOLDER) is opened as it is. Otherwise the
 * working copy `copy` of examples/demo-app: made when missing, kept as the user left it, and
 * made afresh with --reset-demo among `args` (or `fresh`, for a run that must show the demo
 * untouched).
 */
export function demoFolder({ args = process.argv.slice(2), env = process.env, copy = DEMO_COPY, fresh = false, log = console.log } = {}) {
  const options = args.filter((arg) => arg.startsWith('--'));
  const unknown = options.find((option) => option !== RESET_DEMO_FLAG);
  if (unknown) throw new Error(`unknown option ${unknown} (give ${RESET_DEMO_FLAG}, or a folder to open)`);
  const folders = args.filter((arg) => !arg.startsWith('--'));
  if (folders.length > 1) throw new Error(`one folder to open, not ${folders.length}: ${folders.join(' ')}`);
  const own = folders[0] || env.NCR_DEMO_FOLDER;
  if (own) {
    if (options.includes(RESET_DEMO_FLAG))
      throw new Error(`${RESET_DEMO_FLAG} remakes the demo's working copy; it does not touch a folder of your own (${own})`);
    const folder = resolve(own);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new Error(`the folder ${folder} does not exist`);
    }
    return folder;
  }
  const { folder, action } = prepareDemoCopy({ source: DEMO_SOURCE, target: copy, reset: fresh || options.includes(RESET_DEMO_FLAG) });
  const shown = relative(paths.repoRoot, folder);
  const source = relative(paths.repoRoot, DEMO_SOURCE);
  if (action === 'kept')
    log(`Demo: ${shown}, as you left it (\`npm start -- ${RESET_DEMO_FLAG}\` replaces it with a fresh copy of ${source})`);
  else log(`Demo: ${shown}, a ${action === 'reset' ? 'fresh ' : ''}copy of ${source}; changes you make there stay out of git`);
  return folder;
}

/** `wanted` if it is free on 127.0.0.1, else 0 (code-server then gets a free port from the OS). */
export async function choosePort(wanted) {
  if (await isPortFree(wanted)) return wanted;
  console.log(`port ${wanted} is busy; using a free one`);
  return 0;
}

/**
 * Installs the .vsix into `extensionsDir`, then starts code-server (no test
 * driver) with it. Workspace trust is off so the demo opens without a prompt.
 */
export async function startWithVsix({ vsix, extensionsDir, ...options }) {
  installVsix(vsix, extensionsDir);
  return startCodeServer({ ...options, extensionsDir, smokeTestDriver: false, workspaceTrust: false });
}
