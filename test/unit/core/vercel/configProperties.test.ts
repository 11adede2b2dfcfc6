/**
 * Property tests for the configuration readers beyond vercel.json's own (vercel.toml, vercel.ts and
 * its siblings, and vercel.json's `schedules`), through the reader, the rules and the service the
 * editor and the CLI use: whatever is typed, nothing throws, the work ends (it is bounded by the
 * readers' counts: nesting depth, values a script expands to), and every span, edit and lens lies
 * inside the file. Seeded (FC_SEED, default 20261207) so a failure reproduces; FC_NUM_RUNS goes deeper.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Finding } from '../../../../src/core/diagnostics';
import { createCronService, type CronServiceHost, type HostRead } from '../../../../src/core/service';
import { DEFAULT_SETTINGS, PLANS } from '../../../../src/core/settings';
import type { Span, TextEdit } from '../../../../src/core/types';
import { checkVercelJson } from '../../../../src/core/vercel/check';
import { parseVercelConfig } from '../../../../src/core/vercel/configFiles';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';
import { NOW, projectOf } from '../../support/ruleHarness';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261207;
const NUM_RUNS = process.env.FC_NUM_RUNS ? Number(process.env.FC_NUM_RUNS) : 250;
/** The service answers for a whole project (a route analysed with TypeScript): fewer runs. */
const SERVICE_RUNS = Math.max(1, Math.round(NUM_RUNS / 5));

const FOLDER = '/work/app';
const ROUTE = `export async function GET(request: Request) {
  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('no', { status: 401 });
  return Response.json({ ok: true });
}
`;
const PROJECT: Record<string, string> = {
  'package.json': '{ "dependencies": { "next": "16.0.0" } }',
  'app/api/cron/digest/route.ts': ROUTE,
  'app/api/cron/open/route.ts': 'export async function POST() {\n  return Response.json({ ok: true });\n}\n',
};

const TOML_SEEDS = [
  '# jobs\n[[crons]]\npath = "/api/cron/digest"\nschedule = "0 3 * * *"\n\n[[crons]]\npath = \'/api/cron/open\'\nschedule = \'0 4 * * MON\'\n',
  'crons = [\n  { path = "/api/cron/digest", schedule = "*/5 * * * *" },\n  { path = "api/cron/open/", schedule = "0 0 1 * 7" },\n]\n\n[functions."app/api/**/*.ts"]\nmaxDuration = 900\n',
  'fluid = false\n\n[[schedules]]\nname = "digest"\nschedule = "0 9 * * *"\ntimezone = "Europe/Berlin"\njitter = 30\npath = "/api/cron/digest"\n\n[[schedules]]\nname = "fan"\nschedule = "@hourly"\ntopic = "jobs"\nfunction = "api/x.ts"\n',
  '[schedules.digest]\nschedule = """0 9 * * 1"""\ntimezone = \'America/New_York\'\npath = "/api/cron/open"\nrequestMethod = "POST"\n',
];
const SCRIPT_SEEDS = [
  "const DAILY = '0 3 * * *';\nexport default {\n  crons: [\n    { path: '/api/cron/digest', schedule: DAILY },\n    { path: '/api/cron/open', schedule: '0 4 * * MON' },\n  ],\n} as const;\n",
  "import type { VercelConfig } from '@vercel/config/v1';\nconst base = { schedule: '*/5 * * * *' };\nexport const config = {\n  crons: [{ ...base, path: `/api/cron/digest` }, { path: '/api/cron/open', schedule: every(5) }],\n  functions: { 'app/api/**/*.ts': { maxDuration: 60 } },\n} satisfies VercelConfig;\n",
  "export const crons = [{ path: '/api/cron/digest', schedule: '0 0 1 * 7' }];\nexport const schedules = [\n  { name: 'digest', schedule: '0 9 * * *', timezone: 'Asia/Tokyo', path: '/api/cron/digest', jitter: 31 },\n];\n",
  "module.exports = {\n  schedules: { nightly: { schedule: '0 2 * * *', path: '/api/cron/open', requestMethod: 'GET' } },\n};\n",
];
const JSON_SEEDS = [
  '{\n  "schedules": [\n    { "name": "digest", "schedule": "0 9 * * MON", "timezone": "Europe/Berlin", "jitter": 15, "path": "/api/cron/digest" },\n    { "name": "fan", "schedule": "@daily", "topic": "jobs", "function": "api/x.ts" }\n  ],\n  "functions": { "api/x.ts": { "experimentalTriggers": [{ "type": "schedule/v1beta" }] } }\n}\n',
  '{ "schedules": { "nightly": { "schedule": "0 2 * * *", "timezone": "Pacific/Chatham", "path": "/api/cron/open", "requestMethod": "POST" } }, "fluid": true }',
];

/** Pieces an editor session inserts into each syntax, beside whatever fast-check makes up. */
const TOML_TOKENS = ['[', ']', '[[', ']]', '{', '}', '=', '.', ',', '"', "'", '"""', "'''", '\\', '#', '\n', '\r\n', ' ', 'crons', 'schedules', '"schedule"', 'path', 'timezone', 'jitter', '"0 3 * * *"', "'@daily'", '1e999', '-0', 'inf', 'nan', '1979-05-27T07:32:00Z', 'true', '😀', '\uFEFF'];
const SCRIPT_TOKENS = ['{', '}', '[', ']', '(', ')', ',', ':', ';', '...', "'", '"', '`', '${', '//', '/*', '*/', '\n', 'const ', 'export ', 'default ', 'as const', 'satisfies X', 'module.exports = ', 'crons', 'schedules', "'0 3 * * *'", 'DAILY', 'base', '-1', '😀'];
const JSON_TOKENS = ['{', '}', '[', ']', ',', ':', '"', '"schedules"', '"name"', '"path"', '"topic"', '"function"', '"jitter"', '"timezone"', '"requestMethod"', '"GET"', '60', '-1', '1e999', 'null', '"Mars/Olympus"', '"0 0 31 2 *"', '//', '\n', '😀'];

const FORMATS = [
  { name: 'vercel.toml', seeds: TOML_SEEDS, tokens: TOML_TOKENS },
  { name: 'vercel.ts', seeds: SCRIPT_SEEDS, tokens: SCRIPT_TOKENS },
  { name: 'vercel.cjs', seeds: SCRIPT_SEEDS.slice(3), tokens: SCRIPT_TOKENS },
  { name: 'vercel.json', seeds: JSON_SEEDS, tokens: JSON_TOKENS },
] as const;

type Mutation =
  | { kind: 'insert'; at: number; piece: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number };

function mutation(tokens: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 4 })) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
}

function mutate(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.piece + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate':
      return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    case 'truncate':
      return text.slice(0, at);
  }
}

/** A file of one of the formats: a seed as written or edited a few times, or (less often) any string. */
const configFile = fc.constantFrom(...FORMATS).chain((format) =>
  fc.record({
    name: fc.constant(format.name),
    text: fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...format.seeds), fc.array(mutation(format.tokens), { minLength: 0, maxLength: 6 })).map(([seed, edits]) => edits.reduce(mutate, seed)) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    ),
  }),
);

/** Openers left open, or headers and keys nested by the thousand: what the nesting bounds are for. */
const DEEP_PIECES: Record<string, readonly string[]> = {
  'vercel.toml': ['[', '{ a = ', 'a.', '[[a.', "['\"', [", '[a]\n', '[[crons]]\n'],
  'vercel.ts': ['[', '{ a: ', '(', '...[', '`${', 'f('],
  'vercel.json': ['[', '{ "schedules": ', '{ "a": [', '"'],
};
const DEEP_CASES = Object.entries(DEEP_PIECES).flatMap(([name, pieces]) => pieces.map((piece) => ({ name, piece })));
const deepFile = fc
  .record({ deep: fc.constantFrom(...DEEP_CASES), count: fc.integer({ min: 1_000, max: 40_000 }), closed: fc.boolean() })
  .map(({ deep: { name, piece }, count, closed }) => {
    const prefix = name === 'vercel.json' ? '' : name === 'vercel.ts' ? 'export default ' : 'x = ';
    const opened = piece.endsWith('.') || piece.endsWith('\n') ? `${piece.repeat(count)}b = 1\n` : prefix + piece.repeat(count);
    const closer = piece.includes('{') ? '}' : piece.includes('(') ? ')' : ']';
    return { name, text: closed ? opened + closer.repeat(count) : opened };
  });

function assertSpanInside(span: Span, length: number, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: integer offsets ${JSON.stringify(span)}`);
  assert.ok(0 <= span.start && span.start <= span.end && span.end <= length, `${what}: ${JSON.stringify(span)} not inside [0, ${length}]`);
}

function assertEditsInside(edits: readonly TextEdit[], length: number, what: string): void {
  for (const edit of edits) assertSpanInside({ start: edit.offset, end: edit.offset + edit.length }, length, what);
}

/** What a vercel.toml or vercel.ts project shows about its configuration names that file, never vercel.json. */
function assertNamesItsFile(said: string, file: { name: string }, what: string): void {
  if (file.name !== 'vercel.json') assert.doesNotMatch(said, /vercel\.json/, `${what} names vercel.json in ${file.name}: ${said}`);
}

function assertFindingsInside(findings: readonly Finding[], file: { name: string; text: string }, what: string): void {
  for (const finding of findings) {
    const label = `${what}: ${finding.code} in ${file.name} ${JSON.stringify(file.text.slice(0, 300))}`;
    assertNamesItsFile(finding.message, file, label);
    // jsonc-parser's one known overrun (pinned in properties.test.ts): a "/*" ending the text.
    if (file.name.endsWith('.json') && finding.span.end === file.text.length + 1 && (file.text.endsWith('/*') || finding.code === 'invalid-json')) continue;
    assertSpanInside(finding.span, file.text.length, label);
    assert.ok(finding.message.length > 0, `${label}: a message`);
    for (const fix of finding.fixes) {
      if (fix.edits.some((e) => e.offset + e.length === file.text.length + 1 && file.name.endsWith('.json'))) continue;
      assertEditsInside(fix.edits, file.text.length, `${label} / ${fix.title}`);
      assertNamesItsFile(fix.title, file, label);
    }
  }
}

/** The reader and every rule, with and without the project around the file. */
function checkReader(file: { name: string; text: string }, plan: (typeof PLANS)[number], project: ReturnType<typeof projectOf> | undefined): void {
  let findings: Finding[];
  try {
    const doc = parseVercelConfig(file.name, file.text, loadTypeScript);
    findings = checkVercelJson(doc, { plan, now: NOW, project, rules: {} });
  } catch (error) {
    assert.fail(`${file.name} threw ${String(error)} for ${JSON.stringify(file.text.slice(0, 300))}`);
  }
  assertFindingsInside(findings, file, 'reader');
}

const project = projectOf(PROJECT);

/** A host over the project with the configuration file in it. */
function hostWith(file: { name: string; text: string }): CronServiceHost {
  const disk = new Map(Object.entries({ ...PROJECT, [file.name]: file.text }).map(([name, text]) => [path.posix.join(FOLDER, name), text]));
  return {
    listFiles: (folder) => ({ files: [...disk.keys()].filter((f) => f.startsWith(`${folder}/`)).map((f) => path.posix.relative(folder, f)).sort(), unread: new Map() }),
    readFile: (name): HostRead => {
      const text = disk.get(name);
      return text === undefined ? { missing: true } : { text };
    },
    inFolder: (folder) => (relative) => path.posix.join(folder, relative),
    relative: (folder, name) => path.posix.relative(folder, name),
    settings: () => ({ ...DEFAULT_SETTINGS, plan: 'hobby' }),
    mayReadSecrets: () => true,
    loadTypeScript,
    now: () => NOW,
  };
}

const HOVER_OPTIONS = { displayTimeZone: 'Europe/Berlin', fileLink: (root: string, name: string) => `file://${root}/${name}` };

/** What the editor and the CLI ask of the service for the file: diagnostics, fixes, hovers and lenses at `offsets`, the check and the jobs. */
function checkService(file: { name: string; text: string }, offsets: readonly number[]): void {
  const cron = createCronService(hostWith(file), () => FOLDER);
  const at = path.posix.join(FOLDER, file.name);
  const what = `${file.name} ${JSON.stringify(file.text.slice(0, 300))}`;
  try {
    const findings = cron.diagnostics(at);
    assertFindingsInside(findings, file, 'diagnostics');
    for (const finding of findings.slice(0, 5)) assertFindingsInside([{ ...finding, fixes: cron.codeActions(at, finding.span, finding.code) }], file, 'codeActions');
    // Random offsets, and where hovers are: inside the first strings of the file.
    const inStrings = [...file.text.matchAll(/["'`]/g)].slice(0, 40).map((match) => match.index + 1);
    for (const offset of [...offsets, ...inStrings]) {
      const position = offset % (file.text.length + 1);
      const hover = cron.hover(at, position, HOVER_OPTIONS);
      if (hover) assertSpanInside(hover.span, file.text.length, `hover at ${position} in ${what}`);
      if (hover) assertNamesItsFile(hover.markdown, file, `hover at ${position}`);
      cron.completion(at, position);
    }
    for (const lens of cron.codeLenses(at)) {
      assertSpanInside(lens.span, file.text.length, `lens in ${what}`);
      assertNamesItsFile(lens.title, file, `lens in ${what}`);
    }
    for (const result of cron.checkProject(FOLDER)) {
      if (result.reported === file.name) assertFindingsInside(result.findings.map((f) => ({ ...f, fixes: f.fixes ?? [] })), file, 'checkProject');
    }
    cron.jobs(FOLDER);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assert.fail(`the service threw ${error instanceof Error ? error.stack : String(error)} for ${what}`);
  }
}

describe('vercel.toml, vercel.ts and vercel.json schedules: properties', () => {
  it('edited and random files: the reader and every rule never throw, spans and edits inside, with and without a project', () => {
    fc.assert(
      fc.property(configFile, fc.constantFrom(...PLANS), (file, plan) => {
        checkReader(file, plan, undefined);
        checkReader(file, plan, project);
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  it('edited and random files through the service: diagnostics, fixes, hovers and lenses at any offset, check and jobs', () => {
    fc.assert(
      fc.property(configFile, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (file, offsets) => checkService(file, offsets)),
      { seed: SEED, numRuns: SERVICE_RUNS },
    );
  });

  it('tens of thousands of unclosed (or closed) brackets, tables and dotted keys: one error or nothing, never a stack overflow', () => {
    fc.assert(
      fc.property(deepFile, fc.nat(), (file, offset) => {
        checkReader(file, 'hobby', project);
        checkService(file, [offset, file.text.length, 0]);
      }),
      { seed: SEED, numRuns: Math.max(DEEP_CASES.length * 2, Math.round(SERVICE_RUNS / 2)) },
    );
  });
});
