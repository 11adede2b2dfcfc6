/**
 * detectCodeStyle reads a file's semicolon habit from the lines that end a statement. It used a
 * multiline regex; the line loop that replaced it must count the same lines. The regex is kept
 * here as the reference. Seeded (FC_SEED, default 20261128).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { detectCodeStyle } from '../../../../src/core/vercel/projectModel';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;

function referenceSemicolons(text: string): boolean {
  const statementEnds = text.match(/[^\s{}(,[]\s*$/gm) ?? [];
  const withSemicolon = statementEnds.filter((l) => l.trimEnd().endsWith(';')).length;
  return statementEnds.length === 0 || withSemicolon >= statementEnds.length / 2;
}

describe(`detectCodeStyle semicolons (fast-check seed ${SEED})`, () => {
  it('agrees with the multiline pattern it replaced', () => {
    const piece = fc.constantFrom('const a = 1', ';', '\n', '\r\n', '\r', '  ', '\t', '{', '}', '(', ')', ',', '[', ']', 'x', '\u2028', ' \n\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        assert.equal(detectCodeStyle(text).semicolons, referenceSemicolons(text), JSON.stringify(text));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('reads the habit of files written either way', () => {
    assert.equal(detectCodeStyle("import a from 'a';\nconst b = 1;\nexport function GET() {\n  return b;\n}\n").semicolons, true);
    assert.equal(detectCodeStyle("import a from 'a'\nconst b = 1\nexport function GET() {\n  return b\n}\n").semicolons, false);
  });
});

describe('detectCodeStyle indentation', () => {
  const cases: [name: string, text: string, indent: string][] = [
    ['two spaces', 'export function GET() {\n  return 1;\n}\n', '  '],
    ['four spaces', 'export function GET() {\n    return 1;\n}\n', '    '],
    ['a tab', 'export function GET() {\n\treturn 1;\n}\n', '\t'],
    // A JSDoc block above the handler: its " * " lines are no indent (a fix indented by one space).
    ['two spaces under a JSDoc block', '/**\n * Runs daily.\n */\nexport function GET() {\n  return 1;\n}\n', '  '],
    ['nothing indented', 'export const a = 1;\n', '  '],
  ];
  for (const [name, text, indent] of cases) {
    it(name, () => assert.equal(detectCodeStyle(text).indent, indent));
  }
});
