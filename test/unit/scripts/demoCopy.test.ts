import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { repoRoot } from '../support/repo';
import { loadScript } from './support';

interface DemoCopy {
  prepareDemoCopy(options: { source: string; target: string; reset?: boolean }): { folder: string; action: 'copied' | 'kept' | 'reset' };
}
interface Demo {
  RESET_DEMO_FLAG: string;
  demoFolder(options: { args: string[]; env: Record<string, string>; copy: string; fresh?: boolean; log: (line: string) => void }): string;
}

const { prepareDemoCopy } = loadScript<DemoCopy>('scripts/e2e/demoCopy.mjs');
const { demoFolder, RESET_DEMO_FLAG } = loadScript<Demo>('scripts/e2e/demo.mjs');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-demo-'));
  dirs.push(dir);
  return dir;
}

function write(file: string, text: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Every file below `dir`, as sorted relative paths. */
function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** A demo source with what an app that has been run holds: dependencies and a build. */
function source(): string {
  const dir = path.join(tempDir(), 'demo-app');
  write(path.join(dir, 'vercel.json'), '{"crons":[]}');
  write(path.join(dir, '.vscode', 'settings.json'), '{}');
  write(path.join(dir, 'app', 'api', 'cron', 'route.ts'), 'export function GET() {}');
  write(path.join(dir, 'node_modules', 'next', 'package.json'), '{}');
  write(path.join(dir, '.next', 'cache', 'x'), '');
  write(path.join(dir, 'app', 'node_modules', 'y.js'), '');
  return dir;
}

const COPIED = ['.vscode/settings.json', 'app/api/cron/route.ts', 'vercel.json'];

describe('the demo working copy (npm start opens .cache/demo-app, never examples/demo-app)', () => {
  it('is copied when missing, without node_modules or .next at any depth', () => {
    const target = path.join(tempDir(), 'demo-app');
    assert.deepEqual(prepareDemoCopy({ source: source(), target }), { folder: target, action: 'copied' });
    assert.deepEqual(files(target), COPIED);
    assert.deepEqual(fs.readdirSync(path.dirname(target)), ['demo-app'], 'no staging folder left beside it');
  });

  it('an existing copy is left as the user left it, .env.local included', () => {
    const from = source();
    const target = path.join(tempDir(), 'demo-app');
    prepareDemoCopy({ source: from, target });
    write(path.join(target, 'vercel.json'), '{"crons":[{"path":"/api/cron","schedule":"0 3 * * *"}]}');
    write(path.join(target, '.env.local'), 'CRON_SECRET=s3cret-from-the-user');
    assert.equal(prepareDemoCopy({ source: from, target }).action, 'kept');
    assert.match(fs.readFileSync(path.join(target, 'vercel.json'), 'utf8'), /0 3/);
    assert.ok(fs.existsSync(path.join(target, '.env.local')));
  });

  it('reset replaces it with a fresh copy', () => {
    const from = source();
    const target = path.join(tempDir(), 'demo-app');
    prepareDemoCopy({ source: from, target });
    write(path.join(target, 'vercel.json'), 'edited');
    write(path.join(target, '.env.local'), 'CRON_SECRET=x');
    write(path.join(target, 'next-env.d.ts'), '');
    assert.equal(prepareDemoCopy({ source: from, target, reset: true }).action, 'reset');
    assert.deepEqual(files(target), COPIED);
    assert.equal(fs.readFileSync(path.join(target, 'vercel.json'), 'utf8'), '{"crons":[]}');
  });

  it('a missing source is an error, and leaves nothing behind', () => {
    const parent = tempDir();
    assert.throws(() => prepareDemoCopy({ source: path.join(parent, 'nope'), target: path.join(parent, 'demo-app') }), /does not exist/);
    assert.deepEqual(fs.readdirSync(parent), []);
  });

  it('npm start copies the real examples/demo-app, and --reset-demo starts it over', () => {
    const copy = path.join(tempDir(), 'demo-app');
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    assert.equal(demoFolder({ args: [], env: {}, copy, log }), copy);
    const tracked = files(path.join(repoRoot(), 'examples', 'demo-app')).filter((f) => !/(^|\/)(node_modules|\.next)\//.test(f));
    assert.deepEqual(files(copy), tracked);
    assert.ok(tracked.includes('vercel.json'));
    write(path.join(copy, '.env.local'), 'CRON_SECRET=x');
    demoFolder({ args: [], env: {}, copy, log });
    assert.ok(fs.existsSync(path.join(copy, '.env.local')), 'a second start keeps the copy');
    demoFolder({ args: [RESET_DEMO_FLAG], env: {}, copy, log });
    assert.ok(!fs.existsSync(path.join(copy, '.env.local')), '--reset-demo replaces it');
    assert.match(lines[0]!, /copy of examples\/demo-app; changes you make there stay out of git/);
    assert.match(lines[1]!, /as you left it \(`npm start -- --reset-demo` replaces it/);
    assert.match(lines[2]!, /a fresh copy of examples\/demo-app/);
  });

  it('npm start -- <folder> (or NCR_DEMO_FOLDER) opens that folder as it is; a reset of it, or an unknown option, is refused', () => {
    const own = tempDir();
    const copy = path.join(tempDir(), 'demo-app');
    const log = () => {};
    assert.equal(demoFolder({ args: [own], env: {}, copy, log }), own);
    assert.equal(demoFolder({ args: [], env: { NCR_DEMO_FOLDER: own }, copy, log }), own);
    assert.ok(!fs.existsSync(copy), 'no working copy is made for a folder of your own');
    assert.deepEqual(files(own), []);
    assert.throws(() => demoFolder({ args: [RESET_DEMO_FLAG, own], env: {}, copy, log }), /does not touch a folder of your own/);
    assert.throws(() => demoFolder({ args: ['--reset'], env: {}, copy, log }), /unknown option --reset/);
    assert.throws(() => demoFolder({ args: [path.join(own, 'missing')], env: {}, copy, log }), /does not exist/);
  });

  it('git ignores the working copy and what trying the demo in place would write', () => {
    const root = repoRoot();
    // .cache/ by its line: in a worktree that shares another checkout's cache it is a link, which git will not look through.
    assert.ok(fs.readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n').includes('.cache/'));
    const paths = ['examples/demo-app/.env.local', 'examples/demo-app/.env.development.local', 'examples/demo-app/next-env.d.ts'];
    const result = spawnSync('git', ['check-ignore', '--no-index', ...paths], { cwd: root, encoding: 'utf8' });
    assert.equal(result.error, undefined, 'git is needed for this check');
    assert.deepEqual(result.stdout.trim().split('\n'), paths);
  });
});
