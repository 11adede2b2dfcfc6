import { formatRelative } from '../time/zones';

/** One finished run, as the quick pick shows it. */
export interface RunRecord {
  at: Date;
  /** The HTTP status, or the failure code when no response came. */
  status: number | string;
  durationMs: number;
}

/**
 * Runs per job for the session, newest first and a few per job: enough to see "it was 401,
 * now it is 200" without a log to scroll. Keys are whatever identifies a job (app + path).
 */
export class RunHistory {
  private readonly runs = new Map<string, RunRecord[]>();

  constructor(private readonly perJob = 5) {}

  record(key: string, run: RunRecord): void {
    const list = this.runs.get(key) ?? [];
    list.unshift(run);
    list.length = Math.min(list.length, this.perJob);
    this.runs.set(key, list);
  }

  get(key: string): readonly RunRecord[] {
    return this.runs.get(key) ?? [];
  }
}

/** "200 · 120 ms · 3 min ago" for each run, newest first. */
export function formatRuns(runs: readonly RunRecord[], now: Date): string {
  return runs.map((r) => `${r.status} · ${r.durationMs} ms · ${formatRelative(r.at, now)}`).join('; ');
}

/**
 * Orders items with the most recently chosen first (`recent` holds keys, newest first), the
 * rest in their original order.
 */
export function recentFirst<T>(items: readonly T[], keyOf: (item: T) => string, recent: readonly string[]): T[] {
  const rank = new Map(recent.map((key, index) => [key, index]));
  return items
    .map((item, index) => ({ item, index, rank: rank.get(keyOf(item)) ?? Number.POSITIVE_INFINITY }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.item);
}

/** Puts `key` first in the recent list, without duplicates, keeping at most `max`. */
export function pushRecent(recent: readonly string[], key: string, max = 20): string[] {
  return [key, ...recent.filter((k) => k !== key)].slice(0, max);
}
