import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { app, applyFix, type Files, findingsIn, fixOnce, ROUTE, routeApp, rowsOf, single } from '../../support/ruleHarness';
import { LIB_VERIFY_CRON } from './sources';
import { assertTypeChecks } from './typecheck';

const CODE = ['segment-config-with-cache-components'] as const;
const CACHE_COMPONENTS_ON = "import type { NextConfig } from 'next';\n\nconst nextConfig: NextConfig = {\n  cacheComponents: true,\n};\n\nexport default nextConfig;\n";
const REMOVE = (name: string) => new RegExp(`^Remove the ${name} export$`);

/** A GET that checks CRON_SECRET (so it reads the request and is dynamic), after `config`. */
function guarded(config: string): string {
  return `import { verifyCron } from '@/lib/cron';\n\n${config}\n\nexport async function GET(request: Request) {\n  if (!verifyCron(request)) return new Response('Unauthorized', { status: 401 });\n  return Response.json({ ok: true });\n}\n`;
}

function next16(route: string, extra: Files = {}, version = '^16.1.0'): Files {
  return routeApp(route, { 'lib/cron.ts': LIB_VERIFY_CRON, 'next.config.ts': CACHE_COMPONENTS_ON, ...extra }, version);
}

describe('segment-config-with-cache-components: said only where Next refuses the export', () => {
  const cases: [name: string, files: Files][] = [
    ['cacheComponents off on Next 16', routeApp(guarded("export const dynamic = 'force-dynamic';"), { 'lib/cron.ts': LIB_VERIFY_CRON }, '^16.1.0')],
    ['cacheComponents: false', next16(guarded("export const dynamic = 'force-dynamic';"), { 'next.config.ts': CACHE_COMPONENTS_ON.replace('true', 'false') })],
    ['Next 15 (the flag is not Next 15\'s)', next16(guarded("export const dynamic = 'force-dynamic';"), {}, '15.3.2')],
    ['Next version unknown', next16(guarded("export const dynamic = 'force-dynamic';"), { 'package.json': '{ "name": "app" }\n' })],
    ['maxDuration is still allowed', next16(guarded('export const maxDuration = 60;'))],
    ['preferredRegion is still allowed', next16(guarded("export const preferredRegion = 'home';"))],
    ['a local const named dynamic that is not exported', next16(guarded("const dynamic = 'force-dynamic';\nvoid dynamic;"))],
    ['destructured (export const { dynamic } = config): not what Next reads', next16(guarded("const segment = { dynamic: 'force-dynamic' } as const;\nexport const { dynamic } = segment;"))],
  ];
  for (const [name, files] of cases) it(name, () => assert.deepEqual(rowsOf(CODE, files), []));

  it('a Pages Router API route is not a segment', () => {
    const files = app(
      {
        'next.config.ts': CACHE_COMPONENTS_ON,
        'pages/api/cron/job.ts':
          "export const dynamic = 'force-dynamic';\n\nexport default function handler(_req: unknown, res: { status(n: number): { end(): void } }) {\n  res.status(200).end();\n}\n",
      },
      '^16.1.0',
    );
    assert.deepEqual(rowsOf(CODE, files, 'pages/api/cron/job.ts'), []);
  });

  it('off by the rules setting', () => {
    const files = next16(guarded("export const dynamic = 'force-dynamic';"));
    assert.deepEqual(rowsOf(CODE, files, ROUTE, { rules: { 'segment-config-with-cache-components': 'off' } }), []);
  });
});

describe('segment-config-with-cache-components: each refused export is an error, removed cleanly', () => {
  const refused: [config: string, name: string][] = [
    ["export const dynamic = 'force-dynamic';", 'dynamic'],
    ["export const dynamic = 'force-static';", 'dynamic'],
    ['export const revalidate = 0;', 'revalidate'],
    ['export const revalidate = 3600;', 'revalidate'],
    ["export const fetchCache = 'force-no-store';", 'fetchCache'],
    ['export const dynamicParams = false;', 'dynamicParams'],
    ["export const runtime = 'nodejs';", 'runtime'],
  ];
  for (const [config, name] of refused) {
    it(config, () => {
      const files = next16(guarded(config));
      assert.deepEqual(rowsOf(['segment-config-with-cache-components', 'force-static-cron-route', 'static-cron-route'], files), [
        ['segment-config-with-cache-components', 'error', name],
      ]);
      const finding = single('segment-config-with-cache-components', files);
      assert.match(finding.message, new RegExp(`^With cacheComponents on in next\\.config\\.ts, Next\\.js 16 refuses export const ${name}: the build stops`));
      const fixed = fixOnce('segment-config-with-cache-components', files, REMOVE(name));
      assert.equal(fixed, guarded('').replace('\n\n\n\n', '\n\n'), 'the export and one of the blank lines around it go');
      assertTypeChecks({ [ROUTE]: fixed, 'lib/cron.ts': LIB_VERIFY_CRON });
    });
  }

  it("dynamic's message says what keeps a GET from being prerendered now", () => {
    assert.match(single('segment-config-with-cache-components', next16(guarded("export const dynamic = 'force-dynamic';"))).message, /await connection\(\) from next\/server/);
  });

  it("runtime = 'edge' too (an edge route on cacheComponents does not build)", () => {
    const route = "export const runtime = 'edge';\n\nexport async function GET(request: Request) {\n  return Response.json({ ok: request.headers.get('authorization') === `Bearer ${process.env.CRON_SECRET}` });\n}\n";
    assert.deepEqual(rowsOf(CODE, next16(route)), [['segment-config-with-cache-components', 'error', 'runtime']]);
    assert.equal(fixOnce('segment-config-with-cache-components', next16(route), REMOVE('runtime')), route.replace("export const runtime = 'edge';\n\n", ''));
  });

  it('experimental.cacheComponents in a next.config.mjs counts too', () => {
    const files = routeApp(guarded('export const revalidate = 60;'), { 'lib/cron.ts': LIB_VERIFY_CRON, 'next.config.mjs': 'export default {\n  experimental: { cacheComponents: true },\n};\n' }, '16.0.7');
    assert.match(single('segment-config-with-cache-components', files).message, /^With cacheComponents on in next\.config\.mjs, /);
  });

  it('comments above it and after it on its line go with it; a comment past a blank line stays', () => {
    const route = `import { verifyCron } from '@/lib/cron';

// Kept for the old caching model.
// Remove once the app is on cacheComponents.
export const dynamic = 'force-dynamic'; // never cache

// The cron endpoint.
export async function GET(request: Request) {
  if (!verifyCron(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`;
    const fixed = fixOnce('segment-config-with-cache-components', next16(route), REMOVE('dynamic'));
    assert.equal(
      fixed,
      `import { verifyCron } from '@/lib/cron';

// The cron endpoint.
export async function GET(request: Request) {
  if (!verifyCron(request)) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`,
    );
  });

  it('a detached header comment above a blank line stays', () => {
    const route = "/* Cron: nightly cleanup. */\n\nexport const revalidate = 0;\n\nexport async function GET(request: Request) {\n  return Response.json({ ok: !!request.headers.get('authorization') });\n}\n";
    const fixed = fixOnce('segment-config-with-cache-components', next16(route), REMOVE('revalidate'));
    assert.equal(fixed, "/* Cron: nightly cleanup. */\n\nexport async function GET(request: Request) {\n  return Response.json({ ok: !!request.headers.get('authorization') });\n}\n");
  });

  it('first statement of the file, at the end of the file, CRLF line ends', () => {
    const body = "export async function GET(request: Request) {\n  return Response.json({ ok: !!request.headers.get('authorization') });\n}\n";
    const atStart = fixOnce('segment-config-with-cache-components', next16(`export const dynamic = 'force-dynamic';\n\n${body}`), REMOVE('dynamic'));
    assert.equal(atStart, body);
    const atEnd = fixOnce('segment-config-with-cache-components', next16(`${body}\nexport const revalidate = 0;\n`), REMOVE('revalidate'));
    assert.equal(atEnd, body);
    const crlf = `import { verifyCron } from '@/lib/cron';\r\n\r\nexport const dynamic = 'force-dynamic';\r\n\r\n${body.replace(/\n/g, '\r\n')}`;
    const fixedCrlf = fixOnce('segment-config-with-cache-components', next16(crlf), REMOVE('dynamic'));
    assert.equal(fixedCrlf, `import { verifyCron } from '@/lib/cron';\r\n\r\n${body.replace(/\n/g, '\r\n')}`);
  });

  it('two exports in a row: each fix alone, and both applied in one pass, leave no blank-line litter', () => {
    const route = guarded("export const dynamic = 'force-dynamic';\nexport const revalidate = 0;");
    const files = next16(route);
    assert.deepEqual(rowsOf(CODE, files), [
      ['segment-config-with-cache-components', 'error', 'dynamic'],
      ['segment-config-with-cache-components', 'error', 'revalidate'],
    ]);
    const expected = guarded('').replace('\n\n\n\n', '\n\n');
    const [dynamicFinding, revalidateFinding] = findingsIn(files).filter((f) => f.code === 'segment-config-with-cache-components');
    // Together, as `fix` and the editor's fix-all apply them.
    assert.equal(applyEdits(route, [...dynamicFinding!.fixes[0]!.edits, ...revalidateFinding!.fixes[0]!.edits]), expected);
    // One, then the other as the check finds it again.
    for (const firstFix of [dynamicFinding!, revalidateFinding!]) {
      const afterOne = applyFix(route, firstFix.fixes[0]!);
      const left = single('segment-config-with-cache-components', { ...files, [ROUTE]: afterOne });
      assert.equal(applyFix(afterOne, left.fixes[0]!), expected);
    }
  });

  it('export const a = …, b = …: only the refused declaration goes', () => {
    const route = guarded("export const maxDuration = 60, revalidate = 0;");
    const fixed = fixOnce('segment-config-with-cache-components', next16(route), REMOVE('revalidate'));
    assert.equal(fixed, guarded('export const maxDuration = 60;'));
    const first = guarded("export const revalidate = 0, maxDuration = 60;");
    assert.equal(fixOnce('segment-config-with-cache-components', next16(first), REMOVE('revalidate')), guarded('export const maxDuration = 60;'));
  });

  it('broken TypeScript in the handler: the export line still parses and is reported, no crash', () => {
    const route = "export const dynamic = 'force-dynamic';\n\nexport async function GET(request: Request {\n  return Response.json({ ok: request.url });\n";
    assert.deepEqual(rowsOf(CODE, next16(route)), [['segment-config-with-cache-components', 'error', 'dynamic']]);
  });
});
