/**
 * checkCronRoutes as a whole: which files are cron routes (referenced by crons or by a
 * Schedules path target requested with GET, or only named by the glob), the glob-only cap at
 * warning, the settings (rules, plan, glob, readSecrets) and the shape of the result.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCronRoutes } from '../../../../src/core/service/rules';
import { cronRouteFiles, type RouteCheckOptions } from '../../../../src/core/routes/check';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import type { Finding } from '../../../../src/core/diagnostics';
import { app, type Files, flagged, projectOf, type Row, runRoutes, vercelJson } from '../../support/ruleHarness';
import { cronMiddleware as cronMiddlewareFor, LIB_VERIFY_CRON } from './sources';

// A job with no check (a handler that only answers runs no job: missing-auth is silent on it).
const NO_CHECK = "export async function GET() {\n  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });\n  return Response.json({ ok: true });\n}\n";
const FAILS_OPEN =
  "export async function GET(request: Request) {\n  if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n";
const PROTECTED =
  "import { verifyCron } from '@/lib/cron';\n\nexport async function GET(request: Request) {\n  if (!verifyCron(request)) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n";
const POST_ONLY = 'export async function POST() {\n  return Response.json({ ok: true });\n}\n';

/** Every checked file with its rows, in result order. */
function results(files: Files, options: Partial<RouteCheckOptions> = {}): [file: string, rows: Row[]][] {
  return runRoutes(files, options).map((r) => [r.file, r.findings.map((f): Row => [f.code, f.severity, flagged(files[r.file]!, f)])]);
}

describe('which files are cron routes', () => {
  it('crons[].path → the route file; every checked file is listed, with or without findings', () => {
    const files = app({
      'vercel.json': vercelJson('/api/cron/open', '/api/cron/safe'),
      'app/api/cron/open/route.ts': NO_CHECK,
      'app/api/cron/safe/route.ts': PROTECTED,
      'lib/cron.ts': LIB_VERIFY_CRON,
    });
    assert.deepEqual(results(files), [
      ['app/api/cron/open/route.ts', [['missing-auth', 'error', 'GET']]],
      ['app/api/cron/safe/route.ts', []],
    ]);
  });

  it('Schedules: a path target counts with the method it is sent (POST by default); a method the schema refuses and function targets do not', () => {
    const vercel = JSON.stringify(
      {
        schedules: [
          { name: 'nightly-report', schedule: '0 5 * * *', path: '/api/jobs/report' },
          { name: 'explicit-get', schedule: '0 6 * * *', path: '/api/jobs/get', requestMethod: 'GET' },
          { name: 'lower-case', schedule: '0 7 * * *', path: '/api/jobs/lower', requestMethod: 'get' },
          { name: 'function-target', schedule: '0 8 * * *', function: 'app/api/jobs/fn/route.ts' },
        ],
      },
      null,
      2,
    );
    const files = app({
      'vercel.json': vercel,
      'app/api/jobs/report/route.ts': FAILS_OPEN.replace('GET', 'POST'),
      'app/api/jobs/get/route.ts': NO_CHECK,
      'app/api/jobs/lower/route.ts': NO_CHECK.replace('GET', 'POST'),
      'app/api/jobs/fn/route.ts': NO_CHECK.replace('GET', 'POST'),
    });
    const checked = results(files);
    assert.deepEqual(
      checked.map(([file]) => file),
      ['app/api/jobs/report/route.ts', 'app/api/jobs/get/route.ts'],
    );
    assert.deepEqual(
      checked[0]![1].map(([code, severity]) => [code, severity]),
      // Read through its POST; one line, one finding: the fail-closed fix there makes the comparison constant-time too.
      [['auth-fails-open', 'error']],
    );
    assert.deepEqual(checked[1]![1], [['missing-auth', 'error', 'GET']]);
  });

  it('a path with a query string, a dynamic segment, and paths with no route', () => {
    const files = app({
      'vercel.json': vercelJson('/api/cron/sync?full=1', '/api/cron/users/daily', '/api/cron/users/weekly', '/api/nothing-here'),
      'app/api/cron/sync/route.ts': NO_CHECK,
      'app/api/cron/users/[period]/route.ts': NO_CHECK,
    });
    const routes = cronRouteFiles(parseVercelJson(files['vercel.json']!), projectOf(files), '**/api/cron/**');
    assert.deepEqual(
      [...routes].map(([file, { paths }]) => [file, paths]),
      [
        ['app/api/cron/sync/route.ts', ['/api/cron/sync']],
        ['app/api/cron/users/[period]/route.ts', ['/api/cron/users/daily', '/api/cron/users/weekly']],
      ],
    );
    const [, rows] = results(files)[1]!;
    assert.deepEqual(rows, [['missing-auth', 'error', 'GET']], 'one finding for the file, not one per path');
  });

  const BASE_PATH: Files = app({
    'next.config.mjs':
      "/** @type {import('next').NextConfig} */\nconst nextConfig = { basePath: '/docs' };\n\nexport default nextConfig;\n",
    'vercel.json': vercelJson('/docs/api/cron/reindex'),
    'app/api/cron/reindex/route.ts': NO_CHECK,
    'lib/cron.ts': LIB_VERIFY_CRON,
  });

  it('basePath: a cron path carrying it finds the route', () => {
    const routes = cronRouteFiles(parseVercelJson(BASE_PATH['vercel.json']!), projectOf(BASE_PATH), '!**');
    assert.deepEqual([...routes.keys()], ['app/api/cron/reindex/route.ts']);
  });

  it(
    'basePath: the paths handed to the rules are without it, as RouteRuleContext.cronPaths documents',
    {
    },
    () => {
      const routes = cronRouteFiles(parseVercelJson(BASE_PATH['vercel.json']!), projectOf(BASE_PATH), '!**');
      assert.deepEqual(routes.get('app/api/cron/reindex/route.ts')?.paths, ['/api/cron/reindex']);
    },
  );

  it(
    'basePath: a middleware matching /api/cron/:path* protects /docs/api/cron/reindex',
    {
    },
    () => {
      const files = { ...BASE_PATH, 'middleware.ts': cronMiddlewareFor("['/api/cron/:path*']") };
      assert.deepEqual(results(files), [['app/api/cron/reindex/route.ts', []]]);
    },
  );
});

describe('files only the glob names', () => {
  const glob = (extra: Files): Files => app({ 'vercel.json': '{}\n', 'lib/cron.ts': LIB_VERIFY_CRON, ...extra });

  it('checked when they export GET, and never above warning', () => {
    const files = glob({
      'app/api/cron/open/route.ts': NO_CHECK,
      'app/api/cron/fails-open/route.ts': FAILS_OPEN,
      'app/api/cron/static/route.ts': "export const dynamic = 'force-static';\n\n" + PROTECTED,
      'app/api/cron/long/route.ts': 'export const maxDuration = 900;\n\n' + PROTECTED,
      'pages/api/cron/legacy.ts':
        // It does work (a module counter): a handler that only answers runs no job, and is not missing-auth.
        'let runs = 0;\n\nexport default function handler(_req: unknown, res: { status(n: number): { end(): void } }) {\n  runs += 1;\n  res.status(200).end();\n}\n',
    });
    const sorted = results(files, { plan: 'hobby' }).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    assert.deepEqual(sorted, [
      [
        'app/api/cron/fails-open/route.ts',
        [
          ['auth-fails-open', 'warning', "request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`"],
        ],
      ],
      ['app/api/cron/long/route.ts', [['max-duration-exceeds-plan', 'warning', '900']]],
      ['app/api/cron/open/route.ts', [['missing-auth', 'warning', 'GET']]],
      ['app/api/cron/static/route.ts', [['force-static-cron-route', 'warning', 'dynamic']]],
      ['pages/api/cron/legacy.ts', [['missing-auth', 'warning', 'handler']]],
    ]);
  });

  it('the same file referenced by vercel.json gets its full severity', () => {
    const files = app({ 'vercel.json': vercelJson('/api/cron/fails-open'), 'app/api/cron/fails-open/route.ts': FAILS_OPEN });
    assert.deepEqual(results(files)[0]![1][0]!.slice(0, 2), ['auth-fails-open', 'error']);
  });

  it('skipped: POST-only handlers, QStash-verified routes, files outside the glob', () => {
    const files = glob({
      'app/api/cron/ingest/route.ts': POST_ONLY,
      'app/api/cron/qstash/route.ts':
        "import { Receiver } from '@upstash/qstash';\n\nconst receiver = new Receiver({ currentSigningKey: process.env.QSTASH_CURRENT_SIGNING_KEY!, nextSigningKey: process.env.QSTASH_NEXT_SIGNING_KEY! });\n\nexport async function GET(request: Request) {\n  const ok = await receiver.verify({ signature: request.headers.get('upstash-signature') ?? '', body: '' });\n  return ok ? Response.json({ ok: true }) : new Response(null, { status: 401 });\n}\n",
      'app/api/webhooks/stripe/route.ts': NO_CHECK,
      'app/api/cronjobs/route.ts': NO_CHECK,
    });
    assert.deepEqual(results(files), []);
  });

  it(
    "skipped: a route verified by QStash's verifySignatureAppRouter wrapper",
    {
    },
    () => {
      const files = glob({
        'app/api/cron/qstash/route.ts':
          "import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';\n\nexport const dynamic = 'force-static';\n\nasync function handler() {\n  return Response.json({ ok: true });\n}\n\nexport const GET = verifySignatureAppRouter(handler);\nexport const POST = verifySignatureAppRouter(handler);\n",
      });
      assert.deepEqual(results(files), []);
    },
  );

  it('cronRouteGlob decides which files: a custom glob, and one that matches nothing', () => {
    const files = glob({ 'app/api/jobs/cleanup/route.ts': NO_CHECK, 'app/api/cron/open/route.ts': NO_CHECK });
    assert.deepEqual(
      results(files, { cronRouteGlob: 'app/api/jobs/**' }).map(([file]) => file),
      ['app/api/jobs/cleanup/route.ts'],
    );
    assert.deepEqual(results(files, { cronRouteGlob: '!**' }), []);
  });
});

describe('settings', () => {
  const files = app({
    'vercel.json': vercelJson('/api/cron/docs'),
    'app/api/cron/docs/route.ts': FAILS_OPEN,
    '.env.local': 'CRON_SECRET=changeme\n',
  });

  it('rules: off drops a code (the file is still listed), a severity replaces the default', () => {
    assert.deepEqual(results(files, { rules: { 'auth-fails-open': 'off', 'auth-not-timing-safe': 'warning' } }), [
      [
        'app/api/cron/docs/route.ts',
        [['auth-not-timing-safe', 'warning', "request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`"]],
      ],
      ['.env.local', [['cron-secret-format', 'warning', 'changeme']]],
    ]);
    assert.deepEqual(results(files, { rules: { 'auth-fails-open': 'off', 'auth-not-timing-safe': 'off', 'cron-secret-format': 'off' } }), [
      ['app/api/cron/docs/route.ts', []],
    ]);
  });

  it('a severity from the rules setting keeps fixes lazy: check asks the predicate instead of building them', () => {
    const [finding] = runRoutes(files, { rules: { 'auth-fails-open': 'off', 'auth-not-timing-safe': 'info' } })[0]!.findings;
    assert.equal(finding?.severity, 'info');
    const descriptor = Object.getOwnPropertyDescriptor(finding, 'fixes');
    assert.ok(descriptor && 'get' in descriptor, 'still the lazy accessor, not a copy with built fixes');
  });

  it('readSecrets false: no env file is read', () => {
    const reads: string[] = [];
    const project = projectOf(files);
    const readFile = project.readFile.bind(project);
    project.readFile = (file: string) => {
      reads.push(file);
      return readFile(file);
    };
    const out = checkCronRoutes(parseVercelJson(files['vercel.json']!), project, {
      plan: 'unknown',
      fluidCompute: 'auto',
      rules: {},
      cronRouteGlob: '**/api/cron/**',
      readSecrets: false,
    });
    assert.deepEqual(
      out.map((r) => r.file),
      ['app/api/cron/docs/route.ts'],
    );
    assert.deepEqual(
      reads.filter((f) => f.startsWith('.env')),
      [],
      'not even opened',
    );
  });

  it('findings are sorted by position, then code', () => {
    // Fail-open on one line (its hint deferred to it), === on the secret on the next, no check in a second GET-less guess.
    const route =
      "export const dynamic = 'force-static';\n\nexport async function GET(request: Request) {\n  const secret = process.env.CRON_SECRET;\n  if (!secret) return new Response(null, { status: 500 });\n  if (request.headers.get('authorization') !== `Bearer ${secret}`) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n";
    const [, rows] = results(app({ 'vercel.json': vercelJson('/api/cron/docs'), 'app/api/cron/docs/route.ts': route }))[0]!;
    assert.deepEqual(
      rows.map(([code]) => code),
      ['force-static-cron-route', 'auth-not-timing-safe'],
    );
  });
});

describe('settle: the one-shot mode of the CLI', () => {
  const files = app({
    'vercel.json': vercelJson('/api/cron/open', '/api/cron/docs', '/api/cron/safe'),
    'app/api/cron/open/route.ts': NO_CHECK,
    'app/api/cron/docs/route.ts': FAILS_OPEN,
    'app/api/cron/safe/route.ts': PROTECTED,
    'lib/cron.ts': LIB_VERIFY_CRON,
    'app/api/cron/post/route.ts': POST_ONLY,
    '.env.local': 'CRON_SECRET=changeme\n',
  });
  const options: RouteCheckOptions = {
    plan: 'hobby',
    fluidCompute: 'auto',
    rules: { 'no-monitoring': 'off', 'no-idempotency-guard': 'off' },
    cronRouteGlob: '**/api/cron/**',
    readSecrets: true,
  };
  const plain = ({ code, severity, message, span, fixes }: Finding) => ({ code, severity, message, span, fixes });
  const run = <F>(settle?: (finding: Finding) => F) => {
    const project = projectOf(files);
    const events: string[] = [];
    const release = project.release.bind(project);
    project.release = (file: string) => {
      events.push(`release ${file}`);
      release(file);
    };
    const doc = parseVercelJson(files['vercel.json']!);
    const out = settle
      ? checkCronRoutes(doc, project, options, (finding) => {
          events.push(`settle ${finding.code}`);
          return settle(finding);
        })
      : checkCronRoutes(doc, project, options);
    return { out, events, project };
  };

  it('hands settle the same findings, with the same fixes, as the lazy run', () => {
    const lazy = run<Finding>().out.map((r) => [r.file, r.findings.map(plain)]);
    assert.ok(lazy.some(([, findings]) => (findings as ReturnType<typeof plain>[]).some((f) => f.fixes.length > 0)), 'the table has fixable findings');
    assert.deepEqual(
      run(plain).out.map((r) => [r.file, r.findings]),
      lazy,
    );
  });

  it("settles a route's findings before releasing its tree, route by route; skipped files are released too; the env file is settled", () => {
    const { events, project } = run(plain);
    assert.deepEqual(events, [
      'settle missing-auth',
      'release app/api/cron/open/route.ts',
      'settle auth-fails-open',
      'release app/api/cron/docs/route.ts',
      'release app/api/cron/safe/route.ts',
      // Glob-only and POST-only: not checked, but parsed to find that out.
      'release app/api/cron/post/route.ts',
      'settle cron-secret-format',
    ]);
    // Released, not lost: the next read parses the file again.
    assert.equal(project.sourceFile('app/api/cron/open/route.ts')?.text, NO_CHECK);
  });

  it('the lazy run releases nothing: the editor keeps trees for the next keystroke', () => {
    assert.deepEqual(run().events, []);
  });
});

describe('what each route depends on (trackReads) and re-checking some routes (only)', () => {
  const files = app({
    'vercel.json': vercelJson('/api/cron/open', '/api/cron/safe', '/api/cron/guarded'),
    'app/api/cron/open/route.ts': NO_CHECK,
    'app/api/cron/safe/route.ts': PROTECTED,
    // A wrapper from a module that does not exist yet: a fix that creates it is on its way.
    'app/api/cron/guarded/route.ts': "import { withGuard } from '@/lib/guard';\n\nexport const GET = withGuard(async () => Response.json({ ok: true }));\n",
    'lib/cron.ts': LIB_VERIFY_CRON,
    '.env.local': 'CRON_SECRET=short\n',
    // Named by the glob only, and no GET yet: not a cron route (yet).
    'app/api/cron/draft/route.ts': POST_ONLY,
  });
  /** The routes checked, and what each considered route read. */
  const run = (options: Partial<RouteCheckOptions>) => {
    const reads = new Map<string, ReadonlySet<string>>();
    const results = runRoutes(files, { onReads: (file, paths) => reads.set(file, paths), ...options });
    return { results, reads };
  };

  it('a route reads its own file, the helpers it follows, tsconfig for the alias, and the candidates of a missing module', () => {
    const { reads } = run({});
    assert.ok(reads.get('app/api/cron/open/route.ts')?.has('app/api/cron/open/route.ts'));
    assert.ok(!reads.get('app/api/cron/open/route.ts')?.has('lib/cron.ts'), 'open imports nothing');
    const safe = reads.get('app/api/cron/safe/route.ts')!;
    for (const file of ['app/api/cron/safe/route.ts', 'lib/cron.ts', 'tsconfig.json']) assert.ok(safe.has(file), `safe reads ${file}: ${[...safe].join(', ')}`);
    assert.ok(reads.get('app/api/cron/guarded/route.ts')?.has('lib/guard.ts'), 'creating lib/guard.ts concerns the guarded route');
    assert.equal(reads.get('.env.local'), undefined, 'env files are checked, not tracked');
  });

  it('a glob-only file that is skipped (no GET yet) reports its reads too: adding GET must re-check it', () => {
    const { results, reads } = run({});
    assert.ok(!results.some((r) => r.file === 'app/api/cron/draft/route.ts'));
    assert.ok(reads.get('app/api/cron/draft/route.ts')?.has('app/api/cron/draft/route.ts'));
  });

  it('only: just those routes, with the findings a full check gives them, and no env files', () => {
    const full = run({}).results;
    const { results: some, reads } = run({ only: new Set(['app/api/cron/open/route.ts']) });
    assert.deepEqual([...reads.keys()], ['app/api/cron/open/route.ts']);
    assert.deepEqual(
      some.map((r) => r.file),
      ['app/api/cron/open/route.ts'],
    );
    assert.deepEqual(some[0]!.findings.map((f) => [f.code, f.span]), full[0]!.findings.map((f) => [f.code, f.span]));
    assert.ok(full.some((r) => r.file === '.env.local'), 'the full check has the env file');
  });
});
