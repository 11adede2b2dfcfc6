import { CODES, type ProblemCode } from './codes';
import type { Severity, Span, TextEdit } from './types';

/**
 * The diagnostics contract of the whole core: what a rule is, what it reports (findings with
 * fixes, built lazily) and what is known about each code. Every rule family (vercel.json, route
 * files, the wrapper hints, env files) is written against this module; `codes.ts` stays the
 * registry of the codes themselves.
 */

/** A quick fix. Which fixes run unasked is `isDefaultFix`'s decision, not the rule's. */
export interface Fix {
  title: string;
  /** Edits to the vercel.json being checked. */
  edits: TextEdit[];
  /** Files to create, relative to the project root (a route for a missing path). */
  createFiles?: { file: string; content: string }[];
  /** Edits to other files of the project, relative to the project root. */
  fileEdits?: { file: string; edits: TextEdit[] }[];
  preferred?: boolean;
  /** The fix keeps the meaning: the same jobs run at the same times, answering the same requests. */
  safe: boolean;
  /**
   * Alternatives of one action (a duplicate-run guard per store): the editor offers the group
   * as one action that asks which `label` when `ask` (else takes the first); `fix --store` picks by `key`.
   */
  variant?: { group: string; key: string; label: string; ask: boolean };
}

/**
 * Codes whose fixes harden a CRON_SECRET check that exists: fail closed when the secret is unset
 * (`auth-fails-open`), compare in constant time (`auth-not-timing-safe`). They change the answer
 * only for a forged request, never for Vercel's, so they run by default although not `safe`.
 */
export const AUTH_HARDENING_CODES: ReadonlySet<ProblemCode> = new Set<ProblemCode>(['auth-fails-open', 'auth-not-timing-safe']);

/**
 * The default fix set, in one place: what `next-cron-routes fix` applies without `--only`, and
 * what an editor's "fix all" (`source.fixAll`) must apply. The meaning-preserving (`safe`) fixes
 * plus the auth hardening ones; nothing that reschedules, removes keys, creates files, adds a
 * check where there was none or wraps a handler, because each of those changes what runs.
 */
export function isDefaultFix(code: ProblemCode, fix: Fix): boolean {
  return fix.safe || AUTH_HARDENING_CODES.has(code);
}

/** Another place the problem involves, shown as a link on the one finding rather than as a second finding. */
export interface RelatedLocation {
  /** Relative to the project root, like `Fix.fileEdits`. */
  file: string;
  span: Span;
  message: string;
}

export interface Finding {
  code: ProblemCode;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
  /** Where else the problem shows (the vercel.json entry behind a route finding); the finding sits where it is fixed. */
  related?: RelatedLocation[];
}

/**
 * What a rule reports: one code, which its module's file is named after, or a family of codes
 * that one analysis gives together (the cron engine's schedule codes, the three maxDuration
 * ones), which the rule declares by name, its module's file name. Tuples so that a module with
 * several codes and no family, or a family of one, does not type-check.
 */
export type RuleCodes =
  | { readonly family?: undefined; readonly codes: readonly [ProblemCode] }
  | { readonly family: string; readonly codes: readonly [ProblemCode, ProblemCode, ...ProblemCode[]] };

/** A rule of any family: its codes, and a check over the context its family's checker builds. */
export type Rule<Context> = RuleCodes & {
  check(ctx: Context): Finding[];
};

/**
 * One family's rules, in the order its checker runs them. The full list is composed above every
 * family (service/rules.ts), so that no family's registry imports a higher folder's rules.
 */
export interface RuleRegistry {
  /** What the rules read, as the meta-test and the docs name it. */
  name: string;
  rules: readonly Rule<never>[];
}

/** The project's page of problem codes: every code is listed there. */
const CODES_DOCS = 'https://github.com/next-cron-routes/next-cron-routes#problem-codes';

/** What is known about a code before any rule runs: for docs, hovers and the settings. */
export interface RuleMeta {
  code: ProblemCode;
  defaultSeverity: Severity;
  description: string;
  docs: string;
}

export function ruleMeta(code: ProblemCode): RuleMeta {
  const { defaultSeverity, description } = CODES[code];
  return { code, defaultSeverity, description, docs: CODES_DOCS };
}

/** Holds the function that builds a finding's fixes until the first read, then the fixes. */
const FIXES = Symbol('fixes');
/** Whether building would give any fix, when the rule can tell without building (see hasFixes). */
const FIXABLE = Symbol('fixable');

interface LazyFinding {
  [FIXES]: Fix[] | (() => Fix[]);
  [FIXABLE]: (() => boolean) | undefined;
}

/**
 * One getter and setter shared by every lazy finding. A per-finding closure pair would give each
 * finding its own hidden class; V8 keeps those in old space, and their references to the young
 * closures (and through them the parsed file) made every scavenge promote whole syntax trees.
 */
const LAZY_FIXES: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: LazyFinding): Fix[] {
    const slot = this[FIXES];
    if (typeof slot !== 'function') return slot;
    // Built once; dropping the builders lets the syntax tree they close over go.
    this[FIXABLE] = undefined;
    return (this[FIXES] = slot());
  },
  set(this: LazyFinding, value: Fix[]) {
    this[FIXES] = value;
    this[FIXABLE] = undefined;
  },
};

/**
 * Defines `finding.fixes` as computed on first read: most findings are shown, few are fixed,
 * and building a fix (style detection, helper text) costs more than finding the problem.
 * `fixable`, for rules that fire on most routes, answers `fixes.length > 0` without building
 * (`check` reports only that); the rule tables hold it equal to building on every case.
 */
export function withLazyFixes<T extends Omit<Finding, 'fixes'>>(finding: T, compute: () => Fix[], fixable?: () => boolean): T & Finding {
  // Plain assignments: defineProperty of a fresh descriptor per finding cost more than the finding.
  (finding as unknown as LazyFinding)[FIXES] = compute;
  (finding as unknown as LazyFinding)[FIXABLE] = fixable;
  return Object.defineProperty(finding, 'fixes', LAZY_FIXES) as T & Finding;
}

/**
 * Keeps the fixes `keep` accepts, still built on first read when they were lazy. The rule's
 * `fixable` predicate no longer answers for them (hasFixes builds them): this is for the rare
 * finding whose fixes must be vetted against its file, such as one with a syntax error.
 */
export function keepFixes(finding: Finding, keep: (fix: Fix) => boolean): void {
  const lazy = finding as unknown as LazyFinding;
  if (Object.getOwnPropertyDescriptor(finding, 'fixes')?.get !== LAZY_FIXES.get) {
    finding.fixes = finding.fixes.filter(keep);
    return;
  }
  const slot = lazy[FIXES];
  lazy[FIXES] = typeof slot === 'function' ? () => slot().filter(keep) : slot.filter(keep);
  lazy[FIXABLE] = undefined;
}

/** Whether the finding has a fix: from its rule's predicate while the fixes are unbuilt, else by building them. */
export function hasFixes(finding: Finding): boolean {
  const lazy = finding as unknown as Partial<LazyFinding>;
  const fixable = lazy[FIXABLE];
  return fixable && typeof lazy[FIXES] === 'function' ? fixable() : finding.fixes.length > 0;
}
