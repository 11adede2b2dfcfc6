import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';

/** The names, headers and helpers the auth walk recognises, and the bits it reads them into. */
export const MAX_HOPS = 3;
export const AUTHISH = /auth|verify|cron|secret|signature|guard|protect|allow|valid|bearer|token/i;
export const OTHER_VERIFICATION = new Set(['verifySignatureAppRouter', 'verifySignatureEdge', 'verifySignature', 'Receiver', 'handleSchedule']);
export const TIMING_SAFE = new Set(['timingSafeEqual', 'safeCompare', 'secureCompare', 'constantTimeEqual', 'timingSafeCompare', 'safeEqual', 'isSameSecret', 'isSameSecretSync', 'compareSecret', 'compareSecrets']);
export const REQUEST_DATA_MEMBERS = new Set(['headers', 'nextUrl', 'cookies', 'searchParams']);
export const DYNAMIC_API = new Set(['cookies', 'headers', 'draftMode', 'unstable_noStore', 'noStore', 'connection']);
export const REQUIRE_ENV = /^(assert|invariant|ok|required?Env|getRequiredEnv)$/i;
export const NOT_A_CHECK_RECEIVER = /^(headers|request|req|console|Response|NextResponse|JSON|Math|Date|Buffer|crypto)$/;
export const SPOOF_HEADER = /^(user-agent|x-vercel-cron.*)$/i;

// What a subtree reads, as bits: the walk returns them bottom-up, so each node is looked at once.
export const AUTH = 1;
export const SECRET = 2;
export const SPOOF = 4;
export const BEARER = 8;
// Alias-only bits: a header value undefined when missing, the bare secret, a parameter holding 'CRON_SECRET'.
export const UNDEFINABLE = 16;
export const BARE_SECRET = 32;
export const SECRET_NAME = 64;
export const READS = AUTH | SECRET | SPOOF | BEARER;

export function stringArgument(ts: TsApi, node: TS.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

export function isAuthorizationName(name: string | undefined): boolean {
  return name !== undefined && name.length === 13 && name.toLowerCase() === 'authorization';
}
