/**
 * Drives the wrapper hints' data-flow analyses (src/core/wrappers/flow/) on in-memory apps: each
 * table row is a route (and the files it imports), the verdict the analysis must reach, and the
 * reason it must give; the rule itself must report exactly when the verdict is the negative one.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ProblemCode } from '../../../../src/core/codes';
import { findHandler } from '../../../../src/core/routes/handlers';
import { projectOf } from '../../core/vercel/rules/harness';
import { type Files, findingsIn, packageJson, ROUTE, TSCONFIG_ROOT_ALIAS, vercelJson } from '../../core/routes/harness';

export interface FlowCase<V extends string> {
  name: string;
  route: string;
  /** Other files of the app (helpers, instrumentation.ts, next.config.js); `package.json` may be replaced. */
  files?: Files;
  verdict: V;
  /** What the reason must say: the sink, the claim, or what could not be read. */
  why?: RegExp;
}

/** A route file's app: one daily cron at /api/cron/job, the `@/*` alias, the given files. */
export function flowApp(route: string, files: Files = {}): Files {
  return { 'vercel.json': vercelJson(), 'package.json': packageJson('15.3.2'), 'tsconfig.json': TSCONFIG_ROOT_ALIAS, [ROUTE]: route, ...files };
}

type Analyse<V> = (project: ReturnType<typeof projectOf>, file: string, handler: NonNullable<ReturnType<typeof findHandler>>, options?: { prefilter?: boolean }) => { verdict: V; why: string };

/** One `it` per row: the analysis's verdict and reason (the same without its shortcut), then whether the rule reports (only on `fires`). */
export function flowTable<V extends string>(rows: readonly FlowCase<V>[], analyse: Analyse<V>, code: ProblemCode, fires: V): void {
  for (const row of rows) {
    it(`${row.verdict}: ${row.name}`, () => {
      const files = flowApp(row.route, row.files);
      const project = projectOf(files);
      const ts = project.ts();
      const handler = findHandler(ts, project.sourceFile(ROUTE)!, 'app');
      assert.ok(handler, 'the route has a GET handler');
      const facts = analyse(project, ROUTE, handler);
      assert.equal(facts.verdict, row.verdict, `why: ${facts.why}`);
      if (row.why) assert.match(facts.why, row.why);
      // The import-closure shortcut (prefilter.ts) answers as the walk does.
      const walked = analyse(project, ROUTE, handler, { prefilter: false });
      assert.deepEqual(walked, facts, 'the walk alone gives the same answer');
      const reported = findingsIn(files, ROUTE, { rules: { [code]: 'hint' } }).filter((f) => f.code === code);
      assert.equal(reported.length, row.verdict === fires ? 1 : 0, `${code} ${row.verdict === fires ? 'reported' : 'quiet'}`);
      for (const finding of reported) assert.equal(finding.severity, 'hint');
    });
  }
}

/** The cron secret check every table route starts with, so the auth rules stay out of the way. */
export const AUTH = `  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) return new Response('Unauthorized', { status: 401 });\n`;
