/**
 * The component rules (routes/componentRules) over a project's files: every owned script file
 * whose name and text pass the family's prefilter is parsed once and checked. Used by a one-shot
 * check (checkProjectFolder) and, per file and text, by the editor's service.
 */
import type { Finding } from '../diagnostics';
import type { TsApi } from '../next/routeExports';
import { checkComponentFile, COMPONENT_FILE_RULES, mayBeComponentModule, mayHaveComponentFindings } from '../routes/componentRules';
import type { RuleSetting } from '../settings';

type Rules = Readonly<Record<string, RuleSetting>>;

const COMPONENT_CODES: ReadonlySet<string> = new Set(COMPONENT_FILE_RULES.flatMap((rule) => rule.codes));

/** Whether a code is one of the component rules' (its fixes come from the file's last diagnostics). */
export function isComponentCode(code: string): boolean {
  return COMPONENT_CODES.has(code);
}

/** A file's component findings, kept while its text and the rules setting are the same. */
export class ComponentFiles {
  private readonly cache = new Map<string, { text: string; rules: Rules; findings: Finding[] }>();

  findingsOf(key: string, file: string, text: string | undefined, rules: Rules, ts: () => TsApi): Finding[] {
    if (text === undefined || !mayHaveComponentFindings(file, text)) {
      this.cache.delete(key);
      return [];
    }
    const cached = this.cache.get(key);
    if (cached && cached.text === text && cached.rules === rules) return cached.findings;
    const findings = checkComponentFile(ts(), file, text, rules);
    this.cache.set(key, { text, rules, findings });
    return findings;
  }

  clear(): void {
    this.cache.clear();
  }
}

/** One file's component findings, or what checking it threw (a failure of ours, never a finding). */
export type ComponentResult = { file: string; text: string; findings: Finding[]; error?: undefined } | { file: string; text: string; findings: []; error: unknown };

/** The component findings of each of `files` (project-relative) that has any, in the order given. */
export function componentFindingsOf(files: readonly string[], readFile: (file: string) => string | undefined, rules: Rules, ts: () => TsApi): ComponentResult[] {
  const found: ComponentResult[] = [];
  for (const file of files) {
    // The name first: reading a file that no rule looks at costs for nothing.
    if (!mayBeComponentModule(file)) continue;
    const text = readFile(file);
    if (text === undefined || !mayHaveComponentFindings(file, text)) continue;
    try {
      const findings = checkComponentFile(ts(), file, text, rules);
      if (findings.length) found.push({ file, text, findings });
    } catch (error) {
      found.push({ file, text, findings: [], error });
    }
  }
  return found;
}
