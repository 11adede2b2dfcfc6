import type { Node } from 'jsonc-parser';
import { cite, LIMITS } from '../../limits';
import { spanOf, type VercelDoc } from '../model';
import type { Finding, Fix } from '../../diagnostics';
import type { VercelRule } from '../context';

type Expected = 'object' | 'array';

const A: Record<string, string> = { object: 'an object', array: 'an array', string: 'a string', number: 'a number', boolean: 'a boolean', null: 'null' };

function typeOf(node: Node): string {
  return A[node.type] ?? node.type;
}

/** The value of the last property named `key` (JSON.parse, and so Vercel, keeps the last duplicate). */
function lastValue(object: Node, key: string): Node | undefined {
  let value: Node | undefined;
  for (const property of object.children ?? []) {
    const [name, child] = property.children ?? [];
    if (name?.type === 'string' && name.value === key) value = child;
  }
  return value;
}

/** The values of an object's properties (the last of each name). */
function propertyValues(object: Node): Node[] {
  const byKey = new Map<string, Node>();
  for (const property of object.children ?? []) {
    const [name, child] = property.children ?? [];
    if (name?.type === 'string' && child) byKey.set(String(name.value), child);
  }
  return [...byKey.values()];
}

const REFUSED = 'Vercel refuses the file, so the deploy fails';

/** [key, expected type, what it holds, the entries' type and what an entry holds]. */
const SECTIONS: [key: string, expected: Expected, holds: string, entry: string][] = [
  ['crons', 'array', 'an array of jobs: [{ "path": "/api/cron/job", "schedule": "0 3 * * *" }]', 'A crons entry must be an object with "path" and "schedule"'],
  ['functions', 'object', 'an object from file patterns to settings: { "app/api/cron/**": { "maxDuration": 60 } }', 'The settings of a functions pattern must be an object such as { "maxDuration": 60 }'],
];

/** What the CLI's schema accepts as a Schedules entry's `name`. */
const SCHEDULE_NAME = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;

/**
 * The `name` of each entry of the `schedules` array, as the CLI's schema takes it: a string of
 * letters, digits, ".", "_" and "-" that starts with a letter or digit. (In the object keyed by
 * name, the docs' shape, the keys are names the CLI does not read: `schedules-shape` speaks.)
 */
function nameFindings(doc: VercelDoc): Finding[] {
  if (doc.schedulesShape !== 'array') return [];
  const findings: Finding[] = [];
  const max = LIMITS.scheduleFieldMaxLength.value.name;
  for (const entry of doc.schedules) {
    // The last of a duplicated key is the one JSON.parse, and so Vercel, keeps.
    const value = [...entry.properties].reverse().find((p) => p.key === 'name')?.value;
    if (!value) continue;
    const span = spanOf(value);
    if (value.type !== 'string') {
      findings.push({ code: 'invalid-config-shape', severity: 'error', span, fixes: [], message: `A schedule's "name" must be a string such as "nightly-digest", not ${typeOf(value)}: ${REFUSED}.` });
      continue;
    }
    const name = String(value.value);
    const length = [...name].length;
    if (SCHEDULE_NAME.test(name) && length <= max) continue;
    const written = name.replace(/[^0-9A-Za-z._-]+/g, '-').replace(/^[^0-9A-Za-z]+/, '').slice(0, max);
    const fixes: Fix[] = written ? [{ title: `Change to "${written}"`, edits: [{ offset: value.offset, length: value.length, content: JSON.stringify(written) }], safe: false, preferred: true }] : [];
    const why = length > max ? `this one has ${length} (${cite(LIMITS.scheduleFieldMaxLength)})` : name ? `${JSON.stringify(name)} is not such a name` : 'this one is empty';
    findings.push({
      code: 'invalid-config-shape',
      severity: 'error',
      span,
      fixes,
      message: `A schedule's "name" takes only letters, digits, ".", "_" and "-", starting with a letter or digit, at most ${max} of them; ${why}: ${REFUSED}.${written ? ` Write "${written}".` : ''}`,
    });
  }
  return findings;
}

/** `schedules` is an array (what the CLI validates) or an object keyed by name (the docs; `schedules-shape` speaks of it). */
const SCHEDULES_ENTRY = 'A schedules entry must be an object with "schedule" and its target';

/**
 * `invalid-config-shape`: a value of the wrong type where Vercel's schema wants an object or an
 * array (the file itself, `crons`, `functions`, `schedules`, and their entries). The model reads
 * such a value as "no jobs", so without this rule `"crons": {}` would pass as a file without crons.
 */
export const invalidConfigShapeRule: VercelRule = {
  codes: ['invalid-config-shape'],
  scope: 'file',
  check({ doc }) {
    const root = doc.root;
    if (!root) return [];
    const findings: Finding[] = [];
    const wrong = (node: Node, message: string) => findings.push({ code: 'invalid-config-shape', severity: 'error', span: spanOf(node), fixes: [], message });
    if (root.type !== 'object') {
      const must = doc.source ? `${doc.source.file} must export an object ({ crons: [ … ] })` : 'vercel.json must be a JSON object ({ "crons": [ … ] })';
      wrong(root, `${must}, not ${typeOf(root)}: ${REFUSED} and none of its cron jobs runs.`);
      return findings;
    }
    for (const [key, expected, holds, entry] of SECTIONS) {
      const value = lastValue(root, key);
      if (!value) continue;
      if (value.type !== expected) {
        wrong(value, `"${key}" must be ${holds}, not ${typeOf(value)}: ${REFUSED}.`);
        continue;
      }
      const entries = expected === 'array' ? (value.children ?? []) : propertyValues(value);
      for (const child of entries) {
        if (child.type !== 'object') wrong(child, `${entry}, not ${typeOf(child)}: ${REFUSED}.`);
      }
    }
    const schedules = lastValue(root, 'schedules');
    if (schedules && schedules.type !== 'array' && schedules.type !== 'object') {
      wrong(schedules, `"schedules" must be an array of entries: [{ "name": "nightly", "schedule": "0 3 * * *", "path": "/api/cron/job" }], not ${typeOf(schedules)}: ${REFUSED}.`);
    } else if (schedules) {
      for (const child of schedules.type === 'array' ? (schedules.children ?? []) : propertyValues(schedules)) {
        if (child.type !== 'object') wrong(child, `${SCHEDULES_ENTRY}, not ${typeOf(child)}: ${REFUSED}.`);
      }
    }
    findings.push(...nameFindings(doc));
    return findings;
  },
};
