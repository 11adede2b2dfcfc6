/** Time-zone helpers on top of Intl, which Node ships with full ICU data. */

const validity = new Map<string, boolean>();

/** True for IANA zone names Intl knows (and for "UTC"). Cached: Intl construction is slow. */
export function isValidTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  let valid = validity.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    validity.set(zone, valid);
  }
  return valid;
}

/** Edit distance, case-insensitive: "america/new york" is one step from "America/New_York". */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * The IANA zone names closest to a name that is none (at most `count`, nearest first): a typo,
 * a space for "_", or the city alone ("Berlin" → Europe/Berlin). Names longer than a zone name
 * can be get none, which bounds the work to the ~400 names Intl knows.
 */
export function closestTimeZones(zone: string, count = 3): string[] {
  const wanted = zone.trim();
  if (!wanted || wanted.length > 64 || typeof Intl.supportedValuesOf !== 'function') return [];
  const scored: { name: string; score: number }[] = [];
  for (const name of Intl.supportedValuesOf('timeZone')) {
    const city = name.slice(name.lastIndexOf('/') + 1);
    const score = Math.min(distance(wanted, name), distance(wanted.replace(/ /g, '_'), city) + 1);
    if (score <= Math.max(2, Math.floor(wanted.length / 4))) scored.push({ name, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : 1))
    .slice(0, count)
    .map((s) => s.name);
}

export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
      timeZoneName: 'longOffset',
    });
    partFormatters.set(zone, formatter);
  }
  return formatter;
}

export interface ZonedParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  weekday: string;
  /** "+05:30", "-04:00" or "Z"-free "+00:00". */
  offset: string;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number) => String(n).padStart(2, '0');

/** UTC needs no Intl: hovers and tables format many UTC instants. */
function utcParts(instant: Date): ZonedParts {
  return {
    year: String(instant.getUTCFullYear()),
    month: two(instant.getUTCMonth() + 1),
    day: two(instant.getUTCDate()),
    hour: two(instant.getUTCHours()),
    minute: two(instant.getUTCMinutes()),
    second: two(instant.getUTCSeconds()),
    weekday: WEEKDAYS[instant.getUTCDay()]!,
    offset: '+00:00',
  };
}

/**
 * Offsets by zone and quarter hour. Every tz transition falls on a quarter hour in UTC, so
 * one offset holds for its whole bucket; Intl, the slow part of a hover, then runs once per
 * bucket instead of once per run shown.
 */
const offsets = new Map<string, string>();
const QUARTER_HOUR_MS = 900_000;

export function zonedParts(instant: Date, zone: string): ZonedParts {
  if (zone === 'UTC' || zone === 'Etc/UTC') return utcParts(instant);
  const time = instant.getTime();
  const key = `${zone}|${Math.floor(time / QUARTER_HOUR_MS)}`;
  const offset = offsets.get(key);
  if (offset !== undefined && Number.isFinite(time)) {
    return { ...utcParts(new Date(time + offsetMinutes(offset) * 60_000)), offset };
  }
  const parts = intlParts(instant, zone);
  if (Number.isFinite(time)) {
    if (offsets.size > 20_000) offsets.clear();
    offsets.set(key, parts.offset);
  }
  return parts;
}

function intlParts(instant: Date, zone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const part of partsFormatter(zone).formatToParts(instant)) parts[part.type] = part.value;
  const gmt = parts.timeZoneName ?? 'GMT';
  const offset = gmt === 'GMT' ? '+00:00' : gmt.replace('GMT', '');
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
    second: parts.second ?? '',
    weekday: parts.weekday ?? '',
    // Local mean time before 1900 has offsets in seconds (New York's -04:56:02): kept exact, so
    // the wall-clock time and its offset still name the same instant.
    offset: /^[+-]\d\d:\d\d(:\d\d)?$/.test(offset) ? offset : '+00:00',
  };
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)) + Number(offset.slice(7, 9) || 0) / 60);
}

/**
 * ISO-8601 with the zone's offset, e.g. `2026-11-28T22:00:00-05:00`. Years outside 0000-9999
 * take ISO 8601's extended form (`+010000`, `-000001`), as `Date.prototype.toISOString` does.
 */
export function toZonedIso(instant: Date, zone: string): string {
  const p = zonedParts(instant, zone);
  // The wall-clock date from the offset, not Intl's year: Intl writes era years (1 BC for year 0).
  const wall = new Date(instant.getTime() + offsetMinutes(p.offset) * 60_000);
  return `${isoYear(wall.getUTCFullYear())}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${p.offset}`;
}

function isoYear(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, '0');
  return `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
}

/** Short human form for tables and hovers: `Sat 2026-11-28 22:00`, optionally with ` UTC-05:00`. */
export function toShortLocal(instant: Date, zone: string, withOffset = false): string {
  return shortLocal(zonedParts(instant, zone), withOffset);
}

function shortLocal(p: ZonedParts, withOffset: boolean): string {
  const seconds = p.second === '00' ? '' : `:${p.second}`;
  const offset = withOffset ? ` ${p.offset === '+00:00' ? 'UTC' : `UTC${p.offset}`}` : '';
  return `${p.weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds}${offset}`;
}

/** Abbreviated offset label for a zone at an instant: `UTC`, `UTC+01:00`. */
export function offsetLabel(instant: Date, zone: string): string {
  const { offset } = zonedParts(instant, zone);
  return offset === '+00:00' ? 'UTC' : `UTC${offset}`;
}

/** "in 5 h 12 min", "in 3 d 4 h", "in 45 s", "now"; past instants read "5 min ago". */
export function formatRelative(instant: Date, now: Date): string {
  const deltaSeconds = Math.round((instant.getTime() - now.getTime()) / 1000);
  const future = deltaSeconds >= 0;
  let rest = Math.abs(deltaSeconds);
  if (rest < 1) return 'now';
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes && !days) parts.push(`${minutes} min`);
  if (seconds && !days && !hours) parts.push(`${seconds} s`);
  const text = parts.slice(0, 2).join(' ');
  return future ? `in ${text}` : `${text} ago`;
}

/** "every 15 min", "every 1 h 30 min", "every 2 d". */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, label] of units) {
    const count = Math.floor(rest / size);
    if (count) parts.push(`${count} ${label}`);
    rest -= count * size;
  }
  return parts.slice(0, 2).join(' ') || '0 s';
}
