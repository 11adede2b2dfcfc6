/**
 * The cron functions of a Vercel project without Next.js (routes/functionRoutes.ts): an api/ file
 * that vercel.json schedules is read by the same route rules as a Next.js route, whatever shape
 * Vercel supports for its handler (a `(req, res)` default export, a Web GET, `export default
 * { fetch }`, a default function of a Request, CommonJS), with fixes that fit that shape. Files
 * nothing schedules, and projects whose paths a framework or vercel.json routes, say nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { type Files, findingsIn, fixTitled, type Row, runRoutes, single, summary } from '../../support/ruleHarness';
import { assertGuards, runVercelFunction } from '../../support/routeRunner';
import { assertTypeChecks } from './typecheck';
import type { RouteCheckOptions } from '../../../../src/core/routes/check';
import type { Finding, Fix } from '../../../../src/core/diagnostics';

/** A plain Vercel project: functions in api/, TypeScript compiled by @vercel/node, ESM. */
const PACKAGE = JSON.stringify({ name: 'jobs', private: true, type: 'module', devDependencies: { '@vercel/node': '5.3.24', typescript: '5.9.3' } }, null, 2) + '\n';
/** The same without "type": "module": TypeScript compiles to CommonJS. */
const PACKAGE_CJS = JSON.stringify({ name: 'jobs', private: true, devDependencies: { '@vercel/node': '5.3.24' } }, null, 2) + '\n';

function vercel(paths: string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...extra, crons: paths.map((path) => ({ path, schedule: '0 5 * * *' })) }, null, 2) + '\n';
}

/** A project whose vercel.json schedules `path`, with the given files. */
function project(files: Files, paths: string[] = ['/api/cron'], extra: Record<string, unknown> = {}): Files {
  return { 'package.json': PACKAGE, 'vercel.json': vercel(paths, extra), ...files };
}

const WITH_WRAPPER_HINTS: Partial<RouteCheckOptions> = { rules: { 'no-monitoring': 'hint', 'no-idempotency-guard': 'hint' } };

// The shapes, each without any check, each with a fail-open one, and each done right.
const NODE_MISSING = `import type { VercelRequest, VercelResponse } from '@vercel/node';

let runs = 0;

export default function handler(req: VercelRequest, res: VercelResponse) {
  runs++;
  res.status(200).json({ removed: 0, runs });
}
`;
const NODE_FAILS_OPEN = `import type { VercelRequest, VercelResponse } from '@vercel/node';

export default async function handler(req: VercelRequest, res: VercelResponse) {
  if (req.headers['authorization'] !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return res.status(401).end();
  }
  return res.status(200).json({ removed: 0 });
}
`;
const NODE_SKIPPED_WHEN_UNSET = `import type { VercelRequest, VercelResponse } from '@vercel/node';

export default function handler(req: VercelRequest, res: VercelResponse) {
  if (process.env.CRON_SECRET && req.headers.authorization !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return res.status(401).json({ error: 'Unauthorized' });
  }
  res.status(200).json({ removed: 0 });
}
`;
const NODE_FAIL_CLOSED = `import { timingSafeEqual } from 'node:crypto';
import type { VercelRequest, VercelResponse } from '@vercel/node';

export default function handler(req: VercelRequest, res: VercelResponse) {
  const secret = process.env.CRON_SECRET;
  const expected = Buffer.from(\`Bearer \${secret}\`);
  const actual = Buffer.from(req.headers.authorization ?? '');
  if (!secret || actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return res.status(401).json({ error: 'Unauthorized' });
  }
  res.status(200).json({ removed: 0 });
}
`;
const WEB_MISSING = `let runs = 0;

export async function GET() {
  runs++;
  return Response.json({ sent: 3, runs });
}
`;
const WEB_SKIPPED_WHEN_UNSET = `export async function GET(request: Request) {
  if (process.env.CRON_SECRET && request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return new Response('Unauthorized', { status: 401 });
  }
  return Response.json({ sent: 3 });
}
`;
const FETCH_MISSING = `let runs = 0;

export default {
  async fetch(request) {
    runs++;
    return Response.json({ synced: request.url, runs });
  },
};
`;
const DEFAULT_WEB_MISSING = `let runs = 0;

export default async function (request: Request) {
  runs++;
  return new Response(\`synced \${new URL(request.url).pathname} \${runs}\`);
}
`;
const COMMONJS_FAILS_OPEN = `'use strict';

module.exports = async (req, res) => {
  if (req.headers.authorization !== \`Bearer \${process.env.CRON_SECRET}\`) {
    return res.status(401).end();
  }
  res.json({ ok: true });
};
`;
/** A default export that shows neither (req, res) nor a Request: analysed, but no answer is written for it. */
const UNSURE_MISSING = `export default async function handler() {
  await fetch('https://example.com/hooks/nightly', { method: 'POST' });
}
`;

describe('cron functions of a project without Next.js: the route rules read them', () => {
  const cases: [name: string, files: Files, file: string, rows: Row[]][] = [
    ['(req, res) with no check', project({ 'api/cron.ts': NODE_MISSING }), 'api/cron.ts', [['missing-auth', 'error', 'handler']]],
    [
      '(req, res) comparing with `Bearer ${CRON_SECRET}`, no refusal when unset',
      project({ 'api/cron.ts': NODE_FAILS_OPEN }),
      'api/cron.ts',
      [['auth-fails-open', 'error', "req.headers['authorization'] !== `Bearer ${process.env.CRON_SECRET}`"]],
    ],
    [
      '(req, res) checking only when CRON_SECRET is set',
      project({ 'api/cron.ts': NODE_SKIPPED_WHEN_UNSET }),
      'api/cron.ts',
      [['auth-fails-open', 'error', 'process.env.CRON_SECRET && req.headers.authorization !== `Bearer ${process.env.CRON_SECRET}`']],
    ],
    ['(req, res) fail-closed and constant-time: clean', project({ 'api/cron.ts': NODE_FAIL_CLOSED }), 'api/cron.ts', []],
    ['a Web GET with no check', project({ 'api/cron.ts': WEB_MISSING }), 'api/cron.ts', [['missing-auth', 'error', 'GET']]],
    ["TypeScript's export = of a (req, res) function", project({ 'api/cron.ts': NODE_MISSING.replace('export default function handler', 'function handler') + '\nexport = handler;\n', 'package.json': PACKAGE_CJS }), 'api/cron.ts', [['missing-auth', 'error', 'handler']]],
    [
      'a Web GET checking only when CRON_SECRET is set',
      project({ 'api/cron.ts': WEB_SKIPPED_WHEN_UNSET }),
      'api/cron.ts',
      [['auth-fails-open', 'error', "process.env.CRON_SECRET && request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`"]],
    ],
    ['export default { fetch } with no check', project({ 'api/cron.mjs': FETCH_MISSING }), 'api/cron.mjs', [['missing-auth', 'error', 'fetch']]],
    ['export default async function (request: Request) with no check', project({ 'api/cron.ts': DEFAULT_WEB_MISSING }), 'api/cron.ts', [['missing-auth', 'error', 'default']]],
    [
      'CommonJS module.exports = (req, res) => …, fail-open',
      project({ 'api/cron.js': COMMONJS_FAILS_OPEN, 'package.json': PACKAGE_CJS }),
      'api/cron.js',
      [['auth-fails-open', 'error', 'req.headers.authorization !== `Bearer ${process.env.CRON_SECRET}`']],
    ],
    ['api/cron/index.ts serves /api/cron', project({ 'api/cron/index.ts': WEB_MISSING }), 'api/cron/index.ts', [['missing-auth', 'error', 'GET']]],
    ['api/jobs/[name].ts serves /api/jobs/digest', project({ 'api/jobs/[name].ts': NODE_MISSING }, ['/api/jobs/digest']), 'api/jobs/[name].ts', [['missing-auth', 'error', 'handler']]],
    ['a query string is not part of the path', project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron?job=nightly']), 'api/cron.ts', [['missing-auth', 'error', 'GET']]],
    [
      'a static file still serves its path with an SPA rewrite (the file system comes first)',
      project({ 'api/cron.ts': WEB_MISSING, 'src/main.tsx': 'export {};\n' }, ['/api/cron'], { rewrites: [{ source: '/(.*)', destination: '/index.html' }] }),
      'api/cron.ts',
      [['missing-auth', 'error', 'GET']],
    ],
    [
      'vercel.json framework "vite" (a single-page app) leaves api/ to the functions',
      project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { framework: 'vite', outputDirectory: 'dist' }),
      'api/cron.ts',
      [['missing-auth', 'error', 'GET']],
    ],
    [
      'a redirect elsewhere leaves /api alone',
      project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { redirects: [{ source: '/blog/:slug', destination: '/news/:slug' }, { source: '/old', destination: '/' }] }),
      'api/cron.ts',
      [['missing-auth', 'error', 'GET']],
    ],
    [
      'a middleware at the root that checks the secret: precision first, missing-auth is silent',
      project({
        'api/cron.ts': WEB_MISSING,
        'middleware.ts': "export default function middleware(request: Request) {\n  if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) return new Response('no', { status: 401 });\n}\n",
      }),
      'api/cron.ts',
      [['auth-fails-open', 'error', 'GET']],
    ],
    [
      'Next.js-only rules stay silent: segment config and an exported maxDuration mean nothing to a plain function',
      project({ 'api/cron.ts': `export const dynamic = 'force-static';\nexport const revalidate = 3600;\nexport const maxDuration = 9000;\n\n${WEB_MISSING}` }),
      'api/cron.ts',
      [['missing-auth', 'error', 'GET']],
    ],
    [
      'maxDuration from vercel.json functions is checked against the plan',
      project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { functions: { 'api/*.ts': { maxDuration: 9000 } } }),
      'api/cron.ts',
      [
        ['max-duration-exceeds-plan', 'warning', 'GET'],
        ['missing-auth', 'error', 'GET'],
      ],
    ],
  ];
  for (const [name, files, file, rows] of cases) {
    it(name, () => {
      const results = runRoutes(files);
      assert.deepEqual(
        results.map((r) => r.file),
        [file],
        'the scheduled function, and only it, is checked',
      );
      const findings = results[0]!.findings;
      assert.deepEqual(summary(files[file]!, findings), rows);
      for (const finding of findings) assert.doesNotMatch(finding.message, /Next\.js|NextResponse|App Router|Pages Router/, `${finding.code} speaks of Next.js in a project without it`);
    });
  }

  it('the wrapper hints reach a function, and their fixes import the helper as Node.js resolves it (.js under ESM)', () => {
    const files = project({ 'api/cron.ts': NODE_FAIL_CLOSED });
    const rows = summary(files['api/cron.ts']!, findingsIn(files, 'api/cron.ts', WITH_WRAPPER_HINTS));
    assert.deepEqual(rows, [
      ['no-idempotency-guard', 'hint', 'handler'],
      ['no-monitoring', 'hint', 'handler'],
    ]);
    const fix = fixTitled(single('no-monitoring', files, 'api/cron.ts', WITH_WRAPPER_HINTS), /^Wrap with cron monitoring$/);
    const wrapped = applyEdits(files['api/cron.ts']!, fix.edits);
    assert.match(wrapped, /^import \{ withCronMonitoring \} from '\.\.\/lib\/cron-monitoring\.js';$/m);
    assert.match(wrapped, /^export default withCronMonitoring\('cron', function handler\(req: VercelRequest, res: VercelResponse\) \{$/m);
    assert.deepEqual(fix.createFiles?.map((f) => f.file), ['lib/cron-monitoring.ts']);
  });

  it('under CommonJS (no "type": "module") the import has no extension, and no tsconfig alias either: nothing bundles a function', () => {
    const files = project({ 'api/cron.ts': WEB_MISSING, 'package.json': PACKAGE_CJS, 'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }) });
    const fix = fixTitled(single('no-monitoring', files, 'api/cron.ts', WITH_WRAPPER_HINTS), /^Wrap with cron monitoring$/);
    assert.match(applyEdits(files['api/cron.ts']!, fix.edits), /^import \{ withCronMonitoring \} from '\.\.\/lib\/cron-monitoring';$/m);
  });

  it('export default { fetch } and module.exports cannot be wrapped: the hints stand without a fix', () => {
    for (const [file, text, pkg] of [
      ['api/cron.mjs', FETCH_MISSING, PACKAGE],
      ['api/cron.js', COMMONJS_FAILS_OPEN, PACKAGE_CJS],
    ] as const) {
      const findings = findingsIn(project({ [file]: text, 'package.json': pkg }), file, WITH_WRAPPER_HINTS).filter((f) => f.code === 'no-monitoring' || f.code === 'no-idempotency-guard');
      assert.equal(findings.length, 2, file);
      assert.deepEqual(
        findings.map((f) => f.fixes),
        [[], []],
        file,
      );
    }
  });
});

/** Applies a fix to the file, asserting it settles: the code it fixed is not reported again. */
function applied(files: Files, file: string, finding: Finding, fix: Fix): string {
  const fixed = applyEdits(files[file]!, fix.edits);
  const after = findingsIn({ ...files, [file]: fixed }, file).filter((f) => f.code === finding.code);
  assert.deepEqual(summary(fixed, after), [], `the fix settles:\n${fixed}`);
  return fixed;
}

/** Minimal types of @vercel/node for type-checking a fixed (req, res) function. */
const VERCEL_NODE_TYPES = `declare module '@vercel/node' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export interface VercelRequest extends IncomingMessage {
    query: Record<string, string | string[]>;
    cookies: Record<string, string>;
    body: unknown;
  }
  export interface VercelResponse extends ServerResponse {
    status(code: number): VercelResponse;
    json(body: unknown): VercelResponse;
    send(body: unknown): VercelResponse;
  }
}
`;

describe('cron functions: Vercel Schedules path targets, sent with their own method', () => {
  /** A plain Vercel project whose vercel.json schedules `path` with Schedules, POST unless `requestMethod` says otherwise. */
  const scheduled = (files: Files, requestMethod?: 'GET' | 'POST'): Files => ({
    'package.json': PACKAGE,
    'vercel.json': JSON.stringify({ schedules: [{ name: 'rotate-keys', schedule: '0 5 * * *', path: '/api/rotate', ...(requestMethod ? { requestMethod } : {}) }] }, null, 2) + '\n',
    ...files,
  });
  const OPEN_POST = `export async function POST(request: Request) {
  await fetch('https://keys.example.com/rotate', { method: 'POST' });
  return Response.json({ rotated: true });
}
`;

  it('a POST target (the default) whose function exports POST with no check: missing-auth on POST', () => {
    const files = scheduled({ 'api/rotate.ts': OPEN_POST });
    assert.deepEqual(summary(files['api/rotate.ts']!, findingsIn(files, 'api/rotate.ts')).filter(([code]) => code === 'missing-auth'), [['missing-auth', 'error', 'POST']]);
  });

  it('the same with "requestMethod": "POST" written out', () => {
    const files = scheduled({ 'api/rotate.ts': OPEN_POST }, 'POST');
    assert.deepEqual(summary(files['api/rotate.ts']!, findingsIn(files, 'api/rotate.ts')).filter(([code]) => code === 'missing-auth'), [['missing-auth', 'error', 'POST']]);
  });

  it('a (req, res) default export takes every method: read for a POST target as for a GET one', () => {
    const files = scheduled({ 'api/rotate.ts': NODE_MISSING });
    assert.ok(findingsIn(files, 'api/rotate.ts').some((f) => f.code === 'missing-auth'));
  });
});

describe('cron functions: the fixes write code for the handler shape, and it refuses what it must', () => {
  it('(req, res) with no check: the guard reads req.headers.authorization and answers with res.status(401)', async () => {
    const files = project({ 'api/cron.ts': NODE_MISSING });
    const finding = single('missing-auth', files, 'api/cron.ts');
    const fixed = applied(files, 'api/cron.ts', finding, fixTitled(finding, /^Add CRON_SECRET check/));
    assert.match(fixed, /isSameSecret\(req\.headers\.authorization, `Bearer \$\{cronSecret\}`\)/);
    assert.match(fixed, /return res\.status\(401\)\.json\(\{ error: 'Unauthorized' \}\);/);
    assertTypeChecks({ 'api/cron.ts': fixed, 'vercel-node.d.ts': VERCEL_NODE_TYPES });
    await assertGuards((call) => runVercelFunction(fixed, call));
  });

  it('(req, res) failing open: the refusal first when the secret is unset is res.status(401)', async () => {
    const files = project({ 'api/cron.ts': NODE_FAILS_OPEN });
    const finding = single('auth-fails-open', files, 'api/cron.ts');
    const fixed = applied(files, 'api/cron.ts', finding, fixTitled(finding, /^Make the check fail closed/));
    assert.match(fixed, /if \(!process\.env\.CRON_SECRET\) \{\n {4}return res\.status\(401\)\.json\(\{ error: 'Unauthorized' \}\);\n {2}\}/);
    assertTypeChecks({ 'api/cron.ts': fixed, 'vercel-node.d.ts': VERCEL_NODE_TYPES });
    await assertGuards((call) => runVercelFunction(fixed, call));
  });

  it('a Web GET with no check: a Request parameter, Response.json 401', async () => {
    const files = project({ 'api/cron.ts': WEB_MISSING });
    const finding = single('missing-auth', files, 'api/cron.ts');
    const fixed = applied(files, 'api/cron.ts', finding, fixTitled(finding, /^Add CRON_SECRET check/));
    assert.match(fixed, /^export async function GET\(request: Request\) \{$/m);
    assert.match(fixed, /return Response\.json\(\{ error: 'Unauthorized' \}, \{ status: 401 \}\);/);
    assertTypeChecks({ 'api/cron.ts': fixed });
    await assertGuards((call) => runVercelFunction(fixed, call));
  });

  it('export default { fetch }: the guard goes into fetch', async () => {
    const files = project({ 'api/cron.mjs': FETCH_MISSING });
    const finding = single('missing-auth', files, 'api/cron.mjs');
    const fixed = applied(files, 'api/cron.mjs', finding, fixTitled(finding, /^Add CRON_SECRET check/));
    assert.match(fixed, /async fetch\(request\) \{\n {4}\/\/ Fail closed/);
    // The runner strips to CommonJS, which a .mjs name would not allow.
    await assertGuards((call) => runVercelFunction(fixed, call, { fileName: 'cron.js' }));
  });

  it('export default async function (request: Request) on the edge runtime: Web Crypto, awaited', async () => {
    const source = `export const config = { runtime: 'edge' };\n\nlet runs = 0;\n\nexport default function (request: Request) {\n  runs++;\n  return new Response(\`\${request.url} \${runs}\`);\n}\n`;
    const files = project({ 'api/cron.ts': source });
    const finding = single('missing-auth', files, 'api/cron.ts');
    const fixed = applied(files, 'api/cron.ts', finding, fixTitled(finding, /^Add CRON_SECRET check/));
    assert.match(fixed, /^export default async function \(request: Request\) \{$/m);
    assert.match(fixed, /\(await isSameSecret\(request\.headers\.get\('authorization'\)/);
    assert.doesNotMatch(fixed, /node:crypto/);
    assertTypeChecks({ 'api/cron.ts': fixed });
    await assertGuards((call) => runVercelFunction(fixed, call, { web: true }));
  });

  it('on the edge, a default function of (request, context) gets a Request: the fix answers with a Response', () => {
    const source = `export const config = { runtime: 'edge' };\n\nlet runs = 0;\n\nexport default async function handler(request: Request, context: unknown) {\n  runs++;\n  return new Response(\`\${String(context)} \${runs}\`);\n}\n`;
    const finding = single('missing-auth', project({ 'api/cron.ts': source }), 'api/cron.ts');
    const fixed = applyEdits(source, fixTitled(finding, /^Add CRON_SECRET check/).edits);
    assert.match(fixed, /return Response\.json\(\{ error: 'Unauthorized' \}, \{ status: 401 \}\);/);
    assert.match(fixed, /request\.headers\.get\('authorization'\)/);
  });

  it('on the edge, a fetch method that is not async cannot await the Web Crypto comparison: no fix', () => {
    const source = `export const config = { runtime: 'edge' };\n\nlet runs = 0;\n\nexport default {\n  fetch(request) {\n    runs++;\n    return new Response(\`\${request.url} \${runs}\`);\n  },\n};\n`;
    assert.deepEqual(single('missing-auth', project({ 'api/cron.js': source }), 'api/cron.js').fixes, []);
  });

  it('CommonJS: the constant-time helper is required, not imported', async () => {
    const files = project({ 'api/cron.js': COMMONJS_FAILS_OPEN, 'package.json': PACKAGE_CJS });
    // One line, one finding: the fail-open comparison is reported, and its fix makes it constant-time too.
    const failsOpen = single('auth-fails-open', files, 'api/cron.js');
    const fixed = applied(files, 'api/cron.js', failsOpen, fixTitled(failsOpen, /^Make the check fail closed/));
    assert.match(fixed, /^'use strict';\n\nconst \{ timingSafeEqual \} = require\('node:crypto'\);\n/);
    assert.doesNotMatch(fixed, /^import /m);
    assert.deepEqual(
      findingsIn({ ...files, 'api/cron.js': fixed }, 'api/cron.js').map((f) => f.code),
      [],
    );
    await assertGuards((call) => runVercelFunction(fixed, call, { fileName: 'cron.js' }));
  });

  it('a default export that shows neither (req, res) nor a Request: missing-auth without a fix', () => {
    const files = project({ 'api/cron.ts': UNSURE_MISSING });
    const finding = single('missing-auth', files, 'api/cron.ts');
    assert.deepEqual(finding.fixes, []);
  });

  it('... nor a fail-closed refusal in either shape, while the and-guard fix (no answer written) stays', () => {
    const source = `export default async function handler(req) {\n  if (process.env.CRON_SECRET && req.headers.authorization !== \`Bearer \${process.env.CRON_SECRET}\`) throw new Error('no');\n  if (req.headers.authorization !== \`Bearer \${process.env.CRON_SECRET}\`) throw new Error('no');\n}\n`;
    const files = project({ 'api/cron.js': source });
    const findings = findingsIn(files, 'api/cron.js').filter((f) => f.code === 'auth-fails-open');
    assert.equal(findings.length, 2);
    assert.deepEqual(
      findings.map((f) => f.fixes.map((fix) => fix.title)),
      [['Refuse the request when CRON_SECRET is unset'], []],
    );
  });
});

describe('cron functions: only what vercel.json schedules, only where the files say which file serves it', () => {
  const silent: [name: string, files: Files][] = [
    ['a function nothing schedules (cronRouteGlob is for Next.js routes)', project({ 'api/cron/cleanup.ts': WEB_MISSING, 'api/health.ts': WEB_MISSING }, ['/api/health-check'])],
    ['a [name] file with legacy routes, which may come first', project({ 'api/jobs/[name].ts': WEB_MISSING }, ['/api/jobs/digest'], { routes: [{ handle: 'filesystem' }] })],
    ['two files could serve the path', project({ 'api/cron.ts': WEB_MISSING, 'api/cron/index.ts': WEB_MISSING })],
    ['the same file in two languages', project({ 'api/cron.ts': WEB_MISSING, 'api/cron.js': WEB_MISSING })],
    ['a [name] file with rewrites, which may come first', project({ 'api/jobs/[name].ts': WEB_MISSING }, ['/api/jobs/digest'], { rewrites: [{ source: '/(.*)', destination: '/index.html' }] })],
    ['a [...rest] file taking two segments (a catch-all or not, outside Next.js?)', project({ 'api/jobs/[...path].ts': WEB_MISSING }, ['/api/jobs/daily/digest'])],
    ['no file serves the path (route-not-found says so)', project({ 'api/cron.ts': WEB_MISSING }, ['/api/other'])],
    ['a path outside /api', project({ 'api/cron.ts': WEB_MISSING }, ['/cron'])],
    ['a helper in api/_lib is no function', project({ 'api/_lib/cron.ts': WEB_MISSING }, ['/api/_lib/cron'])],
    ['a routing framework, and the function nothing names', project({ 'api/health.ts': WEB_MISSING, 'package.json': JSON.stringify({ dependencies: { express: '5.1.0' } }) })],
  ];
  for (const [name, files] of silent) {
    it(`silent: ${name}`, () => assert.deepEqual(runRoutes(files), []));
  }

  // The file the scheduled path names exists, but routing the files cannot see through may send
  // the request elsewhere: no finding, and the function is listed as not analysed, with why.
  const routedElsewhere: [name: string, files: Files, why: string][] = [
    ['a framework routes the paths (Hono)', project({ 'api/cron.ts': WEB_MISSING, 'package.json': JSON.stringify({ type: 'module', dependencies: { hono: '4.9.0' } }) }), "the project uses hono, which may answer the path itself before Vercel's functions"],
    ['a framework routes the paths (Express)', project({ 'api/cron.ts': NODE_MISSING, 'package.json': JSON.stringify({ dependencies: { express: '5.1.0' } }) }), "the project uses express, which may answer the path itself before Vercel's functions"],
    ['vercel.json names a framework preset that routes itself', project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { framework: 'hono' }), 'vercel.json\'s framework preset "hono" may answer the path itself before Vercel\'s functions'],
    ['a routing framework among the dependencies and no preset named (null is no preset)', project({ 'api/cron.ts': NODE_MISSING, 'package.json': JSON.stringify({ dependencies: { express: '5.1.0' } }) }, ['/api/cron'], { framework: null }), "the project uses express, which may answer the path itself before Vercel's functions"],
    ['vercel.json routes sending every path to one function before the file system', project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { routes: [{ src: '/(.*)', dest: '/api/index.ts' }] }), 'vercel.json `routes` may send /api/cron elsewhere before the file system answers'],
    ['a legacy route answering the path itself (status)', project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { routes: [{ src: '/api/cron', status: 404 }] }), 'vercel.json `routes` may send /api/cron elsewhere before the file system answers'],
    ['a legacy route that matches only with a header (has)', project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { routes: [{ src: '/api/(.*)', dest: '/api/proxy', has: [{ type: 'header', key: 'x-proxy' }] }] }), 'vercel.json `routes` may send /api/cron elsewhere before the file system answers'],
    ['a legacy route source JavaScript cannot read (PCRE inline flags)', project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { routes: [{ src: '(?i)/API/.*', dest: '/index.html' }] }), 'vercel.json `routes` may send /api/cron elsewhere before the file system answers'],
    ['a legacy route source whose matching work has no bound', project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { routes: [{ src: '/(\\w+)+/x', dest: '/index.html' }] }), 'vercel.json `routes` may send /api/cron elsewhere before the file system answers'],
    ['another routing phase named before the file system', project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { routes: [{ handle: 'miss' }, { src: '/(.*)', dest: '/index.html' }] }), 'vercel.json `routes` may send /api/cron elsewhere before the file system answers'],
    ['vercel.json builds (only the files it lists are built)', project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { builds: [{ src: 'server.ts', use: '@vercel/node' }] }), 'vercel.json `builds` decides which files are built and at which paths they answer'],
    ['a redirect whose source may catch /api paths', project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { redirects: [{ source: '/:path*', destination: 'https://example.com/:path*' }] }), 'a vercel.json redirect may send /api/cron elsewhere'],
    ['a redirect of the cron path itself', project({ 'api/cron.ts': WEB_MISSING }, ['/api/cron'], { redirects: [{ source: '/api/cron', destination: '/api/cron/v2' }] }), 'a vercel.json redirect may send /api/cron elsewhere'],
  ];
  for (const [name, files, why] of routedElsewhere) {
    it(`listed as not analysed, no finding: ${name}`, () => {
      assert.deepEqual(runRoutes(files), [{ file: 'api/cron.ts', findings: [], notAnalysed: `${why}, so whether this function serves the cron cannot be told` }]);
    });
  }

  it('a redirected path no static file serves lists nothing; the other scheduled path is analysed', () => {
    const files = project({ 'api/jobs/[name].ts': NODE_MISSING, 'api/jobs/digest.ts': WEB_MISSING }, ['/api/jobs/digest', '/api/jobs/old'], { redirects: [{ source: '/api/jobs/old', destination: '/api/jobs/digest' }] });
    assert.deepEqual(
      runRoutes(files).map((r) => [r.file, r.findings.map((f) => f.code), r.notAnalysed]),
      [['api/jobs/digest.ts', ['missing-auth'], undefined]],
    );
  });

  // A single-page app's legacy routes: what runs before the file system leaves /api/cron to api/cron.ts.
  const legacyRoutes: [name: string, routes: unknown[]][] = [
    ['the file system first, then the app shell', [{ handle: 'filesystem' }, { src: '/(.*)', dest: '/index.html' }]],
    ['/api/(.*) rewritten to itself before the app shell', [{ src: '/api/(.*)', dest: '/api/$1' }, { handle: 'filesystem' }, { src: '/(.*)', dest: '/index.html' }]],
    ['a named group, matched case-insensitively as Vercel does', [{ src: '/API/(?<rest>.*)', dest: '/api/$rest?from=legacy' }]],
    ['headers added on the way (continue)', [{ src: '/(.*)', headers: { 'cache-control': 'no-store' }, continue: true }]],
    ['a catch-all for POST only: the cron sends GET', [{ src: '/(.*)', methods: ['POST'], dest: '/api/ingest' }]],
    ['routes for other paths only', [{ src: '/assets/(.*)', dest: '/static/$1' }, { src: '/', dest: '/index.html' }]],
  ];
  for (const [name, routes] of legacyRoutes) {
    it(`legacy routes that leave the path to the file system: ${name}`, () => {
      const files = project({ 'api/cron.ts': NODE_SKIPPED_WHEN_UNSET }, ['/api/cron'], { routes });
      assert.deepEqual(
        runRoutes(files).map((r) => [r.file, r.findings.map((f) => f.code)]),
        [['api/cron.ts', ['auth-fails-open']]],
      );
    });
  }

  it("vercel.json's static preset is what Vercel builds with: an Express dev server among the dependencies routes nothing", () => {
    const files = project({ 'api/cron.ts': NODE_SKIPPED_WHEN_UNSET, 'package.json': JSON.stringify({ type: 'module', dependencies: { express: '5.1.0', react: '19.1.1' }, devDependencies: { vite: '7.1.5' } }) }, ['/api/cron'], { framework: 'vite' });
    assert.deepEqual(
      runRoutes(files).map((r) => [r.file, r.findings.map((f) => f.code)]),
      [['api/cron.ts', ['auth-fails-open']]],
    );
  });

  it('a static file wins over a [name] file beside it', () => {
    const files = project({ 'api/jobs/digest.ts': WEB_MISSING, 'api/jobs/[name].ts': NODE_MISSING }, ['/api/jobs/digest', '/api/jobs/reindex']);
    assert.deepEqual(
      runRoutes(files).map((r) => [r.file, r.findings.map((f) => f.code)]),
      [
        ['api/jobs/digest.ts', ['missing-auth']],
        ['api/jobs/[name].ts', ['missing-auth']],
      ],
    );
  });

  it('Schedules path targets are cron paths too, whatever method they are sent with (POST by default)', () => {
    const files: Files = {
      'package.json': PACKAGE,
      'vercel.json': JSON.stringify({
        schedules: {
          nightly: { schedule: '0 5 * * *', path: '/api/cron' },
          ingest: { schedule: '0 7 * * *', path: '/api/ingest', requestMethod: 'POST' },
        },
      }),
      'api/cron.ts': WEB_MISSING,
      'api/ingest.ts': WEB_MISSING,
    };
    assert.deepEqual(
      runRoutes(files).map((r) => r.file),
      ['api/cron.ts', 'api/ingest.ts'],
    );
  });
});

describe('cron functions the check cannot read are listed, never clean', () => {
  const cases: [name: string, file: string, text: string, field: 'notAnalysed' | 'handlerNotAnalysed', reason: string][] = [
    [
      "a Hono app's handle(app) without hono in package.json",
      'api/cron.ts',
      "import { handle } from 'hono/vercel';\nimport { app } from '../src/app.js';\n\nexport default handle(app);\n",
      'handlerNotAnalysed',
      "the default export is the result of handle(app): the handler's code is not visible",
    ],
    ['module.exports of a call', 'api/cron.js', "const { createHandler } = require('@acme/jobs');\n\nmodule.exports = createHandler({ job: 'nightly' });\n", 'handlerNotAnalysed', "module.exports is the result of createHandler({ job: 'nightly' }): the handler's code is not visible"],
    ["TypeScript's export = of a call", 'api/cron.ts', "import { createHandler } from '@acme/jobs';\n\nexport = createHandler({ job: 'nightly' });\n", 'handlerNotAnalysed', "module.exports is the result of createHandler({ job: 'nightly' }): the handler's code is not visible"],
    ['a GET imported from elsewhere', 'api/cron.ts', "export { GET } from '../src/jobs/nightly.js';\n", 'handlerNotAnalysed', "GET is re-exported from '../src/jobs/nightly.js': the handler's code is not visible"],
    [
      'a POST-only function (route-missing-get is a Next.js route rule): no handler for the GET, listed',
      'api/cron.ts',
      'export async function POST() {\n  return Response.json({ ok: true });\n}\n',
      'handlerNotAnalysed',
      "no handler for Vercel Cron's GET was found: it exports POST but no GET, no default export and no module.exports",
    ],
    ['a Python function', 'api/cron.py', 'from http.server import BaseHTTPRequestHandler\n', 'notAnalysed', 'it is a Python function: only JavaScript and TypeScript functions are analysed'],
    ['a Go function', 'api/cron.go', 'package handler\n', 'notAnalysed', 'it is a Go function: only JavaScript and TypeScript functions are analysed'],
  ];
  for (const [name, file, text, field, reason] of cases) {
    it(name, () => {
      const results = runRoutes(project({ [file]: text }));
      assert.equal(results.length, 1);
      assert.equal(results[0]!.file, file);
      assert.equal(results[0]![field], reason);
      assert.deepEqual(results[0]!.findings, []);
    });
  }
});
