import { zonedParts } from '../../time/zones';
import { isValidTimeZone } from '../../time/zones';
import type { TextEdit } from '../../types';
import { type JsonProperty, type ScheduleEntry, stringValue } from '../model';
import type { Finding, Fix } from '../../diagnostics';
import type { VercelRule } from '../context';

const ALLOWED = new Set(['path', 'schedule']);

/** The keys of a Schedules entry in the vercel CLI's (64.0.2) schema, which has additionalProperties: false. */
const SCHEDULE_KEYS = new Set(['name', 'schedule', 'timezone', 'jitter', 'path', 'function', 'topic', 'entrypoint', 'requestMethod', 'service']);

function scheduleFindings(entry: ScheduleEntry): Finding[] {
  return entry.properties
    .filter((property) => !SCHEDULE_KEYS.has(property.key))
    .map((property) => ({
      code: 'unknown-property',
      severity: 'error',
      span: property.span,
      fixes: [{ title: `Remove "${property.key}"`, edits: removeProperty(entry, property.key), safe: false }],
      message: `A schedules entry takes only name, schedule, timezone, jitter, one target (path, function, topic or entrypoint), requestMethod and service; the vercel CLI's schema refuses "${property.key}", so the deploy fails. Remove it${property.key === 'timeZone' || property.key === 'tz' ? ' (the zone is "timezone")' : ''}.`,
    }));
}

/** Deletes one property with the comma that joins it to a neighbour, leaving the rest untouched. */
export function removeProperty(entry: { properties: readonly JsonProperty[] }, key: string): TextEdit[] {
  const index = entry.properties.findIndex((p) => p.key === key);
  const property = entry.properties[index];
  if (!property) return [];
  const previous = entry.properties[index - 1];
  const next = entry.properties[index + 1];
  let start = property.span.start;
  let end = property.span.end;
  if (previous) start = previous.span.end;
  else if (next) end = next.span.start;
  return [{ offset: start, length: end - start, content: '' }];
}

/** Minutes east of UTC for `zone` at `now`. */
function offsetMinutes(zone: string, now: Date): number {
  const { offset } = zonedParts(now, zone);
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  return sign * ((hours ?? 0) * 60 + (minutes ?? 0));
}

/**
 * The schedule moved from `zone` to UTC at today's offset, when the shift is expressible:
 * plain minute and hour values, and day fields that either stay `*` or are plain weekdays.
 */
export function shiftToUtc(expression: string, zone: string, now: Date): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 || !/^\d+$/.test(fields[0]!) || !/^\d+(,\d+)*$/.test(fields[1]!)) return undefined;
  const offset = offsetMinutes(zone, now);
  const times = fields[1]!.split(',').map((h) => Number(h) * 60 + Number(fields[0]) - offset);
  const dayShifts = new Set(times.map((t) => Math.floor(t / 1440)));
  if (dayShifts.size !== 1) return undefined;
  const dayShift = [...dayShifts][0]!;
  const minutes = new Set(times.map((t) => ((t % 1440) + 1440) % 1440 % 60));
  if (minutes.size !== 1) return undefined;
  const hours = [...new Set(times.map((t) => Math.floor((((t % 1440) + 1440) % 1440) / 60)))].sort((a, b) => a - b);
  const [dom, month] = [fields[2]!, fields[3]!];
  let dow = fields[4]!;
  if (dayShift !== 0) {
    if (dom !== '*' || month !== '*') return undefined;
    if (dow !== '*') {
      if (!/^\d(,\d)*$/.test(dow)) return undefined;
      dow = [...new Set(dow.split(',').map((d) => (((Number(d) + dayShift) % 7) + 7) % 7))].sort((a, b) => a - b).join(',');
    }
  }
  return `${[...minutes][0]} ${hours.join(',')} ${dom} ${month} ${dow}`;
}

/** `unknown-property`: Vercel's schema allows only path and schedule in a crons entry, and its own keys in a schedules entry. */
export const unknownPropertyRule: VercelRule = {
  codes: ['unknown-property'],
  scope: 'file',
  check({ doc, now }) {
    const findings: Finding[] = [];
    for (const entry of doc.crons) {
      for (const property of entry.properties) {
        if (ALLOWED.has(property.key)) continue;
        const remove: Fix = { title: `Remove "${property.key}"`, edits: removeProperty(entry, property.key), safe: false };
        const quote = `Invalid ${doc.source?.file ?? 'vercel.json'} - \`crons[${entry.index}]\` should NOT have additional property \`${property.key}\`.`;
        if (property.key === 'timezone' || property.key === 'timeZone' || property.key === 'tz') {
          const zone = property.value?.type === 'string' ? String(property.value.value) : undefined;
          const schedule = stringValue(entry.schedule);
          const fixes: Fix[] = [];
          if (zone && isValidTimeZone(zone) && schedule && entry.schedule) {
            const shifted = shiftToUtc(schedule, zone, now);
            if (shifted) {
              fixes.push({
                title: `Convert to UTC at today's offset: "${shifted}" (DST will shift it by an hour)`,
                edits: [{ offset: entry.schedule.node.offset, length: entry.schedule.node.length, content: JSON.stringify(shifted) }, ...removeProperty(entry, property.key)],
                safe: false,
                preferred: true,
              });
            }
          }
          fixes.push(remove);
          findings.push({
            code: 'unknown-property',
            severity: 'error',
            span: property.span,
            fixes,
            message: `Vercel cron jobs always run in UTC and accept no "${property.key}": the deploy fails with "${quote}" Convert the schedule to UTC (Vercel Schedules, in beta, do take a timezone).`,
          });
          continue;
        }
        findings.push({
          code: 'unknown-property',
          severity: 'error',
          span: property.span,
          fixes: [remove],
          message: `A crons entry takes only "path" and "schedule" (Vercel always sends GET with its own headers), so the deploy fails with "${quote}" Remove it.`,
        });
      }
    }
    for (const entry of doc.schedules) findings.push(...scheduleFindings(entry));
    return findings;
  },
};
