/**
 * What a call into an npm package does, as far as the wrapper hints care: the package is known
 * by the import binding the call resolves to (`import * as Sentry from '@sentry/nextjs'`,
 * `new Resend(…)`, `require('nodemailer')`), never by the name the code gives it.
 *
 * - `reporter`: reports a failure or a run to a service wherever it is called (Sentry's
 *   `captureException`, a check-in, an error-level log that leaves the machine).
 * - `channel`: sends something off the machine (an HTTP request, an e-mail, a Slack message): a
 *   report when a failure path calls it, the job's own work anywhere else.
 * - `inert`: known to send nothing anyone reads as a report (Next.js, a database client, console).
 * - `unknown`: a package this table does not describe: it may report, so a failure path that
 *   calls it is not called unreported.
 */
export type PackageRole = 'reporter' | 'channel' | 'inert' | 'unknown';

/** `node:fs` → `fs`, `next/server` → `next`, `@sentry/nextjs/x` → `@sentry/nextjs`. */
export function packageName(specifier: string): string {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Marks in a member path: the value was called (`()`) or constructed (`new`) at that point. */
export const CALLED = '()';
export const CONSTRUCTED = 'new';

/** The member a call names: the last name of the path, or undefined when the binding itself (or a call's result) is called. */
export function calledMember(path: readonly string[]): string | undefined {
  const last = path[path.length - 1];
  return last === undefined || last === CALLED || last === CONSTRUCTED ? undefined : last;
}

const HTTP_VERBS = /^(get|post|put|patch|delete|head|options|request|fetch|json|text|stream)$/;
const ERROR_LEVEL = /^(error|fatal|critical|crit|alert|emerg)$/;
const LOG_LEVEL = /^(error|fatal|critical|crit|alert|emerg|warn|warning|info|log|debug|trace|notice)$/;
/** Higher-order wrappers a monitoring SDK exports: `withAxiom(handler)`, `withLogtail(handler)`. */
const SDK_WRAPPER = /^(with[A-Z]\w*|wrap\w*)$/;

/** Node's built-in modules that make no network request and start no process. */
const QUIET_BUILTINS = new Set([
  'assert',
  'async_hooks',
  'buffer',
  'crypto',
  'events',
  'fs',
  'os',
  'path',
  'perf_hooks',
  'querystring',
  'stream',
  'string_decoder',
  'timers',
  'url',
  'util',
  'worker_threads',
  'zlib',
]);

/**
 * Packages that report nothing: the framework, validation, dates and ids, and data stores (a
 * failure written to a table is not a report anyone is sent). Calling them on a failure path is
 * seen and harmless.
 */
const INERT = new Set([
  'next',
  'react',
  'react-dom',
  'server-only',
  'zod',
  'valibot',
  'superjson',
  '@t3-oss/env-nextjs',
  '@t3-oss/env-core',
  '@vercel/functions',
  '@prisma/client',
  'prisma',
  'drizzle-orm',
  'kysely',
  'pg',
  'postgres',
  '@neondatabase/serverless',
  '@vercel/postgres',
  '@vercel/kv',
  '@planetscale/database',
  '@libsql/client',
  'better-sqlite3',
  'mongoose',
  'mongodb',
  '@supabase/supabase-js',
  '@supabase/ssr',
  '@upstash/redis',
  'ioredis',
  'redis',
  '@upstash/ratelimit',
  '@upstash/lock',
  'redlock',
  'date-fns',
  'date-fns-tz',
  'dayjs',
  'luxon',
  'moment',
  'lodash',
  'lodash-es',
  'uuid',
  'nanoid',
  '@paralleldrive/cuid2',
  'ulid',
]);

/**
 * Transports that make pino ship its lines off the machine (a log service, a chat webhook);
 * pino-pretty and pino/file only write locally.
 */
const SHIPPING_PINO_TRANSPORTS = /^(@logtail\/pino|@axiomhq\/pino|pino-loki|pino-datadog-transport|pino-sentry-transport|pino-slack-webhook|pino-http-send|pino-logflare|@baselime\/pino-transport|pino-socket)$/;
const LOCAL_PINO_TRANSPORTS = /^(pino-pretty|pino\/file)$/;

/** What pino's instance does with its lines: decided from the transport the code created it with. */
export type PinoShipping = 'ships' | 'local' | 'unknown';

/** pino's shipping verdict from the transport targets read off its creation (undefined: no transport given). */
export function pinoShipping(targets: readonly string[] | undefined): PinoShipping {
  if (targets === undefined) return 'local';
  if (targets.some((target) => SHIPPING_PINO_TRANSPORTS.test(target))) return 'ships';
  return targets.length > 0 && targets.every((target) => LOCAL_PINO_TRANSPORTS.test(target)) ? 'local' : 'unknown';
}

/**
 * The role of calling `path` on a package (`path` from the import binding: `['captureException']`
 * for `Sentry.captureException`, `['Resend', 'new', 'emails', 'send']` for `new Resend(k).emails.send`).
 * `pino` is asked separately: its role depends on how the instance was created.
 */
export function packageCallRole(specifier: string, path: readonly string[], pino?: PinoShipping): PackageRole {
  const name = packageName(specifier);
  const member = calledMember(path);
  const direct = member === undefined;
  switch (name) {
    // Error trackers and cron monitors.
    case 'cronitor':
    case '@cronitorio/cronitor-js':
      return 'reporter';
    case 'newrelic':
      return member === 'noticeError' ? 'reporter' : 'inert';
    case 'rollbar':
      return member !== undefined && (ERROR_LEVEL.test(member) || member === 'warning') ? 'reporter' : 'inert';
    case 'posthog-node':
      return member === 'captureException' ? 'reporter' : member === 'capture' ? 'channel' : 'inert';
    // HTTP clients: a request is a channel, their helpers (isAxiosError, create) are not.
    case 'node-fetch':
    case 'cross-fetch':
    case 'isomorphic-fetch':
    case 'isomorphic-unfetch':
    case 'axios':
    case 'ky':
    case 'got':
    case 'ofetch':
    case 'superagent':
    case 'undici':
      return direct || HTTP_VERBS.test(member) || member === '$fetch' || member === 'ofetch' ? 'channel' : 'inert';
    case 'http':
    case 'https':
    case 'http2':
      return member === 'request' || member === 'get' ? 'channel' : 'inert';
    // Mailers and chat.
    case 'resend':
      return member === 'send' ? 'channel' : 'inert';
    case 'nodemailer':
      return member === 'sendMail' ? 'channel' : 'inert';
    case '@sendgrid/mail':
      return member === 'send' || member === 'sendMultiple' ? 'channel' : 'inert';
    case 'postmark':
      return member !== undefined && member.startsWith('sendEmail') ? 'channel' : 'inert';
    case 'mailgun.js':
    case 'mailgun-js':
    case 'twilio':
      return member === 'create' && path.includes('messages') ? 'channel' : 'inert';
    case '@aws-sdk/client-ses':
    case '@aws-sdk/client-sesv2':
    case '@aws-sdk/client-sns':
    case '@slack/webhook':
      return member === 'send' ? 'channel' : 'inert';
    case '@slack/web-api':
      return member === 'postMessage' ? 'channel' : 'inert';
    case 'pino':
      if (pino === 'unknown') return 'unknown';
      if (pino !== 'ships' || member === undefined || !LOG_LEVEL.test(member)) return 'inert';
      return ERROR_LEVEL.test(member) ? 'reporter' : 'channel';
  }
  if (name.startsWith('@sentry/')) {
    return member !== undefined && (/^capture\w*$/.test(member) || member === 'withMonitor' || /^wrap\w*WithSentry$/.test(member) || /^withSentry\w*$/.test(member)) ? 'reporter' : 'inert';
  }
  if (name.startsWith('@bugsnag/') || name === 'bugsnag' || name.startsWith('@honeybadger-io/')) return member === 'notify' ? 'reporter' : 'inert';
  if (name.startsWith('@highlight-run/')) return member === 'consumeError' || (member !== undefined && SDK_WRAPPER.test(member)) ? 'reporter' : 'inert';
  // Log shippers: an error-level line is a report wherever it is written, any line is a channel.
  if (name.startsWith('@logtail/') || name.startsWith('@axiomhq/') || name === 'next-axiom') {
    if (member !== undefined && SDK_WRAPPER.test(member)) return 'reporter';
    if (member !== undefined && ERROR_LEVEL.test(member)) return 'reporter';
    return member !== undefined && (LOG_LEVEL.test(member) || member === 'ingest') ? 'channel' : 'inert';
  }
  if (INERT.has(name) || QUIET_BUILTINS.has(name) || name.startsWith('@next/') || name.startsWith('fs/')) return 'inert';
  return 'unknown';
}

/** Whether the package is one of the monitoring SDKs above (a wrapper it exports reports the handler it wraps). */
export function isMonitoringSdk(specifier: string): boolean {
  const name = packageName(specifier);
  return (
    name.startsWith('@sentry/') ||
    name.startsWith('@logtail/') ||
    name.startsWith('@axiomhq/') ||
    name === 'next-axiom' ||
    name.startsWith('@highlight-run/') ||
    name.startsWith('@bugsnag/') ||
    name.startsWith('@honeybadger-io/') ||
    name === 'cronitor' ||
    name === '@cronitorio/cronitor-js'
  );
}

/** Whether the table above describes the package at all (a database client is known; a lock library it lacks is not). */
export function isKnownPackage(specifier: string): boolean {
  return packageCallRole(specifier, ['x'], 'local') !== 'unknown';
}

/** Whether some call into the package can be a `reporter` (reports wherever the run calls it): the monitoring SDKs, and pino, whose role depends on its transport. */
export function mayReportAnywhere(specifier: string): boolean {
  const name = packageName(specifier);
  return isMonitoringSdk(specifier) || name === 'newrelic' || name === 'rollbar' || name === 'posthog-node' || name === 'pino';
}
