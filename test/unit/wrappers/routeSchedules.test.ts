/**
 * Which vercel.json schedules a cron route runs on: the guard and the Sentry monitor carry the one
 * schedule of their route, and schedule-drift compares against all of them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteRuleContext } from '../../../src/core/routes/context';
import { cronRouteFiles } from '../../../src/core/routes/check';
import { parseVercelJson } from '../../../src/core/vercel/model';
import { routeSchedules, singleSchedule } from '../../../src/core/wrappers/routeSchedules';
import { projectOf } from '../support/ruleHarness';

const ROUTE = 'app/api/cron/[job]/route.ts';
const HANDLER = 'export async function GET() {\n  return Response.json({ ok: true });\n}\n';

/** The schedules the route check would hand the wrapper rules for the dynamic route. */
function schedulesOf(vercelJson: object, nextConfig?: string) {
  const files: Record<string, string> = { 'vercel.json': JSON.stringify(vercelJson), [ROUTE]: HANDLER, ...(nextConfig ? { 'next.config.js': nextConfig } : {}) };
  const project = projectOf(files);
  const doc = parseVercelJson(files['vercel.json']!);
  const entry = cronRouteFiles(doc, project, '**/api/cron/**').get(ROUTE);
  assert.ok(entry, 'the route is a cron route');
  // Only what the schedule helpers read.
  const ctx = { doc, project, cronPaths: entry.paths } as unknown as RouteRuleContext;
  return { all: routeSchedules(ctx).map((s) => s.schedule), single: singleSchedule(ctx)?.schedule };
}

describe('routeSchedules', () => {
  it('every path of the route, in vercel.json order, each schedule once', () => {
    const crons = [
      { path: '/api/cron/b', schedule: '0 5 * * *' },
      { path: '/api/cron/other/deep', schedule: '0 1 * * *' },
      { path: '/api/cron/a?region=eu', schedule: '0 6 * * *' },
      { path: '/api/cron/a', schedule: '0 5 * * *' },
    ];
    assert.deepEqual(schedulesOf({ crons }), { all: ['0 5 * * *', '0 6 * * *'], single: undefined });
  });

  it('one schedule through two paths is the single schedule; entries without a string schedule are skipped', () => {
    const crons = [
      { path: '/api/cron/a', schedule: '*/10 * * * *' },
      { path: '/api/cron/b', schedule: '*/10 * * * *' },
      { path: '/api/cron/c', schedule: 5 },
    ];
    assert.deepEqual(schedulesOf({ crons }), { all: ['*/10 * * * *'], single: '*/10 * * * *' });
  });

  it('paths carry the basePath; Schedules entries run in their own zone and are left out', () => {
    const json = {
      crons: [{ path: '/docs/api/cron/a', schedule: '0 3 * * *' }],
      schedules: [{ path: '/docs/api/cron/a', schedule: '0 4 * * *', target: 'path' }],
    };
    assert.deepEqual(schedulesOf(json, "module.exports = { basePath: '/docs' };\n"), { all: ['0 3 * * *'], single: '0 3 * * *' });
  });
});
