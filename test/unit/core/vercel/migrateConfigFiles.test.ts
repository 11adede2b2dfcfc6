import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getNodeValue } from 'jsonc-parser';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import { parseVercelConfig } from '../../../../src/core/vercel/configFiles';
import { migrateConfigCrons, migrateScriptCrons, migrateTomlCrons, moveToSchedulesRefactorIn } from '../../../../src/core/vercel/migrateConfigFiles';
import { MOVE_TO_SCHEDULES_TITLE } from '../../../../src/core/vercel/migrateToSchedules';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';

type Validate = ((config: unknown) => boolean) & { errors?: unknown };

/** The validator the vercel CLI (64.0.2) runs on the configuration before a local deploy; an ES module, so imported as one. */
async function vercelValidator(): Promise<Validate> {
  const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ getConfigValidator(): Validate | Promise<Validate> }>;
  return (await importModule('vercel/dist/chunks/config-validator.mjs')).getConfigValidator();
}

/** What the file configures, read as the platform reads it: TOML by the parser's own value API, a script by the project's static reader. */
function configOf(name: string, text: string): Record<string, unknown> {
  if (name.endsWith('.toml')) return getStaticTOMLValue(parseTOML(text)) as Record<string, unknown>;
  const doc = parseVercelConfig(name, text, loadTypeScript);
  assert.deepEqual(doc.strict.errors, [], 'the script still parses');
  assert.deepEqual(doc.source?.notStatic, [], 'nothing computed');
  return getNodeValue(doc.root!) as Record<string, unknown>;
}

const TOML = `# the app's jobs
[[crons]] # nightly
path = "/api/cron/report"
schedule = "0 3 * * *" # 03:00 UTC

[functions."app/api/**"]
maxDuration = 60

[[crons]]
  path = '/api/cron/cleanup'
  schedule = '0 4 * * *'
`;

describe('migrate in vercel.toml: [[crons]] tables become [[schedules]] where they stand', () => {
  it('renames each table, adds name, timezone and requestMethod in its indentation, keeps every comment; the vercel CLI validator accepts it', async () => {
    const { text, moved, kept } = migrateTomlCrons(TOML);
    assert.deepEqual(kept, []);
    assert.deepEqual(
      moved.map((m) => [m.index, m.name]),
      [
        [0, 'api-cron-report'],
        [1, 'api-cron-cleanup'],
      ],
    );
    assert.equal(
      text,
      `# the app's jobs
[[schedules]] # nightly
name = "api-cron-report"
path = "/api/cron/report"
schedule = "0 3 * * *" # 03:00 UTC
timezone = "UTC"
requestMethod = "GET"

[functions."app/api/**"]
maxDuration = 60

[[schedules]]
  name = "api-cron-cleanup"
  path = '/api/cron/cleanup'
  schedule = '0 4 * * *'
  timezone = "UTC"
  requestMethod = "GET"
`,
    );
    const config = configOf('vercel.toml', text);
    assert.deepEqual(config.schedules, [
      { name: 'api-cron-report', path: '/api/cron/report', schedule: '0 3 * * *', timezone: 'UTC', requestMethod: 'GET' },
      { name: 'api-cron-cleanup', path: '/api/cron/cleanup', schedule: '0 4 * * *', timezone: 'UTC', requestMethod: 'GET' },
    ]);
    const validate = await vercelValidator();
    assert.equal(validate(config), true, JSON.stringify(validate.errors));
  });

  it('running it twice changes nothing', () => {
    const once = migrateTomlCrons(TOML).text;
    const twice = migrateTomlCrons(once);
    assert.equal(twice.text, once);
    assert.deepEqual([twice.moved, twice.kept], [[], []]);
  });

  it('keeps CRLF line ends and a last line with no line end', () => {
    const { text } = migrateTomlCrons('[[crons]]\r\npath = "/a"\r\nschedule = "0 3 * * *"');
    assert.equal(text, '[[schedules]]\r\nname = "a"\r\npath = "/a"\r\nschedule = "0 3 * * *"\r\ntimezone = "UTC"\r\nrequestMethod = "GET"');
    assert.equal(migrateTomlCrons(text).text, text);
  });

  it('names stay unique beside existing [[schedules]] tables, and the move keeps those', () => {
    const before = '[[schedules]]\nname = "a"\nschedule = "0 1 * * *"\npath = "/b"\n\n[[crons]]\npath = "/a"\nschedule = "0 3 * * *"\n';
    const { text, moved } = migrateTomlCrons(before);
    assert.deepEqual(moved.map((m) => m.name), ['a-2']);
    assert.deepEqual((configOf('vercel.toml', text).schedules as { name: string }[]).map((s) => s.name), ['a', 'a-2']);
  });

  it('moves only the entries asked for: the editor moves the one under the cursor', () => {
    const at = TOML.indexOf('/api/cron/cleanup');
    const { moved, text } = migrateTomlCrons(TOML, (span) => span.start <= at && span.end >= at);
    assert.deepEqual(moved.map((m) => m.index), [1]);
    assert.match(text, /^\[\[crons\]\] # nightly$/m);
  });

  it('leaves an entry Vercel would refuse, or a file it cannot extend, with why', () => {
    const refused = migrateTomlCrons('[[crons]]\npath = "/a"\nschedule = "0 3 * * *"\ntimezone = "Europe/Berlin"\n');
    assert.equal(refused.moved.length, 0);
    assert.match(refused.kept[0]!.why, /"timezone" beside "path" and "schedule"/);
    const inline = migrateTomlCrons('crons = [{ path = "/a", schedule = "0 3 * * *" }]\n');
    assert.match(inline.kept[0]!.why, /inline array/);
    assert.equal(inline.text, 'crons = [{ path = "/a", schedule = "0 3 * * *" }]\n');
    const inlineSchedules = migrateTomlCrons('schedules = []\n[[crons]]\npath = "/a"\nschedule = "0 3 * * *"\n');
    assert.match(inlineSchedules.kept[0]!.why, /TOML does not let \[\[schedules\]\] tables extend/);
    const keyed = migrateTomlCrons('[schedules.b]\nschedule = "0 1 * * *"\npath = "/b"\n\n[[crons]]\npath = "/a"\nschedule = "0 3 * * *"\n');
    assert.match(keyed.kept[0]!.why, /table keyed by name/);
    const broken = migrateTomlCrons('[[crons]]\npath = "/a\n');
    assert.equal(broken.moved.length, 0);
  });
});

const SCRIPT = `import type { VercelConfig } from '@vercel/config/v1';

const NIGHTLY = '0 3 * * *';

export default {
  // the app's jobs
  crons: [
    // nightly report
    { path: '/api/cron/report', schedule: NIGHTLY }, // 03:00 UTC
    {
      path: '/api/cron/cleanup',
      schedule: '0 4 * * *',
    },
  ],
  functions: { 'app/api/**': { maxDuration: 60 } },
} satisfies VercelConfig;
`;

describe('migrate in vercel.ts: crons entries written in the array become schedules entries', () => {
  it('turns crons into schedules where it stands when every entry moves, each entry keeping its text, quotes, layout and comments', async () => {
    const { text, moved, kept } = migrateScriptCrons(loadTypeScript(), 'vercel.ts', SCRIPT);
    assert.deepEqual(kept, []);
    assert.deepEqual(moved.map((m) => [m.index, m.name, m.schedule]), [
      [0, 'api-cron-report', '0 3 * * *'],
      [1, 'api-cron-cleanup', '0 4 * * *'],
    ]);
    assert.equal(
      text,
      `import type { VercelConfig } from '@vercel/config/v1';

const NIGHTLY = '0 3 * * *';

export default {
  // the app's jobs
  schedules: [
    // nightly report
    { name: 'api-cron-report', timezone: 'UTC', requestMethod: 'GET', path: '/api/cron/report', schedule: NIGHTLY }, // 03:00 UTC
    {
      name: 'api-cron-cleanup',
      timezone: 'UTC',
      requestMethod: 'GET',
      path: '/api/cron/cleanup',
      schedule: '0 4 * * *',
    },
  ],
  functions: { 'app/api/**': { maxDuration: 60 } },
} satisfies VercelConfig;
`,
    );
    const validate = await vercelValidator();
    const config = configOf('vercel.ts', text);
    assert.equal(validate(config), true, JSON.stringify(validate.errors));
    assert.equal(migrateScriptCrons(loadTypeScript(), 'vercel.ts', text).text, text, 'twice changes nothing');
  });

  it('moves one entry to a new schedules beside crons, with the comments above it and after it on its line; a second move appends to it', async () => {
    const ts = loadTypeScript();
    const at = SCRIPT.indexOf('/api/cron/report');
    const first = migrateScriptCrons(ts, 'vercel.ts', SCRIPT, (span) => span.start <= at && span.end >= at);
    assert.deepEqual(first.moved.map((m) => m.index), [0]);
    assert.equal(
      first.text.slice(first.text.indexOf('  crons')),
      `  crons: [
    {
      path: '/api/cron/cleanup',
      schedule: '0 4 * * *',
    },
  ],
  schedules: [
    // nightly report
    // 03:00 UTC
    { name: 'api-cron-report', timezone: 'UTC', requestMethod: 'GET', path: '/api/cron/report', schedule: NIGHTLY },
  ],
  functions: { 'app/api/**': { maxDuration: 60 } },
} satisfies VercelConfig;
`,
    );
    const second = migrateScriptCrons(ts, 'vercel.ts', first.text);
    assert.deepEqual(second.moved.map((m) => m.name), ['api-cron-cleanup']);
    const config = configOf('vercel.ts', second.text);
    assert.deepEqual(config.crons, []);
    assert.deepEqual((config.schedules as { name: string }[]).map((s) => s.name), ['api-cron-report', 'api-cron-cleanup']);
    const validate = await vercelValidator();
    assert.equal(validate(config), true, JSON.stringify(validate.errors));
    assert.equal(migrateScriptCrons(ts, 'vercel.ts', second.text).text, second.text);
  });

  it('loses no comment: one after an entry on its line moves above it, and the entries kept keep theirs', () => {
    const ts = loadTypeScript();
    const cases: [string, string][] = [
      [
        "export const config = {\n  crons: [\n    { path: '/api/cron/a', schedule: '0 1 * * *' }, // keep a\n    // about b\n    { path: '/api/cron/b', schedule: '0 2 * * *' }, // after b\n    { path: '/api/cron/d', schedule: process.env.D! }, // d stays\n  ],\n};\n",
        "export const config = {\n  crons: [\n    { path: '/api/cron/d', schedule: process.env.D! }, // d stays\n  ],\n  schedules: [\n    // keep a\n    { name: 'api-cron-a', timezone: 'UTC', requestMethod: 'GET', path: '/api/cron/a', schedule: '0 1 * * *' },\n    // about b\n    // after b\n    { name: 'api-cron-b', timezone: 'UTC', requestMethod: 'GET', path: '/api/cron/b', schedule: '0 2 * * *' },\n  ],\n};\n",
      ],
      [
        "export const config = {\n  crons: [\n    { path: '/api/cron/d', schedule: process.env.D! }, // d stays\n    // about a\n    { path: '/api/cron/a', schedule: '0 1 * * *' } // last, no comma\n  ],\n};\n",
        "export const config = {\n  crons: [\n    { path: '/api/cron/d', schedule: process.env.D! } // d stays\n  ],\n  schedules: [\n    // about a\n    // last, no comma\n    { name: 'api-cron-a', timezone: 'UTC', requestMethod: 'GET', path: '/api/cron/a', schedule: '0 1 * * *' }\n  ],\n};\n",
      ],
      [
        "export const config = {\n  crons: [\n    { path: '/api/cron/d', schedule: process.env.D! }, // d stays\n    { path: '/api/cron/a', schedule: '0 1 * * *' }, // a\n    // about e\n    { path: '/api/cron/e', schedule: process.env.E! }, // e stays\n  ],\n};\n",
        "export const config = {\n  crons: [\n    { path: '/api/cron/d', schedule: process.env.D! }, // d stays\n    // about e\n    { path: '/api/cron/e', schedule: process.env.E! }, // e stays\n  ],\n  schedules: [\n    // a\n    { name: 'api-cron-a', timezone: 'UTC', requestMethod: 'GET', path: '/api/cron/a', schedule: '0 1 * * *' },\n  ],\n};\n",
      ],
    ];
    for (const [before, after] of cases) {
      const migrated = migrateScriptCrons(ts, 'vercel.ts', before);
      assert.equal(migrated.text, after);
      assert.equal(migrateScriptCrons(ts, 'vercel.ts', migrated.text).text, migrated.text);
    }
  });

  it('follows the export the platform reads: export const crons, module.exports, exports.crons', () => {
    const ts = loadTypeScript();
    const named = migrateScriptCrons(ts, 'vercel.mts', `export const crons = [{ path: "/a", schedule: "0 3 * * *" }];\n`);
    assert.equal(named.text, `export const schedules = [{ name: "a", timezone: "UTC", requestMethod: "GET", path: "/a", schedule: "0 3 * * *" }];\n`);
    const partial = migrateScriptCrons(ts, 'vercel.mts', `export const crons = [\n  { path: '/a', schedule: '0 3 * * *' },\n  { path: '/b', schedule: 'nope' },\n];\n`);
    assert.equal(partial.text, `export const crons = [\n  { path: '/b', schedule: 'nope' },\n];\n\nexport const schedules = [\n  { name: 'a', timezone: 'UTC', requestMethod: 'GET', path: '/a', schedule: '0 3 * * *' },\n];\n`);
    const common = migrateScriptCrons(ts, 'vercel.cjs', `module.exports = { crons: [{ path: '/a', schedule: '0 3 * * *' }] };\n`);
    assert.equal(common.text, `module.exports = { schedules: [{ name: 'a', timezone: 'UTC', requestMethod: 'GET', path: '/a', schedule: '0 3 * * *' }] };\n`);
    const exportsCrons = migrateScriptCrons(ts, 'vercel.js', `exports.crons = [{ path: '/a', schedule: '0 3 * * *' }, { path: '/b', schedule: 'x' }];\n`);
    assert.equal(exportsCrons.text, `exports.crons = [{ path: '/b', schedule: 'x' }];\nexports.schedules = [\n  { name: 'a', timezone: 'UTC', requestMethod: 'GET', path: '/a', schedule: '0 3 * * *' }\n];\n`);
    for (const [name, text] of [['vercel.mts', named.text], ['vercel.cjs', common.text], ['vercel.js', exportsCrons.text]] as const) {
      assert.equal(migrateConfigCrons(name, text, loadTypeScript).text, text, `${name}: twice changes nothing`);
    }
  });

  it('appends to an existing schedules array with names kept unique', () => {
    const text = `export default {\n  schedules: [\n    { name: 'a', schedule: '0 1 * * *', path: '/b' },\n  ],\n  crons: [{ path: '/a', schedule: '0 3 * * *' }],\n};\n`;
    const { text: after, moved } = migrateScriptCrons(loadTypeScript(), 'vercel.ts', text);
    assert.deepEqual(moved.map((m) => m.name), ['a-2']);
    assert.equal(after, `export default {\n  schedules: [\n    { name: 'a', schedule: '0 1 * * *', path: '/b' },\n    { name: 'a-2', timezone: 'UTC', requestMethod: 'GET', path: '/a', schedule: '0 3 * * *' },\n  ],\n  crons: [],\n};\n`);
  });

  it('moves no computed value: an entry held in a const, a call, a spread, a computed crons; each kept with why', () => {
    const ts = loadTypeScript();
    const text = `const job = { path: '/c', schedule: '0 5 * * *' };
const more = [{ path: '/d', schedule: '0 6 * * *' }];
export default {
  crons: [
    job,
    { path: '/a', schedule: weekly(1) },
    ...more,
    { path: '/b', schedule: '0 3 * * *' },
  ],
};
`;
    const { moved, kept, text: after } = migrateScriptCrons(ts, 'vercel.ts', text);
    assert.deepEqual(moved.map((m) => m.path), ['/b']);
    assert.deepEqual(
      kept.map((k) => [k.index, /const job|computed value|spread/.exec(k.why)?.[0]]),
      [
        [0, 'const job'],
        [1, 'computed value'],
        [2, 'spread'],
      ],
    );
    assert.match(after, /crons: \[\n {4}job,\n {4}\{ path: '\/a', schedule: weekly\(1\) \},\n {4}\.\.\.more,\n {2}\],\n {2}schedules: \[/);
    const whole = migrateScriptCrons(ts, 'vercel.ts', `export default { crons: makeCrons() };\n`);
    assert.deepEqual(whole.moved, []);
    assert.deepEqual(whole.kept.map((k) => k.index), [-1]);
    assert.match(whole.kept[0]!.why, /"crons" is computed \(makeCrons\(\)\)/);
    const inConst = migrateScriptCrons(ts, 'vercel.ts', `const crons = [{ path: '/a', schedule: '0 3 * * *' }];\nexport default { crons };\n`);
    assert.deepEqual(inConst.moved, []);
    assert.match(inConst.kept[0]!.why, /written in a const/);
    const broken = migrateScriptCrons(ts, 'vercel.ts', `export default { crons: [{ path: '/a', schedule: '0 3 * * *' }`);
    assert.deepEqual(broken.moved, []);
    assert.match(broken.refused ?? '', /does not parse/);
  });
});

describe('"Move to Vercel Schedules" in vercel.toml and vercel.ts', () => {
  for (const [name, text, entryText] of [
    ['vercel.toml', TOML, '/api/cron/cleanup'],
    ['vercel.ts', SCRIPT, '/api/cron/cleanup'],
  ] as const) {
    it(`${name}: offered on a crons entry, moving that one entry; not offered elsewhere`, () => {
      const doc = parseVercelConfig(name, text, loadTypeScript);
      const at = text.indexOf(entryText);
      const fix = moveToSchedulesRefactorIn(doc, { start: at, end: at }, loadTypeScript);
      assert.equal(fix?.title, MOVE_TO_SCHEDULES_TITLE);
      assert.equal(fix.safe, false);
      const edit = fix.edits[0]!;
      const after = text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
      assert.deepEqual(migrateConfigCrons(name, text, loadTypeScript, (span) => span.start <= at && span.end >= at).text, after);
      assert.equal(moveToSchedulesRefactorIn(doc, { start: 0, end: 0 }, loadTypeScript), undefined);
    });
  }
});
