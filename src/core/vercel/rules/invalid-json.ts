import { tooDeepMessage } from '../../jsonc';
import type { TextEdit } from '../../types';
import type { Finding } from '../../diagnostics';
import type { VercelRule } from '../context';
import { expandsTooFarMessage } from '../tsConfigTree';

/** Removes comments and trailing commas, each with the whitespace that would be left dangling. */
export function strictJsonEdits(text: string, comments: { start: number; end: number }[], commas: { start: number; end: number }[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const span of comments) {
    let start = span.start;
    let end = span.end;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(lineStart, start);
    if (/^[ \t]*$/.test(before)) {
      // A comment alone on its line goes with its line (LF or CRLF).
      const lineEnd = text.indexOf('\n', end);
      if (/^[ \t\r]*$/.test(text.slice(end, lineEnd === -1 ? text.length : lineEnd))) {
        start = lineStart;
        end = lineEnd === -1 ? text.length : lineEnd + 1;
      }
    } else {
      while (start > lineStart && /[ \t]/.test(text[start - 1]!)) start--;
    }
    edits.push({ offset: start, length: end - start, content: '' });
  }
  for (const span of commas) edits.push({ offset: span.start, length: span.end - span.start, content: '' });
  return edits.sort((a, b) => a.offset - b.offset);
}

/** `invalid-json`: Vercel reads vercel.json as strict JSON. */
export const invalidJsonRule: VercelRule = {
  codes: ['invalid-json'],
  scope: 'file',
  check({ doc }) {
    const { comments, trailingCommas, errors } = doc.strict;
    const findings: Finding[] = [];
    const fix = comments.length || trailingCommas.length
      ? [{ title: 'Remove comments and trailing commas', edits: strictJsonEdits(doc.text, comments, trailingCommas), safe: true, preferred: true }]
      : [];
    for (const span of comments) {
      findings.push({ code: 'invalid-json', severity: 'error', span, fixes: fix, message: 'vercel.json cannot have comments: Vercel parses it as strict JSON and the deploy fails. Remove the comment (document the job in the route file instead).' });
    }
    for (const span of trailingCommas) {
      findings.push({ code: 'invalid-json', severity: 'error', span, fixes: fix, message: 'Trailing comma: Vercel parses vercel.json as strict JSON and the deploy fails. Remove the comma.' });
    }
    const source = doc.source;
    if (source) {
      // Comments and trailing commas are JSON's concern: a TOML or script file's error is its syntax.
      const syntax = source.format === 'toml' ? 'valid TOML' : 'a script Vercel can load';
      for (const error of errors) {
        const message =
          error.message === tooDeepMessage()
            ? `${source.file} is ${tooDeepMessage()}: nothing in it is checked. A Vercel configuration never needs that depth; remove the nesting.`
            : error.message === expandsTooFarMessage()
              ? `${source.file} ${expandsTooFarMessage()}: its consts and spreads repeat one another (or themselves), and nothing in it is checked. Write each entry once.`
              : `${source.file} is not ${syntax} (${error.message}), so the deploy fails and nothing in it is checked. Fix the syntax here.`;
        findings.push({ code: 'invalid-json', severity: 'error', span: error.span, fixes: [], message });
      }
      return findings;
    }
    for (const error of errors) {
      const message =
        error.message === tooDeepMessage()
          ? `vercel.json is ${tooDeepMessage()}: nothing in it is checked. A Vercel configuration never needs that depth; remove the nesting.`
          : `vercel.json is not valid JSON (${error.message}), so the deploy fails. Fix the syntax here.`;
      findings.push({ code: 'invalid-json', severity: 'error', span: error.span, fixes: [], message });
    }
    return findings;
  },
};
