import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScheduledJob } from '../../../../src/core/schedulers/model';
import { netlifyReader } from '../../../../src/core/schedulers/netlify';
import type { SourceContext } from '../../../../src/core/schedulers/source';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';

type Files = Record<string, string>;

function contextOf(files: Files): SourceContext {
  return { readFile: (file) => (Object.prototype.hasOwnProperty.call(files, file) ? files[file] : undefined), loadTypeScript };
}

/** The jobs of `file` in a project of `files`, as [name, expression, the literal its span covers, route file]. */
function read(files: Files, file: string): [string | undefined, string, string, string | undefined][] {
  const text = files[file]!;
  if (!netlifyReader.mayDeclare(file, text)) return [];
  return netlifyReader.read(file, text, contextOf(files)).map((job) => [job.name, job.expression, text.slice(job.expressionSpan.start, job.expressionSpan.end), job.route.file]);
}

const PLAIN_FUNCTION = 'export default async () => new Response("ok");\n';
const V2 = (config: string) => `import type { Config } from "@netlify/functions";\n\nexport default async () => {\n  await sync();\n};\n\nexport const config${config}\n`;

describe('netlifyReader: netlify.toml [functions."name"] schedule', () => {
  const cases: [name: string, files: Files, expected: ReturnType<typeof read>][] = [
    [
      'a quoted name, its function in the default folder',
      { 'netlify.toml': '[functions."nightly-sync"]\n  schedule = "@daily"\n', 'netlify/functions/nightly-sync.ts': PLAIN_FUNCTION },
      [['nightly-sync', '@daily', '"@daily"', 'netlify/functions/nightly-sync.ts']],
    ],
    [
      'a bare name, a literal string, a function in its own folder',
      { 'netlify.toml': "[functions.report]\nschedule = '0 9 * * 1'\n", 'netlify/functions/report/index.mjs': PLAIN_FUNCTION },
      [['report', '0 9 * * 1', "'0 9 * * 1'", 'netlify/functions/report/index.mjs']],
    ],
    [
      'a dotted key under [functions], and a configured functions directory',
      { 'netlify.toml': '[functions]\n  directory = "functions/"\n  cleanup.schedule = "*/30 * * * *"\n', 'functions/cleanup/cleanup.js': PLAIN_FUNCTION },
      [['cleanup', '*/30 * * * *', '"*/30 * * * *"', 'functions/cleanup/cleanup.js']],
    ],
    [
      'the older [build] functions setting',
      { 'netlify.toml': '[build]\n  functions = "./lambda"\n\n[functions.ping]\n  schedule = "@hourly"\n', 'lambda/ping.js': PLAIN_FUNCTION },
      [['ping', '@hourly', '"@hourly"', 'lambda/ping.js']],
    ],
    [
      'several functions, one without a file (still a job, with why)',
      { 'netlify.toml': '[functions.a]\nschedule = "0 1 * * *"\n\n[functions.b]\nschedule = "0 2 * * *"\n', 'netlify/functions/a.ts': PLAIN_FUNCTION },
      [
        ['a', '0 1 * * *', '"0 1 * * *"', 'netlify/functions/a.ts'],
        ['b', '0 2 * * *', '"0 2 * * *"', undefined],
      ],
    ],
    ['an escape', { 'netlify.toml': '[functions.a]\nschedule = "0 1 * * \\u002A"\n' }, [['a', '0 1 * * *', '"0 1 * * \\u002A"', undefined]]],
    ['a multi-line basic string', { 'netlify.toml': '[functions.a]\nschedule = """@daily"""\n' }, [['a', '@daily', '"""@daily"""', undefined]]],
    ['an invalid expression is a job (its validity is reported)', { 'netlify.toml': '[functions.a]\nschedule = "@annually"\n' }, [['a', '@annually', '"@annually"', undefined]]],
    // Nothing: what Netlify would not schedule, or what cannot be told.
    ['a glob name configures several functions', { 'netlify.toml': '[functions."sync-*"]\nschedule = "@daily"\n' }, []],
    ['a schedule that is no string', { 'netlify.toml': '[functions.a]\nschedule = 5\n' }, []],
    ['schedule directly under [functions]', { 'netlify.toml': '[functions]\nschedule = "@daily"\n' }, []],
    ['broken TOML', { 'netlify.toml': '[functions.a]\nschedule = "@daily\n' }, []],
    ['a duplicate key is a TOML error', { 'netlify.toml': '[functions.a]\nschedule = "@daily"\nschedule = "@hourly"\n' }, []],
    [
      "the function's own schedule overrides netlify.toml's: the file's job is the one",
      { 'netlify.toml': '[functions.a]\nschedule = "@daily"\n', 'netlify/functions/a.ts': V2(' = { schedule: "@hourly" };') },
      [],
    ],
  ];
  for (const [name, files, expected] of cases) {
    it(name, () => assert.deepEqual(read(files, 'netlify.toml'), expected));
  }

  it('describes the job: declaration, source, dialect, zone and the function as target', () => {
    const text = '[functions."nightly-sync"]\n  schedule = "@daily" # UTC\n';
    const [job] = netlifyReader.read('netlify.toml', text, contextOf({ 'netlify.toml': text }));
    assert.ok(job);
    assert.equal(text.slice(job.declared.span.start, job.declared.span.end), 'schedule = "@daily"');
    assert.equal(job.source, 'netlify');
    assert.equal(job.dialect, 'netlify');
    assert.equal(job.timeZone, 'UTC');
    assert.equal(job.jitter, undefined);
    assert.deepEqual(job.target, { kind: 'function', name: 'nightly-sync' });
    assert.deepEqual(job.route, { file: undefined, why: 'no JavaScript or TypeScript function named nightly-sync in netlify/functions/' });
  });
});

describe('netlifyReader: a function file, read as Netlify reads it', () => {
  const FILE = 'netlify/functions/digest.ts';
  const cases: [name: string, text: string, expected: ReturnType<typeof read>][] = [
    ['export const config with a type annotation', V2(': Config = { schedule: "@hourly" };'), [['digest', '@hourly', '"@hourly"', FILE]]],
    ['single quotes, a string key, other settings around it', V2(" = { path: '/digest', 'schedule': '0 7 * * 1-5', method: 'GET' };"), [['digest', '0 7 * * 1-5', "'0 7 * * 1-5'", FILE]]],
    ['a parenthesised object', V2(' = ({ schedule: "@daily" });'), [['digest', '@daily', '"@daily"', FILE]]],
    ['export { config } of a const declared after it', `export default async () => {};\nexport { config };\nconst config = { schedule: "@weekly" };\n`, [['digest', '@weekly', '"@weekly"', FILE]]],
    ['export { settings as config }', `const settings = { schedule: "@weekly" };\nexport { settings as config };\nexport default async () => {};\n`, [['digest', '@weekly', '"@weekly"', FILE]]],
    ['export default function', `export default async function run() {}\nexport const config = { schedule: "@daily" };\n`, [['digest', '@daily', '"@daily"', FILE]]],
    ['the last schedule key wins', V2(' = { schedule: "@daily", schedule: "@hourly" };'), [['digest', '@hourly', '"@hourly"', FILE]]],
    ['an invalid expression is a job (its validity is reported)', V2(' = { schedule: "0 0 30 2 *" };'), [['digest', '0 0 30 2 *', '"0 0 30 2 *"', FILE]]],
    // Netlify reads only a string literal there; anything else leaves the function unscheduled.
    ['a const: Netlify does not follow it', `const EVERY_HOUR = "@hourly";\n${V2(' = { schedule: EVERY_HOUR };')}`, []],
    ['an imported const', `import { EVERY_HOUR } from "../../lib/schedules";\n${V2(' = { schedule: EVERY_HOUR };')}`, []],
    ['a template literal', V2(' = { schedule: `@hourly` };'), []],
    ['computed', V2(' = { schedule: process.env.SCHEDULE ?? "@daily" };'), []],
    ['the last schedule key is not a literal', V2(' = { schedule: "@daily", schedule: pick() };'), []],
    ['satisfies hides the object from Netlify', V2(' = { schedule: "@hourly" } satisfies Config;'), []],
    ['no default export', 'export const config = { schedule: "@hourly" };\n', []],
    ['a handler export makes it the older API, whose config is not read', `export const handler = async () => ({ statusCode: 200 });\nexport default handler;\nexport const config = { schedule: "@hourly" };\n`, []],
    // The older API: the schedule helper of @netlify/functions.
    [
      'schedule("…", fn) exported as handler',
      `import { schedule } from "@netlify/functions";\n\nexport const handler = schedule("@daily", async () => ({ statusCode: 200 }));\n`,
      [['digest', '@daily', '"@daily"', FILE]],
    ],
    [
      'the helper renamed, its argument a const of the same file',
      `import { schedule as every } from '@netlify/functions';\nconst NIGHTLY = '0 2 * * *';\nconst run = async () => ({ statusCode: 200 });\nexport const handler = every(NIGHTLY, run);\n`,
      [['digest', '0 2 * * *', "'0 2 * * *'", FILE]],
    ],
    ['the helper with an imported const (Netlify fails the build)', `import { schedule } from "@netlify/functions";\nimport { NIGHTLY } from "../../lib/schedules";\nexport const handler = schedule(NIGHTLY, async () => ({ statusCode: 200 }));\n`, []],
    ['a schedule function of another package', `import { schedule } from "./local";\nexport const handler = schedule("@daily", async () => ({ statusCode: 200 }));\n`, []],
    ['half-typed', 'import { schedule } from "@netlify/functions";\nexport const handler = schedule("@da', []],
    ['nested past any sensible depth', `export default 1;\nexport const config = { schedule: "@daily", x: ${'['.repeat(3000)}${']'.repeat(3000)} };\n`, []],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(read({ [FILE]: text }, FILE), expected));
  }

  it('reads CommonJS: require of the helper and exports.handler', () => {
    const file = 'netlify/functions/ping.js';
    const text = `const { schedule } = require("@netlify/functions");\n\nexports.handler = schedule("*/15 * * * *", async () => ({ statusCode: 200 }));\n`;
    assert.deepEqual(read({ [file]: text }, file), [['ping', '*/15 * * * *', '"*/15 * * * *"', file]]);
  });

  it('reads CommonJS: module.exports.config beside module.exports.default', () => {
    const file = 'netlify/functions/ping.cjs';
    const text = `module.exports.default = async () => new Response("ok");\nmodule.exports.config = { schedule: "@hourly" };\n`;
    assert.deepEqual(read({ [file]: text }, file), [['ping', '@hourly', '"@hourly"', file]]);
  });

  it('names the function by its folder, and reads only a function entry of the functions folder', () => {
    const text = V2(' = { schedule: "@daily" };');
    assert.deepEqual(read({ 'netlify/functions/digest/index.ts': text }, 'netlify/functions/digest/index.ts'), [['digest', '@daily', '"@daily"', 'netlify/functions/digest/index.ts']]);
    assert.deepEqual(read({ 'netlify/functions/digest/digest.mts': text }, 'netlify/functions/digest/digest.mts'), [['digest', '@daily', '"@daily"', 'netlify/functions/digest/digest.mts']]);
    assert.deepEqual(read({ 'netlify/functions/digest/helper.ts': text }, 'netlify/functions/digest/helper.ts'), []);
    assert.deepEqual(read({ 'netlify/functions/_shared/a/b.ts': text }, 'netlify/functions/_shared/a/b.ts'), []);
    assert.deepEqual(read({ 'lib/digest.ts': text }, 'lib/digest.ts'), []);
  });

  it("reads a configured functions folder from netlify.toml, and only that folder", () => {
    const text = V2(' = { schedule: "@daily" };');
    const files = { 'netlify.toml': '[functions]\ndirectory = "src/functions"\n', 'src/functions/digest.ts': text, 'netlify/functions/other.ts': text };
    assert.deepEqual(read(files, 'src/functions/digest.ts'), [['digest', '@daily', '"@daily"', 'src/functions/digest.ts']]);
    assert.deepEqual(read(files, 'netlify/functions/other.ts'), []);
  });

  it('describes the job: declared at the schedule property, the function itself as the route', () => {
    const text = V2(': Config = {\n  schedule: "@hourly",\n};');
    const [job] = netlifyReader.read(FILE, text, contextOf({ [FILE]: text })) as [ScheduledJob];
    assert.equal(text.slice(job.declared.span.start, job.declared.span.end), 'schedule: "@hourly"');
    assert.deepEqual(job.target, { kind: 'function', name: 'digest' });
    assert.deepEqual(job.route, { file: FILE, kind: 'function' });
    assert.equal(job.timeZone, 'UTC');
  });

  it('parses only what may declare: netlify.toml, and scripts naming a schedule in the default folder or importing Netlify', () => {
    assert.equal(netlifyReader.mayDeclare('netlify.toml', '[functions.a]\nschedule = "@daily"'), true);
    assert.equal(netlifyReader.mayDeclare('netlify.toml', '[build]\ncommand = "next build"'), false);
    assert.equal(netlifyReader.mayDeclare('apps/web/netlify.toml', '[functions.a]\nschedule = "@daily"'), false);
    assert.equal(netlifyReader.mayDeclare('netlify/functions/a.ts', 'export const config = { schedule: "@daily" }'), true);
    assert.equal(netlifyReader.mayDeclare('netlify/functions/a.ts', 'export default () => {}'), false);
    assert.equal(netlifyReader.mayDeclare('src/functions/a.ts', 'import type { Config } from "@netlify/functions"; export const config = { schedule: "@daily" }'), true);
    assert.equal(netlifyReader.mayDeclare('src/functions/a.ts', 'export const config = { schedule: "@daily" }'), false);
    assert.equal(netlifyReader.mayDeclare('netlify/functions/a.json', '{"schedule": "@daily"}'), false);
  });
});
