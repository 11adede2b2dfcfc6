#!/usr/bin/env node
// `npm start`: builds and packages the extension, installs the .vsix into a
// real VS Code (code-server, see shared/reference/e2e.md) and serves it on
// 127.0.0.1 opened on .cache/demo-app, a working copy of examples/demo-app
// made on first use (edits, `next dev` and .env.local stay out of git).
// Open the printed URL in a browser; Ctrl+C stops it.
//
//   PORT=9000 npm start           port (default 8123; a free one if busy)
//   npm start -- --reset-demo     replace .cache/demo-app with a fresh copy
//   npm start -- <folder>         open another folder (or NCR_DEMO_FOLDER)
//   NCR_VSIX=<file> npm start     skip build + package, install that .vsix

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderUrl } from './e2e/codeServer.mjs';
import { buildVsix, choosePort, demoFolder, startWithVsix } from './e2e/demo.mjs';
import { ensureProvisioned, paths } from './e2e/provision.mjs';
import { ensureDependencies } from './ensureDependencies.mjs';

const DEFAULT_PORT = 8123;
/** One stable folder, so the demo keeps its editor state between starts. */
const START_DIR = join(paths.cache, 'start');
/** Lets CI (and a user) find and stop a server whose parent was killed. */
const PID_FILE = join(START_DIR, 'code-server.pid');

async function main() {
  // A fresh clone has no node_modules: the build below needs them.
  ensureDependencies();
  const folder = demoFolder();
  const vsix = buildVsix();
  await ensureProvisioned();
  mkdirSync(START_DIR, { recursive: true });
  const port = await choosePort(Number(process.env.PORT) || DEFAULT_PORT);
  const server = await startWithVsix({
    vsix,
    extensionsDir: join(START_DIR, 'extensions'),
    userDataDir: join(START_DIR, 'user-data'),
    runDir: START_DIR,
    port,
  });
  writeFileSync(PID_FILE, `${server.child.pid}\n`);

  let stopping = false;
  const shutdown = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping code-server`);
    await server.stop();
    rmSync(PID_FILE, { force: true });
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, shutdown);
  server.exited.then((code) => {
    if (stopping) return;
    rmSync(PID_FILE, { force: true });
    console.error(`code-server exited unexpectedly (${code}); see ${server.logFile}`);
    process.exit(1);
  });

  console.log(`Next Cron Routes demo: ${folderUrl(server.url, folder)}`);
  console.log(`(code-server log: ${server.logFile}; Ctrl+C to stop)`);
}

main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
