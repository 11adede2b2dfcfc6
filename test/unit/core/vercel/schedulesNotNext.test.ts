/**
 * Vercel Schedules in a project without Next.js (test/fixtures/schedules-not-next): a `path`
 * target is an api/ function as a cron path is, so the job model (jobs, hovers, Trigger), the
 * route rules and route-not-found agree on which file serves it, or that none does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vercelCronJobs, vercelScheduleJobs } from '../../../../src/core/jobs';
import { cronJobsOf } from '../../../../src/core/trigger/jobs';
import { parseVercelJson } from '../../../../src/core/vercel/model';
import { checkConfig, checkJson, fixtureFiles, projectOf, runRoutes } from '../../support/ruleHarness';

const FILES = fixtureFiles('schedules-not-next');
const TEXT = FILES['vercel.json']!;

describe('Schedules path targets in a project without Next.js', () => {
  const doc = parseVercelJson(TEXT);
  const project = projectOf(FILES);
  const jobs = [...vercelScheduleJobs(doc, project), ...vercelCronJobs(doc, project, 'pro')];

  it('each path job names the api/ function that serves it, whatever method it is sent, or says that none does', () => {
    assert.deepEqual(
      jobs.map((job) => [job.name ?? job.source, job.target.kind === 'path' ? `${job.target.method} ${job.target.path}` : job.target.kind, job.route?.file ?? job.route?.why]),
      [
        ['nightly-cleanup', 'GET /api/cleanup', 'api/cleanup.ts'],
        ['hourly-report', 'POST /api/report', 'api/report.ts'],
        ['weekly-digest', 'POST /api/digest', 'no function in api/ serves /api/digest'],
        ['nightly-export', 'POST /api/export', 'api/export.ts'],
        ['vercel-crons', 'GET /api/cleanup', 'api/cleanup.ts'],
      ],
    );
  });

  it('route-not-found flags exactly the paths no job could give a file', () => {
    const notFound = checkJson(TEXT, { files: FILES }).filter((f) => f.code === 'route-not-found');
    const unresolved = jobs.filter((job) => job.route?.file === undefined);
    assert.deepEqual(
      notFound.map((f) => TEXT.slice(f.span.start, f.span.end)),
      unresolved.map((job) => JSON.stringify(job.target.kind === 'path' ? job.target.path : undefined)),
    );
    assert.match(notFound[0]!.message, /^No function in api\/ serves "\/api\/digest": Vercel still calls it and every run gets 404, silently\. .* add api\/digest\.ts or fix the path\.$/);
  });

  it('the route rules read the functions the jobs name, and no other file', () => {
    const checked = runRoutes(FILES).map((result) => [result.file, result.findings.filter((f) => f.severity === 'error').map((f) => f.code)]);
    assert.deepEqual(checked, [
      ['api/cleanup.ts', []],
      ['api/report.ts', ['missing-auth']],
      ['api/export.ts', []],
    ]);
  });

  it('Trigger lists every path target with the method Vercel sends', () => {
    assert.deepEqual(
      cronJobsOf(doc).map((job) => `${job.method} ${job.path}`),
      ['GET /api/cleanup', 'GET /api/cleanup', 'POST /api/report', 'POST /api/digest', 'POST /api/export'],
    );
  });

  it('the same project written in vercel.ts: a schedule with no function gets route-not-found as well', () => {
    const script = "export default {\n  schedules: [{ name: 'weekly-digest', schedule: '0 9 * * 1', path: '/api/digest' }],\n};\n";
    const files: Record<string, string> = { ...FILES, 'vercel.ts': script };
    delete files['vercel.json'];
    const findings = checkConfig('vercel.ts', script, { files }).filter((f) => f.code === 'route-not-found');
    assert.deepEqual(findings.map((f) => script.slice(f.span.start, f.span.end)), ["'/api/digest'"]);
  });
});
