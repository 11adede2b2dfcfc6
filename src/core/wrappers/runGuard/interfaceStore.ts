import { singleQuoted, type Source } from '../source';
import type { StoreSection } from './store';

/** Where the helper lives when the caller does not say: what the interface store's errors name by default. */
export function defaultGuardFile(typed: boolean): string {
  return `lib/cron-run-guard.${typed ? 'ts' : 'js'}`;
}

/** The declaration a user replaces with a real store (tests swap it too), in the module written to `file`. */
export function storeStub(s: Pick<Source, 't'>, file: string): string {
  const fail = (method: string, task: string) =>
    `throw new Error(${singleQuoted(`Implement cronRunStore.${method}() in ${file}: ${task}`)});`;
  return `export const cronRunStore${s.t(': CronRunStore')} = {
  async claim() {
    ${fail('claim', 'record the key for ttlSeconds unless it is recorded already, atomically, in storage that every server instance shares (such as Redis SET NX EX, or SQL INSERT ... ON CONFLICT DO NOTHING), and return true when this call recorded it.')}
  },
  async release() {
    ${fail('release', 'forget the key, so that a retry can claim it.')}
  },
};`;
}

/** The stub of the TypeScript module at its default place, as tests and fixtures find it. */
export const STORE_STUB_TS = storeStub({ t: (typescript) => typescript }, defaultGuardFile(true));

/**
 * No store package found: a typed interface the user must implement. The stub compiles (a build
 * must pass, and `next dev` never type-checks: a stub that only failed to compile ran as `{}` and
 * died with "cronRunStore.claim is not a function") and throws an Error naming the method and
 * the file at the first authenticated request. Never a store in memory, because it would look
 * like it works while every serverless instance keeps claims of its own.
 */
export function interfaceStore(s: Source, file: string): StoreSection {
  const stub = `/**
 * TODO: implement claim and release with storage that every server instance shares, for example
 * Redis (SET key value NX EX ttl) or SQL (INSERT ... ON CONFLICT DO NOTHING). Memory will not do:
 * each serverless instance would keep claims of its own and duplicates would run anyway.
 * Until then every authenticated cron request fails with the error below, on purpose.${s.typed ? '' : '\n * @type {CronRunStore}'}
 */
${storeStub(s, file)}`;
  const contract = s.typed
    ? `/** Where claims live. */
export interface CronRunStore {
  /** Records \`key\` for \`ttlSeconds\` unless it is recorded already, atomically; true when this call recorded it. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Forgets \`key\`, so that a retry can claim it. */
  release(key: string): Promise<void>;
}

`
    : `/**
 * Where claims live.
 * @typedef {object} CronRunStore
 * @property {(key: string, ttlSeconds: number) => Promise<boolean>} claim Records \`key\` for \`ttlSeconds\` unless it is recorded already, atomically; true when this call recorded it.
 * @property {(key: string) => Promise<void>} release Forgets \`key\`, so that a retry can claim it.
 */

`;
  const { t } = s;
  return {
    imports: [],
    doc: ['Claims live wherever cronRunStore below keeps them: implement it before deploying.'],
    code: `${contract}${stub}

function claimSlot(key${t(': string')}, ttlSeconds${t(': number')})${t(': Promise<boolean>')} {
  return cronRunStore.claim(key, ttlSeconds);
}

function releaseSlot(key${t(': string')})${t(': Promise<void>')} {
  return cronRunStore.release(key);
}`,
  };
}
