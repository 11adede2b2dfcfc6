// The demo opens a working copy of examples/demo-app under the git-ignored .cache/, never the
// tracked folder: trying the demo writes files (`next dev` rewrites tsconfig.json and adds
// next-env.d.ts; Trigger Cron Route offers to create .env.local with a CRON_SECRET), and none of
// that may show up in `git status` or be committed. Only node: built-ins (unit-tested directly).

import { cpSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename } from 'node:path';

/** Installed or built inside an app, never part of the demo's source. */
const NOT_COPIED = new Set(['node_modules', '.next']);

/**
 * Makes `target` a copy of `source` when it is missing, or always with `reset`; an existing copy
 * is left alone so a user's edits (and .env.local) survive the next `npm start`. The copy is
 * made beside the target and renamed into place, so an interrupted copy is never taken for a
 * finished one.
 *
 * @returns {{ folder: string, action: 'copied' | 'kept' | 'reset' }}
 */
export function prepareDemoCopy({ source, target, reset = false }) {
  if (!existsSync(source) || !statSync(source).isDirectory()) throw new Error(`the demo source ${source} does not exist`);
  const existed = existsSync(target);
  if (existed && !reset) return { folder: target, action: 'kept' };
  const staging = `${target}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    cpSync(source, staging, { recursive: true, filter: (path) => !NOT_COPIED.has(basename(path)) });
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { folder: target, action: existed ? 'reset' : 'copied' };
}
