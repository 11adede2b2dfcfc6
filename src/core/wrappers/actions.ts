import { applyStyle, styledOnce } from '../next/guardTemplate';
import type { RouteRuleContext } from '../routes/context';
import { ensureImport, fileStyle } from '../routes/edits';
import type * as TS from 'typescript';
import type { TsApi } from '../next/routeExports';
import type { TextEdit } from '../types';
import type { ProjectStyle, ProjectView } from '../vercel/project';
import type { Fix } from '../diagnostics';
import { jobNameFor } from './jobName';
import { monitoringModule, sentryMonitorConfig, sentryMonitorModule } from './monitoring';
import { helperPlacement } from './placement';
import { MONITORING_EXPORT, RUN_GUARD_EXPORT, SENTRY_EXPORT, STORE_PACKAGES, type StoreKind } from './protocol';
import { runGuardModule } from './runGuard';
import { lockSecondsFor, routeDurationSeconds } from './durations';
import { guardSchedule, singleSchedule, type GuardSchedule } from './routeSchedules';
import { singleQuoted } from './source';
import { dependenciesOf, detectStores, STORE_LABELS } from './stores';
import { canWrapExportedHandler, wrapExportedHandler } from './wrapHandler';
import { functionImportSpecifier } from '../routes/modules';

export const RUN_GUARD_GROUP = 'run-guard';

/** The job's name: from the first path vercel.json requests, else from the route's own pattern. */
export function jobName(ctx: RouteRuleContext): string {
  return jobNameFor(ctx.cronPaths[0] ?? ctx.route.pattern);
}

/** One insertion and one replacement at the same offset become one edit: editors disagree on their order. */
function merged(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of [...edits].sort((a, b) => a.offset - b.offset || a.length - b.length)) {
    const previous = out[out.length - 1];
    if (previous && previous.offset === edit.offset && previous.length === 0) out[out.length - 1] = { ...edit, content: previous.content + edit.content };
    else out.push(edit);
  }
  return out;
}

/** A generated helper module in the project's style; every cron route of an app offers the same ones. */
function moduleText(key: string, typed: boolean, style: ProjectStyle, generate: (typed: boolean) => string): string {
  // applyStyle leaves a final line break alone, so it can be part of the cached text.
  return styledOnce(`module:${key}:${typed}`, style, () => `${generate(typed)}\n`);
}

/**
 * What a wrapper action rewrites: a parsed file of a project, and the edits that put `open … )`
 * around its handler. A cron route's exported handler is one; a QStash destination's method and a
 * Trigger.dev task's `run` are others (codeHandlers.ts).
 */
export interface WrapTarget {
  ts: TsApi;
  sourceFile: TS.SourceFile;
  project: ProjectView;
  /** The file, relative to the project root. */
  file: string;
  /** A Vercel function is not bundled: its import must be one Node.js resolves (relative, `.js` under ESM). */
  nodeResolved: boolean;
  wrap(open: string, semicolons: boolean): TextEdit[] | undefined;
}

/**
 * The shared shape of every wrapper action: import the helper (creating it when the project
 * lacks it) and wrap the exported handler in `open … )`. `moduleKey` names the generator and
 * its arguments (`run-guard:pg`): equal keys and files, equal text.
 */
function wrapperFix(ctx: RouteRuleContext, options: WrapperOptions): Fix | undefined {
  const kind = wrapKind(ctx);
  if (!kind) return undefined;
  const target: WrapTarget = {
    ts: ctx.ts,
    sourceFile: ctx.sourceFile,
    project: ctx.project,
    file: ctx.file,
    nodeResolved: ctx.route.kind === 'function',
    wrap: (open, semicolons) => wrapExportedHandler(ctx.ts, ctx.sourceFile, kind, { open, semicolons }),
  };
  return wrapperFixAt(target, options);
}

export interface WrapperOptions {
  helper: string;
  exportName: string;
  open: string;
  moduleKey: string;
  module: (typed: boolean, file: string) => string;
  title: string;
}

/** A wrapper action on any target: the import, the helper module when missing, and the wrap. */
export function wrapperFixAt(target: WrapTarget, options: WrapperOptions): Fix | undefined {
  const style = fileStyle(target.sourceFile.text);
  const wrap = target.wrap(applyStyle(options.open, style), style.semicolons);
  if (!wrap) return undefined;
  const placement = helperPlacement(target.project, target.file, options.helper);
  const typed = /\.tsx?$/.test(placement.file);
  const specifier = target.nodeResolved ? functionImportSpecifier(target.project, target.file, placement.file) : placement.specifier;
  const edits = merged([...ensureImport(target.ts, target.sourceFile, specifier, options.exportName), ...wrap]);
  const createFiles = placement.exists
    ? undefined
    : [{ file: placement.file, content: moduleText(`${options.moduleKey}:${placement.file}`, typed, target.project.style, (typedModule) => options.module(typedModule, placement.file)) }];
  return { title: options.title, edits, createFiles, safe: false };
}

/**
 * Which export the wrapper actions rewrite: GET (`app`) or the default export (`pages`). A Vercel
 * function's handler says which it is; one in an object (`export default { fetch }`) or in
 * CommonJS `module.exports` is not rewritten.
 */
function wrapKind(ctx: RouteRuleContext): 'app' | 'pages' | undefined {
  if (ctx.route.kind !== 'function') return ctx.route.kind === 'pages-api' ? 'pages' : 'app';
  const handler = ctx.handler;
  if (!handler || handler.site === 'fetch' || handler.site === 'module.exports') return undefined;
  return handler.site === 'default' || handler.kind === 'pages' ? 'pages' : 'app';
}

/** Whether the wrapper actions apply: every one of them exists exactly when the exported handler can be wrapped. */
export function canWrapHandler(ctx: RouteRuleContext): boolean {
  const kind = wrapKind(ctx);
  return kind !== undefined && canWrapExportedHandler(ctx.ts, ctx.sourceFile, kind);
}

/** "Wrap with cron monitoring": one JSON log line per run and an alert webhook on failure. */
export function monitoringFix(ctx: RouteRuleContext): Fix | undefined {
  return wrapperFix(ctx, {
    helper: 'cron-monitoring',
    exportName: MONITORING_EXPORT,
    open: `${MONITORING_EXPORT}(${singleQuoted(jobName(ctx))}, `,
    moduleKey: 'monitoring',
    module: (typed) => monitoringModule({ typed }),
    title: 'Wrap with cron monitoring',
  });
}

/** "Wrap with Sentry cron monitor": check-ins against the schedule vercel.json gives the job. */
export function sentryFix(ctx: RouteRuleContext): Fix | undefined {
  const schedule = singleSchedule(ctx);
  if (!schedule || !Object.prototype.hasOwnProperty.call(dependenciesOf(ctx.project), '@sentry/nextjs')) return undefined;
  const config = sentryMonitorConfig(schedule.schedule, { plan: ctx.plan, maxDurationSeconds: routeDurationSeconds(ctx) });
  return wrapperFix(ctx, {
    helper: 'cron-sentry-monitor',
    exportName: SENTRY_EXPORT,
    open: `${SENTRY_EXPORT}(${singleQuoted(jobName(ctx))}, ${config}, `,
    moduleKey: 'sentry',
    module: (typed) => sentryMonitorModule({ typed }),
    title: 'Wrap with Sentry cron monitor',
  });
}

/**
 * Whether the project's guard helper can key `schedule`: any can key UTC slots, and one written
 * before Schedules time zones (no `timeZone` option) would key a zoned schedule by UTC slots,
 * which can put two runs in one slot; the action is then not offered.
 */
function helperKeys(ctx: RouteRuleContext, schedule: GuardSchedule): boolean {
  if (!schedule.timeZone) return true;
  const placement = helperPlacement(ctx.project, ctx.file, 'cron-run-guard');
  return !placement.exists || /\btimeZone\b/.test(ctx.project.readFile(placement.file) ?? '');
}

/** Whether "Guard against duplicate runs" is offered: exactly when runGuardFixes gives one. */
export function canGuardRuns(ctx: RouteRuleContext): boolean {
  const schedule = guardSchedule(ctx);
  return schedule !== undefined && canWrapHandler(ctx) && helperKeys(ctx, schedule);
}

/** The guard options a route passes: a Schedules entry in another zone than UTC names it, so its slots are that zone's. */
function guardOptions(ctx: RouteRuleContext, schedule: GuardSchedule, lockSeconds: number): string {
  const zone = schedule.timeZone === undefined ? '' : ` timeZone: ${singleQuoted(schedule.timeZone)},`;
  return `{ job: ${singleQuoted(jobName(ctx))}, schedule: ${singleQuoted(schedule.schedule)},${zone} lockSeconds: ${lockSeconds} }`;
}

/**
 * "Guard against duplicate runs", one variant per store the app can use (the interface last).
 * Runs are keyed by their scheduled time: a cron's in UTC, a Schedules entry's on its zone's
 * clocks (guardSchedule leaves out entries whose jitter could carry a run past the next slot).
 */
export function runGuardFixes(ctx: RouteRuleContext): Fix[] {
  const schedule = guardSchedule(ctx);
  if (!schedule || !helperKeys(ctx, schedule)) return [];
  const lockSeconds = lockSecondsFor(routeDurationSeconds(ctx), schedule.intervalSeconds);
  // A guard module the project already has is imported whatever store it uses: no choice to offer.
  const existing = helperPlacement(ctx.project, ctx.file, 'cron-run-guard').exists;
  const detected = existing ? [] : detectStores(ctx.project);
  const stores: StoreKind[] = [...detected, 'interface'];
  const fixes: Fix[] = [];
  for (const store of stores) {
    const fix = wrapperFix(ctx, {
      helper: 'cron-run-guard',
      exportName: RUN_GUARD_EXPORT,
      open: `${RUN_GUARD_EXPORT}(${guardOptions(ctx, schedule, lockSeconds)}, `,
      moduleKey: `run-guard:${store}`,
      module: (typed, file) => runGuardModule(store, { typed, file }),
      title: detected.length > 1 ? 'Guard against duplicate runs…' : `Guard against duplicate runs (${store === 'interface' ? 'store to implement' : STORE_PACKAGES[store]})`,
    });
    if (fix) fixes.push(existing ? fix : { ...fix, variant: { group: RUN_GUARD_GROUP, key: store, label: STORE_LABELS[store], ask: detected.length > 1 } });
  }
  return fixes;
}
