#!/usr/bin/env node
// Runs an extension's mocha suite inside a real VS Code: code-server with the
// smoke-test driver, opened in headless chromium with a test payload. This is
// how VS Code runs its own web integration tests (shared/reference/e2e.md).
//
// It is spawned through code-stand-in.sh by @vscode/test-electron's
// runTests({ vscodeExecutablePath }), so it accepts the desktop CLI's
// arguments: --extensionDevelopmentPath=…, --extensionTestsPath=… and the
// workspace folder as a positional argument; the other desktop flags
// (--no-sandbox, --user-data-dir=…, …) do not apply to code-server and are
// ignored. The exit code is the suite's (0 = all passed).
//
// Environment (all optional):
//   NCR_E2E_RUN_NAME         names artifacts and log lines (default "integration")
//   NCR_E2E_TIMEOUT_MS       whole-run limit (default 300000); on expiry: exit 1
//   NCR_E2E_RESULT_FILE      where to write {"passed","failed","exitCode",…} as JSON
//   NCR_E2E_WORKSPACE_TRUST  "1": workspace trust on, as for a real user (default off)
// Every variable also reaches the extension host, so tests can read their own.

import { cpSync, existsSync, mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { encodePath, launchChromium, makeRunDir, startCodeServer } from './codeServer.mjs';
import { assertProvisioned, paths } from './provision.mjs';

const DEFAULT_TIMEOUT_MS = 300_000;
/** The line test/integration/suite/index.ts prints with mocha's counts. */
const RESULT_MARKER = 'NCR_MOCHA_RESULT ';
/**
 * Lines not worth printing (they still go to the failure artifacts): the
 * harmless errors of code-server on a closed network listed in e2e.md, and
 * the workbench's own start-up chatter, which shares the channel with the
 * extension host's console.
 */
const NOISE = [
  /ENOTFOUND open-vsx\.org/,
  /vsda/,
  /reading 'add'/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(/,
  /^\[(reconnection-grace-time|Service Worker|AgentHost[^\]]*|AccountPolicyGate)\]/,
  /^Updating additional builtin extensions cache/,
  /^\[DefaultAccount\]/,
  /^Timed out waiting for authentication provider/,
  /^Canceled: Canceled/,
  /^No search provider registered for scheme/,
];
/** Desktop flags that take their value as the next argument when written without "=". */
const FLAGS_WITH_VALUE = new Set([
  'extensionDevelopmentPath',
  'extensionTestsPath',
  'user-data-dir',
  'extensions-dir',
  'locale',
  'log',
  'profile',
  'folder-uri',
  'file-uri',
  'disable-extension',
  'inspect-extensions',
  'inspect-brk-extensions',
]);

/** Splits the desktop-style command line that test-electron builds. */
export function parseArgs(argv) {
  const parsed = { devPaths: [], testsPath: undefined, folders: [], ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const flag = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!flag) {
      parsed.folders.push(arg);
      continue;
    }
    const [, name, inline] = flag;
    const value = inline ?? (FLAGS_WITH_VALUE.has(name) ? argv[++i] : undefined);
    if (name === 'extensionDevelopmentPath') parsed.devPaths.push(resolve(value));
    else if (name === 'extensionTestsPath') parsed.testsPath = resolve(value);
    else parsed.ignored.push(arg);
  }
  return parsed;
}

function fail(message) {
  throw Object.assign(new Error(message), { userFacing: true });
}

function validate(args) {
  if (args.devPaths.length === 0) fail('missing --extensionDevelopmentPath=<extension folder>');
  for (const dir of args.devPaths) {
    if (!existsSync(join(dir, 'package.json'))) fail(`no extension at ${dir} (no package.json)`);
  }
  if (!args.testsPath) fail('missing --extensionTestsPath=<compiled suite index>');
  if (!existsSync(args.testsPath)) {
    fail(`the test entry ${args.testsPath} does not exist; compile the tests first (npm run compile)`);
  }
  if (args.folders.length > 1) fail(`one workspace folder at most, got: ${args.folders.join(', ')}`);
  for (const folder of args.folders) {
    if (!existsSync(folder) || !statSync(folder).isDirectory()) fail(`workspace folder ${folder} does not exist`);
  }
}

/** The workbench URL that loads the extension from source and runs its tests. */
function testUrl(server, args) {
  const remote = (p) => `vscode-remote://${server.authority}${encodePath(p)}`;
  const payload = [
    ...args.devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(args.testsPath)],
    ['skipWelcome', 'true'],
  ];
  const query = [];
  if (args.folders[0]) query.push(`folder=${encodePath(resolve(args.folders[0]))}`);
  query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}?${query.join('&')}`;
}

/**
 * Formats what the workbench forwards: a console call's arguments, unformatted
 * (mocha's reporter logs printf-style: ["  %d passing (%s)", 3, "40ms"]).
 */
function formatLogArgs(args) {
  return Array.isArray(args) ? format(...args) : String(args);
}

/** Finds the last NCR_MOCHA_RESULT line among the extension host's output. */
export function parseMochaResult(lines) {
  for (let i = lines.length - 1; i >= 0; i--) {
    const at = lines[i].indexOf(RESULT_MARKER);
    if (at === -1) continue;
    try {
      const { passed, failed } = JSON.parse(lines[i].slice(at + RESULT_MARKER.length).trim());
      if (Number.isInteger(passed) && Number.isInteger(failed)) return { passed, failed };
    } catch {
      // A malformed marker line counts as no result.
    }
  }
  return undefined;
}

/**
 * Opens the payload URL and resolves with the suite's exit code, or rejects
 * when the browser, the page or code-server dies first, or on timeout.
 */
async function runPayload(server, page, url, { timeoutMs, hostLines, browserLog }) {
  let settle;
  const outcome = new Promise((resolvePromise, rejectPromise) => {
    settle = { resolve: resolvePromise, reject: rejectPromise };
  });
  await page.exposeFunction('codeAutomationExit', (code) => settle.resolve(Number(code)));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = formatLogArgs(args);
    hostLines.push(text);
    if (NOISE.some((re) => re.test(text))) return;
    (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
  });
  page.on('console', (msg) => browserLog.push(`[${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (error) => browserLog.push(`[pageerror] ${error.stack ?? error.message}`));
  page.on('crash', () => settle.reject(new Error('the workbench page crashed')));
  page.context().on('close', () => settle.reject(new Error('the browser closed before the suite finished')));
  server.exited.then((code) => settle.reject(new Error(`code-server exited (${code}) before the suite finished`)));

  const timer = setTimeout(
    () => settle.reject(Object.assign(new Error(`the suite did not finish within ${timeoutMs / 1000} s`), { timedOut: true })),
    timeoutMs,
  );
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return await outcome;
  } finally {
    clearTimeout(timer);
  }
}

function slug(text) {
  return text.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'run';
}

/** Keeps what helps to debug a failed run: screenshot, logs, user-data logs. */
async function saveArtifacts({ runName, page, server, hostLines, browserLog }) {
  mkdirSync(paths.artifacts, { recursive: true });
  const base = join(paths.artifacts, `${slug(runName)}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const saved = [];
  if (page && !page.isClosed()) {
    await page
      .screenshot({ path: `${base}.png`, timeout: 10_000 })
      .then(() => saved.push(`${base}.png`))
      .catch((error) => console.error(`[runSuite] screenshot failed: ${error.message}`));
  }
  writeFileSync(`${base}-extension-host.log`, hostLines.join('\n') + '\n');
  writeFileSync(`${base}-browser.log`, browserLog.join('\n') + '\n');
  saved.push(`${base}-extension-host.log`, `${base}-browser.log`);
  if (server) {
    cpSync(server.logFile, `${base}-code-server.log`);
    saved.push(`${base}-code-server.log`);
    const logs = join(server.userDataDir, 'logs');
    if (existsSync(logs)) {
      cpSync(logs, `${base}-logs`, { recursive: true });
      saved.push(`${base}-logs/`);
    }
  }
  return saved;
}

function writeResult(file, result) {
  if (!file) return;
  mkdirSync(resolve(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
}

async function main() {
  const started = Date.now();
  const runName = process.env.NCR_E2E_RUN_NAME || 'integration';
  const timeoutMs = Number(process.env.NCR_E2E_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
  const resultFile = process.env.NCR_E2E_RESULT_FILE;
  const log = (message) => console.log(`[runSuite ${runName}] ${message}`);
  const hostLines = [];
  const browserLog = [];
  const result = { name: runName, exitCode: 1, passed: undefined, failed: undefined, timedOut: false };
  let server;
  let browser;
  let runDir;

  // test-electron forwards Ctrl+C as SIGINT: end code-server and chromium too.
  let interrupted = false;
  const onSignal = (signal) => {
    interrupted = true;
    log(`${signal}: stopping`);
    Promise.allSettled([browser?.close(), server?.stop()]).then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const args = parseArgs(process.argv.slice(2));
    validate(args);
    assertProvisioned();
    runDir = makeRunDir(`test-${slug(runName)}`);
    server = await startCodeServer({
      runDir,
      smokeTestDriver: true,
      workspaceTrust: process.env.NCR_E2E_WORKSPACE_TRUST === '1',
    });
    log(`code-server ${server.url} (workspace: ${args.folders[0] ?? 'none'})`);
    browser = await launchChromium({ profileDir: join(runDir, 'chromium-profile') });
    result.exitCode = await runPayload(server, browser.page, testUrl(server, args), {
      timeoutMs,
      hostLines,
      browserLog,
    });
    // The exit code alone passes a suite that ran nothing; the counts tell.
    Object.assign(result, parseMochaResult(hostLines) ?? {});
    if (result.exitCode === 0 && result.failed > 0) result.exitCode = 1;
    if (result.passed === undefined) log(`warning: the suite printed no ${RESULT_MARKER.trim()} line`);
  } catch (error) {
    result.exitCode = 1;
    result.timedOut = Boolean(error.timedOut);
    result.error = error.message;
    console.error(`[runSuite ${runName}] FAILED: ${error.message}`);
    if (!error.userFacing && !error.timedOut && error.stack) console.error(error.stack);
  }
  if (interrupted) return;

  if (result.exitCode !== 0 && server) {
    // The page must still be open for the screenshot, so this comes before cleanup.
    result.artifacts = await saveArtifacts({ runName, page: browser?.page, server, hostLines, browserLog });
    log(`artifacts:\n  ${result.artifacts.join('\n  ')}`);
  }
  await browser?.close();
  await server?.stop();
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  writeResult(resultFile, result);
  const counts = result.passed === undefined ? 'no counts' : `${result.passed} passed, ${result.failed} failed`;
  log(`exit ${result.exitCode} (${counts}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(result.exitCode);
}

// Compared through realpath: Node resolves symlinks in import.meta.url, not in argv.
const isMain = process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain) main();
