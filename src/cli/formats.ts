import { CODES, isKnownCode } from '../core/codes';
import { printable, printableLines } from './printable';
import type { CliDiagnostic, FileNotice, InternalError } from './project-check';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** What a run could not check, beside its diagnostics: never findings, never "clean". */
export interface RunNotices {
  internalErrors: readonly Pick<InternalError, 'file' | 'message'>[];
  notAnalysed: readonly FileNotice[];
}

const NO_NOTICES: RunNotices = { internalErrors: [], notAnalysed: [] };

/**
 * `{"version":1,"diagnostics":[…]}`, plus `internalErrors: [{file, message}]` and
 * `notAnalysed: [{file, reason}]` when a run has any: both optional, so version 1 stands.
 */
export function formatJson(diagnostics: CliDiagnostic[], notices: RunNotices = NO_NOTICES): string {
  return JSON.stringify({
    version: 1,
    diagnostics,
    ...(notices.internalErrors.length ? { internalErrors: notices.internalErrors.map(({ file, message }) => ({ file, message })) } : {}),
    ...(notices.notAnalysed.length ? { notAnalysed: notices.notAnalysed.map(({ file, reason }) => ({ file, reason })) } : {}),
  });
}

/** Internal errors and files not analysed as SARIF tool execution notifications, each on its file. */
function sarifInvocations(notices: RunNotices): object[] {
  if (!notices.internalErrors.length && !notices.notAnalysed.length) return [];
  const at = (file: string) => [{ physicalLocation: { artifactLocation: { uri: file } } }];
  return [
    {
      executionSuccessful: notices.internalErrors.length === 0,
      toolExecutionNotifications: [
        ...notices.internalErrors.map((e) => ({ level: 'error', descriptor: { id: 'internal-error' }, message: { text: `Internal error while checking this file: ${e.message}` }, locations: at(e.file) })),
        ...notices.notAnalysed.map((n) => ({ level: 'warning', descriptor: { id: 'not-analysed' }, message: { text: `Not analysed: ${n.reason}` }, locations: at(n.file) })),
      ],
    },
  ];
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 for code scanning (GitHub reads `ruleId`, `level` and the physical location). */
export function formatSarif(diagnostics: CliDiagnostic[], version: string, notices: RunNotices = NO_NOTICES): string {
  const ruleIds = [...new Set(diagnostics.map((d) => d.code))].sort();
  const invocations = sarifInvocations(notices);
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'next-cron-routes',
              version,
              informationUri: 'https://github.com/next-cron-routes/next-cron-routes',
              rules: ruleIds.map((id) => ({
                id,
                shortDescription: { text: isKnownCode(id) ? CODES[id].description : id },
                defaultConfiguration: { level: isKnownCode(id) ? SARIF_LEVEL[CODES[id].defaultSeverity] : 'warning' },
              })),
            },
          },
          ...(invocations.length ? { invocations } : {}),
          results: diagnostics.map((d) => ({
            ruleId: d.code,
            ruleIndex: ruleIds.indexOf(d.code),
            level: SARIF_LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: d.file },
                  region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
                },
              },
            ],
          })),
        },
      ],
    },
    null,
    2,
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `check`'s text: a line per diagnostic, its file named by `shown` (see shownPaths), then a
 * summary. Files not analysed are counted (listed with `verbose`); files whose check failed are
 * counted here, and each named on stderr (internalErrorLines).
 */
export function formatText(diagnostics: CliDiagnostic[], vercelJsonCount: number, shown: (file: string) => string, notices: RunNotices = NO_NOTICES, verbose = false): string {
  const lines = diagnostics.map((d) => `${shown(d.file)}:${d.line}:${d.column}  ${d.severity.padEnd(7)} ${d.code}  ${d.message}${d.fixable ? '  [fixable]' : ''}`);
  const [count, ...list] = notAnalysedLines(notices.notAnalysed, shown, verbose);
  lines.push(...list);
  const counts = (['error', 'warning', 'info', 'hint'] as const).map((s) => [s, diagnostics.filter((d) => d.severity === s).length] as const).filter(([, n]) => n > 0);
  const summary = counts.length ? counts.map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`).join(', ') : 'no problems';
  lines.push(`${vercelJsonCount} vercel.json checked: ${summary}`);
  if (count) lines.push(count);
  const failed = notices.internalErrors.length;
  if (failed) lines.push(`${plural(failed, 'file')} could not be checked: internal error (see stderr)`);
  return printableLines(lines);
}

/** How many files were not analysed, then (with `verbose`) one line per file with why; nothing when none. */
export function notAnalysedLines(notAnalysed: readonly FileNotice[], shown: (file: string) => string, verbose: boolean): string[] {
  if (!notAnalysed.length) return [];
  const count = `${plural(notAnalysed.length, 'file')} could not be analysed${verbose ? '' : ' (--verbose lists them)'}`;
  return [count, ...(verbose ? notAnalysed.map((n) => printable(`${shown(n.file)}: not analysed: ${n.reason}`)) : [])];
}

/** NCR_DEBUG=1 adds the stack to an internal error's one line. */
export function debugEnabled(): boolean {
  return process.env.NCR_DEBUG === '1';
}

/**
 * One stderr line per file whose check threw, naming the file (as `shown`) and the error; the
 * stack follows only with NCR_DEBUG=1.
 */
export function internalErrorLines(errors: readonly InternalError[], shown: (file: string) => string, debug: boolean): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    lines.push(printable(`next-cron-routes: internal error while checking ${shown(error.file)}: ${error.message}`));
    if (debug && error.stack) lines.push(error.stack);
  }
  return lines;
}
