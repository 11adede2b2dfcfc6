/**
 * The corpus labels (test/corpus/labels/*.json) are read by `npm run corpus` on another day and
 * machine: a malformed label would silently score nothing, so their shape is checked here.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CODES } from '../../../src/core/codes';
import { repoRoot } from '../support/repo';

const LABELS = path.join(repoRoot(), 'test', 'corpus', 'labels');

interface Verdict {
  code: string;
  evidence: string;
}
interface FileLabel {
  file: string;
  cronPath?: string;
  analysable?: boolean;
  expected: Verdict[];
  notExpected: Verdict[];
}
interface AppLabel {
  repo: string;
  commit: string;
  holdout: boolean;
  shape: string;
  files: FileLabel[];
}

function verdicts(list: unknown, where: string): void {
  assert.ok(Array.isArray(list), `${where} is an array`);
  for (const v of list as Verdict[]) {
    assert.ok(v.code in CODES, `${where}: ${v.code} is a registered code`);
    assert.ok(typeof v.evidence === 'string' && v.evidence.trim().length > 0, `${where}: ${v.code} has evidence`);
  }
}

const files = fs.existsSync(LABELS) ? fs.readdirSync(LABELS).filter((name) => name.endsWith('.json')).sort() : [];

describe('corpus labels', () => {
  for (const name of files) {
    it(name, () => {
      const label = JSON.parse(fs.readFileSync(path.join(LABELS, name), 'utf8')) as AppLabel;
      assert.match(label.repo, /^[\w.-]+\/[\w.-]+$/);
      assert.equal(name, `${label.repo.replace('/', '+')}.json`, 'the file is named after the repository');
      assert.match(label.commit, /^[0-9a-f]{40}$/);
      assert.equal(typeof label.holdout, 'boolean');
      assert.ok(label.shape.trim().length > 0);
      assert.ok(label.files.length > 0);
      const seen = new Set<string>();
      for (const entry of label.files) {
        assert.ok(!path.isAbsolute(entry.file) && !entry.file.split('/').includes('..'), `${entry.file} is inside the repository`);
        assert.ok(!seen.has(entry.file), `${entry.file} is labelled once`);
        seen.add(entry.file);
        verdicts(entry.expected, `${entry.file} expected`);
        verdicts(entry.notExpected, `${entry.file} notExpected`);
        const both = entry.expected.filter((e) => entry.notExpected.some((n) => n.code === e.code));
        assert.deepEqual(both, [], `${entry.file}: no code is both expected and not expected`);
      }
    });
  }
});
