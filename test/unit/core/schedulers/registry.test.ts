import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readersOf, SCHEDULER_SOURCES } from '../../../../src/core/schedulers/registry';

/** Words the readers' prefilters look for, and near misses of them. */
const WORDS = [
  'schedule', 'schedules.create', 'node-cron', 'node-schedule', 'croner', 'Cron', 'cron', 'createFunction', '@upstash/qstash',
  '@upstash/redis', '@trigger.dev/sdk', '@trigger.dev/sdk/v3', '@netlify/functions', 'export const config', 'on:', '\n', ' ', 'x',
];
const FILES = ['app/api/cron/a/route.ts', '.github/workflows/nightly.yml', 'netlify.toml', 'netlify/functions/daily.mts', 'src/jobs.js', 'trigger/digest.ts', 'inngest/fns.ts'];

describe('scheduler readers: the one-scan prefilter', () => {
  it('asks exactly the readers whose own prefilter passes, whatever the text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILES), fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }), (file, words) => {
        const text = words.join('');
        assert.deepEqual(readersOf(file, text), SCHEDULER_SOURCES.filter((reader) => reader.mayDeclare(file, text)));
      }),
      { numRuns: 3000, seed: 20261207 },
    );
  });
});
