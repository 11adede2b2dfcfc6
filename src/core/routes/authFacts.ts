import type * as TS from 'typescript';

/**
 * What a cron handler does about authentication, read from syntax across the files it calls
 * (local helpers, relative and aliased imports, a few hops). Precision over recall: anything
 * that cannot be followed counts as "might check", never as "does not check".
 */
export interface Comparison {
  node: TS.Node;
  file: string;
  /** In the handler's own file and function, where a fix can edit it. */
  inHandler: boolean;
  /** `timingSafeEqual(...)` or another constant-time helper rather than === / !==. */
  timingSafe: boolean;
  /** One side is a template like `Bearer ${process.env.CRON_SECRET}`. */
  templateWithSecret: boolean;
  /**
   * The bare secret against a header value that is undefined when the header (or its token) is
   * missing, or a loose `==`/`!=`: with the secret unset, undefined matches undefined.
   */
  undefinedMatchesUnset: boolean;
}

export interface AuthFacts {
  comparisons: Comparison[];
  readsAuthorization: boolean;
  readsSecret: boolean;
  /** The code refuses, returns or throws when the secret is missing somewhere. */
  requiresSecret: boolean;
  /**
   * `if (process.env.CRON_SECRET) { …check… }` with no refusal otherwise (`block`), or
   * `if (process.env.CRON_SECRET && auth !== …) return 401` (`and-guard`).
   */
  skippedWhenUnset: { node: TS.IfStatement; file: string; kind: 'block' | 'and-guard' }[];
  /** Reads of user-agent or x-vercel-cron headers. */
  spoofable: { node: TS.Node; file: string }[];
  /** QStash signatures, Trigger.dev, Vercel Schedules' handleSchedule. */
  otherVerification: boolean;
  /** Calls that could not be followed and may well check (verifyCron from a package…). */
  unresolvedChecks: string[];
  /** Reads request headers or a dynamic API (cookies(), headers()…): the route renders per request. */
  readsRequestData: boolean;
  /**
   * Why the analysis stopped before it saw everything (code nested past its depth budget):
   * the facts are then partial, and no rule may read them as "no check".
   */
  incomplete?: string;
}
