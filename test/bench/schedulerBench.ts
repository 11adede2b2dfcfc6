import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkFolder, toCliDiagnostics } from '../../src/cli/project-check';
import { FileOverlay } from '../../src/cli/workspace';
import { JobFiles } from '../../src/core/service/codeJobs';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { type BenchLine, median, spreadOf } from './measure';
import { writeCronApp } from './routeBench';

/** A component as an app has hundreds of: no scheduler, so the scan reads it and parses nothing. */
function componentSource(i: number): string {
  return `import { useState } from 'react';\n\nexport function Widget${i}({ label }: { label: string }) {\n  const [open, setOpen] = useState(false);\n  return <button onClick={() => setOpen(!open)}>{label} {open ? 'on' : 'off'}</button>;\n}\n`;
}

/** A worker that schedules, one invalid expression each (hour 24): parsed by the readers, reported by the check. */
function workerSource(i: number): string {
  return `import cron from 'node-cron';\nimport { Client } from '@upstash/qstash';\n\nconst qstash = new Client({ token: process.env.QSTASH_TOKEN! });\ncron.schedule('${i % 60} * * * *', () => console.log('tick ${i}'));\nexport const register = () => qstash.schedules.create({ destination: 'https://x.dev/api/cron/job-${i}', cron: '0 24 * * *' });\n`;
}

/**
 * The issue's budget (#19): scanning the code for schedules adds at most 10% to the full check of
 * the 2,000-route app, measured as the check against the check less the time spent scanning. The
 * app gets 20 scheduling workers (the scan parses them, the check reports them); a second line,
 * for information, adds 1,000 components, which only the scan reads.
 */
export function benchSchedulerScan(): BenchLine[] {
  return [measureScan(0), { ...measureScan(1000), budget: undefined }];
}

function measureScan(components: number): BenchLine {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-bench-schedulers-'));
  try {
    writeCronApp(root);
    fs.mkdirSync(path.join(root, 'components'), { recursive: true });
    fs.mkdirSync(path.join(root, 'workers'), { recursive: true });
    for (let i = 0; i < components; i++) fs.writeFileSync(path.join(root, 'components', `widget-${i}.tsx`), componentSource(i));
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(root, 'workers', `worker-${i}.ts`), workerSource(i));
    const check = () => toCliDiagnostics(checkFolder(root, { ...DEFAULT_SETTINGS }, new FileOverlay(), new Date()));
    // The scan's share of each check, timed where it runs: every file asked about its jobs (its
    // read included, which no other check needs for a file that is not a route). Timing the check
    // with and without the scan instead measured the shared machine: rounds spread 0.65–1.48.
    const scanning = JobFiles.prototype.jobsOf;
    let scanNs = 0;
    JobFiles.prototype.jobsOf = function (this: JobFiles, ...args: Parameters<JobFiles['jobsOf']>) {
      const start = process.hrtime.bigint();
      try {
        return scanning.apply(this, args);
      } finally {
        scanNs += Number(process.hrtime.bigint() - start);
      }
    };
    const ratios: number[] = [];
    const checks: number[] = [];
    const scans: number[] = [];
    let jobs = 0;
    try {
      jobs = check().filter((d) => d.file.startsWith('workers/')).length;
      for (let round = 0; round < 9; round++) {
        scanNs = 0;
        const start = process.hrtime.bigint();
        check();
        const total = Number(process.hrtime.bigint() - start);
        checks.push(total);
        scans.push(scanNs);
        ratios.push(total / (total - scanNs));
      }
    } finally {
      JobFiles.prototype.jobsOf = scanning;
    }
    return {
      name: `full check with the code-scheduler scan vs without (2,000 routes${components ? `, ${components.toLocaleString('en-US')} components` : ''})`,
      ratio: median(ratios),
      spread: spreadOf(ratios),
      budget: 1.1,
      detail: `check ${(median(checks) / 1e6).toFixed(0)} ms, of it the scan ${(median(scans) / 1e6).toFixed(1)} ms (${jobs} findings in the 20 workers)`,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
