/**
 * `no-monitoring` (issue #15, shape 8): a run is monitored when a failure path reaches a sink
 * known by its import binding; console.error, a same-named local no-op and a bare rethrow are
 * not; a failure path the analysis cannot read keeps the hint quiet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findHandler } from '../../../src/core/routes/handlers';
import { analyseMonitoring, type MonitoringFacts } from '../../../src/core/wrappers/flow/monitoring';
import { monitoringModule, sentryMonitorModule } from '../../../src/core/wrappers/monitoring';
import { AUTH, findingsIn, flowApp, type FlowCase, flowTable, projectOf, ROUTE } from '../support/ruleHarness';

type Verdict = MonitoringFacts['verdict'];

/** A GET whose body is the given lines after the auth check, under the given imports. */
function route(imports: string, body: string): string {
  return `${imports}${imports ? '\n' : ''}export async function GET(request: Request) {\n${AUTH}${body}}\n`;
}

const TRY = (catchBody: string) => `  try {\n    await syncAccounts();\n  } catch (error) {\n${catchBody}\n    return Response.json({ ok: false }, { status: 500 });\n  }\n  return Response.json({ ok: true });\n`;
const SYNC = `async function syncAccounts() {\n  await fetch('https://api.example.com/accounts/sync', { method: 'POST' });\n}\n`;

const reported: FlowCase<Verdict>[] = [
  {
    name: 'Sentry.captureException in a catch (namespace import)',
    route: route(`import * as Sentry from '@sentry/nextjs';\n${SYNC}`, TRY('    Sentry.captureException(error);')),
    verdict: 'reported',
    why: /captureException of @sentry\/nextjs/,
  },
  {
    name: 'captureException imported by name, renamed',
    route: route(`import { captureException as report } from '@sentry/node';\n${SYNC}`, TRY('    report(error);')),
    verdict: 'reported',
    why: /captureException of @sentry\/node/,
  },
  {
    name: 'Sentry.withMonitor around the work, no catch at all',
    route: route(`import * as Sentry from '@sentry/nextjs';\n${SYNC}`, `  await Sentry.withMonitor('sync', () => syncAccounts());\n  return Response.json({ ok: true });\n`),
    verdict: 'reported',
    why: /withMonitor/,
  },
  {
    name: 'a Slack webhook fetch in the catch',
    route: route(SYNC, TRY("    await fetch(process.env.SLACK_WEBHOOK_URL!, { method: 'POST', body: JSON.stringify({ text: String(error) }) });")),
    verdict: 'reported',
    why: /^fetch in a catch clause/,
  },
  {
    name: 'a .catch() callback that posts to a webhook',
    route: route(SYNC, "  await syncAccounts().catch((error) => fetch('https://hooks.example.com/alert', { method: 'POST', body: String(error) }));\n  return Response.json({ ok: true });\n"),
    verdict: 'reported',
    why: /fetch in a \.catch\(\) callback/,
  },
  {
    name: ".then()'s rejection callback handing the error to a local alert function",
    route: route(`${SYNC}async function alertOps(error: unknown) {\n  await fetch('https://hooks.example.com/ops', { method: 'POST', body: String(error) });\n}\n`, '  await syncAccounts().then(() => undefined, alertOps);\n  return Response.json({ ok: true });\n'),
    verdict: 'reported',
    why: /fetch .*rejection callback/,
  },
  {
    name: 'an e-mail through resend, files away (lib/alerts.ts)',
    route: route(`import { sendFailureEmail } from '@/lib/alerts';\n${SYNC}`, TRY('    await sendFailureEmail(error);')),
    files: {
      'lib/alerts.ts': `import { Resend } from 'resend';\n\nconst resend = new Resend(process.env.RESEND_API_KEY);\n\nexport async function sendFailureEmail(error: unknown) {\n  await resend.emails.send({ from: 'cron@example.com', to: 'ops@example.com', subject: 'Cron failed', text: String(error) });\n}\n`,
    },
    verdict: 'reported',
    why: /send of resend \(through sendFailureEmail\)/,
  },
  {
    name: 'nodemailer transporter created at module level',
    route: route(`import { transporter } from '@/lib/mail';\n${SYNC}`, TRY("    await transporter.sendMail({ to: 'ops@example.com', subject: 'cron failed', text: String(error) });")),
    files: { 'lib/mail.ts': `import nodemailer from 'nodemailer';\n\nexport const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });\n` },
    verdict: 'reported',
    why: /sendMail of nodemailer/,
  },
  {
    name: '@sendgrid/mail default import',
    route: route(`import sgMail from '@sendgrid/mail';\n${SYNC}`, TRY("    await sgMail.send({ to: 'ops@example.com', from: 'cron@example.com', subject: 'failed', text: String(error) });")),
    verdict: 'reported',
  },
  {
    name: 'a pino logger shipping to Logtail, from the project logger module',
    route: route(`import { logger } from '@/lib/logger';\n${SYNC}`, TRY('    logger.error({ error }, "sync failed");')),
    files: { 'lib/logger.ts': `import pino from 'pino';\n\nexport const logger = pino({ level: 'info', transport: { target: '@logtail/pino', options: { sourceToken: process.env.LOGTAIL_TOKEN } } });\n` },
    verdict: 'reported',
    why: /error of pino/,
  },
  {
    name: "next-axiom's Logger",
    route: route(`import { Logger } from 'next-axiom';\n${SYNC}`, `  const log = new Logger();\n${TRY('    log.error("sync failed", { error: String(error) });\n    await log.flush();')}`),
    verdict: 'reported',
  },
  {
    name: 'a logger object whose error method posts to a webhook',
    route: route(`import { log } from '@/lib/log';\n${SYNC}`, TRY('    await log.error(error);')),
    files: { 'lib/log.ts': `export const log = {\n  info: (message: string) => console.log(message),\n  async error(error: unknown) {\n    console.error(error);\n    await fetch(process.env.ALERT_URL!, { method: 'POST', body: String(error) });\n  },\n};\n` },
    verdict: 'reported',
  },
  {
    name: 'a class instance whose method calls axios',
    route: route(`import { alerter } from '@/lib/alerter';\n${SYNC}`, TRY('    await alerter.fail("sync", error);')),
    files: {
      'lib/alerter.ts': `import axios from 'axios';\n\nclass Alerter {\n  async fail(job: string, error: unknown) {\n    await axios.post(process.env.ALERT_URL!, { job, error: String(error) });\n  }\n}\n\nexport const alerter = new Alerter();\n`,
    },
    verdict: 'reported',
    why: /post of axios/,
  },
  {
    name: 'a wrapper around the handler whose catch reports, files away',
    route: `import { withErrorReporting } from '@/lib/with-error-reporting';\n\nexport const GET = withErrorReporting(async (request: Request) => {\n${AUTH}  await fetch('https://api.example.com/sync', { method: 'POST' });\n  return Response.json({ ok: true });\n});\n`,
    files: {
      'lib/with-error-reporting.ts': `import ky from 'ky';\n\nexport function withErrorReporting(handler: (request: Request) => Promise<Response>) {\n  return async (request: Request) => {\n    try {\n      return await handler(request);\n    } catch (error) {\n      await ky.post(process.env.ALERT_URL!, { json: { error: String(error) } });\n      throw error;\n    }\n  };\n}\n`,
    },
    verdict: 'reported',
    why: /post of ky in a catch clause \(lib\/with-error-reporting\.ts\)/,
  },
  {
    name: "Sentry's route handler wrapper",
    route: `import * as Sentry from '@sentry/nextjs';\n\nexport const GET = Sentry.wrapRouteHandlerWithSentry(async (request: Request) => {\n${AUTH}  return Response.json({ ok: true });\n}, { method: 'GET', parameterizedRoute: '/api/cron/job' });\n`,
    verdict: 'reported',
    why: /wrapped by wrapRouteHandlerWithSentry/,
  },
  {
    name: 'the catch lives in a helper the handler calls (lib/jobs/sync.ts)',
    route: route(`import { runSync } from '@/lib/jobs/sync';`, '  await runSync();\n  return Response.json({ ok: true });\n'),
    files: {
      'lib/jobs/sync.ts': `import * as Sentry from '@sentry/nextjs';\n\nexport async function runSync() {\n  try {\n    await fetch('https://api.example.com/sync');\n  } catch (error) {\n    Sentry.captureException(error);\n    throw error;\n  }\n}\n`,
    },
    verdict: 'reported',
    why: /lib\/jobs\/sync\.ts/,
  },
  {
    name: "instrumentation.ts's onRequestError is Sentry's, and the handler lets errors escape",
    route: route(SYNC, '  await syncAccounts();\n  return Response.json({ ok: true });\n'),
    files: { 'instrumentation.ts': `import * as Sentry from '@sentry/nextjs';\n\nexport async function register() {}\n\nexport const onRequestError = Sentry.captureRequestError;\n` },
    verdict: 'reported',
    why: /onRequestError in instrumentation\.ts/,
  },
  {
    name: 'next.config wrapped in withSentryConfig',
    route: route(SYNC, '  await syncAccounts();\n  return Response.json({ ok: true });\n'),
    files: { 'next.config.mjs': `import { withSentryConfig } from '@sentry/nextjs';\n\nconst nextConfig = {};\n\nexport default withSentryConfig(nextConfig, { org: 'acme', project: 'web' });\n` },
    verdict: 'reported',
    why: /withSentryConfig/,
  },
  {
    name: 'cronitor through require',
    route: `const cronitor = require('cronitor')(process.env.CRONITOR_KEY);\n\nexport async function GET(request: Request) {\n${AUTH}  await cronitor.wrap('sync', async () => fetch('https://api.example.com/sync'))();\n  return Response.json({ ok: true });\n}\n`,
    verdict: 'reported',
    why: /cronitor/,
  },
];

const unseen: FlowCase<Verdict>[] = [
  {
    name: 'a winston logger: a package the analysis does not know',
    route: route(`import { logger } from '@/lib/logger';\n${SYNC}`, TRY('    logger.error(error);')),
    files: { 'lib/logger.ts': `import winston from 'winston';\n\nexport const logger = winston.createLogger({ transports: [new winston.transports.Http({ host: 'logs.example.com' })] });\n` },
    verdict: 'unseen',
    why: /winston/,
  },
  {
    name: 'a reporting helper whose module does not resolve',
    route: route(`import { reportFailure } from '@/lib/missing';\n${SYNC}`, TRY('    await reportFailure(error);')),
    verdict: 'unseen',
    why: /reportFailure/,
  },
  {
    name: 'a pino transport the analysis does not know',
    route: route(`import pino from 'pino';\n${SYNC}`, `  const logger = pino({ transport: { target: 'pino-acme-transport' } });\n${TRY('    logger.error(error);')}`),
    verdict: 'unseen',
  },
  {
    name: 'a wrapper that hands the error to a callback it was given',
    route: `import { runJob } from '@/lib/run-job';\n\nexport async function GET(request: Request) {\n${AUTH}  return runJob(() => fetch('https://api.example.com/sync'), (error) => console.error(error));\n}\n`,
    files: { 'lib/run-job.ts': `export async function runJob(work: () => Promise<unknown>, onError: (error: unknown) => void) {\n  try {\n    await work();\n    return Response.json({ ok: true });\n  } catch (error) {\n    onError(error);\n    return Response.json({ ok: false }, { status: 500 });\n  }\n}\n` },
    verdict: 'unseen',
    why: /onError, a function it was passed/,
  },
  {
    name: 'wrapped by a package the analysis does not know',
    route: `import { withJobRunner } from 'acme-job-runner';\n\nexport const GET = withJobRunner(async (request: Request) => {\n${AUTH}  return Response.json({ ok: true });\n});\n`,
    verdict: 'unseen',
    why: /acme-job-runner/,
  },
  {
    name: 'the run calls into a project module that does not resolve',
    route: route(`import { runSync } from '@/lib/jobs';`, '  await runSync();\n  return Response.json({ ok: true });\n'),
    verdict: 'unseen',
    why: /runSync/,
  },
];

const unreported: FlowCase<Verdict>[] = [
  { name: 'no failure path at all', route: route(SYNC, '  await syncAccounts();\n  return Response.json({ ok: true });\n'), verdict: 'unreported' },
  { name: 'console.error alone', route: route(SYNC, TRY('    console.error("sync failed", error);')), verdict: 'unreported' },
  {
    name: 'a catch that only rethrows',
    route: route(SYNC, '  try {\n    await syncAccounts();\n  } catch (error) {\n    throw error;\n  }\n  return Response.json({ ok: true });\n'),
    verdict: 'unreported',
  },
  {
    name: 'a local captureException that does nothing',
    route: route(`${SYNC}function captureException(error: unknown) {\n  void error;\n}\n`, TRY('    captureException(error);')),
    verdict: 'unreported',
  },
  {
    name: 'a project module exporting a Sentry-named no-op',
    route: route(`import * as Sentry from '@/lib/sentry';\n${SYNC}`, TRY('    Sentry.captureException(error);')),
    files: { 'lib/sentry.ts': `export function captureException(error: unknown): void {\n  console.error(error);\n}\n` },
    verdict: 'unreported',
  },
  {
    name: 'pino without a transport writes to stdout',
    route: route(`import { logger } from '@/lib/logger';\n${SYNC}`, TRY('    logger.error({ error }, "sync failed");')),
    files: { 'lib/logger.ts': `import pino from 'pino';\n\nexport const logger = pino({ level: 'info' });\n` },
    verdict: 'unreported',
  },
  {
    name: 'the failure written to the database',
    route: route(`import { prisma } from '@/lib/db';\n${SYNC}`, TRY("    await prisma.jobRun.create({ data: { job: 'sync', status: 'failed', error: String(error) } });")),
    files: { 'lib/db.ts': `import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n` },
    verdict: 'unreported',
  },
  {
    name: "axios's isAxiosError is no request",
    route: route(`import axios from 'axios';\n${SYNC}`, TRY('    if (axios.isAxiosError(error)) console.error(error.response?.status);')),
    verdict: 'unreported',
  },
  {
    name: "Sentry's setTag and addBreadcrumb report nothing",
    route: route(`import * as Sentry from '@sentry/nextjs';\n${SYNC}`, TRY("    Sentry.setTag('job', 'sync');\n    Sentry.addBreadcrumb({ message: String(error) });")),
    verdict: 'unreported',
  },
  {
    name: "Sentry's onRequestError, but the handler catches every error itself",
    route: route(SYNC, TRY('    console.error(error);')),
    files: { 'instrumentation.ts': `import * as Sentry from '@sentry/nextjs';\n\nexport const onRequestError = Sentry.captureRequestError;\n` },
    verdict: 'unreported',
  },
  {
    name: 'withSentryConfig with route instrumentation turned off',
    route: route(SYNC, '  await syncAccounts();\n  return Response.json({ ok: true });\n'),
    files: { 'next.config.js': `const { withSentryConfig } = require('@sentry/nextjs');\n\nmodule.exports = withSentryConfig({}, { autoInstrumentAppDirectory: false });\n` },
    verdict: 'unreported',
  },
];

describe('no-monitoring: failure paths that reach a reporter', () => flowTable(reported, analyseMonitoring, 'no-monitoring', 'unreported'));
describe('no-monitoring: failure paths the analysis cannot read keep it quiet', () => flowTable(unseen, analyseMonitoring, 'no-monitoring', 'unreported'));
describe('no-monitoring: no failure path reports (the hint)', () => flowTable(unreported, analyseMonitoring, 'no-monitoring', 'unreported'));

describe('no-monitoring: our own generated helpers report by their data flow, not only by their names', () => {
  const helpers: [name: string, file: string, text: string, call: string][] = [
    ['cron monitoring (TypeScript)', 'lib/cron-monitoring.ts', monitoringModule({ typed: true }), `withCronMonitoring('job', `],
    ['cron monitoring (JavaScript)', 'lib/cron-monitoring.js', monitoringModule({ typed: false }), `withCronMonitoring('job', `],
    ['Sentry cron monitor', 'lib/cron-sentry-monitor.ts', sentryMonitorModule({ typed: true }), `withSentryCronMonitor('job', {}, `],
  ];
  for (const [name, file, text, call] of helpers) {
    it(name, () => {
      const exported = call.slice(0, call.indexOf('('));
      const files = flowApp(`import { ${exported} } from '@/${file.replace(/\.[jt]s$/, '')}';\n\nexport const GET = ${call}async (request: Request) => {\n${AUTH}  return Response.json({ ok: true });\n});\n`, { [file]: text });
      const project = projectOf(files);
      const handler = findHandler(project.ts(), project.sourceFile(ROUTE)!, 'app')!;
      const facts = analyseMonitoring(project, ROUTE, handler);
      assert.equal(facts.verdict, 'reported', facts.why);
    });
  }
});

describe('no-monitoring: a Pages Router handler', () => {
  const PAGES = 'pages/api/cron/job.ts';
  const handler = (catchBody: string) =>
    `import type { NextApiRequest, NextApiResponse } from 'next';\nimport * as Sentry from '@sentry/nextjs';\n\nexport default async function handler(req: NextApiRequest, res: NextApiResponse) {\n  if (req.headers.authorization !== \`Bearer \${process.env.CRON_SECRET}\`) return res.status(401).end();\n  try {\n    await fetch('https://api.example.com/sync', { method: 'POST' });\n    res.status(200).json({ ok: true });\n  } catch (error) {\n${catchBody}\n    res.status(500).json({ ok: false });\n  }\n}\n`;
  const pagesApp = (text: string) => {
    const files: Record<string, string> = { ...flowApp(''), [PAGES]: text };
    delete files[ROUTE];
    return files;
  };
  it('reports through Sentry in its catch: quiet', () => {
    assert.deepEqual(findingsIn(pagesApp(handler('    Sentry.captureException(error);')), PAGES, { rules: { 'no-monitoring': 'hint' } }).filter((f) => f.code === 'no-monitoring'), []);
  });
  it('logs to the console only: the hint, with the wrap fix', () => {
    const found = findingsIn(pagesApp(handler('    console.error(error);')), PAGES, { rules: { 'no-monitoring': 'hint' } }).filter((f) => f.code === 'no-monitoring');
    assert.equal(found.length, 1);
    assert.ok(found[0]!.fixes.some((f) => f.title === 'Wrap with cron monitoring'));
  });
});
