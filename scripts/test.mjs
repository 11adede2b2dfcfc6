// `npm test`: lint, type-check + compile, bundle, unit tests, then the integration suite inside
// a real VS Code. Every stage runs even after a failure so one run shows everything, and the
// last line is the summary CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensureDependencies.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const unitOnly = process.argv.includes('--unit-only');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

// A fresh clone has no node_modules yet: install from the lock file before anything needs it.
// A failed install still ends with the summary line.
try {
  ensureDependencies();
} catch (error) {
  console.error(`\n✘ install dependencies: ${error.message}`);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

let passed = 0;
let failed = 0;
const failures = [];

function run(label, command, args, options = {}) {
  console.log(`\n▶ ${label}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...options.env } });
  if (options.capture && result.stdout) process.stdout.write(result.stdout);
  const ok = result.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { ok, stdout: result.stdout ?? '' };
}

/** A stage that is not itself a test suite counts as one check. */
function check(label, command, args) {
  const { ok } = run(label, command, args);
  if (ok) passed++;
  else {
    failed++;
    failures.push(label);
  }
  return ok;
}

function listTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.js'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

check('lint (eslint)', bin('eslint'), ['.']);
// tsc never deletes what it emitted for a source since renamed or removed: a stale
// out/test/**.test.js would still run and fail (or pass) against today's modules.
fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
const compiled = check('type-check and compile (tsc, strict)', bin('tsc'), ['-p', 'tsconfig.json']);
const built = check('bundle (esbuild)', process.execPath, ['esbuild.js']);

if (compiled && built) {
  const files = listTests(path.join(root, 'out', 'test', 'unit'));
  const unit = run(`unit tests (${files.length} files, node --test)`, process.execPath, ['--test', '--test-reporter=tap', ...files], { capture: true, env: { FC_SEED: process.env.FC_SEED ?? '20261128' } });
  const pass = Number(/^# pass (\d+)/m.exec(unit.stdout)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(unit.stdout)?.[1] ?? 0);
  passed += pass;
  failed += fail;
  if (fail || !unit.ok || files.length === 0) failures.push('unit tests');
  if (!unit.ok && fail === 0) failed++;
} else {
  failures.push('unit tests (not run: compile or bundle failed)');
  failed++;
}

if (!unitOnly) {
  // A fresh clone has no editor yet: install it into .cache/ (a few minutes once, a cheap check
  // after that, as in CI, which provisions first). If it fails, the suite reports what is missing.
  run('real editor in .cache/ (installed on first run)', process.execPath, [path.join('scripts', 'e2e', 'provision.mjs')]);
  const resultFile = path.join(root, '.cache', 'integration-results.json');
  fs.rmSync(resultFile, { force: true });
  const integration = compiled && built ? run('integration tests (real VS Code: code-server + Chromium)', process.execPath, ['out/test/integration/runTest.js']) : { ok: false };
  let counted = false;
  if (fs.existsSync(resultFile)) {
    const counts = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    passed += counts.passed;
    failed += counts.failed;
    counted = counts.passed + counts.failed > 0;
    if (counts.failed) failures.push('integration tests');
  }
  // A suite that never reported (no editor, no browser, a crash) is a failure, never a skip.
  if (!integration.ok && !failures.includes('integration tests')) {
    failed++;
    failures.push('integration tests');
  } else if (!counted) {
    failed++;
    failures.push('integration tests (no result)');
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
