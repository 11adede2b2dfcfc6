/**
 * App and workspace paths, "/"-separated: the one spelling the project model, the workspace
 * package resolver (routes/workspacePackages.ts) and the editor's file events share.
 */
/** Normalises a "/"-separated path; `..` above the start is kept (a workspace file outside the app). */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/**
 * A workspace path (relative to the workspace root) as the app names it: `packages/auth/x.ts`
 * from `apps/web` is `../../packages/auth/x.ts`, `apps/web/lib/x.ts` is `lib/x.ts`, the way
 * path.relative names it (the editor's file events come named that way).
 */
export function appRelative(appDir: string, workspacePath: string): string {
  if (!appDir) return workspacePath;
  const app = appDir.split('/');
  const target = workspacePath.split('/');
  let common = 0;
  while (common < app.length && common < target.length && app[common] === target[common]) common++;
  const up = app.length - common;
  const rest = target.slice(common).join('/');
  return up === 0 ? rest : `${'../'.repeat(up)}${rest}`.replace(/\/$/, '');
}

/** An app path as the workspace names it, or undefined when it leaves the workspace. */
export function workspaceRelative(appDir: string, appPath: string): string | undefined {
  const path = normalizePath(appDir ? `${appDir}/${appPath}` : appPath);
  return path === '..' || path.startsWith('../') ? undefined : path;
}
