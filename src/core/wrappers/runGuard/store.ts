import type { Source } from '../source';

/** The part of the helper that keeps claims: imports, a doc paragraph, and claimSlot/releaseSlot. */
export interface StoreSection {
  /** Import lines, in order. */
  imports: string[];
  /** Lines of the module doc comment about this store, without the leading ` * `. */
  doc: string[];
  /** Defines `claimSlot(key, ttlSeconds): Promise<boolean>` and `releaseSlot(key): Promise<void>`. */
  code: string;
}

/** Reads a connection setting, failing with its name rather than connecting somewhere by default. */
export function requiredEnvCode({ t }: Source): string {
  return `function requiredEnv(name${t(': string')})${t(': string')} {
  const value = process.env[name];
  if (!value) throw new Error(\`\${name} is not set: the cron run guard cannot reach its store\`);
  return value;
}`;
}
