/**
 * Which files of a Next.js app serve which URL paths: App Router route handlers
 * (`app/**\/route.ts`) and Pages Router API routes (`pages/api/**`). Built from a file list,
 * updated one file at a time (a file event costs O(path depth), not a rebuild), and matched
 * against cron paths with Next's precedence.
 */
import { DEFAULT_PAGE_EXTENSIONS, type NextConfigInfo, type RouteEntry, type Segment } from './types';

type Root = 'app' | 'src/app' | 'pages' | 'src/pages';

/** Longest prefix first, so `src/app/…` is never mistaken for something else. */
const ROOTS: readonly Root[] = ['src/app', 'src/pages', 'app', 'pages'];

/** Next's `findDir`: the root-level folder wins, `src/<name>` is used only without it. */
const SHADOWED_BY: Record<Root, Root | undefined> = { 'src/app': 'app', 'src/pages': 'pages', app: undefined, pages: undefined };

const IGNORED_FOLDERS = new Set(['node_modules', '.next', '.git']);

/** Intercepting-route markers (next/src/shared/lib/router/utils/interception-routes.ts). */
const INTERCEPTION_MARKERS = ['(..)(..)', '(.)', '(..)', '(...)'];

/** An indexed route: the frozen public entry, tagged with the root folder it came from. */
interface Entry {
  route: RouteEntry;
  root: Root;
}

/** A trie over URL segments; route entries sit on the node their pattern ends at. */
interface Node {
  statics: Map<string, Node>;
  dynamic?: Node;
  catchAll?: Node;
  optionalCatchAll?: Node;
  /** App Router entries before Pages Router ones: App wins for the same path. */
  entries: Entry[];
}

const newNode = (): Node => ({ statics: new Map(), entries: [] });

/**
 * The route table of one Next.js app. Paths are relative to the project root with "/".
 *
 * `src/app` and `src/pages` count only while the project has no root-level `app/` or `pages/`
 * file (Next's rule, derived from the file list: an empty folder is invisible here). Entries of
 * a shadowed root stay indexed but are left out of `routes()`, `has()` and `match()`, so adding
 * the first `app/` file never forces a rebuild.
 */
export class RouteTable {
  private config: NextConfigInfo;
  private matcher: FileMatcher;
  /** Every non-ignored file under one of the four roots: needed to re-derive on config change. */
  private readonly known = new Set<string>();
  private readonly filesPerRoot = new Map<Root, number>();
  private readonly entries = new Map<string, Entry>();
  private trie = newNode();

  constructor(config: NextConfigInfo) {
    this.config = config;
    this.matcher = fileMatcher(config);
  }

  /** Adds (or re-adds, harmlessly) one file of the project. Files outside app/pages are ignored. */
  addFile(file: string): void {
    const path = normalize(file);
    const root = rootOf(path);
    if (!root || this.known.has(path)) return;
    this.known.add(path);
    this.filesPerRoot.set(root, (this.filesPerRoot.get(root) ?? 0) + 1);
    const entry = deriveEntry(path, root, this.matcher);
    if (entry) this.insert(entry);
  }

  /** Removes one file; other entries are untouched. */
  removeFile(file: string): void {
    const path = normalize(file);
    if (!this.known.delete(path)) return;
    const root = rootOf(path);
    if (root) this.filesPerRoot.set(root, (this.filesPerRoot.get(root) ?? 1) - 1);
    const entry = this.entries.get(path);
    if (entry) this.remove(entry);
  }

  /** Whether `file` is a route the app serves (a shadowed `src/app` file is not). */
  has(file: string): boolean {
    return this.get(file) !== undefined;
  }

  /** The entry of a route file the app serves. */
  get(file: string): RouteEntry | undefined {
    const entry = this.entries.get(normalize(file));
    return entry && this.isActive(entry) ? entry.route : undefined;
  }

  /**
   * Whether a path has the shape of a route file under this config's `pageExtensions`.
   * Pure: it does not look at the file list, so it ignores `src/app` being shadowed by `app/`.
   */
  isRouteFile(file: string): boolean {
    const path = normalize(file);
    const root = rootOf(path);
    return root !== undefined && deriveEntry(path, root, this.matcher) !== undefined;
  }

  /** The routes the app serves, sorted by file. */
  routes(): RouteEntry[] {
    return [...this.entries.values()]
      .filter((e) => this.isActive(e))
      .map((e) => e.route)
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  /**
   * The route serving `urlPath`, which must be the path WITHOUT basePath (strip it first) and
   * start with "/". Query string and hash are ignored, and so is one trailing slash (whether
   * it redirects is the trailing-slash rule's business). Segments are percent-decoded; a bad
   * escape or an empty segment (`/api//cron`, which Next redirects) matches nothing.
   * Precedence follows Next: static beats dynamic beats catch-all beats optional catch-all,
   * segment by segment from the left, and App Router beats Pages Router for the same path.
   */
  match(urlPath: string): RouteEntry | undefined {
    const segments = urlSegments(urlPath);
    if (!segments) return undefined;
    return this.search(segments)?.route;
  }

  /** Applies a new next.config; a `pageExtensions` change re-derives every entry. */
  setConfig(config: NextConfigInfo): void {
    this.config = config;
    const matcher = fileMatcher(config);
    if (matcher.key === this.matcher.key) return;
    this.matcher = matcher;
    this.entries.clear();
    this.trie = newNode();
    for (const path of this.known) {
      const entry = deriveEntry(path, rootOf(path)!, matcher);
      if (entry) this.insert(entry);
    }
  }

  /** The config the table was built with. */
  get nextConfig(): NextConfigInfo {
    return this.config;
  }

  private isActive(entry: Entry): boolean {
    const shadow = SHADOWED_BY[entry.root];
    return shadow === undefined || (this.filesPerRoot.get(shadow) ?? 0) === 0;
  }

  private firstActive(entries: Entry[] | undefined): Entry | undefined {
    return entries?.find((e) => this.isActive(e));
  }

  /**
   * Depth-first in Next's order; backtracks when a more specific branch has no route. A loop
   * over an explicit stack, not recursion: a path of 10,000 segments must not overflow the call
   * stack. Each trie node is visited at most once.
   */
  private search(segments: string[]): Entry | undefined {
    // `next`: 0 = try the static child, 1 = the dynamic child, 2 = only the catch-alls are left.
    const stack: { node: Node; depth: number; next: 0 | 1 | 2 }[] = [{ node: this.trie, depth: 0, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const { node, depth } = frame;
      if (depth === segments.length) {
        const found = this.firstActive(node.entries) ?? this.firstActive(node.optionalCatchAll?.entries);
        if (found) return found;
        stack.pop();
        continue;
      }
      if (frame.next === 0) {
        frame.next = 1;
        const child = node.statics.get(segments[depth]!);
        if (child) {
          stack.push({ node: child, depth: depth + 1, next: 0 });
          continue;
        }
      }
      if (frame.next === 1) {
        frame.next = 2;
        if (node.dynamic) {
          stack.push({ node: node.dynamic, depth: depth + 1, next: 0 });
          continue;
        }
      }
      const found = this.firstActive(node.catchAll?.entries) ?? this.firstActive(node.optionalCatchAll?.entries);
      if (found) return found;
      stack.pop();
    }
    return undefined;
  }

  private insert(entry: Entry): void {
    this.entries.set(entry.route.file, entry);
    let node = this.trie;
    for (const segment of entry.route.segments) node = childFor(node, segment, true)!;
    node.entries.push(entry);
    // App Router first, then by file, so the winner does not depend on insertion order.
    if (node.entries.length > 1) node.entries.sort((a, b) => compareRoutes(a.route, b.route));
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.route.file);
    const segments = entry.route.segments;
    const path: Node[] = [this.trie];
    for (const segment of segments) {
      const next = childFor(path[path.length - 1], segment, false);
      if (!next) return;
      path.push(next);
    }
    const leaf = path[path.length - 1];
    leaf.entries = leaf.entries.filter((e) => e !== entry);
    // Prune nodes left empty, so a long-lived table does not grow with deleted folders.
    for (let i = path.length - 1; i > 0; i--) {
      const node = path[i];
      if (node.entries.length > 0 || node.statics.size > 0 || node.dynamic || node.catchAll || node.optionalCatchAll) break;
      const parent = path[i - 1];
      const segment = segments[i - 1];
      if (segment.type === 'static') parent.statics.delete(segment.value);
      else if (segment.type === 'dynamic') parent.dynamic = undefined;
      else if (segment.type === 'catch-all') parent.catchAll = undefined;
      else parent.optionalCatchAll = undefined;
    }
  }
}

/** A table holding `files`, ready to match. */
export function buildRouteTable(files: Iterable<string>, config: NextConfigInfo): RouteTable {
  const table = new RouteTable(config);
  for (const file of files) table.addFile(file);
  return table;
}

/**
 * The path to write in vercel.json for a route: basePath in front, and the trailing slash
 * when `trailingSlash` is on (Vercel's cron requests do not follow the redirect otherwise).
 * Dynamic segments stay as `[name]` placeholders.
 */
export function urlPathForRoute(entry: RouteEntry, config: Pick<NextConfigInfo, 'basePath' | 'trailingSlash'>): string {
  const path = `${config.basePath}${entry.pattern === '/' && config.basePath ? '' : entry.pattern}`;
  return config.trailingSlash && !path.endsWith('/') ? `${path}/` : path;
}

// ───────────────────────────── deriving entries ─────────────────────────────

/** What `pageExtensions` makes a route file, computed once per config. */
interface FileMatcher {
  /** Longest first: with ['page.tsx', 'tsx'], `cron.page.tsx` is `cron`, as in Next's regex. */
  extensions: string[];
  /** `route.ts`, `route.js`, …: the App Router handler file names. */
  routeNames: Set<string>;
  key: string;
}

function fileMatcher(config: NextConfigInfo): FileMatcher {
  const list = config.pageExtensions?.length ? config.pageExtensions : DEFAULT_PAGE_EXTENSIONS;
  const extensions = [...new Set(list)].sort((a, b) => b.length - a.length);
  return { extensions, routeNames: new Set(extensions.map((e) => `route.${e}`)), key: extensions.join('\0') };
}

function normalize(file: string): string {
  return file.startsWith('./') ? file.slice(2) : file;
}

const IGNORED_PATH = new RegExp(`(^|/)(${[...IGNORED_FOLDERS].map((f) => f.replace('.', '\\.')).join('|')})(/|$)`);
const ROOT_PREFIXES = ROOTS.map((root) => [root, `${root}/`] as const);

function rootOf(path: string): Root | undefined {
  for (const [root, prefix] of ROOT_PREFIXES) if (path.startsWith(prefix)) return IGNORED_PATH.test(path) ? undefined : root;
  return undefined;
}

/** The route a file under `root` defines, or undefined when it is not a route file. */
function deriveEntry(path: string, root: Root, matcher: FileMatcher): Entry | undefined {
  const parts = path.slice(root.length + 1).split('/');
  if (parts.includes('')) return undefined;
  const segments = root.endsWith('app') ? appSegments(parts, matcher) : pagesApiSegments(parts, matcher);
  if (!segments) return undefined;
  // Next refuses a catch-all that is not the last segment ("Catch-all must be the last part").
  for (let i = 0; i < segments.length - 1; i++) if (segments[i].type === 'catch-all' || segments[i].type === 'optional-catch-all') return undefined;
  // Frozen: entries are shared with callers and the index must not change under it.
  for (const segment of segments) Object.freeze(segment);
  const route: RouteEntry = Object.freeze({
    file: path,
    kind: root.endsWith('app') ? 'app-route' : 'pages-api',
    pattern: patternOf(segments),
    segments: Object.freeze(segments) as Segment[],
  });
  return { route, root };
}

function compareRoutes(a: RouteEntry, b: RouteEntry): number {
  if (a.kind !== b.kind) return a.kind === 'app-route' ? -1 : 1;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** `app/(group)/api/[job]/route.ts` → `api`, `[job]`. */
function appSegments(parts: string[], matcher: FileMatcher): Segment[] | undefined {
  if (!matcher.routeNames.has(parts[parts.length - 1])) return undefined;
  const segments: Segment[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    const folder = parts[i];
    // Private folders (`_lib`) and everything below them are not routable.
    if (folder.startsWith('_')) return undefined;
    if (folder.startsWith('(') && INTERCEPTION_MARKERS.some((m) => folder.startsWith(m))) return undefined;
    // Route groups and parallel-route slots do not appear in the URL.
    if ((folder.startsWith('(') && folder.endsWith(')')) || folder.startsWith('@')) continue;
    // `%5Fname` is how a URL segment may start with "_" (Next replaces %5F in app paths).
    segments.push(parseSegment(folder.includes('%5F') ? folder.replace(/%5F/g, '_') : folder));
  }
  return segments;
}

/** `pages/api/cron/[job].ts` → `api`, `cron`, `[job]`; `index` names its folder. */
function pagesApiSegments(parts: string[], { extensions }: FileMatcher): Segment[] | undefined {
  const fileName = parts[parts.length - 1];
  // Next skips declaration files in pages/ when it compiles .ts.
  if (fileName.endsWith('.d.ts') && extensions.includes('ts')) return undefined;
  // `_app`, `_document`, `_middleware` and `_helper` files are not treated as cron targets. Note:
  // Next's build still serves `pages/api/_x.ts` at /api/_x (only `next typegen` skips `_` parts).
  if (fileName.startsWith('_')) return undefined;
  const ext = extensions.find((e) => fileName.endsWith(`.${e}`) && fileName.length > e.length + 1);
  if (!ext) return undefined;
  const names = [...parts.slice(0, -1), fileName.slice(0, -(ext.length + 1))];
  if (names[names.length - 1] === 'index') names.pop();
  // Next's isAPIRoute: `/api` itself (pages/api.ts, pages/api/index.ts) or below it.
  if (names[0] !== 'api') return undefined;
  return names.map(parseSegment);
}

function parseSegment(name: string): Segment {
  if (!name.startsWith('[')) return { type: 'static', value: name };
  let m = /^\[\[\.\.\.([^[\]]+)\]\]$/.exec(name);
  if (m) return { type: 'optional-catch-all', name: m[1] };
  m = /^\[\.\.\.([^[\]]+)\]$/.exec(name);
  if (m) return { type: 'catch-all', name: m[1] };
  m = /^\[([^[\].][^[\]]*)\]$/.exec(name);
  if (m) return { type: 'dynamic', name: m[1] };
  return { type: 'static', value: name };
}

function patternOf(segments: Segment[]): string {
  if (segments.length === 0) return '/';
  let pattern = '';
  for (const s of segments) {
    pattern += s.type === 'static' ? `/${s.value}` : s.type === 'dynamic' ? `/[${s.name}]` : s.type === 'catch-all' ? `/[...${s.name}]` : `/[[...${s.name}]]`;
  }
  return pattern;
}

function childFor(node: Node, segment: Segment, create: boolean): Node | undefined {
  switch (segment.type) {
    case 'static': {
      let child = node.statics.get(segment.value);
      if (!child && create) node.statics.set(segment.value, (child = newNode()));
      return child;
    }
    case 'dynamic':
      return create ? (node.dynamic ??= newNode()) : node.dynamic;
    case 'catch-all':
      return create ? (node.catchAll ??= newNode()) : node.catchAll;
    case 'optional-catch-all':
      return create ? (node.optionalCatchAll ??= newNode()) : node.optionalCatchAll;
  }
}

/** Decoded path segments of `urlPath`, or undefined when it cannot name a route. */
function urlSegments(urlPath: string): string[] | undefined {
  if (typeof urlPath !== 'string') return undefined;
  const cut = urlPath.search(/[?#]/);
  const path = cut < 0 ? urlPath : urlPath.slice(0, cut);
  if (!path.startsWith('/')) return undefined;
  const raws = path.slice(1).split('/');
  if (raws[raws.length - 1] === '') raws.pop(); // one trailing slash
  const segments: string[] = [];
  for (const raw of raws) {
    if (raw === '') return undefined;
    if (!raw.includes('%')) segments.push(raw);
    else {
      try {
        segments.push(decodeURIComponent(raw));
      } catch {
        return undefined; // a malformed escape: Next answers 400, no route runs
      }
    }
  }
  return segments;
}
