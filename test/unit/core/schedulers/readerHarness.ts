import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ScheduledJob } from '../../../../src/core/schedulers/model';
import type { JobSourceReader } from '../../../../src/core/schedulers/source';
import { loadTypeScript } from '../../../../src/node/loadTypeScript';

/** One case of a reader's table: the project's files, the file read, and the jobs it declares, as text. */
export interface ReaderCase {
  name: string;
  files: Record<string, string>;
  /** The file read; the first of `files` when absent. */
  file?: string;
  /** Each job as `expression | the text its expressionSpan covers | zone | target | name`. */
  jobs: string[];
  /** Each job's jitter, when the case is about it. */
  jitters?: (ScheduledJob['jitter'])[];
}

/** A job as one comparable line: what it schedules, where its span lies, in which zone, what it runs. */
export function describeJob(job: ScheduledJob, text: string): string {
  const target = job.target;
  const what =
    target.kind === 'url' ? `url ${target.method === 'POST' ? '' : `${target.method} `}${target.url}${target.path === undefined ? '' : ` → ${target.path}`}`
    : target.kind === 'task' ? `task ${target.id}`
    : target.kind === 'function' ? `function ${target.name}`
    : target.kind === 'handler' ? `handler ${text.slice(target.span.start, target.span.end)}`
    : target.kind;
  return [job.expression, text.slice(job.expressionSpan.start, job.expressionSpan.end), job.timeZone ?? 'process', what, job.name ?? '-'].join(' | ');
}

/** Runs a reader's table: `mayDeclare` must let each file with jobs through, and `read` find exactly the jobs listed. */
export function readerTable(reader: JobSourceReader, cases: readonly ReaderCase[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const file = c.file ?? Object.keys(c.files)[0]!;
      const text = c.files[file]!;
      const context = { readFile: (name: string) => c.files[name], loadTypeScript };
      const jobs = reader.read(file, text, context);
      assert.deepEqual(jobs.map((job) => describeJob(job, text)), c.jobs);
      if (c.jitters) assert.deepEqual(jobs.map((job) => job.jitter), c.jitters);
      if (c.jobs.length) assert.ok(reader.mayDeclare(file, text), 'mayDeclare let the file through');
      for (const job of jobs) {
        assert.ok(reader.sources.includes(job.source));
        assert.equal(job.declared.file, file);
        assert.ok(job.expressionSpan.start < job.expressionSpan.end && job.expressionSpan.end <= text.length, 'the expression span lies in the file');
      }
    });
  }
}
