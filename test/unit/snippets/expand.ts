/**
 * A strict reader of VS Code's snippet syntax, enough to insert our snippets the way the editor
 * would and check what comes out. It follows the editor's grammar (snippetParser.ts):
 *
 *   tabstop     $1  ${1}
 *   placeholder ${1:default}        (the default may hold further tabstops and placeholders)
 *   choice      ${1|one,two|}
 *   escapes     \$  \}  \\          (in a choice: \,  \|  \\)
 *
 * It is stricter than the editor on purpose: a variable (`$TM_FILENAME`, or a `$name` meant as
 * text) and a `$`, `${` or `$1` that does not form a tabstop are errors, because in a snippet body
 * they silently become placeholders or vanish.
 */
import * as fs from 'node:fs';

export interface SnippetDefinition {
  prefix: string | string[];
  body: string | string[];
  description: string | string[];
  isFileTemplate?: boolean;
}

export type SnippetFile = Record<string, SnippetDefinition>;

export type Marker =
  { kind: 'text'; value: string } | { kind: 'tabstop'; index: number; children: Marker[] | undefined; choices: string[] | undefined };

export class SnippetSyntaxError extends Error {}

export function loadSnippetFile(file: string): SnippetFile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SnippetFile;
}

/** The body as the editor joins it: array entries are lines. */
export function bodyText(snippet: SnippetDefinition): string {
  return Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
}

export function prefixes(snippet: SnippetDefinition): string[] {
  return Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
}

export function descriptionText(snippet: SnippetDefinition): string {
  return Array.isArray(snippet.description) ? snippet.description.join('\n') : snippet.description;
}

export function parseSnippet(source: string): Marker[] {
  let pos = 0;
  const fail = (message: string): never => {
    throw new SnippetSyntaxError(`${message} at offset ${pos}: …${JSON.stringify(source.slice(Math.max(0, pos - 20), pos + 20))}…`);
  };
  const digits = (): number | undefined => {
    const match = /^\d+/.exec(source.slice(pos));
    if (!match) return undefined;
    pos += match[0].length;
    return Number(match[0]);
  };

  /** Reads markers until the end, or until an unescaped `}` when inside a placeholder. */
  const sequence = (nested: boolean): Marker[] => {
    const markers: Marker[] = [];
    let text = '';
    const flush = () => {
      if (text) markers.push({ kind: 'text', value: text });
      text = '';
    };
    while (pos < source.length) {
      const ch = source[pos]!;
      if (ch === '\\' && '$}\\'.includes(source[pos + 1] ?? '')) {
        text += source[pos + 1];
        pos += 2;
      } else if (ch === '}' && nested) {
        flush();
        return markers;
      } else if (ch === '$') {
        const next = source[pos + 1] ?? '';
        if (/\d/.test(next)) {
          flush();
          pos++;
          markers.push({ kind: 'tabstop', index: digits()!, children: undefined, choices: undefined });
        } else if (next === '{') {
          flush();
          markers.push(braced());
        } else if (/[A-Za-z_]/.test(next)) {
          fail('a snippet variable (escape a literal "$" as "\\$")');
        } else {
          text += ch;
          pos++;
        }
      } else {
        text += ch;
        pos++;
      }
    }
    if (nested) fail('an unclosed placeholder');
    flush();
    return markers;
  };

  /** `${…}` starting at the `$`. */
  const braced = (): Marker => {
    pos += 2;
    if (/[A-Za-z_]/.test(source[pos] ?? '')) fail('a snippet variable (escape a literal "$" as "\\$")');
    const index = digits();
    if (index === undefined) fail('"${" that is no tabstop (escape a literal "$" as "\\$")');
    const ch = source[pos];
    if (ch === '}') {
      pos++;
      return { kind: 'tabstop', index: index!, children: undefined, choices: undefined };
    }
    if (ch === ':') {
      pos++;
      const children = sequence(true);
      pos++; // the closing }
      return { kind: 'tabstop', index: index!, children, choices: undefined };
    }
    if (ch === '|') {
      pos++;
      const choices: string[] = [];
      let current = '';
      for (;;) {
        const c = source[pos];
        if (c === undefined) fail('an unclosed choice');
        if (c === '\\' && ',|\\'.includes(source[pos + 1] ?? '')) {
          current += source[pos + 1];
          pos += 2;
        } else if (c === ',') {
          choices.push(current);
          current = '';
          pos++;
        } else if (c === '|' && source[pos + 1] === '}') {
          choices.push(current);
          pos += 2;
          return { kind: 'tabstop', index: index!, children: undefined, choices };
        } else {
          current += c;
          pos++;
        }
      }
    }
    return fail('a transform or malformed tabstop');
  };

  return sequence(false);
}

export interface TabstopInfo {
  index: number;
  /** The default text of each placeholder with this index, as inserted. */
  defaults: string[];
  choices: string[] | undefined;
  occurrences: number;
}

/** Every tabstop of a snippet, by index. */
export function tabstops(source: string): Map<number, TabstopInfo> {
  const result = new Map<number, TabstopInfo>();
  const visit = (markers: Marker[]) => {
    for (const marker of markers) {
      if (marker.kind !== 'tabstop') continue;
      const info = result.get(marker.index) ?? { index: marker.index, defaults: [], choices: undefined, occurrences: 0 };
      info.occurrences++;
      if (marker.children) {
        info.defaults.push(render(marker.children, new Map(), ''));
        visit(marker.children);
      }
      if (marker.choices) info.choices = marker.choices;
      result.set(marker.index, info);
    }
  };
  visit(parseSnippet(source));
  return result;
}

function render(markers: Marker[], values: ReadonlyMap<number, string>, fallback: string): string {
  let out = '';
  for (const marker of markers) {
    if (marker.kind === 'text') out += marker.value;
    else if (values.has(marker.index)) out += values.get(marker.index);
    else if (marker.children) out += render(marker.children, values, fallback);
    else if (marker.choices) out += marker.choices[0];
    else out += fallback;
  }
  return out;
}

export interface ExpandOptions {
  /** Text typed at a tabstop; tabstops not named keep their default or first choice. */
  values?: Readonly<Record<number, string>>;
  /** What leading tabs become, as the editor does with its indentation settings. */
  indent?: string;
}

/**
 * The text the editor inserts when the user accepts every default: a placeholder gives its
 * default, a mirror (`${1}`, `$1`) repeats it, a choice gives its first option, `$0` nothing.
 */
export function expandSnippet(source: string, options: ExpandOptions = {}): string {
  const values = new Map<number, string>();
  for (const [index, value] of Object.entries(options.values ?? {})) values.set(Number(index), value);
  for (const info of tabstops(source).values()) {
    if (values.has(info.index) || info.index === 0) continue;
    if (info.defaults.length) values.set(info.index, info.defaults[0]!);
    else if (info.choices) values.set(info.index, info.choices[0]!);
  }
  const text = render(parseSnippet(source), values, '');
  const indent = options.indent;
  return indent === undefined ? text : text.replace(/^\t+/gm, (tabs) => indent.repeat(tabs.length));
}
