import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'dotenv';
import type { SecretSource } from '../../core/trigger/secret';

/**
 * The files `next dev` loads, highest priority first (@next/env with NODE_ENV=development):
 * the first file that defines a variable wins.
 */
export const NEXT_DEV_ENV_FILES = ['.env.development.local', '.env.local', '.env.development', '.env'] as const;

export interface LoadedSecret {
  /** Undefined when no file defines CRON_SECRET, or defines it empty. */
  value: string | undefined;
  source: SecretSource;
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

function readOptional(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // Missing or unreadable: Next skips it too.
    return undefined;
  }
}

/** CRON_SECRET as `next dev` in `appDir` would see it from its env files (CLI). */
export function loadCronSecretSync(appDir: string): LoadedSecret {
  return pickCronSecret(NEXT_DEV_ENV_FILES.map((file) => ({ file, text: readOptional(path.join(appDir, file)) })));
}

/** The same, without blocking the extension host. */
export async function loadCronSecret(appDir: string): Promise<LoadedSecret> {
  const texts = await Promise.all(
    NEXT_DEV_ENV_FILES.map((file) =>
      fs.promises.readFile(path.join(appDir, file), 'utf8').then(
        (text) => text,
        () => undefined,
      ),
    ),
  );
  return pickCronSecret(NEXT_DEV_ENV_FILES.map((file, i) => ({ file, text: texts[i] })));
}
