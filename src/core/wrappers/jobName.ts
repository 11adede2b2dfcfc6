/**
 * The job's name in logs, lock keys and monitor slugs, from the path Vercel requests:
 * `/api/cron/cleanup-sessions` → `cleanup-sessions`, `/api/cron/[tenant]/sync` → `tenant-sync`.
 */
export function jobNameFor(path: string): string {
  const segments = path
    .split(/[?#]/)[0]!
    .split('/')
    .filter((segment) => segment && !/^\(.*\)$/.test(segment));
  while (segments.length > 1 && /^(api|crons?|jobs?)$/i.test(segments[0]!)) segments.shift();
  const name = segments
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name || 'cron-job';
}
