/**
 * The shapes-* fixture apps (test/fixtures/shapes-*) carry an expected-findings.json: for each
 * file, the codes `check` must report on it (at any severity), and no file may report more.
 * The unit suite checks it through the CLI and the real-editor run checks the editor shows the same.
 */

/** `{ file: sorted unique codes }` from check's JSON diagnostics. */
export function codesByFile(diagnostics: ReadonlyArray<{ file: string; code: string }>): Record<string, string[]> {
  const byFile: Record<string, Set<string>> = {};
  for (const d of diagnostics) (byFile[d.file] ??= new Set()).add(d.code);
  return normalise(Object.fromEntries(Object.entries(byFile).map(([file, codes]) => [file, [...codes]])));
}

/** Sorted files, sorted unique codes, files with no codes left out: two maps compare with deepEqual. */
export function normalise(expected: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of Object.keys(expected).sort()) {
    const codes = [...new Set(expected[file])].sort();
    if (codes.length > 0) out[file] = codes;
  }
  return out;
}
