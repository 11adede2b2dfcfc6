/**
 * What the VS Code extension and the language server (src/lsp/) say to each other beyond LSP
 * (issue #17). Method names and plain shapes only, no library: dist/extension.js imports this
 * module and carries neither the server nor vscode-languageserver, so it lives on this side.
 *
 * Other editors need none of it: they get the standard requests, with every fix variant as an
 * action of its own and no Trigger Cron Route lenses.
 */

/** `initializationOptions` a client may send. */
export interface InitializationOptions {
  /** Whether `.env*` files and secrets may be read (VS Code: workspace trust; others: the user's opt-in). */
  trusted?: boolean;
  /**
   * `vscode` when the client is this project's extension: hovers keep VS Code's theme icons and
   * leave out the problems VS Code already shows under the cursor, fix variants become one action
   * whose command asks which, and CodeLenses include "▶ Trigger".
   */
  editor?: 'vscode';
}

/** Notification, client → server: workspace trust granted (or withdrawn) after start. */
export const SET_TRUST_METHOD = 'nextCronRoutes/setTrust';
export interface SetTrustParams {
  trusted: boolean;
}

/** Notification, client → server: pins "now" for relative times (the extension's `setClock`, for tests); null restores the real clock. */
export const SET_CLOCK_METHOD = 'nextCronRoutes/setClock';
export interface SetClockParams {
  instant: string | null;
}

/**
 * Request, client → server: the diagnostics of an open document as of its current text (LSP
 * `Diagnostic[]`, the same the server publishes), or null when the server does not know it. The
 * extension's `whenAnalysed` sets them, so it never waits on a publish it cannot observe.
 */
export const ANALYSED_METHOD = 'nextCronRoutes/analysed';
export interface AnalysedParams {
  uri: string;
}

/** Request, client → server: the cron jobs of the given vercel.json files (open text over the disk). */
export const JOBS_METHOD = 'nextCronRoutes/jobs';
export interface JobsParams {
  uris: string[];
}
export interface JobsResult {
  /** `method` and `timeZone` for a Schedules path target (a cron job: GET, UTC); `private` for a function target, which is explained, never sent. */
  jobs: { uri: string; path: string; schedule: string; method?: 'GET' | 'POST'; timeZone?: string; private?: string }[];
}

/**
 * Request, client → server: the jobs the code and workflows of the projects in the given folders
 * declare (every workspace folder when none is given), as Trigger Cron Route lists them: a QStash
 * schedule whose destination is a route of the app is sent signed; every other job says how it runs.
 */
export const CODE_JOBS_METHOD = 'nextCronRoutes/codeJobs';
export interface CodeJobsParams {
  folders?: string[];
}
export interface CodeJobsResult {
  entries: CodeJobEntry[];
}
/** core/schedulers/triggerable.ts's CodeTriggerEntry, as plain data. */
export type CodeJobEntry = {
  /** Absolute project root: env files and the dev server live here. */
  root: string;
  declaredIn: string;
  source: string;
  label: string;
  schedule: string;
} & (
  | { kind: 'qstash'; path: string; method: string; routeFile: string; scheduleId: string | undefined; scheduleKey: string }
  | { kind: 'explained'; howToRun: string }
);

/**
 * The names of a Vercel project's configuration file, in the order the server reads one when a
 * folder has several (core/vercel/configFiles.ts; a unit test holds the two lists equal). The
 * extension lists these files for Trigger Cron Route without carrying their parsers.
 */
export const CONFIG_FILE_NAMES: readonly string[] = ['vercel.json', 'vercel.ts', 'vercel.mts', 'vercel.js', 'vercel.mjs', 'vercel.cjs', 'vercel.toml'];

/** Request, client → server: what Trigger Cron Route needs to know of the route behind a cron path. */
export const CRON_ROUTE_METHOD = 'nextCronRoutes/cronRoute';
export interface CronRouteParams {
  /** The vercel.json listing the job. */
  uri: string;
  path: string;
}
export interface CronRouteResult {
  /** The route file serving the path, relative to the vercel.json's folder; absent when none does. */
  file?: string;
  /** Whether the route is wrapped in the duplicate-run guard, so "run anyway" means something. */
  runGuard: boolean;
}

/**
 * Request, any client → server: the server process's memory, as rust-analyzer's
 * `rust-analyzer/memoryUsage` reports its own, so a user (or the bench) can see what the checks
 * of a large app hold. `collected` says whether a full garbage collection ran first, making
 * `heapUsed` the live heap rather than live plus garbage.
 */
export const MEMORY_USAGE_METHOD = 'nextCronRoutes/memoryUsage';
export interface MemoryUsageResult {
  heapUsed: number;
  rss: number;
  collected: boolean;
}

/** The command a VS Code client runs for a fix with variants: it asks which, then applies that edit. */
export const APPLY_VARIANT_COMMAND = 'nextCronRoutes.applyFixVariant';
/** The argument of APPLY_VARIANT_COMMAND; `edit` is an LSP WorkspaceEdit. */
export interface VariantChoiceArgument {
  title: string;
  choices: { label: string; edit: unknown }[];
}

/** The command of "▶ Trigger" lenses (VS Code only): Trigger Cron Route with `{ path, folder }`. */
export const TRIGGER_COMMAND = 'nextCronRoutes.triggerCronRoute';
export const TRIGGER_TITLE = '▶ Trigger';
