import type { Node } from 'jsonc-parser';
import { type AST, parseTOML } from 'toml-eslint-parser';
import { excessiveNestingOffset, tooDeepMessage } from '../jsonc';
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

export function parseTomlTree(text: string): TomlTree {
  const deep = excessiveNestingOffset(text);
  if (deep >= 0) return { root: undefined, errors: [{ span: { start: deep, end: deep + 1 }, message: tooDeepMessage() }] };
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch (error) {
    const index = typeof (error as { index?: unknown }).index === 'number' ? Math.min(Math.max(0, (error as { index: number }).index), text.length) : 0;
    const message = error instanceof Error ? error.message : String(error);
    return { root: undefined, errors: [{ span: { start: index, end: Math.min(index + 1, text.length) }, message }] };
  }
  const root: MutableNode = { type: 'object', offset: 0, length: text.length, children: [] };
  for (const item of program.body[0].body) {
    if (item.type === 'TOMLKeyValue') addKeyValue(root, item);
    else addTable(root, item);
  }
  fitSpans(root);
  return { root, errors: [] };
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
function descend(object: MutableNode, segment: AST.TOMLBare | AST.TOMLQuoted, span: readonly [number, number]): MutableNode {
  const value = propertyValue(object, segment, span, (property) => rangeNode('object', span, property));
  if (value.type === 'array') {
    const last = value.children![value.children!.length - 1];
    if (last?.type === 'object') return last;
  }
  return value;
}

function addKeyValue(object: MutableNode, keyValue: AST.TOMLKeyValue): void {
  const segments = keyValue.key.keys;
  let container = object;
  for (const segment of segments.slice(0, -1)) container = descend(container, segment, keyValue.range);
  const last = segments[segments.length - 1];
  if (!last) return;
  propertyValue(container, last, keyValue.range, (property) => convert(keyValue.value, property));
}

function addTable(root: MutableNode, table: AST.TOMLTable): void {
  const segments = table.key.keys;
  let container = root;
  for (const segment of segments.slice(0, -1)) container = descend(container, segment, table.range);
  const last = segments[segments.length - 1];
  if (!last) return;
  if (table.kind === 'array') {
    const array = propertyValue(container, last, table.range, (property) => rangeNode('array', table.range, property));
    // A header [[a]] after a = 1 is the parser's error; anything else here is an array.
    if (array.type !== 'array') return;
    container = rangeNode('object', table.range, array);
    array.children!.push(container);
  } else {
    container = descend(container, last, table.range);
  }
  for (const keyValue of table.body) addKeyValue(container, keyValue);
}

function convert(value: AST.TOMLContentNode, parent: MutableNode): MutableNode {
  if (value.type === 'TOMLArray') {
    const array = rangeNode('array', value.range, parent);
    for (const element of value.elements) array.children!.push(convert(element, array));
    return array;
  }
  if (value.type === 'TOMLInlineTable') {
    const object = rangeNode('object', value.range, parent);
    for (const keyValue of value.body) addKeyValue(object, keyValue);
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
