import type { Severity } from './types';

/**
 * The registry of problem codes: the contract between diagnostics, quick fixes, the CLI
 * (`explain`, `check`, `fix`) and the `nextCronRoutes.rules` setting. Codes never change
 * meaning once published.
 */
export interface CodeInfo {
  /** The severity before plan-dependent logic and user overrides. */
  defaultSeverity: Severity;
  description: string;
}

export const CODES = {
  'invalid-schedule': {
    defaultSeverity: 'error',
    description:
      'The schedule is not valid for its platform (field count, range, names, macros, special characters). Undocumented cases are warnings.',
  },
  'invalid-timezone': {
    defaultSeverity: 'error',
    description: 'The schedule names a time zone that is not a valid IANA zone.',
  },
  'day-of-month-and-week': {
    defaultSeverity: 'error',
    description:
      'Both day-of-month and day-of-week are restricted. Vercel refuses this; elsewhere tools disagree on whether the days combine with OR or AND.',
  },
  'never-fires': {
    defaultSeverity: 'warning',
    description: 'The schedule is valid but can never fire (for example 30 February).',
  },
  'hobby-frequency': {
    defaultSeverity: 'warning',
    description:
      'Fires more than once per day, which the Vercel Hobby plan rejects at deploy. Error on hobby, warning when the plan is unknown.',
  },
  'hobby-precision': {
    defaultSeverity: 'info',
    description: 'On the Hobby plan the job fires anywhere within the scheduled hour.',
  },
  'interval-too-short': {
    defaultSeverity: 'warning',
    description: 'Fires more often than the platform runs scheduled jobs (GitHub Actions: every 5 minutes at most).',
  },
  'invalid-json': {
    defaultSeverity: 'error',
    description: 'vercel.json has comments, trailing commas or a syntax error. Vercel parses it as strict JSON and the deploy fails.',
  },
  'config-unreadable': {
    defaultSeverity: 'error',
    description:
      'A configuration file (vercel.json) exists but cannot be read as a regular file: a folder, a FIFO, a device, a broken symbolic link, no permission, or larger than the check reads. Nothing in it is checked.',
  },
  'multiple-config-files': {
    defaultSeverity: 'error',
    description:
      'More than one of vercel.json, vercel.toml and vercel.ts (.mts, .js, .mjs, .cjs) in one project folder: Vercel allows only one configuration file. The check reads the first of them (vercel.json, then vercel.ts…, then vercel.toml).',
  },
  'config-not-static': {
    defaultSeverity: 'info',
    description:
      'A value in vercel.ts that is computed (a call, an imported or non-const variable, a template with substitutions): the check reads the file without running it, so it skips that value and checks nothing in it.',
  },
  'invalid-config-shape': {
    defaultSeverity: 'error',
    description:
      'vercel.json, or its crons, functions or schedules (or one of their entries), is a value of the wrong type, such as "crons": {} or a top-level array; or a schedules entry\'s name is not one the vercel CLI takes: Vercel refuses it and nothing in it runs.',
  },
  'invalid-path': {
    defaultSeverity: 'error',
    description: 'A cron path is empty, does not start with "/", or is longer than 512 characters.',
  },
  'duplicate-cron': {
    defaultSeverity: 'warning',
    description: 'The same path and schedule appear twice, so the job runs twice.',
  },
  'too-many-crons': {
    defaultSeverity: 'error',
    description: 'More cron jobs than a Vercel project may have.',
  },
  'unknown-property': {
    defaultSeverity: 'error',
    description: 'A key other than path and schedule in a crons entry; the deploy fails.',
  },
  'route-not-found': {
    defaultSeverity: 'warning',
    description:
      'No route file of the app serves the cron path, so every run gets 404. In a project without Next.js, only a path under /api that no file of api/ serves (and only when nothing else routes its paths).',
  },
  'vercel-json-outside-app': {
    defaultSeverity: 'warning',
    description:
      "vercel.json sits above the Next.js app (a monorepo's root, the app in apps/web): Vercel reads it only from the project's Root Directory, the app's folder, so it never reads this file and its crons never run. Move it into the app's folder.",
  },
  'route-missing-get': {
    defaultSeverity: 'error',
    description: 'The route exports handlers but no GET: Vercel Cron sends GET, so every run gets 405.',
  },
  'trailing-slash-redirect': {
    defaultSeverity: 'warning',
    description: "The cron path's trailing slash disagrees with trailingSlash in next.config: a 308 redirect that Vercel Cron does not follow.",
  },
  'functions-pattern-unmatched': {
    defaultSeverity: 'error',
    description: 'A functions key matches no route or API file of the app (in a project without Next.js: an api/ key that matches no file of api/); the deploy fails.',
  },
  'missing-auth': {
    defaultSeverity: 'error',
    description:
      'A cron route never compares the Authorization header with CRON_SECRET (directly, through a helper or a middleware), so anyone can run the job. Error for a route vercel.json schedules, warning for one only the cron-route glob names.',
  },
  'auth-fails-open': {
    defaultSeverity: 'error',
    description: 'The CRON_SECRET check passes when the secret is unset ("Bearer undefined" gets in, or the check is skipped).',
  },
  'auth-spoofable': {
    defaultSeverity: 'warning',
    description: 'The only check is the user-agent or an x-vercel-cron header, which anyone can send.',
  },
  'auth-not-timing-safe': {
    defaultSeverity: 'hint',
    description: 'The secret is compared with === or !==, which can leak it through timing.',
  },
  'max-duration-exceeds-plan': {
    defaultSeverity: 'warning',
    description: "The route's effective maxDuration exceeds the plan's limit; the deploy fails. Error with a plan set, warning when unknown.",
  },
  'max-duration-not-static': {
    defaultSeverity: 'info',
    description: 'maxDuration is not a literal, so neither Next.js nor this check can read it.',
  },
  'max-duration-on-edge': {
    defaultSeverity: 'warning',
    description: 'maxDuration does not apply to the Edge runtime.',
  },
  'static-cron-route': {
    defaultSeverity: 'warning',
    description:
      'On Next.js 14 and older, or 16 with cacheComponents, this GET is prerendered at build, so the cron gets a cached response and the job never runs.',
  },
  'force-static-cron-route': {
    defaultSeverity: 'error',
    description: "dynamic = 'force-static' or a revalidate period makes the cron route a cached response.",
  },
  'segment-config-with-cache-components': {
    defaultSeverity: 'error',
    description:
      'With cacheComponents on (Next.js 16), a cron route exports segment config Next refuses (dynamic, revalidate, fetchCache, dynamicParams, runtime): the build fails, so no cron deploys.',
  },
  'middleware-redirects-cron': {
    defaultSeverity: 'warning',
    description: 'A middleware or proxy covering the cron path can redirect, and Vercel Cron does not follow redirects.',
  },
  'middleware-and-proxy': {
    defaultSeverity: 'error',
    description: 'middleware.ts and proxy.ts side by side: Next.js 16 fails the build, so no cron deploys.',
  },
  'cron-secret-format': {
    defaultSeverity: 'warning',
    description: 'CRON_SECRET in an .env file has surrounding whitespace or non-printable characters (vercel build fails), or is shorter than 16 characters.',
  },
  'after-request-api-in-callback': {
    defaultSeverity: 'error',
    description:
      'cookies() or headers() called inside an after() callback of a Server Component: Next.js throws there at run time, so the deferred work never runs. Read the value before after() and use it inside the callback.',
  },
  'workflow-calls-cron-without-secret': {
    defaultSeverity: 'error',
    description:
      'A GitHub Actions step requests one of the app\'s cron routes with curl, wget or HTTPie and sends no Authorization header built from a secret: either the route lets anyone run the job, or every run gets a 401. Send -H "Authorization: Bearer $CRON_SECRET" with CRON_SECRET: ${{ secrets.CRON_SECRET }} in the step\'s env.',
  },
  'no-monitoring': {
    defaultSeverity: 'hint',
    description:
      'No failure path of a cron route handler (a catch, a .catch(), its wrapper, the project code they call) reaches an error reporter (Sentry, an HTTP call, a mailer, a log shipper): Vercel never retries a failed job and does not alert, so a failure goes unnoticed. Fix: Wrap with cron monitoring.',
  },
  'no-idempotency-guard': {
    defaultSeverity: 'hint',
    description:
      'Nothing claims a cron run before its work (a Redis SET NX or lock whose result is tested, a one-per-window rate limit, a unique insert, a per-run idempotency key): Vercel may deliver the same event twice, so the job can run twice for one slot. Fix: Guard against duplicate runs.',
  },
  'schedule-drift': {
    defaultSeverity: 'warning',
    description: "A duplicate-run guard or Sentry monitor carries a schedule that no longer matches the job's schedule in vercel.json, so it keys or checks the wrong slots.",
  },
  'next-runs-unavailable': {
    defaultSeverity: 'info',
    description: 'The schedule is valid for its platform, but its next runs cannot be previewed.',
  },
  'schedules-shape': {
    defaultSeverity: 'warning',
    description:
      'vercel.json writes "schedules" as an object keyed by name, as the docs show; the vercel CLI (64.0.2) validates only an array of entries with "name", so a local deploy refuses it. A warning while the docs and the CLI disagree.',
  },
  'invalid-jitter': {
    defaultSeverity: 'error',
    description: "A Schedules entry's jitter is not a whole number of minutes from 1 to 15; the deploy fails.",
  },
  'schedule-target': {
    defaultSeverity: 'error',
    description:
      'A Schedules entry names no target, or more than one, of path, function, topic and entrypoint; or it sets requestMethod without path (or to other than GET or POST), or service without function; or a target\'s value is not one the vercel CLI takes (empty, too long, a topic or service of other characters). The deploy fails.',
  },
  'route-missing-method': {
    defaultSeverity: 'error',
    description:
      "A Schedules path target's route does not export the method the schedule sends (requestMethod, POST by default), so every run gets 405. Fix: add \"requestMethod\": \"GET\", or add the handler.",
  },
  'function-target-not-triggerable': {
    defaultSeverity: 'warning',
    description:
      'A Schedules function target names no file of the project, its file exports no POST, or no functions entry gives it experimentalTriggers [{ "type": "schedule/v1beta" }]. A warning until the docs say how a Next.js app names its function targets.',
  },
  'schedule-no-retry': {
    defaultSeverity: 'hint',
    description: 'Vercel does not retry a failed run of a Schedules function or path target: make the job idempotent and monitor it.',
  },
  'qstash-missing-verification': {
    defaultSeverity: 'error',
    description:
      "A route that QStash calls (a destination of the app's own schedules.create or publish, or a route that reads Upstash-Signature) never verifies the signature (verifySignatureAppRouter, Receiver.verify, verifySignature for Pages), so anyone who finds the URL can run the job; or it reads the body before verifying it (a warning: the signature may then fail). Fix: wrap the handler with verifySignatureAppRouter.",
  },
  'in-process-scheduler-on-serverless': {
    defaultSeverity: 'warning',
    description:
      'node-cron, node-schedule, croner or a setInterval loop is started by code that runs inside a Next.js app deployed to Vercel (a route, a page, instrumentation.ts, a module they import). It only fires while the process runs, and Vercel functions freeze between requests and scale to zero. Use Vercel Cron or Schedules; a quick fix moves a job whose work is a function of the app to vercel.json and a route.',
  },
} as const satisfies Record<string, CodeInfo>;

export type ProblemCode = keyof typeof CODES;

export function isKnownCode(code: string): code is ProblemCode {
  return Object.prototype.hasOwnProperty.call(CODES, code);
}

/**
 * Orders findings that start at the same place. Code-unit order, which for every code above is
 * the order localeCompare gave (a test checks each pair): ICU collation cost more per call than
 * the rest of sorting a file's findings.
 */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
