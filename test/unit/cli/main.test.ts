import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { repoRoot } from '../support/repo';

const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;

function runInProcess(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: os.tmpdir(), now: () => new Date('2026-11-28T01:48:00Z') });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('--version and -v', () => {
  it('package.json has a release version to print', () => {
    assert.match(PACKAGE_VERSION, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  for (const flag of ['--version', '-v']) {
    it(`${flag} prints the version from package.json and exits 0 (in-process)`, () => {
      assert.deepEqual(runInProcess([flag]), { code: 0, stdout: PACKAGE_VERSION, stderr: '' });
    });

    it(`${flag} prints the same through the bundle (dist/cli.js)`, () => {
      const result = spawnSync(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), flag], { encoding: 'utf8', cwd: os.tmpdir() });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${PACKAGE_VERSION}\n`);
      assert.equal(result.stderr, '');
    });
  }

  it('the usage text lists both spellings', () => {
    const { code, stdout } = runInProcess(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /^ +next-cron-routes --version \| -v +print the version$/m);
  });
});

describe('output into a pipe closed early', () => {
  it('check | head: no crash, the exit code check would give anyway', () => {
    // More output than a pipe buffers (over 64 KiB), so the reader is gone while check still writes.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-epipe-'));
    const lines = [`import cron from 'node-cron';`];
    for (let i = 0; i < 600; i++) lines.push(`export function job${i}() {}`, `cron.schedule('0 ${i % 24} * * *', job${i});`);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', dependencies: { next: '16.0.0', 'node-cron': '4.2.1' } }));
    fs.writeFileSync(path.join(project, 'vercel.json'), '{ "crons": [] }\n');
    fs.writeFileSync(path.join(project, 'instrumentation.ts'), `${lines.join('\n')}\n`);
    const cli = path.join(repoRoot(), 'dist', 'cli.js');
    for (const format of ['json', 'text']) {
      const whole = spawnSync(process.execPath, [cli, 'check', project, '--format', format, '--max-warnings', '0'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.ok(whole.stdout.length > 1 << 16, 'the output is larger than a pipe holds');
      const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" check "${project}" --format ${format} --max-warnings 0 | head -c 1 >/dev/null; exit "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
      assert.equal(piped.stderr, whole.stderr, `${format}: what check says on stderr, and no crash`);
      assert.equal(piped.status, whole.status, format);
      assert.equal(piped.status, 1, 'more warnings than --max-warnings allows');
    }
    fs.rmSync(project, { recursive: true, force: true });
  });
});
