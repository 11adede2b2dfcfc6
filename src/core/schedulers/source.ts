/**
 * How a scheduler written in the project's files plugs into the job model: a reader that says,
 * before any parse, whether a file may declare its jobs, then reads them. The service asks every
 * reader of SCHEDULER_SOURCES about every listed file, so `mayDeclare` must be cheap (a file
 * name, or an import specifier found in the text) and `read` must answer only what it has seen:
 * an expression it cannot follow to a literal declares no job.
 */
import type { TsApi } from '../next/routeExports';
import type { JobSource, ScheduledJob } from './model';

/** What a reader may consult besides the file itself. */
export interface SourceContext {
  /** A project file's text by its project-relative, "/"-separated name; undefined when absent or unreadable. */
  readFile(file: string): string | undefined;
  /** TypeScript (the copy ts-morph bundles), loaded on first need. */
  loadTypeScript(): TsApi;
  /**
   * The project file an import names from `fromFile` (relative paths, tsconfig `paths` aliases,
   * workspace packages), as the route analysis resolves it; undefined when it cannot tell. Without
   * it, a reader follows relative imports only.
   */
  resolveImport?(fromFile: string, specifier: string): string | undefined;
}

export interface JobSourceReader {
  /** The sources its jobs carry. */
  readonly sources: readonly JobSource[];
  /** Whether `file` (project-relative) may declare jobs of these sources: decided without parsing. */
  mayDeclare(file: string, text: string): boolean;
  /** The jobs `file` declares, in the order they are written. */
  read(file: string, text: string, context: SourceContext): ScheduledJob[];
}
