/**
 * Where a YAML scalar's value is written, for readers of workflow files. The `yaml` package keeps
 * each node's source range; a finding inside an expression needs the range of the value's own
 * characters (inside the quotes, after a block scalar's header), so offsets into the expression
 * are offsets into the file.
 */
import { isAlias, isScalar, type Document, type Node as YamlNode, type Scalar } from 'yaml';
import type { Span } from '../types';

/** A string scalar's value and where it is written. */
export interface ScalarString {
  value: string;
  /**
   * The value's characters in the file when they are written as they read (no escapes, no
   * folded lines); otherwise the whole scalar as written, quotes or header included.
   */
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
  return { value: scalar.value, span: valueSpan(scalar, scalar.value, text) };
}

function valueSpan(scalar: Scalar, value: string, text: string): Span {
  const [start, end] = scalar.range!;
  const whole = { start, end };
  switch (scalar.type) {
    case 'PLAIN':
      // A plain scalar folded over several lines reads differently from its text: then the whole.
      return whole;
    case 'QUOTE_SINGLE':
    case 'QUOTE_DOUBLE': {
      const inner = { start: start + 1, end: end - 1 };
      return end - start >= 2 && text.slice(inner.start, inner.end) === value ? inner : whole;
    }
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      // One line of content: the value stands on the line after the header, after its indentation.
      const content = value.replace(/\n+$/, '');
      if (content.includes('\n')) return whole;
      const lineEnd = text.indexOf('\n', start);
      if (lineEnd < 0 || lineEnd >= end) return whole;
      let at = lineEnd + 1;
      while (at < end && (text[at] === ' ' || text[at] === '\r' || text[at] === '\n')) at++;
      return text.startsWith(content, at) && at + content.length <= end ? { start: at, end: at + content.length } : whole;
    }
    default:
      return whole;
  }
}
