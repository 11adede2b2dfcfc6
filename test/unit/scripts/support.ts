import * as path from 'node:path';
import { repoRoot } from '../support/repo';

/**
 * Loads one of the project's own scripts (ES modules under scripts/, which stay in place when
 * tests compile into out/) by its path from the repository root. Node >= 20.19 requires ES
 * modules synchronously; the caller states the exports it uses.
 */
export function loadScript<T>(relative: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(repoRoot(), relative)) as T;
}
