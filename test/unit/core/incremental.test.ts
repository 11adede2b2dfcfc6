/**
 * The facade's incremental re-check (issue #16): a file event re-analyses the routes whose last
 * check read the path (or probed it and found nothing), every route for a project-wide input, and
 * after any sequence of edits, creations and deletions the findings are exactly those a service
 * made afresh finds. Property test: fast-check under a fixed seed (FC_SEED, default 20261128).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createCronService, type CronService, type CronServiceHost, type HostRead } from '../../../src/core/service';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { loadTypeScript } from '../../../src/node/loadTypeScript';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;
const NUM_RUNS = 60;
const FOLDER = '/work/app';

function memoryHost(initial: Record<string, string>) {
  const disk = new Map(Object.entries(initial).map(([file, text]) => [path.posix.join(FOLDER, file), text]));
  const host: CronServiceHost = {
    listFiles: (folder) => ({
      files: [...disk.keys()].filter((file) => file.startsWith(`${folder}/`)).map((file) => path.posix.relative(folder, file)).sort(),
      unread: new Map(),
    }),
    readFile: (file): HostRead => {
      const text = disk.get(file);
      return text === undefined ? { missing: true } : { text };
    },
    inFolder: (folder) => (relative) => path.posix.join(folder, relative),
    relative: (folder, file) => path.posix.relative(folder, file),
    settings: () => ({ ...DEFAULT_SETTINGS, plan: 'pro' }),
    mayReadSecrets: () => true,
    loadTypeScript,
    now: () => new Date('2026-11-28T02:00:00Z'),
  };
  const at = (file: string) => path.posix.join(FOLDER, file);
  return { host, disk, at };
}

const guardedBy = (module: string) => `import { isCron } from '${module}';

export async function GET(request: Request) {
  if (!isCron(request)) return new Response('Unauthorized', { status: 401 });
  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
  return Response.json({ ok: true });
}
`;
const OPEN_ROUTE = `export async function GET() {
  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
  return Response.json({ ok: true });
}
`;
const INLINE_FAIL_OPEN = `export async function GET(request: Request) {
  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });
  return Response.json({ ok: true });
}
`;
const POST_ONLY = `export async function POST() {
  await fetch('https://example.com/hooks/rebuild', { method: 'POST' });
  return Response.json({ ok: true });
}
`;
const SAFE_HELPER = `export function isCron(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return false;
  return request.headers.get('authorization') === \`Bearer \${secret}\`;
}
`;
const FAIL_OPEN_HELPER = `export function isCron(request: Request): boolean {
  return request.headers.get('authorization') === \`Bearer \${process.env.CRON_SECRET}\`;
}
`;
const MIDDLEWARE_CHECK = `import { NextResponse } from 'next/server';
import { isCron } from '@/lib/a';

export function middleware(request: Request) {
  if (!isCron(request)) return new Response('Unauthorized', { status: 401 });
  return NextResponse.next();
}

export const config = { matcher: '/api/cron/:path*' };
`;

const BASE = {
  'package.json': '{ "dependencies": { "next": "15.0.0" } }',
  'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }',
  'vercel.json': '{ "crons": [ { "path": "/api/cron/r0", "schedule": "0 3 * * *" }, { "path": "/api/cron/r1", "schedule": "0 4 * * *" }, { "path": "/api/cron/r2", "schedule": "0 5 * * *" } ] }\n',
};

/** Every route and env file's findings as plain data, by project path: what a front end shows. */
function shown(cron: CronService, at: (file: string) => string): Record<string, string[]> {
  const all: Record<string, string[]> = {};
  const project = cron.routeDiagnostics(at('vercel.json'));
  for (const [file, findings] of [...(project?.files ?? [])].sort(([a], [b]) => (a < b ? -1 : 1))) {
    all[file] = findings.map((f) => `${f.code} ${f.severity} ${f.span.start}-${f.span.end} ${f.message}`);
  }
  return all;
}

describe('incremental re-check: what an event reaches', () => {
  const routes = {
    'app/api/cron/r0/route.ts': guardedBy('@/lib/shared'),
    'app/api/cron/r1/route.ts': guardedBy('@/lib/shared'),
    'app/api/cron/r2/route.ts': guardedBy('@/lib/other'),
    'app/api/cron/r3/route.ts': OPEN_ROUTE,
  };
  const setUp = (extra: Record<string, string> = {}) => {
    const memory = memoryHost({ ...BASE, ...routes, 'lib/shared.ts': SAFE_HELPER, 'lib/other.ts': SAFE_HELPER, ...extra });
    const cron = createCronService(memory.host, () => FOLDER);
    cron.routeDiagnostics(memory.at('vercel.json'));
    return { ...memory, cron };
  };

  it('editing a shared helper re-analyses exactly the routes importing it', () => {
    const { cron, disk, at, host } = setUp();
    const before = cron.routeChecks();
    disk.set(at('lib/shared.ts'), FAIL_OPEN_HELPER);
    assert.deepEqual(cron.fileChanged(at('lib/shared.ts')), [{ root: FOLDER, file: 'lib/shared.ts', kind: 'changed', routes: true }]);
    const after = shown(cron, at);
    assert.equal(cron.routeChecks() - before, 2);
    assert.deepEqual(after, shown(createCronService(host, () => FOLDER), at));
    assert.ok(after['app/api/cron/r0/route.ts']!.some((f) => f.startsWith('auth-fails-open')));
    assert.ok(!after['app/api/cron/r2/route.ts']!.some((f) => f.startsWith('auth-fails-open')));
  });

  it('editing one route re-analyses that route only', () => {
    const { cron, disk, at } = setUp();
    const before = cron.routeChecks();
    disk.set(at('app/api/cron/r3/route.ts'), `${OPEN_ROUTE}// edited\n`);
    cron.fileChanged(at('app/api/cron/r3/route.ts'));
    shown(cron, at);
    assert.equal(cron.routeChecks() - before, 1);
  });

  it('creating and deleting a module an import resolution probed: the findings follow it', () => {
    const { cron, disk, at, host } = setUp({ 'app/api/cron/r3/route.ts': guardedBy('@/lib/missing') });
    const fresh = () => shown(createCronService(host, () => FOLDER), at);
    for (const file of ['lib/missing/index.ts', 'lib/missing.ts']) {
      disk.set(at(file), FAIL_OPEN_HELPER);
      cron.fileCreated(at(file));
      const created = shown(cron, at);
      assert.deepEqual(created, fresh(), `${file} created`);
      assert.ok(created['app/api/cron/r3/route.ts']!.some((f) => f.startsWith('auth-fails-open')), file);
      disk.delete(at(file));
      cron.fileDeleted(at(file));
      assert.deepEqual(shown(cron, at), fresh(), `${file} deleted`);
    }
  });

  it("a route finding's fixes, built when asked for, are those a one-shot run builds", () => {
    const { cron, disk, at, host } = setUp();
    disk.set(at('app/api/cron/r3/route.ts'), `${OPEN_ROUTE}// edited\n`);
    cron.fileChanged(at('app/api/cron/r3/route.ts'));
    const findings = cron.routeDiagnostics(at('vercel.json'))!.files.get('app/api/cron/r3/route.ts')!;
    const oneShot = createCronService(host).checkProject(FOLDER, { withFixes: true }).find((r) => r.reported === 'app/api/cron/r3/route.ts')!.findings;
    assert.deepEqual(findings.map((f) => [f.code, f.span]), oneShot.map((f) => [f.code, f.span]));
    for (const [index, finding] of findings.entries()) {
      assert.deepEqual(cron.codeActions(at('app/api/cron/r3/route.ts'), finding.span, finding.code), oneShot[index]!.fixes, finding.code);
    }
    assert.ok(findings.some((f) => f.code === 'missing-auth' && f.fixes.length > 0));
  });

  it('a helper the middleware imports is a project-wide input: every route is re-analysed', () => {
    const { cron, disk, at, host } = setUp({ 'middleware.ts': MIDDLEWARE_CHECK, 'lib/a.ts': SAFE_HELPER });
    const before = cron.routeChecks();
    disk.set(at('lib/a.ts'), FAIL_OPEN_HELPER);
    cron.fileChanged(at('lib/a.ts'));
    assert.deepEqual(shown(cron, at), shown(createCronService(host, () => FOLDER), at));
    assert.equal(cron.routeChecks() - before, 4);
  });
});

/** The files a sequence may write, and what each may hold. */
const VARIANTS: Record<string, readonly string[]> = {
  'app/api/cron/r0/route.ts': [guardedBy('@/lib/a'), guardedBy('@/lib/b'), OPEN_ROUTE, INLINE_FAIL_OPEN, POST_ONLY],
  'app/api/cron/r1/route.ts': [guardedBy('@/lib/a'), guardedBy('./helper'), OPEN_ROUTE],
  'app/api/cron/r1/helper.ts': [SAFE_HELPER, FAIL_OPEN_HELPER, "export { isCron } from '@/lib/b';\n"],
  'app/api/cron/r2/route.ts': [guardedBy('@/lib/b'), INLINE_FAIL_OPEN],
  // Glob-only: a cron route only when it exports GET and shows no other verification.
  'app/api/cron/r3/route.ts': [guardedBy('@/lib/a'), OPEN_ROUTE, POST_ONLY],
  'lib/a.ts': [SAFE_HELPER, FAIL_OPEN_HELPER, "export { isCron } from './b';\n"],
  'lib/a/index.ts': [SAFE_HELPER, FAIL_OPEN_HELPER],
  'lib/b.ts': [SAFE_HELPER, FAIL_OPEN_HELPER],
  'middleware.ts': ['export function middleware() {}\n', MIDDLEWARE_CHECK],
  '.env': ['CRON_SECRET=short\n', 'CRON_SECRET=4f9a8c2e7b1d6a3f0e5c9b8a7d6e5f4a3b2c1d0e\n'],
  'tsconfig.json': [BASE['tsconfig.json'], '{ "compilerOptions": { "paths": { "@/*": ["./src/*", "./*"] } } }'],
};
const FILES = Object.keys(VARIANTS);

type Step = { file: string; variant: number } | { file: string; variant: 'delete' };
const step: fc.Arbitrary<Step> = fc.constantFrom(...FILES).chain((file) =>
  fc.oneof(
    fc.integer({ min: 0, max: VARIANTS[file]!.length - 1 }).map((variant): Step => ({ file, variant })),
    fc.constant<Step>({ file, variant: 'delete' }),
  ),
);
const start = fc.record(Object.fromEntries(FILES.map((file) => [file, fc.option(fc.integer({ min: 0, max: VARIANTS[file]!.length - 1 }), { nil: undefined })])));

describe(`incremental re-check equals a fresh check (fast-check seed ${SEED}, ${NUM_RUNS} runs)`, () => {
  it('after every edit, creation or deletion, the findings are those a service made afresh finds', () => {
    fc.assert(
      fc.property(start, fc.array(step, { minLength: 1, maxLength: 8 }), (initial, steps) => {
        const files: Record<string, string> = { ...BASE };
        for (const [file, variant] of Object.entries(initial)) if (variant !== undefined) files[file] = VARIANTS[file]![variant]!;
        const { host, disk, at } = memoryHost(files);
        const cron = createCronService(host, () => FOLDER);
        assert.deepEqual(shown(cron, at), shown(createCronService(host, () => FOLDER), at), 'before any event');
        for (const [index, { file, variant }] of steps.entries()) {
          const existed = disk.has(at(file));
          if (variant === 'delete') {
            if (!existed) continue;
            disk.delete(at(file));
            cron.fileDeleted(at(file));
          } else {
            disk.set(at(file), VARIANTS[file]![variant]!);
            if (existed) cron.fileChanged(at(file));
            else cron.fileCreated(at(file));
          }
          assert.deepEqual(shown(cron, at), shown(createCronService(host, () => FOLDER), at), `after step ${index}: ${file} ${variant}`);
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });
});
