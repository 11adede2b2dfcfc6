import { createScanner, type Node, type ParseError, parseTree, printParseErrorCode, SyntaxKind } from 'jsonc-parser';
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

export interface ScheduleEntry {
  name: string;
  nameSpan: Span;
  node: Node;
  properties: JsonProperty[];
  schedule: JsonValue | undefined;
  timezone: JsonValue | undefined;
  path: JsonValue | undefined;
  target: 'path' | 'function' | 'topic' | undefined;
  requestMethod: string | undefined;
}

export interface FunctionsEntry {
  pattern: string;
  keySpan: Span;
  span: Span;
  maxDuration: JsonValue | undefined;
  memory: JsonValue | undefined;
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
  functions: FunctionsEntry[];
  fluid: boolean | undefined;
  strict: StrictJsonIssues;
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

function valueOf(properties: JsonProperty[], key: string): JsonValue | undefined {
  const property = properties.find((p) => p.key === key);
  return property?.value ? { node: property.value, span: spanOf(property.value) } : undefined;
}

/** Comments and trailing commas, which jsonc-parser forgives and Vercel does not. */
function strictIssues(text: string): Omit<StrictJsonIssues, 'errors'> {
  const scanner = createScanner(text, false);
  const comments: Span[] = [];
  const trailingCommas: Span[] = [];
  let pendingComma: Span | undefined;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const span = { start: scanner.getTokenOffset(), end: scanner.getTokenOffset() + scanner.getTokenLength() };
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
      comments.push(span);
      continue;
    }
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    if ((kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) && pendingComma) trailingCommas.push(pendingComma);
    pendingComma = kind === SyntaxKind.CommaToken ? span : undefined;
  }
  return { comments, trailingCommas };
}

export function parseVercelJson(text: string): VercelDoc {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const rootProperties = propertiesOf(root);
  const cronsNode = rootProperties.find((p) => p.key === 'crons')?.value;
  const crons: CronEntry[] =
    cronsNode?.type === 'array'
      ? (cronsNode.children ?? []).map((node, index) => {
          const properties = propertiesOf(node);
          return { index, node, span: spanOf(node), properties, path: valueOf(properties, 'path'), schedule: valueOf(properties, 'schedule') };
        })
      : [];
  const schedulesNode = rootProperties.find((p) => p.key === 'schedules')?.value;
  const schedules: ScheduleEntry[] = propertiesOf(schedulesNode).map((entry) => {
    const properties = propertiesOf(entry.value);
    const method = valueOf(properties, 'requestMethod');
    const target = (['path', 'function', 'topic'] as const).find((t) => properties.some((p) => p.key === t));
    return {
      name: entry.key,
      nameSpan: entry.keySpan,
      node: entry.value!,
      properties,
      schedule: valueOf(properties, 'schedule'),
      timezone: valueOf(properties, 'timezone'),
      path: valueOf(properties, 'path'),
      target,
      requestMethod: method?.node.type === 'string' ? String(method.node.value) : undefined,
    };
  });
  const functionsNode = rootProperties.find((p) => p.key === 'functions')?.value;
  const functions: FunctionsEntry[] = propertiesOf(functionsNode).map((entry) => {
    const properties = propertiesOf(entry.value);
    return { pattern: entry.key, keySpan: entry.keySpan, span: entry.span, maxDuration: valueOf(properties, 'maxDuration'), memory: valueOf(properties, 'memory') };
  });
  const fluidNode = rootProperties.find((p) => p.key === 'fluid')?.value;
  return {
    text,
    root,
    crons,
    cronsNode,
    schedules,
    functions,
    fluid: fluidNode?.type === 'boolean' ? Boolean(fluidNode.value) : undefined,
    strict: {
      ...strictIssues(text),
      errors: errors.map((e) => ({ span: { start: e.offset, end: e.offset + Math.max(e.length, 1) }, message: printParseErrorCode(e.error) })),
    },
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
  const rawEnd = node.offset + node.length - 1;
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
