/**
 * Where Next.js looks for its middleware: `middleware.ts` (renamed `proxy.ts` in Next 16, which
 * still runs a middleware file with a deprecation warning), at the app's root or in src/.
 */
export const MIDDLEWARE_FILES = ['middleware.ts', 'middleware.js', 'proxy.ts', 'proxy.js', 'src/middleware.ts', 'src/middleware.js', 'src/proxy.ts', 'src/proxy.js'] as const;

/** A middleware file and a proxy file in the same folder: Next 16 refuses to build with both. */
export interface MiddlewareAndProxy {
  middleware: string;
  proxy: string;
}

/** Each folder (the root, src/) holding both a middleware and a proxy file, by project-relative name. */
export function middlewareAndProxyPairs(has: (file: string) => boolean): MiddlewareAndProxy[] {
  const pairs: MiddlewareAndProxy[] = [];
  for (const folder of ['', 'src/']) {
    const middleware = ['ts', 'js'].map((ext) => `${folder}middleware.${ext}`).find(has);
    const proxy = ['ts', 'js'].map((ext) => `${folder}proxy.${ext}`).find(has);
    if (middleware && proxy) pairs.push({ middleware, proxy });
  }
  return pairs;
}
