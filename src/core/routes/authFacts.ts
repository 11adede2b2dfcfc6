import type * as TS from 'typescript';

/**
 * What a cron handler does about authentication, read from syntax across the files it calls
 * (local helpers, relative and aliased imports, a few hops). Precision over recall: a call that
 * cannot be followed counts as "might check" when it stands where a check stands (a guard's
 * condition, a statement that may throw before the work, a wrapper), never as "does not check".
 */
export interface Comparison {
  node: TS.Node;
  file: string;
  /** In the handler's own file and function, where a fix can edit it. */
  inHandler: boolean;
  /** `timingSafeEqual(...)` or another constant-time helper rather than === / !==. */
  timingSafe: boolean;
  /** One side is a template like `Bearer ${process.env.CRON_SECRET}` (here or in a constant). */
  templateWithSecret: boolean;
  /**
   * The bare secret against a header value that is undefined when the header (or its token) is
   * missing, or a loose `==`/`!=`: with the secret unset, undefined matches undefined.
   */
  undefinedMatchesUnset: boolean;
  /**
   * The node of the handler's file this comparison runs through: itself in the handler, the
   * handler's call of the helper that holds it. Undefined for module-scope code.
   */
  origin: TS.Node | undefined;
}

/**
 * A check that runs only when a value is set: with the secret (`if (secret && !valid(req))`),
 * the header (`if (auth && auth !== expected)`) or a switch (`if (settings.requireCronAuth && …)`)
 * unset, nothing is checked. Or a helper that accepts before its check when no secret is
 * configured (`if (!secret) return true;`, `if (accepted.length === 0) return { ok: true };`).
 */
export interface SkippedCheck {
  node: TS.IfStatement;
  file: string;
  /**
   * `if (switch) { …check… }` with no refusal otherwise, `if (switch && !check) refuse`, or
   * `if (!secret) return <pass>;` before the check of a helper whose refusals return the opposite.
   */
  kind: 'block' | 'and-guard' | 'early-accept';
  /** What, unset, skips the check. */
  switch: 'secret' | 'header' | 'flag';
  /** The switch's expression (the first operand of an and-guard, the whole condition of a block). */
  switchNode: TS.Expression;
  /** An and-guard's operands and the `&&` tokens between them. */
  parts?: readonly TS.Expression[];
  operators?: readonly TS.Node[];
  /**
   * An early accept's other environment variables, accepted beside CRON_SECRET (a list of
   * tokens, `!cronSecret && !adminKey`): the check is skipped only when every one is unset.
   */
  alsoAccepted?: readonly string[];
}

export interface AuthFacts {
  comparisons: Comparison[];
  readsAuthorization: boolean;
  readsSecret: boolean;
  /** The code refuses, returns or throws when the secret is missing somewhere. */
  requiresSecret: boolean;
  skippedWhenUnset: SkippedCheck[];
  /**
   * `!hasBearer && …` in a refusal's condition, where `hasBearer` only tests that the Authorization
   * header is there or starts with a scheme: a request sending any such header skips the refusal,
   * so what the other operands test (a session, a role) is no check of the cron request.
   */
  headerBypasses: { node: TS.Node; file: string }[];
  /** Reads of user-agent or x-vercel-cron headers. */
  spoofable: { node: TS.Node; file: string }[];
  /**
   * `if (isVercelCron) return true` at the top of a helper whose true lets the request in
   * (`if (!isAllowed(request)) return 403`): a header anyone can send is accepted by itself,
   * whatever else the helper (`within`) compares with the secret.
   */
  spoofAccepts: { node: TS.Node; file: string; within: TS.Node }[];
  /** QStash signatures, Trigger.dev, Vercel Schedules' handleSchedule. */
  otherVerification: boolean;
  /**
   * What the request carries is compared, where the response is decided, with an environment
   * variable named like another secret (`header !== process.env.JOBS_SECRET`): a check, just not
   * with CRON_SECRET, so the job is not open to anyone. Only missing-auth reads it: a spoofable
   * header beside it still lets anyone in.
   */
  comparesOtherSecret: boolean;
  /**
   * Calls that could not be followed (a package's verifyCron, a helper too many hops away) and
   * stand where a check stands: in a guard's condition, as a statement handed the request, as a
   * wrapper, or whose result a guard tests. They may check.
   */
  unresolvedChecks: string[];
  /**
   * Calls named like checks that could not be followed but cannot decide the response: the
   * job's own work (`await sendDigests()`), however deep. Named in messages, never a check.
   */
  ignoredCalls: string[];
  /** Reads request headers or a dynamic API (cookies(), headers()…): the route renders per request. */
  readsRequestData: boolean;
  /**
   * Why the analysis stopped before it saw everything (code nested past its depth budget, or a
   * handler answering with another handler built by a call it cannot read): the facts are then
   * partial, and no rule may read them as "no check".
   */
  incomplete?: string;
}
