import type { NextConfigInfo } from './types';

/**
 * The segment config exports a route file may not have with `cacheComponents` on: Next.js 16's
 * server-components check stops the build with `Route segment config "<name>" is not compatible
 * with \`nextConfig.cacheComponents\`. Please remove it.` for each of them in a `page`, `layout`
 * or `route` file (vercel/next.js crates/next-custom-transforms/src/transforms/
 * react_server_components.rs, `assert_invalid_api`, read 2026-12; the e2e test
 * cache-components-segment-configs asserts the message for each name). The route segment config
 * docs say the same of `dynamic`, `dynamicParams`, `revalidate` and `fetchCache` ("v16.0.0 …
 * removed when Cache Components is enabled") and of `runtime` ("remove the runtime export,
 * including runtime = 'nodejs'"). `experimental_ppr` is in the same list of the check.
 */
export const SEGMENT_CONFIG_REFUSED_BY_CACHE_COMPONENTS: ReadonlySet<string> = new Set([
  'dynamic',
  'revalidate',
  'fetchCache',
  'dynamicParams',
  'runtime',
  'experimental_ppr',
]);

/**
 * The files that check reads: its pattern is `[\\/](page|layout|route)\.(ts|js)x?$`, so a route
 * written `route.mjs` or with a custom page extension (`route.api.ts`) is not refused.
 */
const CHECKED_FILE = /(^|\/)(page|layout|route)\.(ts|js)x?$/;

export function isCheckedForSegmentConfig(file: string): boolean {
  return CHECKED_FILE.test(file);
}

/**
 * Whether cacheComponents' model holds for the app: the flag is on in next.config and the app is
 * on Next.js 16 or later, where the option is documented. Before 16 it was a canary experiment
 * under other names, and an unknown version tells nothing.
 */
export function cacheComponentsOn(config: NextConfigInfo, nextMajor: number | undefined): boolean {
  return config.cacheComponents && nextMajor !== undefined && nextMajor >= 16;
}
