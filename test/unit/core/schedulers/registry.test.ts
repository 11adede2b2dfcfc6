import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mayConcernSchedulers, readersOf, SCHEDULER_SOURCES } from '../../../../src/core/schedulers/registry';
import { mayHaveSchedulerFileFindings } from '../../../../src/core/schedulers/rules';

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

/** The scheduler file rules' words (rules/prefilter.test.ts), and near misses. */
const RULE_WORDS = [
  'setInterval', 'setTimeout', "'node-cron'", '"node-schedule"', "'croner'", 'Upstash-Signature', 'UPSTASH-SIGNATURE', 'upStash-signature',
  'upstash', 'QStash', 'client.publish', '.publishJSON', 'publish', 'curl ', 'wget\t', 'http ', 'https ', 'nodes-', 'set Interval',
];

describe('the one scan before readers and scheduler file rules', () => {
  it('passes every text some reader or rule prefilter passes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILES, 'instrumentation.ts', '.github/workflows/call.yaml', 'lib/jobs.mjs', 'app/page.tsx', 'scripts/run.cjs'), fc.array(fc.constantFrom(...WORDS, ...RULE_WORDS), { maxLength: 8 }), (file, words) => {
        const text = words.join('');
        if (readersOf(file, text).length > 0 || mayHaveSchedulerFileFindings(file, text)) assert.ok(mayConcernSchedulers(file, text), `${file}: ${JSON.stringify(text)}`);
      }),
      { numRuns: 6000, seed: 20261207 },
    );
  });
  it('rules out a plain cron route', () => {
    const route = `export async function GET(request: Request) {\n  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('no', { status: 401 });\n  return Response.json({ ok: true });\n}\n`;
    assert.equal(mayConcernSchedulers('app/api/cron/a/route.ts', route), false);
    assert.equal(mayConcernSchedulers('app/api/cron/a/route.ts', `${route}// https://vercel.com/docs/cron-jobs\n`), false, 'a URL in a script is no request a rule reads');
    assert.equal(mayConcernSchedulers('.github/workflows/a.yml', 'run: curl https://example.com/api/cron'), true);
  });
});
