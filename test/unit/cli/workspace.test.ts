import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { projectPaths } from '../../../src/cli/workspace';

describe('projectPaths', () => {
  const roots = ['/work/app', '/work/app/', '/', '.', '', 'apps/web', './apps/web', '/work/./app', '/work/x/../app', '/work//app'];
  const files = ['app/api/cron/a/route.ts', 'vercel.json', 'package.json', 'node_modules/next/package.json', './lib/a.ts', 'lib/../a.ts', 'a//b.ts', '/abs.ts', 'dir/', '.env', '.env.local', '..', '.', '', 'a/.hidden/b.ts', 'a/..b/c.ts'];
  it('is path.join on every root and name, clean or not', () => {
    for (const root of roots) {
      const inRoot = projectPaths(root);
      for (const file of files) assert.equal(inRoot(file), path.join(root, file), `${root} + ${file}`);
    }
  });

  it('is path.join on arbitrary names of path characters', () => {
    const segment = fc.string({ unit: fc.constantFrom('a', 'b', '.', '/', '-', '_'), maxLength: 12 });
    fc.assert(fc.property(fc.constantFrom(...roots), segment, (root, file) => projectPaths(root)(file) === path.join(root, file)), { numRuns: 3000 });
  });
});
