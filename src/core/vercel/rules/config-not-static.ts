import type { Finding } from '../../diagnostics';
import { topLevelKeys } from '../appFacts';
import type { NotStaticValue } from '../configSource';
import type { VercelRule } from '../context';

/**
 * What the checks read of each top-level key whose content they read (model.ts, the routing of
 * routes/functionRoutes.ts), as the finding names it: anything computed under one is unread.
 */
const CONTENT_READ: Readonly<Record<string, string>> = {
  crons: 'no cron job in it is checked (its schedule and path get no hover and no problem)',
  schedules: 'no schedule in it is checked (its schedule and target get no hover and no problem)',
  functions: 'no function setting in it is checked (its pattern and maxDuration get no problem)',
  fluid: 'whether Fluid compute is on is not read',
  redirects: 'whether a redirect sends a cron path elsewhere is not read',
  routes: 'whether a route sends a cron path elsewhere is not read',
  framework: 'which framework preset builds the project is not read',
};

/**
 * Keys the checks read only by being there (appFacts BUILDS_FROM_HERE, functionRoutes): an
 * entry computed inside one hides nothing, a whole value computed hides the key itself.
 */
const PRESENCE_READ: Readonly<Record<string, string>> = {
  rewrites: 'that the project has rewrites is not read',
  builds: 'that the project has builds is not read',
  buildCommand: 'that the project builds from this folder is not read',
  outputDirectory: 'that the project builds from this folder is not read',
  installCommand: 'that the project builds from this folder is not read',
  devCommand: 'that the project builds from this folder is not read',
};

const UNKNOWN_KEY = 'it may hold crons, schedules or functions, and none of them is checked';

/** What the value keeps from the checks, undefined when it lies only under keys they never read (headers, regions…). */
function unread(value: NotStaticValue, present: ReadonlySet<string>): string | undefined {
  for (const key of value.topKeys) {
    if (key === undefined) return UNKNOWN_KEY;
    const content = CONTENT_READ[key];
    if (content) return content;
    // A key whose value is computed whole is missing from what was read: its presence is hidden.
    const presence = PRESENCE_READ[key];
    if (presence && !present.has(key)) return presence;
  }
  return undefined;
}

/**
 * `config-not-static`: vercel.ts is read from its syntax, never run, so a value it computes (a
 * call, an imported binding, a template with substitutions) is unknown. The reader skips it and
 * lists it once with the top-level key it lies under; it is said where it may hide something the
 * checks read (saying nothing there would pass for "checked and clean"), and nowhere else: a
 * header or a rewrite built by a helper changes no check.
 */
export const configNotStaticRule: VercelRule = {
  codes: ['config-not-static'],
  scope: 'file',
  check({ doc }) {
    const source = doc.source;
    if (source?.format !== 'ts') return [];
    const findings: Finding[] = [];
    const present = topLevelKeys(doc);
    for (const value of source.notStatic) {
      const what = unread(value, present);
      if (what === undefined) continue;
      findings.push({
        code: 'config-not-static',
        severity: 'info',
        span: value.span,
        fixes: [],
        message: `This value of ${source.file} is computed, and the check reads the file without running it: ${what}. Write it as a literal, or a const of this file holding one, to have it checked.`,
      });
    }
    return findings;
  },
};
