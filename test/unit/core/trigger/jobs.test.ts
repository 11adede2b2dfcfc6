import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteEntry } from '../../../../src/core/next/types';
import { devServerCommand } from '../../../../src/core/trigger/devCommand';
import { formatRuns, pushRecent, recentFirst, RunHistory } from '../../../../src/core/trigger/history';
import { appPathOf, cronJobsOf, describeSchedule, findGetHandler, jobsServedBy, privateScheduleTargetsOf, privateTargetExplanation } from '../../../../src/core/trigger/jobs';
import { parseVercelJson } from '../../../../src/core/vercel/model';

describe('cron jobs of vercel.json', () => {
  const text = `{
  "crons": [
    { "path": "/api/cron/a", "schedule": "0 3 * * *" },
    { "path": "/docs/api/cron/b?x=1", "schedule": "30 4 * * *" },
    { "path": 42, "schedule": "0 3 * * *" },
    { "path": "/api/cron/c" }
  ]
}`;
  it('keeps entries with a string path and schedule, with the entry span', () => {
    const jobs = cronJobsOf(parseVercelJson(text));
    assert.deepEqual(jobs.map((j) => [j.path, j.schedule]), [['/api/cron/a', '0 3 * * *'], ['/docs/api/cron/b?x=1', '30 4 * * *']]);
    assert.ok(text.slice(jobs[0]!.span.start, jobs[0]!.span.end).startsWith('{ "path": "/api/cron/a"'));
  });

  it('maps a path into the app: basePath and query removed', () => {
    assert.equal(appPathOf('/docs/api/cron/b?x=1', '/docs'), '/api/cron/b');
    assert.equal(appPathOf('/docs', '/docs'), '/');
    assert.equal(appPathOf('/api/cron/a', '/docs'), undefined);
    assert.equal(appPathOf('/api/cron/a#x', ''), '/api/cron/a');
  });

  it('finds the jobs a route file serves', () => {
    const jobs = cronJobsOf(parseVercelJson(text));
    const routes: Record<string, RouteEntry> = {
      '/api/cron/b': { file: 'app/api/cron/b/route.ts', kind: 'app-route', pattern: '/api/cron/b', segments: [] },
    };
    const project = { config: { basePath: '/docs' }, matchRoute: (p: string) => routes[p] };
    assert.deepEqual(jobsServedBy(jobs, project, 'app/api/cron/b/route.ts').map((j) => j.path), ['/docs/api/cron/b?x=1']);
    assert.deepEqual(jobsServedBy(jobs, project, 'app/api/cron/a/route.ts'), []);
  });

  it('describes the schedule with the next run', () => {
    assert.equal(describeSchedule('0 3 * * *', new Date('2026-11-28T01:00:00Z')), 'At 03:00 UTC · next in 2 h');
    assert.match(describeSchedule('0 0 * * MON', new Date('2026-11-28T01:00:00Z')), /not a valid Vercel schedule|UTC/);
  });
});

describe('findGetHandler', () => {
  const cases: [string, string, string | undefined][] = [
    ['async function', 'import x from "y";\nexport async function GET(request: Request) {}', 'GET'],
    ['function', 'export function GET() {}', 'GET'],
    ['const arrow', 'export const GET = async () => new Response();', 'GET'],
    ['re-export alias', 'const handler = () => null;\nexport { handler as GET, handler as POST };', 'GET'],
    ['re-export list', 'function GET() {}\nexport { POST, GET };', 'GET'],
    ['pages router default', 'export default function handler(req, res) {}', 'export default'],
    ['POST only', 'export async function POST() {}', undefined],
    ['GETTER is not GET', 'export function GETTER() {}', undefined],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      const span = findGetHandler(text);
      assert.equal(span && text.slice(span.start, span.end), expected);
    });
  }
});

describe('history and recent choices', () => {
  it('keeps the last runs per job, newest first', () => {
    const history = new RunHistory(2);
    history.record('a', { at: new Date('2026-11-28T01:00:00Z'), status: 401, durationMs: 10 });
    history.record('a', { at: new Date('2026-11-28T01:01:00Z'), status: 200, durationMs: 20 });
    history.record('a', { at: new Date('2026-11-28T01:02:00Z'), status: 'ECONNREFUSED', durationMs: 1 });
    assert.deepEqual(history.get('a').map((r) => r.status), ['ECONNREFUSED', 200]);
    assert.deepEqual(history.get('b'), []);
    assert.equal(formatRuns(history.get('a'), new Date('2026-11-28T01:05:00Z')), 'ECONNREFUSED · 1 ms · 3 min ago; 200 · 20 ms · 4 min ago');
  });

  it('orders the most recent choice first, the rest as they were', () => {
    assert.deepEqual(recentFirst(['a', 'b', 'c', 'd'], (x) => x, ['c', 'a']), ['c', 'a', 'b', 'd']);
    assert.deepEqual(pushRecent(['c', 'a'], 'a'), ['a', 'c']);
    assert.deepEqual(pushRecent(['a', 'b', 'c'], 'd', 3), ['d', 'a', 'b']);
  });
});

describe('devServerCommand', () => {
  const pkg = (dev: string) => JSON.stringify({ scripts: { dev } });
  const cases: [string, Parameters<typeof devServerCommand>[0], string][] = [
    ['npm by default', { packageJson: pkg('next dev'), lockfilesByFolder: [[]], port: undefined }, 'npm run dev'],
    ['pnpm from a lock file higher up', { packageJson: pkg('next dev'), lockfilesByFolder: [[], ['pnpm-lock.yaml']], port: undefined }, 'pnpm run dev'],
    ['the nearest lock file wins', { packageJson: pkg('next dev'), lockfilesByFolder: [['yarn.lock'], ['pnpm-lock.yaml']], port: undefined }, 'yarn dev'],
    ['bun', { packageJson: pkg('next dev'), lockfilesByFolder: [['bun.lock']], port: undefined }, 'bun run dev'],
    ['another port for plain next dev', { packageJson: pkg('next dev --turbopack'), lockfilesByFolder: [['package-lock.json']], port: 3001 }, 'npm run dev -- --port 3001'],
    ['no port for 3000', { packageJson: pkg('next dev'), lockfilesByFolder: [[]], port: 3000 }, 'npm run dev'],
    ['the script sets its own port', { packageJson: pkg('next dev -p 4000'), lockfilesByFolder: [[]], port: 4000 }, 'npm run dev'],
    ['not next dev: run as is', { packageJson: pkg('turbo dev'), lockfilesByFolder: [['pnpm-lock.yaml']], port: 3001 }, 'pnpm run dev'],
  ];
  for (const [name, input, command] of cases) {
    it(name, () => {
      const result = devServerCommand(input);
      assert.ok(result.ok);
      assert.equal(result.command, command);
    });
  }
  it('explains a missing script', () => {
    const result = devServerCommand({ packageJson: '{"scripts":{}}', lockfilesByFolder: [], port: undefined });
    assert.ok(!result.ok && /no "dev" script/.test(result.error));
    assert.ok(!devServerCommand({ packageJson: '{', lockfilesByFolder: [], port: undefined }).ok);
  });
});

describe('Schedules jobs of vercel.json', () => {
  const text = JSON.stringify(
    {
      crons: [{ path: '/api/cron/a', schedule: '0 3 * * *' }],
      schedules: [
        { name: 'post', schedule: '0 9 * * *', timezone: 'Europe/Berlin', path: '/api/post' },
        { name: 'get', schedule: '0 10 * * *', path: '/api/get', requestMethod: 'GET' },
        { name: 'bad', schedule: '0 10 * * *', path: '/api/bad', requestMethod: 'PUT' },
        { name: 'fn', schedule: '0 4 * * *', function: 'api/cleanup' },
        { name: 'topic', schedule: '0 4 * * *', topic: 't' },
      ],
    },
    null,
    2,
  );
  const doc = parseVercelJson(text);

  it('path targets are triggered with the method Vercel sends (POST unless requestMethod says GET), in their zone', () => {
    assert.deepEqual(
      cronJobsOf(doc).map((j) => [j.path, j.method, j.schedules?.timeZone]),
      [
        ['/api/cron/a', 'GET', undefined],
        ['/api/post', 'POST', 'Europe/Berlin'],
        ['/api/get', 'GET', 'UTC'],
      ],
    );
    assert.match(describeSchedule('0 9 * * *', new Date('2026-11-28T01:48:00Z'), 'Europe/Berlin'), /^At 09:00 Europe\/Berlin · next in 6 h 12 min$/);
  });

  it('function targets are listed only to say why nothing is sent', () => {
    const [target, ...rest] = privateScheduleTargetsOf(doc);
    assert.deepEqual(rest, []);
    assert.deepEqual([target!.name, target!.function, target!.schedule], ['fn', 'api/cleanup', '0 4 * * *']);
    assert.match(privateTargetExplanation(target!), /^"fn" runs the private function api\/cleanup: it has no public URL, and only Vercel's scheduler invokes it/);
  });
});
