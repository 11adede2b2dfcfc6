import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { githubActionsReader } from '../../../../src/core/schedulers/githubActions';
import type { SourceContext } from '../../../../src/core/schedulers/source';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';

const FILE = '.github/workflows/nightly.yml';
const context: SourceContext = { readFile: () => undefined, loadTypeScript };
const JOBS = 'jobs:\n  sync:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n';

/** Each job as [expression, the literal its expression span covers, zone, the literal its zone span covers]. */
function read(text: string, file = FILE): [string, string, string | null, string | undefined][] {
  return githubActionsReader.read(file, text, context).map((job) => [
    job.expression,
    text.slice(job.expressionSpan.start, job.expressionSpan.end),
    job.timeZone,
    job.timeZoneSpan && text.slice(job.timeZoneSpan.start, job.timeZoneSpan.end),
  ]);
}

describe('githubActionsReader: one job per on.schedule[] entry', () => {
  const cases: [name: string, text: string, expected: ReturnType<typeof read>][] = [
    ['single-quoted, block map and sequence', `on:\n  schedule:\n    - cron: '0 3 * * *'\n${JOBS}`, [['0 3 * * *', "'0 3 * * *'", 'UTC', undefined]]],
    ['double-quoted', `on:\n  schedule:\n    - cron: "30 5 * * 1-5"\n${JOBS}`, [['30 5 * * 1-5', '"30 5 * * 1-5"', 'UTC', undefined]]],
    ['unquoted', `on:\n  schedule:\n  - cron: 15 4 * * *\n${JOBS}`, [['15 4 * * *', '15 4 * * *', 'UTC', undefined]]],
    ['flow map and sequence', `on: {schedule: [{cron: '0 1 * * *'}, {cron: "0 2 * * *"}]}\n${JOBS}`, [
      ['0 1 * * *', "'0 1 * * *'", 'UTC', undefined],
      ['0 2 * * *', '"0 2 * * *"', 'UTC', undefined],
    ]],
    ['block scalar, folded and chomped', `on:\n  schedule:\n    - cron: >-\n        */5 * * * *\n${JOBS}`, [['*/5 * * * *', '*/5 * * * *', 'UTC', undefined]]],
    ['block scalar, literal: the line break kept at the end is not the expression\'s', `on:\n  schedule:\n    - cron: |\n        0 6 * * *\n${JOBS}`, [['0 6 * * *', '0 6 * * *', 'UTC', undefined]]],
    ['several schedules with a timezone on one', `name: Nightly\non:\n  schedule:\n    - cron: '0 3 * * *'\n    - cron: '0 9 * * 1-5'\n      timezone: "Europe/Berlin"\n  workflow_dispatch:\n${JOBS}`, [
      ['0 3 * * *', "'0 3 * * *'", 'UTC', undefined],
      ['0 9 * * 1-5', "'0 9 * * 1-5'", 'Europe/Berlin', '"Europe/Berlin"'],
    ]],
    ['timezone before cron, unquoted', `on:\n  schedule:\n    - timezone: Asia/Tokyo\n      cron: '0 0 * * *'\n${JOBS}`, [['0 0 * * *', "'0 0 * * *'", 'Asia/Tokyo', 'Asia/Tokyo']]],
    ['an invalid zone is still the job\'s zone (the validity rules flag it)', `on:\n  schedule:\n    - cron: '0 0 * * *'\n      timezone: Mars/Olympus\n${JOBS}`, [['0 0 * * *', "'0 0 * * *'", 'Mars/Olympus', 'Mars/Olympus']]],
    ['a quoted "on" key', `"on":\n  schedule:\n    - cron: '0 3 * * *'\n${JOBS}`, [['0 3 * * *', "'0 3 * * *'", 'UTC', undefined]]],
    ['YAML 1.1 reads on as true; GitHub reads the key', `%YAML 1.1\n---\non:\n  schedule:\n    - cron: '0 3 * * *'\n${JOBS}`, [['0 3 * * *', "'0 3 * * *'", 'UTC', undefined]]],
    ['an invalid expression is a job (its validity is reported)', `on:\n  schedule:\n    - cron: '61 * * * *'\n${JOBS}`, [['61 * * * *', "'61 * * * *'", 'UTC', undefined]]],
    ['an alias to an anchored string', `x-times:\n  nightly: &nightly '0 3 * * *'\non:\n  schedule:\n    - cron: *nightly\n${JOBS}`, [['0 3 * * *', "'0 3 * * *'", 'UTC', undefined]]],
    ['an escape: the span is the literal', `on:\n  schedule:\n    - cron: "0 3 * * \\u002A"\n${JOBS}`, [['0 3 * * *', '"0 3 * * \\u002A"', 'UTC', undefined]]],
    ['a CRLF file', `on:\r\n  schedule:\r\n    - cron: '0 3 * * *'\r\n${JOBS.replace(/\n/g, '\r\n')}`, [['0 3 * * *', "'0 3 * * *'", 'UTC', undefined]]],
    // Nothing: what GitHub would not schedule, or what is not written as a string.
    ['on as a string', `on: schedule\n${JOBS}`, []],
    ['on as a list of events', `on: [push, schedule]\n${JOBS}`, []],
    ['schedule as a map', `on:\n  schedule:\n    cron: '0 3 * * *'\n${JOBS}`, []],
    ['cron as a number', `on:\n  schedule:\n    - cron: 5\n${JOBS}`, []],
    ['cron missing', `on:\n  schedule:\n    - timezone: UTC\n${JOBS}`, []],
    ['an empty timezone', `on:\n  schedule:\n    - cron: '0 3 * * *'\n      timezone:\n${JOBS}`, []],
    ['a timezone that is a number', `on:\n  schedule:\n    - cron: '0 3 * * *'\n      timezone: 2\n${JOBS}`, []],
    ['no jobs', `on:\n  schedule:\n    - cron: '0 3 * * *'\n`, []],
    ['broken YAML: an unquoted expression starting with *', `on:\n  schedule:\n    - cron: */5 * * * *\n${JOBS}`, []],
    ['broken YAML: half-typed', `on:\n  schedule:\n    - cron: '0 3 * *`, []],
    ['a duplicate key', `on:\n  schedule:\n    - cron: '0 3 * * *'\n      cron: '0 4 * * *'\n${JOBS}`, []],
    ['several documents', `on:\n  schedule:\n    - cron: '0 3 * * *'\n${JOBS}---\nname: other\n`, []],
    ['an empty file', '', []],
    ['a scalar document', 'just text', []],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(read(text), expected));
  }

  it('describes the job: declaration, source, workflow name, dialect and every job of the workflow as the target', () => {
    const text = `name: Nightly sync\non:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  sync: {runs-on: ubuntu-latest}\n  report: {runs-on: ubuntu-latest}\n`;
    const [job] = githubActionsReader.read(FILE, text, context);
    assert.ok(job);
    assert.equal(text.slice(job.declared.span.start, job.declared.span.end), "cron: '0 3 * * *'");
    assert.equal(job.declared.file, FILE);
    assert.equal(job.source, 'github-actions');
    assert.equal(job.name, 'Nightly sync');
    assert.equal(job.dialect, 'github-actions');
    assert.equal(job.jitter, undefined);
    assert.deepEqual(job.target, { kind: 'workflow', file: FILE, job: 'sync,report' });
    assert.equal(job.route.file, undefined);
  });

  it('has no name when the workflow has none', () => {
    const [job] = githubActionsReader.read(FILE, `on:\n  schedule:\n    - cron: '0 3 * * *'\n${JOBS}`, context);
    assert.equal(job?.name, undefined);
  });

  it('parses only workflow files that mention a schedule', () => {
    const text = `on:\n  schedule:\n    - cron: '0 3 * * *'\n${JOBS}`;
    assert.equal(githubActionsReader.mayDeclare('.github/workflows/a.yml', text), true);
    assert.equal(githubActionsReader.mayDeclare('.github/workflows/a.yaml', text), true);
    assert.equal(githubActionsReader.mayDeclare('.github/workflows/a.yml', `on: push\n${JOBS}`), false);
    assert.equal(githubActionsReader.mayDeclare('.github/workflows/sub/a.yml', text), false);
    assert.equal(githubActionsReader.mayDeclare('.github/actions/a.yml', text), false);
    assert.equal(githubActionsReader.mayDeclare('ci/.github/workflows/a.yml', text), false);
    assert.equal(githubActionsReader.mayDeclare('.github/workflows/a.json', text), false);
  });

  it('reads a file nested past any sensible depth without throwing', () => {
    const deep = `on:\n  schedule: ${'['.repeat(5000)}${']'.repeat(5000)}\n${JOBS}`;
    assert.deepEqual(read(deep), []);
  });
});
