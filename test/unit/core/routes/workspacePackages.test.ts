/**
 * Imports of workspace packages (issue #15, shape 5): `@acme/auth` and `@acme/auth/cron` followed
 * into the workspace with no node_modules, through package.json `exports` (string, subpaths,
 * conditions, `*` patterns) or `main`/`module`/`types`, to the build output when it is there and
 * to the TypeScript source when it is not. Workspaces: npm/yarn/bun `workspaces` (array or
 * `{ packages }`) and pnpm-workspace.yaml.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCronRoutes } from '../../../../src/core/service/rules';
import { resolveModule } from '../../../../src/core/routes/modules';
import { appRelative, canonicalAppPath, exportTargets, findWorkspaceRoot, pnpmPackages, workspaceGlobs, workspaceRelative } from '../../../../src/core/routes/workspacePackages';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { ProjectModel } from '../../../../src/core/vercel/projectModel';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';
import { DEFAULTS } from '../../support/ruleHarness';

type Files = Record<string, string>;

const APP = 'apps/web';
const ROUTE = 'app/api/cron/job/route.ts';
const NPM_ROOT = JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'] });
const manifest = (fields: Record<string, unknown>) => JSON.stringify({ name: '@acme/auth', version: '1.0.0', ...fields });

/** A workspace (paths relative to its root) with the app in `appDir`, as the adapters hand it to the core. */
function workspaceProject(files: Files, appDir = APP, reads?: string[]): ProjectModel {
  const inApp = (file: string) => (appDir ? file.startsWith(`${appDir}/`) : true);
  const appFiles = Object.keys(files)
    .filter(inApp)
    .map((f) => (appDir ? f.slice(appDir.length + 1) : f));
  return new ProjectModel(
    appFiles,
    {
      readFile: (file) => {
        reads?.push(file);
        const path = workspaceRelative(appDir, file);
        return path === undefined ? undefined : files[path];
      },
      loadTypeScript,
    },
    { appDir, files: Object.keys(files) },
  );
}

/** The root package.json, the app and its route, then `files` (which may replace any of them). */
function workspace(files: Files): Files {
  return {
    'package.json': NPM_ROOT,
    [`${APP}/package.json`]: JSON.stringify({ name: '@acme/web', dependencies: { next: '16.0.0', '@acme/auth': 'workspace:*' } }),
    [`${APP}/tsconfig.json`]: JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
    [`${APP}/${ROUTE}`]: '',
    [`${APP}/lib/auth.ts`]: '',
    ...files,
  };
}

describe('resolveModule: workspace packages', () => {
  const A = '../../packages/auth';
  const cases: [name: string, files: Files, specifier: string, expected: string | undefined][] = [
    // exports
    ['exports as a string', { 'packages/auth/package.json': manifest({ exports: './src/index.ts' }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    [
      'exports subpath map, the subpath',
      { 'packages/auth/package.json': manifest({ exports: { '.': './src/index.ts', './cron': './src/cron.ts' } }), 'packages/auth/src/index.ts': '', 'packages/auth/src/cron.ts': '' },
      '@acme/auth/cron',
      `${A}/src/cron.ts`,
    ],
    ['exports subpath map, "."', { 'packages/auth/package.json': manifest({ exports: { '.': './src/index.ts', './cron': './src/cron.ts' } }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    ['a subpath the exports map does not name', { 'packages/auth/package.json': manifest({ exports: { '.': './src/index.ts' } }), 'packages/auth/src/internal.ts': '' }, '@acme/auth/src/internal', undefined],
    ['a subpath excluded with null', { 'packages/auth/package.json': manifest({ exports: { './*': './src/*.ts', './internal': null } }), 'packages/auth/src/internal.ts': '' }, '@acme/auth/internal', undefined],
    [
      'conditions: the built file when it is there (types skipped: a .d.ts has no code)',
      { 'packages/auth/package.json': manifest({ exports: { '.': { types: './dist/index.d.ts', import: './dist/index.mjs', require: './dist/index.cjs' } } }), 'packages/auth/dist/index.d.ts': '', 'packages/auth/dist/index.mjs': '', 'packages/auth/src/index.ts': '' },
      '@acme/auth',
      `${A}/dist/index.mjs`,
    ],
    [
      'conditions: require when import is not built',
      { 'packages/auth/package.json': manifest({ exports: { '.': { import: './dist/index.mjs', require: './dist/index.cjs' } } }), 'packages/auth/dist/index.cjs': '' },
      '@acme/auth',
      `${A}/dist/index.cjs`,
    ],
    [
      'conditions: dist not built, the source it comes from',
      { 'packages/auth/package.json': manifest({ exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' } } }), 'packages/auth/src/index.ts': '' },
      '@acme/auth',
      `${A}/src/index.ts`,
    ],
    ['conditions at the top level (no "." key)', { 'packages/auth/package.json': manifest({ exports: { import: './src/index.ts', default: './src/index.js' } }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    ['nested conditions', { 'packages/auth/package.json': manifest({ exports: { '.': { node: { import: { types: './src/index.d.ts', default: './src/index.ts' } } } } }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    ['a fallback array', { 'packages/auth/package.json': manifest({ exports: { '.': ['./dist/index.js', './src/index.ts'] } }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    ['a browser-only condition is not what a server route runs', { 'packages/auth/package.json': manifest({ exports: { '.': { browser: './src/browser.ts' } } }), 'packages/auth/src/browser.ts': '' }, '@acme/auth', undefined],
    ['a custom "…/source" condition', { 'packages/auth/package.json': manifest({ exports: { '.': { '@acme/source': './src/index.ts', default: './dist/index.js' } } }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    ['wildcard subpath', { 'packages/auth/package.json': manifest({ exports: { './*': './src/*.ts' } }), 'packages/auth/src/cron.ts': '' }, '@acme/auth/cron', `${A}/src/cron.ts`],
    ['wildcard subpath across folders', { 'packages/auth/package.json': manifest({ exports: { './*': './src/*.ts' } }), 'packages/auth/src/cron/vercel.ts': '' }, '@acme/auth/cron/vercel', `${A}/src/cron/vercel.ts`],
    [
      'wildcard: the longest prefix wins',
      { 'packages/auth/package.json': manifest({ exports: { './*': './src/*.ts', './cron/*': './src/cron-handlers/*.ts' } }), 'packages/auth/src/cron/vercel.ts': '', 'packages/auth/src/cron-handlers/vercel.ts': '' },
      '@acme/auth/cron/vercel',
      `${A}/src/cron-handlers/vercel.ts`,
    ],
    ['wildcard into dist, not built: the source', { 'packages/auth/package.json': manifest({ exports: { './*': { types: './dist/*.d.ts', default: './dist/*.js' } } }), 'packages/auth/src/cron.ts': '' }, '@acme/auth/cron', `${A}/src/cron.ts`],
    ['an exact key beats a pattern', { 'packages/auth/package.json': manifest({ exports: { './*': './src/*.ts', './cron': './src/vercel-cron.ts' } }), 'packages/auth/src/cron.ts': '', 'packages/auth/src/vercel-cron.ts': '' }, '@acme/auth/cron', `${A}/src/vercel-cron.ts`],
    ['exports win over main', { 'packages/auth/package.json': manifest({ exports: './src/index.ts', main: './src/legacy.ts' }), 'packages/auth/src/index.ts': '', 'packages/auth/src/legacy.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    // main / module / types
    ['main pointing at TypeScript', { 'packages/auth/package.json': manifest({ main: './src/index.ts' }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    ['main built and there', { 'packages/auth/package.json': manifest({ main: 'dist/index.js' }), 'packages/auth/dist/index.js': '', 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/dist/index.js`],
    ['main without an extension', { 'packages/auth/package.json': manifest({ main: './lib/index' }), 'packages/auth/lib/index.js': '' }, '@acme/auth', `${A}/lib/index.js`],
    ['module before main', { 'packages/auth/package.json': manifest({ main: './src/index.cjs', module: './src/index.mjs' }), 'packages/auth/src/index.cjs': '', 'packages/auth/src/index.mjs': '' }, '@acme/auth', `${A}/src/index.mjs`],
    ['module and main not built: the source', { 'packages/auth/package.json': manifest({ main: './dist/cjs/index.js', module: './dist/esm/index.js' }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    ['types alone, pointing at the source', { 'packages/auth/package.json': manifest({ types: './src/index.ts' }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    ['types alone, a .d.ts beside the source', { 'packages/auth/package.json': manifest({ types: './index.d.ts' }), 'packages/auth/index.d.ts': '', 'packages/auth/index.ts': '' }, '@acme/auth', `${A}/index.ts`],
    ['no fields: index at the package root', { 'packages/auth/package.json': manifest({}), 'packages/auth/index.ts': '' }, '@acme/auth', `${A}/index.ts`],
    ['no exports: a deep import is a path in the package', { 'packages/auth/package.json': manifest({ main: './index.ts' }), 'packages/auth/index.ts': '', 'packages/auth/cron.ts': '' }, '@acme/auth/cron', `${A}/cron.ts`],
    ['dist/src layout (tsc with rootDir ".")', { 'packages/auth/package.json': manifest({ main: './dist/src/index.js' }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    [
      "the package tsconfig's outDir and rootDir",
      { 'packages/auth/package.json': manifest({ main: './build/index.js' }), 'packages/auth/tsconfig.json': '{ /* jsonc */ "compilerOptions": { "outDir": "build", "rootDir": "source" } }', 'packages/auth/source/index.ts': '' },
      '@acme/auth',
      `${A}/source/index.ts`,
    ],
    // what stays unknown
    ['a missing file', { 'packages/auth/package.json': manifest({ exports: './src/missing.ts' }), 'packages/auth/src/index.ts': '' }, '@acme/auth', undefined],
    ['dist named, neither dist nor a source there', { 'packages/auth/package.json': manifest({ main: './dist/index.js' }) }, '@acme/auth', undefined],
    ['a package outside the workspace (no such name in it)', { 'packages/auth/package.json': manifest({ exports: './src/index.ts' }), 'packages/auth/src/index.ts': '' }, '@vendor/cron-kit', undefined],
    ['a folder with a package.json that no glob names', { 'tools/auth/package.json': manifest({ exports: './src/index.ts' }), 'tools/auth/src/index.ts': '' }, '@acme/auth', undefined],
    ['a target that leaves the package', { 'packages/auth/package.json': manifest({ main: '../../apps/web/lib/auth.ts' }) }, '@acme/auth', undefined],
    ['an exports target that is not "./…"', { 'packages/auth/package.json': manifest({ exports: 'src/index.ts' }), 'packages/auth/src/index.ts': '' }, '@acme/auth', undefined],
    ['a broken package.json', { 'packages/auth/package.json': '{ "name": "@acme/auth", ', 'packages/auth/src/index.ts': '' }, '@acme/auth', undefined],
    ['a node built-in', {}, 'node:crypto', undefined],
    // workspace declarations
    ['npm workspaces as an object ({ packages })', { 'package.json': JSON.stringify({ workspaces: { packages: ['apps/*', 'packages/*'], nohoist: [] } }), 'packages/auth/package.json': manifest({ exports: './src/index.ts' }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    [
      'pnpm-workspace.yaml (the root package.json declares nothing)',
      { 'package.json': '{ "name": "acme" }', 'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - \"packages/*\" # shared code\n", 'packages/auth/package.json': manifest({ exports: './src/index.ts' }), 'packages/auth/src/index.ts': '' },
      '@acme/auth',
      `${A}/src/index.ts`,
    ],
    ['a negated glob leaves a package out', { 'package.json': JSON.stringify({ workspaces: ['apps/*', 'packages/*', '!packages/auth'] }), 'packages/auth/package.json': manifest({ exports: './src/index.ts' }), 'packages/auth/src/index.ts': '' }, '@acme/auth', undefined],
    ['a ** glob', { 'package.json': JSON.stringify({ workspaces: ['apps/*', 'packages/**'] }), 'packages/shared/auth/package.json': manifest({ exports: './src/index.ts' }), 'packages/shared/auth/src/index.ts': '' }, '@acme/auth', '../../packages/shared/auth/src/index.ts'],
    ['globs written "./packages/*"', { 'package.json': JSON.stringify({ workspaces: ['./apps/*', './packages/*'] }), 'packages/auth/package.json': manifest({ exports: './src/index.ts' }), 'packages/auth/src/index.ts': '' }, '@acme/auth', `${A}/src/index.ts`],
    ['the root no longer declares workspaces', { 'package.json': '{ "name": "acme" }', 'packages/auth/package.json': manifest({ exports: './src/index.ts' }), 'packages/auth/src/index.ts': '' }, '@acme/auth', undefined],
    ['an unscoped package name', { 'packages/auth/package.json': JSON.stringify({ name: 'cron-auth', main: './index.ts' }), 'packages/auth/index.ts': '' }, 'cron-auth', `${A}/index.ts`],
  ];
  for (const [name, files, specifier, expected] of cases) {
    it(name, () => {
      assert.equal(resolveModule(workspaceProject(workspace(files)), ROUTE, specifier), expected);
    });
  }

  it('without a workspace a package import is not followed, exactly as before', () => {
    const files = workspace({ 'packages/auth/package.json': manifest({ exports: './src/index.ts' }), 'packages/auth/src/index.ts': '' });
    const appOnly = Object.fromEntries(Object.entries(files).filter(([f]) => f.startsWith(`${APP}/`)).map(([f, t]) => [f.slice(APP.length + 1), t]));
    const project = new ProjectModel(Object.keys(appOnly), { readFile: (file) => appOnly[file], loadTypeScript });
    assert.equal(project.workspace(), undefined);
    assert.equal(resolveModule(project, ROUTE, '@acme/auth'), undefined);
    assert.equal(resolveModule(project, ROUTE, '@/lib/auth'), 'lib/auth.ts');
  });

  it('the app as the workspace root: packages inside the app', () => {
    const files: Files = {
      'package.json': JSON.stringify({ name: 'web', workspaces: ['packages/*'] }),
      [ROUTE]: '',
      'packages/auth/package.json': manifest({ exports: { './cron': './src/cron.ts' } }),
      'packages/auth/src/cron.ts': '',
    };
    assert.equal(resolveModule(workspaceProject(files, ''), ROUTE, '@acme/auth/cron'), 'packages/auth/src/cron.ts');
  });
});

describe('resolveModule: imports inside a workspace package', () => {
  const files = workspace({
    'packages/auth/package.json': manifest({ exports: './src/index.ts' }),
    'packages/auth/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['./src/*'] } } }),
    'packages/auth/src/index.ts': '',
    'packages/auth/src/compare.ts': '',
    'packages/auth/src/lib/auth.ts': '',
    'packages/env/package.json': JSON.stringify({ name: '@acme/env', exports: './index.ts' }),
    'packages/env/index.ts': '',
    'packages/shared/index.ts': '',
  });
  const FROM = '../../packages/auth/src/index.ts';
  const cases: [name: string, from: string, specifier: string, expected: string | undefined][] = [
    ['a relative import', FROM, './compare', '../../packages/auth/src/compare.ts'],
    ['a relative import in ESM style (.js naming .ts)', FROM, './compare.js', '../../packages/auth/src/compare.ts'],
    ["the package's own tsconfig alias", FROM, '~/lib/auth', '../../packages/auth/src/lib/auth.ts'],
    ["the app's alias does not apply in the package", FROM, '@/lib/auth', undefined],
    ['another workspace package', FROM, '@acme/env', '../../packages/env/index.ts'],
    ['a relative import back into the app names the file as the app does', FROM, '../../../apps/web/lib/auth', 'lib/auth.ts'],
    ['a relative import out of the workspace', FROM, '../../../../../outside', undefined],
    ["the app's alias still works in the app", ROUTE, '@/lib/auth', 'lib/auth.ts'],
    ['a relative import from the app to a folder beside it', ROUTE, '../../../../../../packages/shared', '../../packages/shared/index.ts'],
  ];
  for (const [name, from, specifier, expected] of cases) {
    it(name, () => {
      assert.equal(resolveModule(workspaceProject(files), from, specifier), expected);
    });
  }

  it('a tsconfig alias of the app into the workspace (`@acme/*` → `../../packages/*/src`)', () => {
    const aliased = workspace({
      [`${APP}/tsconfig.json`]: JSON.stringify({ compilerOptions: { paths: { '@acme/*': ['../../packages/*/src'] } } }),
      'packages/auth/package.json': manifest({ exports: './dist/index.js' }),
      'packages/auth/src/index.ts': '',
    });
    assert.equal(resolveModule(workspaceProject(aliased), ROUTE, '@acme/auth'), '../../packages/auth/src/index.ts');
  });
});

describe('workspace declarations', () => {
  it('workspaceGlobs: npm/yarn/bun array and object forms, pnpm, both, neither', () => {
    assert.deepEqual(workspaceGlobs('{"workspaces":["apps/*","packages/*"]}', undefined), ['apps/*', 'packages/*']);
    assert.deepEqual(workspaceGlobs('{"workspaces":{"packages":["packages/*"],"nohoist":["**/x"]}}', undefined), ['packages/*']);
    assert.deepEqual(workspaceGlobs('{"name":"app"}', 'packages:\n  - apps/*\n'), ['apps/*']);
    assert.deepEqual(workspaceGlobs('{"workspaces":["a/*"]}', 'packages: [b/*]'), ['a/*', 'b/*']);
    assert.deepEqual(workspaceGlobs('{"name":"app"}', undefined), undefined);
    assert.deepEqual(workspaceGlobs('{"workspaces":"packages/*"}', undefined), undefined);
    assert.deepEqual(workspaceGlobs('not json "workspaces"', undefined), undefined);
    assert.deepEqual(workspaceGlobs(undefined, 'onlyBuiltDependencies: [esbuild]\n'), []);
    assert.equal(workspaceGlobs(JSON.stringify({ workspaces: Array.from({ length: 500 }, (_, i) => `p${i}/*`) }), undefined)!.length, 100);
  });

  const yamlCases: [name: string, text: string, expected: string[]][] = [
    ['block sequence, quoted and plain', "packages:\n  - 'apps/*'\n  - \"packages/*\"\n  - tools/*\n", ['apps/*', 'packages/*', 'tools/*']],
    ['comments and blank lines', "# the workspace\npackages:\n  # apps\n  - 'apps/*' # web, admin\n\n  - packages/*\n", ['apps/*', 'packages/*']],
    ['negations', "packages:\n  - 'packages/**'\n  - '!**/test/**'\n", ['packages/**', '!**/test/**']],
    ['items not indented', 'packages:\n- apps/*\n- packages/*\n', ['apps/*', 'packages/*']],
    ['flow sequence', "packages: ['apps/*', \"packages/*\", tools/*]\n", ['apps/*', 'packages/*', 'tools/*']],
    ['flow sequence over lines', "packages: [\n  'apps/*',\n  'packages/*', # shared\n]\n", ['apps/*', 'packages/*']],
    ['other keys before and after', "catalog:\n  react: ^19.0.0\npackages:\n  - apps/*\nonlyBuiltDependencies:\n  - esbuild\n", ['apps/*']],
    ["'' inside single quotes", "packages:\n  - 'it''s/*'\n", ["it's/*"]],
    ['a nested value is no glob', 'packages:\n  - [a, b]\n  - {x: 1}\n  - &anchor apps/*\n  - ok/*\n', ['ok/*']],
    ['a BOM and CRLF', '\uFEFFpackages:\r\n  - apps/*\r\n', ['apps/*']],
    ['no packages key', 'catalog:\n  react: ^19\n', []],
    ['a packages key nested under another is not the workspace list', 'settings:\n  packages:\n    - nope/*\n', []],
  ];
  for (const [name, text, expected] of yamlCases) {
    it(`pnpmPackages: ${name}`, () => assert.deepEqual(pnpmPackages(text), expected));
  }

  it('pnpmPackages: hostile input stays bounded (no recursion, at most 100 globs)', () => {
    assert.deepEqual(pnpmPackages(`packages: ${'['.repeat(200_000)}`), []);
    assert.equal(pnpmPackages(`packages:\n${'  - a/*\n'.repeat(10_000)}`).length, 100);
  });

  it('findWorkspaceRoot: the nearest declaring folder from the app up to the boundary', () => {
    const folders: Record<string, { packageJson: string | undefined; pnpmWorkspace: boolean }> = {
      '': { packageJson: '{"workspaces":["apps/*"]}', pnpmWorkspace: false },
      apps: { packageJson: undefined, pnpmWorkspace: false },
      'apps/web': { packageJson: '{"name":"web"}', pnpmWorkspace: false },
      'apps/site': { packageJson: '{"name":"site","workspaces":["packages/*"]}', pnpmWorkspace: false },
      pnpm: { packageJson: '{}', pnpmWorkspace: true },
      'pnpm/app': { packageJson: '{}', pnpmWorkspace: false },
    };
    const asked: string[] = [];
    const probe = (dir: string) => {
      asked.push(dir);
      return folders[dir] ?? { packageJson: undefined, pnpmWorkspace: false };
    };
    assert.equal(findWorkspaceRoot('apps/web', probe), '');
    assert.deepEqual(asked, ['apps/web', 'apps', '']);
    assert.equal(findWorkspaceRoot('apps/site', probe), 'apps/site');
    assert.equal(findWorkspaceRoot('pnpm/app', probe), 'pnpm');
    assert.equal(findWorkspaceRoot('', () => ({ packageJson: '{"name":"x"}', pnpmWorkspace: false })), undefined);
  });

  it('app paths: appRelative, workspaceRelative and canonicalAppPath agree with path.relative', () => {
    assert.equal(appRelative('apps/web', 'packages/auth/src/index.ts'), '../../packages/auth/src/index.ts');
    assert.equal(appRelative('apps/web', 'apps/admin/lib/x.ts'), '../admin/lib/x.ts');
    assert.equal(appRelative('apps/web', 'apps/web/lib/x.ts'), 'lib/x.ts');
    assert.equal(appRelative('apps/web', ''), '../..');
    assert.equal(appRelative('', 'packages/a'), 'packages/a');
    assert.equal(workspaceRelative('apps/web', '../../packages/a'), 'packages/a');
    assert.equal(workspaceRelative('apps/web', '../../../x'), undefined);
    assert.equal(canonicalAppPath({ appDir: 'apps/web', manifests: [] }, '../../apps/web/lib/x.ts'), 'lib/x.ts');
    assert.equal(canonicalAppPath({ appDir: 'apps/web', manifests: [] }, '../../apps/admin/x.ts'), '../admin/x.ts');
    assert.equal(canonicalAppPath(undefined, '../x'), '../x');
  });

  it('exportTargets: the conditions in the order the map writes them, "*" replaced everywhere', () => {
    assert.deepEqual(exportTargets({ '.': { types: './a.d.ts', import: './a.mjs', require: './a.cjs', browser: './b.js' } }, '.'), ['./a.d.ts', './a.mjs', './a.cjs']);
    assert.deepEqual(exportTargets({ './*': './src/*/*.ts' }, './x'), ['./src/x/x.ts']);
    assert.deepEqual(exportTargets({ './features/*.js': './src/features/*.ts' }, './features/a.js'), ['./src/features/a.ts']);
    assert.equal(exportTargets({ './features/*.js': './src/features/*.ts' }, './features/a'), undefined);
    assert.equal(exportTargets('./index.js', './cron'), undefined);
    assert.equal(exportTargets({ '.': './a.js', import: './b.js' }, '.'), undefined);
  });

  it('exportTargets: hostile nesting and width are bounded', () => {
    let deep: unknown = './deep.js';
    for (let i = 0; i < 100_000; i++) deep = { default: deep };
    assert.equal(exportTargets({ '.': deep }, '.'), undefined);
    const wide = Array.from({ length: 10_000 }, (_, i) => `./f${i}.js`);
    assert.equal(exportTargets({ '.': wide }, '.')!.length, 32);
  });
});

describe('workspace packages in the route check', () => {
  const vercel = JSON.stringify({ crons: [{ path: '/api/cron/job', schedule: '0 5 * * *' }] });
  const check = (project: ProjectModel, onReads?: (file: string, reads: ReadonlySet<string>) => void) =>
    checkCronRoutes(parseVercelJson(vercel), project, { ...DEFAULTS, rules: { ...DEFAULTS.rules }, ...(onReads ? { onReads } : {}) }).filter((r) => r.file.startsWith('app/'));
  const codes = (project: ProjectModel) => check(project).map((r) => [r.file, r.findings.map((f) => f.code)]);
  const route = (specifier: string, name: string) => `import { ${name} } from '${specifier}';

export async function GET(request: Request) {
  if (!${name}(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`;
  const closedCheck = (name: string) => `export function ${name}(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return false;
  return request.headers.get('authorization') === \`Bearer \${secret}\`;
}
`;
  const failOpen = (name: string) => `export function ${name}(request: Request): boolean {
  return request.headers.get('authorization') === \`Bearer \${process.env.CRON_SECRET}\`;
}
`;

  it('a check in a package counts: no missing-auth for a helper whose name says nothing', () => {
    const files = workspace({
      [`${APP}/vercel.json`]: vercel,
      [`${APP}/${ROUTE}`]: route('@acme/auth/jobs', 'isScheduledRun'),
      'packages/auth/package.json': manifest({ exports: { './*': { types: './dist/*.d.ts', default: './dist/*.js' } } }),
      'packages/auth/src/jobs.ts': closedCheck('isScheduledRun'),
    });
    assert.deepEqual(codes(workspaceProject(files)), [[ROUTE, []]]);
    // Unfollowed (no workspace), the call in the refusing guard is a check it cannot read: silent
    // too, but only following can tell a fail-open helper apart (the next test).
    const appOnly = Object.fromEntries(Object.entries(files).filter(([f]) => f.startsWith(`${APP}/`)).map(([f, t]) => [f.slice(APP.length + 1), t]));
    assert.deepEqual(codes(new ProjectModel(Object.keys(appOnly), { readFile: (f) => appOnly[f], loadTypeScript })), [[ROUTE, []]]);
  });

  it("a package helper's fail-open comparison is reported on the route, naming the package file", () => {
    const files = workspace({
      [`${APP}/${ROUTE}`]: route('@acme/auth', 'isCronRequest'),
      'packages/auth/package.json': manifest({ exports: { '.': './src/index.ts' } }),
      'packages/auth/src/index.ts': failOpen('isCronRequest'),
    });
    const [result] = check(workspaceProject(files));
    assert.deepEqual(result!.findings.map((f) => f.code), ['auth-fails-open']);
    assert.match(result!.findings[0]!.message, /the check is in \.\.\/\.\.\/packages\/auth\/src\/index\.ts/);
  });

  it('a package outside the workspace stays unknown: no missing-auth', () => {
    const files = workspace({ [`${APP}/${ROUTE}`]: route('@vendor/cron-kit', 'verifyCronSignature'), 'packages/auth/package.json': manifest({ exports: './src/index.ts' }) });
    assert.deepEqual(codes(workspaceProject(files)), [[ROUTE, []]]);
  });

  it('a cycle between packages ends, and the check inside it is found', () => {
    const files = workspace({
      [`${APP}/${ROUTE}`]: route('@acme/a', 'allowCron'),
      'packages/a/package.json': JSON.stringify({ name: '@acme/a', exports: './index.ts' }),
      'packages/a/index.ts': `import { check } from '@acme/b';\nexport function allowCron(request: Request): boolean {\n  return check(request);\n}\nexport function again(request: Request): boolean {\n  return check(request);\n}\n`,
      'packages/b/package.json': JSON.stringify({ name: '@acme/b', exports: './index.ts' }),
      'packages/b/index.ts': `import { again } from '@acme/a';\nexport function check(request: Request): boolean {\n  const secret = process.env.CRON_SECRET;\n  if (!secret) return again(request);\n  return request.headers.get('authorization') === \`Bearer \${secret}\`;\n}\n`,
    });
    const project = workspaceProject(files);
    assert.equal(resolveModule(project, '../../packages/a/index.ts', '@acme/b'), '../../packages/b/index.ts');
    assert.equal(resolveModule(project, '../../packages/b/index.ts', '@acme/a'), '../../packages/a/index.ts');
    const [result] = check(project);
    assert.equal(result!.notAnalysed, undefined);
    assert.ok(!result!.findings.some((f) => f.code === 'missing-auth'));
  });

  it('a missing package file: an unfollowed call, as a package outside the workspace is', () => {
    const files = workspace({ [`${APP}/${ROUTE}`]: route('@acme/auth', 'verifyCron'), 'packages/auth/package.json': manifest({ exports: './src/index.ts' }) });
    assert.deepEqual(codes(workspaceProject(files)), [[ROUTE, []]]);
  });

  it("every route's reads name the manifests and the package files its answer rests on, cached or not", () => {
    const second = 'app/api/cron/other/route.ts';
    const files = workspace({
      [`${APP}/vercel.json`]: JSON.stringify({ crons: [{ path: '/api/cron/job', schedule: '0 5 * * *' }, { path: '/api/cron/other', schedule: '0 6 * * *' }] }),
      [`${APP}/${ROUTE}`]: route('@acme/auth/jobs', 'isScheduledRun'),
      [`${APP}/${second}`]: route('@acme/auth/jobs', 'isScheduledRun'),
      'packages/auth/package.json': manifest({ exports: { './*': './dist/*.js' } }),
      'packages/auth/src/jobs.ts': closedCheck('isScheduledRun'),
    });
    const reads = new Map<string, ReadonlySet<string>>();
    const project = workspaceProject(files);
    checkCronRoutes(parseVercelJson(files[`${APP}/vercel.json`]!), project, { ...DEFAULTS, onReads: (file, paths) => reads.set(file, paths) });
    for (const file of [ROUTE, second]) {
      const paths = reads.get(file)!;
      for (const path of ['../../package.json', '../../pnpm-workspace.yaml', '../../packages/auth/package.json', '../../packages/auth/dist/jobs.js', '../../packages/auth/src/jobs.ts']) {
        assert.ok(paths.has(path), `${file} reads ${path}`);
      }
    }
  });

  it('file events: a package file created, a manifest changed, a file deleted', () => {
    const files = workspace({
      [`${APP}/${ROUTE}`]: route('@acme/auth', 'isScheduledRun'),
      'packages/auth/package.json': manifest({ exports: './dist/index.js' }),
    });
    const project = workspaceProject(files);
    const before = project.workspace();
    assert.equal(resolveModule(project, ROUTE, '@acme/auth'), undefined);
    // The source appears (a file event named the way the editor names it).
    files['packages/auth/src/index.ts'] = closedCheck('isScheduledRun');
    assert.equal(project.watches('../../packages/auth/src/index.ts'), true);
    project.fileCreated('../../packages/auth/src/index.ts');
    assert.notEqual(project.workspace(), before);
    assert.equal(resolveModule(project, ROUTE, '@acme/auth'), '../../packages/auth/src/index.ts');
    // The manifest now exports the build, which is there.
    files['packages/auth/package.json'] = manifest({ exports: './lib/index.js' });
    files['packages/auth/lib/index.js'] = '';
    project.fileCreated('../../packages/auth/lib/index.js');
    project.fileChanged('../../packages/auth/package.json');
    assert.equal(resolveModule(project, ROUTE, '@acme/auth'), '../../packages/auth/lib/index.js');
    // Gone again: lib/index.js is read as build output of src/index.ts, which is there.
    project.fileDeleted('../../packages/auth/lib/index.js');
    assert.equal(resolveModule(project, ROUTE, '@acme/auth'), '../../packages/auth/src/index.ts');
    project.fileDeleted('../../packages/auth/src/index.ts');
    assert.equal(resolveModule(project, ROUTE, '@acme/auth'), undefined);
    // Outside the workspace, or in node_modules: not the model's.
    assert.equal(project.watches('../../../elsewhere/x.ts'), false);
    assert.equal(project.watches('../../node_modules/@acme/auth/index.js'), false);
  });

  it('bounded: a workspace of 3,000 packages reads at most 2,000 of their manifests', () => {
    const files: Files = workspace({});
    for (let i = 0; i < 3_000; i++) files[`packages/p${String(i).padStart(4, '0')}/package.json`] = JSON.stringify({ name: `@acme/p${i}`, main: './index.ts' });
    const reads: string[] = [];
    const project = workspaceProject(files, APP, reads);
    resolveModule(project, ROUTE, '@acme/p0');
    assert.ok(reads.filter((f) => f.endsWith('/package.json')).length <= 2_001, `${reads.length} reads`);
    // And once built, the state answers again without reading any manifest.
    reads.length = 0;
    resolveModule(project, ROUTE, '@acme/p1');
    assert.deepEqual(reads.filter((f) => f.endsWith('package.json')), []);
  });
});
