import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DialectId, DIALECTS } from '../../../../src/core/cron/dialects';
import { type DaySpecial, type FieldName, type FieldProblem, parseField, type ParsedField } from '../../../../src/core/cron/fields';

function parse(
  field: FieldName,
  text: string,
  dialect: DialectId = 'node-cron',
  start = 0,
): { result: ParsedField; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const result = parseField(field, text, start, DIALECTS[dialect], (p) => problems.push(p));
  return { result, problems };
}

function values(field: FieldName, text: string, dialect: DialectId = 'node-cron'): number[] {
  const { result, problems } = parse(field, text, dialect);
  assert.deepEqual(problems, [], `${field} ${text}: ${JSON.stringify(problems)}`);
  return [...result.values].sort((a, b) => a - b);
}

const range = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('parseField: value sets', () => {
  const cases: [FieldName, string, number[], DialectId?][] = [
    ['minute', '*', range(0, 59)],
    ['minute', '*/15', [0, 15, 30, 45]],
    ['minute', '5/15', [5, 20, 35, 50]],
    ['minute', '0,30', [0, 30]],
    ['minute', '30,0,30', [0, 30]],
    ['minute', '10-20/5', [10, 15, 20]],
    ['minute', '*/60', [0]],
    ['hour', '9-17', range(9, 17)],
    ['hour', '*/7', [0, 7, 14, 21]],
    ['dayOfMonth', '*', range(1, 31)],
    ['dayOfMonth', '*/2', range(1, 31, 2)],
    ['dayOfMonth', '1-31/10', [1, 11, 21, 31]],
    ['month', '*', range(1, 12)],
    ['month', 'JAN', [1]],
    ['month', 'dec', [12]],
    ['month', 'Jan-Mar', [1, 2, 3]],
    ['dayOfWeek', '*', range(0, 6)],
    ['dayOfWeek', '*/2', [0, 2, 4, 6]],
    ['dayOfWeek', '0-6/2', [0, 2, 4, 6]],
    ['dayOfWeek', '1-5', [1, 2, 3, 4, 5]],
    ['dayOfWeek', 'MON-FRI', [1, 2, 3, 4, 5]],
    ['dayOfWeek', 'sun', [0]],
    ['dayOfWeek', '7', [0]],
    ['dayOfWeek', '5-7', [0, 5, 6]],
    ['dayOfWeek', '0,7', [0]],
    ['second', '*/10', [0, 10, 20, 30, 40, 50]],
  ];
  for (const [field, text, expected, dialect] of cases) {
    it(`${field} ${JSON.stringify(text)} → ${expected.length > 8 ? `${expected.length} values` : expected.join(',')}`, () => {
      assert.deepEqual(values(field, text, dialect), expected);
    });
  }
});

describe('parseField: restricted vs. star (cron-parser vs. Vixie, platform-facts §4.1, §4.4)', () => {
  const cases: [string, boolean, boolean][] = [
    // text, restricted (cron-parser), startsWithStar (Vixie DOM_STAR)
    ['*', false, true],
    ['?', false, false],
    ['*/2', true, true],
    ['*/1', true, true],
    ['1-31', true, false],
    ['1', true, false],
    ['L', true, false],
  ];
  for (const [text, restricted, startsWithStar] of cases) {
    it(`day of month ${JSON.stringify(text)}: restricted=${restricted}, startsWithStar=${startsWithStar}`, () => {
      const { result } = parse('dayOfMonth', text);
      assert.equal(result.restricted, restricted);
      assert.equal(result.startsWithStar, startsWithStar);
    });
  }
  it('"?" is a full range where the dialect accepts it', () => {
    assert.deepEqual(values('dayOfMonth', '?'), range(1, 31));
    assert.deepEqual(values('dayOfWeek', '?'), range(0, 6));
  });
});

describe('parseField: day specials', () => {
  const cases: [FieldName, string, DaySpecial, boolean][] = [
    ['dayOfMonth', 'L', { kind: 'last-day', offset: 0 }, false],
    ['dayOfMonth', 'l', { kind: 'last-day', offset: 0 }, false],
    ['dayOfMonth', 'L-2', { kind: 'last-day', offset: 2 }, true],
    ['dayOfMonth', 'LW', { kind: 'last-weekday-of-month' }, true],
    ['dayOfMonth', '15W', { kind: 'nearest-weekday', day: 15 }, true],
    ['dayOfWeek', '5L', { kind: 'last-of-weekday', weekday: 5 }, false],
    ['dayOfWeek', 'FRIL', { kind: 'last-of-weekday', weekday: 5 }, false],
    ['dayOfWeek', '5#2', { kind: 'nth-weekday', weekday: 5, nth: 2 }, false],
    ['dayOfWeek', 'mon#1', { kind: 'nth-weekday', weekday: 1, nth: 1 }, false],
    ['dayOfWeek', '7#5', { kind: 'nth-weekday', weekday: 0, nth: 5 }, false],
  ];
  for (const [field, text, special, unpreviewable] of cases) {
    it(`${field} ${JSON.stringify(text)} → ${special.kind}${unpreviewable ? ' (no preview)' : ''}`, () => {
      const { result, problems } = parse(field, text, 'node-cron');
      assert.deepEqual(problems, []);
      assert.deepEqual(result.specials, [special]);
      assert.equal(result.unpreviewable, unpreviewable);
      assert.equal(result.values.size, 0);
    });
  }
  it('combines a special with plain values in one list', () => {
    const { result, problems } = parse('dayOfMonth', '1,15,L');
    assert.deepEqual(problems, []);
    assert.deepEqual(
      [...result.values].sort((a, b) => a - b),
      [1, 15],
    );
    assert.deepEqual(result.specials, [{ kind: 'last-day', offset: 0 }]);
  });
});

describe('parseField: problems and their spans', () => {
  const cases: {
    field: FieldName;
    text: string;
    dialect?: DialectId;
    start?: number;
    severity: 'error' | 'warning';
    flagged: string;
    message?: RegExp;
  }[] = [
    { field: 'minute', text: '60', severity: 'error', flagged: '60', message: /0-59/ },
    { field: 'minute', text: '1,99', start: 10, severity: 'error', flagged: '99' },
    { field: 'hour', text: '24', severity: 'error', flagged: '24', message: /0-23/ },
    { field: 'dayOfMonth', text: '0', severity: 'error', flagged: '0', message: /1-31/ },
    { field: 'month', text: '13', severity: 'error', flagged: '13', message: /1-12/ },
    { field: 'dayOfWeek', text: '8', severity: 'error', flagged: '8', message: /0-6/ },
    { field: 'minute', text: '9999999', severity: 'error', flagged: '9999999' },
    { field: 'minute', text: '*/0', severity: 'error', flagged: '0', message: /step of 0/ },
    { field: 'minute', text: '*/61', severity: 'error', flagged: '61' },
    { field: 'minute', text: '*/x', severity: 'error', flagged: 'x' },
    { field: 'minute', text: '30-10', severity: 'error', flagged: '30-10', message: /backwards/ },
    { field: 'minute', text: 'abc', severity: 'error', flagged: 'abc' },
    { field: 'hour', text: 'MON', dialect: 'github-actions', severity: 'error', flagged: 'MON' },
    { field: 'month', text: 'MON', dialect: 'github-actions', severity: 'error', flagged: 'MON' },
    { field: 'dayOfWeek', text: 'JAN', dialect: 'github-actions', severity: 'error', flagged: 'JAN' },
    { field: 'dayOfWeek', text: 'MON', dialect: 'vercel', severity: 'error', flagged: 'MON', message: /Write 1 instead/ },
    { field: 'month', text: 'DEC', dialect: 'vercel', severity: 'error', flagged: 'DEC', message: /Write 12 instead/ },
    { field: 'dayOfWeek', text: 'MON', dialect: 'qstash', severity: 'warning', flagged: 'MON', message: /not documented/ },
    { field: 'dayOfWeek', text: '7', dialect: 'vercel', severity: 'warning', flagged: '7', message: /0 for Sunday/ },
    { field: 'dayOfWeek', text: '1-7', dialect: 'github-actions', severity: 'warning', flagged: '7' },
    { field: 'minute', text: '?', severity: 'error', flagged: '?', message: /day fields/ },
    { field: 'dayOfMonth', text: '?', dialect: 'vercel', severity: 'error', flagged: '?' },
    { field: 'dayOfMonth', text: 'L', dialect: 'vercel', severity: 'error', flagged: 'L' },
    { field: 'dayOfMonth', text: 'L', dialect: 'qstash', severity: 'warning', flagged: 'L' },
    { field: 'dayOfMonth', text: 'L-31', severity: 'error', flagged: 'L-31' },
    { field: 'dayOfMonth', text: '32W', severity: 'error', flagged: '32W' },
    { field: 'dayOfMonth', text: '15W', dialect: 'standard', severity: 'error', flagged: '15W' },
    { field: 'dayOfMonth', text: '15W', dialect: 'trigger', severity: 'warning', flagged: '15W' },
    { field: 'dayOfWeek', text: 'L', severity: 'error', flagged: 'L', message: /5L/ },
    { field: 'dayOfWeek', text: '5#6', severity: 'error', flagged: '5#6' },
    { field: 'dayOfWeek', text: '5#0', severity: 'error', flagged: '5#0' },
    { field: 'dayOfWeek', text: '1,5#2', dialect: 'vercel', start: 4, severity: 'error', flagged: '5#2' },
    { field: 'minute', text: 'H', dialect: 'vercel', severity: 'error', flagged: 'H' },
    { field: 'minute', text: 'H', dialect: 'vercel-schedules', severity: 'warning', flagged: 'H' },
  ];
  for (const c of cases) {
    const dialect = c.dialect ?? 'node-cron';
    it(`${c.field} ${JSON.stringify(c.text)} on ${dialect}: ${c.severity} on "${c.flagged}"`, () => {
      const start = c.start ?? 0;
      const line = ' '.repeat(start) + c.text;
      const { problems } = parse(c.field, c.text, dialect, start);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      const problem = problems[0]!;
      assert.equal(problem.severity, c.severity);
      assert.equal(line.slice(problem.span.start, problem.span.end), c.flagged);
      if (c.message) assert.match(problem.message, c.message);
    });
  }

  it('reports every bad item of a list, each at its own offset', () => {
    const text = '1,61,5,99';
    const { problems } = parse('minute', text, 'vercel', 7);
    assert.deepEqual(
      problems.map((p) => [p.span.start - 7, p.span.end - 7]),
      [
        [2, 4],
        [7, 9],
      ],
    );
  });

  it('marks a seven in day of week, on every dialect', () => {
    for (const dialect of ['vercel', 'node-cron', 'standard'] as const) {
      assert.equal(parse('dayOfWeek', '7', dialect).result.usesSeven, true, dialect);
      assert.equal(parse('dayOfWeek', '0', dialect).result.usesSeven, false, dialect);
    }
  });

  it('keeps its own text and span', () => {
    const { result } = parse('hour', '9-17', 'vercel', 5);
    assert.equal(result.name, 'hour');
    assert.equal(result.text, '9-17');
    assert.deepEqual(result.span, { start: 5, end: 9 });
  });
});
