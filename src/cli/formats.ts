import { CODES, isKnownCode } from '../core/codes';
import type { CliDiagnostic } from './project-check';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export function formatJson(diagnostics: CliDiagnostic[]): string {
  return JSON.stringify({ version: 1, diagnostics });
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 for code scanning (GitHub reads `ruleId`, `level` and the physical location). */
export function formatSarif(diagnostics: CliDiagnostic[], version: string): string {
  const ruleIds = [...new Set(diagnostics.map((d) => d.code))].sort();
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

/** `check`'s text: a line per diagnostic, its file named by `shown` (see shownPaths), then a summary. */
export function formatText(diagnostics: CliDiagnostic[], vercelJsonCount: number, shown: (file: string) => string): string {
  const lines = diagnostics.map((d) => `${shown(d.file)}:${d.line}:${d.column}  ${d.severity.padEnd(7)} ${d.code}  ${d.message}${d.fixable ? '  [fixable]' : ''}`);
  const counts = (['error', 'warning', 'info', 'hint'] as const).map((s) => [s, diagnostics.filter((d) => d.severity === s).length] as const).filter(([, n]) => n > 0);
  const summary = counts.length ? counts.map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`).join(', ') : 'no problems';
  lines.push(`${vercelJsonCount} vercel.json checked: ${summary}`);
  return lines.join('\n');
}
