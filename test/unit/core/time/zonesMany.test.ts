import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { zonedParts } from '../../../../src/core/time/zones';

const SEED = Number(process.env.FC_SEED ?? 20261128);
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham', 'Africa/Casablanca', 'Asia/Kathmandu'];

/** Straight from Intl, with no cache: what zonedParts must always agree with. */
function reference(instant: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = get('timeZoneName') === 'GMT' ? '+00:00' : get('timeZoneName').replace('GMT', '');
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${offset}`;
}

function ours(instant: Date, zone: string): string {
  const p = zonedParts(instant, zone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${p.offset}`;
}

describe('zonedParts offset cache', () => {
  it('agrees with Intl for instants around DST changes, twice (cold and warm cache)', () => {
    const instant = fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2031-01-01T00:00:00Z') }).map((t) => new Date(t));
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        assert.equal(ours(at, zone), reference(at, zone));
        assert.equal(ours(at, zone), reference(at, zone));
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('switches offset exactly at a transition (Berlin, 2026-03-29 01:00 UTC)', () => {
    const before = new Date('2026-03-29T00:59:59Z');
    const after = new Date('2026-03-29T01:00:00Z');
    assert.equal(ours(before, 'Europe/Berlin'), '2026-03-29T01:59:59+01:00');
    assert.equal(ours(after, 'Europe/Berlin'), '2026-03-29T03:00:00+02:00');
    assert.equal(ours(before, 'Europe/Berlin'), reference(before, 'Europe/Berlin'));
  });
});
