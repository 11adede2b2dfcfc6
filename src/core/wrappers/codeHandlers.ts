/**
 * The wrapper actions on handlers other schedulers call (#20): monitoring and the delivery guard
 * on the route a QStash schedule delivers to, and monitoring on a Trigger.dev scheduled task's
 * `run`. The service decides which file is which from the jobs (service/codeHandlerRefactors.ts);
 * here is only how each is wrapped. Offered as refactors: no rule reports these handlers.
 */
import type * as TS from 'typescript';
import { LIMITS } from '../limits';
import type { TsApi } from '../next/routeExports';
import type { ProjectView } from '../vercel/project';
import type { Fix } from '../diagnostics';
import { wrapperFixAt, type WrapTarget } from './actions';
import { jobNameFor } from './jobName';
import { monitoringModule, taskMonitoringModule } from './monitoring';
import { helperPlacement } from './placement';
import { MONITORING_EXPORT, QSTASH_GUARD_EXPORT, STORE_PACKAGES, type StoreKind, TASK_MONITORING_EXPORT } from './protocol';
import { qstashGuardModule } from './runGuard/qstashGuard';
import { singleQuoted } from './source';
import { detectStores } from './stores';
import { canWrapExportedHandler, exportedHandlerSpan, wrapExportedHandler } from './wrapHandler';

export interface CodeFile {
  ts: TsApi;
  sourceFile: TS.SourceFile;
  project: ProjectView;
  /** Relative to the project root. */
  file: string;
}

/** Whether the file's text already calls the helper: applying twice changes nothing. */
function calls(file: CodeFile, exportName: string): boolean {
  return file.sourceFile.text.includes(`${exportName}(`);
}

/** The exported method a QStash schedule delivers to, as a wrap target; undefined when it is not in a shape that can be wrapped. */
function destinationTarget(file: CodeFile, method: string): WrapTarget | undefined {
  if (!canWrapExportedHandler(file.ts, file.sourceFile, 'app', method)) return undefined;
  return { ...file, nodeResolved: false, wrap: (open, semicolons) => wrapExportedHandler(file.ts, file.sourceFile, 'app', { open, semicolons, method }) };
}

/**
 * The claim lives as long as a run may: the default maxDuration (Fluid compute). A retry QStash
 * sends while a delivery still runs is skipped; one after a run the platform stopped (which
 * could not release its claim) runs once the claim has expired.
 */
const QSTASH_LOCK_SECONDS = LIMITS.maxDurationDefaultFluid.value;

/**
 * "Wrap with cron monitoring" and "Guard against duplicate QStash deliveries" (one variant per
 * store the app has, the interface last) on the App Router route a QStash schedule delivers to.
 * `path` is the destination's path: the job's name comes from it, as a cron route's does.
 */
export function qstashDestinationFixes(file: CodeFile, destination: { path: string; method: string }, at: { start: number; end: number }): Fix[] {
  // Offered on the handler QStash calls, as a cron route's actions are, not anywhere in the file.
  const handler = exportedHandlerSpan(file.ts, file.sourceFile, 'app', destination.method);
  if (!handler || at.end < handler.start || at.start > handler.end) return [];
  const target = destinationTarget(file, destination.method);
  if (!target) return [];
  const job = singleQuoted(jobNameFor(destination.path));
  const fixes: Fix[] = [];
  if (!calls(file, MONITORING_EXPORT)) {
    const monitoring = wrapperFixAt(target, {
      helper: 'cron-monitoring',
      exportName: MONITORING_EXPORT,
      open: `${MONITORING_EXPORT}(${job}, `,
      moduleKey: 'monitoring',
      module: (typed) => monitoringModule({ typed }),
      title: `Wrap ${destination.method} with cron monitoring (QStash destination)`,
    });
    if (monitoring) fixes.push(monitoring);
  }
  if (calls(file, QSTASH_GUARD_EXPORT)) return fixes;
  const existing = helperPlacement(file.project, file.file, 'qstash-idempotency').exists;
  const detected = existing ? [] : detectStores(file.project);
  const stores: StoreKind[] = [...detected, 'interface'];
  for (const store of stores) {
    const fix = wrapperFixAt(target, {
      helper: 'qstash-idempotency',
      exportName: QSTASH_GUARD_EXPORT,
      open: `${QSTASH_GUARD_EXPORT}({ job: ${job}, lockSeconds: ${QSTASH_LOCK_SECONDS} }, `,
      moduleKey: `qstash-guard:${store}`,
      module: (typed, moduleFile) => qstashGuardModule(store, { typed, file: moduleFile }),
      // Refactors are listed one by one (no variant picker), so each store's action names it.
      title: `Guard against duplicate QStash deliveries (${store === 'interface' ? 'store to implement' : STORE_PACKAGES[store]})`,
    });
    if (fix) fixes.push(fix);
  }
  return fixes;
}

/**
 * The `run` of the task call at `callSpan` (a `schedules.task({ id, run })` the Trigger.dev reader
 * found there): a function written in the object, `run: async (payload) => { … }`. A method
 * (`async run(payload) { … }`) or a name (`run: runReport`) is not rewritten.
 */
function taskRun(file: CodeFile, callSpan: { start: number; end: number }): TS.Expression | undefined {
  const { ts, sourceFile } = file;
  let found: TS.CallExpression | undefined;
  // The reader's span is the call's; the walk descends only into nodes around it.
  const visit = (node: TS.Node): void => {
    if (found || node.getEnd() < callSpan.start || node.getStart(sourceFile) > callSpan.end) return;
    if (ts.isCallExpression(node) && node.getStart(sourceFile) === callSpan.start && node.getEnd() === callSpan.end) found = node;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  const options = found?.arguments[0];
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const run = options.properties.find((p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && p.name.getText(sourceFile).replace(/^['"]|['"]$/g, '') === 'run');
  if (!run || !ts.isPropertyAssignment(run)) return undefined;
  const value = run.initializer;
  return ts.isArrowFunction(value) || ts.isFunctionExpression(value) ? value : undefined;
}

/** "Wrap run with task monitoring" on a Trigger.dev scheduled task whose `run` is written in place. */
export function triggerDevTaskFixes(file: CodeFile, task: { id: string; callSpan: { start: number; end: number } }): Fix[] {
  const run = taskRun(file, task.callSpan);
  if (!run || calls(file, TASK_MONITORING_EXPORT)) return [];
  const target: WrapTarget = {
    ...file,
    nodeResolved: false,
    wrap: (open) => [
      { offset: run.getStart(file.sourceFile), length: 0, content: open },
      { offset: run.getEnd(), length: 0, content: ')' },
    ],
  };
  const fix = wrapperFixAt(target, {
    helper: 'task-monitoring',
    exportName: TASK_MONITORING_EXPORT,
    open: `${TASK_MONITORING_EXPORT}(${singleQuoted(task.id)}, `,
    moduleKey: 'task-monitoring',
    module: (typed) => taskMonitoringModule({ typed }),
    title: `Wrap run of ${task.id} with task monitoring`,
  });
  return fix ? [fix] : [];
}
