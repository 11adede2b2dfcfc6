import type { Node } from 'jsonc-parser';
import type { Finding, Fix } from '../diagnostics';
import type { TextEdit } from '../types';
import type { ConfigSource } from './configSource';
import type { VercelDoc } from './model';

/**
 * The rules write their fixes as JSON edits. In vercel.toml and vercel.ts each edit is said in the
 * file's own syntax: a string replaced keeps its quotes (a TOML literal string stays literal when
 * it can, a script's 'single' or `template` quotes stay), and a property removed takes its
 * separators with it as in JSON. A fix with any edit that cannot be said so (new keys, anything
 * but a string value, text written in a const other entries may share, a removal that would take a
 * comment along) is withheld, never written half right.
 */
export function fixesInConfigSyntax(finding: Finding, doc: VercelDoc): Finding {
  const source = doc.source;
  if (!source || !finding.fixes.length) return finding;
  const nodes = indexTree(doc.root);
  const fixes = finding.fixes.map((fix) => fixInSyntax(fix, doc.text, source, nodes)).filter((fix): fix is Fix => fix !== undefined);
  return { ...finding, fixes };
}

function fixInSyntax(fix: Fix, text: string, source: ConfigSource, nodes: TreeIndex): Fix | undefined {
  const edits: TextEdit[] = [];
  for (const edit of fix.edits) {
    const end = edit.offset + edit.length;
    if (source.borrowed.some((span) => span.start < end && edit.offset < span.end)) return undefined;
    const said = edit.content === '' ? removal(edit, text, source, nodes) : stringReplacement(edit, text, source, nodes);
    if (!said) return undefined;
    edits.push(said);
  }
  return { ...fix, edits };
}

/** The tree's strings by offset (the values a replacement may rewrite) and its properties by where they start and end. */
interface TreeIndex {
  strings: Map<number, Node>;
  propertyStarts: Map<number, Node>;
  propertyEnds: Map<number, Node>;
}

function indexTree(root: Node | undefined): TreeIndex {
  const index: TreeIndex = { strings: new Map(), propertyStarts: new Map(), propertyEnds: new Map() };
  const visit = (node: Node) => {
    if (node.type === 'string') index.strings.set(node.offset, node);
    if (node.type === 'property') {
      index.propertyStarts.set(node.offset, node);
      index.propertyEnds.set(node.offset + node.length, node);
    }
    for (const child of node.children ?? []) visit(child);
  };
  if (root) visit(root);
  return index;
}

/**
 * A property removed. One that stands on lines of its own goes with those lines, its separator
 * and its own end-of-line comment; else JSON's edit (the property and the separator beside it)
 * holds when it takes no comment along.
 */
function removal(edit: TextEdit, text: string, source: ConfigSource, nodes: TreeIndex): TextEdit | undefined {
  const end = edit.offset + edit.length;
  const property = nodes.propertyEnds.get(end) ?? nodes.propertyStarts.get(edit.offset);
  if (property) {
    const lineStart = text.lastIndexOf('\n', property.offset - 1) + 1;
    const before = text.slice(lineStart, property.offset);
    const rest = source.format === 'toml' ? /^[ \t]*(#[^\r\n]*)?(\r?\n|$)/ : /^[ \t]*,?[ \t]*(\/\/[^\r\n]*)?(\r?\n|$)/;
    const after = rest.exec(text.slice(property.offset + property.length));
    if (/^[ \t]*$/.test(before) && after) return { offset: lineStart, length: property.offset + property.length + after[0].length - lineStart, content: '' };
  }
  const removed = text.slice(edit.offset, end);
  const comment = source.format === 'toml' ? removed.replace(/"(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'/g, '').includes('#') : /\/[/*]/.test(removed);
  return comment ? undefined : edit;
}

function stringReplacement(edit: TextEdit, text: string, source: ConfigSource, nodes: TreeIndex): TextEdit | undefined {
  const node = nodes.strings.get(edit.offset);
  if (!node || node.length !== edit.length) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(edit.content);
  } catch {
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const quote = text[node.offset];
  const content = source.format === 'toml' ? tomlString(value, quote, text.startsWith(`${quote}${quote}${quote}`, node.offset)) : scriptString(value, quote);
  return content === undefined ? undefined : { ...edit, content };
}

function tomlString(value: string, quote: string | undefined, multiline: boolean): string | undefined {
  // A literal string has no escapes: it can hold the value only without quotes and control characters.
  // eslint-disable-next-line no-control-regex
  if (quote === "'" && !multiline && !/['\u0000-\u001f\u007f]/.test(value)) return `'${value}'`;
  // TOML's basic string escapes are JSON's (\" \\ \b \f \n \r \t \uXXXX).
  return JSON.stringify(value);
}

function scriptString(value: string, quote: string | undefined): string | undefined {
  const json = JSON.stringify(value);
  if (quote === '"') return json;
  const inner = json.slice(1, -1).replace(/\\"/g, '"');
  if (quote === "'") return `'${inner.replace(/'/g, "\\'")}'`;
  if (quote === '`') return `\`${inner.replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
  return undefined;
}
