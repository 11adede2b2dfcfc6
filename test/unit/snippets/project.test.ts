/**
 * The snippets and the extension agree: an app built only from snippets passes the extension's own
 * vercel.json and cron-route checks on the strictest plan, and the routes carry the very guard the
 * quick fixes insert (src/core/next/guardTemplate.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guardStatements, sameSecretHelper } from '../../../src/core/next/guardTemplate';
import { checkCronRoutes } from '../../../src/core/service/rules';
import type { FluidMode, Plan } from '../../../src/core/settings';
import { checkVercelJson } from '../../../src/core/vercel/check';
import { parseVercelJson } from '../../../src/core/vercel/model';
import { ProjectModel } from '../../../src/core/vercel/projectModel';
import { loadTypeScript } from '../../../src/node/loadTypeScript';
import { inserted } from './support';

const NOW = new Date('2026-11-28T01:48:00Z');

function indent(text: string, by: string): string {
  return text.replace(/^(?=.)/gm, by);
}

/** A Next.js 16 app with an App Router and a Pages Router cron job, a health route and a QStash worker. */
function appFromSnippets(ext: 'ts' | 'js'): Record<string, string> {
  const lang = ext === 'ts' ? 'typescript.json' : 'javascript.json';
  const second = indent(inserted('json.json', 'cron-vercel-job', { values: { 1: 'send-digest', 2: '0 9 * * 1' } }), '    ').trimStart();
  return {
    'package.json': JSON.stringify(
      { name: 'app', private: true, dependencies: { next: '16.4.6', react: '19.3.1', 'react-dom': '19.3.1' } },
      null,
      2,
    ),
    'vercel.json': inserted('json.json', 'cron-vercel-json', { values: { 0: `,\n    ${second}` } }),
    [`app/api/cron/cleanup-sessions/route.${ext}`]: inserted(lang, 'cron-route'),
    [`pages/api/cron/send-digest.${ext}`]: inserted(lang, 'cron-pages-route', { values: { 1: 'send-digest' } }),
    [`app/api/health/cleanup-sessions/route.${ext}`]: inserted(lang, 'cron-health'),
    [`app/api/workers/generate-report/route.${ext}`]: inserted(lang, 'cron-qstash-receiver'),
  };
}

/**
 * The wrapper hints (no monitoring, no duplicate-run guard) fire on every cron handler, the snippets' too;
 * test/unit/wrappers covers them. Every other route finding, hints included, still fails these tests.
 */
const WRAPPER_HINTS: ReadonlySet<string> = new Set(['no-monitoring', 'no-idempotency-guard']);

function check(files: Record<string, string>, plan: Plan, fluidCompute: FluidMode) {
  const project = new ProjectModel(Object.keys(files), { readFile: (file) => files[file], loadTypeScript });
  const doc = parseVercelJson(files['vercel.json']!);
  const json = checkVercelJson(doc, { plan, now: NOW, project, rules: {} });
  const routes = checkCronRoutes(doc, project, { plan, fluidCompute, rules: {}, cronRouteGlob: '**/api/cron/**', readSecrets: false });
  const serious = (severity: string) => severity === 'error' || severity === 'warning';
  return {
    json: json.filter((f) => serious(f.severity)).map((f) => `${f.code}: ${f.message}`),
    checkedRoutes: routes.map((r) => r.file).sort(),
    routes: routes.flatMap((r) => r.findings.filter((f) => !WRAPPER_HINTS.has(f.code)).map((f) => `${r.file} ${f.code}: ${f.message}`)),
  };
}

describe('snippets agree with the extension', () => {
  for (const ext of ['ts', 'js'] as const) {
    for (const [plan, fluid] of [
      ['hobby', 'off'],
      ['hobby', 'on'],
      ['pro', 'off'],
      ['unknown', 'auto'],
    ] as const) {
      it(`an app made of ${ext.toUpperCase()} snippets passes every vercel.json and route check (${plan}, Fluid ${fluid})`, () => {
        const result = check(appFromSnippets(ext), plan, fluid);
        assert.deepEqual(result.json, []);
        assert.deepEqual(result.checkedRoutes, [`app/api/cron/cleanup-sessions/route.${ext}`, `pages/api/cron/send-digest.${ext}`]);
        assert.deepEqual(result.routes, []);
      });
    }
  }

  it('the route checks would flag the classic check the snippets avoid (the test can fail)', () => {
    const files = appFromSnippets('ts');
    files['app/api/cron/cleanup-sessions/route.ts'] = [
      `export async function GET(request: Request) {`,
      `  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {`,
      `    return new Response('Unauthorized', { status: 401 });`,
      `  }`,
      `  return Response.json({ ok: true });`,
      `}`,
    ].join('\n');
    const codes = check(files, 'hobby', 'off').routes.map((line) => /^\S+ ([a-z-]+):/.exec(line)?.[1]);
    // One line, one finding: auth-not-timing-safe defers to auth-fails-open on the comparison's line.
    assert.deepEqual(codes.sort(), ['auth-fails-open']);
  });

  describe("the routes use the quick fixes' guard, word for word", () => {
    const appGuard = indent(guardStatements({ request: 'request', response: undefined, responseClass: 'Response', edge: false }), '  ');
    const pagesGuard = indent(guardStatements({ request: 'req', response: 'res', responseClass: 'Response', edge: false }), '  ');

    for (const [file, typed] of [
      ['typescript.json', true],
      ['javascript.json', false],
    ] as const) {
      it(`${file}: cron-route`, () => {
        const text = inserted(file, 'cron-route');
        assert.ok(text.includes(appGuard), text);
        assert.ok(text.includes(sameSecretHelper({ typed, edge: false })), text);
        assert.ok(text.startsWith(`import { timingSafeEqual } from 'node:crypto';\n`));
      });

      it(`${file}: cron-pages-route`, () => {
        const text = inserted(file, 'cron-pages-route');
        assert.ok(text.includes(pagesGuard), text);
        assert.ok(text.includes(sameSecretHelper({ typed, edge: false })), text);
      });
    }
  });
});
