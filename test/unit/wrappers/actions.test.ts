/**
 * The wrapper actions as the editor and `fix --only` apply them: which handlers get the hints,
 * the exact rewrite of each handler shape, where the helper goes, and that the result — route
 * and created helper together — type-checks against the real packages.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import type { Finding, Fix } from '../../../src/core/diagnostics';
import { jobNameFor } from '../../../src/core/wrappers/jobName';
import { lockSecondsFor } from '../../../src/core/wrappers/durations';
import { chooseStore } from '../../../src/core/wrappers/stores';
import { canWrapExportedHandler, wrapExportedHandler } from '../../../src/core/wrappers/wrapHandler';
import { loadTypeScript } from '../../../src/node/loadTypeScript';
import { type Files, findingsIn, packageJson, ROUTE, TSCONFIG_SRC_ALIAS, vercelJson } from '../support/ruleHarness';
import { diagnosticsOf } from '../core/routes/typecheck';

const ON = { rules: { 'no-monitoring': 'hint', 'no-idempotency-guard': 'hint' } } as const;

function withDeps(deps: Record<string, string>): string {
  const json = JSON.parse(packageJson('16.0.0')) as { dependencies: Record<string, string> };
  return JSON.stringify({ ...json, dependencies: { ...json.dependencies, ...deps } }, null, 2);
}

function app(route: string, extra: Files = {}): Files {
  return { 'vercel.json': vercelJson(), 'package.json': withDeps({}), 'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }), [ROUTE]: route, ...extra };
}

function finding(files: Files, code: string, file = ROUTE): Finding | undefined {
  return findingsIn(files, file, ON).find((f) => f.code === code);
}

/** Applies a fix to the in-memory project: route edits and created files. */
function applied(files: Files, fix: Fix, file = ROUTE): Record<string, string> {
  const next: Record<string, string> = { ...files, [file]: applyEdits(files[file]!, fix.edits) };
  for (const created of fix.createFiles ?? []) next[created.file] = created.content;
  return next;
}

function fix(files: Files, code: string, title: RegExp = /./, file = ROUTE): Fix {
  const found = finding(files, code, file);
  assert.ok(found, `${code} not reported`);
  const chosen = found.fixes.find((f) => title.test(f.title));
  assert.ok(chosen, `no fix ${title} among ${found.fixes.map((f) => f.title).join(', ')}`);
  return chosen;
}

describe('job names from cron paths', () => {
  const cases: [string, string][] = [
    ['/api/cron/cleanup-sessions', 'cleanup-sessions'],
    ['/api/cron/cleanup-sessions?region=iad1', 'cleanup-sessions'],
    ['/api/crons/Send_Digest/', 'send-digest'],
    ['/api/cron/[tenant]/sync', 'tenant-sync'],
    ['/api/cron', 'cron'],
    ['/jobs/nightly', 'nightly'],
    ['/', 'cron-job'],
  ];
  for (const [path, name] of cases) it(`${path} → ${name}`, () => assert.equal(jobNameFor(path), name));
});

describe('lock lifetime', () => {
  it('covers the interval (at most a day) and never less than a run may last', () => {
    assert.equal(lockSecondsFor(300, 900), 900);
    assert.equal(lockSecondsFor(300, 86_400 * 7), 86_400);
    assert.equal(lockSecondsFor(800, 300), 800);
    assert.equal(lockSecondsFor(300, undefined), 86_400);
  });
});

describe('store choice', () => {
  it('the detected store, a named family, else the interface', () => {
    assert.equal(chooseStore(['ioredis', 'pg']), 'ioredis');
    assert.equal(chooseStore(['ioredis', 'pg'], 'sql'), 'pg');
    assert.equal(chooseStore([], 'redis'), 'interface');
    assert.equal(chooseStore(['pg'], 'interface'), 'interface');
  });
});

const ASYNC_GET = `import { NextResponse } from 'next/server';

export async function GET(request: Request) {
  await fetch('https://example.com');
  return NextResponse.json({ ok: true });
}
`;

describe('which handlers get the hints', () => {
  it('a plain cron GET gets both, on the handler name, with fixes', () => {
    const found = findingsIn(app(ASYNC_GET), ROUTE, ON).filter((f) => f.code !== 'missing-auth');
    assert.deepEqual(
      found.map((f) => [f.code, f.severity, ASYNC_GET.slice(f.span.start, f.span.end)]),
      [
        ['no-idempotency-guard', 'hint', 'GET'],
        ['no-monitoring', 'hint', 'GET'],
      ],
    );
    assert.ok(found.every((f) => f.fixes.length > 0));
  });
  const silent: [string, string, Files?][] = [
    ['no-monitoring', `export const GET = withCronMonitoring('job', async () => Response.json({}));\n`],
    ['no-monitoring', `import * as Sentry from '@sentry/nextjs';\nexport async function GET() { return Sentry.withMonitor('job', () => Response.json({})); }\n`],
    ['no-idempotency-guard', `export const GET = withCronRunGuard({ job: 'job', schedule: '0 5 * * *', lockSeconds: 300 }, async () => Response.json({}));\n`],
    ['no-idempotency-guard', `import { redis } from '@/lib/redis';\nexport async function GET() { if (!(await redis.set('k', 1, { nx: true, ex: 60 }))) return Response.json({}); return Response.json({}); }\n`],
    // The claim's row count decides whether the work runs (an ignored one claims nothing: no-idempotency-guard.test.ts).
    ['no-idempotency-guard', `export async function GET() { const rows = await sql\`INSERT INTO runs VALUES (1) ON CONFLICT DO NOTHING RETURNING 1\`; if (rows.length === 0) return Response.json({}); return Response.json({}); }\n`],
    // Two schedules for one route: a slot key cannot follow both.
    ['no-idempotency-guard', ASYNC_GET, { 'vercel.json': JSON.stringify({ crons: [{ path: '/api/cron/job', schedule: '0 5 * * *' }, { path: '/api/cron/job', schedule: '0 17 * * *' }] }) }],
  ];
  for (const [code, route, extra] of silent) {
    it(`${code} is silent: ${route.split('\n').find((l) => l.includes('GET'))?.slice(0, 70)}${extra ? ' (two schedules)' : ''}`, () => {
      assert.equal(finding(app(route, extra), code), undefined);
    });
  }
  it('turned off through nextCronRoutes.rules', () => {
    const found = findingsIn(app(ASYNC_GET), ROUTE, { rules: { 'no-monitoring': 'off', 'no-idempotency-guard': 'off' } });
    assert.deepEqual(found.filter((f) => f.code.startsWith('no-')), []);
  });
});

const WITH_AUTH = `export function withAuth(handler: (request: Request) => Promise<Response>) {
  return async (request: Request) => {
    if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });
    return handler(request);
  };
}
`;

describe('Wrap with cron monitoring: the rewrite of each handler shape', () => {
  const cases: [name: string, route: string, expected: string, file?: string][] = [
    [
      'async function declaration: header and closing line change, the body does not',
      ASYNC_GET,
      `import { NextResponse } from 'next/server';
import { withCronMonitoring } from '@/lib/cron-monitoring';

export const GET = withCronMonitoring('job', async (request: Request) => {
  await fetch('https://example.com');
  return NextResponse.json({ ok: true });
});
`,
    ],
    [
      'no imports, no semicolons, double quotes, return type kept',
      `export async function GET(): Promise<Response> {\n  return Response.json({ ok: "yes" })\n}\n`,
      `import { withCronMonitoring } from "@/lib/cron-monitoring"\n\nexport const GET = withCronMonitoring("job", async (): Promise<Response> => {\n  return Response.json({ ok: "yes" })\n})\n`,
    ],
    [
      'a function that reads `arguments` stays a function',
      `export async function GET() {\n  console.log(arguments.length);\n  return Response.json({});\n}\n`,
      `import { withCronMonitoring } from '@/lib/cron-monitoring';\n\nexport const GET = withCronMonitoring('job', async function GET() {\n  console.log(arguments.length);\n  return Response.json({});\n});\n`,
    ],
    [
      'export const GET = an existing wrapper: wrapped outside',
      `import { withAuth } from '@/lib/auth';\n\nexport const GET = withAuth(async () => Response.json({}));\n`,
      `import { withAuth } from '@/lib/auth';\nimport { withCronMonitoring } from '@/lib/cron-monitoring';\n\nexport const GET = withCronMonitoring('job', withAuth(async () => Response.json({})));\n`,
    ],
    [
      'export { handler as GET, handler as POST }: GET gets its own constant',
      `async function handler() {\n  return Response.json({});\n}\n\nexport { handler as GET, handler as POST };\n`,
      `import { withCronMonitoring } from '@/lib/cron-monitoring';\n\nasync function handler() {\n  return Response.json({});\n}\n\nexport { handler as POST };\nexport const GET = withCronMonitoring('job', handler);\n`,
    ],
    [
      'Pages Router default export function',
      `import type { NextApiRequest, NextApiResponse } from 'next';\n\nexport default async function handler(req: NextApiRequest, res: NextApiResponse) {\n  res.status(200).json({ ok: true });\n}\n`,
      `import type { NextApiRequest, NextApiResponse } from 'next';\nimport { withCronMonitoring } from '@/lib/cron-monitoring';\n\nexport default withCronMonitoring('job', async function handler(req: NextApiRequest, res: NextApiResponse) {\n  res.status(200).json({ ok: true });\n});\n`,
      'pages/api/cron/job.ts',
    ],
  ];
  for (const [name, route, expected, file = ROUTE] of cases) {
    it(name, () => {
      // The existing wrapper is one the analysis can read: a wrapper it cannot read may report, and keeps the hint quiet.
      const files: Record<string, string> = { ...app(''), 'lib/auth.ts': WITH_AUTH };
      delete files[ROUTE];
      files[file] = route;
      const result = applied(files, fix(files, 'no-monitoring', /cron monitoring/, file), file);
      assert.equal(result[file], expected);
      assert.ok(result['lib/cron-monitoring.ts']?.includes('export function withCronMonitoring'), 'the helper is created');
      // Applying twice changes nothing: the hint is gone, so there is no second fix.
      assert.equal(finding(result, 'no-monitoring', file), undefined);
    });
  }
});

describe('canWrapExportedHandler: what `check` reports as fixable, without building the edits', () => {
  const ts = loadTypeScript();
  const shapes: [name: string, kind: 'app' | 'pages', source: string, wrappable: boolean][] = [
    ['export async function GET', 'app', 'export async function GET() {\n  return Response.json({});\n}\n', true],
    ['export const GET = arrow', 'app', 'export const GET = async () => Response.json({});\n', true],
    ['export { handler as GET }', 'app', 'async function handler() {\n  return Response.json({});\n}\nexport { handler as GET };\n', true],
    ['export type { GET }: no runtime export to wrap', 'app', 'async function GET() {\n  return Response.json({});\n}\nexport type { GET };\n', false],
    ["export { GET } from './impl': the handler lives elsewhere", 'app', "export { GET } from './impl';\n", false],
    ['a declaration without a body (an overload signature)', 'app', 'export function GET(): Response;\n', false],
    ['only POST', 'app', 'export async function POST() {\n  return Response.json({});\n}\n', false],
    ['Pages: export default function', 'pages', 'export default function handler(req, res) {\n  res.end();\n}\n', true],
    ['Pages: export default expression', 'pages', 'const handler = (req, res) => res.end();\nexport default handler;\n', true],
    ['Pages: export = (CommonJS)', 'pages', 'export = function handler(req: unknown, res: { end(): void }) {\n  res.end();\n};\n', false],
  ];
  for (const [name, kind, source, wrappable] of shapes) {
    it(`${wrappable ? 'wrappable' : 'not wrappable'}: ${name}`, () => {
      const sourceFile = ts.createSourceFile('route.ts', source, ts.ScriptTarget.Latest);
      assert.equal(canWrapExportedHandler(ts, sourceFile, kind), wrappable);
      assert.equal(wrapExportedHandler(ts, sourceFile, kind, { open: "withX('job', ", semicolons: true }) !== undefined, wrappable);
    });
  }
});

describe('where the helper goes and how it is imported', () => {
  it('src/ layout with the @/ alias: src/lib, imported as @/lib/…', () => {
    const route = 'src/app/api/cron/job/route.ts';
    const files: Files = { 'vercel.json': vercelJson(), 'package.json': withDeps({}), 'tsconfig.json': TSCONFIG_SRC_ALIAS, [route]: ASYNC_GET };
    const chosen = fix(files, 'no-monitoring', /cron monitoring/, route);
    assert.deepEqual(chosen.createFiles?.map((c) => c.file), ['src/lib/cron-monitoring.ts']);
    assert.match(applied(files, chosen, route)[route]!, /from '@\/lib\/cron-monitoring';/);
  });
  it('no alias: a relative import; an existing src/lib is used even without src/app', () => {
    const files: Files = { 'vercel.json': vercelJson(), 'package.json': withDeps({}), [ROUTE]: ASYNC_GET, 'src/lib/db.ts': 'export const db = 1;\n' };
    const chosen = fix(files, 'no-monitoring', /cron monitoring/);
    assert.deepEqual(chosen.createFiles?.map((c) => c.file), ['src/lib/cron-monitoring.ts']);
    assert.match(applied(files, chosen)[ROUTE]!, /from '\.\.\/\.\.\/\.\.\/\.\.\/src\/lib\/cron-monitoring';/);
  });
  it('an existing helper is imported, not created again; a JavaScript app gets JavaScript', () => {
    const existing = fix({ ...app(ASYNC_GET), 'lib/cron-monitoring.ts': 'export function withCronMonitoring() {}\n' }, 'no-monitoring', /cron monitoring/);
    assert.equal(existing.createFiles, undefined);
    const js = { ...app(''), 'app/api/cron/job/route.js': 'export async function GET() {\n  return Response.json({});\n}\n' } as Record<string, string>;
    delete js[ROUTE];
    const created = fix(js, 'no-monitoring', /cron monitoring/, 'app/api/cron/job/route.js').createFiles?.[0];
    assert.equal(created?.file, 'lib/cron-monitoring.js');
    assert.doesNotMatch(created!.content, /: string|interface /);
  });
});

describe('Guard against duplicate runs', () => {
  it('carries the schedule, the job and a lock covering interval and maxDuration', () => {
    const files = { ...app(ASYNC_GET), 'vercel.json': JSON.stringify({ crons: [{ path: '/api/cron/job', schedule: '*/15 * * * *' }], functions: { 'app/api/cron/**': { maxDuration: 1200 } } }) };
    const chosen = fix(files, 'no-idempotency-guard');
    assert.match(applied(files, chosen)[ROUTE]!, /withCronRunGuard\(\{ job: 'job', schedule: '\*\/15 \* \* \* \*', lockSeconds: 1200 \}, async \(request: Request\) => \{/);
  });
  it('one variant per store the app has, the interface last; asks only when several stores fit', () => {
    const variants = (deps: Record<string, string>) =>
      finding({ ...app(ASYNC_GET), 'package.json': withDeps(deps) }, 'no-idempotency-guard')!.fixes.map((f) => `${f.variant?.key}${f.variant?.ask ? '?' : ''}`);
    assert.deepEqual(variants({}), ['interface']);
    assert.deepEqual(variants({ ioredis: '5' }), ['ioredis', 'interface']);
    assert.deepEqual(variants({ pg: '8', '@upstash/redis': '1' }), ['upstash-redis?', 'pg?', 'interface?']);
  });
  it('schedule-drift: a guard or Sentry monitor whose literal left vercel.json behind, fixed to the new schedule', () => {
    const route = `export const GET = withCronRunGuard({ job: 'job', schedule: "0 4 * * *", lockSeconds: 300 }, async () => Response.json({}));\n`;
    const drift = finding(app(route), 'schedule-drift');
    assert.ok(drift);
    assert.equal(drift.severity, 'warning');
    assert.equal(route.slice(drift.span.start, drift.span.end), '"0 4 * * *"');
    assert.equal(applyEdits(route, drift.fixes[0]!.edits), route.replace('0 4 * * *', '0 5 * * *'));
    const sentry = `export const GET = withSentryCronMonitor('job', { schedule: { type: 'crontab', value: '0 5 * * *' } }, async () => Response.json({}));\n`;
    assert.equal(finding(app(sentry), 'schedule-drift'), undefined);
    assert.ok(finding(app(sentry.replace('0 5', '30 5')), 'schedule-drift'));
  });
});

describe('Guard against duplicate runs on a route a Vercel Schedules path entry requests', () => {
  const schedulesApp = (entry: Record<string, unknown>, extra: Files = {}): Files => ({
    ...app(ASYNC_GET, extra),
    'vercel.json': JSON.stringify({ schedules: [{ name: 'job', schedule: '0 9 * * *', path: '/api/cron/job', requestMethod: 'GET', ...entry }] }, null, 2),
  });

  it('keys the run by the scheduled instant in the entry zone: the guard carries timeZone, and the project type-checks', () => {
    const files = schedulesApp({ timezone: 'Europe/Berlin', jitter: 5 });
    const chosen = fix(files, 'no-idempotency-guard');
    const after = applied(files, chosen);
    assert.match(after[ROUTE]!, /withCronRunGuard\(\{ job: 'job', schedule: '0 9 \* \* \*', timeZone: 'Europe\/Berlin', lockSeconds: \d+ \}, async \(request: Request\) => \{/);
    assert.match(after['lib/cron-run-guard.ts']!, /execution ID across duplicate deliveries, but no\n \* documented header carries it, so the scheduled instant is the key/);
    assert.deepEqual(diagnosticsOf(after), []);
    assert.equal(finding(after, 'no-idempotency-guard'), undefined, 'guarded: the hint is gone');
    assert.equal(finding(after, 'schedule-drift'), undefined);
  });

  it('a UTC entry (named or by default) keys as a cron does, with no timeZone', () => {
    for (const entry of [{}, { timezone: 'UTC' }, { timezone: 'Etc/UTC' }]) {
      const after = applied(schedulesApp(entry), fix(schedulesApp(entry), 'no-idempotency-guard'));
      assert.match(after[ROUTE]!, /withCronRunGuard\(\{ job: 'job', schedule: '0 9 \* \* \*', lockSeconds: \d+ \}/, JSON.stringify(entry));
    }
  });

  it('not offered, and no hint, when jitter reaches the shortest interval: a late run could start in the next slot', () => {
    assert.equal(finding(schedulesApp({ schedule: '*/10 * * * *', jitter: 10 }), 'no-idempotency-guard'), undefined);
    assert.equal(finding(schedulesApp({ schedule: '*/10 * * * *', jitter: 15 }), 'no-idempotency-guard'), undefined);
    assert.ok(finding(schedulesApp({ schedule: '*/10 * * * *', jitter: 9 }), 'no-idempotency-guard'), 'jitter below the interval: offered');
  });

  it('says nothing when it cannot tell the slot: an unknown zone, a jitter out of range, or a cron and a schedule on the route', () => {
    assert.equal(finding(schedulesApp({ timezone: 'Mars/Olympus' }), 'no-idempotency-guard'), undefined);
    assert.equal(finding(schedulesApp({ jitter: 1.5 }), 'no-idempotency-guard'), undefined);
    const both = { ...schedulesApp({ timezone: 'Europe/Berlin' }) };
    both['vercel.json'] = JSON.stringify({ crons: [{ path: '/api/cron/job', schedule: '0 5 * * *' }], schedules: [{ name: 'job', schedule: '0 9 * * *', path: '/api/cron/job', requestMethod: 'GET', timezone: 'Europe/Berlin' }] });
    assert.equal(finding(both, 'no-idempotency-guard'), undefined);
  });

  it('a helper the project already has that knows no timeZone is not used for a zoned schedule: the hint stays, with no fix', () => {
    const old = `export function withCronRunGuard<H>(options: { job: string; schedule: string; lockSeconds: number }, handler: H): H {\n  return handler;\n}\n`;
    const found = finding(schedulesApp({ timezone: 'Europe/Berlin' }, { 'lib/cron-run-guard.ts': old }), 'no-idempotency-guard');
    assert.ok(found);
    assert.deepEqual(found.fixes, []);
    assert.equal(fix(schedulesApp({}, { 'lib/cron-run-guard.ts': old }), 'no-idempotency-guard').createFiles, undefined, 'UTC: the existing helper is imported');
  });
});

describe('the fixed project type-checks against the real packages', () => {
  const deps = { ioredis: '5', pg: '8', '@upstash/redis': '1', redis: '5', postgres: '3', '@neondatabase/serverless': '1', '@sentry/nextjs': '10' };
  const base = (): Files => ({ ...app(ASYNC_GET), 'package.json': withDeps(deps) });
  const stores = ['upstash-redis', 'ioredis', 'node-redis', 'pg', 'postgres-js', 'neon'];
  for (const store of stores) {
    it(`monitoring + guard (${store}) + Sentry on an App Router GET`, () => {
      let files: Record<string, string> = { ...base() };
      files = applied(files, fix(files, 'no-monitoring', /^Wrap with cron monitoring$/));
      const guard = finding(files, 'no-idempotency-guard')!.fixes.find((f) => f.variant?.key === store)!;
      files = applied(files, guard);
      assert.deepEqual(diagnosticsOf(files), []);
      // And the Sentry variant on a fresh copy.
      const plain: Record<string, string> = { ...base() };
      const sentry = applied(plain, fix(plain, 'no-monitoring', /Sentry/));
      assert.match(sentry[ROUTE]!, /withSentryCronMonitor\('job', \{ schedule: \{ type: 'crontab', value: '0 5 \* \* \*' \}, checkinMargin: 60, maxRuntime: 5, timezone: 'Etc\/UTC' \}, async/);
      assert.deepEqual(diagnosticsOf(sentry), []);
    });
  }
  it('the interface store as generated compiles, with the route it wrapped, and names its file in its errors', () => {
    let files: Record<string, string> = { ...app(ASYNC_GET) };
    files = applied(files, fix(files, 'no-monitoring', /^Wrap with cron monitoring$/));
    const guard = fix(files, 'no-idempotency-guard');
    assert.equal(guard.variant?.key, 'interface');
    files = applied(files, guard);
    assert.match(files[ROUTE]!, /export const GET = withCronRunGuard\(\{ job: 'job', schedule: '0 5 \* \* \*', lockSeconds: \d+ \}, withCronMonitoring\('job', async \(request: Request\) => \{/);
    assert.match(files['lib/cron-run-guard.ts']!, /throw new Error\('Implement cronRunStore\.claim\(\) in lib\/cron-run-guard\.ts: /);
    assert.deepEqual(diagnosticsOf(files), []);
  });
  it('the interface store names the file it was created as: src/lib, JavaScript', () => {
    const route = 'src/app/api/cron/job/route.js';
    const files: Files = { 'vercel.json': vercelJson(), 'package.json': withDeps({}), 'tsconfig.json': TSCONFIG_SRC_ALIAS, [route]: 'export async function GET() {\n  return Response.json({});\n}\n' };
    const created = fix(files, 'no-idempotency-guard', /./, route).createFiles?.[0];
    assert.equal(created?.file, 'src/lib/cron-run-guard.js');
    assert.match(created!.content, /throw new Error\('Implement cronRunStore\.claim\(\) in src\/lib\/cron-run-guard\.js: /);
    assert.match(created!.content, /throw new Error\('Implement cronRunStore\.release\(\) in src\/lib\/cron-run-guard\.js: /);
  });
});
