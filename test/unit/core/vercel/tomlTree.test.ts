/**
 * vercel.toml read into the vercel.json model (src/core/vercel/tomlTree.ts via configFiles.ts):
 * the same crons, schedules and functions, with every span pointing into the TOML text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVercelConfig } from '../../../../src/core/vercel/configFiles';
import { type JsonValue, spanOf, stringValue, type VercelDoc } from '../../../../src/core/vercel/model';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';

function read(text: string): VercelDoc {
  return parseVercelConfig('vercel.toml', text, loadTypeScript);
}

function at(text: string, value: JsonValue | undefined): string {
  assert.ok(value, 'no value');
  return text.slice(value.span.start, value.span.end);
}

describe('vercel.toml reader', () => {
  it('reads [[crons]] tables with comments and both string styles, spans on the literals', () => {
    const text = '# jobs\n[[crons]]\npath = "/api/cron/a" # nightly\nschedule = \'0 3 * * *\'\n\n[[crons]]\nschedule = "*/5 * * * *"\npath = "/api/cron/b"\n';
    const doc = read(text);
    assert.equal(doc.source?.format, 'toml');
    assert.deepEqual(doc.strict, { comments: [], trailingCommas: [], errors: [] }, 'TOML comments are no strict-JSON problem');
    assert.deepEqual(doc.crons.map((c) => [stringValue(c.path), stringValue(c.schedule)]), [['/api/cron/a', '0 3 * * *'], ['/api/cron/b', '*/5 * * * *']]);
    assert.equal(at(text, doc.crons[0]!.path), '"/api/cron/a"');
    assert.equal(at(text, doc.crons[0]!.schedule), "'0 3 * * *'");
    assert.equal(text.slice(doc.crons[1]!.span.start, doc.crons[1]!.span.end), '[[crons]]\nschedule = "*/5 * * * *"\npath = "/api/cron/b"', 'an entry is its table, header included');
    assert.deepEqual(doc.crons[0]!.properties.map((p) => [p.key, text.slice(p.keySpan.start, p.keySpan.end), text.slice(p.span.start, p.span.end)]), [
      ['path', 'path', 'path = "/api/cron/a"'],
      ['schedule', 'schedule', "schedule = '0 3 * * *'"],
    ]);
    assert.ok(doc.cronsNode && text.slice(doc.cronsNode.offset).startsWith('[[crons]]'));
  });

  it('reads inline tables and arrays the same way', () => {
    const text = 'crons = [\n  { path = "/api/cron/a", schedule = "0 3 * * *" },\n]\n';
    const doc = read(text);
    assert.equal(doc.crons.length, 1);
    assert.equal(at(text, doc.crons[0]!.schedule), '"0 3 * * *"');
    assert.equal(text.slice(doc.crons[0]!.span.start, doc.crons[0]!.span.end), '{ path = "/api/cron/a", schedule = "0 3 * * *" }');
  });

  it('reads functions from quoted table headers and dotted keys, numbers as numbers', () => {
    const text = '[functions."app/api/cron/**/*.ts"]\nmaxDuration = 60\nmemory = 1024\n\n[functions]\n"api/legacy.js".maxDuration = 10\n';
    const doc = read(text);
    assert.deepEqual(doc.functions.map((f) => [f.pattern, text.slice(f.keySpan.start, f.keySpan.end), f.maxDuration?.node.value]), [
      ['app/api/cron/**/*.ts', '"app/api/cron/**/*.ts"', 60],
      ['api/legacy.js', '"api/legacy.js"', 10],
    ]);
    assert.equal(at(text, doc.functions[0]!.maxDuration), '60');
    assert.equal(doc.functions[0]!.memory?.node.type, 'number');
  });

  it('reads a schedules array of tables, and fluid', () => {
    const text = 'fluid = false\n\n[[schedules]]\nname = "digest"\nschedule = "0 9 * * *"\ntimezone = "Europe/Berlin"\npath = "/api/digest"\n';
    const doc = read(text);
    assert.equal(doc.fluid, false);
    const schedules = doc.root?.children?.find((p) => p.children?.[0]?.value === 'schedules')?.children?.[1];
    assert.equal(schedules?.type, 'array');
    assert.equal(schedules.children?.length, 1);
    const [first] = schedules.children!;
    assert.equal(text.slice(spanOf(first!).start, spanOf(first!).end), text.slice(text.indexOf('[[schedules]]')).trimEnd());
  });

  it('a syntax error is the one error, at its offset, and nothing of the file is read', () => {
    const text = '[[crons]]\npath = "/api/cron/a"\nschedule = \n';
    const doc = read(text);
    assert.equal(doc.root, undefined);
    assert.deepEqual(doc.crons, []);
    assert.equal(doc.strict.errors.length, 1);
    assert.ok(doc.strict.errors[0]!.span.start >= text.indexOf('schedule'), 'at the half-typed value');
    assert.ok(doc.strict.errors[0]!.span.end <= text.length);
  });

  it('half-typed and absurd text gives an error or a model, never a throw', () => {
    for (const text of ['', '[[crons', 'crons = [', '[crons]\n[crons]\n', 'crons = 1\n[[crons]]\n', `a = ${'['.repeat(5000)}`, '"\u0000" = 1', 'crons = [{ path = 1 }]']) {
      const doc = read(text);
      assert.ok(Array.isArray(doc.crons), JSON.stringify(text.slice(0, 20)));
    }
  });

  // Found by the property tests (configProperties.test.ts): each overflowed the stack.
  it('nesting past 512 levels is one "too deep" error wherever TOML hides it, the same on every machine', () => {
    const n = 20_000;
    const cases: [what: string, text: string, at: string][] = [
      ['a dotted key', `${'a.'.repeat(n)}b = 1\n`, 'a'],
      ['a table header', `[${'a.'.repeat(n)}b]\nx = 1\n`, 'a'],
      ['an array of tables under dotted keys', `[[${'a.'.repeat(600)}crons]]\n`, 'a'],
      ['dotted keys in nested inline tables', `x = ${'{ a.b = '.repeat(300)}1${' }'.repeat(300)}\n`, '{'],
      ['brackets after a double quote in a literal string', `x = ['"', ${'['.repeat(n)}${']'.repeat(n)}]\n`, '['],
      ['brackets after a quote in a multi-line string', `x = [ """a"\nb""", ${'['.repeat(n)}${']'.repeat(n)}]\n`, '['],
      ['brackets after a quote in a comment', `# "\nx = ${'{ a = '.repeat(n)}1${' }'.repeat(n)}\n`, '{'],
    ];
    for (const [what, text, at] of cases) {
      const doc = read(text);
      assert.equal(doc.root, undefined, what);
      assert.equal(doc.strict.errors.length, 1, what);
      const [error] = doc.strict.errors;
      assert.match(error!.message, /nested more than 512 levels/, what);
      assert.equal(text.slice(error!.span.start, error!.span.end), at, what);
    }
  });

  it('strings holding brackets and quotes are not nesting: deep-looking text inside them is read', () => {
    const text = `note = "${'['.repeat(600)}\\"${'{'.repeat(600)}"\nother = '${'['.repeat(600)}'\nlong = """\n${'['.repeat(600)}""""\n[[crons]]\npath = "/api/cron/a"\nschedule = "0 3 * * *"\n`;
    const doc = read(text);
    assert.deepEqual(doc.strict.errors, []);
    assert.deepEqual(doc.crons.map((c) => stringValue(c.path)), ['/api/cron/a']);
  });
});
