import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTree } from 'jsonc-parser';
import { walkFiles } from '../../src/cli/workspace';
import { explainCron } from '../../src/core/cron/engine';
import { checkVercelJson } from '../../src/core/vercel/check';
import { getScheduleHover } from '../../src/core/vercel/hover';
import { parseVercelJson } from '../../src/core/vercel/model';
import { ProjectModel } from '../../src/core/vercel/projectModel';
import { loadTypeScript } from '../../src/node/loadTypeScript';
import { type BenchLine, compare } from './measure';

const NOW = new Date('2026-11-28T01:48:00Z');
const SCHEDULES = ['0 3 * * *', '*/15 * * * *', '0 9 * * 1-5', '0 0 1 * *', '30 2 * * 0', '0 */6 * * *', '15 10 1,15 * *', '0 0 * * MON'];

function routeSource(i: number): string {
  return `import { NextResponse } from 'next/server';\n\nexport const maxDuration = 60;\n\nexport async function GET(request: Request) {\n  if (request.headers.get('authorization') !== \`Bearer \${process.env.CRON_SECRET}\`) {\n    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });\n  }\n  return NextResponse.json({ job: ${i} });\n}\n`;
}

function vercelJson(entries: number): string {
  const crons = Array.from({ length: entries }, (_, i) => `    { "path": "/api/cron/job-${i}", "schedule": "${SCHEDULES[i % SCHEDULES.length]}" }`);
  return `{\n  "crons": [\n${crons.join(',\n')}\n  ],\n  "functions": { "app/api/cron/**/*": { "maxDuration": 60 } }\n}\n`;
}

function inMemoryProject(routeCount: number): { project: ProjectModel; reads: string[] } {
  const files = new Map<string, string>();
  for (let i = 0; i < routeCount; i++) files.set(`app/api/cron/job-${i}/route.ts`, routeSource(i));
  files.set('next.config.mjs', 'export default {};\n');
  const reads: string[] = [];
  const project = new ProjectModel(files.keys(), {
    readFile: (file) => {
      reads.push(file);
      return files.get(file);
    },
    loadTypeScript,
  });
  return { project, reads };
}

export function benchReanalysis(): BenchLine {
  const text = vercelJson(100);
  const { project } = inMemoryProject(100);
  const options = { plan: 'unknown' as const, now: NOW, project, rules: {} };
  checkVercelJson(parseVercelJson(text), options); // fills the route-export and schedule caches, as the first analysis of a session does
  // A keystroke changes one schedule; the rest are served from the caches.
  let flip = 0;
  const edits = [text.replace('"0 3 * * *"', '"0 4 * * *"'), text];
  const { ratio, spread, subjectNs, baselineNs } = compare(
    () => checkVercelJson(parseVercelJson(edits[flip++ % 2]!), options),
    () => parseTree(edits[flip % 2]!, []),
    100,
  );
  return { name: 're-analysis of a 100-entry vercel.json vs parseTree', ratio, spread, budget: 3, detail: `analysis ${(subjectNs / 1e3).toFixed(0)} µs, parseTree ${(baselineNs / 1e3).toFixed(0)} µs` };
}

export function benchHover(): BenchLine {
  const text = vercelJson(20);
  const offset = text.indexOf('"*/15 * * * *"') + 3;
  const ctx = { now: NOW, plan: 'unknown' as const, displayTimeZone: 'Europe/Berlin' };
  // The editor hovers on the model it parsed once for the document's version (src/vscode/vercelDocs.ts).
  const doc = parseVercelJson(text);
  const { ratio, spread, subjectNs, baselineNs } = compare(
    () => getScheduleHover(doc, offset, ctx),
    () => explainCron('*/15 * * * *', { dialect: 'vercel', plan: 'unknown', from: NOW, runs: 5 }),
    100,
  );
  return { name: 'schedule hover vs engine describe + 5 next runs', ratio, spread, budget: 1.3, detail: `hover ${(subjectNs / 1e3).toFixed(0)} µs, engine ${(baselineNs / 1e3).toFixed(0)} µs` };
}

/**
 * A hover on a Vercel Schedules entry (#18): the same budget as a cron's, against the engine
 * reading the expression in the entry's zone. The hover also says the entry's zone, UTC and the
 * display zone, the jitter window and the target, and the DST changes ahead that skip or double a run.
 */
export function benchSchedulesHover(): BenchLine {
  const entries = Array.from(
    { length: 20 },
    (_, i) => `    { "name": "job-${i}", "schedule": "${i % 2 ? '30 2 * * *' : '0 3 * * *'}", "timezone": "America/New_York", "jitter": 5, "path": "/api/cron/job-${i}", "requestMethod": "GET" }`,
  );
  const text = `{\n  "schedules": [\n${entries.join(',\n')}\n  ]\n}\n`;
  const offset = text.indexOf('"30 2 * * *"') + 3;
  const ctx = { now: NOW, plan: 'unknown' as const, displayTimeZone: 'Europe/Berlin' };
  const doc = parseVercelJson(text);
  if (!getScheduleHover(doc, offset, ctx)) throw new Error('no hover on the Schedules entry');
  const { ratio, spread, subjectNs, baselineNs } = compare(
    () => getScheduleHover(doc, offset, ctx),
    () => explainCron('30 2 * * *', { dialect: 'vercel-schedules', plan: 'unknown', from: NOW, runs: 5, scheduleTimeZone: 'America/New_York' }),
    100,
  );
  return { name: 'Schedules entry hover vs engine in its zone', ratio, spread, budget: 1.3, detail: `hover ${(subjectNs / 1e3).toFixed(0)} µs, engine ${(baselineNs / 1e3).toFixed(0)} µs` };
}

function bareWalk(root: string): number {
  let count = 0;
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(path.join(dir, entry.name));
      else count++;
    }
  };
  visit(root);
  return count;
}

export function benchRouteTable(): BenchLine[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-bench-routes-'));
  try {
    for (let i = 0; i < 2000; i++) {
      const dir = path.join(root, 'app', i % 2 ? '(marketing)' : 'api', `section-${i % 40}`, `route-${i}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, i % 3 ? 'route.ts' : 'page.tsx'), '');
    }
    fs.writeFileSync(path.join(root, 'next.config.mjs'), 'export default { trailingSlash: false };\n');
    const readFile = (f: string) => {
      try {
        return fs.readFileSync(path.join(root, f), 'utf8');
      } catch {
        return undefined;
      }
    };
    const table = compare(
      () => new ProjectModel(walkFiles(root), { readFile, loadTypeScript }),
      () => bareWalk(root),
      1,
      9,
    );
    const build = table.subjectNs;
    const walk = table.baselineNs;

    const { project, reads } = inMemoryProject(2000);
    project.routeExports('app/api/cron/job-7/route.ts');
    project.routeExports('app/api/cron/job-8/route.ts');
    reads.length = 0;
    const started = process.hrtime.bigint();
    project.fileChanged('app/api/cron/job-7/route.ts');
    project.routeExports('app/api/cron/job-7/route.ts');
    project.routeExports('app/api/cron/job-8/route.ts');
    const incremental = Number(process.hrtime.bigint() - started);
    return [
      { name: 'route table of a 2,000-route app vs bare walk', ratio: table.ratio, spread: table.spread, budget: 2, detail: `table ${(build / 1e6).toFixed(1)} ms, walk ${(walk / 1e6).toFixed(1)} ms` },
      { name: 'incremental update on a file event', detail: `files read: ${reads.length} (${[...new Set(reads)].join(', ')}), ${(incremental / 1e3).toFixed(0)} µs` },
    ];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
