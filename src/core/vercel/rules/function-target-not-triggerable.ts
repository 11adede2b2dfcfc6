import type { TextEdit } from '../../types';
import { appendProperty, indentUnitOf } from '../jsonEdits';
import { rootProperty, spanOf, stringValue, type VercelDoc } from '../model';
import { declaresScheduleTrigger, functionsEntriesFor, functionTargetFile } from '../scheduleTargets';
import { scheduleHandlerWiring } from '../scheduleHandler';
import type { Finding, Fix } from '../../diagnostics';
import type { VercelRule } from '../context';

const TRIGGER = '[{ "type": "schedule/v1beta" }]';

/**
 * Gives `file` the schedule trigger: in the `functions` entry Vercel applies to it (the first
 * that matches), else in a new entry for the file, else in a new `functions` object.
 */
function addTriggerEdits(doc: VercelDoc, file: string): TextEdit[] {
  const unit = indentUnitOf(doc.text);
  const [applied] = functionsEntriesFor(doc, file, file);
  if (applied) return applied.node?.type === 'object' ? [appendProperty(doc.text, applied.node, applied.properties, 'experimentalTriggers', TRIGGER, unit)] : [];
  const settings = `{ "experimentalTriggers": ${TRIGGER} }`;
  const functions = rootProperty(doc, 'functions')?.value;
  if (functions) {
    if (functions.type !== 'object') return [];
    return [appendProperty(doc.text, functions, doc.functions, file, settings, unit)];
  }
  if (doc.root?.type !== 'object') return [];
  const rootProperties = (doc.root.children ?? []).map((property) => ({ span: spanOf(property) }));
  return [appendProperty(doc.text, doc.root, rootProperties, 'functions', `{ ${JSON.stringify(file)}: ${settings} }`, unit)];
}

/**
 * `function-target-not-triggerable`: a Schedules `function` target must name a file of the
 * project that exports the POST the platform invokes, wired to `handleSchedule` from
 * `@vercel/schedules` (a POST written in place that never names it is reported; one the file
 * cannot show, such as a const from elsewhere or another package's wrapper, is not),
 * and `functions` must mark that file with `experimentalTriggers` (platform-facts §1.5). How a
 * Next.js app names such a file is not documented, so every case is a warning.
 */
export const functionTargetNotTriggerableRule: VercelRule = {
  codes: ['function-target-not-triggerable'],
  scope: 'project',
  check({ doc, project }) {
    if (!project) return [];
    const findings: Finding[] = [];
    for (const entry of doc.schedules) {
      const name = stringValue(entry.function);
      // An empty name is schedule-target's error: one value, one finding.
      if (entry.target !== 'function' || !name || !entry.function) continue;
      const file = functionTargetFile(name, (candidate) => project.has(candidate));
      if (!file) {
        findings.push({
          code: 'function-target-not-triggerable',
          severity: 'warning',
          span: entry.function.span,
          fixes: [],
          message: `No file of the project is named "${name}" (with or without an extension such as .ts): the platform has no function to invoke, and the schedule runs nothing. Name the file from the project root, such as "api/cleanup" for api/cleanup.ts (how a Next.js app names its function targets is not documented yet).`,
        });
        continue;
      }
      const problems: string[] = [];
      const exports = project.routeExports(file);
      if (exports && !exports.hasExportStar && !exports.methods.has('POST')) {
        problems.push(`${file} exports no POST, which the platform invokes (export const POST = handleSchedule(…) from @vercel/schedules)`);
      }
      // Not a "cannot invoke": the request may still reach it, but not through the handler the docs give.
      const plain = exports && exports.methods.has('POST') && scheduleHandlerWiring(project.ts(), exports) === 'plain';
      const fixes: Fix[] = [];
      if (!functionsEntriesFor(doc, name, file).some(declaresScheduleTrigger)) {
        problems.push(`no "functions" entry gives ${file} "experimentalTriggers": ${TRIGGER}, which makes it a schedule's private function`);
        const edits = addTriggerEdits(doc, file);
        if (edits.length) fixes.push({ title: `Add "experimentalTriggers" to functions["${file}"]`, edits, safe: false, preferred: true });
      }
      if (!problems.length && !plain) continue;
      const wiring = plain
        ? `${file} exports POST as a plain handler, not wired to the schedule handler: the docs have a function target export const POST = handleSchedule(async (metadata) => { … }) from @vercel/schedules, which hands the job the run (its name and scheduled time). Wrap the job in handleSchedule.`
        : '';
      findings.push({
        code: 'function-target-not-triggerable',
        severity: 'warning',
        span: entry.function.span,
        fixes,
        message: `${problems.length ? `The platform cannot invoke this function target: ${problems.join('; and ')}. ` : ''}${wiring ? `${wiring} ` : ''}This is a warning until the docs say how a Next.js app names its function targets.`,
      });
    }
    return findings;
  },
};
