import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODES, compareCodes } from '../../../src/core/codes';

describe('compareCodes', () => {
  // The order of findings at one position is part of the CLI's JSON output: it must stay the
  // order localeCompare gave before the cheaper comparison replaced it.
  it('orders every pair of codes as localeCompare does', () => {
    const codes = Object.keys(CODES);
    for (const a of codes) {
      for (const b of codes) assert.equal(Math.sign(compareCodes(a, b)), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
    }
  });
});
