import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandSnippet, parseSnippet, SnippetSyntaxError, tabstops } from './expand';

describe('snippet expander (the test helper itself)', () => {
  it('inserts defaults, repeats them at mirrors and leaves $0 empty', () => {
    assert.equal(expandSnippet('a ${1:job} b ${1} c $1 d$0'), 'a job b job c job d');
    assert.equal(expandSnippet('${1} then ${1:late default}'), 'late default then late default');
  });

  it('takes typed values over defaults, also for $0', () => {
    assert.equal(expandSnippet('${1:job}/${2:x}$0', { values: { 1: 'sync', 0: '!' } }), 'sync/x!');
  });

  it('inserts the first option of a choice, honouring escapes inside it', () => {
    assert.equal(expandSnippet('${1|POST,GET|}'), 'POST');
    assert.equal(expandSnippet('${1|a\\,b,c|}'), 'a,b');
  });

  it('reads nested placeholders', () => {
    assert.equal(expandSnippet('${1:a ${2:b} c} ${2}'), 'a b c b');
  });

  it('unescapes \\$, \\} and \\\\ and keeps other backslashes', () => {
    assert.equal(expandSnippet('`\\${x}` ${1:{ a: 1 \\}} \\\\ \\n'), '`${x}` { a: 1 } \\ \\n');
  });

  it('keeps a $ that cannot start a tabstop', () => {
    assert.equal(expandSnippet('cost: $ 5, end $'), 'cost: $ 5, end $');
  });

  it('refuses variables and stray ${, which the editor would turn into placeholders', () => {
    for (const source of ['$TM_FILENAME', '${TM_FILENAME}', 'Bearer $CRON_SECRET', '${{ secrets.X }}', '`${x}`']) {
      assert.throws(() => parseSnippet(source), SnippetSyntaxError, source);
    }
  });

  it('refuses an unclosed placeholder or choice', () => {
    assert.throws(() => parseSnippet('${1:abc'), SnippetSyntaxError);
    assert.throws(() => parseSnippet('${1|a,b'), SnippetSyntaxError);
  });

  it('turns leading tabs into the editor indentation', () => {
    assert.equal(expandSnippet('a\n\tb\n\t\tc\td', { indent: '  ' }), 'a\n  b\n    c\td');
  });

  it('lists tabstops with their defaults and choices', () => {
    const info = tabstops('${1:x} ${1} ${2|a,b|} $0');
    assert.deepEqual(info.get(1), { index: 1, defaults: ['x'], choices: undefined, occurrences: 2 });
    assert.deepEqual(info.get(2)?.choices, ['a', 'b']);
    assert.equal(info.get(0)?.occurrences, 1);
  });
});
