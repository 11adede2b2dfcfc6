/**
 * LineMap turns offsets into the editor's line/column for both `check` and the editor's route
 * diagnostics, so it must count lines as VS Code does: "\r\n", "\r" and "\n" each end a line, and
 * columns are UTF-16 code units. Checked against a reference written the obvious way.
 * Seeded (FC_SEED, default 20261128).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineMap } from '../../../src/core/positions';

const SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261128;

/** Line and column by walking the text from its start. */
function reference(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

describe(`LineMap (fast-check seed ${SEED})`, () => {
  it('places every offset where a line-by-line count does', () => {
    const piece = fc.constantFrom('a', 'export ', '\n', '\r\n', '\r', '\t', 'é', '😀', '{', ' ');
    const text = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const lines = new LineMap(t);
        for (let offset = 0; offset <= t.length; offset++) {
          // Inside "\r\n" there is no position of its own; VS Code never puts a span there either.
          if (t[offset - 1] === '\r' && t[offset] === '\n') continue;
          assert.deepEqual(lines.position(offset), reference(t, offset), `offset ${offset} of ${JSON.stringify(t)}`);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('places every offset the same in text without a carriage return (the fast path)', () => {
    const piece = fc.constantFrom('a', 'export ', '\n', '\n\n', '\t', 'é', '😀', '{', ' ');
    const text = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const lines = new LineMap(t);
        for (let offset = 0; offset <= t.length; offset++) assert.deepEqual(lines.position(offset), reference(t, offset), `offset ${offset} of ${JSON.stringify(t)}`);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('counts columns in UTF-16 code units', () => {
    assert.deepEqual(new LineMap('😀x').position(2), { line: 1, column: 3 });
    assert.deepEqual(new LineMap('a\r\nb').position(3), { line: 2, column: 1 });
    assert.deepEqual(new LineMap('a\rb').position(2), { line: 2, column: 1 });
  });
});
