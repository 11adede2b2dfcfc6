import type { Node } from 'jsonc-parser';
import { type AST, parseTOML } from 'toml-eslint-parser';
import { MAX_JSON_DEPTH, tooDeepMessage } from '../jsonc';
import type { Span } from '../types';

/**
 * vercel.toml as the tree jsonc-parser would give for the same configuration, with every offset
 * in the TOML text: a key's node is its (last) key segment, a value's node its literal, an entry
 * of `[[crons]]` the table with its header. So the vercel.json model, its rules, hovers and lenses
 * read TOML unchanged. Tables and dotted keys build the objects they name; a container made by
 * several headers spans all of them.
 */
export interface TomlTree {
  root: Node | undefined;
  /** The parser's syntax error: TOML allows no recovery, so nothing of the file is read then. */
  errors: { span: Span; message: string }[];
}

type MutableNode = { -readonly [K in keyof Node]: Node[K] } & { parent?: MutableNode; children?: MutableNode[] };

/** Thrown by the tree builder at a key that nests past MAX_JSON_DEPTH: the walkers over the tree recurse. */
class TooDeep {
  constructor(readonly offset: number) {}
}

function tooDeep(offset: number, length: number): TomlTree {
  return { root: undefined, errors: [{ span: { start: offset, end: Math.min(offset + 1, length) }, message: tooDeepMessage() }] };
}

export function parseTomlTree(text: string): TomlTree {
  const deep = excessiveTomlNesting(text, MAX_JSON_DEPTH);
  if (deep >= 0) return tooDeep(deep, text.length);
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch (error) {
    // The scan above counts at least the depth the parser recurses, so this is a backstop: an
    // overflow would otherwise read as "not valid TOML", true or not depending on the machine.
    if (error instanceof RangeError) return tooDeep(0, text.length);
    const index = typeof (error as { index?: unknown }).index === 'number' ? Math.min(Math.max(0, (error as { index: number }).index), text.length) : 0;
    const message = error instanceof Error ? error.message : String(error);
    return { root: undefined, errors: [{ span: { start: index, end: Math.min(index + 1, text.length) }, message }] };
  }
  const root: MutableNode = { type: 'object', offset: 0, length: text.length, children: [] };
  try {
    for (const item of program.body[0].body) {
      if (item.type === 'TOMLKeyValue') addKeyValue(root, item, 0);
      else addTable(root, item);
    }
  } catch (error) {
    if (error instanceof TooDeep) return tooDeep(error.offset, text.length);
    throw error;
  }
  fitSpans(root);
  return { root, errors: [] };
}

/**
 * The offset of the first `[` or `{` nested deeper than `limit` in TOML, or -1. Strings (basic,
 * literal, multi-line) and comments are skipped as TOML reads them, and a closer pops only its
 * own opener, so the count is never below the depth toml-eslint-parser recurses to. Dotted keys
 * nest too without a bracket: the tree builder bounds those.
 */
export function excessiveTomlNesting(text: string, limit: number): number {
  const open: number[] = [];
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) {
      while (i < length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      i = stringEnd(text, i);
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      open.push(c);
      if (open.length > limit) return i;
    } else if ((c === 0x5d /* ] */ && open[open.length - 1] === 0x5b) || (c === 0x7d /* } */ && open[open.length - 1] === 0x7b)) {
      open.pop();
    }
  }
  return -1;
}

/** The offset of the last character of the string starting at `start` (its closing quote, or where it breaks off). */
function stringEnd(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  const escapes = quote === 0x22;
  const triple = text[start]!.repeat(3);
  let i = start;
  if (text.startsWith(triple, i)) {
    for (i += 3; i < text.length && !text.startsWith(triple, i); i++) if (escapes && text.charCodeAt(i) === 0x5c) i++;
    // A multi-line string may end with one or two quotes of its own before the closing three.
    while (text.charCodeAt(i + 3) === quote) i++;
    return i + 2;
  }
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (escapes && c === 0x5c) i++;
    else if (c === quote || c === 0x0a || c === 0x0d) return i;
  }
  return i;
}

function keyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}

function rangeNode(type: Node['type'], range: readonly [number, number], parent: MutableNode | undefined): MutableNode {
  return { type, offset: range[0], length: range[1] - range[0], parent, ...(type === 'object' || type === 'array' || type === 'property' ? { children: [] } : {}) };
}

/** The value of `name` in `object`, made (as `make` says) when the object has none yet. */
function propertyValue(object: MutableNode, segment: AST.TOMLBare | AST.TOMLQuoted, span: readonly [number, number], make: (property: MutableNode) => MutableNode): MutableNode {
  const name = keyName(segment);
  const existing = object.children!.find((p) => p.children?.[0]?.value === name);
  if (existing?.children?.[1]) return existing.children[1];
  const property = rangeNode('property', span, object);
  property.children!.push({ type: 'string', value: name, offset: segment.range[0], length: segment.range[1] - segment.range[0], parent: property });
  const value = make(property);
  property.children!.push(value);
  object.children!.push(property);
  return value;
}

/** The object a key segment names inside `object`: a table made by an earlier header, the last table of an array of tables, or a new one. */
function descend(object: MutableNode, segment: AST.TOMLBare | AST.TOMLQuoted, span: readonly [number, number], depth: number): MutableNode {
  if (depth > MAX_JSON_DEPTH) throw new TooDeep(segment.range[0]);
  const value = propertyValue(object, segment, span, (property) => rangeNode('object', span, property));
  if (value.type === 'array') {
    const last = value.children![value.children!.length - 1];
    if (last?.type === 'object') return last;
  }
  return value;
}

/** `depth`: how many objects and arrays hold `object`, bounded as jsonc-parser's input is. */
function addKeyValue(object: MutableNode, keyValue: AST.TOMLKeyValue, depth: number): void {
  const segments = keyValue.key.keys;
  let container = object;
  for (const segment of segments.slice(0, -1)) container = descend(container, segment, keyValue.range, ++depth);
  const last = segments[segments.length - 1];
  if (!last) return;
  propertyValue(container, last, keyValue.range, (property) => convert(keyValue.value, property, depth + 1));
}

function addTable(root: MutableNode, table: AST.TOMLTable): void {
  const segments = table.key.keys;
  let container = root;
  let depth = 0;
  for (const segment of segments.slice(0, -1)) container = descend(container, segment, table.range, ++depth);
  const last = segments[segments.length - 1];
  if (!last) return;
  if (table.kind === 'array') {
    const array = propertyValue(container, last, table.range, (property) => rangeNode('array', table.range, property));
    // A header [[a]] after a = 1 is the parser's error; anything else here is an array.
    if (array.type !== 'array') return;
    container = rangeNode('object', table.range, array);
    array.children!.push(container);
    depth += 2;
  } else {
    container = descend(container, last, table.range, ++depth);
  }
  for (const keyValue of table.body) addKeyValue(container, keyValue, depth);
}

function convert(value: AST.TOMLContentNode, parent: MutableNode, depth: number): MutableNode {
  if (depth > MAX_JSON_DEPTH) throw new TooDeep(value.range[0]);
  if (value.type === 'TOMLArray') {
    const array = rangeNode('array', value.range, parent);
    for (const element of value.elements) array.children!.push(convert(element, array, depth + 1));
    return array;
  }
  if (value.type === 'TOMLInlineTable') {
    const object = rangeNode('object', value.range, parent);
    for (const keyValue of value.body) addKeyValue(object, keyValue, depth);
    return object;
  }
  const node = rangeNode('string', value.range, parent);
  switch (value.kind) {
    case 'string':
      node.value = value.value;
      break;
    case 'integer':
    case 'float':
      node.type = 'number';
      node.value = Number(value.value);
      break;
    case 'boolean':
      node.type = 'boolean';
      node.value = value.value;
      break;
    default:
      // Dates and times: Vercel's configuration has none; kept as their text.
      node.value = value.value instanceof Date ? value.value.toISOString() : String(value.value);
  }
  return node;
}

/** Containers built from several headers (and the properties holding them) span all of their parts. */
function fitSpans(node: MutableNode): void {
  if (!node.children) return;
  let start = node.offset;
  let end = node.offset + node.length;
  for (const child of node.children) {
    fitSpans(child);
    start = Math.min(start, child.offset);
    end = Math.max(end, child.offset + child.length);
  }
  node.offset = start;
  node.length = end - start;
}
