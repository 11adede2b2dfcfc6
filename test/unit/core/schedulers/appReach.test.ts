import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appReach, isClientModule } from '../../../../src/core/schedulers/appReach';
import { ProjectModel } from '../../../../src/core/vercel/projectModel';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';

function model(files: Map<string, string>): ProjectModel {
  return new ProjectModel([...files.keys()], { readFile: (file) => files.get(file), loadTypeScript });
}

describe('appReach: the files a Next.js app runs', () => {
  it('follows static, dynamic and require imports from the entries, and not a commented one or a client module\'s', () => {
    const files = new Map([
      ['package.json', '{ "dependencies": { "next": "15.0.0" } }'],
      ['app/page.tsx', "import { a } from '../lib/a';\n// import '../lib/commented';\nexport default function Page() {\n  return a;\n}\n"],
      ['lib/a.ts', "export const a = 1;\nconst b = require('./b');\nexport async function later() {\n  return import('./c');\n}\n"],
      ['lib/b.js', 'module.exports = 2;\n'],
      ['lib/c.ts', "import '../components/Widget';\nexport {};\n"],
      ['components/Widget.tsx', "'use client';\nimport '../lib/browserOnly';\nexport function Widget() {}\n"],
      ['lib/browserOnly.ts', 'export {};\n'],
      ['lib/commented.ts', 'export {};\n'],
      ['scripts/worker.ts', "import '../lib/a';\n"],
    ]);
    const reach = appReach(model(files));
    assert.deepEqual([...reach.entryOf.keys()].sort(), ['app/page.tsx', 'components/Widget.tsx', 'lib/a.ts', 'lib/b.js', 'lib/c.ts']);
    assert.equal(reach.entryOf.get('lib/c.ts'), 'app/page.tsx');
  });

  it('is walked once per project state: the same answer while nothing changed, a new one after an edit', () => {
    const files = new Map([
      ['package.json', '{ "dependencies": { "next": "15.0.0" } }'],
      ['app/page.tsx', 'export default function Page() {\n  return null;\n}\n'],
      ['lib/a.ts', 'export const a = 1;\n'],
    ]);
    const project = model(files);
    const first = appReach(project);
    assert.equal(appReach(project), first);
    assert.equal(first.entryOf.has('lib/a.ts'), false);
    files.set('app/page.tsx', "import '../lib/a';\nexport default function Page() {\n  return null;\n}\n");
    project.fileChanged('app/page.tsx');
    const second = appReach(project);
    assert.notEqual(second, first);
    assert.equal(second.entryOf.get('lib/a.ts'), 'app/page.tsx');
  });

  it("reads 'use client' only in the directive prologue", () => {
    assert.equal(isClientModule("/* header */\n'use strict';\n\"use client\";\nexport {};"), true);
    assert.equal(isClientModule("export const note = 'use client';\n"), false);
    assert.equal(isClientModule("// 'use client' is not needed here\nexport {};"), false);
  });
});
