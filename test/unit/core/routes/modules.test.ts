import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importSpecifier, resolveModule } from '../../../../src/core/routes/modules';
import { ProjectModel } from '../../../../src/core/vercel/projectModel';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';

function project(files: Record<string, string>): ProjectModel {
  return new ProjectModel(Object.keys(files), { readFile: (file) => files[file], loadTypeScript });
}

const FILES = {
  'app/api/cron/a/route.ts': '',
  'lib/auth.ts': '',
  'lib/cron/index.ts': '',
  'lib/legacy.js': '',
  'src/env.mjs': '',
  'index.ts': '',
  'packages/shared/verify.tsx': '',
};

describe('resolveModule', () => {
  const cases: [name: string, tsconfig: string | undefined, from: string, specifier: string, expected: string | undefined][] = [
    ['relative, up three folders', undefined, 'app/api/cron/a/route.ts', '../../../../lib/auth', 'lib/auth.ts'],
    ['relative to a folder index', undefined, 'app/api/cron/a/route.ts', '../../../../lib/cron', 'lib/cron/index.ts'],
    ['relative with a trailing slash', undefined, 'app/api/cron/a/route.ts', '../../../../lib/cron/', 'lib/cron/index.ts'],
    ['ESM style .js naming a .ts file', undefined, 'app/api/cron/a/route.ts', '../../../../lib/auth.js', 'lib/auth.ts'],
    ['a real .js file', undefined, 'app/api/cron/a/route.ts', '../../../../lib/legacy', 'lib/legacy.js'],
    ['the project root index from a root file', undefined, 'middleware.ts', './', 'index.ts'],
    ['a missing relative file', undefined, 'app/api/cron/a/route.ts', '../../../../lib/nothing', undefined],
    ['a package is not followed', '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }', 'app/api/cron/a/route.ts', 'next/server', undefined],
    ['a @/ alias', '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }', 'app/api/cron/a/route.ts', '@/lib/auth', 'lib/auth.ts'],
    ['an alias to a folder index', '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }', 'app/api/cron/a/route.ts', '@/lib/cron', 'lib/cron/index.ts'],
    ['an alias whose first target misses', '{ "compilerOptions": { "paths": { "~/*": ["./src/*", "./lib/*"] } } }', 'app/api/cron/a/route.ts', '~/auth', 'lib/auth.ts'],
    ['an exact alias', '{ "compilerOptions": { "paths": { "@shared": ["packages/shared/verify"] } } }', 'app/api/cron/a/route.ts', '@shared', 'packages/shared/verify.tsx'],
    ['baseUrl "." (the root), the commonest', '{ "compilerOptions": { "baseUrl": "." } }', 'app/api/cron/a/route.ts', 'lib/auth', 'lib/auth.ts'],
    ['baseUrl "." leaves packages alone', '{ "compilerOptions": { "baseUrl": "." } }', 'app/api/cron/a/route.ts', 'next/server', undefined],
    ['baseUrl "src"', '{ "compilerOptions": { "baseUrl": "src" } }', 'app/api/cron/a/route.ts', 'env', 'src/env.mjs'],
    ['no baseUrl: a bare specifier is a package', undefined, 'app/api/cron/a/route.ts', 'lib/auth', undefined],
    ['baseUrl with a dot segment', '{ "compilerOptions": { "baseUrl": "./src/.." } }', 'app/api/cron/a/route.ts', 'lib/auth', 'lib/auth.ts'],
    ['an alias to a missing file', '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }', 'app/api/cron/a/route.ts', '@/lib/db', undefined],
  ];
  for (const [name, tsconfig, from, specifier, expected] of cases) {
    it(name, () => {
      const files: Record<string, string> = { ...FILES, [from]: '' };
      if (tsconfig) files['tsconfig.json'] = tsconfig;
      assert.equal(resolveModule(project(files), from, specifier), expected);
    });
  }
});

describe('importSpecifier', () => {
  it('goes through a @/ alias when one maps there, without the extension or /index', () => {
    const aliased = project({ ...FILES, 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }' });
    assert.equal(importSpecifier(aliased, 'app/api/cron/a/route.ts', 'lib/cron/index.ts'), '@/lib/cron');
  });

  it('is relative otherwise', () => {
    assert.equal(importSpecifier(project(FILES), 'app/api/cron/a/route.ts', 'lib/auth.ts'), '../../../../lib/auth');
    assert.equal(importSpecifier(project(FILES), 'app/route.ts', 'app/lib/x.ts'), './lib/x');
  });
});
