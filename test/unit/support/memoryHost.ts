/**
 * The facade's host over files in memory, as the editor would see a workspace folder: the tests
 * of the service write files into `disk`, tell the service, and ask it again.
 */
import * as path from 'node:path';
import type { CronServiceHost, HostRead } from '../../../src/core/service';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings';
import { loadTypeScript } from '../../../src/node/loadTypeScript';

export interface MemoryHostOptions {
  /** Settings over the defaults (plan, rules…). */
  settings?: Partial<Settings>;
  now?: Date;
}

export interface MemoryHost {
  host: CronServiceHost;
  /** Every file by its absolute path below the folder: set or delete one, then tell the service. */
  disk: Map<string, string>;
  /** The absolute path of a file of the folder. */
  at(file: string): string;
}

export function memoryHost(folder: string, files: Record<string, string>, options: MemoryHostOptions = {}): MemoryHost {
  const disk = new Map(Object.entries(files).map(([file, text]) => [path.posix.join(folder, file), text]));
  const now = options.now ?? new Date('2026-11-28T01:48:00Z');
  const host: CronServiceHost = {
    listFiles: (listed) => ({ files: [...disk.keys()].filter((file) => file.startsWith(`${listed}/`)).map((file) => path.posix.relative(listed, file)).sort(), unread: new Map() }),
    readFile: (file): HostRead => {
      const text = disk.get(file);
      return text === undefined ? { missing: true } : { text };
    },
    inFolder: (listed) => (relative) => path.posix.join(listed, relative),
    relative: (from, file) => path.posix.relative(from, file),
    settings: () => ({ ...DEFAULT_SETTINGS, ...options.settings }),
    mayReadSecrets: () => true,
    loadTypeScript,
    now: () => now,
  };
  return { host, disk, at: (file) => path.posix.join(folder, file) };
}
