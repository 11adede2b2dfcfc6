import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mayHaveSchedulerFileFindings, SCHEDULER_FILE_RULES } from '../../../../../src/core/schedulers/rules';

/** Words the rules' prefilters look for, in several cases, and near misses of them. */
const WORDS = [
  'setInterval', 'setTimeout', "'node-cron'", '"node-schedule"', "'croner'", 'cron', '@upstash/qstash', 'Upstash-Signature', 'UPSTASH-SIGNATURE',
  'upStash-signature', 'upstash', 'schedules.create', 'client.publish', '.publishJSON', 'publish', 'curl ', 'wget\t', 'http ', 'https ', 'curl', '\n', ' ', "'", 'x',
];
const FILES = ['app/api/cron/a/route.ts', 'instrumentation.ts', 'lib/jobs.js', '.github/workflows/nightly.yml', '.github/workflows/call.yaml', 'README.md', 'scripts/run.mjs'];

describe('scheduler file rules: the one-scan prefilter', () => {
  it('passes exactly the files some rule’s own prefilter passes, whatever the text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILES), fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }), (file, words) => {
        const text = words.join('');
        assert.equal(mayHaveSchedulerFileFindings(file, text), SCHEDULER_FILE_RULES.some((rule) => rule.mayHaveFindings(file, text)));
      }),
      { numRuns: 4000, seed: 20261207 },
    );
  });
});
