/**
 * Where `fix` may write (WriteGuard) and how it writes (writeAll): only inside the real project
 * root, never through a symbolic link that leads out or nowhere, never through a link or into
 * something that is not a regular file, names that fit the file system; every file or none,
 * each atomically (#14 items 1 and 2).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { firstSyntaxError, WriteFailure, WriteGuard, writeAll } from '../../../src/cli/writes';

const TEMP: string[] = [];
after(() => {
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

function mkTemp(prefix: string): string {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  TEMP.push(folder);
  return folder;
}

/** Every entry below a folder (links not followed), to prove what a write did and did not leave. */
function entries(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const hasMkfifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

/** A project with every kind of path the guard must judge, and a folder outside it. */
function layout(): { root: string; outside: string } {
  const base = mkTemp('ncr-guard-');
  const root = path.join(base, 'project');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'app'), { recursive: true });
  fs.mkdirSync(path.join(root, 'real', 'lib'), { recursive: true });
  fs.mkdirSync(path.join(root, 'dir.ts'));
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(root, 'file.txt'), 'x');
  fs.symlinkSync(outside, path.join(root, 'out'));
  fs.symlinkSync(path.join(root, 'real'), path.join(root, 'in'));
  fs.symlinkSync(path.join(root, 'file.txt'), path.join(root, 'infile'));
  fs.symlinkSync('../outside', path.join(root, 'relative-out'));
  fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling'));
  fs.symlinkSync('loop', path.join(root, 'loop'));
  fs.symlinkSync(path.join(root, 'file.txt'), path.join(root, 'linkfile'));
  if (hasMkfifo) assert.equal(spawnSync('mkfifo', [path.join(root, 'fifo')]).status, 0);
  return { root, outside };
}

describe('WriteGuard', () => {
  const { root, outside } = layout();
  const guard = new WriteGuard(root, (file) => path.relative(root, file).split(path.sep).join('/'));
  const long = 's/'.repeat(10_000);
  const cases: [file: string, refusal: string | undefined][] = [
    ['app/api/cron/x/route.ts', undefined],
    ['file.txt', undefined],
    ['in/lib/cron-monitoring.ts', undefined],
    ['in/new/deeper/x.ts', undefined],
    ['../x.ts', `it is outside the project (${root})`],
    ['app/../../x.ts', `it is outside the project (${root})`],
    [outside, `it is outside the project (${root})`],
    ['', `it is outside the project (${root})`],
    ['out/x.ts', `out is a symbolic link to ${outside}, outside the project (${root})`],
    ['out/a/b/x.ts', `out is a symbolic link to ${outside}, outside the project (${root})`],
    ['relative-out/x.ts', `relative-out is a symbolic link to ${outside}, outside the project (${root})`],
    ['dangling/route.ts', 'dangling is a symbolic link that leads nowhere'],
    ['loop/route.ts', 'loop is a symbolic link that leads nowhere'],
    ['dangling', 'it is a symbolic link, and fix writes no file through one'],
    ['linkfile', 'it is a symbolic link, and fix writes no file through one'],
    ['dir.ts', 'it is not a regular file'],
    ['file.txt/x.ts', 'file.txt is not a folder'],
    ['infile/x.ts', 'infile is not a folder'],
    [`app/${'n'.repeat(256)}.ts`, `the name "${'n'.repeat(60)}…${'n'.repeat(57)}.ts (259 characters)" is 259 bytes long, and file systems accept 255`],
    [`app/${'é'.repeat(128)}`, `the name "${'é'.repeat(128)}" is 256 bytes long, and file systems accept 255`],
    [`app/${long}route.ts`, `its path would be ${Buffer.byteLength(path.join(root, 'app', long, 'route.ts'))} bytes long, and file systems accept 4095`],
  ];
  if (hasMkfifo) cases.push(['fifo', 'it is not a regular file']);
  for (const [file, refusal] of cases) {
    it(`${file.length > 60 ? `${file.slice(0, 40)}… (${file.length} characters)` : file || '(the root)'} → ${refusal ?? 'allowed'}`, () => {
      assert.equal(guard.refusal(path.resolve(root, file)), refusal);
    });
  }

  it('a checked folder reached through a symbolic link is judged by its real path', () => {
    const link = path.join(mkTemp('ncr-guard-link-'), 'project');
    fs.symlinkSync(root, link);
    const linked = new WriteGuard(link, (file) => path.relative(link, file));
    assert.equal(linked.realRoot, root);
    assert.equal(linked.refusal(path.join(link, 'app/x/route.ts')), undefined);
    assert.match(linked.refusal(path.join(link, 'out/x.ts'))!, /outside the project/);
  });
});

describe('writeAll', () => {
  it('writes new and existing files, makes their folders, keeps an edited file’s permissions, leaves no temporary file', () => {
    const root = mkTemp('ncr-write-');
    fs.writeFileSync(path.join(root, 'run.sh'), 'old\n', { mode: 0o755 });
    fs.chmodSync(path.join(root, 'run.sh'), 0o755);
    const guard = new WriteGuard(root, (f) => f);
    writeAll(
      [
        { file: path.join(root, 'run.sh'), content: 'new\n' },
        { file: path.join(root, 'app/api/cron/x/route.ts'), content: 'export {};\n' },
      ],
      guard,
    );
    assert.equal(fs.readFileSync(path.join(root, 'run.sh'), 'utf8'), 'new\n');
    assert.equal(fs.statSync(path.join(root, 'run.sh')).mode & 0o777, 0o755);
    assert.equal(fs.readFileSync(path.join(root, 'app/api/cron/x/route.ts'), 'utf8'), 'export {};\n');
    assert.deepEqual(entries(root), ['app', 'app/api', 'app/api/cron', 'app/api/cron/x', 'app/api/cron/x/route.ts', 'run.sh']);
  });

  it('a file that may not be written when its turn comes: nothing is written, the folders made for the others are gone', () => {
    const root = mkTemp('ncr-write-');
    fs.writeFileSync(path.join(root, 'vercel.json'), '{}\n');
    fs.writeFileSync(path.join(root, 'lib'), 'a file where a folder is needed\n');
    const before = entries(root);
    const guard = new WriteGuard(root, (f) => path.relative(root, f));
    assert.throws(
      () =>
        writeAll(
          [
            { file: path.join(root, 'app/api/cron/x/route.ts'), content: 'export {};\n' },
            { file: path.join(root, 'lib/cron-monitoring.ts'), content: 'export {};\n' },
            { file: path.join(root, 'vercel.json'), content: '{ "crons": [] }\n' },
          ],
          guard,
        ),
      (error: unknown) => error instanceof WriteFailure && error.file === path.join(root, 'lib/cron-monitoring.ts') && error.reason === 'lib is not a folder',
    );
    assert.deepEqual(entries(root), before, 'no route, no app/ folder, no temporary file');
    assert.equal(fs.readFileSync(path.join(root, 'vercel.json'), 'utf8'), '{}\n');
  });

  it('the guard is asked again at write time: a folder swapped for a link out since the plan is refused', () => {
    const root = mkTemp('ncr-write-');
    const outside = mkTemp('ncr-write-outside-');
    fs.mkdirSync(path.join(root, 'lib'));
    const guard = new WriteGuard(root, (f) => path.relative(root, f));
    const file = path.join(root, 'lib/cron-monitoring.ts');
    assert.equal(guard.refusal(file), undefined, 'allowed when planned');
    fs.rmdirSync(path.join(root, 'lib'));
    fs.symlinkSync(outside, path.join(root, 'lib'));
    assert.throws(() => writeAll([{ file, content: 'export {};\n' }], guard), WriteFailure);
    assert.deepEqual(entries(outside), []);
  });
});

describe('firstSyntaxError', () => {
  const cases: [file: string, text: string, error: string | undefined][] = [
    ['route.ts', 'export const a = 1;\n', undefined],
    ['route.ts', "const s = '0 3 * * *\n';\n", '1:21 Unterminated string literal.'],
    ['route.js', 'export const a = (1;\n', "1:20 ')' expected."],
    ['route.tsx', 'export const a = <div>{1}</div>;\n', undefined],
    ['vercel.json', '{ "crons": [], }\n', undefined],
    ['vercel.json', '{ // a comment\n "crons": [] }\n', undefined],
    ['vercel.json', '{ "crons": [ }\n', '1:14 ValueExpected'],
    ['.env', 'CRON_SECRET=\n', undefined],
    ['vercel.toml', '[[schedules]]\nname = "a"\n', undefined],
    ['vercel.toml', '[[schedules]]\nname = "a\n', '2:10 Unterminated string constant'],
    ['route.ts', `export const a = ${'['.repeat(300)}${']'.repeat(300)};\n`, '1:274 nested deeper than TypeScript can parse'],
  ];
  for (const [file, text, error] of cases) it(`${file}: ${JSON.stringify(text).slice(0, 40)} → ${error ?? 'parses'}`, () => assert.equal(firstSyntaxError(file, text), error));
});
