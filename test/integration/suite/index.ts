// Mocha bootstrap that VS Code loads as --extensionTestsPath: it runs inside
// the extension host, so the tests can use the real `vscode` API.
//
// It runs every *.test.js under one folder: NCR_SUITE_DIR when runTest.ts sets
// it (one folder per integration run), else this file's own folder. At the end
// it prints one line `NCR_MOCHA_RESULT {"passed":N,"failed":M}`, which the
// runner (scripts/e2e/runSuite.mjs) reads from the forwarded console to count
// tests, since the process exit code alone cannot tell "0 tests" from "all passed".
//
// NCR_IT_GREP (set by runTest.ts from its own environment) runs only the tests whose full title
// matches it, as mocha's --grep; a filter that selects nothing fails the run.

import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/** Mocha settings shared by every integration run. */
const MOCHA_OPTIONS: Mocha.MochaOptions = { ui: 'tdd', timeout: 20_000, color: false };

/** Every *.test.js under `dir`, sorted so runs are repeatable. */
export function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTestFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

function reportResult(passed: number, failed: number): void {
  console.log(`NCR_MOCHA_RESULT ${JSON.stringify({ passed, failed })}`);
}

/** Runs the suite; resolves when every test passed, rejects otherwise. */
export function run(): Promise<void> {
  const dir = process.env.NCR_SUITE_DIR ? path.resolve(process.env.NCR_SUITE_DIR) : __dirname;
  return new Promise<void>((resolve, reject) => {
    try {
      const files = findTestFiles(dir);
      if (files.length === 0) {
        // An empty run must fail, not pass silently.
        throw new Error(`no *.test.js files under ${dir}`);
      }
      const grep = process.env.NCR_IT_GREP;
      const mocha = new Mocha({ ...MOCHA_OPTIONS, ...(grep ? { grep } : {}) });
      files.forEach((file) => mocha.addFile(file));
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        let failed = runner.stats?.failures ?? failures;
        if (grep && passed + failed + (runner.stats?.pending ?? 0) === 0) {
          // A filter that selected no test is a mistake, not a pass.
          console.error(`NCR_IT_GREP=${grep} selected no test under ${dir}`);
          failed = 1;
        }
        reportResult(passed, failed);
        if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
        else resolve();
      });
    } catch (error) {
      // A test file that throws while loading is one failure, not a silent zero.
      console.error(error);
      reportResult(0, 1);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
