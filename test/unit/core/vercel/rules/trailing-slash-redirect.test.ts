import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trailingSlashRedirectRule } from '../../../../../src/core/vercel/rules/trailing-slash-redirect';
import { applyJsonFix, assertJsonFixSettles, cronJson, type Files, fixtureFiles, flagged, jsonFindingsOf, singleInJson } from '../../../support/ruleHarness';

const ROUTE = 'export async function GET() {\n  return Response.json({ ok: true });\n}\n';

function app(config: string | undefined): Files {
  const files: Record<string, string> = { 'tsconfig.json': '{}', 'app/api/cron/job/route.ts': ROUTE };
  if (config !== undefined) files['next.config.js'] = `/** @type {import('next').NextConfig} */\nmodule.exports = ${config};\n`;
  return files;
}

interface Case {
  config: string | undefined;
  path: string;
  fixed: string | null;
}

describe('trailing-slash-redirect', () => {
  const cases: Case[] = [
    // trailingSlash: false (the default): no slash at the end
    { config: undefined, path: '/api/cron/job', fixed: null },
    { config: undefined, path: '/api/cron/job?x=1', fixed: null },
    { config: undefined, path: '/api/cron/job/', fixed: '/api/cron/job' },
    { config: '{ trailingSlash: false }', path: '/api/cron/job/', fixed: '/api/cron/job' },
    { config: undefined, path: '/api/cron/job/?x=1', fixed: '/api/cron/job?x=1' },
    { config: undefined, path: '/api/cron/job/#now', fixed: '/api/cron/job#now' },
    { config: undefined, path: '/', fixed: null },
    // trailingSlash: true: the slash goes before any query string
    { config: '{ trailingSlash: true }', path: '/api/cron/job/', fixed: null },
    { config: '{ trailingSlash: true }', path: '/api/cron/job/?x=1', fixed: null },
    { config: '{ trailingSlash: true }', path: '/api/cron/job', fixed: '/api/cron/job/' },
    { config: '{ trailingSlash: true }', path: '/api/cron/job?team=T1&full=1', fixed: '/api/cron/job/?team=T1&full=1' },
    { config: '{ trailingSlash: true }', path: '/api/cron/job#now', fixed: '/api/cron/job/#now' },
    { config: '{ trailingSlash: true }', path: '/', fixed: null },
    // skipTrailingSlashRedirect: Next answers both
    { config: '{ trailingSlash: true, skipTrailingSlashRedirect: true }', path: '/api/cron/job', fixed: null },
    { config: '{ skipTrailingSlashRedirect: true }', path: '/api/cron/job/', fixed: null },
  ];
  for (const c of cases) {
    it(`${c.config ?? 'no next.config'}: ${c.path} → ${c.fixed ?? 'fine'}`, () => {
      const files = app(c.config);
      const text = cronJson('0 3 * * *', c.path);
      if (c.fixed === null) {
        assert.deepEqual(jsonFindingsOf('trailing-slash-redirect', text, { files }), []);
        return;
      }
      const finding = singleInJson('trailing-slash-redirect', text, { files });
      assert.equal(flagged(text, finding), JSON.stringify(c.path));
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, /308/);
      assert.equal(finding.fixes.length, 1);
      const fix = finding.fixes[0]!;
      assert.equal(fix.safe, true, 'the slash that avoids the redirect is what the job already meant');
      assert.equal(fix.title, `Change to "${c.fixed}"`);
      assert.equal(applyJsonFix(text, fix), cronJson('0 3 * * *', c.fixed));
      assertJsonFixSettles('trailing-slash-redirect', text, fix, { files });
    });
  }

  it('also for a path no route serves (the redirect happens first)', () => {
    const text = cronJson('0 3 * * *', '/api/cron/missing/');
    assert.equal(jsonFindingsOf('trailing-slash-redirect', text, { files: app(undefined) }).length, 1);
  });

  it('is not reported without a project, nor for invalid paths', () => {
    assert.deepEqual(jsonFindingsOf('trailing-slash-redirect', cronJson('0 3 * * *', '/api/cron/job/')), []);
    assert.deepEqual(jsonFindingsOf('trailing-slash-redirect', cronJson('0 3 * * *', 'api/cron/job/'), { files: app(undefined) }), []);
  });

  it('the trailing-slash fixtures, each way', () => {
    const table: [string, string[][]][] = [
      [
        'trailing-slash-true',
        [
          ['"/api/cron/digest"', '/api/cron/digest/'],
          ['"/api/cron/warm-cache?region=iad1"', '/api/cron/warm-cache/?region=iad1'],
        ],
      ],
      [
        'trailing-slash-false',
        [
          ['"/api/cron/digest/"', '/api/cron/digest'],
          ['"/api/cron/warm-cache/?region=iad1"', '/api/cron/warm-cache?region=iad1'],
        ],
      ],
    ];
    for (const [fixture, expected] of table) {
      const files = fixtureFiles(fixture);
      const text = files['vercel.json']!;
      const findings = jsonFindingsOf('trailing-slash-redirect', text, { files });
      assert.deepEqual(
        findings.map((f) => [flagged(text, f), f.fixes[0]!.title.replace(/^Change to "(.*)"$/, '$1')]),
        expected,
        fixture,
      );
    }
  });

  it('basePath: the path after basePath decides', () => {
    const files: Files = { ...app(undefined), 'next.config.mjs': "export default { basePath: '/docs', trailingSlash: true };\n" };
    const text = cronJson('0 3 * * *', '/docs/api/cron/job');
    const finding = singleInJson('trailing-slash-redirect', text, { files });
    assert.equal(applyJsonFix(text, finding.fixes[0]!), cronJson('0 3 * * *', '/docs/api/cron/job/'));
  });

  it('a project without Next.js: no Next.js redirect to warn about (issue #15, shape 12)', () => {
    const files: Files = { 'package.json': JSON.stringify({ devDependencies: { '@vercel/node': '5.3.24' } }), 'api/cron/job.ts': ROUTE };
    assert.deepEqual(jsonFindingsOf('trailing-slash-redirect', cronJson('0 3 * * *', '/api/cron/job/'), { files }), []);
  });

  it('rule module: project scope, one code', () => {
    assert.deepEqual(trailingSlashRedirectRule.codes, ['trailing-slash-redirect']);
    assert.equal(trailingSlashRedirectRule.scope, 'project');
  });
});
