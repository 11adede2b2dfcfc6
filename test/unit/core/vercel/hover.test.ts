import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getScheduleHover, type HoverContext } from '../../../../src/core/vercel/hover';
import { parseVercelJson } from '../../../../src/core/vercel/model';

const NOW = new Date('2026-11-28T01:48:00Z');
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
      '{ "crons": [ { "sche": "0 3 * * *", "schedule": 42 }, "0 1 * * *" ], "other": { "schedule": "0 3 * * *" } }',
    ];
    for (const text of texts) {
      const doc = parseVercelJson(text);
      for (let offset = 0; offset <= text.length; offset++) {
        assert.deepEqual(getScheduleHover(doc, offset, ctx), getScheduleHover(text, offset, ctx), `offset ${offset} of ${text}`);
      }
    }
  });
});
