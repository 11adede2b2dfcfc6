import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jobFindings, jobHoverMarkdown, jobLensTitle } from '../../../../src/core/schedulers/present';
import { SCHEDULER_SOURCES } from '../../../../src/core/schedulers/registry';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';

/**
 * Bad input is normal input: half-typed and scrambled scheduler code never makes a reader throw,
 * and every job it does declare has spans inside the file and a hover, a lens and findings.
 */
const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261207;

const PIECES = [
  "import cron from 'node-cron';",
  "import { Client } from '@upstash/qstash';",
  "import { schedules } from '@trigger.dev/sdk';",
  "import { Cron } from 'croner';",
  "import * as schedule from 'node-schedule';",
  "import { Inngest } from 'inngest';",
  "const c = new Client({});",
  "const i = new Inngest({ id: 'a' });",
  "const E = '0 3 * * *';",
  'cron.schedule(', 'c.schedules.create({', 'schedules.task({', 'new Cron(', 'schedule.scheduleJob(', 'i.createFunction({',
  "'*/5 * * * *'", "'CRON_TZ=Mars/Base 0 1 * * *'", "'TZ=Europe/Paris 0 12 * * 5'", "'@daily'", 'E', "`0 ${h} * * *`",
  'cron:', 'destination:', 'pattern:', 'timezone:', 'tz:', 'rule:', 'id:', 'triggers:', '{', '}', '(', ')', '[', ']', ',', ';', '...rest', '() => 1', '\n',
];

describe(`scheduler readers on scrambled code (fast-check seed ${SEED})`, () => {
  it('never throw, and what they declare has spans in the file and can be shown', () => {
    const now = new Date('2026-03-02T10:00:00Z');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const text = pieces.join(' ');
        const context = { readFile: () => undefined, loadTypeScript };
        for (const reader of SCHEDULER_SOURCES) {
          if (!reader.mayDeclare('a.ts', text)) continue;
          for (const job of reader.read('a.ts', text, context)) {
            assert.ok(job.expressionSpan.start >= 0 && job.expressionSpan.end <= text.length);
            assert.ok(job.declared.span.start >= 0 && job.declared.span.end <= text.length);
            jobFindings(job, text, { now, rules: {} });
            jobHoverMarkdown(job, { now, displayTimeZone: 'UTC', rules: {} });
            jobLensTitle(job, now);
          }
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('a member chain as long as a file is not followed, and does not overflow the stack', () => {
    const text = `import cron from 'node-cron';\ncron${'.x'.repeat(20000)}.schedule('0 1 * * *', f);`;
    for (const reader of SCHEDULER_SOURCES) assert.deepEqual(reader.read('a.ts', text, { readFile: () => undefined, loadTypeScript }), []);
  });
});
