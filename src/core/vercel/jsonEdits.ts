import type { Node } from 'jsonc-parser';
import type { TextEdit } from '../types';
import type { JsonProperty } from './model';

/**
 * Property insertions that write the way the file around them is written: a property that
 * stands on its own line gets a sibling on a line of its own with the same indentation, one on a
 * shared line gets `, ` beside it. Comments and the rest of the text are left alone.
 */

/** The text between a property and what precedes it on its line: a newline and its indentation, or a space. */
export function separatorBefore(text: string, offset: number): string {
  const before = /[ \t]*(?:\r?\n[ \t]*)?$/.exec(text.slice(Math.max(0, offset - 200), offset))?.[0] ?? '';
  const newline = before.search(/\r?\n/);
  return newline === -1 ? ' ' : before.slice(newline);
}

/** Inserts `"key": value` right after `after` (one of the object's properties). */
export function insertPropertyAfter(text: string, after: Pick<JsonProperty, 'span'>, key: string, valueJson: string): TextEdit {
  return { offset: after.span.end, length: 0, content: `,${separatorBefore(text, after.span.start)}${JSON.stringify(key)}: ${valueJson}` };
}

/** Adds `"key": value` as the last property of `object` (an object node), or as the only one. */
export function appendProperty(text: string, object: Node, properties: readonly Pick<JsonProperty, 'span'>[], key: string, valueJson: string, indentUnit = '  '): TextEdit {
  const last = properties[properties.length - 1];
  if (last) return insertPropertyAfter(text, last, key, valueJson);
  // `{}` on one line: `{ "key": value }`; an empty object spread over lines gets one indented line.
  const inner = text.slice(object.offset + 1, object.offset + object.length - 1);
  if (!inner.includes('\n') && !inner.trim()) return { offset: object.offset + 1, length: inner.length, content: ` ${JSON.stringify(key)}: ${valueJson} ` };
  const lineStart = text.lastIndexOf('\n', object.offset) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const property = `${newline}${indent}${indentUnit}${JSON.stringify(key)}: ${valueJson}`;
  // An object holding only comments keeps them, after the new property.
  if (inner.trim()) return { offset: object.offset + 1, length: 0, content: property };
  return { offset: object.offset + 1, length: inner.length, content: `${property}${newline}${indent}` };
}

/** The indentation one level adds in this file (the first indented line's), two spaces when none is. */
export function indentUnitOf(text: string): string {
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
}
