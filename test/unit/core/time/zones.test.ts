import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatDuration,
  formatRelative,
  isValidTimeZone,
  offsetLabel,
  toShortLocal,
  toZonedIso,
  zonedParts,
} from '../../../../src/core/time/zones';

const AT = new Date('2026-11-28T02:00:00Z');

describe('toZonedIso', () => {
  const cases: [string, string, string][] = [
    ['2026-11-28T02:00:00Z', 'UTC', '2026-11-28T02:00:00+00:00'],
    ['2026-11-28T02:00:00Z', 'Etc/UTC', '2026-11-28T02:00:00+00:00'],
    ['2026-11-28T02:00:00Z', 'Europe/London', '2026-11-28T02:00:00+00:00'],
    ['2026-07-01T12:00:00Z', 'Europe/London', '2026-07-01T13:00:00+01:00'],
    ['2026-11-28T02:00:00Z', 'America/New_York', '2026-11-27T21:00:00-05:00'],
    ['2026-07-01T12:00:00Z', 'America/New_York', '2026-07-01T08:00:00-04:00'],
    ['2026-11-28T05:00:00Z', 'America/New_York', '2026-11-28T00:00:00-05:00'],
    ['2026-11-28T02:00:00Z', 'Asia/Kolkata', '2026-11-28T07:30:00+05:30'],
    ['2026-11-28T02:00:00Z', 'Asia/Kathmandu', '2026-11-28T07:45:00+05:45'],
    ['2026-11-28T02:00:00Z', 'America/St_Johns', '2026-11-27T22:30:00-03:30'],
    ['2026-11-28T02:00:00Z', 'Australia/Adelaide', '2026-11-28T12:30:00+10:30'],
    ['2026-07-01T02:00:00Z', 'Australia/Adelaide', '2026-07-01T11:30:00+09:30'],
    ['2026-11-28T02:00:00Z', 'Pacific/Chatham', '2026-11-28T15:45:00+13:45'],
    ['2026-11-28T02:00:00Z', 'Pacific/Kiritimati', '2026-11-28T16:00:00+14:00'],
    ['2026-11-28T02:00:00Z', 'Pacific/Pago_Pago', '2026-11-27T15:00:00-11:00'],
    ['2026-11-28T02:00:05Z', 'UTC', '2026-11-28T02:00:05+00:00'],
    ['2028-02-29T23:30:00Z', 'Asia/Tokyo', '2028-03-01T08:30:00+09:00'],
    // Years outside 0000-9999 take ISO 8601's extended form, as toISOString writes them (#14).
    ['+010000-01-01T05:00:00Z', 'UTC', '+010000-01-01T05:00:00+00:00'],
    ['+010000-01-01T05:00:00Z', 'America/New_York', '+010000-01-01T00:00:00-05:00'],
    ['+010000-01-01T02:00:00Z', 'America/New_York', '9999-12-31T21:00:00-05:00'],
    ['0000-01-02T05:00:00Z', 'UTC', '0000-01-02T05:00:00+00:00'],
    ['0999-03-01T00:00:00Z', 'UTC', '0999-03-01T00:00:00+00:00'],
    ['-000001-06-01T00:00:00Z', 'UTC', '-000001-06-01T00:00:00+00:00'],
    // Local mean time has an offset in seconds: kept, so the time and offset name the instant.
    ['1850-06-01T00:00:00Z', 'America/New_York', '1850-05-31T19:03:58-04:56:02'],
  ];
  for (const [instant, zone, expected] of cases) {
    it(`${instant} in ${zone} → ${expected}`, () => {
      assert.equal(toZonedIso(new Date(instant), zone), expected);
    });
  }

  it('writes midnight as 00, never 24', () => {
    assert.equal(toZonedIso(new Date('2026-11-29T00:00:00Z'), 'UTC'), '2026-11-29T00:00:00+00:00');
    assert.equal(toZonedIso(new Date('2026-11-28T18:30:00Z'), 'Asia/Kolkata'), '2026-11-29T00:00:00+05:30');
  });

  it('round-trips: parsing the result gives back the instant', () => {
    const zones = [
      'UTC',
      'America/New_York',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'America/St_Johns',
      'Europe/Berlin',
    ];
    const start = Date.UTC(2026, 0, 1);
    for (const zone of zones) {
      // Every 7 h 13 min for a year crosses every DST change at a different time of day.
      for (let t = start; t < start + 366 * 86_400_000; t += 26_000_000) {
        const text = toZonedIso(new Date(t), zone);
        assert.equal(Date.parse(text), Math.floor(t / 1000) * 1000, `${zone} ${text}`);
      }
    }
  });

  it('shows both sides of the New York fall-back hour with their offsets', () => {
    assert.equal(toZonedIso(new Date('2027-11-07T05:30:00Z'), 'America/New_York'), '2027-11-07T01:30:00-04:00');
    assert.equal(toZonedIso(new Date('2027-11-07T06:30:00Z'), 'America/New_York'), '2027-11-07T01:30:00-05:00');
  });
});

describe('zonedParts, toShortLocal and offsetLabel', () => {
  it('give the weekday and the offset', () => {
    const parts = zonedParts(AT, 'America/New_York');
    assert.equal(parts.weekday, 'Fri');
    assert.equal(parts.offset, '-05:00');
    assert.equal(zonedParts(AT, 'UTC').weekday, 'Sat');
  });
  it('short local form hides zero seconds', () => {
    assert.equal(toShortLocal(AT, 'UTC'), 'Sat 2026-11-28 02:00');
    assert.equal(toShortLocal(new Date('2026-11-28T02:00:07Z'), 'UTC'), 'Sat 2026-11-28 02:00:07');
    assert.equal(toShortLocal(AT, 'Asia/Kolkata'), 'Sat 2026-11-28 07:30');
  });
  it('labels UTC as UTC and others by offset', () => {
    assert.equal(offsetLabel(AT, 'UTC'), 'UTC');
    assert.equal(offsetLabel(AT, 'Asia/Kolkata'), 'UTC+05:30');
    assert.equal(offsetLabel(AT, 'America/New_York'), 'UTC-05:00');
  });
});

describe('formatRelative', () => {
  const at = (seconds: number) => new Date(AT.getTime() + seconds * 1000);
  const cases: [number, string][] = [
    [5 * 3600 + 12 * 60, 'in 5 h 12 min'],
    [5 * 3600 + 12 * 60 + 30, 'in 5 h 12 min'],
    [45, 'in 45 s'],
    [2 * 60 + 5, 'in 2 min 5 s'],
    [60, 'in 1 min'],
    [3600, 'in 1 h'],
    [3600 + 30, 'in 1 h'],
    [3 * 86_400 + 4 * 3600, 'in 3 d 4 h'],
    [86_400 + 30 * 60, 'in 1 d'],
    [400 * 86_400, 'in 400 d'],
    [0, 'now'],
    [0.4, 'now'],
    [-5 * 60, '5 min ago'],
    [-(2 * 86_400 + 3600), '2 d 1 h ago'],
  ];
  for (const [seconds, expected] of cases) {
    it(`${seconds} s → "${expected}"`, () => {
      assert.equal(formatRelative(at(seconds), AT), expected);
    });
  }
});

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0 s'],
    [1, '1 s'],
    [45, '45 s'],
    [60, '1 min'],
    [900, '15 min'],
    [3600, '1 h'],
    [3661, '1 h 1 min'],
    [5400, '1 h 30 min'],
    [86_400, '1 d'],
    [90_061, '1 d 1 h'],
    [172_800, '2 d'],
    [604_800, '7 d'],
    [1461 * 86_400, '1461 d'],
  ];
  for (const [seconds, expected] of cases) {
    it(`${seconds} s → "${expected}"`, () => {
      assert.equal(formatDuration(seconds), expected);
    });
  }
});

describe('isValidTimeZone', () => {
  for (const zone of ['UTC', 'Etc/UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
    it(`${zone} is valid`, () => assert.equal(isValidTimeZone(zone), true));
  }
  for (const zone of ['', 'Mars/Olympus', 'Not a zone', 'America/New York', 'x'.repeat(65), 'Europe/Berlin '.repeat(5)]) {
    it(`${JSON.stringify(zone.slice(0, 20))} is not valid`, () => assert.equal(isValidTimeZone(zone), false));
  }
  it('answers the same on a second (cached) call', () => {
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
    assert.equal(isValidTimeZone('Asia/Tokyo'), true);
    assert.equal(isValidTimeZone('Asia/Tokyo'), true);
  });
});
