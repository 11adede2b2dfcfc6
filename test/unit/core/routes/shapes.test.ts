/**
 * The shapes-* fixture apps: small Next.js apps of our own, each holding the code shapes real
 * projects write (issue #15), with an expected-findings.json saying which codes `check` reports
 * on each file. Every app here is also opened in the real editor (test/integration/runTest.ts).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../../../src/cli/main';
import { repoRoot } from '../../support/repo';
import { codesByFile, normalise } from '../../support/expectedFindings';

const FIXTURES = path.join(repoRoot(), 'test', 'fixtures');
const NOW = new Date('2026-11-28T01:48:00Z');

export const SHAPE_APPS = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.startsWith('shapes-') && fs.existsSync(path.join(FIXTURES, name, 'expected-findings.json')))
  .sort();

describe('shapes-* apps: check reports exactly the expected codes per file', () => {
  for (const app of SHAPE_APPS) {
    it(app, async () => {
      const root = path.join(FIXTURES, app);
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['check', root, '--format', 'json'], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: root, now: () => NOW });
      assert.ok(code === 0 || code === 1, `check exited ${code}: ${err.join('\n')}`);
      const expected = JSON.parse(fs.readFileSync(path.join(root, 'expected-findings.json'), 'utf8')) as Record<string, string[]>;
      const diagnostics = (JSON.parse(out.join('\n')) as { diagnostics: Array<{ file: string; code: string }> }).diagnostics;
      assert.deepEqual(codesByFile(diagnostics), normalise(expected));
    });
  }
});
