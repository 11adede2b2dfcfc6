/**
 * The Next.js app behind a vercel.json, as the rules see it: which files serve which URL
 * paths, and the next.config options that change URLs. Paths are relative to the project
 * root (the folder holding vercel.json) and always use "/".
 */
export interface NextConfigInfo {
  /** The config file read, relative to the project root; undefined when there is none. */
  file: string | undefined;
  basePath: string;
  trailingSlash: boolean;
  skipTrailingSlashRedirect: boolean;
  pageExtensions: string[];
  /** `cacheComponents: true` (Next 16): segment config such as `dynamic` is refused. */
  cacheComponents: boolean;
  /** Options present in the file whose value could not be read statically. */
  unreadable: string[];
}

export const DEFAULT_PAGE_EXTENSIONS = ['tsx', 'ts', 'jsx', 'js'];

export type Segment =
  | { type: 'static'; value: string }
  | { type: 'dynamic'; name: string }
  | { type: 'catch-all'; name: string }
  | { type: 'optional-catch-all'; name: string };

export interface RouteEntry {
  /** The route file, e.g. `src/app/api/cron/[job]/route.ts` or `pages/api/cron.ts`. */
  file: string;
  /**
   * `function`: not Next.js's at all, a Vercel function of a project without Next.js
   * (`api/cron.ts` serving /api/cron, routes/functionRoutes.ts). Its handler may be a Web
   * `GET`/`fetch` or a `(req, res)` default export; the Next.js-only rules leave it alone.
   */
  kind: 'app-route' | 'pages-api' | 'function';
  /** The URL path it serves, without basePath, e.g. `/api/cron/[job]`. */
  pattern: string;
  segments: Segment[];
}

/** How the project writes code: where its app lives, and the style new files and fixes follow. */
export interface ProjectStyle {
  /** `app` or `src/app`. */
  appDir: string;
  extension: 'ts' | 'js';
  semicolons: boolean;
  quote: "'" | '"';
  indent: string;
}
