/**
 * Helper modules as real apps write them, shared by the rule tables. Each one really checks
 * CRON_SECRET (fail-closed) unless its name says otherwise, and each type-checks against the
 * real `next` types.
 */

/** lib/cron.ts: a boolean helper, constant-time, fail-closed. */
export const LIB_VERIFY_CRON = `import { timingSafeEqual } from 'node:crypto';

export function verifyCron(request: Request): boolean {
  const secret = process.env.CRON_SECRET;
  if (!secret) return false;
  const actual = Buffer.from(request.headers.get('authorization') ?? '');
  const expected = Buffer.from(\`Bearer \${secret}\`);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
`;

/** lib/safe-compare.ts: a constant-time string comparison the routes call themselves. */
export const LIB_SAFE_COMPARE = `import { timingSafeEqual } from 'node:crypto';

export function safeCompare(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
`;

/** lib/cron-auth.ts: throws instead of returning a boolean. */
export const LIB_ASSERT_CRON = `export class UnauthorizedError extends Error {}

export function assertCronRequest(request: Request): void {
  const secret = process.env.CRON_SECRET;
  if (!secret) throw new Error('CRON_SECRET is not configured');
  if (request.headers.get('authorization') !== \`Bearer \${secret}\`) {
    throw new UnauthorizedError('Invalid cron secret');
  }
}
`;

/** lib/auth/cron.ts → lib/secrets.ts: the check two hops away from the route. */
export const LIB_AUTH_CRON = `import { getCronSecret } from '../secrets';

export async function isAuthorized(request: Request): Promise<boolean> {
  const expected = getCronSecret();
  const header = request.headers.get('authorization');
  return header === \`Bearer \${expected}\`;
}
`;
export const LIB_SECRETS = `export function getCronSecret(): string {
  const value = process.env.CRON_SECRET;
  if (!value) throw new Error('CRON_SECRET is required');
  return value;
}
`;

/** lib/with-cron-auth.ts: a higher-order wrapper around the handler. */
export const LIB_WITH_CRON_AUTH = `import { verifyCron } from './cron';

type Handler = (request: Request) => Promise<Response>;

export function withCronAuth(handler: Handler): Handler {
  return async (request) => {
    if (!verifyCron(request)) {
      return Response.json({ error: 'Unauthorized' }, { status: 401 });
    }
    return handler(request);
  };
}
`;

/** lib/with-logging.ts: a wrapper that checks nothing. */
export const LIB_WITH_LOGGING = `type Handler = (request: Request) => Promise<Response>;

export function withLogging(handler: Handler): Handler {
  return async (request) => {
    const started = Date.now();
    const response = await handler(request);
    console.log(request.url, response.status, Date.now() - started);
    return response;
  };
}
`;

/** lib/sessions.ts: the job itself. */
export const LIB_SESSIONS = `export async function purgeExpiredSessions(): Promise<{ count: number }> {
  return { count: 0 };
}
`;

/** lib/cron-pages.ts: the Pages Router helper, on NextApiRequest. */
export const LIB_PAGES_AUTH = `import type { NextApiRequest } from 'next';
import { safeCompare } from './safe-compare';

export function isAuthorized(req: NextApiRequest): boolean {
  const secret = process.env.CRON_SECRET;
  return !!secret && safeCompare(req.headers.authorization ?? '', \`Bearer \${secret}\`);
}
`;

/** env.ts the t3-env way: CRON_SECRET is required, so importing env fails without it. */
export const ENV_T3 = `import { createEnv } from '@t3-oss/env-nextjs';
import { z } from 'zod';

export const env = createEnv({
  server: {
    CRON_SECRET: z.string().min(16),
    DATABASE_URL: z.string().url(),
  },
  runtimeEnv: {
    CRON_SECRET: process.env.CRON_SECRET,
    DATABASE_URL: process.env.DATABASE_URL,
  },
});
`;

/** env.ts without a library: a plain object over process.env (values may be undefined). */
export const ENV_PLAIN = `export const env = {
  CRON_SECRET: process.env.CRON_SECRET,
  DATABASE_URL: process.env.DATABASE_URL,
};
`;

/** middleware.ts that checks the secret for every path it matches (and does nothing else). */
export function cronMiddleware(matcher: string, name: 'middleware' | 'proxy' = 'middleware'): string {
  return `import { NextResponse, type NextRequest } from 'next/server';
import { verifyCron } from '@/lib/cron';

export function ${name}(request: NextRequest) {
  if (!verifyCron(request)) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
  return NextResponse.next();
}

export const config = {
  matcher: ${matcher},
};
`;
}

/** An auth middleware that sends signed-out visitors to /login. */
export function loginMiddleware(matcher: string | undefined): string {
  return `import { NextResponse, type NextRequest } from 'next/server';

export function middleware(request: NextRequest) {
  if (!request.cookies.has('session')) {
    return NextResponse.redirect(new URL('/login', request.url));
  }
  return NextResponse.next();
}
${matcher === undefined ? '' : `\nexport const config = {\n  matcher: ${matcher},\n};\n`}`;
}

// The shapes of issue #15: where real projects read the secret and how their checks decide.

/** lib/cron-auth.ts with the secret read once at module scope, fail-closed. */
export const LIB_MODULE_SECRET = `import { safeCompare } from './safe-compare';

const CRON_SECRET = process.env.CRON_SECRET;

export function isCronRequest(request: Request): boolean {
  if (!CRON_SECRET) return false;
  return safeCompare(request.headers.get('authorization') ?? '', \`Bearer \${CRON_SECRET}\`);
}
`;

/** lib/cron-open.ts: the expected header built at module scope, compared with no refusal (fails open). */
export const LIB_MODULE_HEADER_OPEN = `const CRON_AUTHORIZATION = \`Bearer \${process.env.CRON_SECRET}\`;

export function fromVercelCron(request: Request): boolean {
  return request.headers.get('authorization') === CRON_AUTHORIZATION;
}
`;

/** lib/config.ts: constants other modules import. */
export const LIB_CONFIG = `export const CRON_SECRET = process.env.CRON_SECRET;
export const DIGEST_FROM = process.env.DIGEST_FROM ?? 'digest@example.com';
`;

/** lib/verify-bearer.ts: the env variable's name passed in, CRON_SECRET by default; fail-closed. */
export const LIB_VERIFY_BEARER = `import { safeCompare } from './safe-compare';

export function verifyBearer(request: Request, envKey = 'CRON_SECRET'): boolean {
  const secret = process.env[envKey];
  if (!secret) return false;
  return safeCompare(request.headers.get('authorization') ?? '', \`Bearer \${secret}\`);
}
`;

/** lib/has-bearer.ts: the env variable's name passed in, compared with no refusal (fails open). */
export const LIB_HAS_BEARER = `export function hasBearer(request: Request, name = 'CRON_SECRET'): boolean {
  return request.headers.get('authorization') === \`Bearer \${process.env[name]}\`;
}
`;

/** lib/cron-request.ts: compares with the secret it is handed; whoever calls it decides what unset means. */
export const LIB_CRON_REQUEST = `import { safeCompare } from './safe-compare';

export function isValidCronRequest(request: Request, secret: string): boolean {
  return safeCompare(request.headers.get('authorization') ?? '', \`Bearer \${secret}\`);
}
`;

/** lib/settings.ts: feature switches from the environment. */
export const LIB_SETTINGS = `export const settings = {
  requireCronAuth: process.env.REQUIRE_CRON_AUTH === 'true',
  digestBatchSize: Number(process.env.DIGEST_BATCH_SIZE ?? 100),
};
`;

/** lib/cron-token.ts: the comparison's result kept, logged, then returned (fails open). */
export const LIB_RESULT_RETURNED = `export function isCronAuthorized(request: Request): boolean {
  const valid = request.headers.get('authorization') === \`Bearer \${process.env.CRON_SECRET}\`;
  if (!valid) console.warn('Rejected cron request', new URL(request.url).pathname);
  return valid;
}
`;

/** lib/digests/*: the job's work, four calls deep (past the walk's hops). */
export const LIB_DIGESTS: Readonly<Record<string, string>> = {
  'lib/digests/index.ts': `import { deliver } from './deliver';

export async function sendDigests(): Promise<number> {
  const pending = [{ to: 'ada@example.com', items: 3 }];
  for (const digest of pending) await deliver(digest.to, digest.items);
  return pending.length;
}
`,
  'lib/digests/deliver.ts': `import { renderDigest } from './render';

export async function deliver(to: string, items: number): Promise<void> {
  console.info('digest', to, renderDigest(items).length);
}
`,
  'lib/digests/render.ts': `import { formatItems } from './format';

export function renderDigest(items: number): string {
  return \`<p>\${formatItems(items)}</p>\`;
}
`,
  'lib/digests/format.ts': `import { verifyTemplate } from '@acme/templates';

export function formatItems(items: number): string {
  verifyTemplate('digest');
  return items === 1 ? 'one new item' : \`\${items} new items\`;
}
`,
};
