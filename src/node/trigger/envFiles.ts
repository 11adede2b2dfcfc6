import * as path from 'node:path';
import { parse } from 'dotenv';
import { CURRENT_SIGNING_KEY, NEXT_SIGNING_KEY, type QStashKeySource, type SecretSource } from '../../core/facade/trigger';
import { type FileRead, readRegularFile, readRegularFileSync } from './regularFile';

/**
 * The files `next dev` loads, highest priority first (@next/env with NODE_ENV=development):
 * the first file that defines a variable wins.
 */
export const NEXT_DEV_ENV_FILES = ['.env.development.local', '.env.local', '.env.development', '.env'] as const;

/** An env file larger than this is not read: a .env file holds a few variables. */
export const ENV_FILE_MAX_BYTES = 1024 * 1024;

export interface LoadedSecret {
  /** Undefined when no file defines CRON_SECRET, or defines it empty. */
  value: string | undefined;
  source: SecretSource;
  /**
   * One line per env file that exists but was skipped (not a regular file, over 1 MiB,
   * unreadable), naming the file and why, never its contents: a skipped file is never silent.
   */
  warnings?: string[];
}

/**
 * Picks CRON_SECRET from env file texts given in Next's order. Parsed with dotenv's parser into
 * a plain object: unlike @next/env's loadEnvConfig, nothing is written to process.env (which
 * would leak the secret into the extension host and every terminal it starts) and nothing is
 * cached per process (loadEnvConfig keeps the first folder it loads).
 */
export function pickCronSecret(files: readonly { file: string; text: string | undefined }[]): LoadedSecret {
  for (const { file, text } of files) {
    if (text === undefined) continue;
    const parsed = parse(text);
    if (!Object.prototype.hasOwnProperty.call(parsed, 'CRON_SECRET')) continue;
    const value = parsed.CRON_SECRET!;
    return value ? { value, source: { kind: 'env-file', file, length: value.length } } : { value: undefined, source: { kind: 'empty', file } };
  }
  return { value: undefined, source: { kind: 'none', searched: [...NEXT_DEV_ENV_FILES] } };
}

function loaded(appDir: string, reads: readonly FileRead[]): LoadedSecret {
  const warnings: string[] = [];
  const files = NEXT_DEV_ENV_FILES.map((file, i) => {
    const read = reads[i]!;
    if (read.kind === 'skipped') warnings.push(`${path.join(appDir, file)} ${read.reason}; skipped`);
    return { file, text: read.kind === 'text' ? read.text : undefined };
  });
  return { ...pickCronSecret(files), warnings };
}

/** CRON_SECRET as `next dev` in `appDir` would see it from its env files (CLI). */
export function loadCronSecretSync(appDir: string): LoadedSecret {
  return loaded(appDir, NEXT_DEV_ENV_FILES.map((file) => readRegularFileSync(path.join(appDir, file), ENV_FILE_MAX_BYTES)));
}

/** The same, without blocking the extension host. */
export async function loadCronSecret(appDir: string): Promise<LoadedSecret> {
  return loaded(appDir, await Promise.all(NEXT_DEV_ENV_FILES.map((file) => readRegularFile(path.join(appDir, file), ENV_FILE_MAX_BYTES))));
}

/** QStash's signing keys as `next dev` would see them from the app's env files; values only in `current`/`next`. */
export interface LoadedQStashKeys {
  /** Undefined unless `source` is 'env-file'. */
  current: string | undefined;
  next: string | undefined;
  source: QStashKeySource;
  warnings: string[];
}

/** The first non-empty definition of `name` in Next's order, with its file; an empty one hides later files, as for next dev. */
function firstDefined(files: readonly { file: string; text: string | undefined }[], name: string): { value: string; file: string } | undefined {
  for (const { file, text } of files) {
    if (text === undefined) continue;
    const parsed = parse(text);
    if (!Object.prototype.hasOwnProperty.call(parsed, name)) continue;
    const value = parsed[name]!;
    return value ? { value, file } : undefined;
  }
  return undefined;
}

/** Picks QSTASH_CURRENT_SIGNING_KEY and QSTASH_NEXT_SIGNING_KEY from env file texts in Next's order (parsed, never put in process.env). */
export function pickQStashKeys(files: readonly { file: string; text: string | undefined }[]): Omit<LoadedQStashKeys, 'warnings'> {
  const current = firstDefined(files, CURRENT_SIGNING_KEY);
  const next = firstDefined(files, NEXT_SIGNING_KEY);
  if (!current) return { current: undefined, next: undefined, source: { kind: 'missing', searched: [...NEXT_DEV_ENV_FILES], nextFound: next !== undefined } };
  return {
    current: current.value,
    next: next?.value,
    source: { kind: 'env-file', current: { file: current.file, length: current.value.length }, next: next && { file: next.file, length: next.value.length } },
  };
}

function loadedKeys(appDir: string, reads: readonly FileRead[]): LoadedQStashKeys {
  const warnings: string[] = [];
  const files = NEXT_DEV_ENV_FILES.map((file, i) => {
    const read = reads[i]!;
    if (read.kind === 'skipped') warnings.push(`${path.join(appDir, file)} ${read.reason}; skipped`);
    return { file, text: read.kind === 'text' ? read.text : undefined };
  });
  return { ...pickQStashKeys(files), warnings };
}

/** The signing keys of `appDir`'s env files (CLI). */
export function loadQStashKeysSync(appDir: string): LoadedQStashKeys {
  return loadedKeys(appDir, NEXT_DEV_ENV_FILES.map((file) => readRegularFileSync(path.join(appDir, file), ENV_FILE_MAX_BYTES)));
}

/** The same, without blocking the extension host. */
export async function loadQStashKeys(appDir: string): Promise<LoadedQStashKeys> {
  return loadedKeys(appDir, await Promise.all(NEXT_DEV_ENV_FILES.map((file) => readRegularFile(path.join(appDir, file), ENV_FILE_MAX_BYTES))));
}
