import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fix } from '../../../../src/core/diagnostics';
import { groupVariants } from '../../../../src/core/vercel/fixVariants';

function fix(title: string, variant?: { key: string; ask: boolean }): Fix {
  return { title, edits: [], safe: false, variant: variant && { group: 'run-guard', key: variant.key, label: variant.key, ask: variant.ask } };
}

const titles = (entries: ReturnType<typeof groupVariants>) => entries.map((e) => (Array.isArray(e) ? e.map((f) => f.title) : e.title));

describe('fix variants as code actions', () => {
  it('plain fixes stay as they are, in order', () => {
    assert.deepEqual(titles(groupVariants([fix('a'), fix('b')])), ['a', 'b']);
  });
  it('variants that ask become one entry (a quick pick), where the group first appeared', () => {
    const fixes = [fix('monitor'), fix('guard ioredis', { key: 'ioredis', ask: true }), fix('guard pg', { key: 'pg', ask: true }), fix('guard interface', { key: 'interface', ask: true })];
    assert.deepEqual(titles(groupVariants(fixes)), ['monitor', ['guard ioredis', 'guard pg', 'guard interface']]);
  });
  it('variants that need not ask are their first, default variant', () => {
    const fixes = [fix('guard ioredis', { key: 'ioredis', ask: false }), fix('guard interface', { key: 'interface', ask: false }), fix('monitor')];
    assert.deepEqual(titles(groupVariants(fixes)), ['guard ioredis', 'monitor']);
  });
});
