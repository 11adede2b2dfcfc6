/**
 * What each checked route's findings rest on (every path its check read, parsed or probed), and
 * the other way round: which routes read a path. A file event looks up its path here instead of
 * asking every route of the project.
 */
export class RouteReads {
  private readonly byRoute = new Map<string, ReadonlySet<string>>();
  private readonly byPath = new Map<string, Set<string>>();

  /** The routes whose last check read `path` (none: undefined). */
  readersOf(path: string): ReadonlySet<string> | undefined {
    return this.byPath.get(path);
  }

  /**
   * Records a route's reads, replacing those of its earlier check. Only the paths that differ are
   * moved: a re-check after an edit usually reads what it read before, and a path most routes
   * read (tsconfig.json) has thousands of readers.
   */
  set(route: string, paths: ReadonlySet<string>): void {
    const before = this.byRoute.get(route);
    this.byRoute.set(route, paths);
    if (before) for (const path of before) if (!paths.has(path)) this.forget(path, route);
    for (const path of paths) {
      if (before?.has(path)) continue;
      let readers = this.byPath.get(path);
      if (!readers) this.byPath.set(path, (readers = new Set()));
      readers.add(route);
    }
  }

  delete(route: string): void {
    const paths = this.byRoute.get(route);
    if (!paths) return;
    this.byRoute.delete(route);
    for (const path of paths) this.forget(path, route);
  }

  private forget(path: string, route: string): void {
    const readers = this.byPath.get(path);
    readers?.delete(route);
    if (readers?.size === 0) this.byPath.delete(path);
  }

  clear(): void {
    this.byRoute.clear();
    this.byPath.clear();
  }
}
