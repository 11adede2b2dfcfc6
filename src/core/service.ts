/**
 * The core's one front door (issue #16), in the spirit of vscode-json-languageservice's
 * `getLanguageService()`: a service made over a host (files, settings, trust, TypeScript, the
 * clock) that answers whole-folder questions (`checkProject`, `fixAll`, `jobs`) and per-file ones
 * (`diagnostics`, `hover`, `completion`, `codeLenses`, `codeActions`), and takes file events. The
 * front ends adapt what it returns; they import from the core only this module, the workspace-free
 * modules of `facade/` (schedules, settings, trigger) and plain types (test/unit/core/facade.test.ts).
 */
import { type ScheduledJob, vercelCronJobs, vercelScheduleJobs } from './jobs';
import { getCodeLenses, type CoreCodeLens } from './vercel/codeLens';
import { type CompletionResult, getCompletions, getTomlCompletions } from './vercel/completion';
import { checkVercelJson } from './vercel/check';
import { type CoreHover, getScheduleHover } from './vercel/hover';
import { isVercelConfigName, parseVercelConfig, unreadableVercelConfig } from './vercel/configFiles';
import type { VercelDoc } from './vercel/model';
import { moveToSchedulesRefactorIn } from './vercel/migrateConfigFiles';
import { getPathHover } from './vercel/pathHover';
import { ProjectModel } from './vercel/projectModel';
import { projectRoots } from './vercel/projectRoots';
import type { Finding, Fix } from './diagnostics';
import type { Span } from './types';
import { STORE_FAMILIES } from './wrappers/protocol';
import type { StoreFamily } from './wrappers/stores';
import type { CronServiceHost } from './service/host';
import { filesUnder, workspaceAround } from './service/listing';
import { type FixAllOptions, type FixPass, planFixPass } from './service/fixAll';
import { type FileEventEffect, OpenProjects } from './service/openProjects';
import type { RouteLookup } from './trigger/jobs';
import { checkProjectFolder, type ProjectFileResult } from './service/projectCheck';
import { JobFiles, ownedFiles, projectJobInput, rootsBelow } from './service/codeJobs';
import { ComponentFiles, isComponentCode } from './service/componentCheck';
import { codeHandlerRefactors } from './service/codeHandlerRefactors';
import { ShownJobFindings } from './service/shownJobFindings';
import { jobAt, jobFindings, jobHoverMarkdown, jobLensTitle } from './schedulers/present';
import { checkSchedulerFile, isSchedulerFileCode, mayHaveSchedulerFileFindings } from './schedulers/rules';
import { repositoryWorkflows, withWorkflowsRoot } from './service/workflowRoot';

export type { CronServiceHost, HostListing, HostRead } from './service/host';
export type { FixAllOptions, FixPass } from './service/fixAll';
export { FixPlanningError } from './service/fixAll';
export type { ProjectFileResult, ProjectFinding } from './service/projectCheck';
export { positionedDiagnostics, type PositionedDiagnostic } from './service/diagnostics';
export type { JobJitter, JobRoute, JobSource, JobTarget, ScheduledJob } from './jobs';
export type { CompletionResult, CoreCompletion } from './vercel/completion';
export type { CoreCodeLens } from './vercel/codeLens';
export type { CoreHover } from './vercel/hover';
export type { Finding, Fix } from './diagnostics';
export type { FileEventEffect } from './service/openProjects';
export type { RouteLookup } from './trigger/jobs';
export type { ProjectRootKind } from './vercel/projectRoots';
export type { Settings } from './settings';
export type { Severity, Span, TextEdit } from './types';
export type { TsApi } from './next/routeExports';
export { groupVariants } from './vercel/fixVariants';
/** The fixes a "fix all" applies unasked (meaning-preserving ones, and the auth hardening). */
export { isDefaultFix } from './diagnostics';
export { LineMap } from './positions';
export { isStoreFamily, type StoreFamily } from './wrappers/stores';
/** The files a host hides (`readFile` answers missing) while secrets may not be read: `.env*`. */
export { isEnvFile } from './vercel/envFiles';
export { firstSyntaxError } from './service/syntax';
/** `migrate`: vercel.json crons entries moved to Vercel Schedules, as text (the editor's refactor is `refactors`). */
export { migrateCronsToSchedules, type KeptCron, type MovedCron, type ScheduleMigration } from './vercel/migrateToSchedules';
export { migrateConfigCrons } from './vercel/migrateConfigFiles';
/** vercel.json and the other files a Vercel project may be configured by (vercel.toml, vercel.ts…). */
export { isConfigFileIn, isVercelConfigName, parseVercelConfig, PROJECT_ROOT_MARKERS, VERCEL_CONFIG_FILES } from './vercel/configFiles';

/** The store families `fix --store` accepts, in the order the usage lists them. */
export const STORE_FAMILY_NAMES = Object.keys(STORE_FAMILIES) as readonly StoreFamily[];

/** What a hover needs beyond the file and offset: how the editor shows it. */
export interface HoverOptions {
  /** The zone relative times are shown in (the setting, else the machine's). */
  displayTimeZone: string;
  /** Problems the editor already shows in the same hover, said once (see vercel/hover.ts). */
  shownAtCursor?: readonly { code: string; message: string }[];
  /** A link to a project file (relative to the project root), for the route behind a cron path. */
  fileLink(root: string, file: string): string;
}

/** A host path naming a vercel.json, vercel.toml or vercel.ts…, and its file name. */
const VERCEL_CONFIG_FILE = /(?:^|[\\/])(vercel\.(?:json|toml|ts|mts|js|mjs|cjs))$/;

/** The jobs one project of a folder declares (its vercel.json's, then its code's and workflows'), with the project root (a host path) they belong to. */
export interface ProjectJobs {
  root: string;
  jobs: ScheduledJob[];
}

/** The route and env-file findings of one project, as a front end that shows them all needs them. */
export interface ProjectRouteDiagnostics {
  /** Host path of the project root: the files below and the findings' `related` files are relative to it. */
  root: string;
  /** Every route and env file the last checks answered for (clean ones with no findings), and every file declaring jobs, by project-relative name. */
  files: ReadonlyMap<string, readonly Finding[]>;
  /** The text a file's findings were computed on (project-relative): what their spans count in. */
  text(file: string): string;
}

export interface CronService {
  /** Every project below `folder` checked as `check` does (see service/projectCheck.ts); `withFixes` builds every finding's fixes. */
  checkProject(folder: string, options?: { withFixes?: boolean }): ProjectFileResult[];
  /** One pass of what `fix` applies (see service/fixAll.ts); a `FixPlanningError` names the file whose planning failed. */
  fixAll(folder: string, options?: FixAllOptions): FixPass;
  /**
   * The scheduled jobs of every project below `folder`: its vercel.json's, then those its files
   * declare (schedulers/registry.ts); and, when `folder` is no project, its `.github/workflows`'
   * with `folder` as their root (service/workflowRoot.ts).
   */
  jobs(folder: string): ProjectJobs[];
  /**
   * The findings of one file (a host path): a vercel.json's, or a cron route's or env file's,
   * with lazily built fixes. Routes are re-checked only where a file event reached them.
   */
  diagnostics(file: string): Finding[];
  hover(file: string, offset: number, options: HoverOptions): CoreHover | undefined;
  completion(file: string, offset: number): CompletionResult;
  codeLenses(file: string): CoreCodeLens[];
  /**
   * The fixes of the finding of `code` at `span` in `file`, as its last check found it: a
   * vercel.json's last `diagnostics`, a route's last check. None for a route while a file has
   * appeared or gone in its project since every route was last checked (a fix built before its
   * helper module existed would create it again).
   */
  codeActions(file: string, span: Span, code: string): Fix[];
  /**
   * The refactors offered where `span` lies in `file`, tied to no finding: "Move to Vercel
   * Schedules" on a vercel.json crons entry. Never part of a fix-all (they change where jobs run).
   */
  refactors(file: string, span: Span): Fix[];
  /** The host path of the root of the project `file` belongs to; undefined outside every project. */
  projectRoot(file: string): string | undefined;
  /**
   * The folder the service lists (`listFiles`) to answer for `file`'s project: the host's folder,
   * or, for a host that gives `folderNames`, the project's own folder or the npm/yarn/bun/pnpm
   * workspace around it. An editor lists it before asking about the file.
   */
  projectFolder(file: string): string | undefined;
  /**
   * The route and env-file findings of the whole project `file` belongs to (an editor shows them
   * all, open or not), after re-checking only the routes file events reached.
   */
  routeDiagnostics(file: string): ProjectRouteDiagnostics | undefined;
  /** The route table of the project `file` belongs to: which file serves an app path. */
  routeTable(file: string): RouteLookup | undefined;
  /** Settings or workspace trust changed: every route is checked again on next request. */
  settingsChanged(): void;
  /** File events: what each did to the projects the service keeps (see FileEventEffect). */
  fileChanged(file: string): FileEventEffect[];
  fileCreated(file: string): FileEventEffect[];
  fileDeleted(file: string): FileEventEffect[];
  /** Route files checked since the service was made (tests and the bench: what an edit cost). */
  routeChecks(): number;
}

/**
 * Makes the service. `folderOf` says which folder a file's project is looked for in (the editor's
 * workspace folder); without it, per-file requests answer nothing (a one-shot run needs none).
 */
export function createCronService(host: CronServiceHost, folderOf?: (file: string) => string | undefined): CronService {
  const open = new OpenProjects(host, folderOf ?? (() => undefined));
  /** Whether a project-relative file is the configuration file its project's checks read. */
  const isConfig = (owner: { project: Parameters<OpenProjects['configOf']>[0]; relative: string }) => isVercelConfigName(owner.relative) && open.configOf(owner.project) === owner.relative;

  /** The Server Component rules' findings of the files asked about, once per text (service/componentCheck.ts). */
  const componentFiles = new ComponentFiles();
  /** The jobs the project's own files declare, read once per text (service/codeJobs.ts). */
  const jobFiles = new JobFiles();
  /** Every job the files of a root declare, in file order; a file whose reading threw declares none here (`check` says why). */
  const codeJobs = (root: string, files: readonly string[], project: ProjectModel): ScheduledJob[] => {
    const inRoot = host.inFolder(root);
    const input = projectJobInput(project, () => host.loadTypeScript());
    return files.flatMap((file) => jobFiles.jobsOf(inRoot(file), file, input)?.jobs ?? []);
  };
  /** The jobs an open project's file declares, as the editor has its text. */
  const fileJobs = (file: string, owner: { project: { model: ProjectModel }; relative: string }): ScheduledJob[] =>
    jobFiles.jobsOf(file, owner.relative, projectJobInput(owner.project.model, () => host.loadTypeScript()))?.jobs ?? [];

  /** The Problems panel's findings of files declaring jobs, kept current by file events (service/shownJobFindings.ts). */
  const shownJobs = new ShownJobFindings(host, jobFiles, (file) => open.projectOf(file)?.project.root);

  const jobs = (folder: string): ProjectJobs[] => {
    const listing = host.listFiles(folder);
    const inFolder = host.inFolder(folder);
    const listed = new Set(listing.files);
    const read = (file: string) => {
      const result = host.readFile(file);
      return 'text' in result ? result.text : undefined;
    };
    const found: ProjectJobs[] = [];
    const roots = withWorkflowsRoot(listing.files, projectRoots(listing.files, (name) => read(inFolder(name))));
    for (const { dir, kind, config = 'vercel.json' } of roots) {
      const root = inFolder(dir);
      const inRoot = host.inFolder(root);
      if (kind === 'workflows') {
        // The folder's own workflows, in a folder that is no project (service/workflowRoot.ts).
        const workflows = repositoryWorkflows(listing.files);
        const declared = codeJobs(root, workflows, new ProjectModel(workflows, { readFile: (name) => read(inRoot(name)), loadTypeScript: () => host.loadTypeScript() }));
        if (declared.length) found.push({ root, jobs: declared });
        continue;
      }
      const rootFiles = dir ? filesUnder(listing.files, dir) : listing.files;
      const readInRoot = (name: string) => read(inRoot(name));
      const workspace = workspaceAround(dir, listing.files, (name) => listed.has(name), (name) => read(inFolder(name)));
      const project = new ProjectModel(rootFiles, { readFile: readInRoot, loadTypeScript: () => host.loadTypeScript() }, workspace);
      const declared = codeJobs(root, ownedFiles(rootFiles, rootsBelow(dir, roots)), project);
      if (kind !== 'vercel-json') {
        // An app without vercel.json schedules nothing of Vercel's; its code may still.
        if (declared.length) found.push({ root, jobs: declared });
        continue;
      }
      const text = readInRoot(config);
      const doc = text === undefined ? unreadableVercelConfig(config, 'it could not be read') : parseVercelConfig(config, text, () => host.loadTypeScript());
      found.push({ root, jobs: [...vercelCronJobs(doc, project, host.settings(inRoot(config)).plan, config), ...vercelScheduleJobs(doc, project, config), ...declared] });
    }
    return found;
  };

  /**
   * A vercel.json outside every project (a diff view's older version, which the host names by a
   * key of its own): read on its own, as a file without an app. The last one read is kept.
   */
  let alone: { file: string; text: string; doc: VercelDoc } | undefined;
  const aloneDoc = (file: string): VercelDoc | undefined => {
    const name = VERCEL_CONFIG_FILE.exec(file)?.[1];
    if (name === undefined || open.isModuleNamedLikeConfig(file, name)) return undefined;
    const read = host.readFile(file);
    if (!('text' in read)) return undefined;
    if (alone?.file !== file || alone.text !== read.text) alone = { file, text: read.text, doc: parseVercelConfig(name, read.text, () => host.loadTypeScript()) };
    return alone.doc;
  };

  const diagnostics = (file: string): Finding[] => {
    const owner = open.projectOf(file);
    if (!owner) {
      const doc = aloneDoc(file);
      const settings = host.settings(file);
      return doc ? checkVercelJson(doc, { plan: settings.plan, now: host.now(), project: undefined, rules: settings.rules }) : [];
    }
    const { project, relative } = owner;
    if (!isConfig(owner)) {
      const routeFindings = open.routeFindings(project, relative);
      const declared = fileJobs(file, owner);
      const rules = host.settings(file).rules;
      const read = project.model.readFile(relative);
      const components = componentFiles.findingsOf(file, relative, read, rules, () => host.loadTypeScript());
      const scheduling = read !== undefined && mayHaveSchedulerFileFindings(relative, read)
        ? checkSchedulerFile({ file: relative, text: read, jobs: declared, project: project.model, loadTypeScript: () => host.loadTypeScript(), rules, cronRouteGlob: host.settings(file).cronRouteGlob })
        : [];
      if (!declared.length && !components.length && !scheduling.length) return routeFindings;
      const text = read ?? '';
      const options = { now: host.now(), rules };
      return [...routeFindings, ...declared.flatMap((job) => jobFindings(job, text, options)), ...scheduling, ...components];
    }
    const doc = open.docOf(project);
    if (!doc) return [];
    const settings = host.settings(file);
    return checkVercelJson(doc, { plan: settings.plan, now: host.now(), project: project.model, rules: settings.rules });
  };

  /** The findings a file's last diagnostics returned, for its code actions. */
  const lastFindings = new Map<string, Finding[]>();

  return {
    checkProject: (folder, options) => checkProjectFolder(host, folder, options?.withFixes ?? false),
    fixAll: (folder, options) => planFixPass(host, folder, options),
    jobs,
    diagnostics: (file) => {
      const findings = diagnostics(file);
      lastFindings.set(file, findings);
      return findings;
    },
    hover: (file, offset, options) => {
      const owner = open.projectOf(file);
      if (owner && !isConfig(owner)) {
        const job = jobAt(fileJobs(file, owner), offset);
        if (!job) return undefined;
        const settings = host.settings(file);
        const markdown = jobHoverMarkdown(job, { now: host.now(), displayTimeZone: options.displayTimeZone, rules: settings.rules, shownAtCursor: options.shownAtCursor });
        return { span: job.expressionSpan, markdown };
      }
      const doc = owner ? open.docOf(owner.project) : aloneDoc(file);
      if (!doc) return undefined;
      const settings = host.settings(file);
      const schedule = getScheduleHover(doc, offset, { now: host.now(), plan: settings.plan, displayTimeZone: options.displayTimeZone, rules: settings.rules, shownAtCursor: options.shownAtCursor });
      return schedule ?? (owner && getPathHover(doc, offset, owner.project.model, (name) => options.fileLink(owner.project.root, name)));
    },
    completion: (file, offset) => {
      const owner = open.projectOf(file);
      if (file.endsWith('vercel.toml')) {
        const doc = owner ? (isConfig(owner) ? open.docOf(owner.project) : undefined) : aloneDoc(file);
        return doc?.source?.format === 'toml' ? getTomlCompletions(doc, offset, owner?.project.model, host.settings(file).plan, host.now()) : { items: [], replace: undefined };
      }
      // Completion writes JSON, or TOML above: a vercel.ts gets none.
      if (!file.endsWith('vercel.json')) return { items: [], replace: undefined };
      const text = owner ? (isConfig(owner) ? owner.project.model.readFile(owner.relative) : undefined) : aloneDoc(file)?.text;
      if (text === undefined) return { items: [], replace: undefined };
      return getCompletions(text, offset, owner?.project.model, host.settings(file).plan, host.now());
    },
    codeLenses: (file) => {
      const owner = open.projectOf(file);
      if (owner && !isConfig(owner)) {
        const now = host.now();
        return fileJobs(file, owner).map((job) => ({ span: job.declared.span, title: jobLensTitle(job, now), path: undefined }));
      }
      const doc = owner ? (isConfig(owner) ? open.docOf(owner.project) : undefined) : aloneDoc(file);
      return doc ? getCodeLenses(doc, host.settings(file).plan, host.now()) : [];
    },
    codeActions: (file, span, code) => {
      const owner = open.projectOf(file);
      // A route's findings as its last check found them; a vercel.json's, a Server Component's or a
      // scheduler file's (computed per text, so never stale), as the last diagnostics returned them.
      const fromRouteCheck = owner && !isConfig(owner) && !isComponentCode(code) && !isSchedulerFileCode(code);
      const findings = fromRouteCheck ? open.checkedFindings(owner.project, owner.relative) : lastFindings.get(file);
      const finding = findings?.find((f) => f.code === code && f.span.start === span.start && f.span.end === span.end);
      return finding?.fixes ?? [];
    },
    refactors: (file, span) => {
      const owner = open.projectOf(file);
      const doc = !VERCEL_CONFIG_FILE.test(file) ? undefined : owner ? (isConfig(owner) ? open.docOf(owner.project) : undefined) : aloneDoc(file);
      const move = doc && moveToSchedulesRefactorIn(doc, span, () => host.loadTypeScript());
      // A QStash destination's handler or a Trigger.dev task's run: the wrapper actions (#20).
      const text = owner && !isConfig(owner) ? owner.project.model.readFile(owner.relative) : undefined;
      const wrappers =
        owner && text !== undefined
          ? codeHandlerRefactors({
              file: owner.relative,
              text,
              span,
              project: owner.project.model,
              fileJobs: () => fileJobs(file, owner),
              projectJobs: () => shownJobs.declaredJobs(owner.project),
              loadTypeScript: () => host.loadTypeScript(),
            })
          : [];
      return [...(move ? [move] : []), ...wrappers];
    },
    projectRoot: (file) => open.projectOf(file)?.project.root,
    projectFolder: (file) => open.listedFolder(file),
    routeDiagnostics: (file) => {
      const owner = open.projectOf(file);
      if (!owner) return undefined;
      const { model, root } = owner.project;
      return { root, files: shownJobs.withJobFindings(owner.project, open.allRouteFindings(owner.project)), text: (name) => model.readFile(name) ?? '' };
    },
    routeTable: (file) => open.projectOf(file)?.project.model,
    settingsChanged: () => {
      open.invalidate();
      componentFiles.clear();
      shownJobs.clear();
    },
    fileChanged: (file) => {
      shownJobs.fileEvent(file);
      return open.fileEvent(file, 'changed');
    },
    fileCreated: (file) => {
      shownJobs.fileEvent(file);
      return open.fileEvent(file, 'created');
    },
    fileDeleted: (file) => {
      shownJobs.fileEvent(file);
      return open.fileEvent(file, 'deleted');
    },
    routeChecks: () => open.routeChecks,
  };
}
