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
