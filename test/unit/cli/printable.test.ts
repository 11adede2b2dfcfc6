/**
 * Text output passes no control characters through (issue #14, item 3): a cron path with BEL or
 * ESC rang and recoloured the terminal, and a file name with a line break forged a diagnostic line.
 */
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { describe, it } from 'node:test';
import { printable, printableWithOffsets } from '../../../src/cli/printable';
import { runSync, tempFolders } from '../support/cliRun';

const tempFolder = tempFolders('ncr-printable-');
const run = runSync;

/** Characters a terminal acts on or reorders by, none of which may reach it raw. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const SETTINGS = { '.vscode/settings.json': JSON.stringify({ 'nextCronRoutes.rules': { 'no-monitoring': 'off', 'no-idempotency-guard': 'off' } }) };

describe('printable', () => {
  const cases: [input: string, output: string][] = [
    ['plain text, é, 日本, 🙂 and a \\ stay', 'plain text, é, 日本, 🙂 and a \\ stay'],
    ['bell\u0007', 'bell\\x07'],
    ['\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
    ['line\nbreak\r\n', 'line\\x0abreak\\x0d\\x0a'],
    ['tab\there', 'tab\\x09here'],
    ['nul\u0000 del\u007f', 'nul\\x00 del\\x7f'],
    ['c1 \u0085 \u009b', 'c1 \\x85 \\x9b'],
    ['bidi \u202a\u202b\u202c\u202d\u202e', 'bidi \\u202a\\u202b\\u202c\\u202d\\u202e'],
    ['isolates \u2066\u2067\u2068\u2069', 'isolates \\u2066\\u2067\\u2068\\u2069'],
    ['not bidi controls: \u200e \u2065 \u206a', 'not bidi controls: \u200e \u2065 \u206a'],
  ];
  for (const [input, output] of cases) it(JSON.stringify(input), () => assert.equal(printable(input), output));

  it('offsets follow the escapes', () => {
    const { text, offset } = printableWithOffsets('a\u0007b\u202ec');
    assert.equal(text, 'a\\x07b\\u202ec');
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(offset), [0, 1, 5, 6, 12, 13]);
  });
});

describe('check and fix text output', () => {
  it('a cron path with BEL, ESC and a bidi override is printed escaped; JSON keeps the path', () => {
    const cronPath = '/api/cron/\u0007job\u001b[2J\u202e';
    // A Next.js app (package.json with next), so route-not-found speaks for the missing path.
    const folder = tempFolder({ ...SETTINGS, 'package.json': '{ "dependencies": { "next": "16.0.0" } }', 'vercel.json': JSON.stringify({ crons: [{ path: cronPath, schedule: '0 5 * * *' }] }) });
    const { code, stdout } = run(['check', '.'], folder);
    assert.equal(code, 0);
    assert.doesNotMatch(stdout, UNPRINTABLE);
    assert.match(stdout, /^vercel\.json:1:19 {2}warning route-not-found {2}No route file serves "\/api\/cron\/\\x07job\\x1b\[2J\\u202e"/);
    const body = JSON.parse(run(['check', '.', '--format', 'json'], folder).stdout) as { diagnostics: { message: string }[] };
    assert.ok(body.diagnostics[0]!.message.includes(cronPath));
  });

  it('a file name with a line break cannot forge a diagnostic line', () => {
    const forged = 'vercel.json:9:9  error   invalid-json  forged';
    const folder = tempFolder({ ...SETTINGS, [`evil\n${forged}/vercel.json`]: '{ "crons": [] } // x\n' });
    const { code, stdout } = run(['check', '.'], folder);
    assert.equal(code, 1);
    const lines = stdout.split('\n');
    assert.deepEqual(lines.slice(1), ['1 vercel.json checked: 1 error']);
    assert.ok(lines[0]!.startsWith(`evil\\x0a${forged}/vercel.json:1:17  error   invalid-json  `), lines[0]);
    assert.ok(!lines.some((line) => line.startsWith(forged)));
  });

  it('--verbose lists of files not analysed, and fix\'s "fixed" lines, are escaped too', () => {
    const folder = tempFolder({
      ...SETTINGS,
      'vercel.json': JSON.stringify({ crons: [{ path: '/api/cron/a\u001bb', schedule: '0 5 * * *' }, { path: '/api/cron/deep\u0007', schedule: '0 5 * * *' }] }),
      'app/api/cron/a\u001bb/route.ts': 'export async function GET() {\n  await fetch(\'https://example.com/hooks/rebuild\', { method: \'POST\' });\n  return Response.json({ ok: true });\n}\n',
      'app/api/cron/deep\u0007/route.ts': `export async function GET() {\n  return ${'f('.repeat(700)}1${')'.repeat(700)};\n}\n`,
    });
    const check = run(['check', '.', '--verbose'], folder);
    assert.doesNotMatch(check.stdout, UNPRINTABLE);
    assert.match(check.stdout, /^app\/api\/cron\/deep\\x07\/route\.ts: not analysed: /m);
    const fix = run(['fix', '.', '--only', 'missing-auth'], folder);
    assert.equal(fix.stdout, 'fixed app/api/cron/a\\x1bb/route.ts (missing-auth)');
    assert.doesNotMatch(fix.stderr, UNPRINTABLE);
  });

  it('a settings warning naming a folder with an ESC in it is escaped', () => {
    const folder = tempFolder({ 'x\u001b[2J/.vscode/settings.json': '{ oops' });
    const { stderr } = run(['check', 'x\u001b[2J'], folder);
    assert.doesNotMatch(stderr, UNPRINTABLE);
    assert.match(stderr, /x\\x1b\[2J/);
  });
});

describe('explain text output', () => {
  it('the expression is escaped and the carets still point at the bad field', () => {
    const { code, stdout } = run(['explain', '0 3 * * \u0007MON\u001b[31m'], os.tmpdir());
    assert.equal(code, 1);
    assert.doesNotMatch(stdout, UNPRINTABLE);
    const lines = stdout.split('\n');
    const at = lines.indexOf('    0 3 * * \\x07MON\\x1b[31m');
    assert.ok(at > 0, stdout);
    assert.equal(lines[at + 1], `    ${' '.repeat(8)}${'^'.repeat('\\x07MON\\x1b[31m'.length)}`);
    assert.equal(lines[0], '0 3 * * \\x07MON\\x1b[31m  (Vercel Cron Jobs, UTC)');
  });

  it('a line break in the expression cannot add a line', () => {
    const { stdout } = run(['explain', '0 3 * * 1\nforged line', '--tz', 'UTC'], os.tmpdir());
    assert.ok(!stdout.split('\n').includes('forged line'), stdout);
  });
});
