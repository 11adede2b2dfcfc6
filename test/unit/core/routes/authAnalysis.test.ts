/**
 * The cross-file auth analysis itself (analyseAuth over findHandler), below the rules: what it
 * records for the ways real handlers check, and the handler it starts from.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseAuth, type AuthFacts } from '../../../../src/core/routes/authAnalysis';
import { findHandler } from '../../../../src/core/routes/handlers';
import { app, type Files, flagged, projectOf, ROUTE } from '../../support/ruleHarness';
import { LIB_AUTH_CRON, LIB_SECRETS, LIB_VERIFY_CRON } from './sources';

interface Summary {
  comparisons: [file: string, text: string, timingSafe: boolean, template: boolean, inHandler: boolean][];
  readsAuthorization: boolean;
  readsSecret: boolean;
  requiresSecret: boolean;
  skipped: number;
  spoofable: number;
  otherVerification: boolean;
  unresolved: string[];
}

function analyse(files: Files, file = ROUTE): Summary {
  const project = projectOf(app(files));
  const sourceFile = project.sourceFile(file)!;
  const handler = findHandler(project.ts(), sourceFile, file.startsWith('pages/') ? 'pages' : 'app');
  assert.ok(handler, 'a handler is found');
  const facts: AuthFacts = analyseAuth(project, file, handler);
  return {
    comparisons: facts.comparisons.map((c) => [
      c.file,
      flagged(project.readFile(c.file)!, { span: { start: c.node.getStart(project.sourceFile(c.file)), end: c.node.getEnd() } }),
      c.timingSafe,
      c.templateWithSecret,
      c.inHandler,
    ]),
    readsAuthorization: facts.readsAuthorization,
    readsSecret: facts.readsSecret,
    requiresSecret: facts.requiresSecret,
    skipped: facts.skippedWhenUnset.length,
    spoofable: facts.spoofable.length,
    otherVerification: facts.otherVerification,
    unresolved: facts.unresolvedChecks,
  };
}

const NONE: Summary = {
  comparisons: [],
  readsAuthorization: false,
  readsSecret: false,
  requiresSecret: false,
  skipped: 0,
  spoofable: 0,
  otherVerification: false,
  unresolved: [],
};

describe('analyseAuth: what a handler does about the secret', () => {
  it('the Vercel docs snippet: one template comparison, nothing requires the secret', () => {
    const route =
      "export function GET(request: Request) {\n  const authHeader = request.headers.get('authorization');\n  if (authHeader !== `Bearer ${process.env.CRON_SECRET}`) return new Response('Unauthorized', { status: 401 });\n  return Response.json({ success: true });\n}\n";
    assert.deepEqual(analyse({ [ROUTE]: route }), {
      ...NONE,
      comparisons: [[ROUTE, 'authHeader !== `Bearer ${process.env.CRON_SECRET}`', false, true, true]],
      readsAuthorization: true,
      readsSecret: true,
    });
  });

  it('fail-closed: !secret || … requires the secret', () => {
    const route =
      "export function GET(request: Request) {\n  const secret = process.env.CRON_SECRET;\n  if (!secret || request.headers.get('Authorization') !== `Bearer ${secret}`) return new Response(null, { status: 401 });\n  return new Response('ok');\n}\n";
    const facts = analyse({ [ROUTE]: route });
    assert.equal(facts.requiresSecret, true);
    assert.deepEqual(
      facts.comparisons,
      [[ROUTE, "request.headers.get('Authorization') !== `Bearer ${secret}`", false, true, true]],
      'the header name is case-insensitive',
    );
  });

  it('a helper two hops away: the header is read in lib/auth/cron.ts, the secret read and required in lib/secrets.ts', () => {
    const route =
      "import { isAuthorized } from '@/lib/auth/cron';\n\nexport async function GET(request: Request) {\n  if (!(await isAuthorized(request))) return new Response(null, { status: 401 });\n  return new Response('ok');\n}\n";
    const facts = analyse({ [ROUTE]: route, 'lib/auth/cron.ts': LIB_AUTH_CRON, 'lib/secrets.ts': LIB_SECRETS });
    assert.deepEqual([facts.readsAuthorization, facts.readsSecret, facts.requiresSecret], [true, true, true]);
  });

  it('timingSafeEqual on Buffers of the header and the secret is a constant-time comparison', () => {
    const facts = analyse({
      [ROUTE]:
        "import { verifyCron } from '@/lib/cron';\n\nexport async function GET(request: Request) {\n  return verifyCron(request) ? new Response('ok') : new Response(null, { status: 401 });\n}\n",
      'lib/cron.ts': LIB_VERIFY_CRON,
    });
    assert.ok(
      facts.comparisons.some(
        ([file, text, timingSafe]) => file === 'lib/cron.ts' && text === 'timingSafeEqual(actual, expected)' && timingSafe,
      ),
      JSON.stringify(facts.comparisons),
    );
    assert.equal(facts.requiresSecret, true);
  });

  it('aliases: renamed destructuring from process.env and from req.headers (Pages)', () => {
    const file = 'pages/api/cron/job.ts';
    const route =
      'export default function handler(req: { headers: Record<string, string | undefined> }, res: { status(n: number): { end(): void } }) {\n  const { CRON_SECRET: secret } = process.env;\n  const { authorization } = req.headers;\n  if (!secret || authorization !== `Bearer ${secret}`) return res.status(401).end();\n  res.status(200).end();\n}\n';
    const facts = analyse({ [file]: route }, file);
    assert.deepEqual(facts.comparisons, [[file, 'authorization !== `Bearer ${secret}`', false, true, true]]);
    assert.equal(facts.requiresSecret, true);
  });

  it('the check skipped when the secret is unset', () => {
    const route =
      "export async function GET(request: Request) {\n  if (process.env.CRON_SECRET) {\n    if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) return new Response(null, { status: 401 });\n  }\n  return new Response('ok');\n}\n";
    assert.equal(analyse({ [ROUTE]: route }).skipped, 1);
  });

  it('user-agent and x-vercel-cron reads are spoofable', () => {
    const route =
      "export async function GET(request: Request) {\n  if (request.headers.get('user-agent') !== 'vercel-cron/1.0' && !request.headers.get('x-vercel-cron')) return new Response(null, { status: 403 });\n  return new Response('ok');\n}\n";
    // One decision (the if condition) made on two spoofable headers.
    assert.deepEqual(analyse({ [ROUTE]: route }), { ...NONE, spoofable: 1 });
  });

  it('calls that cannot be followed and look like checks are kept as "might check"', () => {
    const route =
      "import { verifyCronRequest } from '@acme/cron-kit';\nimport * as guards from '@acme/guards';\nimport { sendDigest } from '@acme/mailer';\n\nexport async function GET(request: Request) {\n  if (!verifyCronRequest(request) || !guards.requireSecret(request)) return new Response(null, { status: 401 });\n  await sendDigest();\n  return new Response('ok');\n}\n";
    assert.deepEqual(analyse({ [ROUTE]: route }).unresolved, ['verifyCronRequest', 'guards.requireSecret']);
  });

  it('QStash Receiver.verify and Vercel Schedules handleSchedule are other verification', () => {
    const qstash =
      "import { Receiver } from '@upstash/qstash';\n\nconst receiver = new Receiver({ currentSigningKey: process.env.QSTASH_CURRENT_SIGNING_KEY!, nextSigningKey: process.env.QSTASH_NEXT_SIGNING_KEY! });\n\nexport async function GET(request: Request) {\n  const ok = await receiver.verify({ signature: request.headers.get('upstash-signature') ?? '', body: '' });\n  return ok ? new Response('ok') : new Response(null, { status: 401 });\n}\n";
    assert.equal(analyse({ [ROUTE]: qstash }).otherVerification, true);
    const schedules =
      "import { handleSchedule } from '@vercel/schedules';\n\nexport async function GET(request: Request) {\n  return handleSchedule(request, async () => {\n    return new Response('ok');\n  });\n}\n";
    assert.equal(analyse({ [ROUTE]: schedules }).otherVerification, true);
  });

  it(
    "QStash's wrapper verifySignatureAppRouter(handler) is other verification",
    {
    },
    () => {
      const route =
        "import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';\n\nasync function handler() {\n  return new Response('ok');\n}\n\nexport const GET = verifySignatureAppRouter(handler);\n";
      assert.equal(analyse({ [ROUTE]: route }).otherVerification, true);
    },
  );

  it('a helper three hops away is followed', () => {
    const files: Files = {
      [ROUTE]:
        "import { requireCron } from '@/lib/a';\n\nexport async function GET(request: Request) {\n  if (!requireCron(request)) return new Response(null, { status: 401 });\n  return new Response('ok');\n}\n",
      'lib/a.ts':
        "import { checkRequest } from './b';\n\nexport function requireCron(request: Request): boolean {\n  return checkRequest(request);\n}\n",
      'lib/b.ts':
        "import { isCronAuthorized } from './c';\n\nexport function checkRequest(request: Request): boolean {\n  return isCronAuthorized(request);\n}\n",
      'lib/c.ts':
        "export function isCronAuthorized(request: Request): boolean {\n  const secret = process.env.CRON_SECRET;\n  return !!secret && request.headers.get('authorization') === `Bearer ${secret}`;\n}\n",
    };
    const facts = analyse(files);
    assert.deepEqual(
      facts.comparisons.map(([file]) => file),
      ['lib/c.ts'],
    );
  });

  it(
    'a helper four hops away is not followed, and then counts as "might check"',
    {
    },
    () => {
      const files: Files = {
        [ROUTE]:
          "import { requireCron } from '@/lib/a';\n\nexport async function GET(request: Request) {\n  if (!requireCron(request)) return new Response(null, { status: 401 });\n  return new Response('ok');\n}\n",
        'lib/a.ts':
          "import { checkRequest } from './b';\n\nexport function requireCron(request: Request): boolean {\n  return checkRequest(request);\n}\n",
        'lib/b.ts':
          "import { forwardCheck } from './c';\n\nexport function checkRequest(request: Request): boolean {\n  return forwardCheck(request);\n}\n",
        'lib/c.ts':
          "import { isCronAuthorized } from './d';\n\nexport function forwardCheck(request: Request): boolean {\n  return isCronAuthorized(request);\n}\n",
        'lib/d.ts':
          "export function isCronAuthorized(request: Request): boolean {\n  const secret = process.env.CRON_SECRET;\n  return !!secret && request.headers.get('authorization') === `Bearer ${secret}`;\n}\n",
      };
      const facts = analyse(files);
      assert.ok(facts.comparisons.length > 0 || facts.unresolved.length > 0, JSON.stringify(facts));
    },
  );

  it('mutually recursive helpers terminate', () => {
    const files: Files = {
      [ROUTE]:
        "import { ping } from '@/lib/loop';\n\nexport async function GET(request: Request) {\n  ping(request, 3);\n  return new Response('ok');\n}\n",
      'lib/loop.ts':
        'export function ping(request: Request, n: number): void {\n  if (n > 0) pong(request, n - 1);\n}\n\nexport function pong(request: Request, n: number): void {\n  if (n > 0) ping(request, n - 1);\n}\n',
    };
    assert.deepEqual(analyse(files), NONE);
  });
});

describe('findHandler: the function the analysis starts from', () => {
  const cases: [name: string, route: string, expected: string][] = [
    ['export async function GET', 'export async function GET(request: Request) {\n  return new Response(request.url);\n}\n', 'GET'],
    ['export const GET = arrow', 'export const GET = async (request: Request) => {\n  return new Response(request.url);\n};\n', 'GET'],
    [
      'export { handler as GET }',
      'async function handler(request: Request) {\n  return new Response(request.url);\n}\n\nexport { handler as GET };\n',
      'GET',
    ],
    [
      'export const GET = handler',
      'const handler = async (request: Request) => new Response(request.url);\n\nexport const GET = handler;\n',
      'GET',
    ],
    [
      'a wrapper around a local function',
      'import { withSentry } from "@sentry/nextjs";\n\nasync function handler(request: Request) {\n  return new Response(request.url);\n}\n\nexport const GET = withSentry(handler);\n',
      'GET',
    ],
  ];
  for (const [name, route, nameText] of cases) {
    it(name, () => {
      const project = projectOf(app({ [ROUTE]: route }));
      const sourceFile = project.sourceFile(ROUTE)!;
      const handler = findHandler(project.ts(), sourceFile, 'app');
      assert.ok(handler);
      assert.equal(route.slice(handler.nameNode.getStart(sourceFile), handler.nameNode.getEnd()), nameText);
      assert.match(route.slice(handler.fn.getStart(sourceFile), handler.fn.getEnd()), /new Response\(request\.url\)/);
    });
  }

  it('Pages Router: default export function, or a wrapped handler', () => {
    for (const route of [
      'export default async function handler(req: unknown, res: unknown) {\n  return [req, res];\n}\n',
      'import { withAxiom } from "next-axiom";\n\nconst handler = async (req: unknown, res: unknown) => [req, res];\n\nexport default withAxiom(handler);\n',
    ]) {
      const file = 'pages/api/cron/job.ts';
      const project = projectOf(app({ [file]: route }));
      const handler = findHandler(project.ts(), project.sourceFile(file)!, 'pages');
      assert.ok(handler, route);
      assert.equal(handler.fn.parameters.length, 2);
    }
  });

  it('no GET: undefined (POST only, or GET re-exported from elsewhere)', () => {
    for (const route of ['export async function POST() {\n  return new Response();\n}\n', "export { GET } from '@/lib/handler';\n"]) {
      const project = projectOf(app({ [ROUTE]: route }));
      assert.equal(findHandler(project.ts(), project.sourceFile(ROUTE)!, 'app'), undefined);
    }
  });
});

describe('analyseAuth: the shapes of #15', () => {
  const facts = (files: Files, file = ROUTE): AuthFacts => {
    const project = projectOf(app(files));
    const handler = findHandler(project.ts(), project.sourceFile(file)!, 'app')!;
    return analyseAuth(project, file, handler);
  };

  it('module-scope reads are reads: the secret, and the header built from it, at the top of the file', () => {
    const result = analyse({
      [ROUTE]:
        "const CRON_SECRET = process.env.CRON_SECRET;\nconst EXPECTED = `Bearer ${CRON_SECRET}`;\n\nexport async function GET(request: Request) {\n  if (request.headers.get('authorization') !== EXPECTED) return new Response(null, { status: 401 });\n  return new Response('ok');\n}\n",
    });
    assert.deepEqual(result.comparisons, [[ROUTE, "request.headers.get('authorization') !== EXPECTED", false, true, true]]);
    assert.deepEqual([result.readsSecret, result.requiresSecret], [true, false]);
  });

  it('a constant nobody reads is not walked, and a constant named like nothing secret is not opened', () => {
    const result = analyse({
      [ROUTE]: "import { logger } from '@/lib/logger';\n\nconst UNUSED = process.env.CRON_SECRET;\n\nexport async function GET() {\n  return Response.json({ logger });\n}\n",
      'lib/logger.ts': "export const logger = { level: 'info', secret: process.env.CRON_SECRET };\n",
    });
    assert.equal(result.readsSecret, false);
  });

  it("the variable's name: a default parameter, a constant argument, a local constant", () => {
    for (const call of ['verify(request)', "verify(request, 'CRON_SECRET')", 'verify(request, KEY)', 'verify(request, undefined)']) {
      const result = analyse({
        [ROUTE]: `import { verify } from '@/lib/verify';\n\nconst KEY = 'CRON_SECRET';\n\nexport async function GET(request: Request) {\n  if (!${call}) return new Response(null, { status: 401 });\n  return new Response('ok');\n}\n`,
        'lib/verify.ts':
          "export function verify(request: Request, envKey = 'CRON_SECRET'): boolean {\n  const secret = process.env[envKey];\n  return !!secret && request.headers.get('authorization') === `Bearer ${secret}`;\n}\n",
      });
      assert.deepEqual([result.readsSecret, result.requiresSecret, result.comparisons.length], [true, true, 1], call);
    }
    const other = analyse({
      [ROUTE]: "import { verify } from '@/lib/verify';\n\nexport async function GET(request: Request) {\n  if (!verify(request, 'ADMIN_TOKEN')) return new Response(null, { status: 401 });\n  return new Response('ok');\n}\n",
      'lib/verify.ts': "export function verify(request: Request, envKey = 'CRON_SECRET'): boolean {\n  return request.headers.get('authorization') === `Bearer ${process.env[envKey]}`;\n}\n",
    });
    assert.equal(other.readsSecret, false, 'another variable passed in: not the cron secret');
  });

  it('where an unfollowed call stands decides whether it may check', () => {
    const result = facts({
      [ROUTE]: `import { audit, getSession, requireCronAuth, isPaused, runCronTasks, verifyFeeds, notifyOwner } from '@acme/platform';

export async function GET(request: Request) {
  await requireCronAuth(request);
  const session = await getSession();
  if (!session) return new Response('Unauthorized', { status: 401 });
  if (await isPaused()) return Response.json({ skipped: true });
  const feeds = await verifyFeeds();
  await runCronTasks(feeds);
  audit('cron run');
  return Response.json({ ok: true, owner: notifyOwner });
}
`,
    });
    assert.deepEqual(result.unresolvedChecks, ['requireCronAuth', 'getSession']);
    // Named like checks, but the job's work: said in missing-auth's message, never a check.
    assert.deepEqual(result.ignoredCalls.sort(), ['runCronTasks', 'verifyFeeds']);
  });

  it('what skips the check, by kind: the secret, the header, a switch; never the deployment stage', () => {
    const kinds = (condition: string) =>
      facts({
        [ROUTE]: `import { verify } from '@/lib/verify';\nimport { settings } from '@/lib/settings';\n\nexport async function GET(request: Request) {\n  const secret = process.env.CRON_SECRET;\n  const authorization = request.headers.get('authorization');\n  const isProd = process.env.NODE_ENV === 'production';\n  if (${condition}) return new Response('Unauthorized', { status: 401 });\n  return new Response('ok');\n}\n`,
        'lib/verify.ts': "export function verify(request: Request): boolean {\n  const secret = process.env.CRON_SECRET;\n  return !!secret && request.headers.get('authorization') === `Bearer ${secret}`;\n}\n",
        'lib/settings.ts': "export const settings = { requireCronAuth: process.env.REQUIRE_CRON_AUTH === 'true' };\n",
      }).skippedWhenUnset.map((s) => `${s.kind} ${s.switch}`);
    assert.deepEqual(kinds('secret && !verify(request)'), ['and-guard secret']);
    assert.deepEqual(kinds('authorization && authorization !== `Bearer ${secret}`'), ['and-guard header']);
    assert.deepEqual(kinds('settings.requireCronAuth && !verify(request)'), ['and-guard flag']);
    assert.deepEqual(kinds("process.env.CRON_AUTH === 'true' && !verify(request)"), ['and-guard flag']);
    assert.deepEqual(kinds('isProd && !verify(request)'), []);
    assert.deepEqual(kinds("process.env.NODE_ENV === 'production' && !verify(request)"), []);
    assert.deepEqual(kinds('!secret || !verify(request)'), []);
    assert.deepEqual(kinds('!settings.requireCronAuth && !verify(request)'), [], 'an opt-out checks by default');
  });

  it('a comparison kept in a boolean: !valid does not require the secret', () => {
    const result = analyse({
      [ROUTE]:
        "export async function GET(request: Request) {\n  const valid = request.headers.get('authorization') === `Bearer ${process.env.CRON_SECRET}`;\n  if (!valid) return new Response(null, { status: 401 });\n  return new Response('ok');\n}\n",
    });
    assert.equal(result.requiresSecret, false);
  });
});

describe('analyseAuth: unfollowed calls inside helpers (#15)', () => {
  const chain = (route: string): string[] => {
    const project = projectOf(
      app({
        [ROUTE]: route,
        'lib/a.ts': "import { b } from './b';\n\nexport function a(request: Request): boolean {\n  return b(request);\n}\n",
        'lib/b.ts': "import { c } from './c';\n\nexport function b(request: Request): boolean {\n  return c(request.headers);\n}\n",
        'lib/c.ts': "import { fromHeaders } from './d';\n\nexport function c(headers: Headers): boolean {\n  return fromHeaders(headers.get('x-api-key'));\n}\n",
        'lib/d.ts': "export function fromHeaders(key: string | null): boolean {\n  return key === process.env.API_KEY;\n}\n",
        'lib/jobs.ts': "import { a } from './a';\n\nexport async function runJobs(): Promise<void> {\n  a(new Request('https://example.com'));\n}\n",
      }),
    );
    const handler = findHandler(project.ts(), project.sourceFile(ROUTE)!, 'app')!;
    return analyseAuth(project, ROUTE, handler).unresolvedChecks;
  };

  it("what a deciding helper returns is its decision: a call past the hops there may check, whatever its name", () => {
    assert.deepEqual(chain("import { a } from '@/lib/a';\n\nexport async function GET(request: Request) {\n  if (!a(request)) return new Response(null, { status: 401 });\n  return new Response('ok');\n}\n"), ['fromHeaders']);
  });

  it("the same chain under the job's work decides nothing", () => {
    assert.deepEqual(chain("import { runJobs } from '@/lib/jobs';\n\nexport async function GET() {\n  await runJobs();\n  return new Response('ok');\n}\n"), []);
  });
});
