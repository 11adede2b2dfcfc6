import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { repoRoot } from '../support/repo';
import { loadScript } from './support';

interface State {
  state: 'current' | 'missing' | 'stale';
  reason: string;
}
interface EnsureDependencies {
  dependencyState(root: string): State;
  ensureDependencies(options: { root: string; install: (root: string) => void; log: (line: string) => void }): {
    installed: boolean;
    reason: string;
  };
}

const { dependencyState, ensureDependencies } = loadScript<EnsureDependencies>('scripts/ensureDependencies.mjs');

const LOCK = {
  name: 'app',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', dependencies: { a: '1.0.0' } },
    'node_modules/a': { version: '1.0.0', resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz', integrity: 'sha512-a' },
    'node_modules/@esbuild/darwin-arm64': { version: '0.28.2', integrity: 'sha512-d', optional: true },
  },
};
/** What npm records after installing LOCK on Linux: no root entry, no other platform's package. */
const RECORD = { name: 'app', lockfileVersion: 3, packages: { 'node_modules/a': LOCK.packages['node_modules/a'] } };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project folder; `record` (if given) is written `ageMs` before the lock file. */
function project(record?: object, ageMs = 0, lock: object = LOCK): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-deps-'));
  dirs.push(root);
  const lockFile = path.join(root, 'package-lock.json');
  fs.writeFileSync(lockFile, JSON.stringify(lock));
  if (record) {
    fs.mkdirSync(path.join(root, 'node_modules'));
    const recordFile = path.join(root, 'node_modules', '.package-lock.json');
    fs.writeFileSync(recordFile, JSON.stringify(record));
    const lockTime = fs.statSync(lockFile).mtime;
    const recordTime = new Date(lockTime.getTime() - ageMs);
    fs.utimesSync(recordFile, recordTime, recordTime);
  }
  return root;
}

/** An install that does what npm ci does to the record: writes it fresh. */
function fakeInstall(calls: string[]) {
  return (root: string) => {
    calls.push(root);
    fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), JSON.stringify(RECORD));
  };
}

describe('ensureDependencies (the install step of npm start and npm test)', () => {
  it('installs when node_modules is missing, with one line saying why', () => {
    const root = project();
    assert.equal(dependencyState(root).state, 'missing');
    const calls: string[] = [];
    const lines: string[] = [];
    const result = ensureDependencies({ root, install: fakeInstall(calls), log: (l) => lines.push(l) });
    assert.deepEqual(calls, [root]);
    assert.equal(result.installed, true);
    assert.deepEqual(lines, ['Installing dependencies from package-lock.json (npm ci): node_modules is missing.']);
    assert.equal(dependencyState(root).state, 'current');
  });

  it('is a silent no-op right after an install (CI has just run npm ci)', () => {
    const root = project(RECORD, -1000);
    const calls: string[] = [];
    const lines: string[] = [];
    assert.equal(ensureDependencies({ root, install: fakeInstall(calls), log: (l) => lines.push(l) }).installed, false);
    assert.deepEqual(calls, []);
    assert.deepEqual(lines, []);
  });

  it('reinstalls when package-lock.json is newer and lists other packages', () => {
    const changed = structuredClone(LOCK) as typeof LOCK;
    changed.packages['node_modules/a'] = { ...changed.packages['node_modules/a'], version: '1.0.1', integrity: 'sha512-b' };
    const root = project(RECORD, 60_000, changed);
    assert.equal(dependencyState(root).state, 'stale');
    const calls: string[] = [];
    ensureDependencies({ root, install: fakeInstall(calls), log: () => {} });
    assert.equal(calls.length, 1);
  });

  it('a newer package-lock.json that lists exactly the installed packages (a git checkout touched it) is current', () => {
    const root = project(RECORD, 60_000);
    assert.equal(dependencyState(root).state, 'current');
  });

  it('a removed package or a node_modules npm did not write counts as not installed', () => {
    assert.equal(
      dependencyState(project({ packages: { ...RECORD.packages, 'node_modules/gone': { version: '1.0.0' } } }, 60_000)).state,
      'stale',
    );
    const root = project();
    fs.mkdirSync(path.join(root, 'node_modules'));
    assert.equal(dependencyState(root).state, 'missing');
  });

  it("never reinstalls through a node_modules link (a worktree sharing another checkout's install)", () => {
    const shared = project();
    const root = project();
    fs.mkdirSync(path.join(shared, 'node_modules'));
    fs.symlinkSync(path.join(shared, 'node_modules'), path.join(root, 'node_modules'));
    const calls: string[] = [];
    const lines: string[] = [];
    assert.equal(ensureDependencies({ root, install: fakeInstall(calls), log: (l) => lines.push(l) }).installed, false);
    assert.deepEqual(calls, []);
    assert.match(lines[0]!, /node_modules is a link to .*; run `npm ci` there/);
  });

  it('npm start and npm test reach it before anything from node_modules: their static imports are node: built-ins only', () => {
    const root = repoRoot();
    const seen = new Set<string>();
    const bare: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
        const specifier = (match[1] ?? match[2])!;
        if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
        else if (!specifier.startsWith('node:')) bare.push(`${path.relative(root, file)}: ${specifier}`);
      }
    };
    for (const script of ['scripts/start.mjs', 'scripts/test.mjs', 'scripts/screenshot.mjs']) visit(path.join(root, script));
    assert.ok(seen.has(path.join(root, 'scripts', 'ensureDependencies.mjs')));
    assert.deepEqual(bare, []);
  });
});
