/**
 * vercel-json-outside-app: a vercel.json in a monorepo's root, above the Next.js app, is never
 * read by Vercel (it reads the file from the project's Root Directory, the app's folder). The
 * rule says so once, naming the app folder(s); the rules that need the app to be here stay silent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vercelJsonOutsideAppRule } from '../../../../../src/core/vercel/rules/vercel-json-outside-app';
import { checkJson, type Files, fixtureFiles, flagged, summary } from '../../../support/ruleHarness';

const pkg = (json: object) => JSON.stringify(json);
const ROUTE = 'export async function GET() {\n  return Response.json({ ok: true });\n}\n';
const ROOT: Files = { 'package.json': pkg({ private: true, workspaces: ['apps/*', 'packages/*'], devDependencies: { turbo: '2.0.0' } }) };
const WEB: Files = {
  'apps/web/package.json': pkg({ dependencies: { next: '16.0.0' } }),
  'apps/web/app/api/cron/digest/route.ts': ROUTE,
};
const ADMIN: Files = {
  'apps/admin/package.json': pkg({ dependencies: { next: '16.0.0' } }),
  'apps/admin/app/api/cron/audit/route.ts': ROUTE,
};

const CRONS = JSON.stringify(
  {
    functions: { 'app/api/cron/**': { maxDuration: 60 }, 'api/*.ts': { maxDuration: 10 } },
    crons: [
      { path: '/api/cron/digest', schedule: '0 8 * * *' },
      { path: '/api/cron/digest/', schedule: '0 9 * * *' },
      { path: '/api/cron/audit', schedule: '0 10 * * MON' },
    ],
  },
  null,
  2,
);

describe('vercel-json-outside-app: a root vercel.json above the app', () => {
  it('one app: said once on "crons", naming apps/web; no other project rule speaks', () => {
    const findings = checkJson(CRONS, { files: { ...ROOT, ...WEB } });
    // invalid-schedule (MON) is the file's own: it holds wherever the file goes.
    assert.deepEqual(summary(CRONS, findings), [
      ['vercel-json-outside-app', 'warning', '"crons"'],
      ['invalid-schedule', 'error', 'MON'],
    ]);
    const [finding] = findings;
    assert.match(finding!.message, /Vercel never reads this vercel\.json, so its crons never run/);
    assert.match(finding!.message, /the app is in apps\/web/);
    assert.match(finding!.message, /Move it to apps\/web\/vercel\.json and set the Vercel project's Root Directory to apps\/web\./);
    assert.deepEqual(finding!.fixes, []);
  });

  it('the app has a vercel.json of its own: move the contents into it', () => {
    const [finding] = checkJson(CRONS, { files: { ...ROOT, ...WEB, 'apps/web/vercel.json': '{}' } }).filter((f) => f.code === 'vercel-json-outside-app');
    assert.match(finding!.message, /Move its contents into apps\/web\/vercel\.json/);
  });

  it('several apps: names them all', () => {
    const [finding] = checkJson(CRONS, { files: { ...ROOT, ...WEB, ...ADMIN } }).filter((f) => f.code === 'vercel-json-outside-app');
    assert.match(finding!.message, /the Next\.js apps are in apps\/admin and apps\/web/);
  });

  it('no crons: nothing in it applies; said at the file start', () => {
    const text = '{ "functions": { "app/api/**": { "maxDuration": 60 } } }';
    const findings = checkJson(text, { files: { ...ROOT, ...WEB } });
    assert.deepEqual(summary(text, findings), [['vercel-json-outside-app', 'warning', '{']]);
    assert.match(findings[0]!.message, /so nothing in it applies/);
  });

  it('the last "crons" key is flagged (JSON.parse keeps the last)', () => {
    const text = '{ "crons": [], "crons": [{ "path": "/api/cron/digest", "schedule": "0 8 * * *" }] }';
    const [finding] = checkJson(text, { files: { ...ROOT, ...WEB } });
    assert.equal(finding!.span.start, text.lastIndexOf('"crons"'));
    assert.equal(flagged(text, finding!), '"crons"');
  });

  it('the rule setting turns it off or changes its severity', () => {
    assert.deepEqual(checkJson(CRONS, { files: { ...ROOT, ...WEB }, rules: { 'vercel-json-outside-app': 'off' } }).map((f) => f.code), ['invalid-schedule']);
    assert.equal(checkJson(CRONS, { files: { ...ROOT, ...WEB }, rules: { 'vercel-json-outside-app': 'error' } })[0]!.severity, 'error');
  });
});

describe('vercel-json-outside-app: precision (the file is, or may be, read)', () => {
  const cases: [name: string, files: Files, text?: string][] = [
    ['the app itself: root package.json has next', { 'package.json': pkg({ workspaces: ['apps/*'], dependencies: { next: '16.0.0' } }), 'app/api/cron/digest/route.ts': ROUTE, ...WEB }],
    ['the app itself: a next.config at the root', { ...ROOT, 'next.config.ts': 'export default {};\n', ...WEB }],
    ['the app itself: app/ at the root', { ...ROOT, 'app/api/cron/digest/route.ts': ROUTE, ...WEB }],
    ['an app folder whose vercel.json goes up to build (cd ../..)', { 'package.json': pkg({ dependencies: { next: '16.0.0' } }), 'app/api/cron/digest/route.ts': ROUTE }, JSON.stringify({ buildCommand: 'cd ../.. && turbo run build --filter=web', crons: [{ path: '/api/cron/digest', schedule: '0 8 * * *' }] })],
    ['no app below', { ...ROOT, 'packages/ui/package.json': pkg({}) }],
    ['not a workspace root: cannot tell', { 'package.json': pkg({ name: 'site' }), ...WEB }],
    ['a root that serves api/ functions of its own', { ...ROOT, ...WEB, 'api/cron/digest.ts': ROUTE }],
    ['a root that runs Hono', { 'package.json': pkg({ workspaces: ['apps/*'], dependencies: { hono: '4.0.0' } }), ...WEB }],
    ['a root vercel.json that builds from the root', { ...ROOT, ...WEB }, JSON.stringify({ buildCommand: 'turbo run build --filter=web', outputDirectory: 'apps/web/.next', crons: [{ path: '/api/cron/digest', schedule: '0 8 * * *' }] })],
    ['an app outside the workspace globs (an example)', { ...ROOT, 'examples/blog/package.json': pkg({ dependencies: { next: '16.0.0' } }) }],
  ];
  for (const [name, files, text = CRONS] of cases) {
    it(name, () => assert.deepEqual(checkJson(text, { files }).filter((f) => f.code === 'vercel-json-outside-app'), []));
  }

  it('text only (no project): not reported', () => {
    assert.deepEqual(checkJson(CRONS).filter((f) => f.code === 'vercel-json-outside-app'), []);
  });

  it('the monorepo fixture (a vercel.json in each app) has none', () => {
    const files = fixtureFiles('monorepo');
    for (const app of ['apps/web', 'apps/admin']) {
      const inApp = Object.fromEntries(Object.entries(files).filter(([f]) => f.startsWith(`${app}/`)).map(([f, t]) => [f.slice(app.length + 1), t]));
      assert.deepEqual(checkJson(inApp['vercel.json']!, { files: inApp }).filter((f) => f.code === 'vercel-json-outside-app'), [], app);
    }
  });

  it('the shapes-monorepo-root fixture: the new code and the schedule rules only', () => {
    const files = fixtureFiles('shapes-monorepo-root');
    const text = files['vercel.json']!;
    assert.deepEqual(
      checkJson(text, { files }).map((f) => f.code),
      ['vercel-json-outside-app', 'hobby-frequency'],
    );
  });
});

describe('vercel-json-outside-app: rule module', () => {
  it('project scope, one code', () => {
    assert.deepEqual(vercelJsonOutsideAppRule.codes, ['vercel-json-outside-app']);
    assert.equal(vercelJsonOutsideAppRule.scope, 'project');
  });
});
