import type { Finding } from '../../diagnostics';
import { parseSourceWithinLimits, type TsApi } from '../../next/routeExports';
import type { RuleSetting } from '../../settings';
import type { ComponentFileRule } from '../context';
import { afterRequestApiInCallbackRule } from './after-request-api-in-callback';

/** Every rule over modules that may render as App Router Server Components. */
export const COMPONENT_FILE_RULES: readonly ComponentFileRule[] = [afterRequestApiInCallbackRule];

/** Script files of an App Router app; not route handlers, middleware, proxy or instrumentation, nor the Pages Router's. */
const COMPONENT_MODULE = /\.(tsx|jsx|ts|js)$/;
const NEVER_A_COMPONENT = /(^|\/)(route|middleware|proxy|instrumentation|instrumentation-client)\.[cm]?[jt]sx?$|^(src\/)?pages\/|\.d\.ts$/;

/**
 * Whether a project file may hold what a component rule reports, from its name and a look at its
 * text, before any parse: every rule today needs `after` from next/server and next/headers.
 */
export function mayHaveComponentFindings(file: string, text: string): boolean {
  return mayBeComponentModule(file) && text.includes('next/headers') && text.includes('after') && text.includes('next/server');
}

/** The name half of mayHaveComponentFindings: a file it rules out need not be read. */
export function mayBeComponentModule(file: string): boolean {
  return COMPONENT_MODULE.test(file) && !NEVER_A_COMPONENT.test(file);
}

/**
 * The component rules' findings of one file (project-relative), with the rules setting applied:
 * "off" drops a code, a severity replaces the default. The caller has passed the prefilter.
 */
export function checkComponentFile(ts: TsApi, file: string, text: string, rules: Readonly<Record<string, RuleSetting>>): Finding[] {
  const active = COMPONENT_FILE_RULES.filter((rule) => !rule.codes.every((code) => rules[code] === 'off'));
  if (!active.length) return [];
  const sourceFile = parseSourceWithinLimits(ts, file, text);
  if (!sourceFile) return [];
  const findings: Finding[] = [];
  for (const rule of active) {
    for (const finding of rule.check({ ts, file, sourceFile })) {
      const setting = rules[finding.code];
      if (setting === 'off') continue;
      if (setting) finding.severity = setting;
      findings.push(finding);
    }
  }
  return findings.sort((a, b) => a.span.start - b.span.start);
}
