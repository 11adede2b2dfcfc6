import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';

/** The names, headers and helpers the auth walk recognises, and the bits it reads them into. */
export const MAX_HOPS = 3;
export const AUTHISH = /auth|verify|cron|secret|signature|guard|protect|allow|valid|bearer|token/i;
/**
 * A statement call that may refuse by throwing (`await requireCron(req)`), told from the job's
 * work (`await runCronTasks()`, `await refreshTokens()`), which AUTHISH would also match.
 */
export const GUARD_NAME = /^(require|assert|ensure|verify|check|authenticate|authori[sz]e|protect|guard|validate|enforce|deny|reject)|auth|secret|signature|bearer/i;
export const OTHER_VERIFICATION = new Set(['verifySignatureAppRouter', 'verifySignatureEdge', 'verifySignature', 'Receiver', 'handleSchedule']);
export const TIMING_SAFE = new Set(['timingSafeEqual', 'safeCompare', 'secureCompare', 'constantTimeEqual', 'timingSafeCompare', 'safeEqual', 'isSameSecret', 'isSameSecretSync', 'compareSecret', 'compareSecrets']);
export const REQUEST_DATA_MEMBERS = new Set(['headers', 'nextUrl', 'cookies', 'searchParams']);
export const DYNAMIC_API = new Set(['cookies', 'headers', 'draftMode', 'unstable_noStore', 'noStore', 'connection']);
export const REQUIRE_ENV = /^(assert|invariant|ok|required?Env|getRequiredEnv)$/i;
/** Receivers whose calls check nothing: a set, since callTo asks it for most member calls. */
export const NOT_A_CHECK_RECEIVER: ReadonlySet<string> = new Set(['headers', 'request', 'req', 'console', 'Response', 'NextResponse', 'JSON', 'Math', 'Date', 'Buffer', 'crypto', 'Object', 'Array', 'Promise', 'Number', 'String']);
export const SPOOF_HEADER = /^(user-agent|x-vercel-cron.*)$/i;
/**
 * An imported constant worth opening its module for (`import { CRON_SECRET } from '@/lib/config'`):
 * only names that may hold the secret, the header value or the variable's name, so a route's
 * `db` or `logger` costs no parse of their modules.
 */
export const SECRETISH_IMPORT = /secret|token|bearer|auth|cron|key|expected/i;
/** A value whose truthiness switches a check on: `settings.requireCronAuth`, `CRON_AUTH_ENABLED`. */
export const SWITCH_NAME = /auth|secret|verif|protect|guard|secur|require|enforce|check|token|cron/i;
/** …but not the deployment stage: `NODE_ENV`, `VERCEL_ENV`, `isProd`, skipped in development only. */
export const STAGE_NAME = /node_?env|vercel|^ci$|prod|dev|preview|staging|local|test/i;
/** A then-branch that refuses the request (rather than, say, answering "nothing to do"). */
export const REFUSAL_TEXT = /\b40[13]\b|unauthori[sz]ed|forbidden|\bthrow\b|\bdenied\b/i;

// What a subtree reads, as bits: the walk returns them bottom-up, so each node is looked at once.
export const AUTH = 1;
export const SECRET = 2;
export const SPOOF = 4;
export const BEARER = 8;
// Alias-only bits: a header value undefined when missing, the bare secret, a name holding 'CRON_SECRET'.
export const UNDEFINABLE = 16;
export const BARE_SECRET = 32;
export const SECRET_NAME = 64;
/** The boolean result of comparing the header with the secret (`const valid = auth === …`), not the secret. */
export const CHECK = 128;
/**
 * A value the request carries other than Authorization (`headers.get('x-cron-secret')`,
 * `searchParams.get('key')`, `req.query.token`): compared with the secret, it is a check.
 */
export const REQUEST_VALUE = 256;
/**
 * Alias-only: the Authorization header as sent, or a test of its presence or scheme
 * (`auth?.startsWith('Bearer')`): a value any caller decides by sending some header.
 */
export const HEADER_SHAPE = 512;
/**
 * A value read from an environment variable named like a secret other than CRON_SECRET
 * (`process.env.ADMIN_TOKEN`, `process.env.JOBS_SECRET`): compared with what the request carries
 * where the response is decided, it is a check of another secret, which this analysis cannot rank.
 */
export const OTHER_SECRET = 1024;
/** An environment variable's name that says it holds a secret. */
export const SECRET_ENV_NAME = /secret|token|key|passw|auth|bearer|signature/i;
export const READS = AUTH | SECRET | SPOOF | BEARER | CHECK | REQUEST_VALUE | OTHER_SECRET;
/** What a check compares with the secret: the Authorization header or another request value. */
export const PRESENTED = AUTH | REQUEST_VALUE;

/** Where a request value is read from: `request.headers`, `url.searchParams`, `req.query`, next/headers' `headers()`. */
export const REQUEST_SOURCE = /^(headers|searchParams|query|requestHeaders|headersList|headerList)$/;

export function stringArgument(ts: TsApi, node: TS.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

export function isAuthorizationName(name: string | undefined): boolean {
  return name !== undefined && name.length === 13 && name.toLowerCase() === 'authorization';
}
