/**
 * The jobs the project's own files declare (schedulers/registry.ts): which files may declare some,
 * read once per text. A file's jobs are kept while its text, and the text of every file its
 * readers consulted (an imported const), are unchanged: an edit to either reads it again.
 */
import type { TsApi } from '../next/routeExports';
import { resolveModule } from '../routes/modules';
import type { ProjectView } from '../vercel/project';
import type { JobRoute, ScheduledJob } from '../schedulers/model';
import { appPathOf, splitCronPath } from '../vercel/projectRoutes';
import { readersOf, SCANNED_FILE } from '../schedulers/registry';

/** What one file declares, or what reading it threw (a failure of ours, never a finding). */
export type FileJobs = { jobs: ScheduledJob[]; error?: undefined } | { jobs: []; error: unknown };

interface CachedJobs {
  text: string;
  /** The other files read, with the text each had. */
  reads: ReadonlyMap<string, string | undefined>;
  /** Undefined: no reader may declare a job in this text. */
  result: FileJobs | undefined;
}

export interface JobReadInput {
  /** A project file's text by its project-relative name (the open document's when open). */
  readFile(file: string): string | undefined;
  loadTypeScript(): TsApi;
  /** The project file an import names (routes/modules.ts), when the project is modelled. */
  resolveImport?(fromFile: string, specifier: string): string | undefined;
  /** The route file that answers a request for a URL path of the app, when the project is modelled. */
  routeForPath?(path: string): JobRoute;
}

/** What the readers of a project's files consult: its files through the model, imports resolved as the route analysis resolves them. */
export function projectJobInput(project: ProjectView, loadTypeScript: () => TsApi): JobReadInput {
  return {
    readFile: (name) => project.readFile(name),
    loadTypeScript,
    resolveImport: (from, specifier) => resolveModule(project, from, specifier),
    routeForPath: (path) => routeOfAppPath(project, path),
  };
}

function routeOfAppPath(project: ProjectView, path: string): JobRoute {
  const appPath = appPathOf(splitCronPath(path).pathname, project.config.basePath);
  if (appPath === undefined) return { file: undefined, why: `${path} is outside the app's basePath ${project.config.basePath}` };
  const route = project.matchRoute(appPath);
  return route ? { file: route.file, kind: route.kind } : { file: undefined, why: `no route of the app answers ${appPath}` };
}

/**
 * The jobs with a URL target whose path is known, resolved to the app's route now: the route table
 * changes without the declaring file's text changing, so this is never cached with the jobs.
 */
function withUrlRoutes(result: FileJobs, input: JobReadInput): FileJobs {
  const { routeForPath } = input;
  if (!routeForPath || !result.jobs.some((job) => job.target.kind === 'url' && job.target.path !== undefined)) return result;
  return {
    jobs: result.jobs.map((job) => (job.target.kind === 'url' && job.target.path !== undefined ? { ...job, route: routeForPath(job.target.path) } : job)),
  };
}

/** The readers' jobs of files, cached per file (a key the caller chooses: the host path). */
const NO_READS: ReadonlyMap<string, string | undefined> = new Map();

/** Whether every other file a reader consulted still has the text it had. */
function unchanged(reads: ReadonlyMap<string, string | undefined>, input: JobReadInput): boolean {
  for (const [name, seen] of reads) if (input.readFile(name) !== seen) return false;
  return true;
}

export class JobFiles {
  private readonly cache = new Map<string, CachedJobs>();

  /** The jobs `file` (project-relative) declares; undefined when no reader may declare any there. */
  jobsOf(key: string, file: string, input: JobReadInput): FileJobs | undefined {
    if (!SCANNED_FILE.test(file)) return undefined;
    const text = input.readFile(file);
    if (text === undefined) {
      this.cache.delete(key);
      return undefined;
    }
    const cached = this.cache.get(key);
    if (cached && cached.text === text && unchanged(cached.reads, input)) return cached.result && withUrlRoutes(cached.result, input);
    const readers = readersOf(file, text);
    if (!readers.length) {
      // Kept too: the editor asks of every file of the project on each publish, and most declare nothing.
      this.cache.set(key, { text, reads: NO_READS, result: undefined });
      return undefined;
    }
    const reads = new Map<string, string | undefined>();
    const context = {
      readFile: (name: string) => {
        const read = input.readFile(name);
        reads.set(name, read);
        return read;
      },
      loadTypeScript: () => input.loadTypeScript(),
      ...(input.resolveImport ? { resolveImport: input.resolveImport } : {}),
    };
    let result: FileJobs;
    try {
      result = { jobs: readers.flatMap((reader) => reader.read(file, text, context)).sort((a, b) => a.expressionSpan.start - b.expressionSpan.start) };
    } catch (error) {
      result = { jobs: [], error };
    }
    this.cache.set(key, { text, reads, result });
    return withUrlRoutes(result, input);
  }
}

/**
 * The files of a project root the root itself owns: `files` are below it (relative to it),
 * `deeper` the other project roots below it (relative to it), whose files are theirs.
 */
export function ownedFiles(files: readonly string[], deeper: readonly string[]): string[] {
  // A workspace's other packages (`../packages/…`) are listed with the app but are not its own files.
  const own = (file: string) => SCANNED_FILE.test(file) && !file.startsWith('../');
  if (!deeper.length) return files.filter(own);
  return files.filter((file) => own(file) && !deeper.some((dir) => file.startsWith(`${dir}/`)));
}

/** The project roots strictly below `dir` (all relative to the folder listed), relative to `dir`. */
export function rootsBelow(dir: string, roots: readonly { dir: string }[]): string[] {
  const prefix = dir ? `${dir}/` : '';
  return roots.filter((root) => root.dir !== dir && root.dir.startsWith(prefix)).map((root) => root.dir.slice(prefix.length));
}
