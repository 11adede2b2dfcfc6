/**
 * What an editor's Problems panel lists for the files of a project that declare jobs or may hold a
 * scheduler rule's finding (their route findings, their jobs' schedule findings and the scheduler
 * rules' findings), for files open or not. A scheduler rule reads the project too: its findings are
 * computed again after any file event (a route that stops being a cron route takes a workflow's
 * finding away). Which files declare jobs is
 * kept per project and asked again only of files a file event reached: asking every file of a
 * 2,000-route project on each publish cost 1.8 ms a keystroke (bench: editing one route).
 */
import type { Finding } from '../diagnostics';
import { jobFindings } from '../schedulers/present';
import type { ScheduledJob } from '../schedulers/model';
import type { ProjectModel } from '../vercel/projectModel';
import { checkSchedulerFile, mayHaveSchedulerFileFindings } from '../schedulers/rules';
import { type JobFiles, ownedFiles, projectJobInput } from './codeJobs';

const NO_JOBS: readonly ScheduledJob[] = [];
import type { CronServiceHost } from './host';

interface OpenProjectView {
  root: string;
  model: ProjectModel;
}

/** A project's files that declare jobs, as found in the model's list `files`; `dirty` the files an event reached since. */
interface Declaring {
  files: readonly string[];
  declaring: Set<string>;
  dirty: Set<string>;
}

/** The findings a file was last shown with: the same array while its jobs, route findings and rules are, so an editor resends nothing. */
interface Shown {
  jobs: readonly ScheduledJob[];
  /** The text, the project's file list and the file-event count the scheduler rules last read them at (they read the project, not only the jobs). */
  text: string;
  files: readonly string[];
  events: number;
  route: readonly Finding[] | undefined;
  rules: string;
  findings: readonly Finding[];
}

export class ShownJobFindings {
  private readonly declaringByRoot = new Map<string, Declaring>();
  private readonly shown = new Map<string, Shown>();
  /** File events seen so far: a scheduler file's findings are kept only while none came. */
  private events = 0;

  constructor(
    private readonly host: CronServiceHost,
    private readonly jobFiles: JobFiles,
    /** The root of the open project a host path belongs to. */
    private readonly rootOf: (file: string) => string | undefined,
  ) {}

  /** A file changed, appeared or went: the projects holding it ask it again. */
  fileEvent(file: string): void {
    // A scheduler rule reads other files of the project (a route's check, the config): after any event it reads them again.
    this.events++;
    for (const [root, known] of this.declaringByRoot) {
      const relative = this.host.relative(root, file);
      if (!relative.startsWith('..') && !relative.startsWith('/')) known.dirty.add(relative);
    }
  }

  /** Settings or trust changed: every file is asked again. */
  clear(): void {
    this.declaringByRoot.clear();
  }

  /** A project's route findings with the job findings of every file of it that declares jobs. */
  withJobFindings(project: OpenProjectView, routeFiles: ReadonlyMap<string, readonly Finding[]>): ReadonlyMap<string, readonly Finding[]> {
    const host = this.host;
    const inRoot = host.inFolder(project.root);
    const input = projectJobInput(project.model, () => host.loadTypeScript());
    let merged: Map<string, readonly Finding[]> | undefined;
    for (const name of [...this.declaringFiles(project, input)].sort()) {
      const key = inRoot(name);
      const jobs = this.jobFiles.jobsOf(key, name, input)?.jobs ?? NO_JOBS;
      // A file of a project below this one is that project's.
      if (this.rootOf(key) !== project.root) continue;
      const text = project.model.readFile(name) ?? '';
      const scheduling = mayHaveSchedulerFileFindings(name, text);
      if (!jobs.length && !scheduling) continue;
      const rules = host.settings(key).rules;
      const rulesKey = JSON.stringify(rules);
      const route = routeFiles.get(name);
      const files = project.model.files();
      let kept = this.shown.get(key);
      if (!kept || kept.jobs !== jobs || kept.route !== route || kept.rules !== rulesKey || (scheduling && (kept.text !== text || kept.files !== files || kept.events !== this.events))) {
        const declared = [
          ...jobs.flatMap((job) => jobFindings(job, text, { now: host.now(), rules })),
          ...(scheduling ? checkSchedulerFile({ file: name, text, jobs, project: project.model, loadTypeScript: () => host.loadTypeScript(), rules, cronRouteGlob: host.settings(key).cronRouteGlob }) : []),
        ];
        const findings = route ? [...route, ...declared].sort((a, b) => a.span.start - b.span.start) : declared;
        // Read again after an event elsewhere, the findings are mostly what they were: the same array then, so nothing is re-sent.
        kept = { jobs, route, rules: rulesKey, text, files, events: this.events, findings: kept && sameFindings(kept.findings, findings) ? kept.findings : findings };
        this.shown.set(key, kept);
      }
      (merged ??= new Map(routeFiles)).set(name, kept.findings);
    }
    return merged ?? routeFiles;
  }

  /** Every job the project's files declare, through the same per-project list of declaring files (Trigger's wrapper refactors ask it). */
  declaredJobs(project: OpenProjectView): ScheduledJob[] {
    const inRoot = this.host.inFolder(project.root);
    const input = projectJobInput(project.model, () => this.host.loadTypeScript());
    return [...this.declaringFiles(project, input)].sort().flatMap((name) => this.jobFiles.jobsOf(inRoot(name), name, input)?.jobs ?? NO_JOBS);
  }

  private declaringFiles(project: OpenProjectView, input: ReturnType<typeof projectJobInput>): Set<string> {
    const inRoot = this.host.inFolder(project.root);
    const declares = (name: string) => {
      if ((this.jobFiles.jobsOf(inRoot(name), name, input)?.jobs.length ?? 0) > 0) return true;
      const text = project.model.readFile(name);
      return text !== undefined && mayHaveSchedulerFileFindings(name, text);
    };
    const files = project.model.files();
    let known = this.declaringByRoot.get(project.root);
    if (!known || known.files !== files) {
      known = { files, declaring: new Set(ownedFiles(files, []).filter(declares)), dirty: new Set() };
      this.declaringByRoot.set(project.root, known);
    } else if (known.dirty.size) {
      const owned = new Set(ownedFiles([...known.dirty], []));
      for (const name of known.dirty) {
        if (owned.has(name) && declares(name)) known.declaring.add(name);
        else known.declaring.delete(name);
      }
      known.dirty.clear();
    }
    return known.declaring;
  }
}

/** Whether two lists say the same in the Problems panel: codes, severities, messages, spans and related places (fixes are not read: some are built on first read). */
function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((finding, i) => shownKey(finding) === shownKey(b[i]!));
}

function shownKey(finding: Finding): string {
  const { code, severity, message, span, related } = finding;
  return JSON.stringify([code, severity, message, span.start, span.end, related?.map((r) => [r.file, r.span.start, r.span.end, r.message])]);
}
