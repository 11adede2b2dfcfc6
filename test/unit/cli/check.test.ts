import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { repoRoot } from '../support/repo';

const NOW = new Date('2026-11-28T01:48:00Z');
const FIXTURES = path.join(repoRoot(), 'test', 'fixtures');

/** Temporary folders this file made, removed when it ends. */
const TEMP: string[] = [];
after(() => {
  for (const folder of TEMP) fs.rmSync(folder, { recursive: true, force: true });
});

function mkTemp(prefix: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  TEMP.push(folder);
  return folder;
}

function run(args: string[], cwd = FIXTURES) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, now: () => NOW });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

interface Diagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  fixable: boolean;
}

function checkJson(folder: string, flags: string[] = [], cwd = FIXTURES) {
  const result = run(['check', folder, '--format', 'json', ...flags], cwd);
  let body: { version: number; diagnostics: Diagnostic[] };
  try {
    body = JSON.parse(result.stdout);
  } catch {
    assert.fail(`not one JSON object on stdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
  return { ...result, body };
}

/** The text a diagnostic points at, read back from the file by its 1-based UTF-16 line and columns. */
function pointedText(root: string, d: Diagnostic): string {
  const lines = fs.readFileSync(path.join(root, d.file), 'utf8').split(/\r\n|\r|\n/);
  if (d.line === d.endLine) return lines[d.line - 1]!.slice(d.column - 1, d.endColumn - 1);
  return [
    lines[d.line - 1]!.slice(d.column - 1),
    ...lines.slice(d.line, d.endLine - 1),
    lines[d.endLine - 1]!.slice(0, d.endColumn - 1),
  ].join('\n');
}

type Row = [
  file: string,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
  severity: string,
  code: string,
  fixable: boolean,
  text: string,
];

/**
 * The wrapper hints fire on every cron handler; test/unit/wrappers covers them. Tests whose subject is another
 * rule, the plan or file discovery leave them out with this; the output-format tests below keep them, to show
 * that they are printed, counted and turned off through nextCronRoutes.rules. Never add another code here.
 */
const WRAPPER_HINTS: ReadonlySet<string> = new Set(['no-monitoring', 'no-idempotency-guard']);

function notWrapperHint(d: Diagnostic): boolean {
  return !WRAPPER_HINTS.has(d.code);
}

function rows(root: string, diagnostics: Diagnostic[]): Row[] {
  return diagnostics
    .filter(notWrapperHint)
    .map((d) => [d.file, d.line, d.column, d.endLine, d.endColumn, d.severity, d.code, d.fixable, pointedText(root, d)]);
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
}

function tempFolder(files: Record<string, string | Buffer>): string {
  const folder = mkTemp('ncr-check-');
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), content);
  }
  return folder;
}

function copyFixture(name: string): string {
  const folder = mkTemp(`ncr-${name}-`);
  fs.cpSync(path.join(FIXTURES, name), folder, { recursive: true });
  return folder;
}

/** A copy of monorepo whose settings (still the Hobby plan) turn the wrapper hints off: on pro it has no diagnostics at all. */
function monorepoWithoutWrapperHints(): string {
  const folder = copyFixture('monorepo');
  const rules = Object.fromEntries([...WRAPPER_HINTS].map((code) => [code, 'off']));
  const settings = { 'nextCronRoutes.plan': 'hobby', 'nextCronRoutes.rules': rules };
  fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify(settings));
  return folder;
}

/** Every fixture with its exact diagnostics (plan unknown unless its settings say otherwise) and exit code. */
/** Fixtures of other suites (a live next dev app for the trigger tests, the route-analysis projects), checked there. */
const OTHER_SUITES_FIXTURES = new Set(['trigger-app', 'routes-broken', 'routes-protected']);
/** The shapes-* apps (issue #15) carry their own expected-findings.json, checked in test/unit/core/routes/shapes.test.ts. */
const isShapeApp = (name: string) => name.startsWith('shapes-');

const EXPECTED: Record<string, { exit: number; rows: Row[] }> = {
  'app-router': {
    exit: 1,
    rows: [
      // Once, in the route file, where the fix goes (vercel.json's entry is its related location).
      ['app/api/cron/send-digest/route.ts', 6, 23, 6, 27, 'error', 'route-missing-get', true, 'POST'],
      ['vercel.json', 5, 61, 5, 64, 'error', 'invalid-schedule', true, 'MON'],
      ['vercel.json', 6, 56, 6, 62, 'warning', 'hobby-frequency', true, '*/15 *'],
      ['vercel.json', 7, 15, 7, 38, 'warning', 'route-not-found', true, '"/api/cron/rotate-keys"'],
      ['vercel.json', 8, 15, 8, 42, 'error', 'invalid-path', true, '"api/cron/cleanup-sessions"'],
    ],
  },
  'pages-router': {
    exit: 0,
    rows: [
      ['vercel.json', 4, 61, 4, 62, 'warning', 'invalid-schedule', true, '7'],
      ['vercel.json', 5, 15, 5, 41, 'warning', 'route-not-found', true, '"/api/cron/weekly-summary"'],
    ],
  },
  'src-dir': {
    exit: 0,
    rows: [
      ['vercel.json', 3, 57, 3, 60, 'warning', 'hobby-frequency', true, '*/6'],
      ['vercel.json', 4, 15, 4, 40, 'warning', 'route-not-found', true, '"/api/cron/expire-trials"'],
    ],
  },
  'route-groups': {
    exit: 0,
    rows: [['vercel.json', 5, 15, 5, 43, 'warning', 'route-not-found', false, '"/(jobs)/api/cron/backup-db"']],
  },
  dynamic: {
    exit: 0,
    rows: [['vercel.json', 7, 15, 7, 31, 'warning', 'route-not-found', true, '"/api/sync-team"']],
  },
  monorepo: {
    exit: 1,
    rows: [
      ['apps/admin/vercel.json', 3, 51, 3, 55, 'info', 'hobby-precision', false, '15 0'],
      ['apps/admin/vercel.json', 4, 49, 4, 55, 'error', 'hobby-frequency', true, '*/30 *'],
      ['apps/web/vercel.json', 3, 49, 3, 52, 'info', 'hobby-precision', false, '0 4'],
    ],
  },
  'base-path': {
    exit: 0,
    rows: [
      ['vercel.json', 4, 15, 4, 34, 'warning', 'route-not-found', false, '"/api/cron/reindex"'],
      ['vercel.json', 5, 15, 5, 44, 'warning', 'route-not-found', true, '"/docs/api/cron/broken-links"'],
    ],
  },
  'trailing-slash-true': {
    exit: 0,
    rows: [
      ['vercel.json', 3, 15, 3, 33, 'warning', 'trailing-slash-redirect', true, '"/api/cron/digest"'],
      ['vercel.json', 4, 15, 4, 49, 'warning', 'trailing-slash-redirect', true, '"/api/cron/warm-cache?region=iad1"'],
    ],
  },
  'trailing-slash-false': {
    exit: 0,
    rows: [
      ['vercel.json', 3, 15, 3, 34, 'warning', 'trailing-slash-redirect', true, '"/api/cron/digest/"'],
      ['vercel.json', 4, 15, 4, 50, 'warning', 'trailing-slash-redirect', true, '"/api/cron/warm-cache/?region=iad1"'],
    ],
  },
  'schedules-object': {
    exit: 0,
    rows: [
      ['vercel.json', 2, 3, 2, 14, 'warning', 'schedules-shape', true, '"schedules"'],
      ['vercel.json', 3, 5, 3, 20, 'hint', 'schedule-no-retry', false, '"weekly-digest"'],
    ],
  },
  // Schedules without Next.js: path targets are api/ functions, read by the route rules; a path no function serves is route-not-found.
  'schedules-not-next': {
    exit: 1,
    rows: [
      ['api/cleanup.ts', 6, 18, 6, 66, 'hint', 'auth-not-timing-safe', true, 'req.headers.authorization !== `Bearer ${secret}`'],
      ['api/export.ts', 4, 18, 4, 77, 'hint', 'auth-not-timing-safe', true, "request.headers.get('authorization') !== `Bearer ${secret}`"],
      ['api/report.ts', 4, 31, 4, 38, 'error', 'missing-auth', true, 'handler'],
      ['vercel.json', 3, 15, 3, 32, 'hint', 'schedule-no-retry', false, '"nightly-cleanup"'],
      ['vercel.json', 4, 15, 4, 30, 'hint', 'schedule-no-retry', false, '"hourly-report"'],
      ['vercel.json', 5, 15, 5, 30, 'hint', 'schedule-no-retry', false, '"weekly-digest"'],
      ['vercel.json', 5, 97, 5, 110, 'warning', 'route-not-found', false, '"/api/digest"'],
      // A Web-handler function with only GET, sent POST by default.
      ['vercel.json', 6, 15, 6, 31, 'hint', 'schedule-no-retry', false, '"nightly-export"'],
      ['vercel.json', 6, 66, 6, 79, 'warning', 'route-missing-method', true, '"/api/export"'],
    ],
  },
  // vercel.toml and vercel.ts: the same rules, positions in their own text, fixes only where the file's syntax can say them.
  'config-toml': {
    exit: 1,
    rows: [
      ['vercel.toml', 8, 21, 8, 24, 'error', 'invalid-schedule', true, 'MON'],
      ['vercel.toml', 8, 25, 8, 28, 'error', 'invalid-schedule', true, 'FRI'],
      ['vercel.toml', 9, 1, 9, 27, 'error', 'unknown-property', true, 'timezone = "Europe/Berlin"'],
      ['vercel.toml', 13, 17, 13, 21, 'warning', 'never-fires', false, '31 2'],
      ['vercel.toml', 17, 13, 17, 15, 'error', 'invalid-schedule', false, '61'],
    ],
  },
  'config-ts': {
    exit: 1,
    rows: [
      // In a const: reported where it is written, with no fix (the const may serve other entries).
      ['vercel.ts', 5, 66, 5, 69, 'error', 'invalid-schedule', false, 'MON'],
      ['vercel.ts', 5, 70, 5, 73, 'error', 'invalid-schedule', false, 'FRI'],
      ['vercel.ts', 19, 48, 19, 52, 'warning', 'never-fires', false, '30 2'],
      ['vercel.ts', 20, 45, 20, 47, 'error', 'invalid-schedule', false, '61'],
      ['vercel.ts', 21, 43, 21, 52, 'info', 'config-not-static', false, 'weekly(1)'],
      ['vercel.ts', 22, 52, 22, 55, 'error', 'invalid-schedule', true, 'MON'],
    ],
  },
  // Schedulers declared in files (#19): workflows and Netlify, each in its own dialect.
  'schedulers-files': {
    exit: 1,
    rows: [
      ['.github/workflows/health.yml', 5, 14, 5, 19, 'warning', 'interval-too-short', false, '*/2 *'],
      ['.github/workflows/health.yml', 6, 16, 6, 18, 'error', 'invalid-schedule', false, '25'],
      ['.github/workflows/health.yml', 8, 17, 8, 29, 'error', 'invalid-timezone', false, 'Mars/Olympus'],
      ['netlify.toml', 9, 15, 9, 24, 'error', 'invalid-schedule', false, '@annually'],
      ['netlify/functions/month-end.ts', 8, 48, 8, 59, 'warning', 'never-fires', false, '31 4,6,9,11'],
    ],
  },
  // Schedulers written in code (#19): each job's own dialect, problems where the expression is written (an imported const: where it is used).
  'schedulers-code': {
    exit: 1,
    rows: [
      ['inngest/functions.ts', 10, 82, 10, 91, 'error', 'invalid-timezone', false, 'Mars/Base'],
      ['scripts/register-schedules.ts', 14, 99, 14, 116, 'error', 'invalid-schedule', false, 'EVERY_TEN_SECONDS'],
      ['server/workers.ts', 11, 18, 11, 20, 'error', 'invalid-schedule', false, '25'],
      ['server/workers.ts', 13, 38, 13, 42, 'warning', 'never-fires', false, '31 2'],
      ['server/workers.ts', 20, 12, 20, 15, 'error', 'invalid-schedule', false, 'L-2'],
      ['trigger/digest.ts', 22, 10, 22, 14, 'error', 'invalid-schedule', false, '*/30'],
      ['trigger/digest.ts', 28, 43, 28, 58, 'error', 'invalid-timezone', false, "'Europe/Pariss'"],
    ],
  },
  // QStash receiving routes (#20): unverified handlers, a body parsed before verifying, destinations of unverified or GET-only routes.
  'qstash-routes': {
    exit: 1,
    rows: [
      ['app/api/qstash/parsed/route.ts', 9, 25, 9, 39, 'warning', 'qstash-missing-verification', false, 'request.json()'],
      ['app/api/qstash/unawaited/route.ts', 10, 8, 10, 23, 'error', 'qstash-missing-verification', true, 'receiver.verify'],
      ['app/api/qstash/webhook/route.ts', 1, 23, 1, 27, 'error', 'qstash-missing-verification', true, 'POST'],
      ['lib/queue.ts', 7, 35, 7, 63, 'error', 'qstash-missing-verification', true, '`${APP_URL}/api/jobs/digest`'],
      ['scripts/register-schedules.ts', 7, 18, 7, 46, 'error', 'qstash-missing-verification', true, '`${APP_URL}/api/jobs/digest`'],
      ['scripts/register-schedules.ts', 12, 18, 12, 47, 'error', 'route-missing-method', true, '`${APP_URL}/api/jobs/cleanup`'],
    ],
  },
  // In-process schedulers (#20): warned where a Vercel-deployed app runs them; never in a worker, a client module, a custom server's app or an app not on Vercel.
  'in-process-schedulers': {
    exit: 0,
    rows: [
      ['app/api/hits/route.ts', 4, 1, 4, 12, 'warning', 'in-process-scheduler-on-serverless', false, 'setInterval'],
      ['app/dashboard/page.tsx', 3, 1, 3, 21, 'warning', 'in-process-scheduler-on-serverless', false, 'schedule.scheduleJob'],
      ['instrumentation.ts', 7, 5, 7, 18, 'warning', 'in-process-scheduler-on-serverless', true, 'cron.schedule'],
      ['lib/feed.ts', 11, 1, 11, 9, 'warning', 'in-process-scheduler-on-serverless', true, 'new Cron'],
    ],
  },
  'in-process-schedulers-linked': {
    exit: 0,
    rows: [['lib/jobs.ts', 8, 3, 8, 16, 'warning', 'in-process-scheduler-on-serverless', true, 'cron.schedule']],
  },
  'in-process-schedulers-custom-server': { exit: 0, rows: [] },
  'in-process-schedulers-not-on-vercel': { exit: 0, rows: [] },
  // A monorepo whose root is no project (#19): the workflows of its .github/workflows are the folder checked's.
  'monorepo-workflows': {
    exit: 1,
    rows: [['.github/workflows/nightly.yml', 9, 17, 9, 19, 'error', 'invalid-schedule', false, '26']],
  },
  // Workflows calling the app's cron routes (#20): no header, a header from vars, a header from a literal env value.
  'workflows-cron-calls': {
    exit: 1,
    rows: [
      ['.github/workflows/call-crons.yml', 18, 13, 18, 51, 'error', 'workflow-calls-cron-without-secret', true, '"${{ secrets.APP_URL }}/api/cron/sync"'],
      ['.github/workflows/call-crons.yml', 22, 71, 22, 97, 'error', 'workflow-calls-cron-without-secret', false, '"$APP_URL/api/cron/digest"'],
      ['.github/workflows/call-crons.yml', 30, 11, 30, 39, 'error', 'workflow-calls-cron-without-secret', false, '"$APP_URL/api/cron/backfill"'],
    ],
  },
  'config-multiple': {
    exit: 1,
    rows: [['vercel.json', 1, 1, 1, 2, 'error', 'multiple-config-files', false, '{']],
  },
  'page-extensions': {
    exit: 0,
    rows: [
      ['vercel.json', 4, 15, 4, 33, 'warning', 'route-not-found', true, '"/api/cron/notify"'],
      ['vercel.json', 5, 15, 5, 34, 'warning', 'route-not-found', true, '"/api/cron/cleanup"'],
    ],
  },
};

describe('check --format json: every fixture', () => {
  it('the fixture list is complete', () => {
    const onDisk = fs
      .readdirSync(FIXTURES, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !OTHER_SUITES_FIXTURES.has(e.name) && !isShapeApp(e.name))
      .map((e) => e.name)
      .sort();
    assert.deepEqual(onDisk, Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: exact diagnostics and exit ${expected.exit}`, () => {
      const folder = path.join(FIXTURES, name);
      const { code, stderr, body } = checkJson(name);
      assert.equal(stderr, '');
      assert.deepEqual(rows(folder, body.diagnostics), expected.rows);
      assert.equal(code, expected.exit);
    });
  }
});

describe('check --format json: the contract', () => {
  it('one object {version: 1, diagnostics} with exactly the documented keys, in order', () => {
    const { body, stdout } = checkJson('app-router');
    assert.deepEqual(Object.keys(body), ['version', 'diagnostics']);
    assert.equal(body.version, 1);
    assert.equal(stdout.trim().split('\n').length, 1, 'a single line of JSON');
    for (const d of body.diagnostics) {
      assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message', 'fixable']);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(d.severity));
      assert.equal(typeof d.message, 'string');
      assert.ok(d.message.length > 20);
    }
  });

  it('a folder given relative to cwd, or absolute, or as "." gives the same files', () => {
    const relative = checkJson('monorepo').body;
    const absolute = checkJson(path.join(FIXTURES, 'monorepo'), [], os.tmpdir()).body;
    const dot = run(['check', '--format', 'json'], path.join(FIXTURES, 'monorepo'));
    assert.deepEqual(absolute, relative);
    assert.deepEqual(JSON.parse(dot.stdout), relative);
    assert.ok(relative.diagnostics.every((d) => !d.file.includes('\\') && !path.isAbsolute(d.file)));
  });

  it('sorted by file, line, column, then code', () => {
    const folder = tempFolder({
      'vercel.json': '{ "crons": [ { "method": "POST" } ] }\n',
      'b/vercel.json':
        '{\n  "crons": [\n    { "path": "/b", "schedule": "0 0 * * SUN" },\n    { "path": "b", "schedule": "@daily" }\n  ]\n}\n',
      // A Next.js app, so route-not-found holds for /b.
      'b/package.json': '{ "dependencies": { "next": "16.0.0" } }\n',
      'a/vercel.json': '{\n  "crons": [\n    { "path": "a", "schedule": "0 0 * JAN MON" }\n  ]\n}\n',
    });
    const { body } = checkJson(folder, [], os.tmpdir());
    const keys = body.diagnostics.map((d) => [d.file, d.line, d.column, d.code]);
    assert.deepEqual(keys, [
      ['a/vercel.json', 3, 15, 'invalid-path'],
      ['a/vercel.json', 3, 39, 'invalid-schedule'],
      ['a/vercel.json', 3, 43, 'invalid-schedule'],
      ['b/vercel.json', 3, 15, 'route-not-found'],
      ['b/vercel.json', 3, 42, 'invalid-schedule'],
      ['b/vercel.json', 4, 15, 'invalid-path'],
      ['b/vercel.json', 4, 33, 'invalid-schedule'],
      ['vercel.json', 1, 14, 'invalid-path'],
      ['vercel.json', 1, 14, 'invalid-schedule'],
      ['vercel.json', 1, 16, 'unknown-property'],
    ]);
    assert.deepEqual(
      body.diagnostics.map((d) => pointedText(folder, d)),
      ['"a"', 'JAN', 'MON', '"/b"', 'SUN', '"b"', '@daily', '{ "method": "POST" }', '{ "method": "POST" }', '"method": "POST"'],
    );
  });

  it('lines and columns are 1-based UTF-16 units, end exclusive, across CRLF, CR and astral characters', () => {
    const crlf = '{\r\n  "crons": [\r\n    { "path": "/api/😀é", "schedule": "0 0 * * MON" }\r\n  ]\r\n}\r\n';
    const cr = '{\r  "crons": [\r    { "path": "/api/😀", "schedule": "@daily" }\r  ]\r}\r';
    const folder = tempFolder({ 'crlf/vercel.json': crlf, 'cr/vercel.json': cr });
    const { body } = checkJson(folder, [], os.tmpdir());
    const byFile = Object.fromEntries(body.diagnostics.map((d) => [d.file, d]));
    const line3 = crlf.split('\r\n')[2]!;
    assert.deepEqual(
      [byFile['crlf/vercel.json']!.line, byFile['crlf/vercel.json']!.column, byFile['crlf/vercel.json']!.endColumn],
      [3, line3.indexOf('MON') + 1, line3.indexOf('MON') + 4],
    );
    const crLine3 = cr.split('\r')[2]!;
    assert.deepEqual([byFile['cr/vercel.json']!.line, byFile['cr/vercel.json']!.column], [3, crLine3.indexOf('@daily') + 1]);
    assert.equal(pointedText(folder, byFile['crlf/vercel.json']!), 'MON');
  });

  it('a diagnostic over several lines ends on its last line', () => {
    const folder = tempFolder({ 'vercel.json': '{\n  "crons": [\n    {\n      "schedule": "0 3 * * *"\n    }\n  ]\n}\n' });
    const [d] = checkJson(folder, [], os.tmpdir()).body.diagnostics;
    assert.deepEqual([d!.code, d!.line, d!.column, d!.endLine, d!.endColumn], ['invalid-path', 3, 5, 5, 6]);
  });
});

describe('check --format sarif', () => {
  it('is SARIF 2.1.0 with one run, the tool, its rules and a result per diagnostic', () => {
    const sarif = run(['check', 'app-router', '--format', 'sarif']);
    assert.equal(sarif.code, 1);
    const log = JSON.parse(sarif.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const [runLog] = log.runs;
    assert.equal(runLog.tool.driver.name, 'next-cron-routes');
    assert.equal(typeof runLog.tool.driver.version, 'string');
    const ruleIds = runLog.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.deepEqual(ruleIds, [
      'hobby-frequency',
      'invalid-path',
      'invalid-schedule',
      'no-idempotency-guard',
      'no-monitoring',
      'route-missing-get',
      'route-not-found',
    ]);
    for (const rule of runLog.tool.driver.rules) assert.ok(rule.shortDescription.text.length > 10);

    const { diagnostics } = checkJson('app-router').body;
    assert.equal(runLog.results.length, diagnostics.length);
    (runLog.results as SarifResult[]).forEach((result, i) => {
      const d = diagnostics[i]!;
      assert.equal(result.ruleId, d.code);
      assert.equal(ruleIds[result.ruleIndex], d.code);
      assert.equal(result.level, { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[d.severity]);
      assert.equal(result.message.text, d.message);
      assert.equal(result.locations.length, 1);
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      assert.equal(artifactLocation.uri, d.file);
      assert.deepEqual(region, { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn });
    });
  });

  it('info and hint are a "note"; a clean folder is a run with no results', () => {
    const log = JSON.parse(run(['check', 'monorepo', '--format', 'sarif']).stdout);
    assert.deepEqual(
      (log.runs[0].results as SarifResult[]).map((r) => [r.locations[0]!.physicalLocation.artifactLocation.uri, r.ruleId, r.level]),
      [
        ['apps/admin/app/api/cron/audit-log/route.ts', 'no-idempotency-guard', 'note'],
        ['apps/admin/app/api/cron/audit-log/route.ts', 'no-monitoring', 'note'],
        // The guard is offered whatever the plan: */30 is a valid schedule that Hobby refuses to deploy.
        ['apps/admin/app/api/cron/metrics/route.ts', 'no-idempotency-guard', 'note'],
        ['apps/admin/app/api/cron/metrics/route.ts', 'no-monitoring', 'note'],
        ['apps/admin/vercel.json', 'hobby-precision', 'note'],
        ['apps/admin/vercel.json', 'hobby-frequency', 'error'],
        ['apps/web/app/api/cron/sitemap/route.ts', 'no-idempotency-guard', 'note'],
        ['apps/web/app/api/cron/sitemap/route.ts', 'no-monitoring', 'note'],
        ['apps/web/vercel.json', 'hobby-precision', 'note'],
      ],
    );
    // On pro only the wrapper hints are left; with them turned off the run has no results.
    const folder = monorepoWithoutWrapperHints();
    const clean = run(['check', folder, '--format', 'sarif', '--plan', 'pro'], os.tmpdir());
    assert.equal(clean.code, 0);
    assert.deepEqual(JSON.parse(clean.stdout).runs[0].results, []);
  });
});

describe('check text output', () => {
  it('one line per diagnostic, then a summary; --hints lists the hints too', () => {
    const { stdout, code } = run(['check', '.', '--hints'], path.join(FIXTURES, 'app-router'));
    assert.equal(code, 1);
    const lines = stdout.split('\n');
    assert.equal(lines.length, 11);
    const hints = (route: string) => [
      new RegExp(`^app/api/cron/${route}/route\\.ts:4:23 {2}hint {4}no-idempotency-guard {2}Nothing claims this run's scheduled time .* {2}\\[fixable\\]$`),
      new RegExp(`^app/api/cron/${route}/route\\.ts:4:23 {2}hint {4}no-monitoring {2}No failure path of this cron job reaches an error reporter: .* {2}\\[fixable\\]$`),
    ];
    for (const hint of hints('cleanup-sessions')) assert.match(lines.shift()!, hint);
    assert.match(
      lines.shift()!,
      /^app\/api\/cron\/send-digest\/route\.ts:6:23 {2}error {3}route-missing-get {2}vercel\.json schedules \/api\/cron\/send-digest here/,
    );
    for (const hint of hints('sync-inventory')) assert.match(lines.shift()!, hint);
    // route-missing-get is said once (above, in the route file): vercel.json does not repeat it.
    assert.match(lines[0]!, /^vercel\.json:5:61 {2}error {3}invalid-schedule {2}.* {2}\[fixable\]$/);
    assert.match(lines[1]!, /^vercel\.json:6:56 {2}warning hobby-frequency {2}/);
    assert.match(lines[2]!, /^vercel\.json:7:15 {2}warning route-not-found {2}No route file serves "\/api\/cron\/rotate-keys"/);
    assert.match(lines[3]!, /^vercel\.json:8:15 {2}error {3}invalid-path {2}/);
    assert.deepEqual(lines.slice(4), ['1 vercel.json checked: 3 errors, 2 warnings, 4 hints', '3 cron routes analysed']);
  });

  it('without --hints: errors, warnings and infos, then one line says how many hints are hidden', () => {
    const withHints = run(['check', '.', '--hints'], path.join(FIXTURES, 'app-router')).stdout.split('\n');
    const { stdout, code } = run(['check', '.'], path.join(FIXTURES, 'app-router'));
    assert.equal(code, 1);
    assert.deepEqual(stdout.split('\n'), [
      ...withHints.filter((l) => /^\S+:\d+:\d+ {2}(error|warning|info) /.test(l)),
      '1 vercel.json checked: 3 errors, 2 warnings',
      '4 hints hidden; --hints shows them',
      '3 cron routes analysed',
    ]);
  });

  it('no [fixable] without a fix; plural and singular counts; infos and hints', () => {
    const { stdout } = run(['check', '--hints'], path.join(FIXTURES, 'monorepo'));
    const lines = stdout.split('\n');
    assert.match(lines[4]!, /^apps\/admin\/vercel\.json:3:51 {2}info {4}hobby-precision {2}/);
    assert.doesNotMatch(lines[4]!, /\[fixable\]/);
    assert.deepEqual(lines.slice(-2), ['2 vercel.json checked: 1 error, 2 infos, 6 hints', '3 cron routes analysed']);
  });

  it('hints alone exit 0, hidden in one line; a clean project says so', () => {
    const hintsOnly = run(['check', 'monorepo', '--plan', 'pro']);
    assert.equal(hintsOnly.code, 0);
    assert.equal(hintsOnly.stdout, '2 vercel.json checked: no problems\n6 hints hidden; --hints shows them\n3 cron routes analysed');
    assert.equal(run(['check', 'monorepo', '--plan', 'pro', '--hints']).stdout.split('\n').at(-2), '2 vercel.json checked: 6 hints');
    const folder = monorepoWithoutWrapperHints();
    const { stdout, code } = run(['check', folder, '--plan', 'pro'], os.tmpdir());
    assert.equal(code, 0);
    assert.equal(stdout, '2 vercel.json checked: no problems\n3 cron routes analysed');
  });

  it('one hint hidden is singular', () => {
    const folder = tempFolder({
      'vercel.json': '{ "crons": [{ "path": "/api/cron/job", "schedule": "0 3 * * *" }] }\n',
      'package.json': '{ "dependencies": { "next": "16.0.0" } }\n',
      '.vscode/settings.json': '{ "nextCronRoutes.rules": { "no-idempotency-guard": "off", "no-monitoring": "off" } }\n',
      'app/api/cron/job/route.ts':
        "export async function GET(request: Request) {\n  if (!process.env.CRON_SECRET || request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) return new Response(null, { status: 401 });\n  return Response.json({ ok: true });\n}\n",
    });
    // The one hint: the secret compared with !== (auth-not-timing-safe).
    const { stdout } = run(['check', folder], os.tmpdir());
    assert.equal(stdout, '1 vercel.json checked: no problems\n1 hint hidden; --hints shows them\n1 cron route analysed');
  });
});

describe('check --max-warnings', () => {
  // pages-router: 2 warnings, no error; app-router: errors; monorepo on pro: hints only (6).
  const cases: [name: string, args: string[], exit: number, stderr: string][] = [
    ['without the flag warnings never fail', ['check', 'pages-router'], 0, ''],
    ['as many warnings as allowed', ['check', 'pages-router', '--max-warnings', '2'], 0, ''],
    ['one warning too many', ['check', 'pages-router', '--max-warnings', '1'], 1, 'next-cron-routes: too many warnings: 2 (--max-warnings 1)'],
    ['zero allowed, with = and as JSON', ['check', 'pages-router', '--max-warnings=0', '--format', 'json'], 1, 'next-cron-routes: too many warnings: 2 (--max-warnings 0)'],
    ['infos and hints never count', ['check', 'monorepo', '--plan', 'pro', '--max-warnings', '0'], 0, ''],
    ['errors exit 1 anyway, and explain the exit themselves', ['check', 'app-router', '--max-warnings', '100'], 1, ''],
    ['errors and too many warnings: no extra line', ['check', 'app-router', '--max-warnings', '0'], 1, ''],
  ];
  for (const [name, args, exit, stderr] of cases) {
    it(`${name}: exit ${exit}`, () => {
      const result = run(args);
      assert.equal(result.code, exit);
      assert.equal(result.stderr, stderr);
    });
  }

  it('the output is the same with and without the flag', () => {
    for (const format of ['text', 'json', 'sarif']) {
      assert.equal(run(['check', 'pages-router', '--format', format, '--max-warnings', '0']).stdout, run(['check', 'pages-router', '--format', format]).stdout, format);
    }
  });
});

describe('check: file names in text output start from the current directory (JSON and SARIF keep the folder-relative ones)', () => {
  const admin = /^apps\/admin\/vercel\.json:4:49 {2}error {3}hobby-frequency {2}/m;
  const cases: [name: string, args: string[], cwd: string, prefix: string][] = [
    ['the folder is the current directory', ['check'], path.join(FIXTURES, 'monorepo'), ''],
    ['a folder below it, as `check apps/web` from a repository root', ['check', 'monorepo'], FIXTURES, 'monorepo/'],
    ['the same folder given absolute', ['check', path.join(FIXTURES, 'monorepo')], FIXTURES, 'monorepo/'],
    ['a folder above it', ['check', '..'], path.join(FIXTURES, 'monorepo', 'apps'), '../'],
    ['a folder beside it', ['check', '../monorepo'], path.join(FIXTURES, 'dynamic'), '../monorepo/'],
  ];
  for (const [name, args, cwd, prefix] of cases) {
    it(`${name}: ${prefix || '(no prefix)'}`, () => {
      const text = run(args, cwd);
      // The diagnostics, not the summary lines ("2 vercel.json checked: …", "6 hints hidden; …").
      const lines = text.stdout.split('\n').filter((l) => !/^\d+ /.test(l));
      assert.ok(lines.length > 0);
      for (const line of lines) assert.ok(line.startsWith(`${prefix}apps/`), line);
      assert.match(text.stdout.split('\n').map((l) => l.slice(prefix.length)).join('\n'), admin);
      assert.ok(fs.existsSync(path.join(cwd, lines[0]!.split(':')[0]!)), 'the printed path opens from the current directory');
      const json = checkJson(args[1] ?? '.', [], cwd).body.diagnostics;
      assert.deepEqual([...new Set(json.map((d) => d.file.split('/')[0]))], ['apps']);
      const sarif = JSON.parse(run([...args, '--format', 'sarif'], cwd).stdout) as { runs: { results: SarifResult[] }[] };
      assert.deepEqual(
        sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri),
        json.map((d) => d.file),
      );
    });
  }
});

describe('check: settings file and flags', () => {
  it("the folder's .vscode/settings.json (JSONC) sets the plan", () => {
    const { body, code } = checkJson('monorepo');
    assert.equal(code, 1);
    assert.ok(body.diagnostics.some((d) => d.code === 'hobby-frequency' && d.severity === 'error'));
  });

  it('--plan overrides it', () => {
    const pro = checkJson('monorepo', ['--plan', 'pro']);
    assert.equal(pro.code, 0);
    assert.deepEqual(pro.body.diagnostics.filter(notWrapperHint), []);
    const unknown = checkJson('monorepo', ['--plan', 'unknown']);
    assert.equal(unknown.code, 0);
    assert.deepEqual(
      unknown.body.diagnostics.filter(notWrapperHint).map((d) => [d.file, d.code, d.severity]),
      [['apps/admin/vercel.json', 'hobby-frequency', 'warning']],
    );
    assert.equal(
      checkJson('app-router', ['--plan', 'enterprise']).body.diagnostics.some((d) => d.code === 'hobby-frequency'),
      false,
    );
  });

  it("only the checked folder's settings count: an app checked alone uses defaults", () => {
    const admin = checkJson('monorepo/apps/admin');
    assert.equal(admin.code, 0);
    assert.deepEqual(
      admin.body.diagnostics.filter(notWrapperHint).map((d) => [d.file, d.code, d.severity]),
      [['vercel.json', 'hobby-frequency', 'warning']],
    );
  });

  it('nextCronRoutes.rules changes severities and turns codes off; flags still win for the plan', () => {
    const folder = copyFixture('dynamic');
    fs.mkdirSync(path.join(folder, '.vscode'));
    const settings = path.join(folder, '.vscode', 'settings.json');
    fs.writeFileSync(
      settings,
      '{ "nextCronRoutes.rules": { "route-not-found": "error", "no-idempotency-guard": "info", "no-monitoring": "off" } }',
    );
    const strict = checkJson(folder, [], os.tmpdir());
    assert.equal(strict.code, 1);
    assert.deepEqual(
      strict.body.diagnostics.map((d) => [d.file, d.code, d.severity]),
      [
        ['app/api/files/[...slug]/route.ts', 'no-idempotency-guard', 'info'],
        ['app/api/sync-team/[id]/route.ts', 'no-idempotency-guard', 'info'],
        ['vercel.json', 'route-not-found', 'error'],
      ],
    );
    fs.writeFileSync(
      settings,
      '{ "nextCronRoutes": { "rules": { "route-not-found": "off", "no-idempotency-guard": "off", "no-monitoring": "off" } } }',
    );
    const off = checkJson(folder, [], os.tmpdir());
    assert.equal(off.code, 0);
    assert.deepEqual(off.body.diagnostics, []);
  });

  it('a broken settings file is a warning on stderr, and the check still runs', () => {
    const folder = copyFixture('dynamic');
    fs.mkdirSync(path.join(folder, '.vscode'));
    fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), '{ "nextCronRoutes.plan": "free" ');
    const result = checkJson(folder, [], os.tmpdir());
    assert.equal(result.code, 0);
    assert.match(result.stderr, /^warning: /m);
    assert.deepEqual(result.body.diagnostics, checkJson('dynamic').body.diagnostics, 'the defaults, as without a settings file');
  });

  it('--fluid and --no-fluid are accepted', () => {
    assert.equal(run(['check', 'dynamic', '--fluid']).code, 0);
    assert.equal(run(['check', 'dynamic', '--no-fluid']).code, 0);
  });
});

describe('check: which vercel.json files', () => {
  it('every vercel.json below the folder, skipping node_modules and .git', () => {
    const folder = copyFixture('dynamic');
    const broken = '{ "crons": [ { "path": "nope", "schedule": "@daily" } ] }';
    for (const dir of ['node_modules/some-lib', 'node_modules/@scope/pkg/dist', '.git', 'packages/ui/node_modules/x']) {
      fs.mkdirSync(path.join(folder, dir), { recursive: true });
      fs.writeFileSync(path.join(folder, dir, 'vercel.json'), broken);
    }
    fs.mkdirSync(path.join(folder, 'packages', 'docs'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'packages', 'docs', 'vercel.json'), '{ "crons": [] }\n');
    const { body, stdout } = checkJson(folder, [], os.tmpdir());
    const found = body.diagnostics.filter(notWrapperHint);
    assert.deepEqual([...new Set(found.map((d) => d.file))], ['vercel.json']);
    assert.deepEqual(
      found.map((d) => d.code),
      ['route-not-found'],
    );
    assert.ok(stdout.length > 0);
    assert.match(run(['check', folder], os.tmpdir()).stdout, /^2 vercel\.json checked: 1 warning\n5 hints hidden; --hints shows them$/m);
  });

  // Vercel reads vercel.ts only at a project's Root Directory: a module of that name deeper is the app's code.
  it('modules named vercel.ts deep in an app and a package are no configuration: one vercel.json checked', () => {
    const helper = "export const crons = ['sync'];\nexport function vercelApi(token: string) {\n  return { token };\n}\n";
    const folder = tempFolder({
      'package.json': '{ "dependencies": { "next": "16.0.0" } }',
      'vercel.json': '{ "crons": [] }\n',
      'src/lib/vercel.ts': helper,
      'utils/queue/vercel.js': helper,
      'packages/env/package.json': '{ "name": "env" }',
      'packages/env/src/modules/vercel.ts': helper,
    });
    const { code, stdout } = run(['check', folder], os.tmpdir());
    assert.equal(code, 0);
    assert.equal(stdout, '1 vercel.json checked: no problems');
    // The folder checked is a project's root: its vercel.ts is the configuration, package.json or not.
    const alone = tempFolder({ 'vercel.ts': "export default { crons: [{ path: '/api/cron/a', schedule: '0 3 * * MON' }] };\n", 'api/cron/a.ts': 'export default function handler() {}\n' });
    assert.match(run(['check', alone], os.tmpdir()).stdout, /^1 vercel\.ts checked/m);
  });

  it('a folder without any vercel.json: nothing to report, exit 0', () => {
    const folder = tempFolder({ 'package.json': '{}' });
    const { code, stdout } = run(['check', folder], os.tmpdir());
    assert.equal(code, 0);
    assert.equal(stdout, '0 vercel.json checked: no problems');
  });
});

describe('check: a malformed vercel.json is a diagnostic, never a crash', () => {
  const cases: [string, string | Buffer, string][] = [
    ['a missing comma', '{ "crons": [ { "path": "/api/a" "schedule": "0 3 * * *" } ] }', '"schedule"'],
    ['comments', '{\n  // nightly\n  "crons": []\n}\n', '// nightly'],
    ['an empty file', '', ''],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22, 0xc3, 0x28, 0x0a]), ''],
    ['half-typed', '{ "crons": [ { "path": "/api/a", "schedule": "0 3 * *', ''],
  ];
  for (const [name, content, firstText] of cases) {
    it(name, () => {
      const folder = tempFolder({ 'vercel.json': content });
      const { code, body, stderr } = checkJson(folder, [], os.tmpdir());
      assert.equal(code, 1);
      assert.equal(stderr, '');
      const json = body.diagnostics.filter((d) => d.code === 'invalid-json');
      assert.ok(json.length > 0, JSON.stringify(body.diagnostics));
      assert.ok(json.every((d) => d.severity === 'error'));
      if (firstText) assert.equal(pointedText(folder, json[0]!), firstText);
    });
  }
});

describe('check: an error at the very end of the file', () => {
  it(
    'points inside the last line',
    {
    },
    () => {
      const folder = tempFolder({ 'vercel.json': '{"crons": [' });
      const { body } = checkJson(folder, [], os.tmpdir());
      for (const d of body.diagnostics) assert.ok(d.endLine === 1 && d.endColumn <= 12, JSON.stringify(d));
    },
  );
});

describe('check: usage errors exit 2 with one line on stderr and nothing on stdout', () => {
  const cases: [string, string[]][] = [
    ['unknown format', ['check', 'dynamic', '--format', 'xml']],
    ['bad plan', ['check', 'dynamic', '--plan', 'free']],
    ['fluid and no-fluid', ['check', 'dynamic', '--fluid', '--no-fluid']],
    ['two folders', ['check', 'dynamic', 'monorepo']],
    ['unknown flag', ['check', 'dynamic', '--frobnicate']],
    ['format without value', ['check', 'dynamic', '--format']],
    ['missing folder', ['check', 'no-such-folder']],
    ['a file, not a folder', ['check', 'dynamic/vercel.json']],
    ['max-warnings without a value', ['check', 'dynamic', '--max-warnings']],
    ['max-warnings negative', ['check', 'dynamic', '--max-warnings=-1']],
    ['max-warnings negative as a separate word', ['check', 'dynamic', '--max-warnings', '-1']],
    ['max-warnings fractional', ['check', 'dynamic', '--max-warnings', '1.5']],
    ['max-warnings not a number', ['check', 'dynamic', '--max-warnings', 'ten']],
    ['max-warnings empty', ['check', 'dynamic', '--max-warnings', '']],
  ];
  for (const [name, args] of cases) {
    it(name, () => {
      const { code, stdout, stderr } = run(args);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr.split('\n').length, 1, stderr);
      assert.match(stderr, /^next-cron-routes: /);
    });
  }
});

describe('check: a folder it may not read', () => {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  it(
    'exit 2, one line on stderr',
    { skip: isRoot || process.platform === 'win32' ? 'permissions do not stop root (or Windows)' : false },
    () => {
      const folder = mkTemp('ncr-locked-');
      fs.writeFileSync(path.join(folder, 'vercel.json'), '{ "crons": [] }');
      fs.chmodSync(folder, 0o000);
      try {
        const { code, stdout, stderr } = run(['check', folder], os.tmpdir());
        assert.equal(code, 2);
        assert.equal(stdout, '');
        assert.match(stderr, /^next-cron-routes: cannot read folder /);
      } finally {
        fs.chmodSync(folder, 0o700);
      }
    },
  );
});

describe('check through the bundled CLI (dist/cli.js)', () => {
  const cli = path.join(repoRoot(), 'dist', 'cli.js');
  const node = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: FIXTURES });

  it('exit 1 with problems, the same JSON as in-process (messages aside), nothing on stderr', () => {
    const result = node(['check', 'app-router', '--format', 'json']);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    const bundled = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
    const strip = (ds: Diagnostic[]) => ds.map(({ message: _m, ...rest }) => rest);
    assert.deepEqual(strip(bundled.diagnostics), strip(checkJson('app-router').body.diagnostics));
  });

  it('exit 0 with warnings and hints only; text ends with the summary lines', () => {
    const result = node(['check', 'trailing-slash-true']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\n1 vercel\.json checked: 2 warnings\n6 hints hidden; --hints shows them\n3 cron routes analysed\n$/);
  });

  it('exit 2 on an unreadable folder, one line on stderr, nothing on stdout', () => {
    const result = node(['check', 'no-such-folder']);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /^next-cron-routes: cannot read folder /);
  });

  it('SARIF on stdout parses', () => {
    const result = node(['check', 'monorepo', '--format', 'sarif']);
    assert.equal(result.status, 1);
    assert.equal(JSON.parse(result.stdout).version, '2.1.0');
  });
});

describe('check: cron routes whose handler cannot be read (issue #15, shape 13)', () => {
  const HONO = "GET is the result of handle(app): the handler's code is not visible";
  const SYNC = "GET is the result of frameworkHandler(config): the handler's code is not visible";

  it('JSON: no finding about them, listed in notAnalysed (the existing {file, reason} shape), the other route reported', () => {
    const { code, stdout } = run(['check', 'shapes-unreadable', '--format', 'json']);
    assert.equal(code, 0);
    const body = JSON.parse(stdout) as { diagnostics: Diagnostic[]; notAnalysed: { file: string; reason: string }[] };
    assert.deepEqual(Object.keys(body), ['version', 'diagnostics', 'notAnalysed']);
    assert.deepEqual([...new Set(body.diagnostics.map((d) => d.file))], ['app/api/cron/digest/route.ts']);
    assert.deepEqual(body.notAnalysed, [
      { file: 'app/api/cron/hono/route.ts', reason: HONO },
      { file: 'app/api/cron/sync/route.ts', reason: SYNC },
    ]);
  });

  it('text: the summary counts them; --verbose lists them with why', () => {
    assert.equal(run(['check', 'shapes-unreadable']).stdout, ['1 vercel.json checked: no problems', '2 hints hidden; --hints shows them', '1 cron route analysed, 2 could not be (--verbose lists them)'].join('\n'));
    assert.equal(
      run(['check', 'shapes-unreadable', '--verbose']).stdout,
      [
        `shapes-unreadable/app/api/cron/hono/route.ts: not analysed: ${HONO}`,
        `shapes-unreadable/app/api/cron/sync/route.ts: not analysed: ${SYNC}`,
        '1 vercel.json checked: no problems',
        '2 hints hidden; --hints shows them',
        '1 cron route analysed, 2 could not be',
      ].join('\n'),
    );
  });

  it('SARIF: a not-analysed notification on each; the run succeeded', () => {
    const sarif = JSON.parse(run(['check', 'shapes-unreadable', '--format', 'sarif']).stdout);
    const [invocation] = sarif.runs[0].invocations;
    assert.equal(invocation.executionSuccessful, true);
    assert.deepEqual(
      invocation.toolExecutionNotifications.map((n: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [n.locations[0]!.physicalLocation.artifactLocation.uri, n.message.text]),
      [
        ['app/api/cron/hono/route.ts', `Not analysed: ${HONO}`],
        ['app/api/cron/sync/route.ts', `Not analysed: ${SYNC}`],
      ],
    );
  });

  it('a route with an unreadable handler keeps what its exports say, and is still listed', () => {
    const folder = tempFolder({
      'package.json': '{ "dependencies": { "next": "16.0.0", "hono": "4.10.4" } }\n',
      'vercel.json': '{ "crons": [{ "path": "/api/cron/hono", "schedule": "0 1 * * *" }] }\n',
      'app/api/cron/hono/route.ts': "import { Hono } from 'hono';\nimport { handle } from 'hono/vercel';\n\nconst app = new Hono();\n\nexport const maxDuration = 900;\nexport const GET = handle(app);\n",
    });
    const { code, stdout } = run(['check', folder, '--plan', 'hobby', '--format', 'json'], os.tmpdir());
    assert.equal(code, 1);
    const body = JSON.parse(stdout) as { diagnostics: Diagnostic[]; notAnalysed: { file: string; reason: string }[] };
    assert.deepEqual(body.diagnostics.map((d) => [d.file, d.code]), [
      ['app/api/cron/hono/route.ts', 'max-duration-exceeds-plan'],
      ['vercel.json', 'hobby-precision'],
    ]);
    assert.deepEqual(body.notAnalysed, [{ file: 'app/api/cron/hono/route.ts', reason: HONO }]);
    const text = run(['check', folder, '--plan', 'hobby'], os.tmpdir()).stdout.split('\n');
    assert.deepEqual(text.slice(-2), ['1 vercel.json checked: 1 error, 1 info', '0 cron routes analysed, 1 could not be (--verbose lists them)']);
  });
});

describe('check: a vercel.json outside the app, and a project without Next.js (issue #15, shapes 11 and 12)', () => {
  it('a monorepo root above apps/web: the new code and the schedule rules on the root; exit 0', () => {
    const { code, stdout } = run(['check', 'shapes-monorepo-root']);
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.match(lines[0]!, /^shapes-monorepo-root\/vercel\.json:5:3 {2}warning vercel-json-outside-app {2}Vercel never reads this vercel\.json, so its crons never run: .* the app is in apps\/web .*Move it to apps\/web\/vercel\.json/);
    assert.match(lines[1]!, /^shapes-monorepo-root\/vercel\.json:7:49 {2}warning hobby-frequency {2}/);
    // The app below has no vercel.json of its own: it is checked as a project (its two protected
    // routes give hints only), and the root's file schedules nothing there.
    assert.deepEqual(lines.slice(2), ['1 vercel.json and 1 app without vercel.json checked: 2 warnings', '2 hints hidden; --hints shows them', '2 cron routes analysed']);
  });

  it('plain api/ functions: no Next.js wording in any message, the scheduled functions included', () => {
    const { body } = checkJson('shapes-not-next');
    assert.deepEqual(
      body.diagnostics.filter((d) => d.severity !== 'hint').map((d) => `${d.file} ${d.code}`),
      ['api/cron/digest.ts missing-auth', 'api/cron/purge/index.ts auth-fails-open', 'vercel.json functions-pattern-unmatched', 'vercel.json hobby-frequency', 'vercel.json route-not-found'],
    );
    for (const d of body.diagnostics) assert.doesNotMatch(d.message, /Next|next\.config|app\/api/, d.code);
  });

  it('the rule setting applies to the new code, in the settings file as in the editor', () => {
    const folder = copyFixture('shapes-monorepo-root');
    fs.mkdirSync(path.join(folder, '.vscode'));
    fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'nextCronRoutes.rules': { 'vercel-json-outside-app': 'error' } }));
    const { code, body, stderr } = checkJson(folder, [], os.tmpdir());
    assert.equal(stderr, '', 'a known code: no "unknown rule" warning');
    assert.equal(code, 1);
    assert.equal(body.diagnostics.find((d) => d.code === 'vercel-json-outside-app')!.severity, 'error');
  });
});

/** A Next.js App Router route file: GET guarded by `guard` (a statement, or nothing). */
function cronRoute(guard: string): string {
  // The counter is the job's work: a handler that only answers runs no job, and is not missing-auth.
  return `let runs = 0;\n\nexport async function GET(request: Request) {\n${guard ? `  ${guard}\n` : ''}  runs += 1;\n  return Response.json({ ok: request.url.length > 0, runs });\n}\n`;
}

const FAILS_OPEN = "if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) return new Response(null, { status: 401 });";
const FAILS_CLOSED =
  "if (!process.env.CRON_SECRET || request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) return new Response(null, { status: 401 });";
const NEXT_PACKAGE = '{ "dependencies": { "next": "16.0.0", "react": "19.2.0" } }\n';

/** [file, severity, code] of check's JSON, the wrapper hints left out. */
function findings(folder: string, flags: string[] = []): [string, string, string][] {
  const { body, stderr } = checkJson(folder, flags, os.tmpdir());
  assert.equal(stderr, '');
  return body.diagnostics.filter(notWrapperHint).map((d) => [d.file, d.severity, d.code]);
}

describe('check: a Next.js app without a vercel.json is a project too (issue #15)', () => {
  it('its cron routes are the ones cronRouteGlob names: fail-open and missing auth are warnings, the protected route has hints only', () => {
    const folder = tempFolder({
      'package.json': NEXT_PACKAGE,
      'app/page.tsx': 'export default function Page() { return null; }\n',
      'app/api/cron/open/route.ts': cronRoute(FAILS_OPEN),
      'app/api/cron/none/route.ts': cronRoute(''),
      'app/api/cron/closed/route.ts': cronRoute(FAILS_CLOSED),
      // Not a cron route: the glob does not name it.
      'app/api/health/route.ts': cronRoute(''),
    });
    assert.deepEqual(findings(folder), [
      ['app/api/cron/closed/route.ts', 'hint', 'auth-not-timing-safe'],
      ['app/api/cron/none/route.ts', 'warning', 'missing-auth'],
      ['app/api/cron/open/route.ts', 'warning', 'auth-fails-open'],
    ]);
    const { code, stdout } = run(['check', folder], os.tmpdir());
    // Warnings only: nothing schedules these routes, so none of them is an error.
    assert.equal(code, 0);
    assert.deepEqual(stdout.split('\n').slice(-3), ['1 app without vercel.json checked: 2 warnings', '4 hints hidden; --hints shows them', '3 cron routes analysed']);
    // A next.config makes an app as well as package.json's next does (package.json here names no next).
    const byConfig = tempFolder({ 'package.json': '{ "name": "x" }\n', 'next.config.mjs': 'export default {};\n', 'app/api/cron/none/route.ts': cronRoute('') });
    assert.deepEqual(findings(byConfig), [['app/api/cron/none/route.ts', 'warning', 'missing-auth']]);
  });

  it('the same rules and results as with a vercel.json that schedules nothing, vercel.json findings aside', () => {
    const files = { 'package.json': NEXT_PACKAGE, 'app/api/cron/open/route.ts': cronRoute(FAILS_OPEN), 'app/api/cron/none/route.ts': cronRoute('') };
    const without = checkJson(tempFolder(files), [], os.tmpdir()).body.diagnostics;
    const withEmpty = checkJson(tempFolder({ ...files, 'vercel.json': '{}\n' }), [], os.tmpdir()).body.diagnostics;
    assert.ok(without.length > 0);
    assert.deepEqual(without, withEmpty);
  });

  it('a monorepo whose vercel.json is at the root, above apps/web without its own: the root gets vercel-json-outside-app, the app its route findings', () => {
    const folder = tempFolder({
      'package.json': '{ "private": true, "workspaces": ["apps/*"] }\n',
      'vercel.json': '{ "crons": [{ "path": "/api/cron/open", "schedule": "0 3 * * *" }] }\n',
      'apps/web/package.json': NEXT_PACKAGE,
      'apps/web/app/api/cron/open/route.ts': cronRoute(FAILS_OPEN),
      'apps/web/app/api/cron/closed/route.ts': cronRoute(FAILS_CLOSED),
    });
    assert.deepEqual(findings(folder), [
      ['apps/web/app/api/cron/closed/route.ts', 'hint', 'auth-not-timing-safe'],
      ['apps/web/app/api/cron/open/route.ts', 'warning', 'auth-fails-open'],
      ['vercel.json', 'warning', 'vercel-json-outside-app'],
    ]);
    assert.deepEqual(run(['check', folder], os.tmpdir()).stdout.split('\n').slice(-3), [
      '1 vercel.json and 1 app without vercel.json checked: 2 warnings',
      '3 hints hidden; --hints shows them',
      '2 cron routes analysed',
    ]);
  });

  it('two apps, one with a vercel.json and one without: the scheduled route is an error, the other a warning, each reported once', () => {
    const folder = tempFolder({
      'apps/jobs/package.json': NEXT_PACKAGE,
      'apps/jobs/vercel.json': '{ "crons": [{ "path": "/api/cron/none", "schedule": "0 3 * * *" }] }\n',
      'apps/jobs/app/api/cron/none/route.ts': cronRoute(''),
      'apps/site/next.config.ts': 'export default {};\n',
      'apps/site/package.json': NEXT_PACKAGE,
      'apps/site/app/api/cron/none/route.ts': cronRoute(''),
    });
    assert.deepEqual(findings(folder), [
      ['apps/jobs/app/api/cron/none/route.ts', 'error', 'missing-auth'],
      ['apps/site/app/api/cron/none/route.ts', 'warning', 'missing-auth'],
    ]);
    const { code, stdout } = run(['check', folder], os.tmpdir());
    assert.equal(code, 1);
    assert.deepEqual(stdout.split('\n').slice(-3), ['1 vercel.json and 1 app without vercel.json checked: 1 error, 1 warning', '3 hints hidden; --hints shows them', '2 cron routes analysed']);
    // Checked from inside one app, the other is not there.
    assert.deepEqual(findings(path.join(folder, 'apps', 'site')), [['app/api/cron/none/route.ts', 'warning', 'missing-auth']]);
  });

  it('no route is checked twice: an app folder inside another project\'s app/, pages/ or src/ is that project', () => {
    const folder = tempFolder({
      // The root is an app (package.json names next) whose routes are in src/app; src/ has a package.json naming next too.
      'package.json': NEXT_PACKAGE,
      'src/package.json': NEXT_PACKAGE,
      'src/app/api/cron/none/route.ts': cronRoute(''),
      // A project with a vercel.json and, inside its app/, a folder with a next.config.
      'site/package.json': NEXT_PACKAGE,
      'site/vercel.json': '{}\n',
      'site/app/api/cron/none/route.ts': cronRoute(''),
      'site/app/api/next.config.js': 'module.exports = {};\n',
      'site/app/api/app/api/cron/inner/route.ts': cronRoute(''),
      // An app beside the root's route folders is an app of its own.
      'examples/demo/package.json': NEXT_PACKAGE,
      'examples/demo/app/api/cron/none/route.ts': cronRoute(''),
    });
    assert.deepEqual(findings(folder), [
      ['examples/demo/app/api/cron/none/route.ts', 'warning', 'missing-auth'],
      // The site's route table has it (under app/): checked once, as the site's.
      ['site/app/api/app/api/cron/inner/route.ts', 'warning', 'missing-auth'],
      ['site/app/api/cron/none/route.ts', 'warning', 'missing-auth'],
      ['src/app/api/cron/none/route.ts', 'warning', 'missing-auth'],
    ]);
    assert.match(run(['check', folder], os.tmpdir()).stdout, /^1 vercel\.json and 2 apps without vercel\.json checked: 4 warnings$/m);
  });

  it('apps in dependency and build output folders are not apps: node_modules, .next, dist, out', () => {
    const app = { 'package.json': NEXT_PACKAGE, 'next.config.js': 'module.exports = {};\n', 'app/api/cron/none/route.ts': cronRoute('') };
    const files: Record<string, string> = { 'package.json': '{ "name": "tools" }\n' };
    for (const dir of ['node_modules/some-app', '.next/standalone', 'dist/apps/web', 'out', 'packages/x/dist']) {
      for (const [file, content] of Object.entries(app)) files[`${dir}/${file}`] = content;
    }
    const folder = tempFolder(files);
    const { code, stdout } = run(['check', folder], os.tmpdir());
    assert.equal(code, 0);
    assert.equal(stdout, '0 vercel.json checked: no problems');
  });

  it('a folder with neither a vercel.json nor a Next.js app prints what it always has', () => {
    const folder = tempFolder({
      'package.json': '{ "dependencies": { "react": "19.2.0", "vite": "7.0.0" } }\n',
      // Files shaped like Next's do not make a project root: only package.json's next or a next.config do.
      'src/pages/Home.tsx': 'export default function Home() { return null; }\n',
      'api/cron/job.ts': cronRoute(''),
      'tools/package.json': '{ not json',
    });
    // A package.json that cannot be read is no app, and no notice: the folder was never a project.
    fs.symlinkSync('nowhere.json', path.join(folder, 'tools', 'package.json.link'));
    fs.mkdirSync(path.join(folder, 'broken'));
    fs.symlinkSync('nowhere.json', path.join(folder, 'broken', 'package.json'));
    for (const format of ['text', 'json'] as const) {
      const { code, stdout, stderr } = run(['check', folder, '--format', format], os.tmpdir());
      assert.equal(code, 0);
      assert.equal(stderr, '');
      assert.equal(stdout, format === 'text' ? '0 vercel.json checked: no problems' : '{"version":1,"diagnostics":[]}');
    }
  });
});
