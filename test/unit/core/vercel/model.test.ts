import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Span } from '../../../../src/core/types';
import { documentOffsetInString, documentSpanInString, parseVercelJson, stringValue } from '../../../../src/core/vercel/model';

const at = (text: string, span: Span | undefined) => (span ? text.slice(span.start, span.end) : undefined);

const PRETTY = `{
  "$schema": "https://openapi.vercel.sh/vercel.json",
  "crons": [
    { "path": "/api/cron/cleanup", "schedule": "0 3 * * *" },
    {
      "schedule": "*/15 * * * *",
      "path": "/api/cron/sync"
    }
  ],
  "functions": {
    "app/api/cron/**/*": { "maxDuration": 300, "memory": 1024 },
    "app/api/heavy/route.ts": {}
  },
  "schedules": {
    "digest": { "schedule": "0 9 * * 1", "timezone": "Europe/Berlin", "path": "/api/digest", "requestMethod": "POST" },
    "fanout": { "schedule": "0 * * * *", "topic": "jobs" }
  },
  "fluid": true
}
`;

describe('parseVercelJson: a complete document', () => {
  const doc = parseVercelJson(PRETTY);

  it('keeps the text and reads it as strict JSON', () => {
    assert.equal(doc.text, PRETTY);
    assert.deepEqual(doc.strict, { comments: [], trailingCommas: [], errors: [] });
  });

  it('crons: entries in order, with spans of the entry, its values and its properties', () => {
    assert.equal(doc.crons.length, 2);
    const [first, second] = doc.crons;
    assert.equal(first!.index, 0);
    assert.equal(at(PRETTY, first!.span), '{ "path": "/api/cron/cleanup", "schedule": "0 3 * * *" }');
    assert.equal(at(PRETTY, first!.path?.span), '"/api/cron/cleanup"');
    assert.equal(at(PRETTY, first!.schedule?.span), '"0 3 * * *"');
    assert.equal(stringValue(first!.schedule), '0 3 * * *');
    assert.deepEqual(
      first!.properties.map((p) => [p.key, at(PRETTY, p.keySpan), at(PRETTY, p.span)]),
      [
        ['path', '"path"', '"path": "/api/cron/cleanup"'],
        ['schedule', '"schedule"', '"schedule": "0 3 * * *"'],
      ],
    );
    assert.equal(second!.index, 1);
    assert.equal(at(PRETTY, second!.span), '{\n      "schedule": "*/15 * * * *",\n      "path": "/api/cron/sync"\n    }');
    assert.equal(stringValue(second!.path), '/api/cron/sync');
    assert.equal(at(PRETTY, doc.cronsNode && { start: doc.cronsNode.offset, end: doc.cronsNode.offset + doc.cronsNode.length })?.[0], '[');
  });

  it('functions: pattern, key span, property span and the settings', () => {
    assert.deepEqual(
      doc.functions.map((f) => [f.pattern, at(PRETTY, f.keySpan), at(PRETTY, f.span), f.maxDuration?.node.value, f.memory?.node.value]),
      [
        ['app/api/cron/**/*', '"app/api/cron/**/*"', '"app/api/cron/**/*": { "maxDuration": 300, "memory": 1024 }', 300, 1024],
        ['app/api/heavy/route.ts', '"app/api/heavy/route.ts"', '"app/api/heavy/route.ts": {}', undefined, undefined],
      ],
    );
  });

  it('schedules: name, target, zone and method', () => {
    const [digest, fanout] = doc.schedules;
    assert.equal(digest!.name, 'digest');
    assert.equal(at(PRETTY, digest!.nameSpan), '"digest"');
    assert.equal(digest!.target, 'path');
    assert.equal(digest!.requestMethod, 'POST');
    assert.equal(at(PRETTY, digest!.timezone?.span), '"Europe/Berlin"');
    assert.equal(at(PRETTY, digest!.schedule?.span), '"0 9 * * 1"');
    assert.equal(at(PRETTY, digest!.path?.span), '"/api/digest"');
    assert.equal(fanout!.target, 'topic');
    assert.equal(fanout!.timezone, undefined);
    assert.equal(fanout!.requestMethod, undefined);
  });

  it('fluid: a boolean, or undefined for anything else', () => {
    assert.equal(doc.fluid, true);
    assert.equal(parseVercelJson('{ "fluid": false }').fluid, false);
    assert.equal(parseVercelJson('{ "fluid": "yes" }').fluid, undefined);
    assert.equal(parseVercelJson('{}').fluid, undefined);
  });
});

describe('parseVercelJson: shapes that are not a crons list', () => {
  const cases: [string, string][] = [
    ['empty object', '{}'],
    ['crons is an object', '{ "crons": { "path": "/a", "schedule": "0 3 * * *" } }'],
    ['crons is a string', '{ "crons": "0 3 * * *" }'],
    ['root is an array', '[{ "path": "/a", "schedule": "0 3 * * *" }]'],
    ['root is null', 'null'],
    ['nested crons', '{ "build": { "crons": [{ "path": "/a", "schedule": "0 3 * * *" }] } }'],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const doc = parseVercelJson(text);
      assert.deepEqual(doc.crons, []);
      assert.deepEqual(doc.schedules, []);
      assert.deepEqual(doc.functions, []);
    });
  }

  it('entries that are not objects are kept with their index, without path or schedule', () => {
    const text = '{ "crons": [ "0 3 * * *", 4, { "path": "/a" } ] }';
    const doc = parseVercelJson(text);
    assert.deepEqual(
      doc.crons.map((c) => [c.index, at(text, c.span), c.path === undefined, c.schedule === undefined]),
      [
        [0, '"0 3 * * *"', true, true],
        [1, '4', true, true],
        [2, '{ "path": "/a" }', false, true],
      ],
    );
  });

  it(
    'a repeated key counts as the last one, as JSON.parse (and Vercel) read it',
    () => {
      const text = '{ "crons": [{ "path": "/old", "schedule": "0 3 * * *" }], "crons": [{ "path": "/new", "schedule": "0 4 * * *" }] }';
      assert.deepEqual(
        parseVercelJson(text).crons.map((c) => stringValue(c.path)),
        ['/new'],
      );
    },
  );
});

describe('parseVercelJson: half-typed text', () => {
  it('an unterminated schedule string still yields the entry and its value', () => {
    const text = '{ "crons": [ { "path": "/api/a", "schedule": "0 3 * *';
    const doc = parseVercelJson(text);
    assert.equal(doc.crons.length, 1);
    assert.equal(stringValue(doc.crons[0]!.path), '/api/a');
    assert.equal(stringValue(doc.crons[0]!.schedule), '0 3 * *');
    assert.equal(at(text, doc.crons[0]!.schedule?.span), '"0 3 * *');
    assert.ok(doc.strict.errors.length > 0);
    assert.ok(doc.strict.errors.some((e) => e.message === 'UnexpectedEndOfString'));
  });

  it('a key being typed is a property without a value', () => {
    const text = '{ "crons": [ { "path": "/api/a", "sched';
    const entry = parseVercelJson(text).crons[0]!;
    assert.deepEqual(
      entry.properties.map((p) => p.key),
      ['path', 'sched'],
    );
    assert.equal(entry.schedule, undefined);
  });

  it('an entry after an unclosed one', () => {
    const text = '{ "crons": [ { "path": "/a", }, { "schedule": "1 2 * * *"';
    const doc = parseVercelJson(text);
    assert.deepEqual(
      doc.crons.map((c) => [stringValue(c.path), stringValue(c.schedule)]),
      [
        ['/a', undefined],
        [undefined, '1 2 * * *'],
      ],
    );
    assert.deepEqual(
      doc.strict.trailingCommas.map((s) => at(text, s)),
      [','],
    );
    assert.equal(doc.strict.trailingCommas[0]!.start, text.indexOf(', }'));
  });

  it('syntax errors are reported with a span and a name', () => {
    const text = '{ "crons": [ { "path": "/a" "schedule": "0 3 * * *" } ] }';
    const { errors } = parseVercelJson(text).strict;
    assert.deepEqual(
      errors.map((e) => [e.message, at(text, e.span)]),
      [['CommaExpected', '"schedule"']],
    );
  });
});

describe('parseVercelJson: comments and trailing commas', () => {
  it('records each, in order, with exact spans, and still reads the crons', () => {
    const text = '{\n  // jobs\n  "crons": [\n    /* nightly */ { "path": "/a", "schedule": "0 3 * * *", },\n  ],\n}\n';
    const doc = parseVercelJson(text);
    assert.deepEqual(
      doc.strict.comments.map((s) => at(text, s)),
      ['// jobs', '/* nightly */'],
    );
    assert.deepEqual(
      doc.strict.trailingCommas.map((s) => s.start),
      [text.indexOf('", }') + 1, text.indexOf('},\n  ]') + 1, text.indexOf('],\n}') + 1],
    );
    assert.ok(doc.strict.trailingCommas.every((s) => at(text, s) === ','));
    assert.deepEqual(doc.strict.errors, []);
    assert.equal(stringValue(doc.crons[0]!.schedule), '0 3 * * *');
  });

  it('a comma followed by a comment and then the bracket is still trailing', () => {
    const text = '{ "crons": [ { "path": "/a", "schedule": "0 3 * * *" }, /* more soon */ ] }';
    const doc = parseVercelJson(text);
    assert.deepEqual(
      doc.strict.trailingCommas.map((s) => s.start),
      [text.indexOf('}, /*') + 1],
    );
  });

  it('comment-like text inside strings is not a comment', () => {
    const text = '{ "crons": [ { "path": "/api/a?next=//b/*c*/", "schedule": "0 3 * * *" } ] }';
    assert.deepEqual(parseVercelJson(text).strict, { comments: [], trailingCommas: [], errors: [] });
  });

  it('commas between values are not trailing', () => {
    const text = '{ "crons": [ { "path": "/a", "schedule": "0 3 * * *" }, { "path": "/b", "schedule": "0 4 * * *" } ], "fluid": true }';
    assert.deepEqual(parseVercelJson(text).strict.trailingCommas, []);
  });
});

describe('documentOffsetInString / documentSpanInString: escapes', () => {
  /** The node of the only cron's schedule. */
  function scheduleNode(raw: string) {
    const text = `{ "crons": [ { "schedule": ${raw} } ] }`;
    const node = parseVercelJson(text).crons[0]!.schedule!.node;
    return { text, node };
  }

  it('"\\u0030 3 * * *": decoded offset 1 is after the six-character escape', () => {
    const { text, node } = scheduleNode('"\\u0030 3 * * *"');
    assert.equal(node.value, '0 3 * * *');
    assert.equal(documentOffsetInString(text, node, 0), node.offset + 1);
    assert.equal(documentOffsetInString(text, node, 1), node.offset + 7);
    assert.equal(documentOffsetInString(text, node, 2), node.offset + 8);
    assert.equal(at(text, documentSpanInString(text, node, { start: 0, end: 3 })), '\\u0030 3');
    assert.equal(at(text, documentSpanInString(text, node, { start: 2, end: 9 })), '3 * * *');
  });

  it('two-character escapes and plain text mix', () => {
    const { text, node } = scheduleNode('"0\\t3 * * \\u004d\\u004fN"');
    assert.equal(node.value, '0\t3 * * MON');
    assert.equal(at(text, documentSpanInString(text, node, { start: 8, end: 11 })), '\\u004d\\u004fN');
    assert.equal(at(text, documentSpanInString(text, node, { start: 1, end: 2 })), '\\t');
  });

  it('an escaped quote and backslash', () => {
    const { text, node } = scheduleNode('"a\\"b\\\\c"');
    assert.equal(node.value, 'a"b\\c');
    assert.equal(at(text, documentSpanInString(text, node, { start: 1, end: 2 })), '\\"');
    assert.equal(at(text, documentSpanInString(text, node, { start: 4, end: 5 })), 'c');
  });

  it('a surrogate pair, escaped or not, is two code units', () => {
    const escaped = scheduleNode('"\\uD83D\\uDE00 x"');
    assert.equal(at(escaped.text, documentSpanInString(escaped.text, escaped.node, { start: 0, end: 2 })), '\\uD83D\\uDE00');
    assert.equal(at(escaped.text, documentSpanInString(escaped.text, escaped.node, { start: 3, end: 4 })), 'x');
    const literal = scheduleNode('"😀 x"');
    assert.equal(at(literal.text, documentSpanInString(literal.text, literal.node, { start: 0, end: 2 })), '😀');
    assert.equal(at(literal.text, documentSpanInString(literal.text, literal.node, { start: 3, end: 4 })), 'x');
  });

  it('offsets past the value stop before the closing quote', () => {
    const { text, node } = scheduleNode('"0 3 * * *"');
    assert.equal(documentOffsetInString(text, node, 99), node.offset + node.length - 1);
  });

  it(
    'in an unterminated string the last characters are reachable too',
    () => {
      const text = '{ "crons": [ { "path": "/a", "schedule": "0 3 * * MON';
      const node = parseVercelJson(text).crons[0]!.schedule!.node;
      assert.equal(at(text, documentSpanInString(text, node, { start: 8, end: 11 })), 'MON');
    },
  );
});

describe('parseVercelJson: line ends and offsets', () => {
  it('CRLF text keeps UTF-16 offsets', () => {
    const text = '{\r\n  "crons": [\r\n    { "path": "/api/é😀", "schedule": "0 3 * * *" }\r\n  ]\r\n}\r\n';
    const entry = parseVercelJson(text).crons[0]!;
    assert.equal(at(text, entry.path?.span), '"/api/é😀"');
    assert.equal(entry.schedule!.span.start, text.indexOf('"0 3 * * *"'));
  });
});

describe('parseVercelJson: schedules in both shapes', () => {
  const ARRAY = `{
  "schedules": [
    { "name": "digest", "schedule": "0 9 * * 1", "timezone": "Europe/Berlin", "jitter": 5, "path": "/api/digest", "requestMethod": "GET" },
    "not an entry",
    { "schedule": "0 * * * *", "function": "api/x", "service": "w" },
    { "name": "two", "schedule": "0 * * * *", "topic": "t", "entrypoint": "e.ts" }
  ]
}`;
  const doc = parseVercelJson(ARRAY);

  it('the array: object entries with their index, name, values and targets', () => {
    assert.equal(doc.schedulesShape, 'array');
    assert.deepEqual(
      doc.schedules.map((e) => [e.index, e.name, at(ARRAY, e.nameSpan)!.slice(0, 12), e.targets, e.target, e.requestMethod, e.jitter?.node.value, at(ARRAY, e.service?.span)]),
      [
        [0, 'digest', '"digest"', ['path'], 'path', 'GET', 5, undefined],
        [2, undefined, '{ "schedule"', ['function'], 'function', undefined, undefined, '"w"'],
        [3, 'two', '"two"', ['topic', 'entrypoint'], undefined, undefined, undefined, undefined],
      ],
    );
    assert.equal(at(ARRAY, doc.schedules[1]!.function?.span), '"api/x"');
  });

  it('the object keyed by name: the key is the name', () => {
    assert.equal(parseVercelJson(PRETTY).schedulesShape, 'object');
    assert.equal(parseVercelJson('{ "schedules": 3 }').schedulesShape, undefined);
    assert.deepEqual(parseVercelJson('{ "schedules": { "a": "x", "b": { "topic": "t" } } }').schedules.map((e) => [e.index, e.name]), [[1, 'b']]);
  });
});

