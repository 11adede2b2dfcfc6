import { type ParseError, printParseErrorCode } from 'jsonc-parser';
import type * as TS from 'typescript';
import { parseJsonc } from '../jsonc';
import { parseSource, type TsApi } from '../next/routeExports';
import { LineMap } from '../positions';
import { excessiveSourceNesting } from '../sourceNesting';
import { parseErrors } from '../vercel/parseErrors';
import { parseTomlTree } from '../vercel/tomlTree';

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;

/**
 * The first syntax error of a script (TypeScript's parse, as the checks read it), JSON file
 * (jsonc, comments and trailing commas allowed, as vercel.json is read) or vercel.toml (as
 * toml-eslint-parser reads it), as "line:column message";
 * undefined when it parses or is of another kind. `fix` asks it of what it is about to write.
 */
export function firstSyntaxError(file: string, text: string, loadTypeScript: () => TsApi): string | undefined {
  const lines = new LineMap(text);
  const at = (offset: number, message: string) => {
    const { line, column } = lines.position(offset);
    return `${line}:${column} ${message}`;
  };
  if (/\.json$/i.test(file)) {
    const errors: ParseError[] = [];
    parseJsonc(text, errors);
    return errors.length ? at(errors[0]!.offset, printParseErrorCode(errors[0]!.error)) : undefined;
  }
  if (/\.toml$/i.test(file)) {
    const error = parseTomlTree(text).errors[0];
    return error ? at(error.span.start, error.message) : undefined;
  }
  if (!SCRIPT.test(file)) return undefined;
  const deep = excessiveSourceNesting(text);
  if (deep >= 0) return at(deep, 'nested deeper than TypeScript can parse');
  let errors: readonly TS.DiagnosticWithLocation[];
  try {
    errors = parseErrors(parseSource(loadTypeScript(), file, text));
  } catch (error) {
    return `TypeScript could not parse it (${oneLine(error)})`;
  }
  const first = errors[0];
  if (!first) return undefined;
  return at(first.start, typeof first.messageText === 'string' ? first.messageText : first.messageText.messageText);
}

/** An error as one line: its message without a stack or line breaks. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
