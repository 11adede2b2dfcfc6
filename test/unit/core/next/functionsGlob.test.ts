import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  firstMatchingPattern,
  functionsPatternMatches,
  isPlausibleFunctionsKey,
  matchFunctionsPattern,
} from '../../../../src/core/next/functionsGlob';

/** Function source files of a typical app, as Vercel names them (relative to the project root). */
const FILES = [
  'app/api/route.ts',
  'app/api/cron/route.ts',
  'app/api/cron/sync/route.ts',
  'app/api/cron/[job]/route.ts',
  'app/api/cron/j/route.ts',
  'app/api/[[...slug]]/route.ts',
  'app/(internal)/api/reports/route.ts',
  'app/@modal/api/modal/route.ts',
  'app/.well-known/status/route.ts',
  'app/api/legacy/route.js',
  'pages/api/hello.ts',
  'pages/api/cron/cleanup.ts',
  'src/app/api/cron/route.ts',
  'middleware.ts',
];

describe('matchFunctionsPattern (minimatch semantics, checked by running minimatch)', () => {
  const CASES: [pattern: string, expected: string[], note: string][] = [
    [
      'app/api/**/*',
      [
        'app/api/route.ts',
        'app/api/cron/route.ts',
        'app/api/cron/sync/route.ts',
        'app/api/cron/[job]/route.ts',
        'app/api/cron/j/route.ts',
        'app/api/[[...slug]]/route.ts',
        'app/api/legacy/route.js',
      ],
      '** matches zero or more folders, so app/api/route.ts is in',
    ],
    [
      'app/api/**',
      [
        'app/api/route.ts',
        'app/api/cron/route.ts',
        'app/api/cron/sync/route.ts',
        'app/api/cron/[job]/route.ts',
        'app/api/cron/j/route.ts',
        'app/api/[[...slug]]/route.ts',
        'app/api/legacy/route.js',
      ],
      'the same files as app/api/**/*',
    ],
    ['app/api/*', ['app/api/route.ts'], 'one level only'],
    [
      'app/api/cron/*/route.ts',
      ['app/api/cron/sync/route.ts', 'app/api/cron/[job]/route.ts', 'app/api/cron/j/route.ts'],
      '* spans one folder',
    ],
    ['app/api/cron/route.ts', ['app/api/cron/route.ts'], 'an exact path'],
    [
      'app/api/cron/[job]/route.ts',
      ['app/api/cron/[job]/route.ts', 'app/api/cron/j/route.ts'],
      'exact match, and [job] as a character class matches "j"',
    ],
    ['app/api/cron/[job]/**', ['app/api/cron/j/route.ts'], 'brackets are a character class: the [job] folder itself is NOT matched'],
    ['app/api/cron/\\[job\\]/**', ['app/api/cron/[job]/route.ts'], 'escaped brackets match literally'],
    ['app/api/[[...slug]]/route.ts', ['app/api/[[...slug]]/route.ts'], 'only the exact-path comparison matches it'],
    [
      'app/**/route.ts',
      FILES.filter((f) => f.startsWith('app/') && f.endsWith('route.ts') && !f.includes('/.')),
      'dot folders are skipped',
    ],
    ['app/.well-known/**', ['app/.well-known/status/route.ts'], 'a dot folder named explicitly'],
    ['app/(internal)/**', ['app/(internal)/api/reports/route.ts'], 'parentheses are literal without an extglob prefix'],
    ['app/**/*.{js,jsx}', ['app/api/legacy/route.js'], 'brace expansion'],
    ['pages/api/**/*.ts', ['pages/api/hello.ts', 'pages/api/cron/cleanup.ts'], ''],
    ['src/app/api/**/*', ['src/app/api/cron/route.ts'], 'src/ is part of the path'],
    ['middleware.ts', ['middleware.ts'], ''],
    ['./app/api/**/*', [], 'a leading ./ never matches'],
    ['/app/api/**/*', [], 'a leading / never matches'],
    ['APP/api/**', [], 'case-sensitive'],
    ['api/cron.ts', [], 'the pre-Next api/ folder'],
  ];
  for (const [pattern, expected, note] of CASES) {
    it(`${pattern}${note ? ` (${note})` : ''}`, () => {
      assert.deepEqual(matchFunctionsPattern(pattern, FILES), expected);
    });
  }

  it('never throws, even for a pattern minimatch refuses', () => {
    assert.equal(functionsPatternMatches('a'.repeat(70_000), 'app/api/route.ts'), false);
    assert.deepEqual(matchFunctionsPattern('[', FILES), []);
  });
});

describe('firstMatchingPattern', () => {
  const KEYS = ['app/api/cron/sync/route.ts', 'app/api/cron/**/*', 'app/**/*', 'pages/api/*.ts'];
  const CASES: [file: string, expected: string | undefined][] = [
    ['app/api/cron/sync/route.ts', 'app/api/cron/sync/route.ts'],
    ['app/api/cron/route.ts', 'app/api/cron/**/*'],
    ['app/api/health/route.ts', 'app/**/*'],
    ['pages/api/hello.ts', 'pages/api/*.ts'],
    ['pages/api/cron/cleanup.ts', undefined],
  ];
  for (const [file, expected] of CASES) {
    it(`${file} → ${expected ?? 'no key'} (first match in key order)`, () => {
      assert.equal(firstMatchingPattern(file, KEYS), expected);
    });
  }

  it('key order decides, not specificity', () => {
    assert.equal(firstMatchingPattern('app/api/cron/route.ts', ['app/**/*', 'app/api/cron/route.ts']), 'app/**/*');
  });
});

describe('isPlausibleFunctionsKey', () => {
  const CASES: [pattern: string, plausible: boolean][] = [
    ['app/api/**/*', true],
    ['src/app/api/cron/route.ts', true],
    ['pages/api/*.ts', true],
    ['src/pages/api/**', true],
    ['src/pagesX', true], // Vercel's prefix has no slash; mirrored literally
    ['middleware.ts', true],
    ['api/cron.ts', false],
    ['api/**/*.js', false],
    ['/app/api/**', false],
    ['./app/api/**', false],
    ['src/lib/**', false],
    ['**/*', false],
    ['apps/web/app/api/**', false],
    ['', false],
  ];
  for (const [pattern, plausible] of CASES) {
    it(`${JSON.stringify(pattern)} → ${plausible}`, () => {
      assert.equal(isPlausibleFunctionsKey(pattern), plausible);
    });
  }
});
