import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultNextConfig } from '../../../../src/core/next/nextConfig';
import { buildRouteTable, RouteTable, urlPathForRoute } from '../../../../src/core/next/routeTable';
import type { NextConfigInfo, RouteEntry } from '../../../../src/core/next/types';

function config(overrides: Partial<NextConfigInfo> = {}): NextConfigInfo {
  return { ...defaultNextConfig('next.config.ts'), ...overrides };
}

/** A realistic app: App Router handlers and pages, Pages Router API routes, and noise. */
const APP_FILES = [
  'package.json',
  'next.config.ts',
  'vercel.json',
  'middleware.ts',
  'app/layout.tsx',
  'app/page.tsx',
  'app/route.ts',
  'app/api/health/route.ts',
  'app/api/cron/route.ts',
  'app/api/cron/sync-users/route.ts',
  'app/api/cron/[job]/route.ts',
  'app/api/cron/[job]/[step]/route.ts',
  'app/api/files/[...path]/route.ts',
  'app/api/docs/[[...slug]]/route.ts',
  'app/api/docs/intro/route.ts',
  'app/(internal)/api/reports/route.ts',
  'app/(internal)/(nested)/api/digest/route.js',
  'app/@modal/api/modal/route.ts',
  'app/@modal/(.)photo/route.ts',
  'app/feed/(..)feed-item/route.ts',
  'app/_lib/db/route.ts',
  'app/api/_helpers/cron/route.ts',
  'app/%5Fsecret/route.ts',
  'app/api/cron/utils.ts',
  'app/api/cron/route.test.ts',
  'app/api/legacy/route.mjs',
  'pages/_app.tsx',
  'pages/index.tsx',
  'pages/about.tsx',
  'pages/api/index.ts',
  'pages/api/hello.ts',
  'pages/api/cron/cleanup.ts',
  'pages/api/cron/index.js',
  'pages/api/users/[id].ts',
  'pages/api/users/[id]/posts.ts',
  'pages/api/catch/[...all].ts',
  'pages/api/optional/[[...rest]].ts',
  'pages/api/health.ts',
  'pages/api/_middleware.ts',
  'pages/api/types.d.ts',
  'node_modules/some-lib/app/api/x/route.ts',
  '.next/server/app/api/cron/route.js',
  '.git/app/route.ts',
  'app/node_modules/x/route.ts',
];

describe('RouteTable: which files are routes', () => {
  const table = buildRouteTable(APP_FILES, config());
  const ROUTES: [file: string, kind: RouteEntry['kind'], pattern: string][] = [
    ['app/%5Fsecret/route.ts', 'app-route', '/_secret'],
    ['app/(internal)/(nested)/api/digest/route.js', 'app-route', '/api/digest'],
    ['app/(internal)/api/reports/route.ts', 'app-route', '/api/reports'],
    ['app/@modal/api/modal/route.ts', 'app-route', '/api/modal'],
    ['app/api/cron/[job]/[step]/route.ts', 'app-route', '/api/cron/[job]/[step]'],
    ['app/api/cron/[job]/route.ts', 'app-route', '/api/cron/[job]'],
    ['app/api/cron/route.ts', 'app-route', '/api/cron'],
    ['app/api/cron/sync-users/route.ts', 'app-route', '/api/cron/sync-users'],
    ['app/api/docs/[[...slug]]/route.ts', 'app-route', '/api/docs/[[...slug]]'],
    ['app/api/docs/intro/route.ts', 'app-route', '/api/docs/intro'],
    ['app/api/files/[...path]/route.ts', 'app-route', '/api/files/[...path]'],
    ['app/api/health/route.ts', 'app-route', '/api/health'],
    ['app/route.ts', 'app-route', '/'],
    ['pages/api/catch/[...all].ts', 'pages-api', '/api/catch/[...all]'],
    ['pages/api/cron/cleanup.ts', 'pages-api', '/api/cron/cleanup'],
    ['pages/api/cron/index.js', 'pages-api', '/api/cron'],
    ['pages/api/health.ts', 'pages-api', '/api/health'],
    ['pages/api/hello.ts', 'pages-api', '/api/hello'],
    ['pages/api/index.ts', 'pages-api', '/api'],
    ['pages/api/optional/[[...rest]].ts', 'pages-api', '/api/optional/[[...rest]]'],
    ['pages/api/users/[id].ts', 'pages-api', '/api/users/[id]'],
    ['pages/api/users/[id]/posts.ts', 'pages-api', '/api/users/[id]/posts'],
  ];

  it('finds exactly the route handlers and API routes, sorted by file', () => {
    assert.deepEqual(
      table.routes().map((r) => [r.file, r.kind, r.pattern]),
      ROUTES,
    );
  });

  const NOT_ROUTES: [file: string, why: string][] = [
    ['app/page.tsx', 'a page, not a route handler'],
    ['app/layout.tsx', 'a layout'],
    ['app/api/cron/utils.ts', 'a helper next to a route'],
    ['app/api/cron/route.test.ts', 'a test file: ext "test.ts" is not a page extension'],
    ['app/api/legacy/route.mjs', '"mjs" is not in the default pageExtensions'],
    ['app/_lib/db/route.ts', 'private folder'],
    ['app/api/_helpers/cron/route.ts', 'inside a private folder'],
    ['app/@modal/(.)photo/route.ts', 'intercepting route'],
    ['app/feed/(..)feed-item/route.ts', 'intercepting route'],
    ['pages/_app.tsx', 'reserved page'],
    ['pages/index.tsx', 'a page, not an API route'],
    ['pages/about.tsx', 'a page, not an API route'],
    ['pages/api/_middleware.ts', 'underscore file'],
    ['pages/api/types.d.ts', 'declaration file'],
    ['node_modules/some-lib/app/api/x/route.ts', 'node_modules'],
    ['.next/server/app/api/cron/route.js', 'build output'],
    ['.git/app/route.ts', 'git internals'],
    ['app/node_modules/x/route.ts', 'node_modules below app/'],
    ['middleware.ts', 'middleware is not a route'],
  ];
  for (const [file, why] of NOT_ROUTES) {
    it(`${file} is not a route (${why})`, () => {
      assert.equal(table.has(file), false);
      assert.equal(table.isRouteFile(file), false);
    });
  }

  it('has() and get() agree with routes()', () => {
    for (const [file] of ROUTES) {
      assert.equal(table.has(file), true, file);
      assert.equal(table.get(file)?.file, file);
    }
    assert.equal(table.has('./app/api/cron/route.ts'), true, 'a leading ./ is tolerated');
  });

  it('records segments by type', () => {
    assert.deepEqual(table.get('app/api/docs/[[...slug]]/route.ts')?.segments, [
      { type: 'static', value: 'api' },
      { type: 'static', value: 'docs' },
      { type: 'optional-catch-all', name: 'slug' },
    ]);
    assert.deepEqual(table.get('pages/api/users/[id]/posts.ts')?.segments, [
      { type: 'static', value: 'api' },
      { type: 'static', value: 'users' },
      { type: 'dynamic', name: 'id' },
      { type: 'static', value: 'posts' },
    ]);
  });

  it('hands out frozen entries, so callers cannot corrupt the index', () => {
    const entry = table.get('app/api/cron/route.ts')!;
    assert.throws(() => {
      (entry as { pattern: string }).pattern = '/x';
    }, TypeError);
    assert.throws(() => entry.segments.push({ type: 'static', value: 'x' }), TypeError);
  });

  it('refuses a catch-all that is not the last segment, as Next does', () => {
    assert.equal(table.isRouteFile('app/api/[...all]/more/route.ts'), false);
    assert.equal(table.isRouteFile('pages/api/[[...all]]/more.ts'), false);
  });

  it('pages/api.ts serves /api, like pages/api/index.ts (Next isAPIRoute)', () => {
    assert.equal(buildRouteTable(['pages/api.ts'], config()).match('/api')?.file, 'pages/api.ts');
  });
});

describe('RouteTable.match', () => {
  const table = buildRouteTable(APP_FILES, config());
  const CASES: [urlPath: string, file: string | undefined][] = [
    // static, dynamic, catch-all, optional catch-all
    ['/', 'app/route.ts'],
    ['/api/cron', 'app/api/cron/route.ts'],
    ['/api/cron/sync-users', 'app/api/cron/sync-users/route.ts'],
    ['/api/cron/send-digest', 'app/api/cron/[job]/route.ts'],
    ['/api/cron/send-digest/2', 'app/api/cron/[job]/[step]/route.ts'],
    ['/api/cron/a/b/c', undefined],
    ['/api/files/a', 'app/api/files/[...path]/route.ts'],
    ['/api/files/a/b/c.txt', 'app/api/files/[...path]/route.ts'],
    ['/api/files', undefined],
    ['/api/docs', 'app/api/docs/[[...slug]]/route.ts'],
    ['/api/docs/intro', 'app/api/docs/intro/route.ts'],
    ['/api/docs/intro/more', 'app/api/docs/[[...slug]]/route.ts'],
    ['/api/docs/a/b', 'app/api/docs/[[...slug]]/route.ts'],
    // groups and slots vanish; %5F is a literal underscore
    ['/api/reports', 'app/(internal)/api/reports/route.ts'],
    ['/api/digest', 'app/(internal)/(nested)/api/digest/route.js'],
    ['/api/modal', 'app/@modal/api/modal/route.ts'],
    ['/(internal)/api/reports', undefined],
    ['/_secret', 'app/%5Fsecret/route.ts'],
    ['/_lib/db', undefined],
    // Pages Router
    ['/api', 'pages/api/index.ts'],
    ['/api/hello', 'pages/api/hello.ts'],
    ['/api/cron/cleanup', 'pages/api/cron/cleanup.ts'],
    ['/api/users/42', 'pages/api/users/[id].ts'],
    ['/api/users/42/posts', 'pages/api/users/[id]/posts.ts'],
    ['/api/catch/x/y', 'pages/api/catch/[...all].ts'],
    ['/api/optional', 'pages/api/optional/[[...rest]].ts'],
    ['/api/optional/1/2', 'pages/api/optional/[[...rest]].ts'],
    ['/about', undefined],
    // App Router wins for the same path
    ['/api/health', 'app/api/health/route.ts'],
    // query strings, hashes, trailing slash
    ['/api/cron?secret=1&x=/y', 'app/api/cron/route.ts'],
    ['/api/cron#top', 'app/api/cron/route.ts'],
    ['/api/cron/?x=1', 'app/api/cron/route.ts'],
    ['/api/cron/', 'app/api/cron/route.ts'],
    ['/?x', 'app/route.ts'],
    // percent-escapes
    ['/api/cron/sync%2Dusers', 'app/api/cron/sync-users/route.ts'],
    ['/api/cron/caf%C3%A9', 'app/api/cron/[job]/route.ts'],
    ['/api/files/a%2Fb', 'app/api/files/[...path]/route.ts'],
    ['/api/cron/%E0%A4%A', undefined],
    ['/api/cron/%', undefined],
    ['/api/%63ron', 'app/api/cron/route.ts'],
    // not paths a route can serve
    ['', undefined],
    ['api/cron', undefined],
    ['https://example.com/api/cron', undefined],
    ['/api//cron', undefined],
    ['//', undefined],
    ['/API/CRON', undefined],
  ];
  for (const [urlPath, file] of CASES) {
    it(`${JSON.stringify(urlPath)} → ${file ?? 'no route'}`, () => {
      assert.equal(table.match(urlPath)?.file, file);
    });
  }

  it('static beats dynamic beats catch-all beats optional catch-all, segment by segment', () => {
    const t = buildRouteTable(
      [
        'app/api/[[...opt]]/route.ts',
        'app/api/[...all]/route.ts',
        'app/api/[id]/route.ts',
        'app/api/[id]/static/route.ts',
        'app/api/fixed/route.ts',
        'app/api/fixed/[x]/route.ts',
      ],
      config(),
    );
    const expectations: [string, string][] = [
      ['/api', 'app/api/[[...opt]]/route.ts'],
      ['/api/fixed', 'app/api/fixed/route.ts'],
      ['/api/other', 'app/api/[id]/route.ts'],
      ['/api/other/static', 'app/api/[id]/static/route.ts'],
      ['/api/fixed/1', 'app/api/fixed/[x]/route.ts'],
      // /api/fixed/1/2: the static branch has no route that deep, so Next falls back
      ['/api/fixed/1/2', 'app/api/[...all]/route.ts'],
      ['/api/other/else', 'app/api/[...all]/route.ts'],
    ];
    for (const [path, file] of expectations) assert.equal(t.match(path)?.file, file, path);
  });

  it('App Router beats Pages Router for the same path, and a static Pages route beats a dynamic App route', () => {
    const t = buildRouteTable(['pages/api/cron.ts', 'app/api/cron/route.ts', 'pages/api/sync.ts', 'app/api/[name]/route.ts'], config());
    assert.equal(t.match('/api/cron')?.file, 'app/api/cron/route.ts');
    assert.equal(t.match('/api/sync')?.file, 'pages/api/sync.ts');
    assert.equal(t.match('/api/other')?.file, 'app/api/[name]/route.ts');
  });

  it('never throws for non-string input', () => {
    assert.equal(table.match(undefined as unknown as string), undefined);
    assert.equal(table.match(42 as unknown as string), undefined);
  });
});

describe('RouteTable: src/ folders', () => {
  it('uses src/app and src/pages when the root folders do not exist', () => {
    const t = buildRouteTable(['src/app/api/cron/route.ts', 'src/pages/api/legacy.ts', 'src/lib/db.ts'], config());
    assert.deepEqual(
      t.routes().map((r) => r.file),
      ['src/app/api/cron/route.ts', 'src/pages/api/legacy.ts'],
    );
    assert.equal(t.match('/api/cron')?.file, 'src/app/api/cron/route.ts');
  });

  it('ignores src/app once a root app/ folder exists, even one without routes', () => {
    const t = buildRouteTable(['src/app/api/cron/route.ts', 'app/layout.tsx', 'src/pages/api/legacy.ts'], config());
    assert.deepEqual(
      t.routes().map((r) => r.file),
      ['src/pages/api/legacy.ts'],
      'app/ and src/pages are looked up independently',
    );
    assert.equal(t.match('/api/cron'), undefined);
    assert.equal(t.has('src/app/api/cron/route.ts'), false);
    assert.equal(t.isRouteFile('src/app/api/cron/route.ts'), true, 'isRouteFile is about the path alone');
  });

  it('follows the root folder appearing and disappearing incrementally', () => {
    const t = buildRouteTable(['src/app/api/cron/route.ts'], config());
    assert.equal(t.match('/api/cron')?.file, 'src/app/api/cron/route.ts');
    t.addFile('app/globals.css');
    assert.equal(t.match('/api/cron'), undefined);
    t.addFile('app/api/cron/route.ts');
    assert.equal(t.match('/api/cron')?.file, 'app/api/cron/route.ts');
    t.removeFile('app/api/cron/route.ts');
    t.removeFile('app/globals.css');
    assert.equal(t.match('/api/cron')?.file, 'src/app/api/cron/route.ts');
  });
});

describe('RouteTable: pageExtensions', () => {
  const files = ['app/api/cron/route.ts', 'app/api/sync/route.page.tsx', 'pages/api/a.ts', 'pages/api/b.page.tsx', 'pages/api/c.api.ts'];

  it("with ['page.tsx'] route.ts is not a route, route.page.tsx is", () => {
    const t = buildRouteTable(files, config({ pageExtensions: ['page.tsx'] }));
    assert.deepEqual(
      t.routes().map((r) => [r.file, r.pattern]),
      [
        ['app/api/sync/route.page.tsx', '/api/sync'],
        ['pages/api/b.page.tsx', '/api/b'],
      ],
    );
    assert.equal(t.isRouteFile('app/api/cron/route.ts'), false);
  });

  it("with ['page.tsx', 'ts'] the longest extension is stripped", () => {
    const t = buildRouteTable(files, config({ pageExtensions: ['page.tsx', 'ts', 'api.ts'] }));
    assert.deepEqual(
      t.routes().map((r) => [r.file, r.pattern]),
      [
        ['app/api/cron/route.ts', '/api/cron'],
        ['app/api/sync/route.page.tsx', '/api/sync'],
        ['pages/api/a.ts', '/api/a'],
        ['pages/api/b.page.tsx', '/api/b'],
        ['pages/api/c.api.ts', '/api/c'],
      ],
    );
  });

  it('with the defaults, b.page.tsx is /api/b.page (extension "tsx")', () => {
    const t = buildRouteTable(files, config());
    assert.equal(t.get('pages/api/b.page.tsx')?.pattern, '/api/b.page');
    assert.equal(t.get('pages/api/c.api.ts')?.pattern, '/api/c.api');
    assert.equal(t.has('app/api/sync/route.page.tsx'), false);
  });

  it('setConfig re-derives the entries when pageExtensions change', () => {
    const t = buildRouteTable(files, config());
    assert.deepEqual(
      t.routes().map((r) => r.file),
      ['app/api/cron/route.ts', 'pages/api/a.ts', 'pages/api/b.page.tsx', 'pages/api/c.api.ts'],
    );
    t.setConfig(config({ pageExtensions: ['page.tsx'] }));
    assert.deepEqual(
      t.routes().map((r) => r.file),
      ['app/api/sync/route.page.tsx', 'pages/api/b.page.tsx'],
    );
    assert.equal(t.match('/api/cron'), undefined);
    assert.equal(t.match('/api/sync')?.file, 'app/api/sync/route.page.tsx');
  });

  it('setConfig without an extension change keeps the very same entries', () => {
    const t = buildRouteTable(files, config());
    const before = t.get('app/api/cron/route.ts');
    t.setConfig(config({ basePath: '/docs', trailingSlash: true }));
    assert.equal(t.get('app/api/cron/route.ts'), before);
    assert.equal(t.nextConfig.basePath, '/docs');
  });
});

describe('RouteTable: incremental updates', () => {
  it('adding and removing a file touches only its own entry', () => {
    const t = buildRouteTable(APP_FILES, config());
    const before = new Map(t.routes().map((r) => [r.file, r]));

    t.addFile('app/api/cron/rotate-keys/route.ts');
    assert.equal(t.match('/api/cron/rotate-keys')?.file, 'app/api/cron/rotate-keys/route.ts');
    assert.equal(t.match('/api/cron/other')?.file, 'app/api/cron/[job]/route.ts');
    for (const [file, entry] of before) assert.equal(t.get(file), entry, `${file} kept its entry object`);

    t.removeFile('app/api/cron/[job]/route.ts');
    assert.equal(t.match('/api/cron/other'), undefined);
    assert.equal(t.match('/api/cron/other/2')?.file, 'app/api/cron/[job]/[step]/route.ts', 'the deeper route survives its parent');
    assert.equal(t.routes().length, before.size);
    for (const [file, entry] of before) if (file !== 'app/api/cron/[job]/route.ts') assert.equal(t.get(file), entry);
  });

  it('is idempotent and ignores unknown files', () => {
    const t = buildRouteTable(['app/api/cron/route.ts'], config());
    t.addFile('app/api/cron/route.ts');
    t.removeFile('app/api/never-added/route.ts');
    t.removeFile('README.md');
    assert.equal(t.routes().length, 1);
    t.removeFile('app/api/cron/route.ts');
    t.removeFile('app/api/cron/route.ts');
    assert.deepEqual(t.routes(), []);
    assert.equal(t.match('/api/cron'), undefined);
  });

  it('a rename is a remove plus an add', () => {
    const t = buildRouteTable(['app/api/cron/route.ts', 'app/api/other/route.ts'], config());
    t.removeFile('app/api/cron/route.ts');
    t.addFile('app/api/jobs/route.ts');
    assert.deepEqual(
      t.routes().map((r) => r.pattern),
      ['/api/jobs', '/api/other'],
    );
  });

  it('a file added twice under one pattern: both kept, the winner is stable', () => {
    const t = new RouteTable(config());
    t.addFile('app/api/x/route.ts');
    t.addFile('app/api/x/route.js');
    assert.equal(t.match('/api/x')?.file, 'app/api/x/route.js');
    t.removeFile('app/api/x/route.js');
    assert.equal(t.match('/api/x')?.file, 'app/api/x/route.ts');
  });
});

describe('urlPathForRoute', () => {
  const table = buildRouteTable(['app/route.ts', 'app/api/cron/route.ts', 'app/api/cron/[job]/route.ts'], config());
  const CASES: [file: string, basePath: string, trailingSlash: boolean, expected: string][] = [
    ['app/api/cron/route.ts', '', false, '/api/cron'],
    ['app/api/cron/route.ts', '', true, '/api/cron/'],
    ['app/api/cron/route.ts', '/docs', false, '/docs/api/cron'],
    ['app/api/cron/route.ts', '/docs', true, '/docs/api/cron/'],
    ['app/api/cron/[job]/route.ts', '', false, '/api/cron/[job]'],
    ['app/route.ts', '', false, '/'],
    ['app/route.ts', '', true, '/'],
    ['app/route.ts', '/docs', false, '/docs'],
    ['app/route.ts', '/docs', true, '/docs/'],
  ];
  for (const [file, basePath, trailingSlash, expected] of CASES) {
    it(`${file} with basePath ${JSON.stringify(basePath)}, trailingSlash ${trailingSlash} → ${expected}`, () => {
      assert.equal(urlPathForRoute(table.get(file)!, { basePath, trailingSlash }), expected);
    });
  }
});

describe('RouteTable: size', () => {
  it('builds a table of 2,000 route files quickly and matches each', () => {
    const files: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      const area = `area${i % 40}`;
      const shape = i % 4;
      if (shape === 0) files.push(`app/api/${area}/job${i}/route.ts`);
      else if (shape === 1) files.push(`app/(group${i % 7})/api/${area}/job${i}/[id]/route.ts`);
      else if (shape === 2) files.push(`src/pages/api/${area}/job${i}.ts`);
      else files.push(`app/api/${area}/deep${i}/[...rest]/route.ts`);
    }
    files.push('app/layout.tsx');
    const started = performance.now();
    const t = buildRouteTable(files, config());
    const built = performance.now() - started;
    const matchStarted = performance.now();
    let matched = 0;
    for (let i = 0; i < 2_000; i++) if (t.match(`/api/area${i % 40}/job${i}`)) matched++;
    const matching = performance.now() - matchStarted;
    console.log(`# route table: built 2,000 files in ${built.toFixed(1)} ms; 2,000 matches in ${matching.toFixed(1)} ms`);
    // src/pages is used: there is no root pages/ folder.
    assert.equal(t.routes().length, 2_000);
    assert.equal(matched, 1_000);
    assert.ok(built < 500, `building took ${built} ms`);
  });
});

describe('RouteTable: depth', () => {
  // A cron path of 10,000 segments, and the route a fix would create for it, overflowed the
  // call stack of a recursive search (issue #14, item 7).
  it('matches, and misses, through 10,000 segments without overflowing the stack', () => {
    const deep = Array.from({ length: 10_000 }, () => 'a').join('/');
    const t = buildRouteTable([`app/${deep}/route.ts`, 'app/api/cron/[...rest]/route.ts'], config());
    assert.equal(t.match(`/${deep}`)?.file, `app/${deep}/route.ts`);
    assert.equal(t.match(`/${deep}/b`), undefined);
    assert.equal(t.match(`/api/cron/${deep}`)?.file, 'app/api/cron/[...rest]/route.ts');
  });

  it('backtracks from a static branch with no route to a dynamic one, deep down', () => {
    const t = buildRouteTable(['app/x/y/z/route.ts', 'app/x/[id]/z/w/route.ts'], config());
    assert.equal(t.match('/x/y/z/w')?.file, 'app/x/[id]/z/w/route.ts');
    assert.equal(t.match('/x/y/z')?.file, 'app/x/y/z/route.ts');
  });
});
