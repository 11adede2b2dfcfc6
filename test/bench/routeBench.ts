import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileOverlay } from '../../src/cli/workspace';
import { checkFolder, toCliDiagnostics } from '../../src/cli/project-check';
import { createCronService, type CronService, type CronServiceHost } from '../../src/core/service';
import { checkCronRoutes } from '../../src/core/service/rules';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { parseVercelJson } from '../../src/core/vercel/model';
import { ProjectModel } from '../../src/core/vercel/projectModel';
import { loadTypeScript } from '../../src/node/loadTypeScript';
import { type BenchLine, compare, median, spreadOf } from './measure';

/** A cron route as projects write them: a helper check, work, a JSON result. */
export function routeSource(i: number): string {
  return `import { NextResponse, type NextRequest } from 'next/server';
import { db } from '@/lib/db';

export const maxDuration = 60;

export async function GET(request: NextRequest) {
  const authHeader = request.headers.get('authorization');
  const secret = process.env.CRON_SECRET;
  if (!secret || authHeader !== \`Bearer \${secret}\`) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
  const started = Date.now();
  const rows = await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  for (const row of [rows]) {
    console.log(JSON.stringify({ type: 'cron', job: 'job-${i}', row }));
  }
  return NextResponse.json({ ok: true, deleted: rows, durationMs: Date.now() - started });
}
`;
}

const OPTIONS = { plan: 'unknown' as const, fluidCompute: 'auto' as const, rules: {}, cronRouteGlob: '**/api/cron/**', readSecrets: true };

export function benchOneRoute(): BenchLine {
  const ts = loadTypeScript();
  const file = 'app/api/cron/job-1/route.ts';
  const text = routeSource(1);
  const files = new Map([[file, text], ['tsconfig.json', '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }'], ['lib/db.ts', 'export const db = {} as any;\n']]);
  const project = new ProjectModel(files.keys(), { readFile: (f) => files.get(f), loadTypeScript });
  const doc = parseVercelJson('{ "crons": [{ "path": "/api/cron/job-1", "schedule": "0 3 * * *" }] }');
  const { ratio, spread, subjectNs, baselineNs } = compare(
    () => {
      // A keystroke in the route file: its parse and analysis are redone, nothing else.
      project.fileChanged(file);
      checkCronRoutes(doc, project, OPTIONS);
    },
    () => ts.createSourceFile(file, text, ts.ScriptTarget.Latest),
    100,
    31,
  );
  return { name: 'analysing one route file vs ts.createSourceFile', ratio, spread, budget: 1.3, detail: `analysis ${(subjectNs / 1e3).toFixed(0)} µs, parse ${(baselineNs / 1e3).toFixed(0)} µs` };
}

/** The 2,000-route app on disk under `root`: every route glob-matched, the first 100 scheduled by vercel.json. */
export function writeCronApp(root: string): void {
  const crons: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const dir = path.join(root, 'app', 'api', 'cron', `job-${i}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'route.ts'), routeSource(i));
    if (i < 100) crons.push(`{ "path": "/api/cron/job-${i}", "schedule": "0 3 * * *" }`);
  }
  fs.writeFileSync(path.join(root, 'vercel.json'), `{ "crons": [${crons.join(',')}] }\n`);
  fs.writeFileSync(path.join(root, 'tsconfig.json'), '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }\n');
}

export function benchFullCheck(): BenchLine {
  const ts = loadTypeScript();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-bench-check-'));
  try {
    writeCronApp(root);
    const files = fs.readdirSync(path.join(root, 'app', 'api', 'cron')).map((d) => path.join(root, 'app', 'api', 'cron', d, 'route.ts'));
    const time = (fn: () => void) => {
      const start = process.hrtime.bigint();
      fn();
      return Number(process.hrtime.bigint() - start);
    };
    // What `check --format json` computes before printing: the findings, then each one's line,
    // column and `fixable` (which builds its fixes).
    const check = () => toCliDiagnostics(checkFolder(root, { ...DEFAULT_SETTINGS }, new FileOverlay(), new Date()));
    const bare = () => {
      for (const file of files) ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    };
    check();
    bare();
    const ratios: number[] = [];
    const checks: number[] = [];
    const bares: number[] = [];
    // 11 alternating rounds: with 5, the median of this ~300 ms pair swung 1.75–2.09 within a minute on a shared VM.
    for (let round = 0; round < 11; round++) {
      const c = time(check);
      const b = time(bare);
      checks.push(c);
      bares.push(b);
      ratios.push(c / b);
    }
    return { name: 'full check of a 2,000-route app vs bare parse pass', ratio: median(ratios), spread: spreadOf(ratios), budget: 1.3, detail: `check ${(median(checks) / 1e6).toFixed(0)} ms, parse ${(median(bares) / 1e6).toFixed(0)} ms` };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export const HEAP_BUDGET_MB = 150;

/** The editor's view of a 2,000-route app: the facade over files in memory, its vercel.json scheduling every route. */
function editorOverApp(): { service: CronService; files: Map<string, string>; vercelJson: string } {
  const files = new Map<string, string>([['/app/tsconfig.json', '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }'], ['/app/lib/db.ts', 'export const db = {} as any;\n']]);
  const crons: string[] = [];
  for (let i = 0; i < 2000; i++) {
    files.set(`/app/app/api/cron/job-${i}/route.ts`, routeSource(i));
    crons.push(`{ "path": "/api/cron/job-${i}", "schedule": "0 3 * * *" }`);
  }
  files.set('/app/vercel.json', `{ "crons": [${crons.join(',')}] }`);
  const host: CronServiceHost = {
    listFiles: (folder) => ({ files: [...files.keys()].filter((f) => f.startsWith(`${folder}/`)).map((f) => f.slice(folder.length + 1)).sort(), unread: new Map() }),
    readFile: (file) => {
      const text = files.get(file);
      return text === undefined ? { missing: true } : { text };
    },
    inFolder: (folder) => (relative) => path.posix.join(folder, relative),
    relative: (folder, file) => path.posix.relative(folder, file),
    settings: () => ({ ...DEFAULT_SETTINGS, ...OPTIONS }),
    mayReadSecrets: () => true,
    loadTypeScript,
    now: () => new Date('2026-11-28T02:00:00Z'),
  };
  return { service: createCronService(host, () => '/app'), files, vercelJson: '/app/vercel.json' };
}

/**
 * A keystroke in one route of the 2,000-route app, as the editor takes it: the file event, then
 * the project's route findings (service.routeDiagnostics), against a bare parse of the file. Only
 * the routes whose last check read the file are analysed again.
 */
export function benchEdit(): BenchLine {
  const ts = loadTypeScript();
  const { service, files, vercelJson } = editorOverApp();
  service.routeDiagnostics(vercelJson);
  const edited = '/app/app/api/cron/job-7/route.ts';
  let edit = 0;
  let edits = 0;
  const checksBefore = service.routeChecks();
  const { ratio, spread, subjectNs, baselineNs } = compare(
    () => {
      files.set(edited, `${routeSource(7)}// edit ${edit++}\n`);
      service.fileChanged(edited);
      service.routeDiagnostics(vercelJson);
      edits++;
    },
    () => ts.createSourceFile(edited, files.get(edited)!, ts.ScriptTarget.Latest),
    100,
    31,
  );
  const reanalysed = (service.routeChecks() - checksBefore) / edits;
  return {
    name: 'editing one route of 2,000 vs ts.createSourceFile',
    ratio,
    spread,
    budget: 3,
    detail: `re-check ${(subjectNs / 1e3).toFixed(0)} µs, parse ${(baselineNs / 1e3).toFixed(0)} µs, ${reanalysed} file(s) re-analysed per edit`,
  };
}

/**
 * What the editor keeps for a 2,000-route app: the facade after checking every cron route, then
 * after 1,000 edits of one route file, each taken in as the editor does (the file event, then the
 * project's findings: only the edited route is analysed again). Heap measured after a forced
 * collection, so it needs `node --expose-gc` (npm run bench passes it).
 */
export function benchMemory(): BenchLine[] {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return [{ name: 'heap after a full check of 2,000 routes', detail: 'not measured: run with node --expose-gc' }];
  const heapMb = () => {
    collect();
    collect();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  const before = heapMb();
  const { service, files, vercelJson } = editorOverApp();
  let findings = service.routeDiagnostics(vercelJson)!.files;
  const afterCheck = heapMb();
  const edited = '/app/app/api/cron/job-7/route.ts';
  const checksBefore = service.routeChecks();
  for (let edit = 0; edit < 1000; edit++) {
    files.set(edited, `${routeSource(7)}// edit ${edit}\n`);
    service.fileChanged(edited);
    findings = service.routeDiagnostics(vercelJson)!.files;
  }
  const afterEdits = heapMb();
  const held = afterCheck - before;
  return [
    {
      name: 'heap after a full check of 2,000 routes',
      detail: `${afterCheck.toFixed(0)} MB in all (${held.toFixed(0)} MB held by the service and ${findings.size} files' findings; budget ≤ ${HEAP_BUDGET_MB} MB)`,
      withinBudget: afterCheck <= HEAP_BUDGET_MB,
    },
    {
      name: 'heap after 1,000 edits of one route',
      detail: `${afterEdits.toFixed(0)} MB (${afterEdits - afterCheck >= 0 ? '+' : ''}${(afterEdits - afterCheck).toFixed(1)} MB against after the check; ${service.routeChecks() - checksBefore} files re-analysed in all)`,
    },
  ];
}
