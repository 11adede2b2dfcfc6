import { describeCode } from '../core/facade/settings';
import { printable, printableLines } from './printable';
import type { CliDiagnostic, CronRouteCounts, FileNotice, InternalError, ProjectCounts } from './project-check';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** What a run could not check, beside its diagnostics: never findings, never "clean". */
export interface RunNotices {
  internalErrors: readonly Pick<InternalError, 'file' | 'message'>[];
  notAnalysed: readonly FileNotice[];
  /** Cron routes analysed and not, for the text summary (JSON and SARIF list the files instead). */
  cronRoutes?: CronRouteCounts;
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
              rules: ruleIds.map((id) => {
                const known = describeCode(id);
                return { id, shortDescription: { text: known ? known.description : id }, defaultConfiguration: { level: known ? SARIF_LEVEL[known.defaultSeverity] : 'warning' } };
              }),
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

export interface TextOptions {
  /** List the files that could not be analysed, with why. */
  verbose?: boolean;
  /** Show hints as lines of their own; without, one line says how many are hidden. */
  hints?: boolean;
}

/**
 * `check`'s text: a line per error, warning and info (and hint with `hints`), its file named by
 * `shown` (see shownPaths), then a summary: the projects checked and the counts, the hints hidden, the cron routes analysed
 * and not, the other files not analysed (listed with `verbose`), and the files whose check failed
 * (each also named on stderr, internalErrorLines). JSON and SARIF keep every finding.
 */
export function formatText(diagnostics: CliDiagnostic[], projects: ProjectCounts, shown: (file: string) => string, notices: RunNotices = NO_NOTICES, options: TextOptions = {}): string {
  const listed = options.hints ? diagnostics : diagnostics.filter((d) => d.severity !== 'hint');
  const lines = listed.map((d) => `${shown(d.file)}:${d.line}:${d.column}  ${d.severity.padEnd(7)} ${d.code}  ${d.message}${d.fixable ? '  [fixable]' : ''}`);
  const verbose = options.verbose === true;
  if (verbose) lines.push(...notAnalysedList(notices.notAnalysed, shown));
  const counts = (['error', 'warning', 'info', 'hint'] as const).map((s) => [s, listed.filter((d) => d.severity === s).length] as const).filter(([, n]) => n > 0);
  const summary = counts.length ? counts.map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`).join(', ') : 'no problems';
  lines.push(`${checkedProjects(projects)} checked: ${summary}`);
  const hidden = diagnostics.length - listed.length;
  if (hidden) lines.push(`${plural(hidden, 'hint')} hidden; --hints shows them`);
  lines.push(...notAnalysedCounts(notices, verbose, true));
  const failed = notices.internalErrors.length;
  if (failed) lines.push(`${plural(failed, 'file')} could not be checked: internal error (see stderr)`);
  return printableLines(lines);
}

/**
 * What the summary says was checked: "2 vercel.json" as ever; "1 app without vercel.json" for a
 * Next.js app checked without one; both when there are both. A folder with neither still says
 * "0 vercel.json".
 */
function checkedProjects({ vercelJson, appsWithoutVercelJson: apps, otherConfigs }: ProjectCounts): string {
  if (otherConfigs.size) {
    // "1 vercel.toml", "1 vercel.json and 1 vercel.ts": each configuration file by its name.
    const parts = [...(vercelJson ? [`${vercelJson} vercel.json`] : []), ...[...otherConfigs].map(([name, count]) => `${count} ${name}`), ...(apps ? [`${plural(apps, 'app')} without vercel.json`] : [])];
    return parts.join(' and ');
  }
  if (apps === 0) return `${vercelJson} vercel.json`;
  const withoutVercelJson = `${plural(apps, 'app')} without vercel.json`;
  return vercelJson === 0 ? withoutVercelJson : `${vercelJson} vercel.json and ${withoutVercelJson}`;
}

/**
 * The summary's coverage lines: "12 cron routes analysed, 2 could not be", then how many other
 * files could not be analysed; "(--verbose lists them)" when something was not analysed and the
 * list is not shown. The cron route line comes `always` when there are cron routes, else only
 * when one could not be analysed.
 */
function notAnalysedCounts(notices: RunNotices, verbose: boolean, always: boolean): string[] {
  const lines: string[] = [];
  const more = verbose ? '' : ' (--verbose lists them)';
  const routes = notices.cronRoutes ?? { analysed: 0, notAnalysed: notices.notAnalysed.filter((n) => n.cronRoute).length };
  if (routes.notAnalysed > 0) lines.push(`${plural(routes.analysed, 'cron route')} analysed, ${routes.notAnalysed} could not be${more}`);
  else if (always && routes.analysed > 0) lines.push(`${plural(routes.analysed, 'cron route')} analysed`);
  const others = notices.notAnalysed.filter((n) => !n.cronRoute).length;
  // "other" when the line above counts cron routes: these are not among them.
  if (others > 0) lines.push(`${plural(others, lines.length ? 'other file' : 'file')} could not be analysed${more}`);
  return lines;
}

function notAnalysedList(notAnalysed: readonly FileNotice[], shown: (file: string) => string): string[] {
  return notAnalysed.map((n) => printable(`${shown(n.file)}: not analysed: ${n.reason}`));
}

/**
 * What `fix` says on stderr when it does not print check's text: the coverage lines, only when
 * something could not be analysed, then (with `verbose`) one line per file with why; nothing when
 * everything was analysed.
 */
export function notAnalysedLines(notices: RunNotices, shown: (file: string) => string, verbose: boolean): string[] {
  if (!notices.notAnalysed.length) return [];
  return [...notAnalysedCounts(notices, verbose, false), ...(verbose ? notAnalysedList(notices.notAnalysed, shown) : [])];
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
