import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkConfig, type Files, flagged, packageJson } from '../../../support/ruleHarness';

const JSON_CONFIG = '{\n  "crons": [{ "path": "/api/cron/a", "schedule": "0 3 * * *" }]\n}\n';
const TOML_CONFIG = '[[crons]]\npath = "/api/cron/a"\nschedule = "0 3 * * *"\n';
const TS_CONFIG = "export default { crons: [{ path: '/api/cron/a', schedule: '0 3 * * *' }] };\n";
const CONTENT: Record<string, string> = { 'vercel.json': JSON_CONFIG, 'vercel.toml': TOML_CONFIG, 'vercel.ts': TS_CONFIG, 'vercel.mjs': TS_CONFIG };

/** [configuration files in the folder, the one read, the others the finding names]. */
const CASES: readonly [present: string[], read: string, others: string[]][] = [
  [['vercel.json'], 'vercel.json', []],
  [['vercel.toml'], 'vercel.toml', []],
  [['vercel.ts'], 'vercel.ts', []],
  [['vercel.json', 'vercel.toml'], 'vercel.json', ['vercel.toml']],
  [['vercel.json', 'vercel.ts'], 'vercel.json', ['vercel.ts']],
  [['vercel.toml', 'vercel.ts'], 'vercel.ts', ['vercel.toml']],
  [['vercel.ts', 'vercel.mjs'], 'vercel.ts', ['vercel.mjs']],
  [['vercel.json', 'vercel.toml', 'vercel.ts'], 'vercel.json', ['vercel.ts', 'vercel.toml']],
];

function project(present: readonly string[], extra: Files = {}): Files {
  const files: Record<string, string> = { 'package.json': packageJson('16.0.0'), 'app/api/cron/a/route.ts': 'export async function GET() {\n  return Response.json({});\n}\n', ...extra };
  for (const name of present) files[name] = CONTENT[name]!;
  return files;
}

describe('multiple-config-files', () => {
  for (const [present, read, others] of CASES) {
    it(`${present.join(' + ')}: ${others.length ? `an error on ${read}` : 'silent'}`, () => {
      const text = CONTENT[read]!;
      const findings = checkConfig(read, text, { files: project(present) }).filter((f) => f.code === 'multiple-config-files');
      assert.equal(findings.length, others.length ? 1 : 0);
      const finding = findings[0];
      if (!finding) return;
      assert.equal(finding.severity, 'error');
      assert.equal(flagged(text, finding), text.split('\n')[0], 'on the first line of the file read');
      assert.deepEqual(finding.related?.map((r) => r.file), others);
      assert.match(finding.message, /allows only one configuration file/);
      assert.match(finding.message, new RegExp(`reads ${read.replace('.', '\\.')}`));
      assert.deepEqual(finding.fixes, [], 'which file to keep is the user’s merge');
    });
  }

  it('a configuration file in another folder is another project', () => {
    const findings = checkConfig('vercel.json', JSON_CONFIG, { files: project(['vercel.json'], { 'apps/web/vercel.toml': TOML_CONFIG }) });
    assert.deepEqual(findings.filter((f) => f.code === 'multiple-config-files'), []);
  });

  it('says nothing without the project: only the file is known', () => {
    assert.deepEqual(checkConfig('vercel.json', JSON_CONFIG).filter((f) => f.code === 'multiple-config-files'), []);
  });
});
