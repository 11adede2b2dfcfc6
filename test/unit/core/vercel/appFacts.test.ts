/**
 * What a vercel.json's folder is to Vercel (src/core/vercel/appFacts.ts): a Next.js app or not,
 * what serves a project without Next.js, the Next.js apps below a monorepo's root, and when a
 * vercel.json is never read. Table-driven over small in-memory projects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiFunctionFor, apiFunctionServes, nextAppsBelow, outsideApp, readAppFacts } from '../../../../src/core/vercel/appFacts';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { type Files, projectOf } from '../../support/ruleHarness';

const pkg = (json: object) => JSON.stringify(json);
const ROUTE = 'export async function GET() {\n  return Response.json({ ok: true });\n}\n';
const WORKSPACE_ROOT: Files = { 'package.json': pkg({ private: true, workspaces: ['apps/*', 'packages/*'] }) };
const WEB_APP: Files = {
  'apps/web/package.json': pkg({ dependencies: { next: '16.0.0' } }),
  'apps/web/app/api/cron/job/route.ts': ROUTE,
};

describe('readAppFacts: a Next.js app or not', () => {
  const cases: [name: string, files: Files, kind: 'next' | 'other', framework?: string][] = [
    ['next in dependencies', { 'package.json': pkg({ dependencies: { next: '16.0.0' } }) }, 'next'],
    ['next in devDependencies', { 'package.json': pkg({ devDependencies: { next: '16.0.0' } }) }, 'next'],
    ['a next.config, package.json without next (hoisted in a monorepo)', { 'package.json': pkg({ name: 'web' }), 'next.config.mjs': 'export default {};\n' }, 'next'],
    ['an unsupported next.config name still says Next.js', { 'next.config.cjs': 'module.exports = {};\n' }, 'next'],
    ['app/ with no package.json', { 'app/api/cron/job/route.ts': ROUTE }, 'next'],
    ['any pages/ file with no package.json', { 'pages/index.tsx': ROUTE }, 'next'],
    ['an App Router route and a package.json without next (a stub)', { 'package.json': pkg({ name: 'app' }), 'app/api/cron/job/route.ts': ROUTE }, 'next'],
    ['src/pages/api/ and a package.json without next', { 'package.json': pkg({ name: 'app' }), 'src/pages/api/job.ts': ROUTE }, 'next'],
    ['pages/_app and a package.json without next', { 'package.json': pkg({ name: 'app' }), 'pages/_app.tsx': ROUTE }, 'next'],
    ['a Vite app: src/pages/ of its own, api/ functions', { 'package.json': pkg({ devDependencies: { vite: '7.0.0' } }), 'src/pages/Home.tsx': ROUTE, 'api/cron/job.ts': ROUTE }, 'other'],
    ['a PHP or Python app/ folder', { 'package.json': pkg({ name: 'tools' }), 'app/models/user.ts': ROUTE }, 'other'],
    ['next beside hono: a Next.js app that uses Hono in a route', { 'package.json': pkg({ dependencies: { next: '16.0.0', hono: '4.0.0' } }) }, 'next'],
    ['Hono on plain functions', { 'package.json': pkg({ dependencies: { hono: '4.0.0' } }), 'api/index.ts': ROUTE }, 'other', 'hono'],
    ['plain api/ functions', { 'package.json': pkg({ devDependencies: { '@vercel/node': '5.0.0' } }), 'api/cron/job.ts': ROUTE }, 'other'],
    ["Remix owns its app/ folder", { 'package.json': pkg({ dependencies: { '@remix-run/node': '2.0.0' } }), 'app/routes/_index.tsx': ROUTE }, 'other', '@remix-run/node'],
    ["Astro's src/pages/ is not Next's", { 'package.json': pkg({ dependencies: { astro: '5.0.0' } }), 'src/pages/api/cron.ts': ROUTE }, 'other', 'astro'],
    ['a monorepo root: the app is below', { ...WORKSPACE_ROOT, ...WEB_APP }, 'other'],
    ['nothing but vercel.json', { 'vercel.json': '{}' }, 'other'],
    ['a package.json that is not JSON', { 'package.json': '{ not json', 'api/job.ts': ROUTE }, 'other'],
  ];
  for (const [name, files, kind, framework] of cases) {
    it(`${name}: ${kind}${framework ? ` (${framework})` : ''}`, () => {
      const facts = readAppFacts(projectOf(files));
      assert.equal(facts.kind, kind);
      assert.equal(facts.framework, framework);
    });
  }

  it('api/ functions: source files, not helpers (_ or . prefixed), not declarations', () => {
    const files: Files = {
      'package.json': pkg({}),
      'api/index.ts': ROUTE,
      'api/cron/job.ts': ROUTE,
      'api/cron/[id].js': ROUTE,
      'api/_lib/auth.ts': ROUTE,
      'api/cron/_shared.ts': ROUTE,
      'api/.hidden.ts': ROUTE,
      'api/types.d.ts': '',
      'api/cron/README.md': '',
      'api/py/hello.py': '',
      'api/index.php': '',
      'api/assets.php': '',
      'lib/api/x.ts': ROUTE,
    };
    assert.deepEqual([...readAppFacts(projectOf(files)).apiFunctions].sort(), ['api/assets.php', 'api/cron/[id].js', 'api/cron/job.ts', 'api/index.php', 'api/index.ts', 'api/py/hello.py']);
  });

  it('a workspace root: package.json workspaces (array or object), pnpm-workspace.yaml, turbo.json', () => {
    const root = (files: Files) => readAppFacts(projectOf(files)).workspaceRoot;
    assert.equal(root({ 'package.json': pkg({ workspaces: ['apps/*'] }) }), true);
    assert.equal(root({ 'package.json': pkg({ workspaces: { packages: ['apps/*'] } }) }), true);
    assert.equal(root({ 'package.json': pkg({}), 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n' }), true);
    assert.equal(root({ 'package.json': pkg({}), 'turbo.json': '{}' }), true);
    assert.equal(root({ 'package.json': pkg({ name: 'site' }) }), false);
  });
});

describe('nextAppsBelow: the Next.js apps of a folder that is none', () => {
  const cases: [name: string, files: Files, apps: string[]][] = [
    ['one app by its package.json', { ...WORKSPACE_ROOT, ...WEB_APP }, ['apps/web']],
    ['one app by its next.config (next hoisted to the root)', { ...WORKSPACE_ROOT, 'apps/web/package.json': pkg({ name: 'web' }), 'apps/web/next.config.ts': 'export default {};\n' }, ['apps/web']],
    [
      'two apps, a library without next left out',
      { ...WORKSPACE_ROOT, ...WEB_APP, 'apps/admin/package.json': pkg({ dependencies: { next: '16.0.0' } }), 'packages/ui/package.json': pkg({ peerDependencies: { react: '19.0.0' } }) },
      ['apps/admin', 'apps/web'],
    ],
    ["an app's own folders are the app", { ...WORKSPACE_ROOT, ...WEB_APP, 'apps/web/e2e/next.config.js': 'module.exports = {};\n' }, ['apps/web']],
    ['outside the workspace globs: not an app of this workspace', { ...WORKSPACE_ROOT, 'examples/blog/package.json': pkg({ dependencies: { next: '16.0.0' } }) }, []],
    [
      'pnpm-workspace.yaml globs, with an exclusion',
      {
        'package.json': pkg({ private: true }),
        'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - \"!apps/legacy\"\n# a comment\n",
        ...WEB_APP,
        'apps/legacy/package.json': pkg({ dependencies: { next: '12.0.0' } }),
      },
      ['apps/web'],
    ],
    ['no workspace globs: any app below', { 'package.json': pkg({ private: true }), 'turbo.json': '{}', 'site/package.json': pkg({ dependencies: { next: '16.0.0' } }) }, ['site']],
  ];
  for (const [name, files, apps] of cases) {
    it(name, () => assert.deepEqual(nextAppsBelow(projectOf(files)), apps));
  }
});

describe('outsideApp: a vercel.json Vercel never reads', () => {
  const crons = JSON.stringify({ crons: [{ path: '/api/cron/job', schedule: '0 3 * * *' }] });
  const cases: [name: string, files: Files, vercelJson: string, apps: string[] | undefined][] = [
    ['a workspace root above apps/web', { ...WORKSPACE_ROOT, ...WEB_APP }, crons, ['apps/web']],
    ['root package.json has next: the root is the app', { 'package.json': pkg({ workspaces: ['apps/*'], dependencies: { next: '16.0.0' } }), ...WEB_APP }, crons, undefined],
    ['root has app/: the root is the app', { ...WORKSPACE_ROOT, ...WEB_APP, 'app/page.tsx': 'export default function P() { return null; }\n' }, crons, undefined],
    ['root has api/ functions of its own', { ...WORKSPACE_ROOT, ...WEB_APP, 'api/cron/job.ts': ROUTE }, crons, undefined],
    ['root runs a framework of its own', { 'package.json': pkg({ workspaces: ['apps/*'], dependencies: { hono: '4.0.0' } }), ...WEB_APP }, crons, undefined],
    ['root is no workspace root: cannot tell', { 'package.json': pkg({ name: 'site' }), ...WEB_APP }, crons, undefined],
    ['no app below', { ...WORKSPACE_ROOT, 'packages/ui/package.json': pkg({}) }, crons, undefined],
    ['a build command run from the root: cannot tell', { ...WORKSPACE_ROOT, ...WEB_APP }, JSON.stringify({ buildCommand: 'turbo run build --filter=web', crons: [] }), undefined],
    ['an output directory inside the app: cannot tell', { ...WORKSPACE_ROOT, ...WEB_APP }, JSON.stringify({ outputDirectory: 'apps/web/.next' }), undefined],
    ['legacy builds: cannot tell', { ...WORKSPACE_ROOT, ...WEB_APP }, JSON.stringify({ builds: [{ src: 'apps/web/package.json', use: '@vercel/next' }] }), undefined],
  ];
  for (const [name, files, text, apps] of cases) {
    it(name, () => assert.deepEqual(outsideApp(parseVercelJson(text), projectOf(files)), apps));
  }
});

describe('apiFunctionServes: Vercel functions in api/ answer /api/<file>', () => {
  const functions = ['api/index.ts', 'api/cron/cleanup.ts', 'api/cron/index.js', 'api/users/[id].ts', 'api/files/[...path].ts', 'api/docs/[[...slug]].ts', 'api/py/hello.py'];
  const cases: [pathname: string, served: boolean | undefined][] = [
    ['/api', true],
    ['/api/', true],
    ['/api/cron', true],
    ['/api/cron/cleanup', true],
    ['/api/cron/cleanup/', true],
    ['/api/cron/missing', false],
    ['/api/users/42', true],
    ['/api/users/42/posts', false],
    ['/api/files', false],
    ['/api/files/a/b', true],
    ['/api/docs', true],
    ['/api/docs/a/b', true],
    ['/api/py/hello', true],
    ['/api/cron%2Fcleanup', false],
    // not under /api, or not decodable: cannot tell
    ['/cron/cleanup', undefined],
    ['/apis/cron', undefined],
    ['/api/%E0%A4%A', undefined],
  ];
  for (const [pathname, served] of cases) {
    it(`${pathname}: ${served}`, () => assert.equal(apiFunctionServes(pathname, functions), served));
  }
});

describe('apiFunctionFor: the one api/ file that serves a path, when the files say which', () => {
  const functions = ['api/index.ts', 'api/cron/cleanup.ts', 'api/cron/index.js', 'api/users/[id].ts', 'api/users/me.ts', 'api/files/[...path].ts', 'api/docs/[[...slug]].ts', 'api/twice.ts', 'api/twice.js', 'api/both.ts', 'api/both/index.ts', 'api/a/[x].ts', 'api/[y]/b.ts'];
  const cases: [pathname: string, dynamic: boolean, file: string | undefined][] = [
    ['/api', true, 'api/index.ts'],
    ['/api/cron', true, 'api/cron/index.js'],
    ['/api/cron/cleanup', true, 'api/cron/cleanup.ts'],
    ['/api/cron/cleanup/', true, 'api/cron/cleanup.ts'],
    ['/api/cron/missing', true, undefined],
    // A static file wins over a [name] file beside it.
    ['/api/users/me', false, 'api/users/me.ts'],
    ['/api/users/42', true, 'api/users/[id].ts'],
    // Only when dynamic files may be used (no rewrite may come first).
    ['/api/users/42', false, undefined],
    // A rest segment taking one segment serves it, either way Vercel reads [...path].
    ['/api/files/a', true, 'api/files/[...path].ts'],
    // Taking several, or none: a catch-all in Next.js, perhaps not in a plain function. Cannot tell.
    ['/api/files/a/b', true, undefined],
    ['/api/docs', true, undefined],
    // Two files could serve it.
    ['/api/twice', true, undefined],
    ['/api/both', true, undefined],
    ['/api/a/b', true, undefined],
    // Not under /api, or not decodable.
    ['/cron/cleanup', true, undefined],
    ['/api/%E0%A4%A', true, undefined],
  ];
  for (const [pathname, dynamic, file] of cases) {
    it(`${pathname}${dynamic ? '' : ' (static files only)'}: ${file}`, () => assert.equal(apiFunctionFor(pathname, functions, { dynamic }), file));
  }
});
