import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../../../src/core/types';

/** The instant the golden table and most unit tests compute next runs from (a Saturday). */
export const DEFAULT_FROM = new Date('2026-11-28T02:00:00Z');

/**
 * The repository root: the nearest folder above `start` that holds package.json (and
 * tsconfig.json, so a package.json that tsc copies into out/ is not mistaken for it).
 */
export function repoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'tsconfig.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
}

/** The text a problem flags, like typescript-eslint's RuleTester reports it. */
export function flagged(expression: string, problem: Problem): string {
  return expression.slice(problem.span.start, problem.span.end);
}

export function iso(dates: readonly Date[]): string[] {
  return dates.map((d) => d.toISOString());
}

/** A compact view of problems for assertion messages. */
export function show(expression: string, problems: readonly Problem[]): string {
  return JSON.stringify(problems.map((p) => [p.code, p.severity, flagged(expression, p)]));
}
