/**
 * Which folders are projects (src/core/vercel/projectRoots.ts): each folder with a vercel.json,
 * and each Next.js app folder without one that no project around it claims. The CLI asks with its
 * walk (projectRoots), the editor folder by folder (projectRootKind): the table runs both.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isConfigFileIn, VERCEL_CONFIG_FILES } from '../../../../src/core/vercel/configFiles';
import { type FolderFacts, projectRootKind, projectRoots } from '../../../../src/core/vercel/projectRoots';

const NEXT = JSON.stringify({ dependencies: { next: '16.0.0' } });
const NEXT_DEV = JSON.stringify({ devDependencies: { next: '16.0.0' } });
const NOT_NEXT = JSON.stringify({ dependencies: { react: '19.0.0' } });

type Files = Record<string, string>;

/** The editor's way: the facts of one folder at a time, from the same files. */
function factsOf(files: Files): (dir: string) => FolderFacts {
  return (dir) => {
    const at = (name: string) => (dir ? `${dir}/${name}` : name);
    const pkg = files[at('package.json')];
    let namesNext: boolean;
    try {
      const json = JSON.parse(pkg ?? 'null') as { dependencies?: object; devDependencies?: object } | null;
      namesNext = json !== null && ('next' in (json.dependencies ?? {}) || 'next' in (json.devDependencies ?? {}));
    } catch {
      namesNext = false;
    }
    const prefix = at('');
    const nextConfig = Object.keys(files).some((f) => f.startsWith(prefix) && /^next\.config\.[a-z]+$/.test(f.slice(prefix.length)));
    const folder = { top: dir === '', holds: (name: string) => at(name) in files };
    return { vercelJson: VERCEL_CONFIG_FILES.some((name) => at(name) in files && isConfigFileIn(name, folder)), nextApp: namesNext || nextConfig };
  };
}

/** Roots as `kind:dir`, in projectRoots' order: that of the path of their vercel.json (had they one), as check has always gone. */
const cases: [name: string, files: Files, roots: string[]][] = [
  ['a folder with nothing', { 'package.json': NOT_NEXT, 'src/index.ts': '' }, []],
  ['an app without vercel.json, by package.json', { 'package.json': NEXT }, ['app:']],
  ['by devDependencies', { 'package.json': NEXT_DEV }, ['app:']],
  ['by next.config alone', { 'next.config.ts': '' }, ['app:']],
  ['by an unsupported next.config name', { 'next.config.json': '{}' }, ['app:']],
  ['a package.json that is not JSON', { 'package.json': '{ nope' }, []],
  ['a vercel.json root that is an app', { 'vercel.json': '{}', 'package.json': NEXT }, ['vercel-json:']],
  ['a vercel.json root that is no app', { 'vercel.json': '{}' }, ['vercel-json:']],
  ['a monorepo root vercel.json and the app below', { 'vercel.json': '{}', 'package.json': NOT_NEXT, 'apps/web/package.json': NEXT }, ['app:apps/web', 'vercel-json:']],
  ['two apps, one with a vercel.json', { 'apps/a/vercel.json': '{}', 'apps/a/package.json': NEXT, 'apps/b/next.config.mjs': '' }, ['vercel-json:apps/a', 'app:apps/b']],
  ['an app nested in an app, outside its route folders', { 'package.json': NEXT, 'examples/demo/package.json': NEXT }, ['app:examples/demo', 'app:']],
  ['a monorepo root naming next (hoisted) and the app below', { 'package.json': NEXT_DEV, 'apps/web/package.json': NEXT }, ['app:apps/web', 'app:']],
  ["in the app's src/: its src/app is the app's", { 'package.json': NEXT, 'src/package.json': NEXT }, ['app:']],
  ["in the app's app/", { 'package.json': NEXT, 'app/x/next.config.js': '' }, ['app:']],
  ["in the app's pages/", { 'next.config.js': '', 'pages/api/package.json': NEXT }, ['app:']],
  ["in the app's src/app/", { 'package.json': NEXT, 'src/app/admin/package.json': NEXT }, ['app:']],
  ["in a vercel.json project's app/", { 'vercel.json': '{}', 'app/api/next.config.js': '' }, ['vercel-json:']],
  ['in src/ of a folder that is no project', { 'package.json': NOT_NEXT, 'src/package.json': NEXT }, ['app:src']],
  ['a folder named src elsewhere is not claimed', { 'package.json': NEXT, 'packages/src/package.json': NEXT }, ['app:packages/src', 'app:']],
  ['a nested vercel.json inside an app is its own project', { 'package.json': NEXT, 'app/vercel.json': '{}' }, ['vercel-json:app', 'app:']],
  ['node_modules, .next, .git, .vercel, .turbo, dist, out are no apps', Object.fromEntries(['node_modules/x', '.next/standalone', '.git/x', '.vercel/output', '.turbo/x', 'dist', 'packages/web/out'].map((d) => [`${d}/package.json`, NEXT])), []],
  ['a vercel.json in build output is still a vercel.json (as the walk has always listed it)', { 'dist/vercel.json': '{}' }, ['vercel-json:dist']],
  ['a vercel.toml roots its folder as a vercel.json does', { 'apps/web/vercel.toml': '', 'apps/web/package.json': NEXT, 'package.json': NEXT_DEV }, ['vercel-json:apps/web', 'app:']],
  [
    'a vercel.ts (or .mts, .js, .mjs, .cjs) beside a package.json too',
    Object.fromEntries(['a/vercel.ts', 'b/vercel.mjs', 'c/vercel.cjs', 'd/vercel.mts', 'e/vercel.js'].flatMap((file) => [[file, ''], [file.replace(/vercel\.\w+$/, 'package.json'), NOT_NEXT]])),
    ['vercel-json:a', 'vercel-json:b', 'vercel-json:c', 'vercel-json:d', 'vercel-json:e'],
  ],
  ['a vercel.ts beside a next.config', { 'apps/web/vercel.ts': '', 'apps/web/next.config.mjs': '' }, ['vercel-json:apps/web']],
  ['a vercel.ts in the folder checked, with nothing beside it', { 'vercel.ts': '', 'api/cron.ts': '' }, ['vercel-json:']],
  // Vercel reads vercel.ts only at a project's Root Directory: deeper, a module of that name is the app's code.
  ["a module named vercel.ts in an app's src/, below the app's vercel.json", { 'vercel.json': '{}', 'package.json': NEXT, 'src/lib/vercel.ts': '' }, ['vercel-json:']],
  [
    'modules named vercel.ts, .js, .mjs deep in a monorepo',
    { 'package.json': NOT_NEXT, 'apps/web/package.json': NEXT, 'apps/web/utils/queue/vercel.ts': '', 'packages/env/package.json': NOT_NEXT, 'packages/env/src/modules/vercel.js': '', 'packages/api/src/lib/vercel.mjs': '' },
    ['app:apps/web'],
  ],
  ['a vercel.json deep without a package.json still roots its folder (it is reported where it is)', { 'package.json': NEXT, 'tools/deploy/vercel.json': '{}' }, ['vercel-json:tools/deploy', 'app:']],
  ["a vercel.toml in an app's app/ is its own project, as a vercel.json there", { 'package.json': NEXT, 'app/vercel.toml': '' }, ['vercel-json:app', 'app:']],
];

describe('projectRoots: the configuration file each project is read from', () => {
  it('the one a folder holds; of several, vercel.json, then vercel.ts…, then vercel.toml', () => {
    const files = ['a/vercel.toml', 'b/package.json', 'b/vercel.toml', 'b/vercel.ts', 'c/vercel.json', 'c/vercel.toml', 'c/vercel.mjs', 'd/package.json'];
    const roots = projectRoots(files, () => NEXT);
    assert.deepEqual(roots.map((r) => [r.dir, r.kind, r.config]), [['a', 'vercel-json', 'vercel.toml'], ['b', 'vercel-json', 'vercel.ts'], ['c', 'vercel-json', 'vercel.json'], ['d', 'app', undefined]]);
  });

  it('a vercel.ts that cannot be the configuration where it lies leaves the folder to the file that can', () => {
    const roots = projectRoots(['e/vercel.toml', 'e/vercel.ts'], () => undefined);
    assert.deepEqual(roots.map((r) => [r.dir, r.kind, r.config]), [['e', 'vercel-json', 'vercel.toml']]);
  });

  it('files listed for a project below the folder checked: its own vercel.ts counts only beside a package.json or next.config', () => {
    assert.deepEqual(projectRoots(['vercel.ts', 'api/a.ts'], () => undefined, false), []);
    assert.deepEqual(projectRoots(['vercel.ts', 'package.json'], () => NOT_NEXT, false).map((r) => `${r.kind}:${r.dir}`), ['vercel-json:']);
    assert.deepEqual(projectRoots(['vercel.json'], () => undefined, false).map((r) => `${r.kind}:${r.dir}`), ['vercel-json:']);
  });
});

describe('projectRoots: the projects below a folder, from its walk', () => {
  for (const [name, files, expected] of cases) {
    it(name, () => {
      const read: string[] = [];
      const roots = projectRoots(Object.keys(files).sort(), (file) => (read.push(file), files[file]));
      assert.deepEqual(roots.map((r) => `${r.kind}:${r.dir}`), expected);
      // package.json is read only where neither a vercel.json nor a next.config decides.
      for (const file of read) assert.ok(file.endsWith('package.json'), file);
    });
  }
});

describe('projectRootKind: the same answer folder by folder, as the editor asks', () => {
  for (const [name, files, expected] of cases) {
    it(name, () => {
      const facts = factsOf(files);
      const dirs = new Set(Object.keys(files).map((f) => (f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '')));
      const roots = [...dirs].flatMap((dir) => {
        const kind = projectRootKind(dir, facts);
        return kind ? [`${kind}:${dir}`] : [];
      });
      assert.deepEqual(roots.sort(), [...expected].sort());
    });
  }

  it('asks only for the folders it needs: the folder, then ancestors whose route folders hold it', () => {
    const asked: string[] = [];
    const kind = projectRootKind('apps/web', (dir) => (asked.push(dir), { vercelJson: false, nextApp: dir === 'apps/web' }));
    assert.equal(kind, 'app');
    assert.deepEqual(asked, ['apps/web']);
    asked.length = 0;
    assert.equal(projectRootKind('site/src/app/x', (dir) => (asked.push(dir), { vercelJson: false, nextApp: true })), undefined);
    // x is in the app/ of site/src, an app: that claims it, and nothing further up is asked.
    assert.deepEqual(asked, ['site/src/app/x', 'site/src']);
  });
});
