import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialectForFile, looksLikeCron, scheduleAt } from '../../../../src/core/cron/scheduleAt';

/** `|` marks the cursor. */
function at(path: string, textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  return scheduleAt(path, textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1), offset);
}

describe('scheduleAt: the schedule under the cursor, for Explain Cron Schedule', () => {
  it('vercel.json: crons[].schedule is Vercel Cron Jobs, schedules.<name>.schedule Vercel Schedules', () => {
    assert.deepEqual(at('/app/vercel.json', '{ "crons": [ { "path": "/api/a", "schedule": "0 3 |* * *" } ] }'), { expression: '0 3 * * *', dialect: 'vercel' });
    assert.deepEqual(at('/app/vercel.json', '{ "schedules": { "n": { "schedule": "|0 9 * * *" } } }'), { expression: '0 9 * * *', dialect: 'vercel-schedules' });
    assert.equal(at('/app/vercel.json', '{ "crons": [ { "path": "/api/|a", "schedule": "0 3 * * *" } ] }'), undefined);
    assert.equal(at('/app/vercel.json', '{ "crons": [ { "sche|dule": "0 3 * * *" } ] }'), undefined);
  });

  it('a GitHub workflow: the quoted or bare cron: value is GitHub Actions', () => {
    const quoted = "on:\n  schedule:\n    - cron: '*/2 |* * * *'\n";
    assert.deepEqual(at('/repo/.github/workflows/nightly.yml', quoted), { expression: '*/2 * * * *', dialect: 'github-actions' });
    assert.deepEqual(at('/repo/.github/workflows/n.yaml', '    - cron: 30| 5 * * 1-5  # weekdays\n'), { expression: '30 5 * * 1-5', dialect: 'github-actions' });
    assert.equal(at('/repo/.github/workflows/n.yml', '    - c|ron: "0 3 * * *"\n'), undefined, 'the cursor is not on the value');
  });

  it('source files: a quoted expression holding the cursor; the scheduler defaults to Vercel', () => {
    assert.deepEqual(at('/app/jobs.ts', "cron.schedule('*/5 * |* * *', run);"), { expression: '*/5 * * * *', dialect: 'vercel' });
    assert.deepEqual(at('/app/jobs.ts', 'const daily = "|@daily";'), { expression: '@daily', dialect: 'vercel' });
    assert.equal(at('/app/jobs.ts', "log('hello |world', '0 3 * * *');"), undefined, 'another string of the line');
    assert.equal(at('/app/jobs.ts', "const name = 'a b c d |e';"), undefined, 'words are not a schedule');
  });

  it('dialectForFile and looksLikeCron', () => {
    assert.equal(dialectForFile('/r/.github/workflows/ci.yml'), 'github-actions');
    assert.equal(dialectForFile('/r/vercel.json'), 'vercel');
    assert.equal(dialectForFile('/r/config.yml'), 'vercel');
    assert.equal(dialectForFile('/r/netlify.toml'), 'netlify');
    assert.deepEqual(at('/r/netlify.toml', '  schedule = "@da|ily"'), { expression: '@daily', dialect: 'netlify' });
    for (const yes of ['0 3 * * *', '*/15 * * * *', '0 0 30 2 *', 'CRON_TZ=Europe/Berlin 0 9 * * *', '0 0 12 * * ?', '@hourly']) assert.ok(looksLikeCron(yes), yes);
    for (const no of ['a b c d e', '0 3 * *', 'hello world', '', '1 2 3 4 5 6 7 8']) assert.ok(!looksLikeCron(no), no);
  });
});
