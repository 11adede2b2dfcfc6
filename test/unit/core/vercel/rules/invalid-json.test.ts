import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidJsonRule } from '../../../../../src/core/vercel/rules/invalid-json';
import { applyJsonFix, checkConfig, checkJson, flagged, jsonFindingsOf, summary } from '../../../support/ruleHarness';

describe('json-syntax: strict JSON passes', () => {
  const valid = [
    '{}',
    '{ "crons": [] }',
    '{\n  "$schema": "https://openapi.vercel.sh/vercel.json",\n  "crons": [{ "path": "/api/cron/a", "schedule": "0 3 * * *" }]\n}\n',
    // comment-like text inside strings is text
    '{ "crons": [{ "path": "/api/cron/a?x=//y", "schedule": "0 3 * * *" }], "note": "/* not a comment */" }',
    '{ "crons": [{ "path": "/api/cron/a", "schedule": "0 3 * * *" }] }\r\n',
  ];
  for (const text of valid) {
    it(JSON.stringify(text), () => assert.deepEqual(summary(text, jsonFindingsOf('invalid-json', text)), []));
  }
});

interface Case {
  name: string;
  text: string;
  /** Flagged text of each invalid-json finding, in document order. */
  flagged: string[];
  /** The document after the comments-and-commas fix; null: no fix offered. */
  fixed: string | null;
}

describe('json-syntax: comments and trailing commas', () => {
  const cases: Case[] = [
    {
      name: 'a line comment alone on its line goes with its line',
      text: '{\n  // nightly jobs\n  "crons": []\n}\n',
      flagged: ['// nightly jobs'],
      fixed: '{\n  "crons": []\n}\n',
    },
    {
      name: 'a comment after a value goes with the spaces before it',
      text: '{\n  "crons": [] // none yet\n}\n',
      flagged: ['// none yet'],
      fixed: '{\n  "crons": []\n}\n',
    },
    {
      name: 'a block comment between key and value',
      text: '{ "crons": /* soon */ [] }',
      flagged: ['/* soon */'],
      fixed: '{ "crons": [] }',
    },
    {
      name: 'a block comment over several lines',
      text: '{\n  /* jobs\n     run in UTC */\n  "crons": []\n}',
      flagged: ['/* jobs\n     run in UTC */'],
      fixed: '{\n  "crons": []\n}',
    },
    {
      name: 'trailing commas in arrays and objects',
      text: '{\n  "crons": [\n    { "path": "/api/a", "schedule": "0 3 * * *", },\n  ],\n}\n',
      flagged: [',', ',', ','],
      fixed: '{\n  "crons": [\n    { "path": "/api/a", "schedule": "0 3 * * *" }\n  ]\n}\n',
    },
    {
      name: 'a trailing comma followed by a comment',
      text: '{\n  "crons": [\n    { "path": "/api/a", "schedule": "0 3 * * *" }, // nightly\n  ],\n}\n',
      flagged: [',', '// nightly', ','],
      fixed: '{\n  "crons": [\n    { "path": "/api/a", "schedule": "0 3 * * *" }\n  ]\n}\n',
    },
    {
      name: 'all together',
      text: '{\n  // jobs\n  "crons": [\n    { "path": "/api/a", "schedule": "0 3 * * *" }, // nightly\n  ],\n}\n',
      flagged: ['// jobs', ',', '// nightly', ','],
      fixed: '{\n  "crons": [\n    { "path": "/api/a", "schedule": "0 3 * * *" }\n  ]\n}\n',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const findings = jsonFindingsOf('invalid-json', c.text);
      assert.deepEqual(
        findings.map((f) => flagged(c.text, f)),
        c.flagged,
      );
      assert.ok(findings.every((f) => f.severity === 'error'));
      const fix = findings[0]!.fixes[0];
      assert.ok(fix, 'a fix is offered');
      assert.equal(fix.safe, true);
      assert.match(fix.title, /comments and trailing commas/);
      // Every finding offers the same whole-document fix, so applying any one fixes all.
      for (const f of findings) assert.deepEqual(f.fixes, findings[0]!.fixes);
      const fixed = applyJsonFix(c.text, fix);
      assert.equal(fixed, c.fixed);
      assert.deepEqual(JSON.parse(fixed), JSON.parse(c.fixed!), 'strict JSON after the fix');
      assert.deepEqual(jsonFindingsOf('invalid-json', fixed), [], 'nothing left to fix');
    });
  }

  it(
    'a comment alone on a CRLF line goes with its line too',
    () => {
      const text = '{\r\n  // jobs\r\n  "crons": []\r\n}\r\n';
      const fix = jsonFindingsOf('invalid-json', text)[0]!.fixes[0]!;
      assert.equal(applyJsonFix(text, fix), '{\r\n  "crons": []\r\n}\r\n');
    },
  );
});

describe('json-syntax: syntax errors', () => {
  const cases: [string, string, string][] = [
    ['a missing comma', '{ "crons": [{ "path": "/api/a" "schedule": "0 3 * * *" }] }', '"schedule"'],
    ['a doubled comma', '{ "crons": [], , "fluid": true }', ','],
    ['a single-quoted string', "{ 'crons': [] }", "'crons'"],
  ];
  for (const [name, text, first] of cases) {
    it(`${name}: an error finding, no fix`, () => {
      const findings = jsonFindingsOf('invalid-json', text);
      assert.ok(findings.length > 0, 'reported');
      assert.equal(flagged(text, findings[0]!), first);
      assert.ok(findings.every((f) => f.severity === 'error'));
      assert.ok(findings.filter((f) => f.fixes.length === 0).length > 0, 'syntax errors have no fix');
      assert.match(findings.find((f) => f.fixes.length === 0)!.message, /not valid JSON/);
    });
  }

  it('a half-typed document still yields its crons to the other rules', () => {
    const text = '{ "crons": [ { "path": "/api/a", "schedule": "0 0 * * MON" },';
    const codes = checkJson(text).map((f) => f.code);
    assert.ok(codes.includes('invalid-json'));
    assert.ok(codes.includes('invalid-schedule'), 'the schedule is still checked');
  });

  it('an empty file is invalid JSON', () => {
    const findings = jsonFindingsOf('invalid-json', '');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'error');
  });

  it(
    'an error at the end of the document lies inside the document',
    {
    },
    () => {
      for (const text of ['{"crons": [', '{', '', '  ']) {
        for (const f of jsonFindingsOf('invalid-json', text))
          assert.ok(f.span.end <= text.length, `${JSON.stringify(text)}: ${JSON.stringify(f.span)}`);
      }
    },
  );
});

describe('json-syntax: an unterminated comment at the very end', () => {
  it(
    'its span and the fix stay inside the document, and the fix applies',
    {
    },
    () => {
      const text = '{ "crons": [] } /*';
      const findings = jsonFindingsOf('invalid-json', text);
      for (const f of findings) assert.ok(f.span.end <= text.length, JSON.stringify(f.span));
      const fix = findings.find((f) => f.fixes.length > 0)!.fixes[0]!;
      assert.equal(applyJsonFix(text, fix), '{ "crons": [] }');
    },
  );

  it(
    'nodes left open by it do not reach past the end either',
    {
    },
    () => {
      const text = '{ "crons": [ { "path": "/a", "x": 1 /*';
      for (const f of checkJson(text)) {
        assert.ok(f.span.end <= text.length, `${f.code} ${JSON.stringify(f.span)} (length ${text.length})`);
        for (const fix of f.fixes)
          for (const e of fix.edits) assert.ok(e.offset + e.length <= text.length, `${f.code} edit ${JSON.stringify(e)}`);
      }
    },
  );

  it('a "/*" alone on the last line is removed with its line', () => {
    const text = '{ "crons": [] }\n/*';
    const fix = jsonFindingsOf('invalid-json', text).find((f) => f.fixes.length > 0)!.fixes[0]!;
    assert.equal(applyJsonFix(text, fix), '{ "crons": [] }\n');
  });
});

describe('json-syntax: rule module', () => {
  it('reports only invalid-json and reads only the text', () => {
    assert.deepEqual(invalidJsonRule.codes, ['invalid-json']);
    assert.equal(invalidJsonRule.scope, 'file');
  });
});

describe('invalid-json: vercel.toml and vercel.ts too large to read', () => {
  it('nesting past the bound and consts that expand past it each say why nothing is checked, naming the file', () => {
    const cases: [name: string, text: string, message: RegExp][] = [
      ['vercel.toml', `${'a.'.repeat(600)}b = 1\n`, /^vercel\.toml is nested more than 512 levels deep, so it is not read: nothing in it is checked\./],
      ['vercel.mts', 'const a = [...a, ...a];\nexport default { crons: a };\n', /^vercel\.mts expands to more than 10000 values, so it is not read: .*Write each entry once\.$/],
    ];
    for (const [name, text, message] of cases) {
      const findings = checkConfig(name, text).filter((f) => f.code === 'invalid-json');
      assert.equal(findings.length, 1, name);
      assert.equal(findings[0]!.severity, 'error');
      assert.match(findings[0]!.message, message);
    }
  });
});
