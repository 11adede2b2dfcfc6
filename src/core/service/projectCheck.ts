import { checkCronRoutes } from './rules';
import type { ProjectFileFindings } from '../routes/check';
import { isEnvFile } from '../vercel/envFiles';
import { checkVercelJson } from '../vercel/check';
import { parseVercelConfig, unreadableVercelConfig } from '../vercel/configFiles';
import { absentVercelJson, type VercelDoc } from '../vercel/model';
import { ProjectModel } from '../vercel/projectModel';
import { projectRoots } from '../vercel/projectRoots';
import { type Finding, type Fix, hasFixes } from '../diagnostics';
import type { Settings } from '../settings';
import type { CronServiceHost } from './host';
import { filesUnder, workspaceAround } from './listing';
import { JobFiles, ownedFiles, projectJobInput, rootsBelow } from './codeJobs';
import { jobFindings } from '../schedulers/present';
import { mayConcernSchedulers } from '../schedulers/registry';
import { checkSchedulerFile, mayHaveSchedulerFileFindings } from '../schedulers/rules';
import { componentFindingsOf } from './componentCheck';
import { repositoryWorkflows, withWorkflowsRoot } from './workflowRoot';

/**
 * A finding of a one-shot run, as plain data: its syntax tree is released as soon as the file is
 * checked. `fixes` is built only when asked for (`fix`); `check` reports whether there is one.
 */
export interface ProjectFinding extends Omit<Finding, 'fixes' | 'related'> {
  fixable: boolean;
  fixes?: Fix[];
}

export interface ProjectFileResult {
  /** Host path of the vercel.json, route or env file the findings are about (an app's folder for `app`). */
  file: string;
  /** The same file as reports name it: relative to the checked folder, with `/`. */
  reported: string;
  /** The project root (the folder of its vercel.json, or the app's): fixes name other files relative to it. */
  root: string;
  text: string;
  findings: ProjectFinding[];
  /** Why the file was not analysed (unread, unparsable, too deep for the analysis): no findings, and not clean. */
  notAnalysed?: string;
  /** What checking the file threw: a failure of ours, reported as such and never as a finding. */
  internalError?: unknown;
  /** A cron route file: the text summary counts them (every one checked has an entry, clean or not). */
  cronRoute?: boolean;
  /** Why the route's handler was not analysed (the rest of the file was): listed as not analysed beside its findings. */
  handlerNotAnalysed?: string;
  /**
   * A Next.js app without a vercel.json, checked as a project of its own: the entry stands for the
   * app (the text summary counts them), with no findings; its internal error when its route list failed.
   */
  app?: true;
}

/** What a run keeps of a finding: the fixes themselves when it applies them. */
function settler(withFixes: boolean): (finding: Finding) => ProjectFinding {
  return withFixes
    ? ({ code, severity, message, span, fixes }) => ({ code, severity, message, span, fixable: fixes.length > 0, fixes })
    : (finding) => ({ code: finding.code, severity: finding.severity, message: finding.message, span: finding.span, fixable: hasFixes(finding) });
}

/**
 * Runs exactly the editor's rules on every project below `folder`: each vercel.json with its
 * app's cron routes, and each Next.js app without a vercel.json (vercel/projectRoots.ts) with the
 * cron routes `cronRouteGlob` names (nothing schedules them), and the schedules of the folder's
 * `.github/workflows` when the folder is no project (service/workflowRoot.ts); `withFixes` builds every finding's
 * fixes. Each file is checked on its own: what one file throws is that file's internal error, and
 * the others are still checked. Files that were not analysed (not readable, not parsable, too deep
 * for the analysis) are listed with why, and so are the other files the checks needed and could
 * not read (package.json, tsconfig.json, a helper, next.config, a folder that could not be listed).
 * A one-shot run: its project models are built for it and dropped after.
 */
export function checkProjectFolder(host: CronServiceHost, folder: string, withFixes: boolean): ProjectFileResult[] {
  const settle = settler(withFixes);
  const listing = host.listFiles(folder);
  const files = listing.files;
  /** What the run could not read, by host path: listed at the end unless a result already says why. */
  const unread = new Map(listing.unread);
  const readText = (file: string): string | undefined => {
    const read = host.readFile(file);
    if ('unread' in read) unread.set(file, read.unread);
    return 'text' in read ? read.text : undefined;
  };
  const results: ProjectFileResult[] = [];
  const inFolder = host.inFolder(folder);
  let listed: Set<string> | undefined;
  const isListed = (file: string) => (listed ??= new Set(files)).has(file);
  const loadTypeScript = () => host.loadTypeScript();
  const now = host.now();
  const readSecrets = host.mayReadSecrets();
  // Whether a package.json names next is asked without listing it as unread: a folder that is no
  // project says nothing; an app's own check reads it again and says why it could not.
  const peek = (file: string) => {
    const read = host.readFile(inFolder(file));
    return 'text' in read ? read.text : undefined;
  };
  const roots = withWorkflowsRoot(files, projectRoots(files, peek));
  const jobFiles = new JobFiles();
  for (const { dir: prefix, kind, config = 'vercel.json' } of roots) {
    if (kind === 'workflows') {
      // The folder's own workflows, in a folder that is no project (service/workflowRoot.ts): their schedules only.
      const workflows = repositoryWorkflows(files);
      const project = new ProjectModel(workflows, { readFile: (name) => readText(inFolder(name)), loadTypeScript });
      const root = inFolder(prefix);
      checkDeclaredJobs({ results, firstOfRoot: results.length, jobFiles, project, root, prefix, files: workflows, settle, settings: host.settings(root), now, loadTypeScript, inRoot: inFolder });
      continue;
    }
    const root = inFolder(prefix);
    const inRoot = host.inFolder(root);
    const app = kind === 'app';
    const reported = app ? prefix || '.' : prefix ? `${prefix}/${config}` : config;
    const file = app ? root : inRoot(config);
    const settings = host.settings(file);
    let project: ProjectModel;
    let doc: VercelDoc;
    try {
      let text: string | undefined;
      let unreadReason: string | undefined;
      if (!app) {
        const read = host.readFile(file);
        text = 'text' in read ? read.text : undefined;
        // A reason from the listing (a folder named vercel.json) stands when the read found nothing.
        unreadReason = 'unread' in read ? read.unread : unread.get(file);
        // Gone since the listing: nothing to check. Unreadable: config-unreadable says so, on the file.
        if (text === undefined && unreadReason === undefined) continue;
        unread.delete(file);
      }
      const rootFiles = new Set(prefix ? filesUnder(files, prefix) : files);
      for (const written of host.writtenFiles?.() ?? []) {
        const relative = host.relative(root, written);
        if (!relative.startsWith('..')) rootFiles.add(relative);
      }
      // The app's workspace, if any, up to the folder checked: its packages' imports are followed.
      const workspace = workspaceAround(prefix, files, isListed, (name) => readText(inFolder(name)));
      project = new ProjectModel(rootFiles, { readFile: (name) => readText(inRoot(name)), loadTypeScript }, workspace);
      if (app) {
        // No vercel.json: nothing schedules a route, and there is no file to report on.
        doc = absentVercelJson();
        results.push({ file, reported, root, text: '', findings: [], app: true });
      } else {
        doc = text === undefined ? unreadableVercelConfig(config, unreadReason!) : parseVercelConfig(config, text, loadTypeScript);
        const findings = checkVercelJson(doc, { plan: settings.plan, now, project, rules: settings.rules });
        results.push({ file, reported, root, text: doc.text, findings: findings.map(settle) });
      }
    } catch (error) {
      results.push({ file, reported, root, text: '', findings: [], internalError: error, ...(app ? { app: true as const } : {}) });
      continue;
    }
    const firstOfRoot = results.length;
    let routes: ProjectFileFindings<ProjectFinding>[];
    try {
      routes = checkCronRoutes(
        doc,
        project,
        { plan: settings.plan, fluidCompute: settings.fluidCompute, rules: settings.rules, cronRouteGlob: settings.cronRouteGlob, readSecrets },
        settle,
      );
    } catch (error) {
      // Outside any one route (the middleware, the route list): the project's routes went unchecked.
      results.push({ file, reported, root, text: '', findings: [], internalError: error });
      continue;
    }
    for (const route of routes) {
      const absolute = inRoot(route.file);
      // The route check's results are its cron route files, then the app's env files.
      const cronRoute = !isEnvFile(route.file);
      const shown = prefix ? `${prefix}/${route.file}` : route.file;
      if (route.internalError !== undefined || route.notAnalysed !== undefined) {
        // The reader knows better than the core why a file was not read (a FIFO, too large).
        const notAnalysed = route.notAnalysed === undefined ? undefined : (unread.get(absolute) ?? route.notAnalysed);
        unread.delete(absolute);
        results.push({ file: absolute, reported: shown, root, text: '', findings: [], notAnalysed, internalError: route.internalError, cronRoute });
        continue;
      }
      const handlerNotAnalysed = route.handlerNotAnalysed;
      const routeText = route.findings.length ? project.readFile(route.file) : undefined;
      if (routeText !== undefined) results.push({ file: absolute, reported: shown, root, text: routeText, findings: route.findings, cronRoute, handlerNotAnalysed });
      // A clean route still counts as analysed (or not) in the summary: an entry without findings.
      else if (cronRoute || handlerNotAnalysed !== undefined) results.push({ file: absolute, reported: shown, root, text: '', findings: [], cronRoute, handlerNotAnalysed });
    }
    const owned = ownedFiles(project.files(), rootsBelow(prefix, roots));
    checkDeclaredJobs({ results, firstOfRoot, jobFiles, project, root, prefix, files: owned, settle, settings, now, loadTypeScript, inRoot });
    // Server Component rules (routes/componentRules): on a route file, its findings join the route's.
    for (const checked of componentFindingsOf(owned, (name) => project.readFile(name), settings.rules, loadTypeScript)) {
      const absolute = inRoot(checked.file);
      const reported = prefix ? `${prefix}/${checked.file}` : checked.file;
      if (checked.error !== undefined) {
        results.push({ file: absolute, reported, root, text: '', findings: [], internalError: checked.error });
        continue;
      }
      addFileFindings(results, firstOfRoot, { file: absolute, reported, root, text: checked.text, findings: checked.findings.map(settle) });
    }
  }
  // Other files the checks needed and could not read: package.json, tsconfig.json, a helper, next.config.
  for (const [file, reason] of [...unread].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    results.push({ file, reported: host.relative(folder, file), root: folder, text: '', findings: [], notAnalysed: reason });
  }
  return results;
}

interface DeclaredJobsRun {
  results: ProjectFileResult[];
  /** Where this root's results start: a route file that declares jobs gets one result with both. */
  firstOfRoot: number;
  jobFiles: JobFiles;
  project: ProjectModel;
  root: string;
  prefix: string;
  files: readonly string[];
  settle: (finding: Finding) => ProjectFinding;
  settings: Settings;
  now: Date;
  loadTypeScript: () => ReturnType<CronServiceHost['loadTypeScript']>;
  inRoot: (file: string) => string;
}

/**
 * The schedule findings of the jobs a root's own files declare (schedulers/registry.ts), added to
 * the file's route result when it has one. What a reader throws is that file's internal error.
 */
function checkDeclaredJobs(run: DeclaredJobsRun): void {
  const { results, project, prefix, settle } = run;
  const input = projectJobInput(project, run.loadTypeScript);
  const rules = run.settings.rules;
  for (const file of run.files) {
    // Most files neither declare a job nor pass a scheduler rule's prefilter: one scan tells.
    const text = project.readFile(file);
    if (text === undefined || !mayConcernSchedulers(file, text)) continue;
    const declared = run.jobFiles.jobsOf(run.inRoot(file), file, input);
    const ruled = mayHaveSchedulerFileFindings(file, text);
    if (!declared && !ruled) continue;
    const absolute = run.inRoot(file);
    const reported = prefix ? `${prefix}/${file}` : file;
    if (declared?.error !== undefined) {
      results.push({ file: absolute, reported, root: run.root, text: '', findings: [], internalError: declared!.error });
      continue;
    }
    const jobs = declared?.jobs ?? [];
    let findings: Finding[];
    try {
      findings = [
        ...jobs.flatMap((job) => jobFindings(job, text, { now: run.now, rules })),
        ...(ruled ? checkSchedulerFile({ file, text, jobs, project, loadTypeScript: run.loadTypeScript, rules, cronRouteGlob: run.settings.cronRouteGlob }) : []),
      ];
    } catch (error) {
      results.push({ file: absolute, reported, root: run.root, text: '', findings: [], internalError: error });
      continue;
    }
    if (findings.length) addFileFindings(results, run.firstOfRoot, { file: absolute, reported, root: run.root, text, findings: findings.map(settle) });
  }
}

/**
 * Findings of a file another family also checks (a route file that declares jobs, say): they join
 * the result this root already has for it, in span order; else the file gets a result of its own.
 */
function addFileFindings(results: ProjectFileResult[], firstOfRoot: number, added: ProjectFileResult): void {
  const existing = results.slice(firstOfRoot).find((result) => result.file === added.file && result.internalError === undefined && result.notAnalysed === undefined);
  if (!existing) {
    results.push(added);
    return;
  }
  existing.text = added.text;
  existing.findings = [...existing.findings, ...added.findings].sort((a, b) => a.span.start - b.span.start);
}
