/**
 * vercel.ts read from its syntax (src/core/vercel/tsConfigTree.ts via configFiles.ts): which export
 * the platform takes, what is followed (literals, as const, satisfies, consts, spreads) and what
 * is computed (listed once, skipped), with spans in the script.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVercelConfig } from '../../../../src/core/vercel/configFiles';
import { stringValue, type VercelDoc } from '../../../../src/core/vercel/model';
import type { Span } from '../../../../src/core/types';
import type { NotStaticValue } from '../../../../src/core/vercel/configSource';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';

function read(text: string, name = 'vercel.ts'): VercelDoc {
  return parseVercelConfig(name, text, loadTypeScript);
}

function texts(text: string, spans: readonly (Span | NotStaticValue)[] | undefined): string[] {
  return (spans ?? []).map((s) => ('span' in s ? s.span : s)).map((s) => text.slice(s.start, s.end));
}

function crons(doc: VercelDoc): [string | undefined, string | undefined][] {
  return doc.crons.map((c) => [stringValue(c.path), stringValue(c.schedule)]);
}

const ENTRY = "{ path: '/api/cron/a', schedule: '0 3 * * *' }";

describe('vercel.ts reader', () => {
  const exportsTable: [name: string, file: string, source: string][] = [
    ['export default of a literal', 'vercel.ts', `export default { crons: [${ENTRY}] };\n`],
    ['export default with satisfies and as const', 'vercel.ts', `import type { VercelConfig } from '@vercel/config/v1';\nexport default ({ crons: [${ENTRY}] } as const) satisfies VercelConfig;\n`],
    ['export default of a local const', 'vercel.mts', `const config = { crons: [${ENTRY}] };\nexport default config;\n`],
    ['export const config', 'vercel.ts', `export const config = { crons: [${ENTRY}] };\n`],
    ['named export crons', 'vercel.mjs', `export const crons = [${ENTRY}];\n`],
    ['module.exports in CommonJS', 'vercel.cjs', `module.exports = { crons: [${ENTRY}] };\n`],
    ['the default export wins over config', 'vercel.js', `export const config = { crons: [] };\nexport default { crons: [${ENTRY}] };\n`],
    ['export { config as default }', 'vercel.ts', `const config = { crons: [${ENTRY}] };\nexport { config as default };\n`],
    ['export { crons }', 'vercel.mts', `const crons = [${ENTRY}];\nexport { crons };\n`],
    ['exports.crons in CommonJS', 'vercel.cjs', `exports.crons = [${ENTRY}];\n`],
    ['module.exports.crons in CommonJS', 'vercel.js', `module.exports.crons = [${ENTRY}];\n`],
  ];
  for (const [name, file, source] of exportsTable) {
    it(name, () => {
      const doc = read(source, file);
      assert.deepEqual(crons(doc), [['/api/cron/a', '0 3 * * *']]);
      assert.equal(doc.source?.format, 'ts');
      assert.equal(source.slice(doc.crons[0]!.schedule!.span.start, doc.crons[0]!.schedule!.span.end), "'0 3 * * *'", 'the span is the literal, quotes included');
    });
  }

  it('follows consts and spreads of literals, marking what they lend as borrowed', () => {
    const text = [
      "const NIGHTLY = '0 3 * * *';",
      "const base = [{ path: '/api/cron/b', schedule: '0 4 * * *' }];",
      "const fns = { 'app/api/**/*.ts': { maxDuration: 60 } };",
      'export default {',
      "  crons: [{ path: '/api/cron/a', schedule: NIGHTLY }, ...base],",
      '  functions: { ...fns },',
      '};',
      '',
    ].join('\n');
    const doc = read(text);
    assert.deepEqual(crons(doc), [['/api/cron/a', '0 3 * * *'], ['/api/cron/b', '0 4 * * *']]);
    assert.deepEqual(doc.functions.map((f) => [f.pattern, f.maxDuration?.node.value]), [['app/api/**/*.ts', 60]]);
    assert.deepEqual(doc.source?.notStatic, []);
    const borrowed = texts(text, doc.source?.borrowed);
    assert.ok(borrowed.includes("'0 3 * * *'"));
    assert.ok(borrowed.includes("{ path: '/api/cron/b', schedule: '0 4 * * *' }"));
    assert.ok(!borrowed.includes("'/api/cron/a'"), 'written in place: not borrowed');
  });

  it('a computed value is listed once and skipped with the entry it belongs to', () => {
    const text = [
      "import { schedule } from './schedules';",
      'const every = (n: number) => `*/${n} * * * *`;',
      'export default {',
      '  crons: [',
      "    { path: '/api/cron/a', schedule: every(5) },",
      "    { path: '/api/cron/b', schedule: schedule },",
      "    { path: '/api/cron/c', schedule: `0 ${3} * * *` },",
      "    { path: '/api/cron/d', schedule: '0 3 * * *' },",
      '    ...more(),',
      '  ],',
      '  functions: load(),',
      '};',
      '',
    ].join('\n');
    const doc = read(text);
    assert.deepEqual(crons(doc), [['/api/cron/d', '0 3 * * *']], 'no entry is judged with a value it could not read');
    assert.deepEqual(texts(text, doc.source?.notStatic), ['every(5)', 'schedule', '`0 ${3} * * *`', '...more()', 'load()']);
    assert.deepEqual(doc.functions, []);
  });

  it('the same computed const used twice is listed once, at the use that reads it', () => {
    const text = "const s = pick();\nexport default { crons: [{ path: '/a', schedule: s }, { path: '/b', schedule: s }] };\n";
    const doc = read(text);
    assert.deepEqual(texts(text, doc.source?.notStatic), ['pick()']);
  });

  it('each computed value carries the top-level keys it lies under, undefined where that cannot be told', () => {
    const text = [
      "import base from './base';",
      'const shared = pick();',
      'export default {',
      '  ...base,',
      '  headers: [h(), shared],',
      "  crons: [{ path: '/a', schedule: shared }],",
      "  ['fun' + 'ctions']: {},",
      '  regions: nearest(),',
      '};',
    ].join('\n');
    const keys = (read(text).source?.notStatic ?? []).map((v) => [text.slice(v.span.start, v.span.end), v.topKeys]);
    assert.deepEqual(keys, [
      ['...base', [undefined]],
      ['h()', ['headers']],
      ['pick()', ['headers', 'crons']],
      ["['fun' + 'ctions']: {}", [undefined]],
      ['nearest()', ['regions']],
    ]);
    const named = "export const crons = load();\nexport const functions = { 'api/*.ts': { maxDuration: max() } };\n";
    assert.deepEqual((read(named).source?.notStatic ?? []).map((v) => v.topKeys), [['crons'], ['functions']]);
    const whole = "export default makeConfig({ crons: [] });\n";
    assert.deepEqual((read(whole).source?.notStatic ?? []).map((v) => v.topKeys), [[undefined]]);
  });

  it('a whole configuration that is computed is one finding and no content', () => {
    const text = "import { defineConfig } from './config';\nexport default defineConfig({ crons: [] });\n";
    const doc = read(text);
    assert.equal(doc.root, undefined);
    assert.deepEqual(texts(text, doc.source?.notStatic), ['defineConfig({ crons: [] })']);
  });

  it('a configuration re-exported from another module cannot be read: listed, not silently empty', () => {
    const text = "export { default } from './vercel.base';\n";
    const doc = read(text);
    assert.equal(doc.root, undefined);
    assert.deepEqual(texts(text, doc.source?.notStatic), ['default']);
  });

  it('a const cycle ends, unread', () => {
    const text = 'const a = b;\nconst b = a;\nexport default { crons: a };\n';
    const doc = read(text);
    assert.deepEqual(doc.crons, []);
    assert.equal(doc.source?.notStatic.length, 1);
  });

  // Found by the property tests (configProperties.test.ts): the first took minutes, the others longer than anyone waits.
  it('consts and spreads that repeat one another stop at 10,000 values, as one error naming where', () => {
    const doubling = ["const a0 = [{ path: '/api/cron/a', schedule: '0 3 * * *' }];"];
    for (let i = 1; i < 30; i++) doubling.push(`const a${i} = [...a${i - 1}, ...a${i - 1}];`);
    const cases: [what: string, text: string][] = [
      ['a spread of itself, twice', 'const a = [...a, ...a];\nexport default { crons: a };\n'],
      ['an object holding itself twice', 'const a = { x: a, y: a };\nexport default { crons: [a] };\n'],
      ['an object spread of itself, twice', 'const a = { ...a, ...a };\nexport default a;\n'],
      ['2^29 entries in 30 lines', `${doubling.join('\n')}\nexport default { crons: a29 };\n`],
    ];
    for (const [what, text] of cases) {
      const doc = read(text);
      assert.equal(doc.root, undefined, what);
      assert.deepEqual(doc.crons, [], what);
      assert.deepEqual(doc.source?.notStatic, [], what);
      assert.equal(doc.strict.errors.length, 1, what);
      assert.match(doc.strict.errors[0]!.message, /expands to more than 10000 values/, what);
      const { start, end } = doc.strict.errors[0]!.span;
      assert.ok(0 <= start && start < end && end <= text.length, what);
    }
  });

  it('a configuration repeating a const within the bound is read whole', () => {
    const text = `const entry = ${ENTRY};\nexport default { crons: [${Array(200).fill('entry').join(', ')}] };\n`;
    const doc = read(text);
    assert.equal(doc.crons.length, 200);
    assert.deepEqual(doc.strict.errors, []);
  });

  it('a syntax error is the one error and nothing is read', () => {
    const text = "export default { crons: [{ path: '/a', schedule: '0 3 * * *' }\n";
    const doc = read(text);
    assert.equal(doc.root, undefined);
    assert.equal(doc.strict.errors.length, 1);
    assert.deepEqual(doc.source?.notStatic, []);
  });

  it('a file with no configuration export reads as empty', () => {
    const doc = read("export const region = 'iad1';\n");
    assert.equal(doc.root, undefined);
    assert.deepEqual(doc.crons, []);
  });
});
