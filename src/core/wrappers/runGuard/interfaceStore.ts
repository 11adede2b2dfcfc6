import type { Source } from '../source';
import type { StoreSection } from './store';

/** The line a user replaces with a real store; tests swap it too. */
export const STORE_STUB_TS = 'export const cronRunStore: CronRunStore = {};';

/**
 * No store package found: a typed interface the user must implement. The TypeScript stub does
 * not compile and the JavaScript one throws on first use, because a store in memory would
 * look like it works while every serverless instance keeps claims of its own.
 */
export function interfaceStore(s: Source): StoreSection {
  const stubDoc = `/**
 * TODO: implement claim and release with storage that every server instance shares, for example
 * Redis (SET key value NX EX ttl) or SQL (INSERT ... ON CONFLICT DO NOTHING). Memory will not do:
 * each serverless instance would keep claims of its own and duplicates would run anyway.`;
  const stub = s.typed
    ? `${stubDoc}
 * Until then this line does not compile, on purpose.
 */
${STORE_STUB_TS}`
    : `${stubDoc}
 * Until then every authenticated cron request fails with the error below, on purpose.
 */
export const cronRunStore = {
  async claim(_key, _ttlSeconds) {
    throw notImplemented();
  },
  async release(_key) {
    throw notImplemented();
  },
};

function notImplemented() {
  return new Error('cronRunStore is not implemented: give claim and release storage that every server instance shares (see the cron run guard).');
}`;
  const contract = s.typed
    ? `/** Where claims live. */
export interface CronRunStore {
  /** Records \`key\` for \`ttlSeconds\` unless it is recorded already, atomically; true when this call recorded it. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Forgets \`key\`, so that a retry can claim it. */
  release(key: string): Promise<void>;
}

`
    : '';
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
