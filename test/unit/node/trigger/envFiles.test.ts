import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCronSecret, loadCronSecretSync, NEXT_DEV_ENV_FILES, pickCronSecret } from '../../../../src/node/trigger/envFiles';

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
