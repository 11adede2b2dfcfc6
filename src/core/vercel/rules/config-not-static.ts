import type { Finding } from '../../diagnostics';
import type { VercelRule } from '../context';

/**
 * `config-not-static`: vercel.ts is read from its syntax, never run, so a value it computes (a
 * call, an imported binding, a template with substitutions) is unknown. The reader skips it and
 * lists it once; saying nothing would pass for "checked and clean".
 */
export const configNotStaticRule: VercelRule = {
  codes: ['config-not-static'],
  scope: 'file',
  check({ doc }) {
    const source = doc.source;
    if (source?.format !== 'ts') return [];
    return source.notStatic.map(
      (span): Finding => ({
        code: 'config-not-static',
        severity: 'info',
        span,
        fixes: [],
        message: `This value of ${source.file} is computed, and the check reads the file without running it: nothing in it is checked (no schedule, path or function here gets a hover or a problem). Write it as a literal, or a const of this file holding one, to have it checked.`,
      }),
    );
  },
};
