import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { type Finding, type Fix, hasFixes } from '../../../../../src/core/diagnostics';
import { SCHEDULER_SOURCES } from '../../../../../src/core/schedulers/registry';
import { checkSchedulerFile, mayHaveSchedulerFileFindings } from '../../../../../src/core/schedulers/rules';
import { MAX_MOVE_FIXES_PER_FILE } from '../../../../../src/core/schedulers/rules/in-process-scheduler-on-serverless';
import { MAX_REACHED_FILES } from '../../../../../src/core/schedulers/appReach';
import { projectJobInput } from '../../../../../src/core/service/codeJobs';
import { loadTypeScript } from '../../../../../src/node/loadTypeScript';
import { type Files, flagged, projectOf } from '../../../support/ruleHarness';

const CODE = 'in-process-scheduler-on-serverless';

const PACKAGE = JSON.stringify({ name: 'app', scripts: { dev: 'next dev', build: 'next build', start: 'next start' }, dependencies: { next: '15.3.2', 'node-cron': '4.2.1' } }, null, 2) + '\n';
const VERCEL_JSON = '{\n  "crons": []\n}\n';
const LAYOUT = "export default function RootLayout({ children }: { children: React.ReactNode }) {\n  return <html><body>{children}</body></html>;\n}\n";

/** A Next.js app with vercel.json, plus `files`. */
function vercelApp(files: Files): Files {
  return { 'package.json': PACKAGE, 'vercel.json': VERCEL_JSON, 'app/layout.tsx': LAYOUT, ...files };
}

function findingsIn(files: Files, file: string): Finding[] {
  const project = projectOf(files);
  const text = files[file]!;
  if (!mayHaveSchedulerFileFindings(file, text)) return [];
  const input = projectJobInput(project, loadTypeScript);
  const jobs = SCHEDULER_SOURCES.filter((reader) => reader.mayDeclare(file, text)).flatMap((reader) => reader.read(file, text, input));
  const findings = checkSchedulerFile({ file, text, jobs, project, loadTypeScript, rules: {} }).filter((f) => f.code === CODE);
  for (const finding of findings) assert.equal(hasFixes(finding), finding.fixes.length > 0, 'the fixable predicate answers as the fixes do');
  return findings;
}

function rows(files: Files, file: string): string[] {
  return findingsIn(files, file).map((f) => `${f.severity} ${flagged(files[file]!, f)}`);
}

/** The project after a fix: its own file edited, other files edited or created. */
function applied(files: Files, file: string, fix: Fix): Record<string, string> {
  const result: Record<string, string> = { ...files, [file]: applyEdits(files[file]!, fix.edits) };
  for (const other of fix.fileEdits ?? []) result[other.file] = applyEdits(result[other.file]!, other.edits);
  for (const created of fix.createFiles ?? []) result[created.file] = created.content;
  return result;
}

const CRON_INSTRUMENTATION = [
  `import cron from 'node-cron';`,
  `import { sendDigest } from './lib/digest';`,
  ``,
  `export async function register() {`,
  `  if (process.env.NEXT_RUNTIME === 'nodejs') {`,
  `    cron.schedule('0 8 * * *', sendDigest);`,
  `  }`,
  `}`,
  ``,
].join('\n');
const DIGEST = `export async function sendDigest() {\n  console.log('digest sent');\n}\n`;

describe(CODE, () => {
  describe('reports in-process schedulers in code the deployed app runs', () => {
    it('node-cron in instrumentation.ts register() of an app with vercel.json', () => {
      assert.deepEqual(rows(vercelApp({ 'instrumentation.ts': CRON_INSTRUMENTATION, 'lib/digest.ts': DIGEST }), 'instrumentation.ts'), ['warning cron.schedule']);
    });
    it('croner in a module a route imports (through the @/ alias)', () => {
      const files = vercelApp({
        'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
        'app/api/report/route.ts': `import { startReports } from '@/lib/reports';\nstartReports();\nexport async function GET() {\n  return Response.json({ ok: true });\n}\n`,
        'lib/reports.ts': `import { Cron } from 'croner';\nexport function startReports() {\n  new Cron('*/5 * * * *', () => console.log('report'));\n}\n`,
      });
      const findings = findingsIn(files, 'lib/reports.ts');
      assert.deepEqual(findings.map((f) => flagged(files['lib/reports.ts']!, f)), ['new Cron']);
      assert.match(findings[0]!.message, /app\/api\/report\/route\.ts imports this module/);
      assert.match(findings[0]!.message, /Vercel Cron/);
    });
    it('node-schedule in a page', () => {
      const page = `import schedule from 'node-schedule';\nschedule.scheduleJob('30 2 * * *', () => console.log('cleanup'));\nexport default function Page() {\n  return <main>Home</main>;\n}\n`;
      assert.deepEqual(rows(vercelApp({ 'app/page.tsx': page }), 'app/page.tsx'), ['warning schedule.scheduleJob']);
    });
    it('node-schedule in a Pages Router API route', () => {
      const api = `const schedule = require('node-schedule');\nschedule.scheduleJob('0 * * * *', function () {});\nmodule.exports = (req, res) => res.json({ ok: true });\n`;
      assert.deepEqual(rows(vercelApp({ 'pages/api/hello.js': api }), 'pages/api/hello.js'), ['warning schedule.scheduleJob']);
    });
    it('setInterval at module scope of a route', () => {
      const route = `let hits = 0;\nsetInterval(() => { hits = 0; }, 60_000);\nexport async function GET() {\n  return Response.json({ hits: ++hits });\n}\n`;
      assert.deepEqual(rows(vercelApp({ 'app/api/hits/route.ts': route }), 'app/api/hits/route.ts'), ['warning setInterval']);
    });
    it('a setInterval started by a route handler and never cleared', () => {
      const route = `export async function POST() {\n  setInterval(() => fetch('https://example.com/ping'), 10_000);\n  return new Response('started');\n}\n`;
      assert.deepEqual(rows(vercelApp({ 'app/api/start/route.ts': route }), 'app/api/start/route.ts'), ['warning setInterval']);
    });
    it('setInterval in the singleton guard a module keeps on globalThis', () => {
      const lib = `const g = globalThis as { poller?: ReturnType<typeof setInterval> };\nif (!g.poller) g.poller = setInterval(() => console.log('poll'), 5000);\nexport const ready = true;\n`;
      const files = vercelApp({ 'lib/poller.ts': lib, 'app/page.tsx': `import { ready } from '../lib/poller';\nexport default function Page() {\n  return <p>{String(ready)}</p>;\n}\n` });
      assert.deepEqual(rows(files, 'lib/poller.ts'), ['warning setInterval']);
    });
    it('an app only linked to Vercel (.vercel/project.json, no vercel.json)', () => {
      const files: Files = { 'package.json': PACKAGE, '.vercel/project.json': '{"projectId":"prj_1","orgId":"team_1"}', 'app/layout.tsx': LAYOUT, 'instrumentation.ts': CRON_INSTRUMENTATION, 'lib/digest.ts': DIGEST };
      assert.deepEqual(rows(files, 'instrumentation.ts'), ['warning cron.schedule']);
    });
    it('an app configured by vercel.toml', () => {
      const files: Files = { 'package.json': PACKAGE, 'vercel.toml': '[[crons]]\npath = "/api/x"\nschedule = "0 0 * * *"\n', 'app/layout.tsx': LAYOUT, 'instrumentation.ts': CRON_INSTRUMENTATION, 'lib/digest.ts': DIGEST };
      assert.deepEqual(rows(files, 'instrumentation.ts'), ['warning cron.schedule']);
    });
  });

  describe('stays silent where the schedule does run, or where it cannot tell', () => {
    it('a worker under scripts/ that no app code imports', () => {
      const worker = `import cron from 'node-cron';\ncron.schedule('*/10 * * * *', () => console.log('sync'));\nsetInterval(() => console.log('alive'), 30_000);\n`;
      assert.deepEqual(rows(vercelApp({ 'scripts/worker.ts': worker }), 'scripts/worker.ts'), []);
    });
    it('a module the app imports only with import type (the compiler erases it), beside one it really imports', () => {
      const worker = `export interface Job { name: string }\nsetInterval(() => console.log('alive'), 30_000);\n`;
      const typed = `import type { Job } from '../../../scripts/loop';\nexport type { Job as Task } from '../../../scripts/loop';\nexport async function GET() {\n  const job: Job = { name: 'x' };\n  return Response.json(job);\n}\n`;
      assert.deepEqual(rows(vercelApp({ 'scripts/loop.ts': worker, 'app/api/jobs/route.ts': typed }), 'scripts/loop.ts'), []);
      const both = `import type { Job } from '../../../scripts/loop';\nimport '../../../scripts/loop';\nexport async function GET() {\n  return Response.json({ ok: true });\n}\n`;
      assert.equal(rows(vercelApp({ 'scripts/loop.ts': worker, 'app/api/jobs/route.ts': both }), 'scripts/loop.ts').length, 1);
    });
    it('a custom server ("start": "node server.js") that schedules in server.js', () => {
      const pkg = JSON.stringify({ scripts: { dev: 'node server.js', start: 'NODE_ENV=production node server.js' }, dependencies: { next: '15.3.2' } });
      const server = `const next = require('next');\nconst cron = require('node-cron');\ncron.schedule('0 * * * *', () => {});\n`;
      const files: Files = { 'package.json': pkg, 'vercel.json': VERCEL_JSON, 'server.js': server, 'instrumentation.ts': CRON_INSTRUMENTATION, 'lib/digest.ts': DIGEST };
      assert.deepEqual(rows(files, 'server.js'), []);
      assert.deepEqual(rows(files, 'instrumentation.ts'), [], 'a long-lived server runs instrumentation too');
    });
    it('an app with no Vercel configuration and no .vercel/project.json', () => {
      const files: Files = { 'package.json': PACKAGE, 'app/layout.tsx': LAYOUT, 'instrumentation.ts': CRON_INSTRUMENTATION, 'lib/digest.ts': DIGEST };
      assert.deepEqual(rows(files, 'instrumentation.ts'), []);
    });
    it("a 'use client' component with setInterval", () => {
      const clock = `'use client';\nimport { useState } from 'react';\nconst started = Date.now();\nsetInterval(() => console.log(Date.now() - started), 1000);\nexport function Clock() {\n  const [now] = useState(started);\n  return <span>{now}</span>;\n}\n`;
      const files = vercelApp({ 'components/Clock.tsx': clock, 'app/page.tsx': `import { Clock } from '../components/Clock';\nexport default function Page() {\n  return <Clock />;\n}\n` });
      assert.deepEqual(rows(files, 'components/Clock.tsx'), []);
    });
    it('a module only a client component imports', () => {
      const files = vercelApp({
        'components/Ticker.tsx': `"use client";\nimport { tick } from '../lib/tick';\nexport function Ticker() {\n  return <b>{tick()}</b>;\n}\n`,
        'lib/tick.ts': `let n = 0;\nsetInterval(() => n++, 1000);\nexport const tick = () => n;\n`,
        'app/page.tsx': `import { Ticker } from '../components/Ticker';\nexport default function Page() {\n  return <Ticker />;\n}\n`,
      });
      assert.deepEqual(rows(files, 'lib/tick.ts'), []);
    });
    it('setInterval cleared in a useEffect', () => {
      const hook = `import { useEffect, useState } from 'react';\nexport function useNow() {\n  const [now, setNow] = useState(0);\n  useEffect(() => {\n    const id = setInterval(() => setNow(Date.now()), 1000);\n    return () => clearInterval(id);\n  }, []);\n  return now;\n}\n`;
      const files = vercelApp({ 'lib/useNow.ts': hook, 'app/page.tsx': `import { useNow } from '../lib/useNow';\nexport default function Page() {\n  return <p>{useNow()}</p>;\n}\n` });
      assert.deepEqual(rows(files, 'lib/useNow.ts'), []);
    });
    it('a route handler that clears its interval (a stream keep-alive)', () => {
      const route = `export async function GET() {\n  let timer: ReturnType<typeof setInterval>;\n  const stream = new ReadableStream({\n    start(c) { timer = setInterval(() => c.enqueue('ping'), 1000); },\n    cancel() { clearInterval(timer); },\n  });\n  return new Response(stream);\n}\n`;
      assert.deepEqual(rows(vercelApp({ 'app/api/events/route.ts': route }), 'app/api/events/route.ts'), []);
    });
    it('a node-cron validate() call only', () => {
      const route = `import cron from 'node-cron';\nexport async function POST(request: Request) {\n  const { expression } = await request.json();\n  return Response.json({ valid: cron.validate(expression) });\n}\n`;
      assert.deepEqual(rows(vercelApp({ 'app/api/validate/route.ts': route }), 'app/api/validate/route.ts'), []);
    });
    it('croner used only to compute the next run, and node-cron createTask never started here', () => {
      const lib = `import { Cron } from 'croner';\nimport cron from 'node-cron';\nexport const next = new Cron('0 9 * * 1').nextRun();\nexport const task = cron.createTask('0 9 * * 1', () => {});\n`;
      const files = vercelApp({ 'lib/next.ts': lib, 'app/page.tsx': `import { next } from '../lib/next';\nexport default function Page() {\n  return <p>{String(next)}</p>;\n}\n` });
      assert.deepEqual(rows(files, 'lib/next.ts'), []);
    });
    it('setInterval behind a browser or development-only condition', () => {
      const lib = `if (typeof window !== 'undefined') setInterval(() => {}, 1000);\nif (process.env.NODE_ENV === 'development') {\n  setInterval(() => {}, 1000);\n}\nexport const x = 1;\n`;
      const files = vercelApp({ 'lib/x.ts': lib, 'app/page.tsx': `import { x } from '../lib/x';\nexport default function Page() {\n  return <p>{x}</p>;\n}\n` });
      assert.deepEqual(rows(files, 'lib/x.ts'), []);
    });
    it('a setInterval inside a helper function nothing shows runs', () => {
      const lib = `export function poll() {\n  setInterval(() => {}, 1000);\n}\n`;
      const files = vercelApp({ 'lib/poll.ts': lib, 'app/page.tsx': `import { poll } from '../lib/poll';\nexport default function Page() {\n  return <p>{typeof poll}</p>;\n}\n` });
      assert.deepEqual(rows(files, 'lib/poll.ts'), []);
    });
    it('a module past the walk bound says nothing', () => {
      const chain: Record<string, string> = {};
      for (let i = 0; i < MAX_REACHED_FILES + 5; i++) chain[`lib/m${i}.ts`] = `import './m${i + 1}';\nexport const v${i} = ${i};\n`;
      const last = `lib/m${MAX_REACHED_FILES + 5}.ts`;
      chain[last] = `setInterval(() => {}, 1000);\n`;
      const files = vercelApp({ ...chain, 'app/page.tsx': `import '../lib/m0';\nexport default function Page() {\n  return null;\n}\n` });
      assert.deepEqual(rows(files, last), []);
      assert.deepEqual(rows({ ...files, 'lib/m3.ts': `setInterval(() => {}, 1000);\n` }, 'lib/m3.ts'), ['warning setInterval'], 'a module within the bound is reached');
    });
  });

  describe('quick fix: Move this schedule to vercel.json', () => {
    it('a module holding an expression 60,000 operators deep: its jobs are still reported and moved (no recursion overflows), and a long && chain costs no quadratic work', () => {
      const sum = Array.from({ length: 60_000 }, () => '1').join(' + ');
      const chain = Array.from({ length: 50_000 }, (_, i) => `process.env.FLAG_${i % 10}`).join(' && ');
      const lib = `import cron from 'node-cron';\nconst total = ${sum};\nconst enabled = ${chain};\nexport function report() {\n  if (enabled) console.log(total);\n}\ncron.schedule('0 4 * * *', report);\nsetInterval(report, 60_000);\n`;
      const files = vercelApp({ 'lib/report.ts': lib, 'app/page.tsx': `import '../lib/report';\nexport default function Page() {\n  return null;\n}\n` });
      assert.deepEqual(rows(files, 'lib/report.ts'), ['warning cron.schedule', 'warning setInterval']);
      const [scheduled] = findingsIn(files, 'lib/report.ts');
      assert.equal(scheduled!.fixes[0]?.title, 'Move this schedule to vercel.json');
    });
    it('a module of many jobs: every job reported, the first MAX_MOVE_FIXES_PER_FILE offered the move, the file parsed again once for all fixes', () => {
      const count = MAX_MOVE_FIXES_PER_FILE + 30;
      const lines = [`import cron from 'node-cron';`];
      for (let i = 0; i < count; i++) lines.push(`export function job${i}() {}`, `cron.schedule('0 ${i % 24} * * *', job${i});`);
      const files = vercelApp({ 'instrumentation.ts': `${lines.join('\n')}\n` });
      const project = projectOf(files);
      const text = files['instrumentation.ts']!;
      const jobs = SCHEDULER_SOURCES.filter((reader) => reader.mayDeclare('instrumentation.ts', text)).flatMap((reader) => reader.read('instrumentation.ts', text, projectJobInput(project, loadTypeScript)));
      let parses = 0;
      const real = loadTypeScript();
      const counting = { ...real, createSourceFile: (...args: Parameters<typeof real.createSourceFile>) => (parses++, real.createSourceFile(...args)) } as typeof real;
      const findings = checkSchedulerFile({ file: 'instrumentation.ts', text, jobs, project, loadTypeScript: () => counting, rules: {} }).filter((f) => f.code === CODE);
      assert.equal(findings.length, count);
      const parsedByCheck = parses;
      const fixable = findings.map(hasFixes);
      assert.deepEqual(fixable, findings.map((_, i) => i < MAX_MOVE_FIXES_PER_FILE));
      assert.equal(parses - parsedByCheck, 1, 'the fixes share one parse of the file');
      const last = findings[MAX_MOVE_FIXES_PER_FILE - 1]!.fixes[0]!;
      assert.ok(last.createFiles?.some((created) => created.file === `app/api/cron/job${MAX_MOVE_FIXES_PER_FILE - 1}/route.ts`), 'each fix moves its own job');
    });
    it('adds the crons entry, creates the guarded route calling the function, removes the schedule; check is then clean', () => {
      const files = vercelApp({ 'instrumentation.ts': CRON_INSTRUMENTATION, 'lib/digest.ts': DIGEST });
      const [finding] = findingsIn(files, 'instrumentation.ts');
      const fix = finding!.fixes[0]!;
      assert.equal(fix.title, 'Move this schedule to vercel.json');
      const after = applied(files, 'instrumentation.ts', fix);
      assert.equal(after['vercel.json'], '{\n  "crons": [\n    {\n      "path": "/api/cron/send-digest",\n      "schedule": "0 8 * * *"\n    }\n  ]\n}\n');
      assert.equal(after['instrumentation.ts'], `export async function register() {\n  if (process.env.NEXT_RUNTIME === 'nodejs') {\n  }\n}\n`, 'the schedule and the imports only it used are gone');
      const route = after['app/api/cron/send-digest/route.ts']!;
      assert.match(route, /^import \{ timingSafeEqual \} from 'node:crypto';\nimport \{ sendDigest \} from '\.\.\/\.\.\/\.\.\/\.\.\/lib\/digest';\n/);
      assert.match(route, /const cronSecret = process\.env\.CRON_SECRET;/);
      assert.match(route, /await sendDigest\(\);/);
      assert.deepEqual(findingsIn(after, 'instrumentation.ts'), [], 'applying it again finds nothing to move');
    });
    it('exports a top-level const arrow that was not exported, and keeps the file style', () => {
      const lib = `import cron from "node-cron"\n\nconst cleanup = async () => {\n  console.log("cleanup")\n}\n\ncron.schedule("15 3 * * *", cleanup, { name: "nightly-cleanup" })\n`;
      const files = vercelApp({ 'lib/jobs.ts': lib, 'app/api/ping/route.ts': `import "@/lib/jobs"\nexport async function GET() {\n  return Response.json({ ok: true })\n}\n`, 'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }) });
      const fix = findingsIn(files, 'lib/jobs.ts')[0]!.fixes[0]!;
      const after = applied(files, 'lib/jobs.ts', fix);
      assert.equal(after['lib/jobs.ts'], `export const cleanup = async () => {\n  console.log("cleanup")\n}\n\n`);
      const route = after['app/api/cron/nightly-cleanup/route.ts']!;
      assert.match(route, /^import \{ cleanup \} from ['"]@\/lib\/jobs['"];?$/m);
      assert.match(after['vercel.json']!, /"path": "\/api\/cron\/nightly-cleanup",\n\s+"schedule": "15 3 \* \* \*"/);
    });
    it('an inline callback at module scope becomes an exported function', () => {
      const lib = `import cron from 'node-cron';\n\ncron.schedule('0 4 * * *', async () => {\n  await fetch('https://example.com/warm');\n});\n`;
      const files = vercelApp({ 'lib/warm.ts': lib, 'app/page.tsx': `import '../lib/warm';\nexport default function Page() {\n  return null;\n}\n` });
      const after = applied(files, 'lib/warm.ts', findingsIn(files, 'lib/warm.ts')[0]!.fixes[0]!);
      assert.equal(after['lib/warm.ts'], `export const scheduledJob = async () => {\n  await fetch('https://example.com/warm');\n};\n`);
      assert.match(after['app/api/cron/scheduled-job/route.ts']!, /await scheduledJob\(\);/);
    });
    it('a zone other than UTC is written as a Schedules entry with its timezone', () => {
      const lib = `import cron from 'node-cron';\nexport function report() {}\ncron.schedule('0 9 * * 1-5', report, { timezone: 'Europe/Berlin' });\n`;
      const files = vercelApp({ 'lib/report.ts': lib, 'app/page.tsx': `import '../lib/report';\nexport default function Page() {\n  return null;\n}\n` });
      const after = applied(files, 'lib/report.ts', findingsIn(files, 'lib/report.ts')[0]!.fixes[0]!);
      assert.deepEqual(JSON.parse(after['vercel.json']!).schedules, [{ name: 'report', schedule: '0 9 * * 1-5', timezone: 'Europe/Berlin', path: '/api/cron/report', requestMethod: 'GET' }]);
    });
    it('an app only linked to Vercel gets a vercel.json', () => {
      const files: Files = { 'package.json': PACKAGE, '.vercel/project.json': '{}', 'app/layout.tsx': LAYOUT, 'instrumentation.ts': CRON_INSTRUMENTATION, 'lib/digest.ts': DIGEST };
      const fix = findingsIn(files, 'instrumentation.ts')[0]!.fixes[0]!;
      assert.deepEqual(fix.createFiles?.map((c) => c.file).sort(), ['app/api/cron/send-digest/route.ts', 'vercel.json']);
      assert.deepEqual(JSON.parse(applied(files, 'instrumentation.ts', fix)['vercel.json']!), { crons: [{ path: '/api/cron/send-digest', schedule: '0 8 * * *' }] });
    });
    it('a src/ app gets its route under src/app, and a taken name gets a suffix', () => {
      const files: Files = { 'package.json': PACKAGE, 'vercel.json': VERCEL_JSON, 'src/app/layout.tsx': LAYOUT, 'src/app/api/cron/send-digest/route.ts': 'export async function GET() {\n  return new Response("ok");\n}\n', 'src/instrumentation.ts': CRON_INSTRUMENTATION, 'src/lib/digest.ts': DIGEST };
      const fix = findingsIn(files, 'src/instrumentation.ts')[0]!.fixes[0]!;
      assert.deepEqual(fix.createFiles?.map((c) => c.file), ['src/app/api/cron/send-digest-2/route.ts']);
    });
    it('offers no fix when moving would change what runs', () => {
      const cases: [string, string][] = [
        ['seconds', `import cron from 'node-cron';\nexport function f() {}\ncron.schedule('*/30 * * * * *', f);\n`],
        ['a handler taking arguments', `import cron from 'node-cron';\nexport function f(context: unknown) { console.log(context); }\ncron.schedule('0 * * * *', f);\n`],
        ['an inline callback closing over register() locals', `import cron from 'node-cron';\nexport function register() {\n  const started = Date.now();\n  cron.schedule('0 * * * *', () => console.log(started));\n}\n`],
        ['a task kept in a variable', `import cron from 'node-cron';\nexport function f() {}\nexport const task = cron.schedule('0 * * * *', f);\n`],
        ['a handler imported from a package', `import cron from 'node-cron';\nimport { f } from 'some-package';\ncron.schedule('0 * * * *', f);\n`],
        ['an imported handler taking arguments', `import cron from 'node-cron';\nimport { g } from './other';\ncron.schedule('0 * * * *', g);\n`],
        ['a name Vercel does not read', `import cron from 'node-cron';\nexport function f() {}\ncron.schedule('0 9 * * MON', f);\n`],
      ];
      for (const [name, lib] of cases) {
        const files = vercelApp({ 'lib/j.ts': lib, 'lib/other.ts': 'export function g(now: Date) { console.log(now); }\n', 'app/page.tsx': `import '../lib/j';\nexport default function Page() {\n  return null;\n}\n` });
        const findings = findingsIn(files, 'lib/j.ts');
        assert.equal(findings.length, 1, name);
        assert.deepEqual(findings[0]!.fixes, [], name);
      }
    });
    it('no fix that would export a function from a page or a route (Next.js refuses unknown exports there)', () => {
      const page = `import schedule from 'node-schedule';\nschedule.scheduleJob('30 2 * * *', () => console.log('cleanup'));\nexport default function Page() {\n  return null;\n}\n`;
      const findings = findingsIn(vercelApp({ 'app/page.tsx': page }), 'app/page.tsx');
      assert.equal(findings.length, 1);
      assert.deepEqual(findings[0]!.fixes, []);
    });
    it('vercel.toml keeps its syntax: no fix writes JSON into it', () => {
      const files: Files = { 'package.json': PACKAGE, 'vercel.toml': '', 'app/layout.tsx': LAYOUT, 'instrumentation.ts': CRON_INSTRUMENTATION, 'lib/digest.ts': DIGEST };
      assert.deepEqual(findingsIn(files, 'instrumentation.ts')[0]!.fixes, []);
    });
  });
});
