import * as fs from 'node:fs';

/** What reading a project file gave: its text, nothing there, or why it was not read. */
export type FileRead = { kind: 'text'; text: string } | { kind: 'missing' } | { kind: 'skipped'; reason: string };

/**
 * Opened without blocking: opening a FIFO for reading otherwise waits for a writer, forever (a
 * FIFO named .env.local hung trigger). Regular files ignore the flag; Windows has none.
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
const CHUNK_BYTES = 64 * 1024;

function describeSize(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** Why a file with these stats is not read, if it is not. */
function refusal(stats: fs.Stats, maxBytes: number): string | undefined {
  if (!stats.isFile()) {
    const kind = stats.isFIFO() ? 'a FIFO' : stats.isDirectory() ? 'a directory' : stats.isSocket() ? 'a socket' : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : 'not a file';
    return `is not a regular file (${kind})`;
  }
  if (stats.size > maxBytes) return `is larger than ${describeSize(maxBytes)}`;
  return undefined;
}

function failed(error: unknown): FileRead {
  const code = (error as NodeJS.ErrnoException).code;
  // Nothing there (or a parent that is a file): as for Next, the file simply does not exist.
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
  return { kind: 'skipped', reason: `could not be read (${code ?? (error instanceof Error ? error.message : String(error))})` };
}

function decoded(chunks: Buffer[], total: number, maxBytes: number): FileRead {
  // The size is checked before reading too, but a file can grow, and some report no size at all.
  if (total > maxBytes) return { kind: 'skipped', reason: `is larger than ${describeSize(maxBytes)}` };
  return { kind: 'text', text: Buffer.concat(chunks, total).toString('utf8') };
}

/**
 * A project file's UTF-8 text, read only when it is a regular file of at most `maxBytes`: a
 * workspace's files are the workspace's to choose, and a FIFO, a device or a 2 GB file must not
 * stall or exhaust the process that reads it. Symbolic links are followed, as Next does.
 */
export function readRegularFileSync(file: string, maxBytes: number): FileRead {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (error) {
    return failed(error);
  }
  try {
    const refused = refusal(fs.fstatSync(fd), maxBytes);
    if (refused) return { kind: 'skipped', reason: refused };
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const read = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
    }
    return decoded(chunks, total, maxBytes);
  } catch (error) {
    return failed(error);
  } finally {
    fs.closeSync(fd);
  }
}

/** The same without blocking the extension host. */
export async function readRegularFile(file: string, maxBytes: number): Promise<FileRead> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
  } catch (error) {
    return failed(error);
  }
  try {
    const refused = refusal(await handle.stat(), maxBytes);
    if (refused) return { kind: 'skipped', reason: refused };
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return decoded(chunks, total, maxBytes);
  } catch (error) {
    return failed(error);
  } finally {
    await handle.close();
  }
}
