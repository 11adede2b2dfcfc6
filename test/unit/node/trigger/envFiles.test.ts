import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ENV_FILE_MAX_BYTES, loadCronSecret, loadCronSecretSync, NEXT_DEV_ENV_FILES, pickCronSecret } from '../../../../src/node/trigger/envFiles';

const TEMP: string[] = [];
after(() => {
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

function app(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-env-'));
  TEMP.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('CRON_SECRET from env files, in next dev order', () => {
  it('is the order @next/env uses in development', () => {
    assert.deepEqual([...NEXT_DEV_ENV_FILES], ['.env.development.local', '.env.local', '.env.development', '.env']);
  });

  const cases: [string, Record<string, string>, string | undefined, string][] = [
    ['.env.local wins over .env', { '.env': 'CRON_SECRET=from-dot-env\n', '.env.local': 'CRON_SECRET=from-local\n' }, 'from-local', '.env.local'],
    ['.env.development.local wins over everything', { '.env': 'CRON_SECRET=a', '.env.local': 'CRON_SECRET=b', '.env.development': 'CRON_SECRET=c', '.env.development.local': 'CRON_SECRET=d' }, 'd', '.env.development.local'],
    ['.env.development over .env', { '.env': 'CRON_SECRET=a', '.env.development': 'CRON_SECRET=c' }, 'c', '.env.development'],
    ['a file without the key is skipped', { '.env.local': 'OTHER=1\n', '.env': 'CRON_SECRET=from-dot-env' }, 'from-dot-env', '.env'],
    ['dotenv syntax: quotes, export, comments', { '.env.local': '# comment\nexport CRON_SECRET="quoted value#1" # trailing\n' }, 'quoted value#1', '.env.local'],
  ];
  for (const [name, files, value, file] of cases) {
    it(name, async () => {
      const dir = app(files);
      for (const loaded of [loadCronSecretSync(dir), await loadCronSecret(dir)]) {
        assert.equal(loaded.value, value);
        assert.deepEqual(loaded.source, { kind: 'env-file', file, length: value!.length });
      }
    });
  }

  it('an empty value in a higher file wins and means "not set", as for the dev server', () => {
    const loaded = loadCronSecretSync(app({ '.env.local': 'CRON_SECRET=\n', '.env': 'CRON_SECRET=lower' }));
    assert.equal(loaded.value, undefined);
    assert.deepEqual(loaded.source, { kind: 'empty', file: '.env.local' });
  });

  it('none found lists the files searched', () => {
    const loaded = loadCronSecretSync(app({}));
    assert.equal(loaded.value, undefined);
    assert.deepEqual(loaded.source, { kind: 'none', searched: [...NEXT_DEV_ENV_FILES] });
  });

  it('never writes process.env, unlike @next/env loadEnvConfig', async () => {
    const before = { ...process.env };
    const dir = app({ '.env.local': 'CRON_SECRET=must-not-leak-0000\nOTHER_VAR=x\n' });
    loadCronSecretSync(dir);
    await loadCronSecret(dir);
    pickCronSecret([{ file: '.env', text: 'CRON_SECRET=also-not\n' }]);
    assert.deepEqual({ ...process.env }, before);
    assert.ok(!Object.values(process.env).includes('must-not-leak-0000'));
  });
});

describe('env files that are not plain files are skipped, never silently (issue #14 C)', () => {
  const posix = process.platform !== 'win32';
  const LOWER = 'CRON_SECRET=from-dot-env-0000\n';

  async function both(dir: string) {
    return [loadCronSecretSync(dir), await loadCronSecret(dir)];
  }

  it('a FIFO named .env.local: skipped at once by both loaders (run in a child process, so a hang fails instead of stalling the tests)', { skip: !posix }, () => {
    const dir = app({ '.env': LOWER });
    execFileSync('mkfifo', [path.join(dir, '.env.local')]);
    const loader = require.resolve('../../../../src/node/trigger/envFiles');
    const script = `const m = require(${JSON.stringify(loader)}); (async () => process.stdout.write(JSON.stringify([m.loadCronSecretSync(process.argv[1]), await m.loadCronSecret(process.argv[1])])))();`;
    const result = spawnSync(process.execPath, ['-e', script, dir], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.signal, null, 'a loader hung on the FIFO');
    for (const loaded of JSON.parse(result.stdout) as ReturnType<typeof loadCronSecretSync>[]) {
      assert.equal(loaded.value, 'from-dot-env-0000', 'the next file in order is used');
      assert.deepEqual(loaded.warnings, [`${path.join(dir, '.env.local')} is not a regular file (a FIFO); skipped`]);
    }
  });

  it('over 1 MiB: skipped with a warning that quotes none of it; exactly 1 MiB is read', async () => {
    const line = 'CRON_SECRET=from-the-big-file-0\n';
    const big = app({ '.env.local': line + '#'.repeat(ENV_FILE_MAX_BYTES + 1 - line.length), '.env': LOWER });
    for (const loaded of await both(big)) {
      assert.equal(loaded.value, 'from-dot-env-0000');
      assert.deepEqual(loaded.warnings, [`${path.join(big, '.env.local')} is larger than 1 MiB; skipped`]);
    }
    const fits = app({ '.env.local': line + '#'.repeat(ENV_FILE_MAX_BYTES - line.length) });
    for (const loaded of await both(fits)) {
      assert.equal(loaded.value, 'from-the-big-file-0');
      assert.deepEqual(loaded.warnings, []);
    }
  });

  it('unreadable: a warning naming the file and the error, and the next file in order', { skip: !posix }, async () => {
    const loop = app({ '.env': LOWER });
    fs.symlinkSync('.env.local', path.join(loop, '.env.local'));
    for (const loaded of await both(loop)) {
      assert.equal(loaded.value, 'from-dot-env-0000');
      assert.deepEqual(loaded.warnings, [`${path.join(loop, '.env.local')} could not be read (ELOOP); skipped`]);
    }
    if (process.getuid?.() !== 0) {
      const locked = app({ '.env.local': 'CRON_SECRET=locked-0000\n', '.env': LOWER });
      fs.chmodSync(path.join(locked, '.env.local'), 0o000);
      for (const loaded of await both(locked)) assert.deepEqual(loaded.warnings, [`${path.join(locked, '.env.local')} could not be read (EACCES); skipped`]);
    }
  });

  it('a directory is skipped with a warning; a link to a regular file is read, as Next does; missing files say nothing', { skip: !posix }, async () => {
    const dir = app({ '.env': LOWER, 'shared.env': 'CRON_SECRET=through-the-link-0\n' });
    fs.mkdirSync(path.join(dir, '.env.development.local'));
    fs.symlinkSync('shared.env', path.join(dir, '.env.local'));
    for (const loaded of await both(dir)) {
      assert.equal(loaded.value, 'through-the-link-0');
      assert.deepEqual(loaded.source, { kind: 'env-file', file: '.env.local', length: 18 });
      assert.deepEqual(loaded.warnings, [`${path.join(dir, '.env.development.local')} is not a regular file (a directory); skipped`]);
    }
    for (const loaded of await both(app({}))) assert.deepEqual(loaded.warnings, []);
  });
});
