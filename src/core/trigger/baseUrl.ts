/**
 * `nextCronRoutes.baseUrl` / `--base-url`: where the dev server listens. One URL, or a map from
 * app folder (relative to the workspace, "/"-separated) to URL for monorepos whose apps run on
 * different ports.
 */
export const DEFAULT_BASE_URL = 'http://localhost:3000';

export type BaseUrlResult =
  | { ok: true; url: URL; source: 'default' | 'setting' | 'map'; warning?: string }
  | { ok: false; error: string };

/** Parses one base URL; refuses what would change the request rather than its target. */
export function parseBaseUrl(text: string): { ok: true; url: URL } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, error: `"${text}" is not a URL; write it like http://localhost:3000` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: `"${text}" must start with http:// or https://` };
  // Credentials in the URL would become a Basic Authorization header, replacing the cron's Bearer.
  if (url.username || url.password) return { ok: false, error: `"${redactCredentials(url)}" contains credentials; they cannot be combined with the cron's Authorization header` };
  if (url.search || url.hash) return { ok: false, error: `"${text}" has a query or fragment; the cron path comes after the base URL` };
  return { ok: true, url };
}

function redactCredentials(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

/** "./apps/web/" and "apps\\web" both mean "apps/web"; the root is "". */
export function normalizeAppFolder(folder: string): string {
  return folder.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
}

/**
 * The base URL for the app at `appFolder` (relative to the workspace). A map without an entry
 * for the app falls back to the default with a warning rather than failing: the default is
 * what `next dev` uses.
 */
export function resolveBaseUrl(setting: unknown, appFolder: string): BaseUrlResult {
  if (setting === undefined || setting === null || setting === '') return { ok: true, url: new URL(DEFAULT_BASE_URL), source: 'default' };
  if (typeof setting === 'string') {
    const parsed = parseBaseUrl(setting);
    return parsed.ok ? { ok: true, url: parsed.url, source: 'setting' } : { ok: false, error: `nextCronRoutes.baseUrl: ${parsed.error}` };
  }
  if (typeof setting !== 'object' || Array.isArray(setting)) {
    return { ok: false, error: 'nextCronRoutes.baseUrl must be a URL or an object mapping app folders to URLs' };
  }
  const wanted = normalizeAppFolder(appFolder);
  for (const [key, value] of Object.entries(setting as Record<string, unknown>)) {
    if (normalizeAppFolder(key) !== wanted) continue;
    if (typeof value !== 'string') return { ok: false, error: `nextCronRoutes.baseUrl["${key}"] must be a URL string` };
    const parsed = parseBaseUrl(value);
    return parsed.ok ? { ok: true, url: parsed.url, source: 'map' } : { ok: false, error: `nextCronRoutes.baseUrl["${key}"]: ${parsed.error}` };
  }
  return {
    ok: true,
    url: new URL(DEFAULT_BASE_URL),
    source: 'default',
    warning: `nextCronRoutes.baseUrl has no entry for "${wanted || '.'}"; using ${DEFAULT_BASE_URL}`,
  };
}
