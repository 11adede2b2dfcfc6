/**
 * Where a YAML scalar's value is written, for readers of workflow files. The `yaml` package keeps
 * each node's source range. A job's expression span is the literal as written, as for vercel.json:
 * a quoted scalar with its quotes (schedulers/present.ts maps offsets inside the expression into
 * it), a plain scalar as it stands, and a one-line block scalar's content line, so offsets inside
 * the expression are offsets into the file wherever the text reads as the value.
 */
import { isAlias, isScalar, type Document, type Node as YamlNode, type Scalar } from 'yaml';
import type { Span } from '../types';

/** A string scalar's value and where it is written. */
export interface ScalarString {
  /** The value; a block scalar's without the line breaks its chomping keeps at the end. */
  value: string;
  /** The scalar as written (quotes included), or a one-line block scalar's content line. */
  span: Span;
}

/** The scalar a node is, following one alias to the scalar it names. */
export function scalarOf(node: unknown, doc: Document): Scalar | undefined {
  if (isScalar(node)) return node;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return isScalar(target) ? target : undefined;
  }
  return undefined;
}

/** A node's value when it is a string scalar (an alias to one included); numbers, booleans, null and collections are not. */
export function stringScalar(node: YamlNode | unknown, doc: Document, text: string): ScalarString | undefined {
  const scalar = scalarOf(node, doc);
  if (!scalar || typeof scalar.value !== 'string' || !scalar.range) return undefined;
  const [start, end] = scalar.range;
  if (scalar.type !== 'BLOCK_LITERAL' && scalar.type !== 'BLOCK_FOLDED') return { value: scalar.value, span: { start, end } };
  const value = scalar.value.replace(/[\r\n]+$/, '');
  return { value, span: blockContentSpan(text, start, end, value) ?? { start, end } };
}

/** A block scalar's one content line: after the header's line break and the indentation. */
function blockContentSpan(text: string, start: number, end: number, value: string): Span | undefined {
  if (value.includes('\n')) return undefined;
  const lineEnd = text.indexOf('\n', start);
  if (lineEnd < 0 || lineEnd >= end) return undefined;
  let at = lineEnd + 1;
  while (at < end && (text[at] === ' ' || text[at] === '\r' || text[at] === '\n')) at++;
  return text.startsWith(value, at) && at + value.length <= end ? { start: at, end: at + value.length } : undefined;
}
