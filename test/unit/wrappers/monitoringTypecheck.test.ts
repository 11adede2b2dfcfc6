/**
 * The generated monitoring helpers parse, and their TypeScript variants type-check in one real
 * program with App and Pages Router routes that use them, against the real next and @sentry/nextjs
 * types, with the compiler settings create-next-app writes; also in double quotes without semicolons.
 * The wrapped handlers must pass the checks Next's own typegen (next/dist/server/lib/router-utils/
 * typegen.js) applies to route exports.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as ts from 'typescript';
import { NEXT_APP_OPTIONS, virtualProgram } from '../support/virtualProgram';
import { applyStyle } from '../../../src/core/next/guardTemplate';
import { monitoringModule, sentryMonitorConfig, sentryMonitorModule } from '../../../src/core/wrappers/monitoring';
import { ROOT } from '../snippets/support';

const APP = path.join(ROOT, '.monitoring-typecheck');

const OPTIONS: ts.CompilerOptions = {
  ...NEXT_APP_OPTIONS,
  jsx: ts.JsxEmit.Preserve,
  allowJs: true,
  // Only files that opt in with @ts-check: the JavaScript helpers type their API in JSDoc, not their internals.
  checkJs: false,
  resolveJsonModule: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
};

const STYLES = {
  canonical: (text: string) => text,
  styled: (text: string) => applyStyle(text, { quote: '"', semicolons: false, indent: '\t' }),
};

/** Next's route export checks, as its typegen writes them into .next/types/validator.ts. */
const VALIDATOR_TYPES = `import type { NextApiHandler } from 'next';
import type { NextRequest } from 'next/server';

export type RouteHandlerConfig<Params> = {
  GET?: (request: NextRequest, context: { params: Promise<Params> }) => Promise<Response | void> | Response | void;
};

export type ApiRouteConfig = {
  default: (req: any, res: any) => ReturnType<NextApiHandler>;
};
`;

/** An app that uses both helpers in App and Pages Router routes, TypeScript and JavaScript. */
function app(style: (text: string) => string): Record<string, string> {
  const hobby = sentryMonitorConfig('0 3 * * *', { plan: 'hobby', maxDurationSeconds: 300 });
  const pro = sentryMonitorConfig('*/15 * * * *', { plan: 'pro', maxDurationSeconds: 800 });
  const files: Record<string, string> = {
    'lib/cron-monitoring.ts': monitoringModule({ typed: true }),
    'lib/sentry-cron-monitor.ts': sentryMonitorModule({ typed: true }),
    'lib/js/cron-monitoring.js': monitoringModule({ typed: false }),
    'lib/js/sentry-cron-monitor.js': sentryMonitorModule({ typed: false }),
    'app/api/cron/cleanup-sessions/route.ts': `import { withCronMonitoring } from '../../../../lib/cron-monitoring';

export const maxDuration = 300;

export const GET = withCronMonitoring('cleanup-sessions', async (request: Request) => {
  const url = new URL(request.url);
  return Response.json({ ok: true, path: url.pathname });
});
`,
    'app/api/cron/[job]/route.ts': `import { NextResponse, type NextRequest } from 'next/server';
import { withCronMonitoring } from '../../../../lib/cron-monitoring';

export const GET = withCronMonitoring('dynamic', async (request: NextRequest, { params }: { params: Promise<{ job: string }> }) => {
  const { job } = await params;
  return NextResponse.json({ job, from: request.nextUrl.pathname });
});
`,
    'app/api/cron/sync/route.ts': `import { withCronMonitoring } from '../../../../lib/cron-monitoring';

export const GET = withCronMonitoring('sync', () => new Response(null, { status: 204 }));
`,
    'app/api/cron/sentry-daily/route.ts': `import { withSentryCronMonitor } from '../../../../lib/sentry-cron-monitor';

export const GET = withSentryCronMonitor('sentry-daily', ${hobby}, async (request: Request) => Response.json({ url: request.url }));
`,
    'app/api/cron/sentry-quarter/route.ts': `import { NextResponse, type NextRequest } from 'next/server';
import { withSentryCronMonitor } from '../../../../lib/sentry-cron-monitor';

export const GET = withSentryCronMonitor('sentry-quarter', ${pro}, async (request: NextRequest) => NextResponse.json({ path: request.nextUrl.pathname }));
`,
    'pages/api/cron/pages-job.ts': `import type { NextApiRequest, NextApiResponse } from 'next';
import { withCronMonitoring } from '../../../lib/cron-monitoring';

export default withCronMonitoring('pages-job', async (req: NextApiRequest, res: NextApiResponse) => {
  res.status(200).json({ method: req.method });
});
`,
    'pages/api/cron/pages-sentry.ts': `import type { NextApiRequest, NextApiResponse } from 'next';
import { withSentryCronMonitor } from '../../../lib/sentry-cron-monitor';

export default withSentryCronMonitor('pages-sentry', ${hobby}, async (req: NextApiRequest, res: NextApiResponse<{ ok: boolean }>) => {
  res.status(req.method === 'GET' ? 200 : 405).json({ ok: true });
});
`,
    'app/api/cron/js-route/route.js': `// @ts-check
import { withCronMonitoring } from '../../../../lib/js/cron-monitoring';
import { withSentryCronMonitor } from '../../../../lib/js/sentry-cron-monitor';

export const GET = withCronMonitoring('js-route', async (/** @type {Request} */ request) => Response.json({ url: request.url }));

export const POST = withSentryCronMonitor('js-route', ${hobby}, async () => new Response(null, { status: 204 }));

// @ts-expect-error the JSDoc types reach JavaScript callers: a job name is a string
withCronMonitoring(1, async () => new Response());
// @ts-expect-error the wrapped handler keeps its parameters
GET(42);
`,
    'types/validator.ts': `${VALIDATOR_TYPES}
import type * as Daily from '../app/api/cron/cleanup-sessions/route';
import type * as Dynamic from '../app/api/cron/[job]/route';
import type * as Sync from '../app/api/cron/sync/route';
import type * as SentryDaily from '../app/api/cron/sentry-daily/route';
import type * as SentryQuarter from '../app/api/cron/sentry-quarter/route';
import type * as PagesJob from '../pages/api/cron/pages-job';
import type * as PagesSentry from '../pages/api/cron/pages-sentry';

export type Checked = [
  Check<typeof Daily, RouteHandlerConfig<{}>>,
  Check<typeof Dynamic, RouteHandlerConfig<{ job: string }>>,
  Check<typeof Sync, RouteHandlerConfig<{}>>,
  Check<typeof SentryDaily, RouteHandlerConfig<{}>>,
  Check<typeof SentryQuarter, RouteHandlerConfig<{}>>,
  Check<typeof PagesJob, ApiRouteConfig>,
  Check<typeof PagesSentry, ApiRouteConfig>,
];

type Check<Module extends Config, Config> = Module;
`,
    'types/keeps-the-handler-type.ts': `import type { NextApiRequest, NextApiResponse } from 'next';
import { withCronMonitoring } from '../lib/cron-monitoring';
import { withSentryCronMonitor } from '../lib/sentry-cron-monitor';

const handler = async (request: Request, context: { params: Promise<{ id: string }> }) => Response.json({ id: (await context.params).id, url: request.url });
const pages = async (_req: NextApiRequest, res: NextApiResponse<{ ok: boolean }>) => res.json({ ok: true });

export const same: Array<(request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>> = [
  withCronMonitoring('x', handler),
  withSentryCronMonitor('x', { schedule: { type: 'crontab', value: '0 3 * * *' } }, handler),
];
export const samePages: Array<(req: NextApiRequest, res: NextApiResponse<{ ok: boolean }>) => Promise<void>> = [
  withCronMonitoring('x', pages),
  withSentryCronMonitor('x', { schedule: { type: 'interval', value: 1, unit: 'day' } }, pages),
];

export async function misuse(request: Request) {
  // @ts-expect-error the wrapped handler still wants its context
  await withCronMonitoring('x', handler)(request);
  // @ts-expect-error a number is no request
  await withCronMonitoring('x', handler)(42, { params: Promise.resolve({ id: 'x' }) });
  // @ts-expect-error the monitor needs a schedule
  withSentryCronMonitor('x', { checkinMargin: 5 }, handler);
  // @ts-expect-error a job name is a string
  withCronMonitoring(1, handler);
}
`,
  };
  return Object.fromEntries(Object.entries(files).map(([file, text]) => [file, style(text)]));
}

const program = virtualProgram(APP);
const { format } = program;

/** A program over virtual files (relative to APP) plus everything they import from disk. */
function typeCheck(files: Readonly<Record<string, string>>): Map<string, string[]> {
  return program.typeCheck(files, OPTIONS);
}

const GENERATED = {
  'monitoring, TypeScript': monitoringModule({ typed: true }),
  'monitoring, JavaScript': monitoringModule({ typed: false }),
  'Sentry, TypeScript': sentryMonitorModule({ typed: true }),
  'Sentry, JavaScript': sentryMonitorModule({ typed: false }),
};

describe('monitoring helpers: text', () => {
  for (const [name, text] of Object.entries(GENERATED)) {
    const javascript = name.endsWith('JavaScript');
    it(`${name} parses, in canonical style and restyled`, () => {
      for (const [styleName, style] of Object.entries(STYLES)) {
        const file = ts.createSourceFile(`helper.${javascript ? 'mjs' : 'ts'}`, style(text), ts.ScriptTarget.ESNext, true, javascript ? ts.ScriptKind.JS : ts.ScriptKind.TS);
        const parse = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map(format);
        assert.deepEqual(parse, [], `${name}, ${styleName}`);
      }
    });

    it(`${name} is in canonical style and survives applyStyle`, () => {
      const lines = text.split('\n');
      assert.equal(text.endsWith('\n'), true);
      assert.deepEqual(lines.filter((line) => /^(?: {2})* ?\S/.test(line) === false && line !== ''), [], 'two-space indent');
      assert.deepEqual(lines.filter((line) => line.includes('"')), [], 'single quotes only');
      // applyStyle pairs quotes per line: a stray apostrophe would swallow code into a string.
      assert.deepEqual(STYLES.styled(text).split('\n').filter((line) => line.includes("'")), [], 'every quote converted');
      // Dropping line-final semicolons is safe only if no line starts with ( [ or a backtick.
      assert.deepEqual(lines.filter((line) => /^\s*[([`]/.test(line)), [], 'no ASI hazards');
      assert.match(text, /^ {2}\w.*;$/m, 'semicolons');
    });
  }

  it('the JavaScript variants carry no TypeScript syntax', () => {
    const javascript = ts.createProgram(['a.mjs', 'b.mjs'], { allowJs: true, noEmit: true, noResolve: true, noLib: true }, virtualHost({ 'a.mjs': GENERATED['monitoring, JavaScript'], 'b.mjs': GENERATED['Sentry, JavaScript'] }));
    const diagnostics = javascript.getSourceFiles().flatMap((file) => javascript.getSyntacticDiagnostics(file)).map(format);
    assert.deepEqual(diagnostics, []);
  });
});

function virtualHost(files: Record<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost({}, true);
  host.getSourceFile = (name, language) => (files[name] === undefined ? undefined : ts.createSourceFile(name, files[name]!, language, true));
  host.fileExists = (name) => files[name] !== undefined;
  host.readFile = (name) => files[name];
  return host;
}

describe('monitoring helpers: type-check with App and Pages routes against the real next and @sentry/nextjs', () => {
  let diagnostics: Map<string, string[]>;
  const files: Record<string, string> = {};
  for (const [styleName, style] of Object.entries(STYLES)) {
    for (const [file, text] of Object.entries(app(style))) files[`${styleName}/${file}`] = text;
  }

  before(() => {
    diagnostics = typeCheck(files);
  });

  for (const styleName of Object.keys(STYLES)) {
    it(`${styleName}: every file type-checks`, () => {
      for (const [file, found] of diagnostics) if (file.startsWith(`${styleName}/`)) assert.deepEqual(found, [], `${file}:\n${files[file]}`);
    });
  }

  it('the harness sees the real packages: a wrong use of each is the expected error', () => {
    const wrong = typeCheck({
      'a.ts': `import * as Sentry from '@sentry/nextjs';\nexport const x = Sentry.withMonitor('x', () => 1, { schedule: { type: 'crontab', value: 3 } });\n`,
      'b.ts': `import type { NextApiHandler } from 'next';\nexport const h: NextApiHandler = (req) => req.nope;\n`,
      'c.ts': `${VALIDATOR_TYPES}\nexport type C = Check<{ GET: (request: number) => Response }, RouteHandlerConfig<{}>>;\ntype Check<Module extends Config, Config> = Module;\n`,
    });
    const codes = Object.fromEntries([...wrong].map(([file, found]) => [file, found.map((d) => /TS(\d+)/.exec(d)?.[1])]));
    // 2322 wrong property type, 2339 no such property, 2344 constraint not met; never 2307 (module not found).
    assert.deepEqual(codes, { 'a.ts': ['2322'], 'b.ts': ['2339'], 'c.ts': ['2344'] });
  });
});
