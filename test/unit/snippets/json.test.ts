import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, type ParseError } from 'jsonc-parser';
import { checkVercelJson } from '../../../src/core/vercel/check';
import { parseVercelJson } from '../../../src/core/vercel/model';
import type { Plan } from '../../../src/core/settings';
import { inserted } from './support';

const NOW = new Date('2026-11-28T01:48:00Z');
const PLANS: Plan[] = ['hobby', 'pro', 'enterprise', 'unknown'];

/**
 * Errors and warnings of the project's own checker, as `[code, message]`. Notes stay out: on Hobby
 * every schedule gets the informational `hobby-precision` (it fires anywhere within the hour).
 */
function findings(text: string, plan: Plan): [string, string][] {
  const all = checkVercelJson(parseVercelJson(text), { plan, now: NOW, project: undefined, rules: {} });
  for (const f of all) if (f.severity === 'info' || f.severity === 'hint') assert.equal(f.code, 'hobby-precision', f.message);
  return all.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => [f.code, f.message]);
}

function parsesAsJson(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  assert.deepEqual(errors, [], text);
  assert.deepEqual(JSON.parse(text), value);
  return value;
}

describe('snippets: json.json', () => {
  it('cron-vercel-json is a vercel.json every plan accepts: no error or warning from the checker', () => {
    const text = inserted('json.json', 'cron-vercel-json');
    assert.deepEqual(parsesAsJson(text), { crons: [{ path: '/api/cron/cleanup-sessions', schedule: '0 3 * * *' }] });
    for (const plan of PLANS) assert.deepEqual(findings(text, plan), [], plan);
  });

  it('cron-vercel-job is one crons entry; inserted at the end of the first, the file stays valid', () => {
    const entry = inserted('json.json', 'cron-vercel-job', { values: { 1: 'send-digest', 2: '0 9 * * 1' } });
    assert.deepEqual(parsesAsJson(entry), { path: '/api/cron/send-digest', schedule: '0 9 * * 1' });
    // $0 of the file snippet sits right after the first entry: where a user types "," and a second one.
    const second = inserted('json.json', 'cron-vercel-job', { values: { 1: 'send-digest' } }).replace(/\n/g, '\n    ');
    const file = inserted('json.json', 'cron-vercel-json', { values: { 0: `,\n    ${second}` } });
    assert.deepEqual(parsesAsJson(file), {
      crons: [
        { path: '/api/cron/cleanup-sessions', schedule: '0 3 * * *' },
        { path: '/api/cron/send-digest', schedule: '0 3 * * *' },
      ],
    });
    for (const plan of PLANS) assert.deepEqual(findings(file, plan), [], plan);
  });

  it('the placeholders sit inside the strings, so typed values stay JSON', () => {
    const text = inserted('json.json', 'cron-vercel-json', { values: { 1: 'reports/weekly', 2: '30 6 * * 1-5' } });
    assert.deepEqual(parsesAsJson(text), { crons: [{ path: '/api/cron/reports/weekly', schedule: '30 6 * * 1-5' }] });
    assert.deepEqual(findings(text, 'pro'), []);
  });
});
