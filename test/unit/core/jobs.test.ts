import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type JobRoute, vercelCronJobs, vercelScheduleJobs } from '../../../src/core/jobs';
import type { Plan } from '../../../src/core/settings';
import { parseVercelJson } from '../../../src/core/vercel/model';
import { ProjectModel } from '../../../src/core/vercel/projectModel';
import { loadTypeScript } from '../../../src/node/loadTypeScript';

const NEXT = { 'package.json': '{ "dependencies": { "next": "15.0.0" } }' };

function project(files: Record<string, string>): ProjectModel {
  const disk = new Map(Object.entries(files));
  return new ProjectModel(disk.keys(), { readFile: (file) => disk.get(file), loadTypeScript });
}

function crons(...entries: unknown[]): string {
  return JSON.stringify({ crons: entries }, null, 2);
}

describe('vercelCronJobs: one job per cron entry with a string path and schedule', () => {
  it('describes each job: declaration, source, expression, dialect, zone, target', () => {
    const text = crons({ path: '/api/cron/a', schedule: '0 3 * * *' });
    const [job, ...rest] = vercelCronJobs(parseVercelJson(text), project({ ...NEXT, 'app/api/cron/a/route.ts': '' }), 'pro');
    assert.deepEqual(rest, []);
    assert.equal(job!.declared.file, 'vercel.json');
    assert.ok(text.slice(job!.declared.span.start, job!.declared.span.end).startsWith('{\n      "path": "/api/cron/a"'));
    assert.equal(text.slice(job!.expressionSpan.start, job!.expressionSpan.end), '"0 3 * * *"');
    assert.equal(job!.source, 'vercel-crons');
    assert.equal(job!.expression, '0 3 * * *');
    assert.equal(job!.dialect, 'vercel');
    assert.equal(job!.timeZone, 'UTC');
    assert.deepEqual(job!.target, { kind: 'path', path: '/api/cron/a', method: 'GET' });
  });

  it('leaves out entries whose path or schedule is no string, keeping the file order', () => {
    const text = crons({ path: '/b', schedule: '0 1 * * *' }, { path: 42, schedule: '0 3 * * *' }, { path: '/c' }, { schedule: '0 3 * * *' }, { path: '/a', schedule: '0 2 * * *' });
    assert.deepEqual(
      vercelCronJobs(parseVercelJson(text), undefined, 'pro').map((job) => job.expression),
      ['0 1 * * *', '0 2 * * *'],
    );
  });

  const jitterCases: [Plan, unknown][] = [
    ['hobby', { from: 'hour', upToMinutes: 59 }],
    ['pro', { from: 'minute', upToMinutes: 0 }],
    ['enterprise', { from: 'minute', upToMinutes: 0 }],
    ['unknown', undefined],
  ];
  for (const [plan, jitter] of jitterCases) {
    it(`jitter on ${plan}: ${JSON.stringify(jitter)}`, () => {
      const [job] = vercelCronJobs(parseVercelJson(crons({ path: '/x', schedule: '0 3 * * *' })), undefined, plan);
      assert.deepEqual(job!.jitter, jitter);
    });
  }

  const routeCases: { name: string; files: Record<string, string> | undefined; config?: string; path: string; route: JobRoute }[] = [
    { name: 'an App Router route', files: { ...NEXT, 'app/api/cron/a/route.ts': '' }, path: '/api/cron/a', route: { file: 'app/api/cron/a/route.ts', kind: 'app-route' } },
    { name: 'a Pages Router API route', files: { ...NEXT, 'pages/api/cron/a.ts': '' }, path: '/api/cron/a', route: { file: 'pages/api/cron/a.ts', kind: 'pages-api' } },
    { name: 'a query string is cut', files: { ...NEXT, 'app/api/cron/a/route.ts': '' }, path: '/api/cron/a?full=1', route: { file: 'app/api/cron/a/route.ts', kind: 'app-route' } },
    { name: 'a dynamic segment', files: { ...NEXT, 'app/api/cron/[job]/route.ts': '' }, path: '/api/cron/digest', route: { file: 'app/api/cron/[job]/route.ts', kind: 'app-route' } },
    {
      name: 'basePath removed',
      files: { ...NEXT, 'next.config.js': "module.exports = { basePath: '/docs' };", 'app/api/cron/a/route.ts': '' },
      path: '/docs/api/cron/a',
      route: { file: 'app/api/cron/a/route.ts', kind: 'app-route' },
    },
    {
      name: 'outside basePath',
      files: { ...NEXT, 'next.config.js': "module.exports = { basePath: '/docs' };", 'app/api/cron/a/route.ts': '' },
      path: '/api/cron/a',
      route: { file: undefined, why: "the path is outside the app's basePath /docs" },
    },
    { name: 'no route serves it', files: { ...NEXT, 'app/api/cron/a/route.ts': '' }, path: '/api/cron/b', route: { file: undefined, why: 'no route file of the app serves /api/cron/b' } },
    { name: 'a path without a leading slash', files: { ...NEXT }, path: 'api/cron/a', route: { file: undefined, why: 'the path does not start with "/", so Vercel requests no file of the project' } },
    { name: 'the project was not read', files: undefined, path: '/api/cron/a', route: { file: undefined, why: 'the project around vercel.json was not read' } },
    { name: 'an api/ function of a project without Next.js', files: { 'package.json': '{}', 'api/cron.ts': 'export function GET() {}' }, path: '/api/cron', route: { file: 'api/cron.ts', kind: 'function' } },
    {
      name: 'a project without Next.js whose framework routes the path',
      files: { 'package.json': '{ "dependencies": { "hono": "4.0.0" } }', 'src/index.ts': '' },
      path: '/api/cron',
      route: { file: undefined, why: 'the folder is no Next.js app, and its files do not show which function serves the path' },
    },
  ];
  for (const { name, files, path, route } of routeCases) {
    it(`resolves the route file: ${name}`, () => {
      const [job] = vercelCronJobs(parseVercelJson(crons({ path, schedule: '0 3 * * *' })), files && project(files), 'pro');
      assert.deepEqual(job!.route, route);
    });
  }

  it('names where vercel.json lies relative to the project root when asked', () => {
    const [job] = vercelCronJobs(parseVercelJson(crons({ path: '/x', schedule: '0 3 * * *' })), undefined, 'pro', 'config/vercel.json');
    assert.equal(job!.declared.file, 'config/vercel.json');
  });
});

describe('vercelScheduleJobs: one job per Schedules entry with a string schedule and one target', () => {
  const files = {
    ...NEXT,
    'app/api/digest/route.ts': 'export async function POST() { return Response.json({}); }\n',
    'api/cleanup.ts': 'export const POST = () => new Response();\n',
  };
  const text = JSON.stringify(
    {
      schedules: [
        { name: 'digest', schedule: '0 9 * * 1', timezone: 'America/New_York', jitter: 5, path: '/api/digest' },
        { name: 'get', schedule: '0 9 * * *', path: '/api/missing', requestMethod: 'GET' },
        { name: 'cleanup', schedule: '0 4 * * *', function: 'api/cleanup' },
        { name: 'gone', schedule: '0 4 * * *', function: 'api/gone' },
        { name: 'fanout', schedule: '*/5 * * * *', topic: 'jobs', jitter: 40 },
        { name: 'run', schedule: '0 1 * * *', entrypoint: 'jobs/run.ts' },
        { name: 'two', schedule: '0 1 * * *', path: '/a', topic: 'b' },
        { name: 'none', schedule: '0 1 * * *' },
        { name: 'bad-method', schedule: '0 1 * * *', path: '/a', requestMethod: 'PUT' },
        { name: 'no-schedule', topic: 'x' },
      ],
    },
    null,
    2,
  );
  const jobs = vercelScheduleJobs(parseVercelJson(text), project(files));

  it('reads zone (UTC by default), jitter as a window after the minute, and each target kind; POST by default', () => {
    assert.deepEqual(
      jobs.map((job) => [job.source, job.dialect, job.expression, job.timeZone, job.jitter, job.target]),
      [
        ['vercel-schedules', 'vercel-schedules', '0 9 * * 1', 'America/New_York', { from: 'minute', upToMinutes: 5 }, { kind: 'path', path: '/api/digest', method: 'POST' }],
        ['vercel-schedules', 'vercel-schedules', '0 9 * * *', 'UTC', undefined, { kind: 'path', path: '/api/missing', method: 'GET' }],
        ['vercel-schedules', 'vercel-schedules', '0 4 * * *', 'UTC', undefined, { kind: 'function', name: 'api/cleanup' }],
        ['vercel-schedules', 'vercel-schedules', '0 4 * * *', 'UTC', undefined, { kind: 'function', name: 'api/gone' }],
        ['vercel-schedules', 'vercel-schedules', '*/5 * * * *', 'UTC', undefined, { kind: 'topic', topic: 'jobs' }],
        ['vercel-schedules', 'vercel-schedules', '0 1 * * *', 'UTC', undefined, { kind: 'entrypoint', file: 'jobs/run.ts' }],
      ],
    );
  });

  it('resolves path targets to their route and function targets to their file, or says why not', () => {
    assert.deepEqual(
      jobs.map((job) => job.route),
      [
        { file: 'app/api/digest/route.ts', kind: 'app-route' },
        { file: undefined, why: 'no route file of the app serves /api/missing' },
        { file: 'api/cleanup.ts', kind: 'function' },
        { file: undefined, why: 'no file of the project is named api/gone (with or without an extension)' },
        { file: undefined, why: 'a topic target publishes to a Vercel Queue; its consumers are not read' },
        { file: undefined, why: 'an entrypoint target is run by the platform; which file it names is not read' },
      ],
    );
    assert.equal(text.slice(jobs[0]!.expressionSpan.start, jobs[0]!.expressionSpan.end), '"0 9 * * 1"');
    assert.ok(text.slice(jobs[0]!.declared.span.start, jobs[0]!.declared.span.end).startsWith('{\n      "name": "digest"'));
  });

  it('the object shape gives the same jobs', () => {
    const object = JSON.stringify({ schedules: { digest: { schedule: '0 9 * * 1', timezone: 'America/New_York', jitter: 5, path: '/api/digest' } } });
    assert.deepEqual(vercelScheduleJobs(parseVercelJson(object), project(files)).map((job) => [job.timeZone, job.target, job.route]), [
      ['America/New_York', { kind: 'path', path: '/api/digest', method: 'POST' }, { file: 'app/api/digest/route.ts', kind: 'app-route' }],
    ]);
  });
});
