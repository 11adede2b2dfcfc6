import { type Node, type NodeType, printParseErrorCode, visit } from 'jsonc-parser';
import { excessiveNestingOffset, tooDeepMessage } from '../jsonc';
import type { Span } from '../types';

/**
 * A lenient model of vercel.json: jsonc-parser reads half-typed text, comments and trailing
 * commas, so every keystroke still yields crons, schedules and functions with exact spans.
 * What strict JSON would refuse is recorded separately, because Vercel parses strictly.
 */
export interface JsonValue {
  node: Node;
  /** The whole value, quotes included for strings. */
  span: Span;
}

export interface JsonProperty {
  key: string;
  keySpan: Span;
  /** Key through value, for removal. */
  span: Span;
  value: Node | undefined;
}

export interface CronEntry {
  index: number;
  node: Node;
  span: Span;
  properties: JsonProperty[];
  path: JsonValue | undefined;
  schedule: JsonValue | undefined;
}

/** The keys that name what a Schedules entry runs; the CLI's schema wants exactly one. */
export const SCHEDULE_TARGET_KEYS = ['path', 'function', 'topic', 'entrypoint'] as const;
export type ScheduleTargetKey = (typeof SCHEDULE_TARGET_KEYS)[number];

/**
 * One Vercel Schedules entry, from either shape: an element of the `schedules` array (named by
 * its `name`), which the `vercel` CLI's schema accepts, or a property of the object keyed by
 * name that the docs show.
 */
export interface ScheduleEntry {
  /** Its place among the entries: the array index, or the key's order in the object. */
  index: number;
  /** `name` in the array shape, the key in the object shape; undefined when neither is a string. */
  name: string | undefined;
  /** Where the name is written (the key, or the `name` value); the entry itself when it has none. */
  nameSpan: Span;
  node: Node;
  span: Span;
  properties: JsonProperty[];
  schedule: JsonValue | undefined;
  timezone: JsonValue | undefined;
  jitter: JsonValue | undefined;
  path: JsonValue | undefined;
  function: JsonValue | undefined;
  topic: JsonValue | undefined;
  entrypoint: JsonValue | undefined;
  service: JsonValue | undefined;
  requestMethodValue: JsonValue | undefined;
  /** Every target key the entry writes, in the schema's order. */
  targets: ScheduleTargetKey[];
  /** The target when exactly one is written; `schedule-target` reports the others. */
  target: ScheduleTargetKey | undefined;
  /** The `requestMethod` string as written, when it is one. */
  requestMethod: string | undefined;
}

export interface FunctionsEntry {
  pattern: string;
  keySpan: Span;
  span: Span;
  /** The settings object (or whatever value the key holds) and its properties. */
  node: Node | undefined;
  properties: JsonProperty[];
  maxDuration: JsonValue | undefined;
  memory: JsonValue | undefined;
  /** What makes the function a Schedules `function` target: `[{ "type": "schedule/v1beta" }]`. */
  experimentalTriggers: JsonValue | undefined;
}

export interface StrictJsonIssues {
  comments: Span[];
  trailingCommas: Span[];
  /** Syntax errors even a lenient parser reports (missing braces, bad tokens). */
  errors: { span: Span; message: string }[];
}

export interface VercelDoc {
  text: string;
  root: Node | undefined;
  crons: CronEntry[];
  cronsNode: Node | undefined;
  schedules: ScheduleEntry[];
  /** Which shape `schedules` is written in; undefined when it is absent or neither. */
  schedulesShape: 'array' | 'object' | undefined;
  functions: FunctionsEntry[];
  fluid: boolean | undefined;
  strict: StrictJsonIssues;
  /** Why the file exists and could not be read (a FIFO, a folder, too large): the text is then empty. */
  unreadable?: string;
  /** Read from vercel.toml or vercel.ts rather than JSON: what its fixes and messages must speak (configFiles.ts). */
  source?: import('./configSource').ConfigSource;
}

/** The value of the file's last top-level property named `key` (`schedules`, `functions`), with the property. */
export function rootProperty(doc: VercelDoc, key: string): JsonProperty | undefined {
  return lastProperty(propertiesOf(doc.root), key);
}

export function spanOf(node: Node): Span {
  return { start: node.offset, end: node.offset + node.length };
}

function propertiesOf(object: Node | undefined): JsonProperty[] {
  if (object?.type !== 'object' || !object.children) return [];
  const result: JsonProperty[] = [];
  for (const property of object.children) {
    const [keyNode, value] = property.children ?? [];
    if (!keyNode || keyNode.type !== 'string') continue;
    result.push({ key: String(keyNode.value), keySpan: spanOf(keyNode), span: spanOf(property), value });
  }
  return result;
}

/** The last property of that name: JSON.parse, and so Vercel, keeps the last duplicate. */
function lastProperty(properties: JsonProperty[], key: string): JsonProperty | undefined {
  for (let i = properties.length - 1; i >= 0; i--) if (properties[i]!.key === key) return properties[i];
  return undefined;
}

function valueOf(properties: JsonProperty[], key: string): JsonValue | undefined {
  const property = lastProperty(properties, key);
  return property?.value ? { node: property.value, span: spanOf(property.value) } : undefined;
}

function nodeType(value: unknown): NodeType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as NodeType;
}

/**
 * jsonc-parser's parseTree, in the same single pass also recording what strict JSON refuses
 * (comments and trailing commas): every keystroke parses vercel.json once, not twice.
 */
/** Keeps a span inside the text; an error at the very end marks the last character. */
export function clamp(span: Span, length: number): Span {
  const end = Math.min(span.end, length);
  const start = Math.min(span.start, end);
  return start === end && start > 0 && span.end > length ? { start: start - 1, end } : { start, end };
}

type MutableNode = { -readonly [K in keyof Node]: Node[K] } & { parent?: MutableNode; children?: MutableNode[] };

function parseTreeStrict(text: string): { root: Node | undefined; strict: StrictJsonIssues } {
  const strict: StrictJsonIssues = { comments: [], trailingCommas: [], errors: [] };
  const deep = excessiveNestingOffset(text);
  if (deep >= 0) {
    strict.errors.push({ span: { start: deep, end: deep + 1 }, message: tooDeepMessage() });
    return { root: undefined, strict };
  }
  let parent: MutableNode = { type: 'array', offset: -1, length: -1, children: [], parent: undefined };
  let lastComma: Span | undefined;
  const add = (node: MutableNode) => {
    parent.children!.push(node);
    return node;
  };
  const completeProperty = (end: number) => {
    if (parent.type === 'property') {
      parent.length = end - parent.offset;
      parent = parent.parent!;
    }
  };
  const close = (offset: number, length: number) => {
    if (lastComma) strict.trailingCommas.push(lastComma);
    lastComma = undefined;
    completeProperty(offset);
    parent.length = offset + length - parent.offset;
    parent = parent.parent!;
    completeProperty(offset + length);
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => {
        lastComma = undefined;
        parent = add({ type: 'object', offset, length: -1, parent, children: [] });
      },
      onObjectProperty: (name, offset, length) => {
        lastComma = undefined;
        parent = add({ type: 'property', offset, length: -1, parent, children: [] });
        parent.children!.push({ type: 'string', value: name, offset, length, parent });
      },
      onObjectEnd: close,
      onArrayBegin: (offset) => {
        lastComma = undefined;
        parent = add({ type: 'array', offset, length: -1, parent, children: [] });
      },
      onArrayEnd: close,
      onLiteralValue: (value, offset, length) => {
        lastComma = undefined;
        add({ type: nodeType(value), offset, length, parent, value });
        completeProperty(offset + length);
      },
      onSeparator: (separator, offset, length) => {
        if (parent.type === 'property') {
          if (separator === ':') parent.colonOffset = offset;
          else if (separator === ',') completeProperty(offset);
        }
        lastComma = separator === ',' ? { start: offset, end: offset + length } : undefined;
      },
      onComment: (offset, length) => {
        strict.comments.push(clamp({ start: offset, end: offset + length }, text.length));
      },
      onError: (error, offset, length) => {
        strict.errors.push({ span: clamp({ start: offset, end: offset + Math.max(length, 1) }, text.length), message: printParseErrorCode(error) });
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  const root = parent.children![0];
  if (root) delete root.parent;
  return { root, strict };
}

export function parseVercelJson(text: string): VercelDoc {
  const { root, strict } = parseTreeStrict(text);
  return vercelDocFromTree(text, root, strict);
}

/**
 * The model of a configuration tree: jsonc-parser's, or one a vercel.toml or vercel.ts reader
 * built in its shape with offsets into `text` (configFiles.ts).
 */
export function vercelDocFromTree(text: string, root: Node | undefined, strict: StrictJsonIssues): VercelDoc {
  const rootProperties = propertiesOf(root);
  const cronsNode = lastProperty(rootProperties, 'crons')?.value;
  const crons: CronEntry[] =
    cronsNode?.type === 'array'
      ? (cronsNode.children ?? []).map((node, index) => {
          const properties = propertiesOf(node);
          return { index, node, span: spanOf(node), properties, path: valueOf(properties, 'path'), schedule: valueOf(properties, 'schedule') };
        })
      : [];
  const schedulesNode = lastProperty(rootProperties, 'schedules')?.value;
  const schedules = schedulesOf(schedulesNode);
  const functionsNode = lastProperty(rootProperties, 'functions')?.value;
  const functions: FunctionsEntry[] = propertiesOf(functionsNode).map((entry) => {
    const properties = propertiesOf(entry.value);
    return { pattern: entry.key, keySpan: entry.keySpan, span: entry.span, node: entry.value, properties, maxDuration: valueOf(properties, 'maxDuration'), memory: valueOf(properties, 'memory'), experimentalTriggers: valueOf(properties, 'experimentalTriggers') };
  });
  const fluidNode = lastProperty(rootProperties, 'fluid')?.value;
  return {
    text,
    root,
    crons,
    cronsNode,
    schedules,
    schedulesShape: schedulesNode?.type === 'array' || schedulesNode?.type === 'object' ? schedulesNode.type : undefined,
    functions,
    fluid: fluidNode?.type === 'boolean' ? Boolean(fluidNode.value) : undefined,
    strict,
  };
}

function scheduleEntry(index: number, node: Node, name: { name: string | undefined; span: Span } | undefined): ScheduleEntry {
  const properties = propertiesOf(node);
  const nameValue = valueOf(properties, 'name');
  const named = name ?? (nameValue?.node.type === 'string' ? { name: String(nameValue.node.value), span: nameValue.span } : { name: undefined, span: spanOf(node) });
  const method = valueOf(properties, 'requestMethod');
  const targets = SCHEDULE_TARGET_KEYS.filter((key) => properties.some((p) => p.key === key));
  return {
    index,
    name: named.name,
    nameSpan: named.span,
    node,
    span: spanOf(node),
    properties,
    schedule: valueOf(properties, 'schedule'),
    timezone: valueOf(properties, 'timezone'),
    jitter: valueOf(properties, 'jitter'),
    path: valueOf(properties, 'path'),
    function: valueOf(properties, 'function'),
    topic: valueOf(properties, 'topic'),
    entrypoint: valueOf(properties, 'entrypoint'),
    service: valueOf(properties, 'service'),
    requestMethodValue: method,
    targets,
    target: targets.length === 1 ? targets[0] : undefined,
    requestMethod: method?.node.type === 'string' ? String(method.node.value) : undefined,
  };
}

/**
 * The entries of `schedules` in both shapes seen in the wild. Only objects are entries:
 * `invalid-config-shape` reports the others, which no reading could run.
 */
function schedulesOf(schedulesNode: Node | undefined): ScheduleEntry[] {
  if (schedulesNode?.type === 'array') {
    const entries: ScheduleEntry[] = [];
    (schedulesNode.children ?? []).forEach((node, index) => {
      if (node.type === 'object') entries.push(scheduleEntry(index, node, undefined));
    });
    return entries;
  }
  const entries: ScheduleEntry[] = [];
  propertiesOf(schedulesNode).forEach((property, index) => {
    if (property.value?.type === 'object') entries.push(scheduleEntry(index, property.value, { name: property.key, span: property.keySpan }));
  });
  return entries;
}

/** A vercel.json that exists but could not be read: no content, and `config-unreadable` says why. */
export function unreadableVercelJson(reason: string): VercelDoc {
  return { ...absentVercelJson(), unreadable: reason };
}

/**
 * No vercel.json at all: a Next.js app checked without one (vercel/projectRoots.ts). Nothing is
 * scheduled, no `functions` apply, and there is no file to report on.
 */
export function absentVercelJson(): VercelDoc {
  return {
    text: '',
    root: undefined,
    crons: [],
    cronsNode: undefined,
    schedules: [],
    schedulesShape: undefined,
    functions: [],
    fluid: undefined,
    strict: { comments: [], trailingCommas: [], errors: [] },
  };
}

/** The string value of a JSON node, or undefined when it is not a string. */
export function stringValue(value: JsonValue | undefined): string | undefined {
  return value?.node.type === 'string' ? String(value.node.value) : undefined;
}

/**
 * Maps an offset inside a JSON string's decoded value to a document offset, accounting for
 * escapes such as \u0020 so that spans inside schedules land on the right characters.
 */
export function documentOffsetInString(text: string, node: Node, valueOffset: number): number {
  const rawStart = node.offset + 1;
  // A string still being typed has no closing quote yet.
  const closed = node.length >= 2 && text[node.offset + node.length - 1] === '"';
  const rawEnd = node.offset + node.length - (closed ? 1 : 0);
  let decoded = 0;
  let position = rawStart;
  while (position < rawEnd && decoded < valueOffset) {
    if (text[position] === '\\') position += text[position + 1] === 'u' ? 6 : 2;
    else position += 1;
    decoded += 1;
  }
  return Math.min(position, Math.max(rawStart, rawEnd));
}

/** A span inside a string value, as document offsets. */
export function documentSpanInString(text: string, node: Node, span: Span): Span {
  return { start: documentOffsetInString(text, node, span.start), end: documentOffsetInString(text, node, span.end) };
}
