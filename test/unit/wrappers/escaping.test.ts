/**
 * Values generated code embeds (schedules, job names, paths) are escaped for the literal they
 * land in, in the file's quote style (#14 item 3): a schedule "0 3 * * *\n" in vercel.json once
 * put a raw line break into the guard's string literal, and the route stopped parsing. Seeded
 * (FC_SEED, default 20261128).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import type * as TS from 'typescript';
import { runCli } from '../../../src/cli/main';
import { applyStyle, type Quote, stringLiteral } from '../../../src/core/next/guardTemplate';
import { parseErrors } from '../../../src/core/vercel/parseErrors';
import { singleQuoted } from '../../../src/core/wrappers/source';
import { loadTypeScript } from '../../../src/node/loadTypeScript';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;
const NOW = new Date('2026-11-28T01:48:00Z');
const ts = loadTypeScript();

const TEMP: string[] = [];
after(() => {
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

/** The one literal of `const x = <literal>;`, with the file's syntax errors. */
function literalOf(literal: string): { errors: number; text: string | undefined; quote: string } {
  const sourceFile = ts.createSourceFile('x.ts', `const x = ${literal};\n`, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const statement = sourceFile.statements[0];
  const init = statement && ts.isVariableStatement(statement) ? statement.declarationList.declarations[0]?.initializer : undefined;
  const text = init && (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)) ? init.text : undefined;
  return { errors: parseErrors(sourceFile).length, text, quote: literal[0]! };
}

/** Characters that end, escape or open something in a literal, among plain ones. */
const tricky = fc.constantFrom('\n', '\r', '\r\n', '\u2028', '\u2029', '\\', "'", '"', '`', '${', '$', '{', '}', '\0', '\t', '\b', '\v', '\f', '\ud800', '\udfff', '😀', 'é', 'a', ' ', '*', '/', '\\n', "\\'");
const text = fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join(''));

describe(`stringLiteral and applyStyle (fast-check seed ${SEED})`, () => {
  it('a literal in each quote parses, alone, to exactly the text', () => {
    fc.assert(
      fc.property(text, fc.constantFrom<Quote>("'", '"', '`'), (value, quote) => {
        const literal = stringLiteral(value, quote);
        const read = literalOf(literal);
        assert.equal(read.errors, 0, literal);
        assert.equal(read.text, value, literal);
        assert.equal(read.quote, quote);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("singleQuoted, moved into a double-quote file's style, still reads as the text", () => {
    fc.assert(
      fc.property(text, (value) => {
        const styled = applyStyle(singleQuoted(value), { quote: '"', semicolons: false, indent: '\t' });
        const read = literalOf(styled);
        assert.equal(read.errors, 0, styled);
        assert.equal(read.text, value, styled);
        assert.equal(read.quote, '"');
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('the schedules of the repro, written out', () => {
    assert.equal(stringLiteral('0 3 * * *\n'), "'0 3 * * *\\n'");
    assert.equal(stringLiteral("it's"), "'it\\'s'");
    assert.equal(stringLiteral('say "hi"', '"'), '"say \\"hi\\""');
    assert.equal(stringLiteral('a\u2028b${c}`', '`'), '`a\\u2028b\\${c}\\``');
    assert.equal(applyStyle(`f(${singleQuoted("it's \"x\"\n")});`, { quote: '"', semicolons: true, indent: '  ' }), 'f("it\'s \\"x\\"\\n");');
  });
});

describe('fix on a schedule with a line break (#14 item 3 repro)', () => {
  const route =
    "export async function GET(request: Request) {\n  const s = process.env.CRON_SECRET;\n  if (!s || request.headers.get('authorization') !== `Bearer ${s}`) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n";
  const ROUTE = 'app/api/cron/y/route.ts';

  function project(schedule: string, routeText = route): string {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-escape-'));
    TEMP.push(folder);
    const files: Record<string, string> = {
      'vercel.json': JSON.stringify({ crons: [{ path: '/api/cron/y', schedule }] }, null, 2),
      'package.json': JSON.stringify({ dependencies: { next: '15.0.0' } }),
      [ROUTE]: routeText,
    };
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), content);
    }
    return folder;
  }

  function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: os.tmpdir(), now: () => NOW }) as number;
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  function guardSchedule(text: string): { errors: number; schedule: string | undefined } {
    const sourceFile = ts.createSourceFile('route.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    let schedule: string | undefined;
    const visit = (node: TS.Node): void => {
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'schedule' && ts.isStringLiteralLike(node.initializer)) schedule = node.initializer.text;
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return { errors: parseErrors(sourceFile).length, schedule };
  }

  for (const [style, routeText] of [
    ['single quotes', route],
    ['double quotes, no semicolons', route.replace(/'/g, '"').replace(/;$/gm, '')],
  ] as const) {
    it(`--only no-idempotency-guard: the route still parses and carries the schedule exactly (${style})`, () => {
      const folder = project('0 3 * * *\n', routeText);
      const first = run(['fix', folder, '--only', 'no-idempotency-guard']);
      assert.equal(first.stderr, '');
      const fixed = fs.readFileSync(path.join(folder, ROUTE), 'utf8');
      assert.deepEqual(guardSchedule(fixed), { errors: 0, schedule: '0 3 * * *\n' });
      assert.match(fixed, style === 'single quotes' ? /schedule: '0 3 \* \* \*\\n'/ : /schedule: "0 3 \* \* \*\\n"/);
      assert.equal(run(['fix', folder, '--only', 'no-idempotency-guard,schedule-drift']).stdout, 'nothing to fix', 'no drift: the literal reads as the schedule');
    });
  }

  it('schedule-drift writes the new schedule escaped, in the quote the literal had', () => {
    const wrapped = `import { withCronRunGuard } from "../../../../lib/cron-run-guard";\n\nexport const GET = withCronRunGuard({ job: "y", schedule: "0 3 * * *", lockSeconds: 86400 }, async (request: Request) => {\n  const s = process.env.CRON_SECRET;\n  if (!s || request.headers.get("authorization") !== \`Bearer \${s}\`) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n});\n`;
    const folder = project('0 4 * * *\n', wrapped);
    fs.mkdirSync(path.join(folder, 'lib'));
    fs.writeFileSync(path.join(folder, 'lib/cron-run-guard.ts'), 'export const withCronRunGuard = (_o: unknown, h: unknown) => h;\n');
    const { stdout } = run(['fix', folder, '--only', 'schedule-drift']);
    assert.match(stdout, /fixed .*route\.ts \(schedule-drift\)/);
    const fixed = fs.readFileSync(path.join(folder, ROUTE), 'utf8');
    assert.match(fixed, /schedule: "0 4 \* \* \*\\n"/);
    assert.deepEqual(guardSchedule(fixed), { errors: 0, schedule: '0 4 * * *\n' });
  });
});
