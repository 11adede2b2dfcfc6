import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnosticsOf } from '../../routes/typecheck';
import { applyFix, checkFile, rowsOf } from './qstashProject';

const CODE = 'qstash-missing-verification';
const ROUTE = 'app/api/qstash/route.ts';
const JOB_ROUTE = 'app/api/jobs/digest/route.ts';
const SCRIPT = 'scripts/schedules.ts';

const RECEIVER = `import { Receiver } from '@upstash/qstash';

const receiver = new Receiver({
  currentSigningKey: process.env.QSTASH_CURRENT_SIGNING_KEY!,
  nextSigningKey: process.env.QSTASH_NEXT_SIGNING_KEY!,
});
`;

/** A route that reads the signature header and runs the job without checking it. */
const HEADER_ONLY = `import { NextResponse } from 'next/server';

// QStash calls this every night.
export async function POST(request: Request) {
  const signature = request.headers.get('upstash-signature');
  if (!signature) return new Response('missing signature', { status: 401 });
  await sendDigest();
  return NextResponse.json({ ok: true });
}

async function sendDigest() {}
`;

/** The digest route of the app, with no word of QStash: only the schedule says QStash calls it. */
const PLAIN_JOB = `export async function POST(req: Request) {
  const { userId } = (await req.json()) as { userId: string };
  return Response.json({ sent: userId });
}
`;

const SCHEDULES = `import { Client } from "@upstash/qstash"

const qstash = new Client({ token: process.env.QSTASH_TOKEN! })

export async function register() {
  await qstash.schedules.create({
    destination: \`\${process.env.APP_URL}/api/jobs/digest\`,
    cron: "0 3 * * *",
  })
}
`;

describe(CODE, () => {
  describe('in the route QStash calls', () => {
    const cases: [name: string, text: string, expected: [string, string, string][]][] = [
      ['reads the signature header, never verifies', HEADER_ONLY, [[CODE, 'error', 'POST']]],
      [
        'imports Receiver, never calls verify (arrow export)',
        `${RECEIVER}\nexport const POST = async (req: Request) => {\n  await fetch('https://example.com/hook', { method: 'POST', body: await req.text() });\n  return new Response('ok');\n};\n`,
        [[CODE, 'error', 'POST']],
      ],
      [
        'parses the body before verifying it',
        `${RECEIVER}\nexport async function POST(req: Request) {\n  const data = await req.json();\n  await receiver.verify({ signature: req.headers.get('upstash-signature') ?? '', body: JSON.stringify(data) });\n  return Response.json(data);\n}\n`,
        [[CODE, 'warning', 'req.json()']],
      ],
      [
        'verifies the raw text, then parses it',
        `${RECEIVER}\nexport async function POST(req: Request) {\n  const body = await req.text();\n  const valid = await receiver.verify({ signature: req.headers.get('upstash-signature') ?? '', body });\n  if (!valid) return new Response('invalid', { status: 401 });\n  return Response.json(JSON.parse(body));\n}\n`,
        [],
      ],
      [
        'wrapped with verifySignatureAppRouter',
        `import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';\n\nasync function handler(req: Request) {\n  return Response.json(await req.json());\n}\n\nexport const POST = verifySignatureAppRouter(handler);\n`,
        [],
      ],
      [
        'verifies in a helper of the same file',
        `${RECEIVER}\nasync function assertFromQstash(req: Request, body: string) {\n  await receiver.verify({ signature: req.headers.get('Upstash-Signature')!, body });\n}\n\nexport async function POST(req: Request) {\n  const body = await req.text();\n  await assertFromQstash(req, body);\n  return new Response('ok');\n}\n`,
        [],
      ],
      [
        'hands the request to an imported helper (cannot tell)',
        `import { verifyQstash } from '@/lib/qstash';\n\nexport async function POST(req: Request) {\n  const signature = req.headers.get('upstash-signature');\n  await verifyQstash(req, signature);\n  return new Response('ok');\n}\n`,
        [],
      ],
      [
        'wrapped by an unknown wrapper (cannot tell)',
        `import { withQueue } from '@/lib/queue';\n\nexport const POST = withQueue(async (req: Request) => {\n  const signature = req.headers.get('upstash-signature');\n  return new Response(signature);\n});\n`,
        [],
      ],
      [
        'names the signature header only in a comment: nothing shows QStash calls it',
        `// Once QStash calls this, check upstash-signature here.\nexport async function POST() {\n  return new Response('ok');\n}\n`,
        [],
      ],
      [
        'publishes with a Client but receives nothing from QStash',
        `import { Client } from '@upstash/qstash';\n\nconst qstash = new Client({ token: process.env.QSTASH_TOKEN! });\n\nexport async function POST(req: Request) {\n  await qstash.publishJSON({ url: 'https://example.com/hook', body: await req.json() });\n  return new Response('queued');\n}\n`,
        [],
      ],
    ];
    for (const [name, text, expected] of cases) {
      it(name, () => {
        assert.deepEqual(rowsOf({ [ROUTE]: text }, ROUTE, CODE), expected);
      });
    }

    describe('Receiver.verify without await: its Promise lets every request through', () => {
      const VERIFY = `receiver.verify({ signature: req.headers.get('upstash-signature') ?? '', body })`;
      const handler = (body: string, modifier = 'async ') => `${RECEIVER}\nexport ${modifier}function POST(req: Request) {\n  const body = await req.text();\n${body}\n  return new Response('ok');\n}\n`;
      const unawaited: [name: string, text: string][] = [
        ['tested for truth in an if', handler(`  if (!${VERIFY}) return new Response('invalid', { status: 401 });`)],
        ['a statement of its own', handler(`  ${VERIFY};`)],
        ['inside parentheses and an && chain', handler(`  if (!body || !(${VERIFY})) return new Response('invalid', { status: 401 });`)],
        ['`void`ed', handler(`  void ${VERIFY};`)],
      ];
      for (const [name, text] of unawaited) {
        it(`${name}: an error at the call, fixed by await; the fix type-checks and is clean`, () => {
          const files = { [ROUTE]: text };
          assert.deepEqual(rowsOf(files, ROUTE, CODE), [[CODE, 'error', 'receiver.verify']]);
          const [finding] = checkFile(files, ROUTE);
          assert.match(finding!.message, /without await/);
          assert.equal(finding!.fixes[0]?.title, 'Await the signature check');
          const fixed = applyFix(files, ROUTE, finding!.fixes[0]!);
          assert.ok(fixed[ROUTE]!.includes(`await ${VERIFY}`));
          assert.deepEqual(checkFile(fixed, ROUTE), []);
          assert.deepEqual(diagnosticsOf({ [ROUTE]: fixed[ROUTE]! }), []);
        });
      }
      it('in a route whose module holds an expression 60,000 operators deep: still found (no recursion overflows)', () => {
        const sum = Array.from({ length: 60_000 }, () => '1').join(' + ');
        const text = `const size = ${sum};\n${handler(`  if (!${VERIFY}) return new Response(String(size), { status: 401 });`)}`;
        assert.deepEqual(rowsOf({ [ROUTE]: text }, ROUTE, CODE), [[CODE, 'error', 'receiver.verify']]);
      });
      const inMethods: [name: string, body: string][] = [
        ['an object method', `  const o = { check() { if (!${VERIFY}) throw new Error('invalid'); } };\n  o.check();`],
        ['a class method', `  class Check { run() { ${VERIFY}; } }\n  new Check().run();`],
        ['a getter', `  const o = { get ok() { return !${VERIFY}; } };\n  if (o.ok) return new Response('invalid', { status: 401 });`],
        ['a constructor', `  class Check { constructor() { ${VERIFY}; } }\n  new Check();`],
      ];
      for (const [name, body] of inMethods) {
        it(`in ${name} that is not async, inside an async handler: reported without a fix (await would not compile there)`, () => {
          const [finding] = checkFile({ [ROUTE]: handler(body) }, ROUTE);
          assert.equal(finding?.code, CODE);
          assert.match(finding!.message, /\(in an async function\)/);
          assert.deepEqual(finding!.fixes, []);
        });
      }
      it('in an async method: the fix awaits it there, and the file type-checks', () => {
        const files = { [ROUTE]: handler(`  const o = { async check() { if (!${VERIFY}) throw new Error('invalid'); } };\n  await o.check();`) };
        const [finding] = checkFile(files, ROUTE);
        const fixed = applyFix(files, ROUTE, finding!.fixes[0]!);
        assert.deepEqual(diagnosticsOf({ [ROUTE]: fixed[ROUTE]! }), []);
        assert.deepEqual(checkFile(fixed, ROUTE), []);
      });
      it('in a helper that is not async: reported without a fix', () => {
        const text = `${RECEIVER}\nfunction check(req: Request, body: string) {\n  ${VERIFY};\n}\n\nexport async function POST(req: Request) {\n  const body = await req.text();\n  check(req, body);\n  return new Response('ok');\n}\n`;
        const [finding] = checkFile({ [ROUTE]: text }, ROUTE);
        assert.equal(finding?.code, CODE);
        assert.match(finding!.message, /\(in an async function\)/);
        assert.deepEqual(finding!.fixes, []);
      });
      const handled: [name: string, text: string][] = [
        ['awaited in the condition', handler(`  if (!(await ${VERIFY})) return new Response('invalid', { status: 401 });`)],
        ['returned to the caller', `${RECEIVER}\nasync function fromQstash(req: Request, body: string) {\n  return ${VERIFY};\n}\nexport async function POST(req: Request) {\n  const body = await req.text();\n  if (!(await fromQstash(req, body))) return new Response('invalid', { status: 401 });\n  return new Response('ok');\n}\n`],
        ['its rejection handled with .catch', handler(`  const ok = await ${VERIFY}.catch(() => false);\n  if (!ok) return new Response('invalid', { status: 401 });`)],
        ['kept in a variable (what follows cannot be told)', handler(`  const pending = ${VERIFY};\n  if (!(await pending)) return new Response('invalid', { status: 401 });`)],
        [
          "a synchronous verify of another library (jsonwebtoken's)",
          `import jwt from 'jsonwebtoken';\n\nexport async function POST(req: Request) {\n  const signature = req.headers.get('upstash-signature') ?? '';\n  if (!jwt.verify(signature, process.env.QSTASH_CURRENT_SIGNING_KEY!)) return new Response('invalid', { status: 401 });\n  return new Response('ok');\n}\n`,
        ],
      ];
      for (const [name, text] of handled) {
        it(`says nothing when ${name}`, () => {
          assert.deepEqual(rowsOf({ [ROUTE]: text }, ROUTE, CODE), []);
        });
      }
    });

    it('a middleware that mentions QStash may verify before the route: nothing is said', () => {
      const files = { [ROUTE]: HEADER_ONLY, 'middleware.ts': "import { Receiver } from '@upstash/qstash';\nexport function middleware() {}\n" };
      assert.deepEqual(rowsOf(files, ROUTE, CODE), []);
    });

    it('Pages API routes: verifySignature needs the body parser off; JSON.stringify of req.body may not match', () => {
      const file = 'pages/api/qstash.ts';
      const wrapped = `import type { NextApiRequest, NextApiResponse } from 'next';\nimport { verifySignature } from '@upstash/qstash/nextjs';\n\nasync function handler(req: NextApiRequest, res: NextApiResponse) {\n  res.status(200).end();\n}\n\nexport default verifySignature(handler);\n`;
      assert.deepEqual(rowsOf({ [file]: wrapped }, file, CODE), [[CODE, 'warning', 'verifySignature(handler)']]);
      const parserOff = `${wrapped}\nexport const config = {\n  api: { bodyParser: false },\n};\n`;
      assert.deepEqual(rowsOf({ [file]: parserOff }, file, CODE), []);
      const stringified = `import type { NextApiRequest, NextApiResponse } from 'next';\nimport { Receiver } from '@upstash/qstash';\n\nconst receiver = new Receiver({ currentSigningKey: '', nextSigningKey: '' });\n\nexport default async function handler(req: NextApiRequest, res: NextApiResponse) {\n  await receiver.verify({ signature: String(req.headers['upstash-signature']), body: JSON.stringify(req.body) });\n  res.status(200).end();\n}\n`;
      assert.deepEqual(rowsOf({ [file]: stringified }, file, CODE), [[CODE, 'warning', 'JSON.stringify(req.body)']]);
      const unverified = `import type { NextApiRequest, NextApiResponse } from 'next';\n\nexport default async function handler(req: NextApiRequest, res: NextApiResponse) {\n  if (!req.headers['upstash-signature']) return res.status(401).end();\n  res.status(200).end();\n}\n`;
      const [finding] = checkFile({ [file]: unverified }, file);
      assert.equal(finding?.code, CODE);
      assert.deepEqual(finding.fixes, [], 'the App Router wrapper is no fix for a Pages route');
    });

    it('the fix wraps the handler in the file style, type-checks against the real packages, and applying it again changes nothing', () => {
      const files = { [ROUTE]: HEADER_ONLY };
      const [finding] = checkFile(files, ROUTE);
      assert.match(finding!.message, /never verifies the signature/);
      const fixed = applyFix(files, ROUTE, finding!.fixes[0]!);
      assert.equal(
        fixed[ROUTE],
        `import { NextResponse } from 'next/server';
import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';

// QStash calls this every night.
export const POST = verifySignatureAppRouter(async function POST(request: Request) {
  const signature = request.headers.get('upstash-signature');
  if (!signature) return new Response('missing signature', { status: 401 });
  await sendDigest();
  return NextResponse.json({ ok: true });
});

async function sendDigest() {}
`,
      );
      assert.deepEqual(checkFile(fixed, ROUTE), []);
      assert.deepEqual(diagnosticsOf({ [ROUTE]: fixed[ROUTE]! }), []);
    });

    it('an arrow export is wrapped in place, and a file already importing the wrapper is not given a second import', () => {
      const text = `import { verifySignatureAppRouter } from "@upstash/qstash/nextjs"\n\nexport const GET = verifySignatureAppRouter(async () => new Response("ok"))\n\nexport const POST = async (req: Request) => {\n  return new Response(req.headers.get("upstash-signature"))\n}\n`;
      const files = { [ROUTE]: text };
      const [finding] = checkFile(files, ROUTE);
      const fixed = applyFix(files, ROUTE, finding!.fixes[0]!);
      assert.equal(fixed[ROUTE], text.replace('export const POST = async (req: Request) => {\n  return new Response(req.headers.get("upstash-signature"))\n}', 'export const POST = verifySignatureAppRouter(async (req: Request) => {\n  return new Response(req.headers.get("upstash-signature"))\n})'));
      assert.deepEqual(checkFile(fixed, ROUTE), []);
      assert.deepEqual(diagnosticsOf({ [ROUTE]: fixed[ROUTE]! }), []);
    });

    it('a handler that opens the file: the import and the rewrite are one edit, as an editor takes no two at one place', () => {
      const text = "export async function POST(req: Request) {\n  return new Response(req.headers.get('upstash-signature'));\n}\n";
      const [finding] = checkFile({ [ROUTE]: text }, ROUTE);
      const edits = finding!.fixes[0]!.edits;
      assert.equal(new Set(edits.map((edit) => edit.offset)).size, edits.length);
      const fixed = applyFix({ [ROUTE]: text }, ROUTE, finding!.fixes[0]!)[ROUTE]!;
      assert.equal(fixed, "import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';\n\nexport const POST = verifySignatureAppRouter(async function POST(req: Request) {\n  return new Response(req.headers.get('upstash-signature'));\n});\n");
      assert.deepEqual(diagnosticsOf({ [ROUTE]: fixed }), []);
    });

    it('a handler declaration its file names elsewhere gets no fix (the const would not be hoisted)', () => {
      const text = `${HEADER_ONLY}\nexport const PUT = POST;\n`;
      const [finding] = checkFile({ [ROUTE]: text }, ROUTE).filter((f) => f.code === CODE);
      assert.deepEqual(finding!.fixes, []);
    });
  });

  describe('at the destination the app schedules or publishes to', () => {
    it('reports the destination of a route that never verifies, naming it, and fixes the route', () => {
      const files = { [JOB_ROUTE]: PLAIN_JOB, [SCRIPT]: SCHEDULES };
      assert.deepEqual(rowsOf(files, SCRIPT, CODE), [[CODE, 'error', '`${process.env.APP_URL}/api/jobs/digest`']]);
      const [finding] = checkFile(files, SCRIPT).filter((f) => f.code === CODE);
      assert.match(finding!.message, /app\/api\/jobs\/digest\/route\.ts/);
      assert.equal(finding!.related?.[0]?.file, JOB_ROUTE);
      const fixed = applyFix(files, SCRIPT, finding!.fixes[0]!);
      assert.equal(fixed[SCRIPT], SCHEDULES);
      assert.equal(
        fixed[JOB_ROUTE],
        `import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';\n\nexport const POST = verifySignatureAppRouter(async function POST(req: Request) {\n  const { userId } = (await req.json()) as { userId: string };\n  return Response.json({ sent: userId });\n});\n`,
      );
      assert.deepEqual(checkFile(fixed, SCRIPT), []);
      assert.deepEqual(diagnosticsOf({ [JOB_ROUTE]: fixed[JOB_ROUTE]! }), []);
    });

    it('publish and publishJSON urls count; a client made in another file is followed', () => {
      const client = "import { Client } from '@upstash/qstash';\nexport const qstash = new Client({ token: process.env.QSTASH_TOKEN! });\n";
      const publisher = "import { qstash } from '../lib/qstash';\n\nconst base = process.env.APP_URL;\n\nexport async function enqueue(userId: string) {\n  await qstash.publishJSON({ url: base + '/api/jobs/digest', body: { userId } });\n}\n";
      const files = { [JOB_ROUTE]: PLAIN_JOB, 'lib/qstash.ts': client, 'server/enqueue.ts': publisher };
      assert.deepEqual(rowsOf(files, 'server/enqueue.ts', CODE), [[CODE, 'error', "base + '/api/jobs/digest'"]]);
      // The Client of the package's first versions, and a destination whose host the request names.
      const legacy = "import { Client } from '@upstash/qstash/nodejs';\nexport const qstash = new Client({ token: '' });\n";
      const fromRequest = "import { qstash } from '../lib/qstash';\n\nexport async function enqueue(host: string) {\n  await qstash.publishJSON({ url: `https://${host}/api/jobs/digest`, body: {} });\n}\n";
      assert.deepEqual(rowsOf({ ...files, 'lib/qstash.ts': legacy, 'server/enqueue.ts': fromRequest }, 'server/enqueue.ts', CODE), [[CODE, 'error', '`https://${host}/api/jobs/digest`']]);
    });

    const silent: [name: string, script: string][] = [
      ['another site', SCHEDULES.replace('`${process.env.APP_URL}/api/jobs/digest`', '"https://jobs.example.org/api/jobs/digest"')],
      ['a computed destination', SCHEDULES.replace('export async function register() {', 'export async function register(destination: string) {').replace('destination: `${process.env.APP_URL}/api/jobs/digest`,', 'destination,')],
      ['a path no route answers', SCHEDULES.replace('/api/jobs/digest', '/api/jobs/missing')],
      ['a URL group', SCHEDULES.replace('destination:', 'urlGroup: "digest", destination:')],
    ];
    for (const [name, script] of silent) {
      it(`says nothing for ${name}`, () => {
        assert.deepEqual(rowsOf({ [JOB_ROUTE]: PLAIN_JOB, [SCRIPT]: script }, SCRIPT, CODE), []);
      });
    }

    it('says nothing for a route that verifies, or one whose handler is not visible', () => {
      const verified = `import { verifySignatureAppRouter } from '@upstash/qstash/nextjs';\nexport const POST = verifySignatureAppRouter(async () => new Response('ok'));\n`;
      assert.deepEqual(rowsOf({ [JOB_ROUTE]: verified, [SCRIPT]: SCHEDULES }, SCRIPT, CODE), []);
      const reexported = "export { POST } from '@/lib/jobs';\n";
      assert.deepEqual(rowsOf({ [JOB_ROUTE]: reexported, [SCRIPT]: SCHEDULES }, SCRIPT, CODE), []);
    });

    it("is off with the rule's setting", () => {
      assert.deepEqual(checkFile({ [JOB_ROUTE]: PLAIN_JOB, [SCRIPT]: SCHEDULES }, SCRIPT, { [CODE]: 'off' }), []);
    });
  });
});
