import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadTypeScript } from '../../../src/node/loadTypeScript';
import { HOT_MEMBERS, typeScriptView } from '../../../src/node/typeScriptView';
import { repoRoot } from '../support/repo';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `ts.isIdentifier`, `ts.SyntaxKind`: members read off the injected module (not `foo.ts.` in prose). */
function membersUsedInSrc(): Set<string> {
  const used = new Set<string>();
  for (const file of sourceFiles(path.join(repoRoot(), 'src'))) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/(?<![\w.])ts\.([A-Za-z_]\w*)/g)) used.add(match[1]!);
  }
  return used;
}

describe('typeScriptView', () => {
  // The module loadTypeScript loads when unbundled (tests).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const real = require('@ts-morph/common/dist/typescript') as typeof import('typescript');

  it('holds every TypeScript member src/ reads, so none takes the slow dictionary path', () => {
    const used = membersUsedInSrc();
    assert.ok(used.size > 20, `found only ${used.size} members: the scan is broken`);
    const missing = [...used].filter((name) => !(HOT_MEMBERS as readonly string[]).includes(name));
    assert.deepEqual(missing, [], 'add these to HOT_MEMBERS');
  });

  it('answers exactly as the module does: hot members are its own functions, the rest read through', () => {
    const view = typeScriptView(real);
    for (const name of HOT_MEMBERS) {
      assert.ok(Object.prototype.hasOwnProperty.call(view, name), name);
      assert.equal(view[name], real[name], name);
    }
    assert.equal(view.version, real.version);
    assert.equal(view.createScanner, real.createScanner);
    const sourceFile = view.createSourceFile('a.ts', 'const a = 1;', view.ScriptTarget.Latest);
    assert.ok(view.isVariableStatement(sourceFile.statements[0]!));
  });

  it('is what loadTypeScript hands out, once', () => {
    const ts = loadTypeScript();
    assert.equal(ts, loadTypeScript());
    assert.ok(Object.prototype.hasOwnProperty.call(ts, 'isIdentifier'));
    assert.equal(Object.getPrototypeOf(ts), real);
  });

  it('keeps V8 fast properties (the point of the view), unlike the module itself', () => {
    const script = `
      const real = require('@ts-morph/common/dist/typescript');
      const { typeScriptView } = require(${JSON.stringify(require.resolve('../../../src/node/typeScriptView'))});
      console.log(JSON.stringify([%HasFastProperties(typeScriptView(real)), %HasFastProperties(real)]));`;
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', script], { cwd: repoRoot(), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [true, false]);
  });
});
