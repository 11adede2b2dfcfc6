// Pieces shared by `npm start` (scripts/start.mjs) and the README screenshot
// (scripts/screenshot.mjs): build the .vsix, find the demo app, pick a port,
// and start code-server with the packaged extension installed — the way a
// user would get it, not loaded from source.

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installVsix, isPortFree, startCodeServer } from './codeServer.mjs';
import { paths } from './provision.mjs';

/** The extension's id as code-server lists it (publisher.name in package.json). */
export const EXTENSION_ID = 'next-cron-routes.next-cron-routes';
/** Where `npm run package` writes the .vsix. */
export const VSIX = join(paths.repoRoot, 'dist', 'next-cron-routes.vsix');
/** The small Next.js app with a vercel.json that the demo opens. */
export const DEMO_FOLDER = join(paths.repoRoot, 'examples', 'demo-app');

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

/** The folder to open: the CLI argument or NCR_DEMO_FOLDER, else examples/demo-app. */
export function demoFolder(override = process.argv[2] ?? process.env.NCR_DEMO_FOLDER) {
  const folder = resolve(override ?? DEMO_FOLDER);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new Error(`the demo folder ${folder} does not exist`);
  }
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
