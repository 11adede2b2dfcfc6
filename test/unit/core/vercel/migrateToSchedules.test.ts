import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, parse } from 'jsonc-parser';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { migrateCronsToSchedules, MOVE_TO_SCHEDULES_TITLE, moveToSchedulesRefactor, SCHEDULE_NAME, scheduleNameFromPath } from '../../../../src/core/vercel/migrateToSchedules';

type Validate = ((config: unknown) => boolean) & { errors?: unknown };

/** The validator the vercel CLI (64.0.2) runs on vercel.json before a local deploy; an ES module, so imported as one. */
async function vercelValidator(): Promise<Validate> {
  const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ getConfigValidator(): Validate | Promise<Validate> }>;
  return (await importModule('vercel/dist/chunks/config-validator.mjs')).getConfigValidator();
}

const COMMENTED = `{
  // the app's jobs
  "crons": [
    // nightly report
    { "path": "/api/cron/report", "schedule": "0 3 * * *" }, // at 03:00 UTC
    {
      "path": "/api/cron/cleanup",
      "schedule": "0 4 * * *"
    }
  ],
  "functions": { "app/api/**": { "maxDuration": 60 } }
}
`;

describe('migrateCronsToSchedules: crons entries become schedules entries', () => {
  it('writes the array shape with a name, UTC and GET, and the vercel CLI validator accepts the result', async () => {
    const { text, moved, kept } = migrateCronsToSchedules(COMMENTED);
    assert.deepEqual(kept, []);
    assert.deepEqual(
      moved.map((m) => [m.index, m.name]),
      [
        [0, 'api-cron-report'],
        [1, 'api-cron-cleanup'],
      ],
    );
    const config = parse(text) as { schedules: unknown[]; crons?: unknown };
    assert.equal(config.crons, undefined, 'the emptied crons key goes');
    assert.deepEqual(config.schedules, [
      { name: 'api-cron-report', schedule: '0 3 * * *', timezone: 'UTC', path: '/api/cron/report', requestMethod: 'GET' },
      { name: 'api-cron-cleanup', schedule: '0 4 * * *', timezone: 'UTC', path: '/api/cron/cleanup', requestMethod: 'GET' },
    ]);
    const validate = await vercelValidator();
    assert.equal(validate(config), true, JSON.stringify(validate.errors));
  });

  it('keeps every comment: those on an entry move with it, the others stay', () => {
    const { text } = migrateCronsToSchedules(COMMENTED);
    assert.equal(
      text,
      `{
  // the app's jobs
  "functions": { "app/api/**": { "maxDuration": 60 } },
  "schedules": [
    // nightly report
    // at 03:00 UTC
    {
      "name": "api-cron-report",
      "schedule": "0 3 * * *",
      "timezone": "UTC",
      "path": "/api/cron/report",
      "requestMethod": "GET"
    },
    {
      "name": "api-cron-cleanup",
      "schedule": "0 4 * * *",
      "timezone": "UTC",
      "path": "/api/cron/cleanup",
      "requestMethod": "GET"
    }
  ]
}
`,
    );
  });

  it('reformats no line it does not add: a comment after the last key stays on its line', () => {
    const { text } = migrateCronsToSchedules('{\n  "crons": [{ "path": "/a", "schedule": "0 0 * * *" }],\n  "x": {"y":1} // keep me here\n}\n');
    assert.equal(text, '{\n  "x": {"y":1}, // keep me here\n  "schedules": [\n    {\n      "name": "a",\n      "schedule": "0 0 * * *",\n      "timezone": "UTC",\n      "path": "/a",\n      "requestMethod": "GET"\n    }\n  ]\n}\n');
  });

  it('changes nothing when run again', () => {
    for (const input of [COMMENTED, '{"crons":[{"path":"/a","schedule":"0 0 * * *"},{"path":"b","schedule":"0 0 * * *"}]}']) {
      const once = migrateCronsToSchedules(input).text;
      const twice = migrateCronsToSchedules(once);
      assert.equal(twice.text, once);
      assert.deepEqual(twice.moved, []);
    }
  });

  it('keeps the file’s indentation and line ends: tabs and CRLF, and a one-line file stays on one line', () => {
    const tabs = migrateCronsToSchedules('{\r\n\t"crons": [\r\n\t\t{ "path": "/a", "schedule": "0 0 * * *" }\r\n\t]\r\n}\r\n').text;
    assert.equal(tabs, '{\r\n\t"schedules": [\r\n\t\t{\r\n\t\t\t"name": "a",\r\n\t\t\t"schedule": "0 0 * * *",\r\n\t\t\t"timezone": "UTC",\r\n\t\t\t"path": "/a",\r\n\t\t\t"requestMethod": "GET"\r\n\t\t}\r\n\t]\r\n}\r\n');
    const oneLine = migrateCronsToSchedules('{"crons":[{"path":"/a","schedule":"0 0 * * *"}],"x":1}').text;
    // jsonc-parser writes a new key with ": "; the rest stays as compact as it was.
    assert.equal(oneLine, '{"x":1,"schedules": [{"name":"a","schedule":"0 0 * * *","timezone":"UTC","path":"/a","requestMethod":"GET"}]}');
  });

  it('appends to an existing schedules array with names unique against it and each other', () => {
    const input = JSON.stringify(
      { crons: [{ path: '/api/x', schedule: '0 1 * * *' }, { path: '/api/x?full=1', schedule: '0 2 * * *' }, { path: '/api/x', schedule: '0 3 * * *' }], schedules: [{ name: 'api-x', schedule: '0 5 * * *', path: '/y' }] },
      null,
      2,
    );
    const { text } = migrateCronsToSchedules(input);
    const names = (parse(text) as { schedules: { name: string }[] }).schedules.map((s) => s.name);
    assert.deepEqual(names, ['api-x', 'api-x-2', 'api-x-full-1', 'api-x-3']);
  });

  it('keeps a crons key that still holds a commented-out entry', () => {
    const { text } = migrateCronsToSchedules('{\n  "crons": [\n    { "path": "/a", "schedule": "0 0 * * *" }\n    // { "path": "/old", "schedule": "0 1 * * *" }\n  ]\n}\n');
    assert.match(text, /"crons": \[\n {4}\/\/ \{ "path": "\/old", "schedule": "0 1 \* \* \*" \}\n {2}\],\n {2}"schedules": \[/);
  });

  it('leaves an entry it cannot move where it is, says why, and moves the rest', () => {
    const input = JSON.stringify(
      {
        crons: [
          { path: '/ok', schedule: '0 0 * * *' },
          { path: 42, schedule: '0 0 * * *' },
          { path: 'no-slash', schedule: '0 0 * * *' },
          { path: '/mon', schedule: '0 8 * * MON' },
          { path: '/extra', schedule: '0 0 * * *', timezone: 'Europe/Berlin' },
          'not an object',
        ],
      },
      null,
      2,
    );
    const { text, moved, kept } = migrateCronsToSchedules(input);
    assert.deepEqual(
      moved.map((m) => m.path),
      ['/ok'],
    );
    assert.deepEqual(
      kept.map((k) => [k.index, k.why]),
      [
        [1, '"path" is not a string'],
        [2, 'the path "no-slash" does not start with "/" (Schedules require it)'],
        [3, 'its schedule "0 8 * * MON" is not valid: Vercel Cron Jobs does not accept the name MON. Write 1 instead.'],
        [4, 'it has "timezone" beside "path" and "schedule", which a schedule would not keep; remove it first'],
        [5, 'it is not an object with "path" and "schedule"'],
      ],
    );
    assert.equal((parse(text) as { crons: unknown[] }).crons.length, 5);
    for (const k of kept) assert.ok(input.slice(k.span.start, k.span.end).length > 0);
  });

  it('refuses the whole file when schedules is the object keyed by name, or the file does not parse', () => {
    const objectShape = migrateCronsToSchedules('{ "crons": [{ "path": "/a", "schedule": "0 0 * * *" }], "schedules": { "b": { "schedule": "0 0 * * *", "path": "/b" } } }');
    assert.match(objectShape.refused ?? '', /an object keyed by name.*accepts only an array/);
    assert.equal(objectShape.kept.length, 1);
    const broken = migrateCronsToSchedules('{ "crons": [{ "path": "/a", "schedule": "0 0 * * *" }');
    assert.match(broken.refused ?? '', /does not parse/);
    assert.equal(broken.text, '{ "crons": [{ "path": "/a", "schedule": "0 0 * * *" }');
  });

  it('stops at the 100 schedules Vercel accepts', () => {
    const crons = Array.from({ length: 3 }, (_, i) => ({ path: `/c${i}`, schedule: '0 0 * * *' }));
    const schedules = Array.from({ length: 99 }, (_, i) => ({ name: `s${i}`, schedule: '0 0 * * *', path: `/s${i}` }));
    const { moved, kept } = migrateCronsToSchedules(JSON.stringify({ crons, schedules }, null, 2));
    assert.equal(moved.length, 1);
    assert.deepEqual(
      kept.map((k) => k.why),
      ['"schedules" already holds 100 entries, as many as Vercel accepts', '"schedules" already holds 100 entries, as many as Vercel accepts'],
    );
  });
});

describe('scheduleNameFromPath: a name the schema accepts', () => {
  it('cleans any path to ^[0-9A-Za-z][0-9A-Za-z._-]*$ within 256 characters', () => {
    const cases: [string, string][] = [
      ['/api/cron/daily-report', 'api-cron-daily-report'],
      ['/', 'cron'],
      ['/---', 'cron'],
      ['/_next/x', 'next-x'],
      ['/api/cron/día?x=1#h', 'api-cron-d-a-x-1-h'],
      ['/v1.2/run.', 'v1.2-run'],
    ];
    for (const [path, name] of cases) assert.equal(scheduleNameFromPath(path), name, path);
    const long = scheduleNameFromPath(`/${'a'.repeat(600)}`);
    assert.ok(SCHEDULE_NAME.test(long) && long.length <= 248);
  });
});

describe('moveToSchedulesRefactor: the editor action on a crons entry', () => {
  const at = (text: string, needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) });

  it('is a refactor titled "Move to Vercel Schedules" that moves only the entry under the cursor, comments kept', () => {
    const doc = parseVercelJson(COMMENTED);
    const fix = moveToSchedulesRefactor(doc, at(COMMENTED, '/api/cron/cleanup'));
    assert.ok(fix);
    assert.equal(fix.title, MOVE_TO_SCHEDULES_TITLE);
    assert.equal(fix.safe, false, 'never part of a fix-all: it changes where the job runs');
    assert.equal(fix.edits.length, 1);
    const after = applyEdits(COMMENTED, fix.edits);
    const config = parse(after) as { crons: { path: string }[]; schedules: { name: string }[] };
    assert.deepEqual(
      config.crons.map((c) => c.path),
      ['/api/cron/report'],
    );
    assert.deepEqual(
      config.schedules.map((s) => s.name),
      ['api-cron-cleanup'],
    );
    assert.ok(after.includes('// nightly report\n    { "path": "/api/cron/report"') && after.includes("// the app's jobs"));
    // Applied again where the cursor was: no crons entry is there any more, so nothing is offered.
    const again = parseVercelJson(after);
    assert.equal(moveToSchedulesRefactor(again, at(after, '"schedules"')), undefined);
  });

  it('is not offered outside crons entries, nor on an entry that cannot move', () => {
    const doc = parseVercelJson(COMMENTED);
    assert.equal(moveToSchedulesRefactor(doc, at(COMMENTED, '"functions"')), undefined);
    const bad = '{ "crons": [{ "path": "/a", "schedule": "0 8 * * MON" }] }';
    assert.equal(moveToSchedulesRefactor(parseVercelJson(bad), at(bad, '/a')), undefined);
  });
});
