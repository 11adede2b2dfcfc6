import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScheduledJob } from '../../../../src/core/schedulers/model';
import { jobAt, jobFindings, jobHoverMarkdown, jobLensTitle } from '../../../../src/core/schedulers/present';

const NOW = new Date('2026-03-02T10:00:00Z');

/** A job declared as `schedule(<literal>, …)` in `text`, its expression the first quoted string. */
function jobIn(text: string, overrides: Partial<ScheduledJob> = {}): ScheduledJob {
  const start = text.search(/["'`]/);
  const end = text.indexOf(text[start]!, start + 1) + 1;
  return {
    declared: { file: 'lib/jobs.ts', span: { start: 0, end: text.length } },
    source: 'node-cron',
    expression: text.slice(start + 1, end - 1),
    expressionSpan: { start, end },
    dialect: 'node-cron',
    timeZone: null,
    jitter: undefined,
    target: { kind: 'handler', file: 'lib/jobs.ts', span: { start: 0, end: 0 } },
    route: { file: undefined, why: 'a handler runs in the process' },
    ...overrides,
  };
}

function flagged(text: string, job: ScheduledJob, rules = {}): string[] {
  return jobFindings(job, text, { now: NOW, rules }).map((f) => `${f.code} ${f.severity} ${text.slice(f.span.start, f.span.end)}`);
}

describe('jobFindings: the engine verdict on a job, in the file', () => {
  it('puts a field problem on the field inside a plain literal', () => {
    const text = "cron.schedule('0 25 * * *', run)";
    assert.deepEqual(flagged(text, jobIn(text)), ['invalid-schedule error 25']);
  });

  it('puts it on the whole literal when the literal has escapes', () => {
    const text = "cron.schedule('0 25 \\x2a * *', run)";
    const job = jobIn(text, { expression: '0 25 * * *' });
    assert.deepEqual(flagged(text, job), ["invalid-schedule error '0 25 \\x2a * *'"]);
  });

  it('says nothing of a valid schedule', () => {
    const text = "cron.schedule('*/5 * * * *', run)";
    assert.deepEqual(flagged(text, jobIn(text)), []);
  });

  it('reports never-fires as the engine does', () => {
    const text = "cron.schedule('0 0 31 2 *', run)";
    assert.deepEqual(flagged(text, jobIn(text)), ['never-fires warning 31 2']);
  });

  it('puts a bad separate zone on where the zone is written', () => {
    const text = "cron.schedule('0 3 * * *', run, { timezone: 'Mars/Olympus' })";
    const zoneStart = text.indexOf("'Mars");
    const job = jobIn(text, { timeZone: 'Mars/Olympus', timeZoneSpan: { start: zoneStart, end: zoneStart + 14 } });
    assert.deepEqual(flagged(text, job), ["invalid-timezone error 'Mars/Olympus'"]);
    const paris = "cron.schedule('0 3 * * *', run, { timezone: 'Europe/Pariss' })";
    const at = paris.indexOf("'Europe");
    const [finding] = jobFindings(jobIn(paris, { timeZone: 'Europe/Pariss', timeZoneSpan: { start: at, end: at + 15 } }), paris, { now: NOW, rules: {} });
    assert.match(finding!.message, /Did you mean Europe\/Paris/);
  });

  it('honours nextCronRoutes.rules: off and severities', () => {
    const text = "cron.schedule('0 25 * * *', run)";
    assert.deepEqual(flagged(text, jobIn(text), { 'invalid-schedule': 'off' }), []);
    assert.deepEqual(flagged(text, jobIn(text), { 'invalid-schedule': 'warning' }), ['invalid-schedule warning 25']);
  });
});

describe('hover and lens of any job', () => {
  it('labels a process-zone job as shown in UTC, with the source caveat', () => {
    const text = "cron.schedule('0 3 * * *', run)";
    const markdown = jobHoverMarkdown(jobIn(text), { now: NOW, displayTimeZone: 'Europe/Paris', rules: {} });
    assert.match(markdown, /^\*\*At 03:00\*\* \(process zone unknown — shown in UTC\)/);
    assert.match(markdown, /\| Next run \| UTC \\\(process zone unknown — shown in UTC\\\) \| Europe\/Paris \|/);
    assert.match(markdown, /in 17 h \| Tue 2026-03-03 03:00 \| Tue 2026-03-03 04:00 UTC\+01:00/);
    assert.match(markdown, /fires only while the process that called it keeps running/);
    assert.match(jobLensTitle(jobIn(text), NOW), /^At 03:00 UTC \(process zone unknown\) · next in 17 h$/);
  });

  it('shows a job in its own zone first, then UTC and the display zone', () => {
    const text = "schedules.task({ cron: { pattern: '0 9 * * 1', timezone: 'America/New_York' } })";
    const job = jobIn(text, { source: 'trigger-dev', dialect: 'trigger', timeZone: 'America/New_York' });
    const markdown = jobHoverMarkdown(job, { now: NOW, displayTimeZone: 'Europe/Paris', rules: {} });
    assert.match(markdown, /^\*\*At 09:00, only on Monday\*\* \(America\/New\\_York\)/);
    assert.match(markdown, /\| Next run \| America\/New\\_York \| UTC \| Europe\/Paris \|/);
    assert.match(markdown, /\nTrigger\\\.dev scheduled task\n/);
    assert.match(jobLensTitle(job, NOW), /America\/New_York · next in/);
    assert.doesNotMatch(markdown, /Window:/);
    const windowed = jobHoverMarkdown({ ...job, jitter: { from: 'minute', upToMinutes: 120 } }, { now: NOW, displayTimeZone: 'UTC', rules: {} });
    assert.match(windowed, /Window: each run starts within 120 min after the start of its scheduled minute\./);
  });

  it('lists the problems, and says an invalid schedule is not valid', () => {
    const text = "client.schedules.create({ cron: '* * * * * *' })";
    const job = jobIn(text, { source: 'qstash', dialect: 'qstash', timeZone: 'UTC' });
    const markdown = jobHoverMarkdown(job, { now: NOW, displayTimeZone: 'UTC', rules: {} });
    assert.match(markdown, /Not a valid Upstash QStash schedule\*\*/);
    assert.match(markdown, /`invalid-schedule`/);
    assert.match(markdown, /up to 60 seconds/);
    assert.equal(jobLensTitle(job, NOW), 'Not a valid Upstash QStash schedule');
  });

  it('finds the job under the cursor by its expression span', () => {
    const text = "cron.schedule('0 3 * * *', run)";
    const job = jobIn(text);
    assert.equal(jobAt([job], text.indexOf('0 3')), job);
    assert.equal(jobAt([job], text.indexOf('run')), undefined);
  });
});
