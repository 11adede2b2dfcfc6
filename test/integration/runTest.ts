// Integration test entry (`npm run test:integration`): the standard
// @vscode/test-electron layout, but VS Code desktop cannot be downloaded on
// these machines, so `vscodeExecutablePath` is a stand-in that runs the suite
// in code-server + headless chromium (scripts/e2e/runSuite.mjs; see
// shared/reference/e2e.md). Run `npm run e2e:provision` once first.
//
// Each entry of RUNS is one editor session: a folder of compiled *.test.js
// files run against one workspace folder. Select runs with
//   node out/test/integration/runTest.js [name ...]      (or NCR_IT_RUNS=a,b)
// or run one ad-hoc folder with
//   node out/test/integration/runTest.js --tests suite --workspace test/integration/fixtures/workspace [--trust]
// Run only the tests whose full title matches a pattern (mocha's --grep, case-sensitive regex):
//   NCR_IT_GREP='route-missing-get' node out/test/integration/runTest.js default
// A pattern that matches no test of a run fails that run, so a typo is never a green run.
// Counts summed over the runs go to .cache/integration-results.json as
// {"passed":N,"failed":M}; a run that crashes, times out or reports no counts
// adds one failure, so nothing is ever skipped silently.

import * as fs from 'fs';
import * as path from 'path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';

/** One editor session: a folder of tests against a workspace. */
export interface IntegrationRun {
  /** Names the run on the command line, in logs and in artifact files. */
  name: string;
  /** Folder of compiled *.test.js files, relative to out/test/integration. */
  tests: string;
  /** Workspace folder opened in the editor, relative to the repo root. */
  workspace: string;
  /** true: workspace trust is on and the folder starts untrusted, as for a new user. */
  workspaceTrust?: boolean;
  /** Extra environment for the extension host (and so for the tests). */
  env?: Record<string, string>;
  /** Whole-run time limit in ms (default: the runner's 300 s). */
  timeoutMs?: number;
}

/** Add a run here for a new workspace; its tests live in test/integration/<tests>/. */
export const RUNS: IntegrationRun[] = [
  { name: 'default', tests: 'suite', workspace: 'test/integration/fixtures/workspace' },
  // Trigger Cron Route against a real `next dev` the tests start; the workspace is the app itself.
  { name: 'trigger', tests: 'trigger', workspace: 'test/fixtures/trigger-app' },
  { name: 'trigger-untrusted', tests: 'trigger-untrusted', workspace: 'test/fixtures/trigger-app', workspaceTrust: true },
  // vercel.toml and vercel.ts: hovers, diagnostics and a fix in the file's own syntax.
  { name: 'config-files', tests: 'config-files', workspace: 'test/integration/fixtures/config-files' },
  // Schedulers declared in files (#19): a workflow's and netlify.toml's hovers, lenses and diagnostics.
  { name: 'schedulers-files', tests: 'schedulers-files', workspace: 'test/fixtures/schedulers-files' },
  // Workflows calling the app's cron routes without the secret (#20): the finding and its quick fix.
  { name: 'workflows-cron-calls', tests: 'workflows-cron-calls', workspace: 'test/fixtures/workflows-cron-calls' },
  // Schedulers written in code (issue #19): hovers, lenses and findings in QStash and Trigger.dev calls.
  { name: 'schedulers-code', tests: 'schedulers', workspace: 'test/fixtures/schedulers-code' },
  // QStash receiving routes (issue #20): qstash-missing-verification and its quick fix, route-missing-method at a destination.
  { name: 'qstash-routes', tests: 'qstash', workspace: 'test/fixtures/qstash-routes' },
  // In-process schedulers in a Vercel-deployed app (issue #20): the editor shows what check shows, and the move to vercel.json.
  { name: 'in-process-schedulers', tests: 'in-process-schedulers', workspace: 'test/fixtures/in-process-schedulers' },
  // The route rules in the editor against `check` on the route fixture apps.
  { name: 'routes-broken', tests: 'routes', workspace: 'test/fixtures/routes-broken', env: { NCR_ROUTES_FIXTURE: 'routes-broken' } },
  { name: 'routes-protected', tests: 'routes', workspace: 'test/fixtures/routes-protected', env: { NCR_ROUTES_FIXTURE: 'routes-protected' } },
  // The shapes real projects write (issue #15): every test/fixtures/shapes-* app with an expected-findings.json.
  ...shapeApps().map((name) => ({ name, tests: 'routes', workspace: `test/fixtures/${name}`, env: { NCR_ROUTES_FIXTURE: name } })),
];

function shapeApps(): string[] {
  const fixtures = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
  return fs
    .readdirSync(fixtures)
    .filter((name) => name.startsWith('shapes-') && fs.existsSync(path.join(fixtures, name, 'expected-findings.json')))
    .sort();
}

interface Counts {
  passed: number;
  failed: number;
}

/** What scripts/e2e/runSuite.mjs writes to NCR_E2E_RESULT_FILE. */
interface RunResult {
  exitCode?: number;
  passed?: number;
  failed?: number;
  error?: string;
}

const OUT_DIR = __dirname; // <repo>/out/test/integration
const REPO_ROOT = path.resolve(OUT_DIR, '..', '..', '..');
const CACHE_DIR = path.join(REPO_ROOT, '.cache');
const RESULTS_FILE = path.join(CACHE_DIR, 'integration-results.json');
/** The shared mocha bootstrap; NCR_SUITE_DIR tells it which folder to run. */
const BOOTSTRAP = path.join(OUT_DIR, 'suite', 'index.js');
const STAND_IN = path.join(REPO_ROOT, 'scripts', 'e2e', 'code-stand-in.sh');

/** Reads the command line (or NCR_IT_RUNS) into the runs to execute. */
export function selectRuns(argv: string[], env: NodeJS.ProcessEnv = process.env): IntegrationRun[] {
  const names: string[] = [];
  let adHoc: Partial<IntegrationRun> | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--tests') (adHoc ??= {}).tests = value();
    else if (arg === '--workspace') (adHoc ??= {}).workspace = value();
    else if (arg === '--name') (adHoc ??= {}).name = value();
    else if (arg === '--trust') (adHoc ??= {}).workspaceTrust = true;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else names.push(arg);
  }
  if (adHoc) {
    if (!adHoc.tests || !adHoc.workspace) throw new Error('--tests and --workspace go together');
    return [{ name: adHoc.name ?? 'adhoc', tests: adHoc.tests, workspace: adHoc.workspace, workspaceTrust: adHoc.workspaceTrust }];
  }
  if (names.length === 0 && env.NCR_IT_RUNS) names.push(...env.NCR_IT_RUNS.split(',').map((n) => n.trim()));
  if (names.length === 0) return RUNS;
  return names.map((name) => {
    const run = RUNS.find((r) => r.name === name);
    if (!run) throw new Error(`unknown integration run "${name}"; known: ${RUNS.map((r) => r.name).join(', ')}`);
    return run;
  });
}

function readRunResult(file: string): RunResult | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RunResult;
  } catch {
    return undefined;
  }
}

function writeTotals(totals: Counts): void {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(totals) + '\n');
}

/** Runs one editor session; returns its counts (a broken run counts as one failure). */
async function executeRun(run: IntegrationRun): Promise<Counts> {
  const testsDir = path.resolve(OUT_DIR, run.tests);
  const source = path.resolve(REPO_ROOT, run.workspace);
  // Tests edit, create and delete files: they get a fresh copy, so a failing test can never
  // leave the repository's fixtures changed for the next run.
  const workspace = path.join(CACHE_DIR, 'workspaces', run.name);
  fs.rmSync(workspace, { recursive: true, force: true });
  if (fs.existsSync(source)) fs.cpSync(source, workspace, { recursive: true });
  const resultFile = path.join(CACHE_DIR, `integration-run-${run.name}.json`);
  fs.rmSync(resultFile, { force: true });
  for (const [what, dir] of [
    ['compiled tests', testsDir],
    ['workspace', workspace],
  ]) {
    if (!fs.existsSync(dir)) {
      console.error(`[integration ${run.name}] FAILED: the ${what} folder ${dir} does not exist`);
      return { passed: 0, failed: 1 };
    }
  }

  console.log(`[integration ${run.name}] tests ${path.relative(REPO_ROOT, testsDir)} on a copy of ${run.workspace}`);
  let exitCode: number;
  try {
    exitCode = await runTests({
      vscodeExecutablePath: STAND_IN,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: BOOTSTRAP,
      launchArgs: [workspace],
      // Skips the --user-data-dir/--extensions-dir flags meant for desktop VS
      // Code; the stand-in makes a fresh profile for every run anyway.
      reuseMachineInstall: true,
      extensionTestsEnv: {
        ...run.env,
        NCR_SUITE_DIR: testsDir,
        NCR_E2E_RUN_NAME: run.name,
        NCR_E2E_RESULT_FILE: resultFile,
        NCR_E2E_NODE: process.execPath,
        NCR_E2E_WORKSPACE_TRUST: run.workspaceTrust ? '1' : '0',
        ...(process.env.NCR_IT_GREP ? { NCR_IT_GREP: process.env.NCR_IT_GREP } : {}),
        ...(run.timeoutMs ? { NCR_E2E_TIMEOUT_MS: String(run.timeoutMs) } : {}),
      },
    });
  } catch (error) {
    if (!(error instanceof TestRunFailedError)) throw error;
    exitCode = error.code ?? 1;
  }

  const result = readRunResult(resultFile);
  if (result?.passed === undefined || result.failed === undefined) {
    console.error(`[integration ${run.name}] FAILED: no test counts (exit ${exitCode}${result?.error ? `: ${result.error}` : ''})`);
    return { passed: result?.passed ?? 0, failed: Math.max(1, result?.failed ?? 0) };
  }
  // A non-zero exit with no failing test (e.g. a crash after mocha finished) still fails the run.
  const failed = exitCode !== 0 && result.failed === 0 ? 1 : result.failed;
  return { passed: result.passed, failed };
}

/** Summed over the runs so far; also what a crash part-way leaves behind. */
const totals: Counts = { passed: 0, failed: 0 };

async function main(): Promise<number> {
  const runs = selectRuns(process.argv.slice(2));
  fs.rmSync(RESULTS_FILE, { force: true });
  for (const run of runs) {
    const counts = await executeRun(run);
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    // Written after every run so a crash part-way still leaves the counts so far.
    writeTotals(totals);
  }
  console.log(`Integration tests (${runs.map((r) => r.name).join(', ')}): ${totals.passed} passing, ${totals.failed} failing`);
  return totals.failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`[integration] FAILED: ${error instanceof Error ? error.message : String(error)}`);
      totals.failed += 1;
      writeTotals(totals);
      process.exit(1);
    },
  );
}
