import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getScheduleHover, type HoverContext, textToMarkdown } from '../../../../src/core/vercel/hover';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { explainCron } from '../../../../src/core/cron/engine';

const NOW = new Date('2026-11-28T01:48:00Z');

/** The engine's hobby-frequency message for the schedule in `text`, as a diagnostic carries it. */
function plainMessage(textWithCursor: string): string {
  const expression = /"schedule": "([^"]*)"/.exec(textWithCursor.replace('|', ''))![1]!;
  return explainCron(expression, { dialect: 'vercel', plan: 'hobby', from: NOW, runs: 0 }).problems.find((p) => p.code === 'hobby-frequency')!.message;
}
const ctx: HoverContext = { now: NOW, plan: 'unknown', displayTimeZone: 'America/New_York' };

/** `|` marks the cursor, as in vscode-json-languageservice's hover tests. */
function hoverAt(textWithCursor: string, context = ctx) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const hover = getScheduleHover(text, offset, context);
  return { hover, text };
}

describe('schedule hover', () => {
  it('describes a crons[].schedule with next runs in UTC and the display zone', () => {
    const { hover, text } = hoverAt('{ "crons": [ { "path": "/api/a", "schedule": "0 3 |* * *" } ] }');
    assert.ok(hover);
    assert.equal(text.slice(hover.span.start, hover.span.end), '"0 3 * * *"');
    assert.match(hover.markdown, /\*\*At 03:00\*\* \(UTC\)/);
    assert.match(hover.markdown, /\| in 1 h 12 min \| Sat 2026-11-28 03:00 \| Fri 2026-11-27 22:00 UTC-05:00 \|/);
    assert.equal(hover.markdown.match(/^\| in /gm)?.length, 5);
    assert.match(hover.markdown, /anywhere between 03:00 and 03:59 UTC/);
    assert.match(hover.markdown, /\(https:\/\/vercel\.com\/docs\/cron-jobs\)/);
  });

  it('reports the engine problems with their codes', () => {
    const { hover } = hoverAt('{ "crons": [ { "schedule": "0 0 * * |MON" } ] }');
    assert.ok(hover);
    assert.match(hover.markdown, /\$\(error\)/);
    assert.match(hover.markdown, /`invalid-schedule`/);
    assert.doesNotMatch(hover.markdown, /\| Next run/);
  });

  it('plan hobby: frequency is an error and precision an info; pro says neither', () => {
    const frequent = hoverAt('{ "crons": [ { "schedule": "|*/30 * * * *" } ] }', { ...ctx, plan: 'hobby' }).hover!;
    assert.match(frequent.markdown, /\$\(error\).*`hobby-frequency`/s);
    const pro = hoverAt('{ "crons": [ { "schedule": "|*/30 * * * *" } ] }', { ...ctx, plan: 'pro' }).hover!;
    assert.doesNotMatch(pro.markdown, /hobby/i);
    assert.match(pro.markdown, /Runs up to every 30 min \(48 times a day\)/);
  });

  it('hobby-frequency on hobby: the message once, its source a well-formed link (issue #13)', () => {
    const { hover } = hoverAt('{ "crons": [ { "schedule": "*/|15 * * * *" } ] }', { ...ctx, plan: 'hobby' });
    assert.ok(hover);
    assert.equal(hover.markdown.match(/allows cron jobs at most once a day/g)?.length, 1, hover.markdown);
    assert.equal(hover.markdown.match(/`hobby-frequency`/g)?.length, 1);
    assert.ok(hover.markdown.includes('\\(as of 2026\\-11\\-28; [vercel.com/docs/cron-jobs/usage-and-pricing](https://vercel.com/docs/cron-jobs/usage-and-pricing)\\)\\. Run it once a day'), hover.markdown);
    assert.doesNotMatch(hover.markdown, /pricing\\\)/, 'no escape inside or right after the address');
    for (const [, url] of hover.markdown.matchAll(/\]\(([^)]*)\)/g)) assert.doesNotThrow(() => new URL(url!), url);
  });

  it('leaves out the problems the editor already shows under the cursor, and only those', () => {
    const text = '{ "crons": [ { "schedule": "*/|15 * * * *" } ] }';
    const diagnostic = { code: 'hobby-frequency', message: plainMessage(text) };
    assert.match(diagnostic.message, /at most once a day/);
    const without = hoverAt(text, { ...ctx, plan: 'hobby', shownAtCursor: [diagnostic] }).hover!;
    assert.doesNotMatch(without.markdown, /hobby-frequency|at most once a day/);
    assert.match(without.markdown, /Every 15 minutes/);
    // Another code, or the same code with another message (a stale diagnostic), is no reason to stay silent.
    for (const other of [{ ...diagnostic, code: 'never-fires' }, { ...diagnostic, message: 'older text' }]) {
      assert.match(hoverAt(text, { ...ctx, plan: 'hobby', shownAtCursor: [other] }).hover!.markdown, /`hobby-frequency`/);
    }
  });

  it('follows nextCronRoutes.rules: the overridden severity, nothing for a rule that is off', () => {
    const text = '{ "crons": [ { "schedule": "|*/30 * * * *" } ] }';
    const warning = hoverAt(text, { ...ctx, plan: 'hobby', rules: { 'hobby-frequency': 'warning' } }).hover!;
    assert.match(warning.markdown, /\$\(warning\) [^\n]*`hobby-frequency`/);
    assert.doesNotMatch(warning.markdown, /\$\(error\)/);
    const off = hoverAt(text, { ...ctx, plan: 'hobby', rules: { 'hobby-frequency': 'off' } }).hover!;
    assert.doesNotMatch(off.markdown, /hobby-frequency/);
  });

  it('textToMarkdown: text escaped, URLs linked, sentence punctuation left outside the link', () => {
    assert.equal(textToMarkdown('a*b (see https://x.dev/a_b-c).'), 'a\\*b \\(see [x.dev/a\\_b-c](https://x.dev/a_b-c)\\)\\.');
    assert.equal(textToMarkdown('https://x.dev/p, then'), '[x.dev/p](https://x.dev/p), then');
    assert.equal(textToMarkdown('no link: http:// alone'), 'no link: http:// alone');
  });

  it('reads schedules.<name> with its own time zone', () => {
    const { hover } = hoverAt('{ "schedules": { "nightly": { "schedule": "0 |9 * * *", "timezone": "Europe/Berlin", "path": "/api/x" } } }');
    assert.ok(hover);
    assert.match(hover.markdown, /\(Europe\/Berlin\)/);
    assert.match(hover.markdown, /Sat 2026-11-28 09:00/);
  });

  it('answers nothing outside schedules, on keys, and in broken JSON far from a schedule', () => {
    assert.equal(hoverAt('{ "crons": [ { "path": "/api/|a", "schedule": "0 3 * * *" } ] }').hover, undefined);
    assert.equal(hoverAt('{ "crons": [ { "sche|dule": "0 3 * * *" } ] }').hover, undefined);
    assert.equal(hoverAt('{ "other": { "schedule": "0 |3 * * *" } }').hover, undefined);
    assert.equal(hoverAt('{ "crons": [ { "schedule": 4|2 } ] }').hover, undefined);
  });

  it('still answers in half-typed JSON with comments and trailing commas', () => {
    const { hover } = hoverAt('{\n  // jobs\n  "crons": [\n    { "path": "/api/a", "schedule": "0 3 * |* *", },\n');
    assert.ok(hover);
    assert.match(hover.markdown, /At 03:00/);
  });

  it('answers the same from the parsed model the editor keeps per version as from the text, at every offset', () => {
    const texts = [
      '{ "crons": [ { "path": "/api/a", "schedule": "0 3 * * *" }, { "schedule": "*/15 * * * *", "path": "/b" } ] }',
      '{ "schedules": { "nightly": { "schedule": "0 9 * * *", "timezone": "Europe/Berlin", "path": "/api/x" }, "n2": { "schedule": "5 4 * * *" } } }',
      '{\n  // jobs\n  "crons": [\n    { "path": "/api/a", "schedule": "0 3 * * *", },\n',
      '{ "schedules": [ { "name": "a", "schedule": "30 2 * * *", "timezone": "America/New_York", "jitter": 5, "path": "/api/a" }, { "schedule": "0 4 * * *", "function": "api/b" } ] }',
      '{ "crons": [ { "sche": "0 3 * * *", "schedule": 42 }, "0 1 * * *" ], "other": { "schedule": "0 3 * * *" } }',
    ];
    for (const text of texts) {
      const doc = parseVercelJson(text);
      for (let offset = 0; offset <= text.length; offset++) {
        assert.deepEqual(getScheduleHover(doc, offset, ctx), getScheduleHover(text, offset, ctx), `offset ${offset} of ${text}`);
      }
    }
  });

  it('a Schedules array entry: its zone, UTC and the display zone, the jitter window and the target', () => {
    const { hover } = hoverAt('{ "schedules": [ { "name": "a", "schedule": "0 |9 * * *", "timezone": "Europe/Berlin", "jitter": 5, "path": "/api/x" } ] }');
    assert.ok(hover);
    assert.match(hover.markdown, /\| Next run \| Europe\/Berlin \| UTC \| America\/New\\_York \|/);
    assert.match(hover.markdown, /\| Sat 2026-11-28 09:00 \| Sat 2026-11-28 08:00 UTC \| Sat 2026-11-28 03:00 UTC-05:00 \|/);
    assert.match(hover.markdown, /each run starts within 5 min after its scheduled time/);
    assert.match(hover.markdown, /Sends POST \/api\/x \(requestMethod defaults to POST\)/);
    assert.doesNotMatch(hover.markdown, /DST/);
  });

  it('a run the spring-forward change skips, and one the fall-back change doubles, in the entry\'s zone', () => {
    const skipped = hoverAt('{ "schedules": [ { "name": "a", "schedule": "30 |2 * * *", "timezone": "America/New_York", "topic": "t" } ] }').hover;
    assert.ok(skipped);
    assert.match(skipped.markdown, /DST: on 2027-03-14 the clocks in America\/New\\_York jump from 02:00 to 03:00, so the 02:30 run has no local time that day/);
    assert.doesNotMatch(skipped.markdown, /happens twice/);
    assert.match(skipped.markdown, /Publishes a message to the Vercel Queue topic t/);
    const doubled = hoverAt('{ "schedules": [ { "name": "a", "schedule": "30 |1 * * 0", "timezone": "America/New_York", "function": "api/b" } ] }').hover;
    assert.ok(doubled);
    assert.match(doubled.markdown, /DST: on 2027-11-07 the clocks in America\/New\\_York go back from 02:00 to 01:00, so 01:30 happens twice that day/);
    assert.match(doubled.markdown, /Invokes the private function api\/b/);
    // A Monday schedule never meets the Sunday changes.
    const monday = hoverAt('{ "schedules": [ { "name": "a", "schedule": "30 |1 * * 1", "timezone": "America/New_York", "function": "api/b" } ] }').hover;
    assert.doesNotMatch(monday!.markdown, /DST/);
    // UTC has no changes.
    const utc = hoverAt('{ "schedules": [ { "name": "a", "schedule": "30 |2 * * *", "function": "api/b" } ] }').hover;
    assert.doesNotMatch(utc!.markdown, /DST/);
  });
});
