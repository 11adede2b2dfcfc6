import type { TextEdit } from '../../types';
import { separatorBefore } from '../jsonEdits';
import { rootProperty, type VercelDoc } from '../model';
import type { Finding, Fix } from '../../diagnostics';
import type { VercelRule } from '../context';

/** What the vercel CLI's schema accepts as a Schedules entry's `name`. */
const SCHEDULE_NAME = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;


/**
 * Rewrites the object keyed by name as the array the CLI accepts, in place: the braces become
 * brackets and each `"nightly": {` becomes `{ "name": "nightly",`; the entries keep their text.
 * Offered only when every entry can be written so (an object, a name the schema accepts, no
 * `name` key of its own).
 */
function toArrayFix(doc: VercelDoc): Fix | undefined {
  const schedules = rootProperty(doc, 'schedules')?.value;
  if (schedules?.type !== 'object' || !schedules.children) return undefined;
  const properties = schedules.children;
  if (properties.length !== doc.schedules.length || properties.length === 0) return undefined;
  if (doc.schedules.some((entry) => !entry.name || !SCHEDULE_NAME.test(entry.name) || entry.properties.some((p) => p.key === 'name'))) return undefined;
  const last = schedules.offset + schedules.length - 1;
  if (doc.text[schedules.offset] !== '{' || doc.text[last] !== '}') return undefined;
  const edits: TextEdit[] = [{ offset: schedules.offset, length: 1, content: '[' }];
  for (const entry of doc.schedules) {
    // Key and colon go; the value's own brace stays and takes the name first.
    edits.push({ offset: entry.nameSpan.start, length: entry.node.offset - entry.nameSpan.start, content: '' });
    const first = entry.properties[0];
    const name = `"name": ${JSON.stringify(entry.name)}`;
    edits.push(
      first
        ? { offset: first.span.start, length: 0, content: `${name},${separatorBefore(doc.text, first.span.start)}` }
        : { offset: entry.node.offset + 1, length: entry.node.length - 2, content: ` ${name} ` },
    );
  }
  edits.push({ offset: last, length: 1, content: ']' });
  return { title: 'Write "schedules" as an array of entries with "name" (the shape the vercel CLI validates)', edits, safe: false, preferred: true };
}

/**
 * `schedules-shape`: the docs show `schedules` as an object keyed by name, but the vercel CLI
 * (64.0.2) validates only an array of entries with `name` ("should be array"). The platform's
 * own word disagrees, so a warning.
 */
export const schedulesShapeRule: VercelRule = {
  codes: ['schedules-shape'],
  scope: 'file',
  check({ doc }) {
    if (doc.schedulesShape !== 'object') return [];
    const property = rootProperty(doc, 'schedules');
    if (!property?.value) return [];
    const fix = toArrayFix(doc);
    const finding: Finding = {
      code: 'schedules-shape',
      severity: 'warning',
      span: property.keySpan,
      fixes: fix ? [fix] : [],
      message:
        '"schedules" is an object keyed by name, as Vercel\'s docs show, but the vercel CLI (64.0.2) validates "schedules" only as an array of entries with "name", so a local deploy fails with "should be array". Write it as [{ "name": "nightly", "schedule": …, … }]; this is a warning while the docs and the CLI disagree.',
    };
    return [finding];
  },
};
