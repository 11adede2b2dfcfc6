/**
 * Property tests: the readers of user-controlled text never throw. Seeded (FC_SEED overrides)
 * so a failure reproduces.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isPlausibleFunctionsKey, matchFunctionsPattern } from '../../../../src/core/next/functionsGlob';
import { defaultNextConfig, readNextConfig } from '../../../../src/core/next/nextConfig';
import { buildRouteTable } from '../../../../src/core/next/routeTable';
import { DEFAULT_PAGE_EXTENSIONS } from '../../../../src/core/next/types';

const seed = Number(process.env.FC_SEED ?? 20261128);
const params = { seed, numRuns: 1_000 };

/** Strings built from the characters that matter to URLs and JS, so runs hit the edge cases. */
const urlish = fc.string({
  unit: fc.constantFrom(
    '/',
    '%',
    '?',
    '#',
    '[',
    ']',
    '.',
    '_',
    '(',
    ')',
    '@',
    'a',
    'p',
    'i',
    'c',
    'r',
    'o',
    'n',
    '2',
    'F',
    'E',
    '0',
    ' ',
    '\u00e9',
    '\ud800',
  ),
});
const jsish = fc.string({
  unit: fc.constantFrom(
    '{',
    '}',
    '(',
    ')',
    '[',
    ']',
    '`',
    "'",
    '"',
    '/',
    '*',
    '\\',
    '$',
    ':',
    ',',
    ';',
    '=',
    '>',
    '\n',
    ' ',
    '.',
    '!',
    'module',
    'exports',
    'export',
    'default',
    'const',
    'x',
    'basePath',
    'true',
    'return',
    '=>',
    'function',
    'as',
    'satisfies',
    '...',
    '?',
    '#!',
    '\u2028',
  ),
});
const configShape = fc
  .record({
    basePath: fc.oneof(fc.string(), fc.constant('process.env.X')),
    trailingSlash: fc.boolean(),
    exts: fc.array(fc.constantFrom('tsx', 'ts', 'page.tsx', 'mdx'), { minLength: 1, maxLength: 4 }),
    wrap: fc.constantFrom('module.exports = %', 'export default %', 'const c = %; export default withX(c, {})', 'export default () => (%)'),
  })
  .map(({ basePath, trailingSlash, exts, wrap }) => ({
    // A replacer function: a replacement string would treat `$$` in basePath specially.
    text: wrap.replace(
      '%',
      () =>
        `{ basePath: ${basePath.startsWith('process') ? basePath : JSON.stringify(basePath)}, trailingSlash: ${trailingSlash}, pageExtensions: ${JSON.stringify(exts)} }`,
    ),
    basePath,
    trailingSlash,
    exts,
  }));

describe('properties', () => {
  const table = buildRouteTable(
    [
      'app/route.ts',
      'app/api/cron/route.ts',
      'app/api/[id]/route.ts',
      'app/api/files/[...p]/route.ts',
      'app/x/[[...o]]/route.ts',
      'pages/api/hello.ts',
    ],
    defaultNextConfig(),
  );

  it('match() never throws, and returns a route or undefined', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          urlish,
          fc.string(),
          fc.webUrl().map((u) => new URL(u).pathname),
        ),
        (path) => {
          const found = table.match(path);
          assert.ok(found === undefined || typeof found.file === 'string');
        },
      ),
      params,
    );
  });

  it('a trailing slash, a query string or a hash never changes the match', () => {
    fc.assert(
      fc.property(urlish, fc.string(), (path, query) => {
        if (!path.startsWith('/') || /[?#]/.test(path) || path.endsWith('/')) return;
        const file = table.match(path)?.file;
        assert.equal(table.match(`${path}/`)?.file, file);
        assert.equal(table.match(`${path}?${query}`)?.file, file);
        assert.equal(table.match(`${path}#${query}`)?.file, file);
      }),
      params,
    );
  });

  it('addFile/removeFile never throw, and removing everything empties the table', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            urlish.map((s) => `app/${s}/route.ts`),
            urlish.map((s) => `pages/api/${s}.ts`),
            urlish,
          ),
        ),
        (files) => {
          const t = buildRouteTable(files, defaultNextConfig());
          for (const file of files) t.match(`/${file}`);
          for (const file of files) t.removeFile(file);
          assert.deepEqual(t.routes(), []);
        },
      ),
      params,
    );
  });

  it('readNextConfig never throws, on arbitrary text and on JS-like token soup', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), jsish), (text) => {
        const info = readNextConfig(text, 'next.config.js');
        assert.equal(typeof info.basePath, 'string');
        assert.ok(info.pageExtensions.length > 0);
      }),
      params,
    );
  });

  it('readNextConfig reads generated literal configs exactly', () => {
    fc.assert(
      fc.property(configShape, ({ text, basePath, trailingSlash, exts }) => {
        const info = readNextConfig(text, 'next.config.mjs');
        const readable = !basePath.startsWith('process');
        assert.equal(info.basePath, readable ? basePath : '');
        assert.deepEqual(info.unreadable, readable ? [] : ['basePath']);
        assert.equal(info.trailingSlash, trailingSlash);
        assert.deepEqual(info.pageExtensions, exts);
      }),
      params,
    );
    assert.deepEqual(readNextConfig('', 'x').pageExtensions, DEFAULT_PAGE_EXTENSIONS);
  });

  it('functions helpers never throw', () => {
    fc.assert(
      fc.property(fc.oneof(urlish, fc.string()), (pattern) => {
        assert.ok(Array.isArray(matchFunctionsPattern(pattern, ['app/api/cron/route.ts', 'pages/api/a.ts'])));
        assert.equal(typeof isPlausibleFunctionsKey(pattern), 'boolean');
      }),
      params,
    );
  });
});
